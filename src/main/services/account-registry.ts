import { randomBytes } from 'node:crypto';
import type { AccountEntry, AccountsView, AppInfo, KeyStorage } from '../../shared/contract';
import { parseBaseUrl } from '../config';
import type { AccountRow, AccountsRepo } from '../db/accounts-repo';
import type { AuditInput, AuditRepo } from '../db/audit-repo';
import { createKyriosClient } from '../kyrios/client';
import { viaKyrios } from './domains-service';
import type { EventBus } from './event-bus';
import type { SecretStore } from './secret-store';
import { ServiceError } from './service-error';

export const SANDBOX_ID = 'sandbox';
export const SANDBOX_LABEL = 'Embedded sandbox';

const FROM_ENVIRONMENT: KeyStorage = {
  storage: 'environment',
  note: 'From KYRIOS_API_KEY in the environment; never written by Kyrios Desk.',
};

export interface AccountRegistryDeps {
  repo: AccountsRepo;
  secrets: SecretStore;
  /** Keys that came from the environment (KYRIOS_API_KEY): memory only, never written. */
  envKeys: Map<string, string>;
  audit: AuditRepo;
  events: Pick<EventBus, 'emit'>;
  active: () => AccountRow;
  info: () => AppInfo;
  /**
   * Closes the current account's session and opens one for `row`; the account in use is stored
   * together with `audit`, when given, in one transaction.
   */
  activate: (row: AccountRow, apiKey: string, audit?: AuditInput) => Promise<void>;
  /** The embedded sandbox, started on first use; its row and key. */
  sandbox: () => Promise<{ row: AccountRow; apiKey: string }>;
  /** Checks a key against the service before it is kept (tests pass their own). */
  verifyKey?: (baseUrl: string, apiKey: string) => Promise<void>;
}

async function verifyWithService(baseUrl: string, apiKey: string): Promise<void> {
  const client = createKyriosClient({ baseUrl, apiKey, timeoutMs: 10_000, retry: { retries: 1 } });
  await viaKyrios(() => client.getAccount());
}

/**
 * The account registry: the embedded sandbox plus any number of remote accounts (label, base URL,
 * API key) to switch between.
 * Keys go to the secret store (the OS's, or memory with the reason); the environment's key stays in
 * memory. Every change is written with its audit entry in one transaction and pushed.
 */
export function createAccountRegistry(deps: AccountRegistryDeps) {
  const verify = deps.verifyKey ?? verifyWithService;
  const ref = (row: AccountRow) => ({ id: row.id, label: row.label });

  function keyOf(row: AccountRow): KeyStorage {
    if (row.kind === 'sandbox') return { storage: 'sandbox', note: null };
    if (deps.envKeys.has(row.id)) return FROM_ENVIRONMENT;
    return deps.secrets.describe(row.id);
  }

  function entry(row: AccountRow): AccountEntry {
    return { ...row, active: row.id === deps.active().id, key: keyOf(row) };
  }

  function apiKeyOf(row: AccountRow): string | null {
    return deps.envKeys.get(row.id) ?? deps.secrets.get(row.id);
  }

  function find(accountId: string): AccountRow {
    const row = deps.repo.get(accountId);
    if (!row) throw new ServiceError('not_found', 'This account is not in the list any more.');
    return row;
  }

  function changed(reason: 'added' | 'removed' | 'switched' | 'key', accountId: string): void {
    deps.events.emit('accounts:changed', { reason, accountId, info: deps.info() });
  }

  async function switchTo(accountId: string): Promise<AppInfo> {
    if (accountId === deps.active().id) return deps.info();
    let row: AccountRow;
    let apiKey: string;
    if (accountId === SANDBOX_ID) {
      ({ row, apiKey } = await deps.sandbox());
    } else {
      row = find(accountId);
      const key = apiKeyOf(row);
      if (!key) {
        throw new ServiceError(
          'unauthorized',
          `The API key of "${row.label}" is not kept on this machine (${deps.secrets.persistence().reason ?? 'it was never stored'}). Enter it again to use the account.`,
        );
      }
      apiKey = key;
    }
    await deps.activate(row, apiKey, { action: 'account_switched', target: row.label });
    changed('switched', row.id);
    return deps.info();
  }

  return {
    apiKeyOf,
    switchTo,

    list(): AccountsView {
      const rows = deps.repo.list();
      const all = rows.some((r) => r.kind === 'sandbox')
        ? rows
        : [
            { id: SANDBOX_ID, kind: 'sandbox' as const, label: SANDBOX_LABEL, baseUrl: '' },
            ...rows,
          ];
      return { accounts: all.map(entry), secretStore: deps.secrets.persistence() };
    },

    async add(input: {
      label: string;
      baseUrl: string;
      apiKey: string;
      activate?: boolean;
    }): Promise<{ account: AccountEntry; info: AppInfo }> {
      const url = parseBaseUrl(input.baseUrl);
      if (!url.ok) throw new ServiceError('invalid_request', `The base URL ${url.why}.`);
      const duplicate = deps.repo
        .list()
        .find((r) => r.kind === 'remote' && r.baseUrl === url.url && apiKeyOf(r) === input.apiKey);
      if (duplicate) {
        throw new ServiceError(
          'invalid_request',
          `This account is already added as "${duplicate.label}".`,
        );
      }
      await verify(url.url, input.apiKey);
      const row: AccountRow = {
        id: `remote-${randomBytes(8).toString('hex')}`,
        kind: 'remote',
        label: input.label,
        baseUrl: url.url,
      };
      deps.audit.write(
        ref(row),
        (stored: KeyStorage) => ({
          action: 'account_added',
          target: row.label,
          detail: { baseUrl: row.baseUrl, keyStorage: stored.storage },
        }),
        () => {
          deps.repo.ensure(row);
          return deps.secrets.set(row.id, input.apiKey);
        },
      );
      changed('added', row.id);
      if (input.activate) await switchTo(row.id);
      return { account: entry(row), info: deps.info() };
    },

    async setKey(accountId: string, apiKey: string): Promise<AccountEntry> {
      const row = find(accountId);
      if (row.kind === 'sandbox') {
        throw new ServiceError('invalid_request', 'The embedded sandbox needs no key.');
      }
      await verify(row.baseUrl, apiKey);
      deps.audit.write(
        ref(row),
        (stored: KeyStorage) => ({
          action: 'account_key_set',
          target: row.label,
          detail: { keyStorage: stored.storage },
        }),
        () => {
          if (deps.envKeys.has(row.id)) {
            deps.envKeys.set(row.id, apiKey);
            return FROM_ENVIRONMENT;
          }
          return deps.secrets.set(row.id, apiKey);
        },
      );
      // The account in use talks with the new key from now on.
      if (deps.active().id === row.id) await deps.activate(row, apiKey);
      changed('key', row.id);
      return entry(row);
    },

    async remove(accountId: string): Promise<{ accountId: string; info: AppInfo }> {
      const row = find(accountId);
      if (row.kind === 'sandbox') {
        throw new ServiceError(
          'invalid_request',
          'The embedded sandbox is always there; it cannot be removed.',
        );
      }
      if (deps.active().id === row.id) await switchTo(SANDBOX_ID);
      deps.audit.write(
        ref(row),
        { action: 'account_removed', target: row.label, detail: { baseUrl: row.baseUrl } },
        () => {
          deps.secrets.delete(row.id);
          deps.repo.remove(row.id);
        },
      );
      deps.envKeys.delete(row.id);
      changed('removed', row.id);
      return { accountId: row.id, info: deps.info() };
    },
  };
}
export type AccountRegistry = ReturnType<typeof createAccountRegistry>;
