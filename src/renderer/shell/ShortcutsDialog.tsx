import { SHORTCUTS } from '../../shared/shortcuts';
import { Dialog } from '../ui/Dialog';
import { appDialogs, useAppDialog } from './app-dialogs';
import { pagePlatform, shortcutKeys, usesCommandKey } from './shortcuts';

/** What each shortcut does where it needs saying. */
const NOTES: Partial<
  Record<(typeof SHORTCUTS)[number]['command'], { desktop: string; browser: string }>
> = {
  'add-domain': {
    desktop: '',
    browser: 'Most browsers keep this for a new window; the Add Domain button always works.',
  },
  'verify-open-domain': {
    desktop: 'On the open domain.',
    browser: 'On the open domain; with none open, the browser reloads the page.',
  },
  'copy-all-records': {
    desktop: 'Of the open domain.',
    browser: 'Of the open domain; with none open, the browser keeps the keys.',
  },
};

/** The keyboard shortcuts, from the table the desktop menu uses too; opened by `?`. */
export function ShortcutsDialog({ desktop }: { desktop: boolean }) {
  const open = useAppDialog((s) => s.open === 'shortcuts');
  const mac = usesCommandKey(pagePlatform());
  return (
    <Dialog
      open={open}
      title="Keyboard shortcuts"
      onClose={appDialogs.close}
      description={
        desktop
          ? 'The same as in the menus.'
          : 'In this browser window, as in the desktop app where the browser lets the page have the keys.'
      }
    >
      <table className="table shortcuts-table">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Keys</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((shortcut) => {
            const note = NOTES[shortcut.command]?.[desktop ? 'desktop' : 'browser'];
            return (
              <tr key={shortcut.command}>
                <th scope="row">
                  {shortcut.label}
                  {note ? <span className="shortcut-note muted small">{note}</span> : null}
                </th>
                <td>
                  <kbd>{shortcutKeys(shortcut, mac)}</kbd>
                </td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">This list</th>
            <td>
              <kbd>?</kbd>
            </td>
          </tr>
        </tbody>
      </table>
      <div className="dialog-actions">
        {/* Browser mode has no Help menu: this is its way to the help. */}
        <button type="button" className="button" onClick={() => appDialogs.show('help')}>
          Kyrios Desk Help
        </button>
        <button type="button" className="button button-primary" onClick={appDialogs.close}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
