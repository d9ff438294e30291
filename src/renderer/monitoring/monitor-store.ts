import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import type { AppError, Result } from '../../shared/errors';
import type {
  MonitorAlert,
  MonitorRunSummary,
  MonitorStatus,
  RecordChange,
} from '../../shared/monitor';
import { api } from '../shell/api';
import { accountScoped, actionsOf, selectorHook } from '../shell/store-kit';

export interface DomainTimeline {
  changes: RecordChange[];
  status: 'idle' | 'loading' | 'ready';
  error: AppError | null;
}

export interface MonitorState {
  status: MonitorStatus | null;
  /** Open alerts, newest first; with `showResolved`, the resolved ones too. */
  alerts: MonitorAlert[];
  showResolved: boolean;
  loadState: 'idle' | 'loading' | 'ready' | 'error';
  error: AppError | null;
  /** A "Check all now" started here is running. */
  running: boolean;
  timelines: Record<string, DomainTimeline>;
  load: () => Promise<void>;
  loadAlerts: () => Promise<void>;
  setShowResolved: (show: boolean) => Promise<void>;
  runNow: () => Promise<Result<MonitorRunSummary>>;
  loadTimeline: (domainId: string) => Promise<void>;
  /** A `monitor:alert` push: an alert opened or resolved. */
  alert: (alert: MonitorAlert) => void;
  /** A `monitor:finished` push. */
  finished: (summary: MonitorRunSummary) => void;
}

export const NO_TIMELINE: DomainTimeline = { changes: [], status: 'idle', error: null };

const newestFirst = (a: MonitorAlert, b: MonitorAlert) =>
  b.since.localeCompare(a.since) || b.id - a.id;

/** Monitoring: when it ran and runs next, the alerts it raised, and each domain's changes. */
export function createMonitorStore(
  api: Pick<KyriosApi, 'getMonitorStatus' | 'runMonitor' | 'listMonitorAlerts' | 'getDnsTimeline'>,
): StoreApi<MonitorState> {
  return createStore<MonitorState>()((set, get) => ({
    status: null,
    alerts: [],
    showResolved: false,
    loadState: 'idle',
    error: null,
    running: false,
    timelines: {},

    async load() {
      if (get().loadState !== 'ready') set({ loadState: 'loading' });
      const [status, alerts] = await Promise.all([
        api.getMonitorStatus(),
        api.listMonitorAlerts({ includeResolved: get().showResolved }),
      ]);
      const error = !status.ok ? status.error : !alerts.ok ? alerts.error : null;
      set({
        ...(status.ok ? { status: status.value } : {}),
        ...(alerts.ok ? { alerts: [...alerts.value.alerts].sort(newestFirst) } : {}),
        loadState: error && !get().status ? 'error' : 'ready',
        error,
      });
    },

    async loadAlerts() {
      const result = await api.listMonitorAlerts({ includeResolved: get().showResolved });
      if (result.ok) set({ alerts: [...result.value.alerts].sort(newestFirst), error: null });
      else set({ error: result.error });
    },

    async setShowResolved(showResolved) {
      set({ showResolved });
      await get().loadAlerts();
    },

    async runNow() {
      set({ running: true });
      const result = await api.runMonitor();
      set({ running: false });
      if (result.ok) get().finished(result.value);
      return result;
    },

    async loadTimeline(domainId) {
      set((s) => ({
        timelines: {
          ...s.timelines,
          [domainId]: { ...(s.timelines[domainId] ?? NO_TIMELINE), status: 'loading' },
        },
      }));
      const result = await api.getDnsTimeline({ domainId, limit: 100 });
      set((s) => ({
        timelines: {
          ...s.timelines,
          [domainId]: result.ok
            ? { changes: result.value.changes, status: 'ready', error: null }
            : { ...(s.timelines[domainId] ?? NO_TIMELINE), status: 'ready', error: result.error },
        },
      }));
    },

    alert(alert) {
      set((s) => {
        const others = s.alerts.filter((a) => a.id !== alert.id);
        const keep = alert.resolvedAt === null || s.showResolved;
        return { alerts: keep ? [...others, alert].sort(newestFirst) : others };
      });
    },

    finished(summary) {
      set((s) => ({
        status: s.status
          ? { ...s.status, lastRun: summary }
          : { intervalMinutes: 60, running: false, lastRun: summary, nextRunAt: null },
      }));
      // The next run's time and the changes are the service's to say.
      void api.getMonitorStatus().then((r) => {
        if (r.ok) set({ status: r.value });
      });
      for (const domainId of Object.keys(get().timelines)) void get().loadTimeline(domainId);
    },
  }));
}

const monitorStore = accountScoped(createMonitorStore(api));
export const useMonitor = selectorHook(monitorStore);
export const useTimeline = (domainId: string): DomainTimeline =>
  useMonitor((s) => s.timelines[domainId] ?? NO_TIMELINE);
export const monitorActions = actionsOf(monitorStore);
