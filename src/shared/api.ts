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
  onDomainsChanged(listener: (event: EventPayload<'domains:changed'>) => void): () => void;
  onDnsChecked(listener: (event: EventPayload<'dns:checked'>) => void): () => void;
  onSmtpChanged(listener: (event: EventPayload<'smtp:changed'>) => void): () => void;
  onConnectionChanged(listener: (event: EventPayload<'connection:changed'>) => void): () => void;
}

/** Which channel each call method uses; both transports and their tests read it. */
export const API_CALLS = {
  getAppInfo: 'app:info',
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
} as const satisfies Record<string, Channel>;

/** Which event each subscription method listens to. */
export const API_SUBSCRIPTIONS = {
  onDomainsChanged: 'domains:changed',
  onDnsChecked: 'dns:checked',
  onSmtpChanged: 'smtp:changed',
  onConnectionChanged: 'connection:changed',
} as const satisfies Record<string, EventName>;
