import type { DmarcApplied } from '../../shared/dns-check';
import {
  discoverDmarc,
  dmarcWalkDomains,
  isDmarcRecord,
  parseDmarcRecord,
  parseDmarcTags,
  POLICY_STRENGTH,
} from '../../shared/dmarc';
import type { DmarcDiscovery, DmarcLookup, DmarcPolicy } from '../../shared/dmarc';
import type { Observation } from '../observe';
import { ofType } from '../observe';
import type { CheckContext, Expectation, Verdict } from './common';
import {
  clip,
  foundValues,
  listValues,
  missingVerdict,
  publishFix,
  txtForProvider,
  unquote,
} from './common';

/**
 * DMARC as receivers apply it: the record at the domain, or else the one RFC 9989's tree walk
 * finds above it (with its sp= or np=). Advice never proposes a policy weaker than one that is
 * published (at the domain or above it): see docs/diagnostics.md.
 */

const POLICIES = new Set(['none', 'quarantine', 'reject']);

/** Why a record that starts with v=DMARC1 is still invalid (RFC 7489 §6.3), or null. */
function dmarcProblem(record: string): string | null {
  const tags = parseDmarcTags(record);
  const p = tags.get('p');
  if (p === undefined) return 'it has no p= policy tag (p=none, p=quarantine or p=reject)';
  if (!POLICIES.has(p.toLowerCase()))
    return `p=${p} is not a policy (use none, quarantine or reject)`;
  for (const tag of ['rua', 'ruf']) {
    const uris = tags.get(tag);
    if (uris !== undefined && uris.split(',').some((u) => !/^\s*mailto:[^@\s]+@[^@\s]+/i.test(u))) {
      return `${tag}= must list mailto: addresses (${clip(uris, 60)})`;
    }
  }
  return null;
}

function strongest(policies: (DmarcPolicy | null | undefined)[]): DmarcPolicy | null {
  let best: DmarcPolicy | null = null;
  for (const p of policies) {
    if (p && (best === null || POLICY_STRENGTH[p] > POLICY_STRENGTH[best])) best = p;
  }
  return best;
}

/** The record with its p= raised to `floor` when it is weaker; unchanged otherwise. */
export function noWeakerThan(record: string, floor: DmarcPolicy | null): string {
  const p = parseDmarcRecord(record)?.p;
  if (!floor || (p && POLICY_STRENGTH[p] >= POLICY_STRENGTH[floor])) return record;
  return /(^|;)(\s*)p\s*=\s*[a-z]*/i.test(record)
    ? record.replace(/(^|;)(\s*)p\s*=\s*[a-z]*/i, `$1$2p=${floor}`)
    : record.replace(/^(\s*v\s*=\s*DMARC1\s*;?)/i, `$1 p=${floor};`);
}

function applied(found: Extract<DmarcDiscovery, { kind: 'found' }>): DmarcApplied {
  return {
    recordName: `_dmarc.${found.recordDomain}`,
    record: found.record.raw,
    policy: found.policy,
    policyTag: found.policyTag,
    inherited: found.inherited,
    organizationalDomain: found.organizationalDomain,
  };
}

/**
 * The walk's reading of the domain: with its own answer (from its zone's servers) and those above,
 * and what would apply without its own record (what a record there must not weaken).
 */
async function discover(
  txt: string[],
  domain: string,
  ctx: CheckContext,
): Promise<{ walk: DmarcDiscovery; above: DmarcDiscovery } | null> {
  if (!ctx.dmarcAbove) return null;
  const above = await ctx.dmarcAbove;
  const read = (own: DmarcLookup): DmarcDiscovery => {
    const answers = new Map(above.answers);
    answers.set(dmarcWalkDomains(domain)[0] ?? domain, own);
    return discoverDmarc(domain, answers, above.domainExists);
  };
  return {
    walk: read(txt.length > 0 ? { kind: 'answer', txt } : { kind: 'none' }),
    above: read({ kind: 'none' }),
  };
}

function suggested(exp: Expectation, domain: string, floor: DmarcPolicy | null): string {
  return noWeakerThan(
    exp.expected ?? `v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}`,
    floor,
  );
}

