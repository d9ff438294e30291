import type { SqliteDatabase } from '../sqlite/open-database';
import { systemClock, type Clock } from './clock';
import { createAccountsStore } from './store/accounts';
import { createDomainsStore } from './store/domains';
import { createEventsStore } from './store/events';
import { createIdempotencyStore } from './store/idempotency';
import { createInboundStore } from './store/inbound';
import { createOutboxStore } from './store/outbox';
import { createSendingStore } from './store/sending';
import { createSmtpUsersStore } from './store/smtp-users';
import { createUsageStore } from './store/usage';

export { hashApiKey, type Account } from './store/accounts';
export { DuplicateDomainError, type NewDomain } from './store/domains';

/**
 * The sandbox's data access, one module per topic: statements prepared once, every write in a
 * synchronous transaction (docs/architecture.md, "Data").
 */
export function createSandboxStore(db: SqliteDatabase, now: Clock = systemClock) {
  const events = createEventsStore(db, now);
  const domains = createDomainsStore(db, now, events);
  const smtpUsers = createSmtpUsersStore(db, now, events);
  return {
    db,
    now,
    accounts: createAccountsStore(db, now),
    events,
    domains,
    smtpUsers,
    sending: createSendingStore(db, now, events, smtpUsers),
    usage: createUsageStore(db),
    idempotency: createIdempotencyStore(db, now),
    inbound: createInboundStore(db, now),
    outbox: createOutboxStore(db, now),

    /** Deletes a domain and its SMTP users in one transaction; records and history stay. */
    deleteDomain: db.transaction((accountId: string, domainId: string): boolean => {
      const name = domains.markDeleted(accountId, domainId);
      if (name === undefined) return false;
      const logins = smtpUsers.deleteAllOfDomain(accountId, domainId);
      events.append(accountId, 'domain_deleted', { domainId, domain: name, logins });
      return true;
    }),
  };
}
export type SandboxStore = ReturnType<typeof createSandboxStore>;
