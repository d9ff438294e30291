import { createStore } from 'zustand/vanilla';
import type { MailHistoryEntry } from '../../shared/mail-check';
import { selectorHook } from './store-kit';

/** The shell's own dialogs, opened by a command (the menu, `?`) as well as by a click. */
export type AppDialog = 'shortcuts' | 'help' | 'checked-message';

/** A message opened with the app whose sender's domain is not one of the account's. */
export interface CheckedElsewhere {
  entry: MailHistoryEntry;
  fileName: string;
}

interface AppDialogs {
  open: AppDialog | null;
  checked: CheckedElsewhere | null;
}

const dialogStore = createStore<AppDialogs>()(() => ({ open: null, checked: null }));

export const useAppDialog = selectorHook(dialogStore);
export const appDialogs = {
  show: (dialog: Exclude<AppDialog, 'checked-message'>) => dialogStore.setState({ open: dialog }),
  /** The verdicts of a message from elsewhere: no domain's page can show them. */
  showChecked: (checked: CheckedElsewhere) =>
    dialogStore.setState({ open: 'checked-message', checked }),
  close: () => dialogStore.setState({ open: null, checked: null }),
  current: (): AppDialog | null => dialogStore.getState().open,
};