export async function checkDmarc(
  obs: Observation,
  exp: Expectation,
  ctx: CheckContext,
): Promise<Verdict> {
  const txt = ofType(obs, 'TXT');
  const found = foundValues(obs, 'TXT');
  const domain = exp.name.replace(/^_dmarc\./i, '');
  const walked = exp.name.toLowerCase().startsWith('_dmarc.')
    ? await discover(txt, domain, ctx)
    : null;
  const walk = walked?.walk ?? null;
  const fromAbove = walked?.above.kind === 'found' ? walked.above : null;
  const records = txt.filter(isDmarcRecord);
  const inForce = walk?.kind === 'found' ? walk : null;
  // Never advise a weaker policy than any published here or above.
  const floor = strongest([
    inForce?.policy,
    fromAbove?.policy,
    ...records.map((r) => parseDmarcRecord(r)?.p),
    ...txt.map((t) => parseDmarcRecord(unquote(t) ?? '')?.p),
  ]);
  const weakens =
    fromAbove &&
    inForce &&
    !inForce.inherited &&
    POLICY_STRENGTH[inForce.policy] < POLICY_STRENGTH[fromAbove.policy]
      ? ` It lowers the policy: without it, receivers would apply p=${fromAbove.policy} from _dmarc.${fromAbove.recordDomain} (its ${fromAbove.policyTag}= tag).`
      : '';
  const wanted = suggested(exp, ctx.domain, floor);
  const withApplied = (v: Verdict): Verdict => (inForce ? { ...v, dmarc: applied(inForce) } : v);
  if (records.length === 0) {
    const quoted = txt.find((t) => isDmarcRecord(unquote(t) ?? ''));
    if (quoted !== undefined) {
      return withApplied({
        codes: ['quoted_value'],
        message: `The DMARC record at ${exp.name} was published with literal quote characters (${clip(quoted)}), so receivers do not see v=DMARC1 first and ignore it.`,
        fix: `Edit it and remove the quote characters: ${txtForProvider(noWeakerThan(unquote(quoted) ?? wanted, floor), ctx)}`,
        found,
      });
    }
    if (walk?.kind === 'found') return inherited(walk, exp, ctx, found, txt);
    if (walk?.kind === 'error') {
      return {
        codes: ['lookup_failed'],
        message: `No DMARC record at ${exp.name}, and whether one above it applies could not be read: no resolver answered for _dmarc.${walk.failedAt}: ${walk.reason}. This says nothing about the policy receivers apply.`,
        fix: `Check again in a few minutes. Do not publish a DMARC record at ${exp.name} before you know the policy of ${walk.failedAt}: a weaker one would override it.`,
        found,
      };
    }
    if (txt.length === 0) {
      const missing = missingVerdict(obs, exp, ctx);
      missing.fix = publishFix('TXT', exp.name, wanted, ctx);
      return missing;
    }
    return {
      codes: ['dmarc_invalid'],
      message: `The TXT record(s) at ${exp.name} are not DMARC records (a DMARC record starts with v=DMARC1;): ${listValues(txt)}.`,
      fix: `Replace them with: ${txtForProvider(wanted, ctx)}`,
      found,
    };
  }
  if (records.length > 1) {
    const keep =
      exp.expected !== null && records.includes(exp.expected)
        ? exp.expected
        : (records.find((r) => dmarcProblem(r) === null) ?? wanted);
    return {
      codes: ['dmarc_multiple'],
      message: `${exp.name} has ${records.length} DMARC records (${listValues(records)}); with more than one, receivers apply no DMARC policy at all.`,
      fix: `Keep one DMARC record at ${exp.name} and delete the others. To keep: ${txtForProvider(noWeakerThan(keep, floor), ctx)}`,
      found,
    };
  }
  const record = records[0] ?? '';
  const problem = dmarcProblem(record);
  if (problem !== null) {
    return withApplied({
      codes: ['dmarc_invalid'],
      message: `The DMARC record at ${exp.name} is invalid: ${problem}. Found: ${clip(record)}.`,
      fix: `Replace it with: ${txtForProvider(wanted, ctx)}`,
      found,
    });
  }
  if (parseDmarcTags(record).get('p')?.toLowerCase() === 'none') {
    const stricter = noWeakerThan(
      record.replace(/(^|;)(\s*)p\s*=\s*none/i, '$1$2p=quarantine'),
      floor,
    );
    return withApplied({
      codes: ['dmarc_policy_none'],
      message: `The DMARC record at ${exp.name} is valid, with p=none: receivers report on failing mail but still deliver it.${weakens}`,
      fix: `Once the aggregate reports show your legitimate mail passing SPF or DKIM, tighten the policy: ${txtForProvider(stricter, ctx)}`,
      found,
    });
  }
  return withApplied({
    codes: ['ok'],
    message: `One valid DMARC record at ${exp.name}: ${clip(record)}.${weakens}`,
    fix: null,
    found,
  });
}

/** No record at the domain: receivers apply the one above it. */
function inherited(
  walk: Extract<DmarcDiscovery, { kind: 'found' }>,
  exp: Expectation,
  ctx: CheckContext,
  found: string[],
  txt: string[],
): Verdict {
  const where = `_dmarc.${walk.recordDomain}`;
  const via =
    walk.policyTag === 'p'
      ? `its p=${walk.policy}`
      : walk.policyTag === 'sp'
        ? `its sp=${walk.policy} (the policy for subdomains)`
        : `its np=${walk.policy} (the policy for names that do not exist)`;
  const stray =
    txt.length > 0
      ? ` The TXT record(s) at ${exp.name} are not DMARC records and are ignored (${listValues(txt)}).`
      : '';
  const base = `No DMARC record at ${exp.name}: receivers apply the record at ${where} (${clip(walk.record.raw)}) through ${via}.${stray}`;
  const dmarc = applied(walk);
  if (walk.policy === 'none') {
    const tighter = noWeakerThan(
      exp.expected ?? `v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@${ctx.domain}`,
      'quarantine',
    );
    return {
      codes: ['dmarc_inherited', 'dmarc_policy_none'],
      message: `${base} With p=none in force, receivers report on failing mail but still deliver it.`,
      fix: `Once the aggregate reports show your legitimate mail passing SPF or DKIM, tighten it: publish at ${exp.name}: ${txtForProvider(tighter, ctx)} (or raise the ${walk.policyTag === 'p' ? 'p' : walk.policyTag}= of ${where} for every ${walk.policyTag === 'p' ? 'name' : 'subdomain'} it covers).`,
      found,
      dmarc,
    };
  }
  return {
    codes: ['dmarc_inherited'],
    message: `${base} That protects ${exp.name.replace(/^_dmarc\./, '')} as it is; a record published at ${exp.name} would replace it, so it must not be weaker than p=${walk.policy}.`,
    fix: null,
    found,
    dmarc,
  };
}
