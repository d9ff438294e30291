import { describe, expect, it } from 'vitest';
import {
  createNavStore,
  parseRoute,
  routeHash,
  syncWithLocation,
  type Route,
} from '../../../../src/renderer/shell/nav-store';

describe('routes in the address hash', () => {
  it.each<[string, Route]>([
    ['', { page: 'domains', domainId: null }],
    ['#/', { page: 'domains', domainId: null }],
    ['#main', { page: 'domains', domainId: null }],
    ['#/domains/d1', { page: 'domains', domainId: 'd1' }],
    ['#/domains/d%2F1/smtp', { page: 'smtp', domainId: 'd/1' }],
    ['#/domains/%E0%A4%A/smtp', { page: 'smtp', domainId: '%E0%A4%A' }],
    ['#/monitoring', { page: 'monitoring' }],
    ['#/audit', { page: 'audit' }],
    ['#/accounts', { page: 'accounts' }],
    ['#/settings', { page: 'settings' }],
    ['#/settings/extra', { page: 'domains', domainId: null }],
    ['#/unknown', { page: 'domains', domainId: null }],
  ])('%s → %j', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips', () => {
    for (const route of [
      { page: 'domains', domainId: null },
      { page: 'domains', domainId: 'a b' },
      { page: 'smtp', domainId: 'd/1' },
      { page: 'monitoring' },
      { page: 'audit' },
      { page: 'accounts' },
      { page: 'settings' },
    ] as Route[]) {
      expect(parseRoute(routeHash(route))).toEqual(route);
    }
  });
});

/** Just enough of a window: a hash, a history that moves it, and its two events. */
function fakeWindow(hash = '') {
  const listeners = new Map<string, Set<() => void>>();
  const pushed: string[] = [];
  const win = {
    location: { hash },
    history: {
      state: null,
      pushState: (_state: unknown, _title: string, url: string) => {
        pushed.push(url);
        win.location.hash = url;
      },
    },
    addEventListener: (type: string, listener: () => void) => {
      listeners.set(type, (listeners.get(type) ?? new Set()).add(listener));
    },
    removeEventListener: (type: string, listener: () => void) =>
      listeners.get(type)?.delete(listener),
    /** The user pressed back, or edited the address. */
    navigate(to: string) {
      win.location.hash = to;
      listeners.get('hashchange')?.forEach((l) => l());
    },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
  return { win, pushed };
}

describe('nav store and the location', () => {
  it('starts on the screen of the address, pushes a history entry per change, and follows back', () => {
    const store = createNavStore();
    const { win, pushed } = fakeWindow('#/domains/d1');
    const stop = syncWithLocation(store, win as unknown as Window);
    expect(store.getState().route).toEqual({ page: 'domains', domainId: 'd1' });
    store.getState().go({ page: 'smtp', domainId: 'd1' });
    store.getState().go({ page: 'smtp', domainId: 'd1' });
    expect(pushed).toEqual(['#/domains/d1/smtp']);
    win.navigate('#/domains/d1');
    expect(store.getState().route).toEqual({ page: 'domains', domainId: 'd1' });
    // Coming from the address, no new entry is pushed.
    expect(pushed).toEqual(['#/domains/d1/smtp']);
    stop();
    expect(win.listenerCount()).toBe(0);
  });

  it('remembers which domain’s deletion is being confirmed', () => {
    const store = createNavStore();
    store.getState().confirmDelete('d2');
    expect(store.getState().deletingDomainId).toBe('d2');
    store.getState().confirmDelete(null);
    expect(store.getState().deletingDomainId).toBeNull();
  });

  it('remembers the domain last opened across other screens, until the list is asked for alone', () => {
    const store = createNavStore();
    store.getState().go({ page: 'domains', domainId: 'd1' });
    store.getState().go({ page: 'smtp', domainId: 'd2' });
    store.getState().go({ page: 'monitoring' });
    store.getState().go({ page: 'settings' });
    expect(store.getState().lastDomainId).toBe('d2');
    store.getState().go({ page: 'domains', domainId: null });
    expect(store.getState().lastDomainId).toBeNull();
    expect(createNavStore({ page: 'domains', domainId: 'd9' }).getState().lastDomainId).toBe('d9');
  });
});
