import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  text: string;
}

const toastStore = createStore<{ toasts: Toast[] }>()(() => ({ toasts: [] }));
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

export const useToasts = () => useStore(toastStore, (s) => s.toasts);
