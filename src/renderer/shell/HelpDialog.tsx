import { useEffect, useState } from 'react';
import { Dialog } from '../ui/Dialog';
import { appDialogs, useAppDialog } from './app-dialogs';

/**
 * The README's user part (from "What it does" up to "Development"), as the README says it: the
 * same words offline, in the desktop app and in browser mode, with nothing to keep in step. Read
 * only when Help is opened, so the README is not in the window's first bundle.
 */
export function userPart(readme: string): string {
  const start = readme.indexOf('\n## What it does');
  const end = readme.indexOf('\n## Development');
  return readme.slice(start < 0 ? 0 : start + 1, end < 0 ? undefined : end).trim();
}

export function HelpDialog() {
  const open = useAppDialog((s) => s.open === 'help');
  const [text, setText] = useState<string | null>(null);

  useEffect(() => {
    if (!open || text !== null) return;
    void import('../../../README.md?raw').then((module) => setText(userPart(module.default)));
  }, [open, text]);

  return (
    <Dialog open={open} title="Kyrios Desk Help" size="wide" onClose={appDialogs.close}>
      {text === null ? (
        <p className="state" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the help…
        </p>
      ) : (
        // Focusable so it scrolls from the keyboard.
        <pre className="help-text" tabIndex={0} aria-label="The README’s user part">
          {text}
        </pre>
      )}
      <div className="dialog-actions">
        <button type="button" className="button button-primary" onClick={appDialogs.close}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
