import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import { checkDomain, type CheckOptions } from '../../dns/index';
import type { Domain } from '../../shared/domain';
import type { Account } from '../../shared/kyrios';
import type { MailCheckResult, MailHistoryEntry, TestSendResult } from '../../shared/mail-check';
import type { DomainsRepo } from '../db/domains-repo';
import type { MailChecksRepo } from '../db/mail-checks-repo';
import type { SmtpUsersRepo } from '../db/smtp-users-repo';
import type { KyriosClient } from '../kyrios/client';
import { checkMessage, MailInputError } from '../mail-check/check-message';
import { createKnownRecords, type RecordsCheck } from '../mail-check/known-records';
import { mailResolverFor } from '../mail-check/resolver';
import { submitWithTranscript } from '../mail-check/smtp-transcript';
import { expectedRecordsOf } from './dns-check-service';
import { NO_AUDIT, type AuditTrail } from '../db/audit-repo';
import { ServiceError } from './service-error';

/**
 * Proving the mail authenticates, for the account in use: checking a received message (with the
 * records Kyrios generated for the account's domains, so a failure comes with the records table's
 * fix), a test send through the real submission endpoint read back where the service offers it,
 * and the history of both per domain.
 */

export interface MailServiceDeps {
  accountId: string;
  kyrios: Pick<KyriosClient, 'getOutboxMessage' | 'getConversations' | 'getConversation'>;
  domains: Pick<DomainsRepo, 'list' | 'get'>;
  users: Pick<SmtpUsersRepo, 'get'>;
  history: MailChecksRepo;
  /** The account as last known (live when the service answers): SMTP address, dedicated IP. */
  account: () => Promise<Account | null>;
  dnsOptions: () => CheckOptions;
  /** Certificates to trust for submission (the embedded sandbox's own); the system's otherwise. */
  smtpCa?: () => string | undefined;
  now: () => Date;
  records?: RecordsCheck;
  /** A test send is an action taken from the app: it goes in the audit log. */
  audit?: AuditTrail;
}

type Source = Readable | Buffer | string;

