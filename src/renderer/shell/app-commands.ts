import type { AppCommand } from '../../shared/app-commands';
import type { Domain } from '../../shared/domain';
import { copyRecords, verifyDomain } from '../domains/domain-actions';
import { domainById } from '../domains/domains-store';
import { messageCheckActions } from '../domains/message-check-store';
import { showToast } from '../ui/toast-store';
import { appDialogs } from './app-dialogs';
import { serviceBlockNow } from './connection';
import { navActions, routeDomainId } from './nav-store';

/**
 * What the window does for each command of the desktop menu, the tray, a notification click or a
 * file opened with the app (`app:command`), and for browser mode's keyboard shortcuts: the same
 * navigation and store actions as the buttons, so both say the same thing.
 */

/** The domain whose page (or SMTP Settings) is open, when its data is loaded. */
export function openDomain(): Domain | null {
  const id = routeDomainId(navActions.current());
  return id ? domainById(id) : null;
}

/** Said when Verify Now or Copy All Records comes with no domain open. */
export const NO_OPEN_DOMAIN = (action: string): string =>
  `${action} works on the open domain: open one in Dedicated Domain And IP first.`;

const fileName = (path: string): string => path.split(/[\\/]/).pop() || path;

export async function runAppCommand(command: AppCommand): Promise<void> {
  switch (command.command) {
    case 'add-domain': {
      const blocked = serviceBlockNow();
      if (blocked) return showToast('error', blocked);
      appDialogs.close();
      return navActions.addDomain();
    }
    case 'verify-open-domain': {
      const domain = openDomain();
      if (!domain) return showToast('info', NO_OPEN_DOMAIN('Verify Now'));
      const blocked = serviceBlockNow();
      if (blocked) return showToast('error', blocked);
      return verifyDomain(domain);
    }
    case 'copy-all-records': {
      const domain = openDomain();
      if (!domain) return showToast('info', NO_OPEN_DOMAIN('Copy All Records'));
      await copyRecords(domain);
      return;
    }
    case 'open-settings':
      appDialogs.close();
      return navActions.go({ page: 'settings' });
    case 'open-help':
      return appDialogs.show('help');
    case 'show-shortcuts':
      return appDialogs.show('shortcuts');
    case 'open-domain':
      appDialogs.close();
      return navActions.openDomain(command.domainId);
    case 'check-message':
      // The main process reads and checks the file; its outcome follows as another command.
      return showToast('info', `Checking ${fileName(command.path)}…`);
    case 'message-checked': {
      const { entry } = command;
      messageCheckActions.showChecked(entry, fileName(command.path));
      if (entry.domainId) {
        appDialogs.close();
        navActions.openDomain(entry.domainId);
        return showToast(
          entry.status === 'pass' ? 'success' : 'info',
          `${fileName(command.path)} checked: its verdicts are under "Check a received message".`,
        );
      }
      return appDialogs.showChecked({ entry, fileName: fileName(command.path) });
    }
    case 'message-check-failed':
      return showToast('error', `${fileName(command.path)}: ${command.message}`, 12_000);
  }
}
