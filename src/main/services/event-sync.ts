import { RevocationDetail } from '../../shared/kyrios';
import { z } from 'zod';
import type { RevocationsRepo } from '../db/revocations-repo';
import type { SmtpUsersRepo } from '../db/smtp-users-repo';
import type { SnapshotsRepo } from '../db/snapshots-repo';
import type { KyriosClient } from '../kyrios/client';
import type { EventBus } from './event-bus';

const CURSOR = 'events_cursor';

const UserDeleted = z.object({
  userId: z.string(),
  domainId: z.string(),
  reason: z.string().optional(),
});
const DomainDeleted = z.object({ domainId: z.string() });

export interface EventSyncDeps {
  accountId: string;
  kyrios: Pick<KyriosClient, 'getEvents'>;
  users: SmtpUsersRepo;
  snapshots: SnapshotsRepo;
  events: Pick<EventBus, 'emit'>;
  /** Revocations are also kept on their own (their day decides when Recreate may work). */
  revocations?: Pick<RevocationsRepo, 'add'>;
  /** Told once per revocation new to the app: the banner, the notification. */
  onRevocation?: (revocation: { eventId: number; at: string; detail: RevocationDetail }) => void;
}

/**
 * Follows the service's event feed so the inventory learns what happened elsewhere: above all the
 * daily-limit rule deleting every credential, which marks each login deleted with that reason.
 * Idempotent: the cursor is stored, and marking an already deleted user changes nothing.
 */
export function createEventSync(deps: EventSyncDeps) {
  const { accountId } = deps;
  let running: Promise<number> | null = null;

  async function run(): Promise<number> {
    const after = deps.snapshots.get<number>(accountId, CURSOR)?.value ?? 0;
    const feed = await deps.kyrios.getEvents(after);
    const touched = new Set<string>();
    const revoked: { eventId: number; at: string; detail: RevocationDetail }[] = [];
    for (const event of feed) {
      if (event.type === 'credentials_revoked_daily_limit') {
        const detail = RevocationDetail.safeParse(event.detail);
        if (detail.success) {
          deps.users.markDeleted(
            accountId,
            detail.data.users.map((u) => u.userId),
            'daily_limit',
            event.at,
          );
          detail.data.users.forEach((u) => touched.add(u.domainId));
          if (deps.revocations?.add(accountId, event.id, event.at, detail.data) ?? true) {
            revoked.push({ eventId: event.id, at: event.at, detail: detail.data });
          }
        }
      } else if (event.type === 'smtp_user_deleted') {
        const detail = UserDeleted.safeParse(event.detail);
        if (detail.success) {
          const reason = detail.data.reason === 'domain_deleted' ? 'domain_deleted' : 'deleted';
          deps.users.markDeleted(accountId, [detail.data.userId], reason, event.at);
          touched.add(detail.data.domainId);
        }
      } else if (event.type === 'domain_deleted') {
        const detail = DomainDeleted.safeParse(event.detail);
        if (detail.success) {
          deps.users.markDomainDeleted(accountId, detail.data.domainId, event.at);
          touched.add(detail.data.domainId);
        }
      }
    }
    const last = feed.at(-1);
    if (last) deps.snapshots.put(accountId, CURSOR, last.id, new Date().toISOString());
    for (const domainId of touched) deps.events.emit('smtp:changed', { domainId });
    for (const revocation of revoked) deps.onRevocation?.(revocation);
    return feed.length;
  }

  return {
    /** Reads new events; concurrent calls share one read. Resolves with how many were read. */
    sync(): Promise<number> {
      running ??= run().finally(() => (running = null));
      return running;
    },
  };
}
export type EventSync = ReturnType<typeof createEventSync>;
