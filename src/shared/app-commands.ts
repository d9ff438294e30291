import { z } from 'zod';
import { MailHistoryEntry } from './mail-check';

/**
 * What the desktop shell asks the window to do: an application menu item, a tray item, a click on
 * a notification, an `.eml` file opened with the app. They arrive as the `app:command` event;
 * actions the main process can take itself (Check all now) call their contract channel instead.
 */
export const AppCommand = z.discriminatedUnion('command', [
  /** Open the Add Domain dialog. */
  z.object({ command: z.literal('add-domain') }),
  /** "Verify Now" on the domain that is open, if one is. */
  z.object({ command: z.literal('verify-open-domain') }),
  /** Copy every record of the open domain. */
  z.object({ command: z.literal('copy-all-records') }),
  z.object({ command: z.literal('open-settings') }),
  /** The user part of the README. */
  z.object({ command: z.literal('open-help') }),
  /** The list of keyboard shortcuts. */
  z.object({ command: z.literal('show-shortcuts') }),
  /** A notification about this domain was clicked. */
  z.object({ command: z.literal('open-domain'), domainId: z.string().min(1) }),
  /**
   * A message file (.eml) was opened with the app: the main process reads and checks it (the
   * window never gets to read a file by its path), and says so at once, then with the outcome.
   */
  z.object({ command: z.literal('check-message'), path: z.string().min(1) }),
  /** That file's check, stored in the history of the domain it is from. */
  z.object({
    command: z.literal('message-checked'),
    path: z.string().min(1),
    entry: MailHistoryEntry,
  }),
  /** That file could not be checked: why, in words. */
  z.object({
    command: z.literal('message-check-failed'),
    path: z.string().min(1),
    message: z.string(),
  }),
]);
export type AppCommand = z.infer<typeof AppCommand>;
export type AppCommandName = AppCommand['command'];

// The shortcuts' table lives apart, free of zod: the renderer reads it without the schemas.
export { SHORTCUTS, type Shortcut } from './shortcuts';
