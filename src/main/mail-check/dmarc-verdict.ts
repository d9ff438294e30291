import type { MailResolve } from '../../dns/mail-resolver';
import {
  discoverDmarc,
  dmarcAligned,
  dmarcWalkDomains,
  organizationalDomainOf,
  type DmarcLookup,
} from '../../shared/dmarc';
import type { DmarcVerdict, SpfVerdict, VerdictCode } from '../../shared/mail-check';
import { isCause, type KnownRecords } from './known-records';

/**
 * DMARC for the From domain: the policy found by RFC 9989's DNS tree walk (src/shared/dmarc.ts,
 * no public-suffix list), and alignment of the SPF and DKIM domains that passed with From, relaxed
 * (same organisational domain, from the same walk) or strict, as the record asks.
 */

export interface DmarcContext {
  resolver: MailResolve;
  known: KnownRecords;
}

export interface DkimPass {
  domain: string | null;
  result: string;
}

export interface DmarcOutcome {
  verdict: DmarcVerdict;
  /** Whether a DKIM d= is aligned with From under the mode in force (relaxed without a record). */
  aligned(domain: string | null): boolean;
}

async function lookupDmarc(resolver: MailResolve, name: string): Promise<DmarcLookup> {
  try {
    const answer = (await resolver(name, 'TXT')) as string[][];
    return { kind: 'answer', txt: answer.map((strings) => strings.join('')) };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { kind: 'none' };
    return { kind: 'error', reason: (error as Error).message };
  }
}

async function exists(resolver: MailResolve, domain: string): Promise<boolean> {
  try {
    await resolver(domain, 'A');
    return true;
  } catch (error) {
    return (error as { code?: string }).code !== 'ENOTFOUND';
  }
}

const DISPOSITION = { none: 'deliver', quarantine: 'quarantine', reject: 'reject' } as const;
const WHAT_RECEIVERS_DO = {
  none: 'still deliver it (p=none only asks for reports)',
  quarantine: 'put it in spam',
  reject: 'refuse it',
} as const;

