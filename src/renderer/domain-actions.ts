import type { Domain } from '../shared/domain';
import { copyText } from './clipboard';
import { saveTextFile } from './download';
import { recordsAsText, zoneFileFor, zoneFileName } from './records-text';
import {
  accountActions,
  checksActions,
  domainsStoreActions,
  latestCheckOf,
  navActions,
} from './stores';
import { routeDomainId } from './stores/nav-store';
import { showToast } from './stores/toasts';

/**
 * What the ⋯ menu and the domain page do, in one place so both say the same thing. Each flow ends
 * in a toast: the user is never left guessing whether something happened.
 */

/** "Verify Now": the service verifies while the app diagnoses locally; both land on screen. */
export async function verifyDomain(domain: Domain): Promise<void> {
  checksActions.begin(domain.id);
  const result = await domainsStoreActions.verify(domain.id);
  if (!result.ok) {
    checksActions.settle(domain.id, null, result.error);
    showToast('error', `Could not verify ${domain.name}: ${result.error.message}`);
    return;
  }
  const { domain: updated, check } = result.value;
  checksActions.settle(domain.id, check);
  if (updated.status === 'verified') {
    showToast('success', `${updated.name} is verified. You can now create SMTP credentials.`);
    void accountActions.load();
  } else {
    const failing = check ? check.records.filter((r) => r.status === 'fail').length : 0;
    showToast(
      'error',
      `${updated.name} is not verified yet${failing ? `: ${failing} record${failing === 1 ? '' : 's'} to fix` : ''}. See the diagnostics.`,
    );
  }
}

export function copyRecords(domain: Domain): Promise<boolean> {
  return copyText(recordsAsText(domain, latestCheckOf(domain.id)), `DNS records of ${domain.name}`);
}

export function exportZoneFile(domain: Domain): void {
  saveTextFile(zoneFileName(domain), zoneFileFor(domain, latestCheckOf(domain.id)), 'text/dns');
  showToast('success', `Saved ${zoneFileName(domain)}.`, 3000);
}

export function requestDelete(domain: Domain): void {
  navActions.confirmDelete(domain.id);
}

export async function deleteDomain(domain: Domain): Promise<boolean> {
  const result = await domainsStoreActions.remove(domain.id);
  if (!result.ok) {
    showToast('error', `Could not delete ${domain.name}: ${result.error.message}`);
    return false;
  }
  const route = navActions.current();
  if (routeDomainId(route) === domain.id) navActions.openDomain(null);
  showToast('success', `${domain.name} deleted.`);
  return true;
}

export function openSmtpSettings(domain: Domain): void {
  navActions.openSmtp(domain.id);
}
