import * as Menu from '@radix-ui/react-dropdown-menu';
import { useId, useRef } from 'react';
import type { Domain } from '../../shared/domain';
import {
  copyRecords,
  exportZoneFile,
  openSmtpSettings,
  requestDelete,
  verifyDomain,
} from './domain-actions';
import { useIsVerifying } from './domains-store';
import { useServiceBlock } from '../shell/connection';

export const actionsLabel = (domain: Pick<Domain, 'name'>) => `Actions for ${domain.name}`;

/** Why SMTP Settings is not available yet, or null once it is. */
export function smtpUnavailableReason(domain: Pick<Domain, 'status'>): string | null {
  if (domain.status === 'verified') return null;
  return domain.status === 'failed'
    ? 'Verification failed: fix the DNS records, then Verify Now.'
    : 'Available once the domain is verified.';
}

/**
 * The ⋯ menu of a domain. Non-modal: Radix's modal mode injects a <style> element that the
 * Content Security Policy refuses. A disabled item stays focusable (aria-disabled) so keyboard and
 * screen reader users reach the reason too.
 */
export function DomainActionsMenu({ domain }: { domain: Domain }) {
  const verifying = useIsVerifying(domain.id);
  const reason = smtpUnavailableReason(domain);
  const reasonId = useId();
  const offlineId = useId();
  const offline = useServiceBlock();
  const leaving = useRef(false);
  // Shown once, under the first item it blocks; every blocked item points at it.
  const offlineNote = offline ? (
    <span id={offlineId} className="menu-reason" aria-hidden="true">
      {offline}
    </span>
  ) : null;

  return (
    <Menu.Root modal={false}>
      <Menu.Trigger asChild>
        <button
          type="button"
          className="icon-button actions-button"
          aria-label={actionsLabel(domain)}
        >
          <span aria-hidden="true">⋯</span>
        </button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          className="menu"
          align="end"
          sideOffset={4}
          collisionPadding={8}
          // Arrow keys go round: down from the last item comes back to the first.
          loop
          aria-label={actionsLabel(domain)}
          onCloseAutoFocus={(event) => {
            // The next screen or dialog takes focus itself.
            if (leaving.current) event.preventDefault();
            leaving.current = false;
          }}
        >
          <Menu.Item
            className="menu-item"
            aria-disabled={reason ? true : undefined}
            aria-describedby={reason ? reasonId : undefined}
            onSelect={(event) => {
              if (reason) {
                event.preventDefault();
                return;
              }
              leaving.current = true;
              openSmtpSettings(domain);
            }}
          >
            <span>SMTP Settings</span>
            {reason ? (
              // Hidden from the name (which stays "SMTP Settings"), read as its description.
              <span id={reasonId} className="menu-reason" aria-hidden="true">
                {reason}
              </span>
            ) : null}
          </Menu.Item>
          <Menu.Item
            className="menu-item"
            aria-disabled={verifying || offline ? true : undefined}
            aria-describedby={offline ? offlineId : undefined}
            onSelect={(event) => {
              if (verifying || offline) event.preventDefault();
              else void verifyDomain(domain);
            }}
          >
            <span>{verifying ? 'Verifying…' : 'Verify Now'}</span>
            {offlineNote}
          </Menu.Item>
          <Menu.Item className="menu-item" onSelect={() => void copyRecords(domain)}>
            Copy DNS records
          </Menu.Item>
          <Menu.Item className="menu-item" onSelect={() => void exportZoneFile(domain)}>
            Export zone file
          </Menu.Item>
          <Menu.Separator className="menu-separator" />
          <Menu.Item
            className="menu-item menu-item-danger"
            aria-disabled={offline ? true : undefined}
            aria-describedby={offline ? offlineId : undefined}
            onSelect={(event) => {
              if (offline) {
                event.preventDefault();
                return;
              }
              leaving.current = true;
              requestDelete(domain);
            }}
          >
            Delete domain
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