export async function dmarcVerdict(
  fromAddresses: readonly string[],
  spf: SpfVerdict,
  dkim: readonly DkimPass[],
  ctx: DmarcContext,
): Promise<DmarcOutcome> {
  const empty = {
    organizationalDomain: null,
    recordDomain: null,
    record: null,
    policy: null,
    policyTag: null,
    disposition: null,
    spfAligned: false,
    dkimAligned: false,
    alignment: null,
  };
  const single = fromAddresses.length === 1 ? fromAddresses[0] : undefined;
  const at = single?.lastIndexOf('@') ?? -1;
  const fromDomain = single && at > 0 ? single.slice(at + 1).toLowerCase() : null;
  if (!fromDomain) {
    return {
      aligned: () => false,
      verdict: {
        ...empty,
        domain: null,
        status: 'fail',
        result: 'permerror',
        codes: ['dmarc_from_invalid'],
        message:
          fromAddresses.length === 0
            ? 'The From field holds no address: DMARC is judged on the From domain, so it cannot apply.'
            : `The From field holds ${fromAddresses.length} addresses (${fromAddresses.join(', ')}): DMARC needs exactly one, so receivers refuse or distrust it.`,
        fix: 'Put exactly one address in From.',
      },
    };
  }

  // Every name the walks of From, the SPF domain and the DKIM domains ask, asked once.
  const involved = [fromDomain, spf.domain, ...dkim.map((d) => d.domain)].filter(
    (d): d is string => !!d,
  );
  const names = [...new Set(involved.flatMap(dmarcWalkDomains))];
  const lookups = await Promise.all(names.map((n) => lookupDmarc(ctx.resolver, `_dmarc.${n}`)));
  const answers = new Map(names.map((n, i) => [n, lookups[i] ?? { kind: 'none' as const }]));
  let discovery = discoverDmarc(fromDomain, answers);
  if (discovery.kind === 'found' && discovery.inherited && discovery.record.np !== null) {
    discovery = discoverDmarc(fromDomain, answers, await exists(ctx.resolver, fromDomain));
  }

  const record = discovery.kind === 'found' ? discovery.record : null;
  const modes = { spf: record?.aspf ?? 'r', dkim: record?.adkim ?? 'r' };
  const aligned = (domain: string | null) =>
    domain !== null && dmarcAligned(domain, fromDomain, modes.dkim, answers);
  const spfAligned =
    spf.result === 'pass' &&
    spf.domain !== null &&
    dmarcAligned(spf.domain, fromDomain, modes.spf, answers);
  const passing = dkim.filter((d) => d.result === 'pass');
  const dkimAligned = passing.some((d) => aligned(d.domain));
  const common = {
    domain: fromDomain,
    organizationalDomain: organizationalDomainOf(fromDomain, answers),
    spfAligned,
    dkimAligned,
  };

  if (discovery.kind === 'error') {
    return {
      aligned,
      verdict: {
        ...empty,
        ...common,
        status: 'unknown',
        result: 'temperror',
        codes: ['dmarc_temperror'],
        message: `The DMARC record could not be looked up at _dmarc.${discovery.failedAt} (${discovery.reason}), so the policy that applies is unknown.`,
        fix: null,
      },
    };
  }

  const known = ctx.known.domainOf(fromDomain);
  const via = [
    ...(spfAligned ? [`SPF for ${spf.domain ?? '?'}`] : []),
    ...passing.filter((d) => aligned(d.domain)).map((d) => `DKIM for ${d.domain ?? '?'}`),
  ];
  if (discovery.kind === 'none') {
    const cause = known ? await ctx.known.verdict(known, 'dmarc') : null;
    return {
      aligned,
      verdict: {
        ...empty,
        ...common,
        status: 'warn',
        result: 'none',
        codes: isCause(cause) ? ['dmarc_none', ...cause.codes] : ['dmarc_none'],
        message: `No DMARC record for ${fromDomain}, nor above it: receivers apply no policy, and large mailbox providers expect one from bulk senders.${via.length > 0 ? ` It would pass, aligned through ${via.join(' and ')}.` : ''}`,
        fix:
          (isCause(cause) ? cause.fix : null) ??
          `Publish a DMARC record at _dmarc.${common.organizationalDomain}: v=DMARC1; p=none; rua=mailto:<an address for reports>, then tighten p= once the reports show your mail passing.`,
      },
    };
  }

  const policyFacts = {
    organizationalDomain: discovery.organizationalDomain,
    recordDomain: discovery.recordDomain,
    record: discovery.record.raw,
    policy: discovery.policy,
    policyTag: discovery.policyTag,
    alignment: modes,
  };
  const where = `${discovery.policyTag}=${discovery.policy} at _dmarc.${discovery.recordDomain}${discovery.inherited ? `, inherited by ${fromDomain}` : ''}`;
  if (via.length > 0) {
    return {
      aligned,
      verdict: {
        ...common,
        ...policyFacts,
        disposition: null,
        status: 'pass',
        result: 'pass',
        codes: ['ok'],
        message: `DMARC passes for ${fromDomain}: aligned through ${via.join(' and ')} (policy ${where}).`,
        fix: null,
      },
    };
  }

  const codes: VerdictCode[] = ['dmarc_fail'];
  const reasons: string[] = [];
  if (spf.result === 'pass' && spf.domain) {
    codes.push('dmarc_return_path_unaligned');
    reasons.push(
      `SPF passes for ${spf.domain}, but that return path is not aligned with ${fromDomain}${modes.spf === 's' ? ' (aspf=s asks for the same domain)' : ''}`,
    );
  } else reasons.push(`SPF does not pass (${spf.result})`);
  if (passing.length > 0) {
    codes.push('dmarc_dkim_unaligned');
    reasons.push(
      `DKIM passes for ${passing.map((d) => d.domain).join(', ')}, which is not ${fromDomain}${modes.dkim === 's' ? ' (adkim=s asks for the same domain)' : ''}`,
    );
  } else reasons.push('no DKIM signature passes');
  const returnPath = known ? ctx.known.expected(known, 'return_path') : null;
  const dkimKey = known ? ctx.known.expected(known, 'dkim') : null;
  return {
    aligned,
    verdict: {
      ...common,
      ...policyFacts,
      disposition: DISPOSITION[discovery.policy],
      status: 'fail',
      result: 'fail',
      codes,
      message: `DMARC fails for ${fromDomain}: ${reasons.join('; ')}. The policy in force is ${where}: receivers that follow it ${WHAT_RECEIVERS_DO[discovery.policy]}.`,
      fix:
        known && dkimKey
          ? `Send ${fromDomain}'s mail through Kyrios SMTP: it signs with d=${fromDomain} (the key at ${dkimKey.name}) and sends from ${returnPath?.name ?? 'the return-path host'}, both aligned with From. Fix the SPF and DKIM findings above first.`
          : `Make one of them aligned with ${fromDomain}: have the sender sign with d=${fromDomain} (DKIM), or send with a return path (envelope sender) on ${fromDomain} that SPF allows.`,
    },
  };
}
