import type { DnsCheckCode } from '../../shared/dns-check';
import { isSpf, parseSpf, spfTree, spfTreeOf, SPF_LOOKUP_LIMIT, targetName } from './spf-tree';
import type { BrokenTarget, SpfTerm } from './spf-tree';
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

export { isSpf, parseSpf, SPF_LOOKUP_LIMIT } from './spf-tree';
export type { SpfTerm } from './spf-tree';

function includeTargets(terms: SpfTerm[]): string[] {
  return terms
    .filter((t) => t.name === 'include' && !t.modifier && t.value)
    .map((t) => targetName(t.value ?? ''));
}

export interface LookupCount {
  count: number;
  /** Per top-level term, what it costs (`include:_spf.example.net` → 4). */
  costs: { term: string; cost: number }[];
  /** Include and redirect targets whose SPF record could not be read or is missing. */
  unresolved: string[];
}

/** Counts DNS-querying terms, following include and redirect through the resolvers. */
export async function countLookups(record: string, ctx: CheckContext): Promise<LookupCount> {
  const tree = await spfTree(record, ctx);
  return {
    count: tree.count,
    costs: tree.costs,
    unresolved: [...tree.unreadable, ...tree.broken.map((b) => b.name)],
  };
}

/** "1 DNS lookup", "3 DNS lookups". */
function lookupCount(n: number): string {
  return `${n} DNS lookup${n === 1 ? '' : 's'}`;
}

function permissiveAll(terms: SpfTerm[]): SpfTerm | undefined {
  return terms.find((t) => t.name === 'all' && (t.qualifier === '+' || t.qualifier === '?'));
}

export interface MergeOptions {
  /** Includes to leave out (broken ones). */
  remove?: readonly string[];
  /** The `all` qualifier each redirect target ends with, when read (see SpfTree.alls). */
  alls?: ReadonlyMap<string, SpfTerm['qualifier'] | null>;
}

/**
 * One SPF record from several, never weaker than what is published: mechanisms kept in order
 * (each once), the missing includes added, `all` last with the strictest qualifier found (never +
 * or ?; -all stays -all). A redirect (only in force where its record has no `all`) becomes an
 * include followed by its target's own `all`; when that is unknown the redirect stays as it is.
 */
export function mergeSpf(
  records: string[],
  addIncludes: string[],
  options: MergeOptions = {},
): string {
  const seen = new Set<string>();
  const removed = new Set((options.remove ?? []).map(targetName));
  const mechanisms: string[] = [];
  const alls: SpfTerm['qualifier'][] = [];
  const redirects: string[] = [];
  let exp: string | null = null;
  const push = (term: string): void => {
    const key = term.replace(/^\+/, '').toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    mechanisms.push(term);
  };
  for (const record of records) {
    const terms = parseSpf(record);
    const hasAll = terms.some((t) => t.name === 'all' && !t.modifier);
    for (const t of terms) {
      if (t.name === 'all') alls.push(t.qualifier);
      else if (t.modifier && t.name === 'redirect' && t.value && !hasAll) redirects.push(t.value);
      else if (t.modifier && t.name === 'exp') exp ??= t.raw;
      else if (!t.modifier && !(t.name === 'include' && removed.has(targetName(t.value ?? ''))))
        push(t.raw);
    }
  }
  for (const include of addIncludes) push(`include:${include}`);
  let tail: string;
  const kept = redirects.find((r) => !options.alls?.get(targetName(r)));
  if (alls.length === 0 && redirects.length === 1 && kept !== undefined) {
    tail = `redirect=${kept}`;
  } else {
    for (const r of redirects) {
      push(`include:${r}`);
      const q = options.alls?.get(targetName(r));
      if (q) alls.push(q);
    }
    tail = alls.includes('-') ? '-all' : '~all';
  }
  return ['v=spf1', ...mechanisms, tail, ...(exp ? [exp] : [])].join(' ');
}

