import type { DNSResolver } from 'mailauth';
import { spf } from 'mailauth/lib/spf/index.js';
import type { MailResolve } from '../../dns/mail-resolver';
import type { AuthResult, SpfVerdict, VerdictCode } from '../../shared/mail-check';
import { isCause, type KnownDomain, type KnownRecords } from './known-records';
import type { ConnectionFacts } from './received';

/**
 * SPF as the receiver judged it: the envelope sender's domain (the HELO name for a bounce) and the
 * connecting IP, through mailauth with the DNS engine as its resolver. A failure for a domain
 * Kyrios knows says which record is the cause, or that the cause is on the service's side.
 */

const RESULTS: readonly AuthResult[] = [
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'temperror',
  'permerror',
];

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

export interface SpfContext {
  resolver: MailResolve;
  known: KnownRecords;
}

export async function spfVerdict(facts: ConnectionFacts, ctx: SpfContext): Promise<SpfVerdict> {
  const { ip, helo } = facts.connection;
  const envelope = facts.envelopeFrom;
  const none = (message: string): SpfVerdict => ({
    status: 'unknown',
    result: 'none',
    codes: ['spf_no_connection'],
    message,
    fix: null,
    domain: envelope ? domainOf(envelope) : null,
    ip,
    helo,
    record: null,
  });
  if (!ip) return none(facts.missing ?? 'No connecting IP is known, so SPF cannot be judged.');
  if (!envelope && !helo) {
    return none(
      'Neither the envelope sender (Return-Path) nor the HELO name is known, so there is no domain to judge SPF for.',
    );
  }

  const checked = await spf({
    ...(envelope ? { sender: envelope } : {}),
    ip,
    ...(helo ? { helo } : {}),
    mta: 'kyrios-desk',
    // mailauth's declared resolver type leaves out MX answers, which it reads.
    resolver: ctx.resolver as DNSResolver,
  });
  const word = RESULTS.includes(checked.status.result as AuthResult)
    ? (checked.status.result as AuthResult)
    : 'temperror';
  const domain = checked.domain;
  const record = checked.rr ?? null;
  const detail = (checked.status.comment ?? '').replace(/^kyrios-desk: /, '');
  const verdict = (
    status: SpfVerdict['status'],
    codes: VerdictCode[],
    message: string,
    fix: string | null,
  ): SpfVerdict => ({ status, result: word, codes, message, fix, domain, ip, helo, record });

  if (word === 'pass') {
    return verdict(
      'pass',
      ['ok'],
      `SPF passes: ${domain} allows ${ip} to send its mail${record ? ` (${record})` : ''}.`,
      null,
    );
  }
  if (word === 'temperror') {
    return verdict('unknown', ['spf_temperror'], `SPF could not be checked: ${detail}.`, null);
  }

  const known = ctx.known.domainOf(domain);
  const explained = known ? await explain(known, domain, ip, ctx.known) : null;
  const [code, message, fix] = generic(word, domain, ip, record, detail);
  if (explained) {
    return verdict(
      word === 'neutral' ? 'warn' : 'fail',
      [code, ...explained.codes],
      `${message} ${explained.message}`,
      explained.fix,
    );
  }
  return verdict(word === 'neutral' ? 'warn' : 'fail', [code], message, fix);
}

function generic(
  word: AuthResult,
  domain: string,
  ip: string,
  record: string | null,
  detail: string,
): [VerdictCode, string, string] {
  const found = record ? ` (${record})` : '';
  switch (word) {
    case 'fail':
      return [
        'spf_fail',
        `SPF fails: the SPF record of ${domain}${found} does not allow ${ip}, and says to refuse mail from elsewhere (-all).`,
        `Add the sending service's include (or ip4:${ip}) to the SPF record of ${domain}, or send through a service that ${domain}'s record already includes.`,
      ];
    case 'softfail':
      return [
        'spf_softfail',
        `SPF soft-fails: the SPF record of ${domain}${found} does not allow ${ip} (~all: accept, but with suspicion).`,
        `Add the sending service's include (or ip4:${ip}) to the SPF record of ${domain}, or send through a service that ${domain}'s record already includes.`,
      ];
    case 'neutral':
      return [
        'spf_neutral',
        `SPF is neutral: the SPF record of ${domain}${found} says nothing about ${ip} (?all).`,
        `End the SPF record of ${domain} with ~all or -all, and include the service that sends its mail.`,
      ];
    case 'none':
      return [
        'spf_none',
        `${domain} has no SPF record, so SPF cannot pass for mail from ${ip}.`,
        `Publish an SPF record at ${domain} that includes the service sending its mail: v=spf1 include:<the service's SPF host> ~all.`,
      ];
    default:
      return [
        'spf_permerror',
        `The SPF record of ${domain} cannot be evaluated: ${detail.replace(/^permanent error in processing during lookup of \S+: /, '')}.`,
        `Fix the SPF record of ${domain}: one record only, valid terms, at most 10 DNS lookups.`,
      ];
  }
}

/** For a known domain: the record at fault, or why no record of the domain's is. */
async function explain(
  known: KnownDomain,
  domain: string,
  ip: string,
  records: KnownRecords,
): Promise<{ codes: VerdictCode[]; message: string; fix: string | null } | null> {
  const returnPath = records.expected(known, 'return_path');
  const purpose = returnPath?.name === domain ? 'return_path' : 'spf';
  const cause = await records.verdict(known, purpose);
  if (isCause(cause)) return { codes: cause.codes, message: cause.message, fix: cause.fix };
  const dedicated = known.dedicatedIp;
  if (dedicated && dedicated !== ip) {
    return {
      codes: ['spf_not_dedicated_ip'],
      message: `It was sent from ${ip}, not from the account's dedicated IP ${dedicated}: it did not leave through Kyrios.`,
      fix: `Send ${known.expected.domain}'s mail through Kyrios SMTP (SMTP Settings), so it leaves from ${dedicated}.`,
    };
  }
  const include =
    purpose === 'return_path'
      ? `${returnPath?.value ?? 'the service'}, where ${domain} points`
      : (/include:(\S+)/.exec(records.expected(known, 'spf')?.value ?? '')?.[1] ?? 'the include');
  return {
    codes: ['spf_ip_not_covered'],
    message: `Your records are right: the SPF published at ${include} does not cover the dedicated IP ${ip}.`,
    fix: `Nothing to change in your DNS: the service's own SPF is missing its dedicated IP. Tell Kyrios support that ${ip} is not covered by ${include.split(',')[0]}.`,
  };
}
