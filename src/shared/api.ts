import type { Channel, EventName, EventPayload, RequestOf, ResponseOf } from './contract';
import type { Result } from './errors';

type Call<C extends Channel> =
  Record<never, never> extends RequestOf<C>
    ? (request?: RequestOf<C>) => Promise<Result<ResponseOf<C>>>
    : (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;

/**
 * What the renderer sees as `window.kyrios`: one method per contract channel, one subscription per
 * event, each returning an unsubscribe function. Never a generic invoke.
 */
export interface KyriosApi {
  getAppInfo: Call<'app:info'>;
  clearClipboardLater: Call<'clipboard:clear-later'>;
  listDomains: Call<'domains:list'>;
  addDomain: Call<'domains:add'>;
  checkDns: Call<'dns:check'>;
  getLatestCheck: Call<'dns:latest'>;
  getCheckHistory: Call<'dns:history'>;
  getCheckRun: Call<'dns:run'>;
  getAccount: Call<'account:get'>;
  verifyDomain: Call<'domains:verify'>;
  deleteDomain: Call<'domains:delete'>;
  listSmtpUsers: Call<'smtp:list'>;
  createSmtpUser: Call<'smtp:create'>;
  resetSmtpPassword: Call<'smtp:reset-password'>;
  deleteSmtpUser: Call<'smtp:delete'>;
  setSmtpUserNote: Call<'smtp:set-note'>;
  getUsage: Call<'usage:get'>;
  getLimitGuard: Call<'guard:get'>;
  exportUsageCsv: Call<'usage:export-csv'>;
  listRevoked: Call<'revocation:list'>;
  recreateSmtpUser: Call<'smtp:recreate'>;
  getMonitorStatus: Call<'monitor:status'>;
  runMonitor: Call<'monitor:run'>;
  listMonitorAlerts: Call<'monitor:alerts'>;
  getDnsTimeline: Call<'dns:timeline'>;
  checkIp: Call<'ip:check'>;
  getLatestIpCheck: Call<'ip:latest'>;
  getConnection: Call<'connection:get'>;
  checkMessage: Call<'mail:check-message'>;
  uploadMessage: Call<'mail:check-upload'>;
  sendTestMessage: Call<'mail:test-send'>;
  getMailHistory: Call<'mail:history'>;
  listAccounts: Call<'accounts:list'>;
  addAccount: Call<'accounts:add'>;
  setAccountKey: Call<'accounts:set-key'>;
  removeAccount: Call<'accounts:remove'>;
  switchAccount: Call<'accounts:switch'>;
  getSettings: Call<'settings:get'>;
  updateSettings: Call<'settings:update'>;
  listAudit: Call<'audit:list'>;
  exportAuditCsv: Call<'audit:export-csv'>;
  onDomainsChanged(listener: (event: EventPayload<'domains:changed'>) => void): () => void;
  onDnsChecked(listener: (event: EventPayload<'dns:checked'>) => void): () => void;
  onSmtpChanged(listener: (event: EventPayload<'smtp:changed'>) => void): () => void;
  onConnectionChanged(listener: (event: EventPayload<'connection:changed'>) => void): () => void;
  onLimitGuardChanged(listener: (event: EventPayload<'guard:changed'>) => void): () => void;
  onLimitWarning(listener: (event: EventPayload<'guard:warning'>) => void): () => void;
  onRevocation(listener: (event: EventPayload<'revocation:detected'>) => void): () => void;
  onMonitorAlert(listener: (event: EventPayload<'monitor:alert'>) => void): () => void;
  onMonitorFinished(listener: (event: EventPayload<'monitor:finished'>) => void): () => void;
  onIpChecked(listener: (event: EventPayload<'ip:checked'>) => void): () => void;
  onAccountsChanged(listener: (event: EventPayload<'accounts:changed'>) => void): () => void;
  onSettingsChanged(listener: (event: EventPayload<'settings:changed'>) => void): () => void;
  onNotification(listener: (event: EventPayload<'notification:show'>) => void): () => void;
  /**
   * Desktop only: commands from the application menu, the tray, notification clicks and files
   * opened with the app. Browser mode has none of these (its shortcuts are the page's own), so
   * there it is absent. Subscribe when the page starts, before it renders: commands that wait
   * for the window (a file opened at launch) are sent once it has loaded.
   */
  onAppCommand?(listener: (event: EventPayload<'app:command'>) => void): () => void;
}

/** Which channel each call method uses; both transports and their tests read it. */
export const API_CALLS = {
  getAppInfo: 'app:info',
  clearClipboardLater: 'clipboard:clear-later',
  listDomains: 'domains:list',
  addDomain: 'domains:add',
  checkDns: 'dns:check',
  getLatestCheck: 'dns:latest',
  getCheckHistory: 'dns:history',
  getCheckRun: 'dns:run',
  getAccount: 'account:get',
  verifyDomain: 'domains:verify',
  deleteDomain: 'domains:delete',
  listSmtpUsers: 'smtp:list',
  createSmtpUser: 'smtp:create',
  resetSmtpPassword: 'smtp:reset-password',
  deleteSmtpUser: 'smtp:delete',
  setSmtpUserNote: 'smtp:set-note',
  getUsage: 'usage:get',
  getLimitGuard: 'guard:get',
  exportUsageCsv: 'usage:export-csv',
  listRevoked: 'revocation:list',
  recreateSmtpUser: 'smtp:recreate',
  getMonitorStatus: 'monitor:status',
  runMonitor: 'monitor:run',
  listMonitorAlerts: 'monitor:alerts',
  getDnsTimeline: 'dns:timeline',
  checkIp: 'ip:check',
  getLatestIpCheck: 'ip:latest',
  getConnection: 'connection:get',
  checkMessage: 'mail:check-message',
  uploadMessage: 'mail:check-upload',
  sendTestMessage: 'mail:test-send',
  getMailHistory: 'mail:history',
  listAccounts: 'accounts:list',
  addAccount: 'accounts:add',
  setAccountKey: 'accounts:set-key',
  removeAccount: 'accounts:remove',
  switchAccount: 'accounts:switch',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  listAudit: 'audit:list',
  exportAuditCsv: 'audit:export-csv',
} as const satisfies Record<string, Channel>;

/** Which event each subscription method listens to. */
export const API_SUBSCRIPTIONS = {
  onDomainsChanged: 'domains:changed',
  onDnsChecked: 'dns:checked',
  onSmtpChanged: 'smtp:changed',
  onConnectionChanged: 'connection:changed',
  onLimitGuardChanged: 'guard:changed',
  onLimitWarning: 'guard:warning',
  onRevocation: 'revocation:detected',
  onMonitorAlert: 'monitor:alert',
  onMonitorFinished: 'monitor:finished',
  onIpChecked: 'ip:checked',
  onAccountsChanged: 'accounts:changed',
  onSettingsChanged: 'settings:changed',
  onNotification: 'notification:show',
} as const satisfies Record<string, EventName>;

/** The subscriptions only the desktop app has (see `onAppCommand`). */
export const API_DESKTOP_SUBSCRIPTIONS = {
  onAppCommand: 'app:command',
} as const satisfies Record<string, EventName>;