async function mergedFix(
  records: string[],
  includes: string[],
  name: string,
  ctx: CheckContext,
  action: string,
  remove: string[] = [],
): Promise<string> {
  const trees = await Promise.all(records.map((r) => spfTree(r, ctx)));
  const alls = new Map(trees.flatMap((t) => [...t.alls]));
  const merged = mergeSpf(records, includes, { remove, alls });
  const { count, costs } = await spfTree(merged, ctx);
  const length = Buffer.byteLength(merged);
  if (count > SPF_LOOKUP_LIMIT) {
    const listed = costs.map((c) => `${c.term} (${c.cost})`).join(', ');
    return `${action} cannot stay within ${SPF_LOOKUP_LIMIT} DNS lookups: the merged record ${merged} would need ${count} (${listed}). Remove the senders you no longer use, or replace an include with the ip4:/ip6: ranges its owner documents, until the count is ${SPF_LOOKUP_LIMIT} or less; then publish that single record at ${name}.`;
  }
  return `Publish this single SPF record at ${name} (${lookupCount(count)} of ${SPF_LOOKUP_LIMIT}, ${length} characters): ${txtForProvider(merged, ctx)}. ${action === 'A merge' ? 'Delete the other v=spf1 records. ' : ''}${hostInstruction(name, ctx)}`;
}

/** Why each broken include stops evaluation, one phrase each. */
function brokenProblems(broken: BrokenTarget[]): string[] {
  return broken.map((b) =>
    b.direct
      ? `${b.via} names ${b.name}, which ${b.why}: receivers stop there with a permanent error (permerror)`
      : `${b.via} leads to ${b.name}, which ${b.why}: receivers stop there with a permanent error (permerror)`,
  );
}

/** Includes named by any of the records, or reached through them with a pass. */
async function reachedBy(records: string[], ctx: CheckContext): Promise<Set<string>> {
  const trees = await Promise.all(records.map((r) => spfTree(r, ctx)));
  return new Set(trees.flatMap((t) => [...t.reached]));
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
      const reached = await reachedBy(clean, ctx);
      return {
        codes: ['quoted_value'],
        message: `The SPF record at ${exp.name} was published with literal quote characters (${listValues(quoted)}), so it does not start with v=spf1 and mail receivers ignore it.`,
        fix: await mergedFix(
          clean,
          wanted.filter((w) => !reached.has(w)),
          exp.name,
          ctx,
          'Removing the quotes',
        ),
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
    const reached = await reachedBy(spfs, ctx);
    const absent = wanted.filter((w) => !reached.has(w));
    const merged = mergeSpf(spfs, absent);
    if ((await spfTree(merged, ctx)).count > SPF_LOOKUP_LIMIT) codes.push('spf_too_many_lookups');
    return {
      codes,
      message: `${exp.name} has ${spfs.length} SPF records (${listValues(spfs)}); with more than one, receivers treat SPF as broken (permerror) and ignore all of them.`,
      fix: await mergedFix(spfs, absent, exp.name, ctx, 'A merge'),
      found,
    };
  }
  return checkOneSpf(spfs[0] ?? '', exp, ctx, wanted, found);
}

