import type { DnsCheckCode } from '../../shared/dns-check';
import type { Observation } from '../observe';
import { ofType } from '../observe';
import type { CheckContext, Expectation, Verdict } from './common';
import {
  clip,
  foundValues,
  hostInstruction,
  listValues,
  missingVerdict,
  txtForProvider,
  unquote,
} from './common';

/** RFC 7208 §4.6.4: at most 10 terms that cause DNS queries, counted through includes. */
export const SPF_LOOKUP_LIMIT = 10;
const LOOKUP_TERMS = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);
const MAX_DEPTH = 10;

export interface SpfTerm {
  qualifier: '+' | '-' | '~' | '?';
  name: string;
  value: string | null;
  modifier: boolean;
  raw: string;
}

export function isSpf(txt: string): boolean {
  return /^v=spf1(\s|$)/i.test(txt.trim());
}

export function parseSpf(record: string): SpfTerm[] {
  const terms: SpfTerm[] = [];
  for (const raw of record.trim().split(/\s+/).slice(1)) {
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(raw);
    if (modifier) {
      terms.push({
        qualifier: '+',
        name: (modifier[1] ?? '').toLowerCase(),
        value: modifier[2] ?? '',
        modifier: true,
        raw,
      });
      continue;
    }
    const q = /^[+\-~?]/.test(raw) ? (raw[0] as SpfTerm['qualifier']) : '+';
    const body = /^[+\-~?]/.test(raw) ? raw.slice(1) : raw;
    const m = /^([a-z0-9]+)(?:[:/](.*))?$/i.exec(body);
    const name = (m?.[1] ?? body).toLowerCase();
    const value = body.includes(':') ? body.slice(body.indexOf(':') + 1) : null;
    terms.push({ qualifier: q, name, value, modifier: false, raw });
  }
  return terms;
}

function includeTargets(terms: SpfTerm[]): string[] {
  return terms
    .filter((t) => t.name === 'include' && t.value)
    .map((t) => (t.value ?? '').toLowerCase().replace(/\.$/, ''));
}

export interface LookupCount {
  count: number;
  /** Per top-level term, what it costs (`include:_spf.example.net` → 4). */
  costs: { term: string; cost: number }[];
  unresolved: string[];
}

/** Counts DNS-querying terms, following include and redirect through the resolvers. */
export function countLookups(record: string, ctx: CheckContext): Promise<LookupCount> {
  return countTermLookups(parseSpf(record), ctx);
}

/** countLookups for a record already parsed (a check parses its record once). */
async function countTermLookups(terms: SpfTerm[], ctx: CheckContext): Promise<LookupCount> {
  const unresolved: string[] = [];
  const cache = new Map<string, Promise<number>>();
  const costOfTarget = (target: string, depth: number, path: string[]): Promise<number> => {
    const key = `${target}|${depth}`;
    let pending = cache.get(key);
    if (!pending) {
      pending = (async () => {
        // Macros expand at check time; a loop or depth bomb is an SPF error anyway.
        if (target.includes('%') || depth >= MAX_DEPTH || path.includes(target)) return 0;
        const txt = await ctx.lookupTxt(target);
        const spf = txt?.find(isSpf);
        if (spf === undefined) {
          unresolved.push(target);
          return 0;
        }
        return costOfTerms(parseSpf(spf), depth + 1, [...path, target]);
      })();
      cache.set(key, pending);
    }
    return pending;
  };
  const costOfTerm = async (t: SpfTerm, depth: number, path: string[]): Promise<number> => {
    if (!LOOKUP_TERMS.has(t.name)) return 0;
    if ((t.name === 'include' || t.name === 'redirect') && t.value) {
      return 1 + (await costOfTarget(t.value.toLowerCase().replace(/\.$/, ''), depth, path));
    }
    return 1;
  };
  const costOfTerms = async (list: SpfTerm[], depth: number, path: string[]): Promise<number> => {
    const costs = await Promise.all(list.map((t) => costOfTerm(t, depth, path)));
    return costs.reduce((a, b) => a + b, 0);
  };
  const costs = await Promise.all(
    terms.map(async (t) => ({ term: t.raw, cost: await costOfTerm(t, 0, []) })),
  );
  return {
    count: costs.reduce((a, c) => a + c.cost, 0),
    costs: costs.filter((c) => c.cost > 0),
    unresolved: [...new Set(unresolved)],
  };
}

function permissiveAll(terms: SpfTerm[]): SpfTerm | undefined {
  return terms.find((t) => t.name === 'all' && (t.qualifier === '+' || t.qualifier === '?'));
}

/**
 * One SPF record from several: mechanisms kept in order (each once), a redirect turned into an
 * include (a redirect is ignored once `all` is present), the missing includes added, `all` last
 * with the strictest qualifier found (never + or ?).
 */
export function mergeSpf(records: string[], addIncludes: string[]): string {
  const seen = new Set<string>();
  const mechanisms: string[] = [];
  const alls: SpfTerm['qualifier'][] = [];
  let exp: string | null = null;
  const push = (term: string): void => {
    const key = term.replace(/^\+/, '').toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    mechanisms.push(term);
  };
  for (const record of records) {
    for (const t of parseSpf(record)) {
      if (t.name === 'all') alls.push(t.qualifier);
      else if (t.modifier && t.name === 'redirect' && t.value) push(`include:${t.value}`);
      else if (t.modifier && t.name === 'exp') exp ??= t.raw;
      else if (!t.modifier) push(t.raw);
    }
  }
  for (const include of addIncludes) push(`include:${include}`);
  const all = alls.includes('-') ? '-all' : '~all';
  return ['v=spf1', ...mechanisms, all, ...(exp ? [exp] : [])].join(' ');
}

