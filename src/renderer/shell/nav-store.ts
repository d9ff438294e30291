import { createStore, type StoreApi } from 'zustand/vanilla';
import { selectorHook } from './store-kit';

/**
 * Where the user is: the domains page (optionally with one domain open), a domain's SMTP
 * Settings, or one of the app's own screens. Kept in the address's hash, so a reload, the back
 * button and a bookmark land on the same screen in the Electron window and in the browser alike.
 */
export type Route =
  | { page: 'domains'; domainId: string | null }
  | { page: 'smtp'; domainId: string }
  | { page: AppPage };

/** Screens of the app itself, each at `#/<page>`. */
export const APP_PAGES = ['monitoring', 'audit', 'accounts', 'settings'] as const;
export type AppPage = (typeof APP_PAGES)[number];

const isAppPage = (part: string | undefined): part is AppPage =>
  (APP_PAGES as readonly (string | undefined)[]).includes(part);

/** The domain a route is about, if any. */
export const routeDomainId = (route: Route): string | null =>
  'domainId' in route ? route.domainId : null;

export interface NavState {
  route: Route;
  /** The domain whose "Delete domain" confirmation is open; null when none is. */
  deletingDomainId: string | null;
  /** Whether the Add Domain dialog is open (its button, or the menu's or a shortcut's command). */
  addingDomain: boolean;
  /**
   * The domain last opened (its page or its SMTP Settings): coming back to "Dedicated Domain And
   * IP" from another screen opens it again. Null once the list was asked for without one.
   */
  lastDomainId: string | null;
  go: (route: Route) => void;
  confirmDelete: (domainId: string | null) => void;
  setAddingDomain: (open: boolean) => void;
}

export const HOME: Route = { page: 'domains', domainId: null };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(safeDecode);
  if (isAppPage(parts[0]) && parts.length === 1) return { page: parts[0] };
  if (parts[0] !== 'domains' || !parts[1]) return HOME;
  if (parts[2] === 'smtp') return { page: 'smtp', domainId: parts[1] };
  return { page: 'domains', domainId: parts[1] };
}

export function routeHash(route: Route): string {
  if (!('domainId' in route)) return `#/${route.page}`;
  if (route.domainId === null) return '#/';
  const id = encodeURIComponent(route.domainId);
  return route.page === 'smtp' ? `#/domains/${id}/smtp` : `#/domains/${id}`;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export const sameRoute = (a: Route, b: Route): boolean =>
  a.page === b.page && routeDomainId(a) === routeDomainId(b);

export function createNavStore(initial: Route = HOME): StoreApi<NavState> {
  return createStore<NavState>()((set, get) => ({
    route: initial,
    deletingDomainId: null,
    addingDomain: false,
    lastDomainId: routeDomainId(initial),
    go(route) {
      if (sameRoute(route, get().route)) return;
      const domainId = routeDomainId(route);
      const chose = 'domainId' in route;
      set({
        route,
        ...(chose ? { lastDomainId: domainId } : {}),
        // The dialog belongs to the domains page: leaving it (the back button) closes it.
        ...(route.page === 'domains' ? {} : { addingDomain: false }),
      });
    },
    confirmDelete(domainId) {
      set({ deletingDomainId: domainId });
    },
    setAddingDomain(open) {
      set({ addingDomain: open });
    },
  }));
}

/** Keeps the store and the address's hash in step: pushes a history entry per page change. */
export function syncWithLocation(
  store: StoreApi<NavState>,
  win: Pick<Window, 'location' | 'history' | 'addEventListener' | 'removeEventListener'>,
): () => void {
  const fromHash = () => store.getState().go(parseRoute(win.location.hash));
  fromHash();
  const stop = store.subscribe((state, previous) => {
    if (sameRoute(state.route, previous.route)) return;
    const hash = routeHash(state.route);
    if (win.location.hash === hash || (hash === '#/' && win.location.hash === '')) return;
    win.history.pushState(win.history.state, '', hash);
  });
  win.addEventListener('hashchange', fromHash);
  win.addEventListener('popstate', fromHash);
  return () => {
    stop();
    win.removeEventListener('hashchange', fromHash);
    win.removeEventListener('popstate', fromHash);
  };
}

const navStore = createNavStore();
export const useNav = selectorHook(navStore);
/** The address of "Dedicated Domain And IP": the domain last opened, if any. */
export const useDomainsHome = (): string =>
  useNav((s) => routeHash({ page: 'domains', domainId: s.lastDomainId }));

export const navActions = {
  go: (route: Route) => navStore.getState().go(route),
  home: () => navStore.getState().go(HOME),
  openDomain: (domainId: string | null) => navStore.getState().go({ page: 'domains', domainId }),
  openSmtp: (domainId: string) => navStore.getState().go({ page: 'smtp', domainId }),
  confirmDelete: (domainId: string | null) => navStore.getState().confirmDelete(domainId),
  /** Add Domain: on the domains page, whatever screen was open (the domain stays open). */
  addDomain: () => {
    const { lastDomainId, go, setAddingDomain } = navStore.getState();
    go({ page: 'domains', domainId: lastDomainId });
    setAddingDomain(true);
  },
  closeAddDomain: () => navStore.getState().setAddingDomain(false),
  current: (): Route => navStore.getState().route,
};

/** Keeps the screen in the address's hash. */
export const connectLocation = (): (() => void) => syncWithLocation(navStore, window);
