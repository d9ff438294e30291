import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KyriosApi } from '../../shared/api';
import { checkCounts } from '../../shared/check-counts';
import type { CheckRunSummary, LatestRun, StoredCheck } from '../../shared/contract';
import type { DomainCheckResult } from '../../shared/dns-check';
import type { AppError } from '../../shared/errors';
import { api } from '../shell/api';
import { accountScoped, actionsOf, selectorHook } from '../shell/store-kit';
import { laterRun, newerThan, shownCheck, type ShownCheck } from './selectors';

export interface DomainChecks {
  latest: StoredCheck | null;
  /**
   * `checking` while a check runs (the previous result stays on screen meanwhile); `loading` while
   * the stored check is read, the first time or because a newer run is known.
   */
  status: 'idle' | 'loading' | 'checking' | 'ready';
  error: AppError | null;
  /**
   * The newest run whose check was loaded because its summary was newer (once per run: a store
   * answering with an older check is said, not asked again and again).
   */
  followedRun?: number;
  /** The run whose check, newer than every summary known, made the summaries be read again. */
  resummarisedRun?: number;
}

export interface CheckHistory {
  runs: CheckRunSummary[];
  status: 'idle' | 'loading' | 'ready';
  error: AppError | null;
}

export interface CheckRun {
  result: DomainCheckResult | null;
  status: 'loading' | 'ready';
  error: AppError | null;
}

export interface ChecksState {
  /**
   * The newest check of every domain, in short, whichever action made it (Verify Now, Check DNS,
   * monitoring): what the domain list shows.
   */
  latestRuns: Record<string, LatestRun>;
  /** The newest check of the domains on screen, in full: what their page shows. */
  byDomain: Record<string, DomainChecks>;
  history: Record<string, CheckHistory>;
  runs: Record<number, CheckRun>;
  /**
   * The stored result; `force` refetches one already loaded (a check ran elsewhere). Resolves once
   * it is in the store, also when another caller's load was already on its way.
   */
  loadLatest: (domainId: string, force?: boolean) => Promise<void>;
  /** Local diagnostics only (no Kyrios call): works offline. */
  check: (domainId: string) => Promise<void>;
  /** "Verify Now" runs the check in main; this marks it running, then stores what came back. */
  begin: (domainId: string) => void;
  settle: (domainId: string, check: StoredCheck | null, error?: AppError) => void;
  loadHistory: (domainId: string) => Promise<void>;
  loadRun: (runId: number) => Promise<void>;
  loadLatestRuns: () => Promise<void>;
  /** A `dns:checked` push: a check was stored (by monitoring, or in another window). */
  checked: (run: LatestRun) => void;
}

const EMPTY: DomainChecks = { latest: null, status: 'idle', error: null };
const NO_HISTORY: CheckHistory = { runs: [], status: 'idle', error: null };

