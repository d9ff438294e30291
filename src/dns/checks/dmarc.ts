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
import { parseTags } from './dkim';

const POLICIES = new Set(['none', 'quarantine', 'reject']);

function isDmarc(txt: string): boolean {
  return /^v\s*=\s*DMARC1\s*(;|$)/i.test(txt.trim());
}

/** Why a record that starts with v=DMARC1 is still invalid (RFC 7489 §6.3), or null. */
function dmarcProblem(record: string): string | null {
  const tags = parseTags(record);
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

function suggested(exp: Expectation, domain: string): string {
  return exp.expected ?? `v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}`;
}

export function checkDmarc(obs: Observation, exp: Expectation, ctx: CheckContext): Verdict {
  const txt = ofType(obs, 'TXT');
  const found = foundValues(obs, 'TXT');
  const wanted = suggested(exp, ctx.domain);
  if (txt.length === 0) {
    const missing = missingVerdict(obs, exp, ctx);
    missing.fix = publishFix('TXT', exp.name, wanted, ctx);
    return missing;
  }
  const records = txt.filter(isDmarc);
  if (records.length === 0) {
    const quoted = txt.find((t) => isDmarc(unquote(t) ?? ''));
    if (quoted !== undefined) {
      return {
        codes: ['quoted_value'],
        message: `The DMARC record at ${exp.name} was published with literal quote characters (${clip(quoted)}), so receivers do not see v=DMARC1 first and ignore it.`,
        fix: `Edit it and remove the quote characters: ${txtForProvider(unquote(quoted) ?? wanted, ctx)}`,
        found,
      };
    }
    return {
      codes: ['dmarc_invalid'],
      message: `The TXT record(s) at ${exp.name} are not DMARC records (a DMARC record starts with v=DMARC1;): ${listValues(txt)}.`,
      fix: `Replace them with: ${txtForProvider(wanted, ctx)}`,
      found,
    };
  }
  if (records.length > 1) {
    return {
      codes: ['dmarc_multiple'],
      message: `${exp.name} has ${records.length} DMARC records (${listValues(records)}); with more than one, receivers apply no DMARC policy at all.`,
      fix: `Keep one DMARC record at ${exp.name} and delete the others. To keep: ${txtForProvider(exp.expected !== null && records.includes(exp.expected) ? exp.expected : (records.find((r) => dmarcProblem(r) === null) ?? wanted), ctx)}`,
      found,
    };
  }
  const record = records[0] ?? '';
  const problem = dmarcProblem(record);
  if (problem !== null) {
    return {
      codes: ['dmarc_invalid'],
      message: `The DMARC record at ${exp.name} is invalid: ${problem}. Found: ${clip(record)}.`,
      fix: `Replace it with: ${txtForProvider(wanted, ctx)}`,
      found,
    };
  }
  if (parseTags(record).get('p')?.toLowerCase() === 'none') {
    const stricter = record.replace(/(^|;)(\s*)p\s*=\s*none/i, '$1$2p=quarantine');
    return {
      codes: ['dmarc_policy_none'],
      message: `The DMARC record at ${exp.name} is valid, with p=none: receivers report on failing mail but still deliver it.`,
      fix: `Once the aggregate reports show your legitimate mail passing SPF or DKIM, tighten the policy: ${txtForProvider(stricter, ctx)}`,
      found,
    };
  }
  return {
    codes: ['ok'],
    message: `One valid DMARC record at ${exp.name}: ${clip(record)}.`,
    fix: null,
    found,
  };
}
