import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { AppNotification } from '../../shared/contract';

/**
 * In-app alerts: browser mode's notifications when the page may not show its own (permission not
 * granted). They stay until dismissed; a critical one is read out at once.
 */
const alertsStore = createStore<{ alerts: AppNotification[] }>()(() => ({ alerts: [] }));

/** At most this many stay on screen; the oldest go first. */
const MAX_ALERTS = 4;

export function showAlert(notification: AppNotification): void {
  alertsStore.setState((s) => ({
    alerts: [...s.alerts.filter((a) => a.id !== notification.id), notification].slice(-MAX_ALERTS),
  }));
}

export function dismissAlert(id: string): void {
  alertsStore.setState((s) => ({ alerts: s.alerts.filter((a) => a.id !== id) }));
}

export const useAlerts = () => useStore(alertsStore, (s) => s.alerts);

/** The alerts now, outside React. */
export const currentAlerts = (): readonly AppNotification[] => alertsStore.getState().alerts;
