import * as Menu from '@radix-ui/react-dropdown-menu';
import { useId, useLayoutEffect, useRef, useState } from 'react';
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

/** How the ⋯ button was first reached: what the menu does once it is there. */
type Armed = 'hover' | 'focus' | 'open';

/**
 * The ⋯ menu of a domain. Each row of the domain list has one, and a Radix menu costs about as
 * much to mount as the rest of the row (its providers, its document listeners): rows mount on
 * every keystroke that changes the list's filter. So the row starts with a plain button that looks
 * and reads the same (`aria-haspopup`, `aria-expanded`), and the menu is made the moment the button
 * is pointed at, focused or pressed. Focus stays on the button through the swap; a press opens
 * the menu at once, as Radix's trigger does on pointerdown.
 */
export function DomainActionsMenu({ domain }: { domain: Domain }) {
  const [armed, setArmed] = useState<Armed | null>(null);
  if (armed) return <ActionsMenu domain={domain} armed={armed} />;
  return (
    <button
      type="button"
      className="icon-button actions-button"
      aria-label={actionsLabel(domain)}
      aria-haspopup="menu"
      aria-expanded="false"
      data-state="closed"
      onPointerEnter={() => setArmed('hover')}
      onFocus={() => setArmed('focus')}
      onPointerDown={(event) => {
        // As Radix's trigger: the main button, without Ctrl (which is a right click on macOS).
        if (event.button === 0 && !event.ctrlKey) setArmed('open');
      }}
      // A click with no pointer before it (assistive technology, a synthetic click).
      onClick={() => setArmed('open')}
    >
      <span aria-hidden="true">⋯</span>
    </button>
  );
}

/**
 * The menu itself. Non-modal: Radix's modal mode injects a <style> element that the Content
 * Security Policy refuses. A disabled item stays focusable (aria-disabled) so keyboard and screen
 * reader users reach the reason too.
 */
function ActionsMenu({ domain, armed }: { domain: Domain; armed: Armed }) {
  const verifying = useIsVerifying(domain.id);
  const reason = smtpUnavailableReason(domain);
  const reasonId = useId();
  const offlineId = useId();
  const offline = useServiceBlock();
  const leaving = useRef(false);
  const trigger = useRef<HTMLButtonElement>(null);
  // The plain button had focus and was replaced: its successor takes it, before the next paint.
  useLayoutEffect(() => {
    if (armed === 'focus') trigger.current?.focus();
    // Only as the menu is made.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // Shown once, under the first item it blocks; every blocked item points at it.
  const offlineNote = offline ? (
    <span id={offlineId} className="menu-reason" aria-hidden="true">
      {offline}
    </span>
  ) : null;

  return (
    <Menu.Root modal={false} defaultOpen={armed === 'open'}>
      <Menu.Trigger asChild>
        <button
          ref={trigger}
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
