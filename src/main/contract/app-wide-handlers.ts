import type { AuditRepo } from '../db/audit-repo';
import type { AccountRegistry } from '../services/account-registry';
import { auditCsv } from '../services/exports';
import type { SettingsService } from '../services/settings-service';
import type { Handlers } from './dispatch';

type Channels =
  | 'accounts:list'
  | 'accounts:add'
  | 'accounts:set-key'
  | 'accounts:remove'
  | 'accounts:switch'
  | 'settings:get'
  | 'settings:update'
  | 'audit:list'
  | 'audit:export-csv';

export interface AppWideHandlerDeps {
  accounts: AccountRegistry;
  settings: SettingsService;
  audit: AuditRepo;
  now: () => Date;
}

/** Channels about the app rather than one account: accounts, settings and the audit log. */
export function appWideHandlers(deps: AppWideHandlerDeps): Pick<Handlers, Channels> {
  return {
    'accounts:list': () => Promise.resolve(deps.accounts.list()),
    'accounts:add': (request) => deps.accounts.add(request),
    'accounts:set-key': ({ accountId, apiKey }) => deps.accounts.setKey(accountId, apiKey),
    'accounts:remove': ({ accountId }) => deps.accounts.remove(accountId),
    'accounts:switch': ({ accountId }) => deps.accounts.switchTo(accountId),
    'settings:get': () => Promise.resolve(deps.settings.get()),
    'settings:update': (patch) => Promise.resolve(deps.settings.update(patch)),
    'audit:list': ({ limit, beforeId, accountId }) => {
      const size = limit ?? 200;
      const entries = deps.audit.list({
        limit: size,
        ...(beforeId ? { beforeId } : {}),
        ...(accountId ? { accountId } : {}),
      });
      return Promise.resolve({
        entries,
        nextBeforeId: entries.length === size ? (entries.at(-1)?.id ?? null) : null,
      });
    },
    'audit:export-csv': ({ accountId }) =>
      Promise.resolve(auditCsv(deps.audit.all(accountId), deps.now())),
  };
}
