import type { DomainCheckResult } from '../../shared/dns-check';
import type { Domain } from '../../shared/domain';
import type { Result } from '../../shared/errors';
import { copyText } from '../ui/clipboard';
import { saveTextFile } from '../ui/download';
import { recordsAsText, zoneFileFor, zoneFileName } from './records-text';
import { checksActions, latestCheckOf } from './checks-store';
import { domainsActions, isVerifying } from './domains-store';
import { kyriosAccountActions } from '../shell/kyrios-account-store';
import { navActions } from '../shell/nav-store';
import { routeDomainId } from '../shell/nav-store';
import { showToast } from '../ui/toast-store';
import { verifyOutcome } from './selectors';

/**
 * What the ⋯ menu and the domain page do, in one place so both say the same thing. Each flow ends
 * in a toast, the download dialog or list, or (a failed delete) a message in the dialog still
 * open: the user is never left guessing whether something happened.
 */

/** "Verify Now": the service verifies while the app diagnoses locally; both land on screen. */
export async function verifyDomain(domain: Domain): Promise<void> {
  // One run at a time: the menu and the page both start it.
  if (isVerifying(domain.id)) return;
  checksActions.begin(domain.id);
  const result = await domainsActions.verify(domain.id);
  if (!result.ok) {
    checksActions.settle(domain.id, null, result.error);
    showToast('error', `Could not verify ${domain.name}: ${result.error.message}`);
    return;
  }
  const { domain: updated, check } = result.value;
  checksActions.settle(domain.id, check);
  const outcome = verifyOutcome(updated, check);
  showToast(outcome.kind, outcome.text);
  if (updated.status === 'verified') void kyriosAccountActions.load();
}

/**
 * The domain's last check, fetched when not on screen yet (the ⋯ menu works from the list): the
 * merged SPF record to publish comes from it, and without it the generated SPF record would be
 * copied, a second SPF record once published.
 */
async function checkForRecords(domain: Domain): Promise<DomainCheckResult | null> {
  await checksActions.loadLatest(domain.id);
  return latestCheckOf(domain.id);
}

export async function copyRecords(domain: Domain): Promise<boolean> {
  const check = await checkForRecords(domain);
  return copyText(recordsAsText(domain, check), `DNS records of ${domain.name}`);
}

/**
 * The browser (or Electron's save dialog) takes the file from here and the page is not told
 * whether it was kept: so no "Saved" toast, which a cancelled dialog would make a lie. The
 * download itself (the browser's download list, the dialog) is what the user sees.
 */
export async function exportZoneFile(domain: Domain): Promise<void> {
  const check = await checkForRecords(domain);
  saveTextFile(zoneFileName(domain), zoneFileFor(domain, check), 'text/dns');
}

export function requestDelete(domain: Domain): void {
  navActions.confirmDelete(domain.id);
}

/**
 * Deletes after the confirmation. A refusal is returned, not toasted: the confirmation dialog is
 * still open (a toast would sit behind it), so the dialog says it.
 */
export async function deleteDomain(domain: Domain): Promise<Result<unknown>> {
  const result = await domainsActions.remove(domain.id);
  if (!result.ok) return result;
  if (routeDomainId(navActions.current()) === domain.id) navActions.openDomain(null);
  showToast('success', `${domain.name} deleted.`);
  return result;
}

export function openSmtpSettings(domain: Domain): void {
  navActions.openSmtp(domain.id);
}