/** The domain's one SPF record, followed through its includes as receivers evaluate it. */
async function checkOneSpf(
  record: string,
  exp: Expectation,
  ctx: CheckContext,
  wanted: string[],
  found: string[],
): Promise<Verdict> {
  const terms = parseSpf(record);
  const tree = await spfTreeOf(terms, ctx);
  const named = new Set(includeTargets(terms));
  const absent = wanted.filter((w) => !tree.reached.has(w));
  const nested = wanted.filter((w) => tree.reached.has(w) && !named.has(w));
  if (absent.length > 0 && tree.unreadable.length > 0) {
    return {
      codes: ['lookup_failed'],
      message: `The SPF record at ${exp.name} (${clip(record)}) does not name ${absent.map((a) => `include:${a}`).join(' and ')} itself, and whether it reaches it through its includes could not be read: no resolver answered for the SPF record of ${tree.unreadable.join(', ')}. This says nothing about whether the include is there.`,
      fix: `Check again in a few minutes; if it lasts, check that ${tree.unreadable.join(' and ')} publish their SPF records.`,
      found,
    };
  }
  const loose = permissiveAll(terms);
  const codes: DnsCheckCode[] = [];
  const problems: string[] = [];
  if (absent.length > 0) {
    codes.push('spf_include_missing');
    problems.push(`it lacks ${absent.map((a) => `include:${a}`).join(' and ')}`);
  }
  if (tree.broken.length > 0) {
    codes.push('spf_include_broken');
    problems.push(...brokenProblems(tree.broken));
  }
  if (loose) {
    codes.push('spf_permissive_all');
    problems.push(`it ends in ${loose.raw}, which lets anyone send as ${ctx.domain}`);
  }
  if (tree.count > SPF_LOOKUP_LIMIT) {
    codes.push('spf_too_many_lookups');
    const listed = tree.costs.map((c) => `${c.term} (${c.cost})`).join(', ');
    problems.push(
      `it needs ${tree.count} DNS lookups where ${SPF_LOOKUP_LIMIT} is the limit (${listed})`,
    );
  }
  const unresolved =
    tree.unreadable.length > 0
      ? ` Could not read the SPF record of ${tree.unreadable.join(', ')}.`
      : '';
  if (codes.length === 0) {
    const through =
      nested.length > 0
        ? ` with the expected include, reached through its own includes (${nested.map((n) => `include:${n}`).join(', ')} is not named in the record itself, which is enough)`
        : wanted.length > 0
          ? ' with the expected include'
          : '';
    return {
      codes: ['ok'],
      message: `One SPF record at ${exp.name}${through}: ${clip(record)} (${lookupCount(tree.count)} of ${SPF_LOOKUP_LIMIT}).${unresolved}`,
      fix: null,
      found,
    };
  }
  const direct = tree.broken.filter((b) => b.direct).map((b) => b.name);
  const nestedBroken = tree.broken.filter((b) => !b.direct);
  let fix: string;
  if (absent.length > 0 || loose || direct.length > 0) {
    const action =
      absent.length > 0
        ? 'Adding the include'
        : loose
          ? `Replacing ${loose.raw}`
          : 'Removing the broken include';
    fix = await mergedFix([record], absent, exp.name, ctx, action, direct);
    fix = `Do not add a second SPF record: edit the existing one. ${fix}`;
  } else if (nestedBroken.length > 0) {
    const vias = [...new Set(nestedBroken.map((b) => b.via))];
    const owners = nestedBroken.map((b) => `${b.name} (reached through ${b.via})`).join(', ');
    const removable = vias.map((v) => targetName(v.replace(/^[+?~-]?(include:|redirect=)/i, '')));
    // What was reached through the removed include must then be named in the record itself.
    const keep = wanted.filter((w) => !named.has(w));
    const without = await mergedFix([record], keep, exp.name, ctx, 'Removing it', removable);
    fix = `Ask whoever runs ${owners} to publish one SPF record there. If you no longer send through ${vias.join(' and ')}, remove it instead: ${without}`;
  } else {
    const listed = tree.costs.map((c) => `${c.term} (${c.cost})`).join(', ');
    fix = `Bring ${exp.name}'s SPF record to ${SPF_LOOKUP_LIMIT} DNS lookups or fewer: remove the senders you no longer use, or replace an include with the ip4:/ip6: ranges its owner documents. Current costs: ${listed}.`;
  }
  return {
    codes,
    message: `The SPF record at ${exp.name} (${clip(record)}) fails: ${problems.join('; ')}.${unresolved}`,
    fix,
    found,
  };
}
