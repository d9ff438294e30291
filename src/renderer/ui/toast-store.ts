import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  text: string;
}

interface ToastState {
  toasts: Toast[];
  /**
   * The open modal dialogs that show toasts, the topmost last. A modal makes the page behind it
   * inert and covers it, so toasts there could be neither seen nor heard: the topmost dialog
   * shows them instead of the page.
   */
  hosts: string[];
}

const toastStore = createStore<ToastState>()(() => ({ toasts: [], hosts: [] }));
let nextId = 1;

/** A short confirmation in the corner, read out by screen readers; gone after a few seconds. */
export function showToast(kind: Toast['kind'], text: string, ms = 6000): void {
  const id = nextId++;
  toastStore.setState((s) => ({ toasts: [...s.toasts, { id, kind, text }] }));
  setTimeout(() => dismissToast(id), ms);
}

export function dismissToast(id: number): void {
  toastStore.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

/** A modal dialog shows the toasts while it is open; returns the function that gives them back. */
export function hostToasts(host: string): () => void {
  toastStore.setState((s) => ({ hosts: [...s.hosts.filter((h) => h !== host), host] }));
  return () => toastStore.setState((s) => ({ hosts: s.hosts.filter((h) => h !== host) }));
}

const topHost = (s: ToastState) => s.hosts.at(-1) ?? null;

export const useToasts = () => useStore(toastStore, (s) => s.toasts);
/** The dialog showing the toasts now; null for the page itself. */
export const useToastHost = () => useStore(toastStore, topHost);
export const toastHost = () => topHost(toastStore.getState());