export function createChecksStore(
  api: Pick<
    KyriosApi,
    'checkDns' | 'getLatestCheck' | 'getCheckHistory' | 'getCheckRun' | 'getLatestRuns'
  >,
): StoreApi<ChecksState> {
  return createStore<ChecksState>()((set, get) => {
    const loading = new Map<string, Promise<void>>();
    const patch = (domainId: string, change: Partial<DomainChecks>) =>
      set((s) => ({
        byDomain: { ...s.byDomain, [domainId]: { ...(s.byDomain[domainId] ?? EMPTY), ...change } },
      }));
    const patchHistory = (domainId: string, change: Partial<CheckHistory>) =>
      set((s) => ({
        history: {
          ...s.history,
          [domainId]: { ...(s.history[domainId] ?? NO_HISTORY), ...change },
        },
      }));

    /** Keeps a run as the domain's newest unless a newer one is already known. */
    const noteRun = (run: LatestRun) =>
      set((s) => {
        const known = s.latestRuns[run.domainId];
        if (known && laterRun(known, run)) return s;
        return { latestRuns: { ...s.latestRuns, [run.domainId]: run } };
      });

    /**
     * The domain's page shows its newest run's full check: when a newer run's summary is known (a
     * push, a reload of the summaries, a check that settled after monitoring's), load its check.
     */
    const follow = (domainId: string) => {
      const full = get().byDomain[domainId];
      const newest = get().latestRuns[domainId] ?? null;
      if (!full || full.status === 'checking' || !newest || !newerThan(newest, full.latest)) return;
      // A load already on its way may have started before this run was stored: look again after.
      const pending = loading.get(domainId);
      if (pending) {
        void pending.then(() => follow(domainId));
        return;
      }
      if (full.followedRun === newest.id) return;
      patch(domainId, { followedRun: newest.id });
      void get().loadLatest(domainId, true);
    };

    return {
      latestRuns: {},
      byDomain: {},
      history: {},
      runs: {},

      loadLatest(domainId, force = false) {
        // A load already on its way: callers that need the result (an export) wait for it.
        const pending = loading.get(domainId);
        if (pending && !force) return pending;
        const known = get().byDomain[domainId];
        if (known && (!force || known.status === 'checking')) return Promise.resolve();
        patch(domainId, { status: 'loading' });
        const load = (async () => {
          const result = await api.getLatestCheck({ domainId });
          if (get().byDomain[domainId]?.status === 'checking') return;
          patch(
            domainId,
            result.ok
              ? { latest: result.value, status: 'ready', error: null }
              : { status: 'ready', error: result.error },
          );
          // A run stored without its summary reaching this window (the summaries were read before
          // it): read them again, once per run, so the header and the list say the same.
          const loaded = result.ok ? result.value : null;
          const known = get().latestRuns[domainId];
          if (
            loaded &&
            get().byDomain[domainId]?.resummarisedRun !== loaded.runId &&
            (!known || laterRun({ id: loaded.runId, checkedAt: loaded.checkedAt }, known))
          ) {
            patch(domainId, { resummarisedRun: loaded.runId });
            void get().loadLatestRuns();
          }
        })().finally(() => {
          if (loading.get(domainId) === load) loading.delete(domainId);
        });
        loading.set(domainId, load);
        return load;
      },

      async check(domainId) {
        get().begin(domainId);
        const result = await api.checkDns({ domainId });
        if (result.ok) get().settle(domainId, result.value);
        else get().settle(domainId, null, result.error);
      },

      begin(domainId) {
        patch(domainId, { status: 'checking', error: null });
      },

      settle(domainId, check, error) {
        const previous = get().byDomain[domainId]?.latest ?? null;
        patch(domainId, { latest: check ?? previous, status: 'ready', error: error ?? null });
        if (!check) return;
        noteRun({
          domainId,
          id: check.runId,
          checkedAt: check.checkedAt,
          status: check.status,
          trigger: 'manual',
          ...checkCounts(check.records),
        });
        follow(domainId);
        // A new run joins the history: refresh it if it is on screen.
        if (get().history[domainId]) void get().loadHistory(domainId);
      },

      async loadLatestRuns() {
        const result = await api.getLatestRuns();
        if (!result.ok) return;
        for (const run of result.value.runs) {
          noteRun(run);
          follow(run.domainId);
        }
      },

      checked(run) {
        const known = get().latestRuns[run.domainId]?.id === run.id;
        noteRun(run);
        if (known) return;
        // The domain's page is open (its full check is loaded): it shows the new one.
        follow(run.domainId);
        if (get().history[run.domainId]) void get().loadHistory(run.domainId);
      },

      async loadHistory(domainId) {
        if (!get().history[domainId]) patchHistory(domainId, { status: 'loading' });
        const result = await api.getCheckHistory({ domainId, limit: 50 });
        patchHistory(
          domainId,
          result.ok
            ? { runs: result.value.runs, status: 'ready', error: null }
            : { status: 'ready', error: result.error },
        );
      },

      async loadRun(runId) {
        if (get().runs[runId]?.result) return;
        set((s) => ({
          runs: { ...s.runs, [runId]: { result: null, status: 'loading', error: null } },
        }));
        const result = await api.getCheckRun({ runId });
        set((s) => ({
          runs: {
            ...s.runs,
            [runId]: result.ok
              ? { result: result.value, status: 'ready', error: null }
              : { result: null, status: 'ready', error: result.error },
          },
        }));
      },
    };
  });
}

export const NO_CHECKS = EMPTY;
export const NO_CHECK_HISTORY = NO_HISTORY;

const checksStore = accountScoped(createChecksStore(api));
const useChecks = selectorHook(checksStore);
export const useDomainChecks = (domainId: string): DomainChecks =>
  useChecks((s) => s.byDomain[domainId] ?? EMPTY);
export const useCheckHistory = (domainId: string): CheckHistory =>
  useChecks((s) => s.history[domainId] ?? NO_HISTORY);
export const useLatestRuns = (): Record<string, LatestRun> => useChecks((s) => s.latestRuns);
export const useLatestRun = (domainId: string): LatestRun | null =>
  useChecks((s) => s.latestRuns[domainId] ?? null);
/** The full check the domain's page shows, never older than its newest run: see `shownCheck`. */
export const useShownCheck = (domainId: string): ShownCheck =>
  shownCheck(useDomainChecks(domainId), useLatestRun(domainId));
export const useCheckRun = (runId: number | null): CheckRun | null =>
  useChecks((s) => (runId === null ? null : (s.runs[runId] ?? null)));
/** The last check of a domain once `loadLatest` has loaded it, outside React. */
export const latestCheckOf = (domainId: string): StoredCheck | null =>
  checksStore.getState().byDomain[domainId]?.latest ?? null;
export const checksActions = actionsOf(checksStore);
