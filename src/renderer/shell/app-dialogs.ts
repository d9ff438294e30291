import { createStore } from 'zustand/vanilla';
import { selectorHook } from './store-kit';

/** The shell's own dialogs, opened by a command (the menu, `?`) as well as by a click. */
export type AppDialog = 'shortcuts' | 'help';

const dialogStore = createStore<{ open: AppDialog | null }>()(() => ({ open: null }));

export const useAppDialog = selectorHook(dialogStore);
export const appDialogs = {
  show: (dialog: AppDialog) => dialogStore.setState({ open: dialog }),
  close: () => dialogStore.setState({ open: null }),
  current: (): AppDialog | null => dialogStore.getState().open,
};
