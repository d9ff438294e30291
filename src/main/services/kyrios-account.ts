import type { AccountView, UsageView } from '../../shared/contract';
import type { Account, Usage } from '../../shared/kyrios';
import type { SnapshotsRepo } from '../db/snapshots-repo';
import type { KyriosClient } from '../kyrios/client';
import { KyriosError } from '../kyrios/kyrios-error';
import { toServiceError } from './domains-service';

export interface KyriosAccountDeps {
  accountId: string;
  kyrios: Pick<KyriosClient, 'getAccount' | 'getUsage'>;
  snapshots: SnapshotsRepo;
  now?: () => Date;
  /** Told of every live reading (the limit guard samples the count from them). */
  onAccount?: (account: Account) => void;
  onUsage?: (usage: Usage) => void;
}

/**
 * The Kyrios account in use as the service reports it (name, SMTP server, today's count, dedicated
 * IP) and its usage: live when the service answers, the last known values when not. Not to be
 * confused with the account registry (account-registry.ts), the list of accounts to switch between.
 */
export function createKyriosAccount(deps: KyriosAccountDeps) {
  const now = () => (deps.now ?? (() => new Date()))().toISOString();

  async function cached<T>(key: string, load: () => Promise<T>) {
    try {
      const value = await load();
      const at = now();
      deps.snapshots.put(deps.accountId, key, value, at);
      return { value, source: 'live' as const, syncedAt: at };
    } catch (error) {
      if (!(error instanceof KyriosError) || error.code !== 'offline') throw toServiceError(error);
      const last = deps.snapshots.get<T>(deps.accountId, key);
      return {
        value: last?.value ?? null,
        source: 'cache' as const,
        syncedAt: last?.syncedAt ?? null,
        offlineReason: error.message,
      };
    }
  }

  return {
    async account(): Promise<AccountView> {
      const { value, ...rest } = await cached<Account>('account', () => deps.kyrios.getAccount());
      if (value && rest.source === 'live') deps.onAccount?.(value);
      return { account: value, ...rest };
    },
    async usage(days = 30): Promise<UsageView> {
      const { value, ...rest } = await cached<Usage>(`usage:${days}`, () =>
        deps.kyrios.getUsage(days),
      );
      if (value && rest.source === 'live') deps.onUsage?.(value);
      return { usage: value, ...rest };
    },
  };
}
export type KyriosAccount = ReturnType<typeof createKyriosAccount>;
