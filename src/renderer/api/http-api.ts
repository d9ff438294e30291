import { API_CALLS, API_SUBSCRIPTIONS, type KyriosApi } from '../../shared/api';
import type { Channel, EventName, EventPayload } from '../../shared/contract';
import type { Result } from '../../shared/errors';

const TOKEN_KEY = 'kyrios-desk-token';

/**
 * The session token arrives once in the address (`/?token=…`); it is kept for this tab only and
 * removed from the address bar, so it does not end up in history, bookmarks or screenshots.
 */
export function takeToken(location: Location, storage: Storage, history: History): string {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY) ?? '';
}

type Listener = (payload: unknown) => void;

/**
 * `window.kyrios` for browser mode: the same contract over the loopback HTTP binding, pushes over
 * server-sent events read with fetch (EventSource cannot send the token header).
 */
export function createHttpApi(
  token: string,
  fetchImpl: typeof fetch = fetch.bind(globalThis),
): KyriosApi {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  async function call<T>(channel: Channel, request: unknown): Promise<Result<T>> {
    let response: Response;
    try {
      response = await fetchImpl(`/api/${channel.replace(':', '/')}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(request ?? {}),
      });
    } catch {
      return disconnected();
    }
    try {
      return (await response.json()) as Result<T>;
    } catch {
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `Kyrios Desk answered ${response.status} without a result.`,
        },
      };
    }
  }

  const listeners = new Map<EventName, Set<Listener>>();
  let streaming = false;

  async function stream(): Promise<void> {
    let backoff = 500;
    for (;;) {
      try {
        const response = await fetchImpl('/api/events', {
          headers: { authorization: headers.authorization },
        });
        if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
        backoff = 500;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            deliver(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // Reconnect below: the server restarts with the app, or the machine slept.
      }
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, 10_000);
    }
  }

  function deliver(block: string): void {
    let name = '';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) name = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (!name || !data) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    listeners.get(name as EventName)?.forEach((listener) => listener(payload));
  }

  function subscribe<E extends EventName>(
    name: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void {
    const set = listeners.get(name) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(name, set);
    if (!streaming) {
      streaming = true;
      void stream();
    }
    return () => set.delete(listener as Listener);
  }

  return {
    getAppInfo: () => call(API_CALLS.getAppInfo, {}),
    clearClipboardLater: (request) => call(API_CALLS.clearClipboardLater, request),
    listDomains: () => call(API_CALLS.listDomains, {}),
    addDomain: (request) => call(API_CALLS.addDomain, request),
    checkDns: (request) => call(API_CALLS.checkDns, request),
    getLatestCheck: (request) => call(API_CALLS.getLatestCheck, request),
    getCheckHistory: (request) => call(API_CALLS.getCheckHistory, request),
    getCheckRun: (request) => call(API_CALLS.getCheckRun, request),
    getAccount: () => call(API_CALLS.getAccount, {}),
    verifyDomain: (request) => call(API_CALLS.verifyDomain, request),
    deleteDomain: (request) => call(API_CALLS.deleteDomain, request),
    listSmtpUsers: (request) => call(API_CALLS.listSmtpUsers, request),
    createSmtpUser: (request) => call(API_CALLS.createSmtpUser, request),
    resetSmtpPassword: (request) => call(API_CALLS.resetSmtpPassword, request),
    deleteSmtpUser: (request) => call(API_CALLS.deleteSmtpUser, request),
    setSmtpUserNote: (request) => call(API_CALLS.setSmtpUserNote, request),
    getUsage: (request) => call(API_CALLS.getUsage, request ?? {}),
    getLimitGuard: () => call(API_CALLS.getLimitGuard, {}),
    exportUsageCsv: (request) => call(API_CALLS.exportUsageCsv, request ?? {}),
    listRevoked: () => call(API_CALLS.listRevoked, {}),
    recreateSmtpUser: (request) => call(API_CALLS.recreateSmtpUser, request),
    getMonitorStatus: () => call(API_CALLS.getMonitorStatus, {}),
    runMonitor: () => call(API_CALLS.runMonitor, {}),
    listMonitorAlerts: (request) => call(API_CALLS.listMonitorAlerts, request ?? {}),
    getDnsTimeline: (request) => call(API_CALLS.getDnsTimeline, request),
    checkIp: () => call(API_CALLS.checkIp, {}),
    getLatestIpCheck: () => call(API_CALLS.getLatestIpCheck, {}),
    getConnection: () => call(API_CALLS.getConnection, {}),
    checkMessage: (request) => call(API_CALLS.checkMessage, request),
    uploadMessage: (request) => call(API_CALLS.uploadMessage, request),
    sendTestMessage: (request) => call(API_CALLS.sendTestMessage, request),
    getMailHistory: (request) => call(API_CALLS.getMailHistory, request ?? {}),
    listAccounts: () => call(API_CALLS.listAccounts, {}),
    addAccount: (request) => call(API_CALLS.addAccount, request),
    setAccountKey: (request) => call(API_CALLS.setAccountKey, request),
    removeAccount: (request) => call(API_CALLS.removeAccount, request),
    switchAccount: (request) => call(API_CALLS.switchAccount, request),
    getSettings: () => call(API_CALLS.getSettings, {}),
    updateSettings: (request) => call(API_CALLS.updateSettings, request ?? {}),
    listAudit: (request) => call(API_CALLS.listAudit, request ?? {}),
    exportAuditCsv: (request) => call(API_CALLS.exportAuditCsv, request ?? {}),
    onDomainsChanged: (listener) => subscribe(API_SUBSCRIPTIONS.onDomainsChanged, listener),
    onDnsChecked: (listener) => subscribe(API_SUBSCRIPTIONS.onDnsChecked, listener),
    onSmtpChanged: (listener) => subscribe(API_SUBSCRIPTIONS.onSmtpChanged, listener),
    onConnectionChanged: (listener) => subscribe(API_SUBSCRIPTIONS.onConnectionChanged, listener),
    onLimitGuardChanged: (listener) => subscribe(API_SUBSCRIPTIONS.onLimitGuardChanged, listener),
    onLimitWarning: (listener) => subscribe(API_SUBSCRIPTIONS.onLimitWarning, listener),
    onRevocation: (listener) => subscribe(API_SUBSCRIPTIONS.onRevocation, listener),
    onMonitorAlert: (listener) => subscribe(API_SUBSCRIPTIONS.onMonitorAlert, listener),
    onMonitorFinished: (listener) => subscribe(API_SUBSCRIPTIONS.onMonitorFinished, listener),
    onIpChecked: (listener) => subscribe(API_SUBSCRIPTIONS.onIpChecked, listener),
    onAccountsChanged: (listener) => subscribe(API_SUBSCRIPTIONS.onAccountsChanged, listener),
    onSettingsChanged: (listener) => subscribe(API_SUBSCRIPTIONS.onSettingsChanged, listener),
    onNotification: (listener) => subscribe(API_SUBSCRIPTIONS.onNotification, listener),
  };
}

function disconnected(): { ok: false; error: { code: 'disconnected'; message: string } } {
  return {
    ok: false,
    error: {
      code: 'disconnected',
      message: 'Lost contact with Kyrios Desk: is it still running? Start it again and reload.',
    },
  };
}