async function mergedFix(
  records: string[],
  includes: string[],
  name: string,
  ctx: CheckContext,
  action: string,
): Promise<string> {
  const merged = mergeSpf(records, includes);
  const { count, costs } = await countLookups(merged, ctx);
  const length = Buffer.byteLength(merged);
  if (count > SPF_LOOKUP_LIMIT) {
    const listed = costs.map((c) => `${c.term} (${c.cost})`).join(', ');
    return `${action} cannot stay within ${SPF_LOOKUP_LIMIT} DNS lookups: the merged record ${merged} would need ${count} (${listed}). Remove the senders you no longer use, or replace an include with the ip4:/ip6: ranges its owner documents, until the count is ${SPF_LOOKUP_LIMIT} or less; then publish that single record at ${name}.`;
  }
  return `Publish this single SPF record at ${name} (${count} DNS lookups of ${SPF_LOOKUP_LIMIT}, ${length} characters): ${txtForProvider(merged, ctx)}. ${action === 'A merge' ? 'Delete the other v=spf1 records. ' : ''}${hostInstruction(name, ctx)}`;
}

export async function checkSpf(
  obs: Observation,
  exp: Expectation,
  ctx: CheckContext,
): Promise<Verdict> {
  const txt = ofType(obs, 'TXT');
  const found = foundValues(obs, 'TXT');
  const spfs = txt.filter(isSpf);
  const wanted = exp.expected ? includeTargets(parseSpf(exp.expected)) : [];
  if (spfs.length === 0) {
    const quoted = txt.filter((t) => isSpf(unquote(t) ?? ''));
    if (quoted.length > 0) {
      const clean = quoted.map((q) => unquote(q) ?? q);
      return {
        codes: ['quoted_value'],
        message: `The SPF record at ${exp.name} was published with literal quote characters (${listValues(quoted)}), so it does not start with v=spf1 and mail receivers ignore it.`,
        fix: await mergedFix(clean, wanted, exp.name, ctx, 'Removing the quotes'),
        found,
      };
    }
    const missing = missingVerdict(obs, exp, ctx);
    if (txt.length > 0)
      missing.message = `No SPF (v=spf1) record at ${exp.name}; its TXT records are ${listValues(txt)}.`;
    if (exp.expected === null) {
      missing.fix = `Publish one TXT record at ${exp.name} starting with v=spf1 that lists the services sending your mail and ends with ~all or -all.`;
    }
    return missing;
  }
  if (spfs.length > 1) {
    const codes: DnsCheckCode[] = ['spf_multiple'];
    const merged = mergeSpf(spfs, wanted);
    if ((await countLookups(merged, ctx)).count > SPF_LOOKUP_LIMIT)
      codes.push('spf_too_many_lookups');
    return {
      codes,
      message: `${exp.name} has ${spfs.length} SPF records (${listValues(spfs)}); with more than one, receivers treat SPF as broken (permerror) and ignore all of them.`,
      fix: await mergedFix(spfs, wanted, exp.name, ctx, 'A merge'),
      found,
    };
  }
  const record = spfs[0] ?? '';
  const terms = parseSpf(record);
  const present = new Set(includeTargets(terms));
  const absent = wanted.filter((w) => !present.has(w));
  const loose = permissiveAll(terms);
  const lookups = await countTermLookups(terms, ctx);
  const codes: DnsCheckCode[] = [];
  const problems: string[] = [];
  if (absent.length > 0) {
    codes.push('spf_include_missing');
    problems.push(`it lacks ${absent.map((a) => `include:${a}`).join(' and ')}`);
  }
  if (loose) {
    codes.push('spf_permissive_all');
    problems.push(`it ends in ${loose.raw}, which lets anyone send as ${ctx.domain}`);
  }
  if (lookups.count > SPF_LOOKUP_LIMIT) {
    codes.push('spf_too_many_lookups');
    const listed = lookups.costs.map((c) => `${c.term} (${c.cost})`).join(', ');
    problems.push(
      `it needs ${lookups.count} DNS lookups where ${SPF_LOOKUP_LIMIT} is the limit (${listed})`,
    );
  }
  const unresolved =
    lookups.unresolved.length > 0
      ? ` Could not read the SPF record of ${lookups.unresolved.join(', ')}.`
      : '';
  if (codes.length === 0) {
    return {
      codes: ['ok'],
      message: `One SPF record at ${exp.name}${wanted.length > 0 ? ' with the expected include' : ''}: ${clip(record)} (${lookups.count} DNS lookups of ${SPF_LOOKUP_LIMIT}).${unresolved}`,
      fix: null,
      found,
    };
  }
  let fix: string;
  if (absent.length > 0 || loose) {
    const action = absent.length > 0 ? 'Adding the include' : `Replacing ${loose?.raw ?? 'all'}`;
    fix = await mergedFix([record], wanted, exp.name, ctx, action);
    fix = `Do not add a second SPF record: edit the existing one. ${fix}`;
  } else {
    const listed = lookups.costs.map((c) => `${c.term} (${c.cost})`).join(', ');
    fix = `Bring ${exp.name}'s SPF record to ${SPF_LOOKUP_LIMIT} DNS lookups or fewer: remove the senders you no longer use, or replace an include with the ip4:/ip6: ranges its owner documents. Current costs: ${listed}.`;
  }
  return {
    codes,
    message: `The SPF record at ${exp.name} (${clip(record)}) fails: ${problems.join('; ')}.${unresolved}`,
    fix,
    found,
  };
}