const ADDRESS = /^[^\s@<>()",;]+@[a-z0-9.-]+\.[a-z]{2,63}$/i;

export function createMailService(deps: MailServiceDeps) {
  const records = deps.records ?? ((expected) => checkDomain(expected, deps.dnsOptions()));

  async function verify(
    source: Source,
    given?: { ip?: string; helo?: string; envelopeFrom?: string },
    onProgress?: (bytes: number) => void,
  ): Promise<MailCheckResult> {
    const account = await deps.account().catch(() => null);
    const known = createKnownRecords(
      deps.domains.list(deps.accountId).map((d) => ({
        expected: expectedRecordsOf(d),
        dedicatedIp: account?.dedicatedIp ?? null,
      })),
      records,
    );
    try {
      return await checkMessage(source, {
        resolver: await mailResolverFor(deps.dnsOptions()),
        known,
        now: deps.now,
        ...(given ? { given } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
    } catch (error) {
      if (error instanceof MailInputError) throw new ServiceError('invalid_message', error.message);
      throw error;
    }
  }

  /** The account's domain the message is from: the one asked for, or the From domain's. */
  function domainFor(result: MailCheckResult | null, domainId?: string): Domain | null {
    if (domainId !== undefined) {
      const domain = deps.domains.get(deps.accountId, domainId);
      if (!domain) throw new ServiceError('not_found', 'This domain is not in the list any more.');
      return domain;
    }
    const name = result?.fromDomain;
    return name ? (deps.domains.list(deps.accountId).find((d) => d.name === name) ?? null) : null;
  }

  function store(
    kind: MailHistoryEntry['kind'],
    result: MailCheckResult | null,
    domain: Domain | null,
    extra: Partial<MailHistoryEntry> = {},
  ): MailHistoryEntry {
    const entry = {
      kind,
      domainId: domain?.id ?? null,
      domain: domain?.name ?? result?.fromDomain ?? null,
      at: deps.now().toISOString(),
      status: result?.status ?? extra.status ?? 'unknown',
      subject: result?.subject ?? extra.subject ?? null,
      from: result?.from ?? extra.from ?? null,
      recipient: extra.recipient ?? null,
      result,
      transcript: extra.transcript ?? null,
      note: extra.note ?? null,
    };
    const id = deps.history.save(deps.accountId, entry);
    return { id, ...entry };
  }

  /** Reads the test message back from the outbox or Conversations, and checks it. */
  async function readBack(
    queueId: string | null,
    messageId: string,
  ): Promise<Pick<TestSendResult, 'readBack' | 'readBackNote' | 'check'>> {
    try {
      if (queueId) {
        const sent = await deps.kyrios.getOutboxMessage(queueId).catch((error: unknown) => {
          if ((error as { status?: number }).status === 404) return null;
          throw error;
        });
        if (sent) {
          // As the receiving server will see it: from the dedicated IP, with that envelope.
          const check = await verify(Buffer.from(sent.raw, 'base64'), {
            ip: sent.sentFrom,
            envelopeFrom: sent.mailFrom,
          });
          return { readBack: 'outbox', readBackNote: null, check };
        }
      }
      const inbound = (await deps.kyrios.getConversations()).find((m) => m.messageId === messageId);
      if (inbound) {
        const received = await deps.kyrios.getConversation(inbound.id);
        const check = await verify(Buffer.from(received.raw, 'base64'));
        return { readBack: 'inbound', readBackNote: null, check };
      }
      return {
        readBack: null,
        readBackNote:
          'The message was accepted, but the service offers no copy to read back: it is neither in its outbox nor in Conversations. Check it where it arrives (Check a received message).',
        check: null,
      };
    } catch (error) {
      return {
        readBack: null,
        readBackNote: `The message was accepted, but reading it back failed: ${(error as Error).message}`,
        check: null,
      };
    }
  }

  return {
    /** A pasted message or headers, or a file as it is read. */
    async check(
      raw: Source,
      domainId?: string,
      onProgress?: (bytes: number) => void,
    ): Promise<MailHistoryEntry> {
      const result = await verify(raw, undefined, onProgress);
      return store('check', result, domainFor(result, domainId));
    },

    async testSend(request: {
      domainId: string;
      userId: string;
      password: string;
      to?: string | undefined;
    }): Promise<TestSendResult> {
      const domain = domainFor(null, request.domainId);
      const user = deps.users.get(deps.accountId, request.userId);
      if (!domain || !user || user.domainId !== domain.id || user.deletedAt !== null) {
        throw new ServiceError('not_found', 'This SMTP user is not in the list any more.');
      }
      const mxAtKyrios = domain.records.some(
        (r) => r.purpose === 'mx' && (r.status === 'pass' || r.status === 'warn'),
      );
      const to = request.to?.trim() || (mxAtKyrios ? user.login : '');
      if (!ADDRESS.test(to)) {
        throw new ServiceError(
          'invalid_request',
          to === ''
            ? `Give a recipient: mail to ${domain.name} does not arrive at Kyrios (its MX record is not verified), so there is no address there to default to.`
            : `"${to}" is not an email address.`,
        );
      }
      const account = await deps.account().catch(() => null);
      if (!account) {
        throw new ServiceError(
          'offline',
          'The SMTP address of this account is not known yet: connect to Kyrios once, then send.',
        );
      }
      const messageId = `<kyrios-desk-test.${randomUUID()}@${domain.name}>`;
      const message = await new MailComposer({
        from: user.login,
        to,
        subject: `Kyrios Desk test message (${user.login})`,
        messageId,
        date: deps.now(),
        text: `This is a test message sent by Kyrios Desk through ${account.smtp.host}:${account.smtp.port} with the SMTP user ${user.login}, to see whether mail from ${domain.name} passes SPF, DKIM and DMARC where it arrives.\n`,
      })
        .compile()
        .build();
      const ca = deps.smtpCa?.();
      const outcome = await submitWithTranscript(
        { host: account.smtp.host, port: account.smtp.port, ...(ca ? { ca } : {}) },
        { login: user.login, password: request.password, from: user.login, to, message },
      );
      const queueId = /accepted as (\S+)/i.exec(outcome.response ?? '')?.[1] ?? null;
      const back = outcome.accepted
        ? await readBack(queueId, messageId)
        : { readBack: null, readBackNote: null, check: null };
      const note = outcome.error ? `Not sent: ${outcome.error.message}` : back.readBackNote;
      const status = back.check?.status ?? (outcome.accepted ? 'unknown' : 'fail');
      const entry = (deps.audit ?? NO_AUDIT).write(
        {
          action: 'smtp_test_sent',
          target: user.login,
          detail: { domain: domain.name, recipient: to, sent: outcome.accepted, status },
        },
        () =>
          store('test_send', back.check, domain, {
            status,
            subject: `Kyrios Desk test message (${user.login})`,
            from: user.login,
            recipient: to,
            transcript: outcome.transcript,
            note,
          }),
      );
      return {
        entryId: entry.id,
        accepted: outcome.accepted,
        from: user.login,
        to,
        messageId,
        queueId,
        transcript: outcome.transcript,
        error: outcome.error,
        ...back,
      };
    },

    history(domainId: string | null | undefined, limit = 50): { entries: MailHistoryEntry[] } {
      return { entries: deps.history.list(deps.accountId, domainId, limit) };
    },
  };
}
export type MailService = ReturnType<typeof createMailService>;
