import type { CheckContext } from './common';

/**
 * An SPF record and everything its includes and redirect reach, read as receivers evaluate it
 * (RFC 7208): the DNS lookups it costs, the includes a sender reaches with a pass, and the names
 * that stop evaluation with an error. Lookups go through `ctx.lookupTxt`, so each name is asked
 * once per check, and each include is asked as soon as the record naming it arrives.
 */

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

/** An include or redirect target as compared: lowercase, no trailing dot. */
export function targetName(value: string): string {
  return value.toLowerCase().replace(/\.$/, '');
}

/** A name that makes receivers stop with permerror, and which top-level term leads there. */
export interface BrokenTarget {
  name: string;
  /** The top-level include or redirect it is reached through (the term as written). */
  via: string;
  /** True when it is that top-level term's own target (the record itself names it). */
  direct: boolean;
  why: string;
}

export interface SpfTree {
  count: number;
  /** Per top-level term, what it costs (`include:_spf.example.net` → 4). */
  costs: { term: string; cost: number }[];
  /** Targets no resolver could read (a temporary error: their content is unknown). */
  unreadable: string[];
  broken: BrokenTarget[];
  /** Every include or redirect target that a sender reaches with a pass. */
  reached: Set<string>;
  /** The `all` qualifier each target read ends with (for merges that must not weaken it). */
  alls: Map<string, SpfTerm['qualifier'] | null>;
}

interface Walk {
  tree: SpfTree;
  ctx: CheckContext;
  costs: Map<string, Promise<number>>;
}

/** Where a term stands in its record: after `all`, nothing is evaluated. */
function reachable(terms: SpfTerm[]): boolean[] {
  let open = true;
  return terms.map((t) => {
    const was = open;
    if (!t.modifier && t.name === 'all') open = false;
    return was;
  });
}

async function costOfTarget(
  walk: Walk,
  target: string,
  depth: number,
  path: string[],
  via: string,
  passing: boolean,
): Promise<number> {
  if (passing) walk.tree.reached.add(target);
  // Macros expand at check time; a loop or depth bomb is an SPF error anyway.
  if (target.includes('%') || depth >= MAX_DEPTH || path.includes(target)) return 0;
  // Costs are shared between paths; what is reached through which path is recorded per path.
  const key = `${target}|${depth}|${passing ? 1 : 0}`;
  let pending = walk.costs.get(key);
  if (!pending) {
    pending = (async () => {
      const found = await walk.ctx.lookupTxt(target);
      if (found.kind === 'error') {
        walk.tree.unreadable.push(target);
        return 0;
      }
      const spfs = found.txt.filter(isSpf);
      if (spfs.length !== 1) {
        const why =
          spfs.length > 1
            ? `has ${spfs.length} SPF records`
            : found.rcode === 'NXDOMAIN'
              ? 'does not exist'
              : 'has no SPF record';
        walk.tree.broken.push({ name: target, via, direct: depth === 0, why });
        walk.tree.alls.set(target, null);
        return 0;
      }
      const terms = parseSpf(spfs[0] ?? '');
      walk.tree.alls.set(target, terms.find((t) => t.name === 'all')?.qualifier ?? null);
      return costOfTerms(walk, terms, depth + 1, [...path, target], via, passing);
    })();
    walk.costs.set(key, pending);
  }
  return pending;
}

/** Whether each term is evaluated for a sender on a passing path, and with which outcome. */
function passingTerms(terms: SpfTerm[], passing: boolean): boolean[] {
  const open = reachable(terms);
  const hasAll = terms.some((t) => !t.modifier && t.name === 'all');
  return terms.map((t, i) => {
    // A redirect is ignored when the record has `all`; only a + include passes a sender on.
    if (t.modifier) return passing && t.name === 'redirect' && !hasAll;
    return passing && open[i] === true && t.name === 'include' && t.qualifier === '+';
  });
}

async function costOfTerm(
  walk: Walk,
  t: SpfTerm,
  passes: boolean,
  depth: number,
  path: string[],
  via: string | null,
): Promise<number> {
  if (!LOOKUP_TERMS.has(t.name)) return 0;
  const followed = t.modifier ? t.name === 'redirect' : t.name === 'include';
  if (!followed || !t.value) return 1;
  const target = targetName(t.value);
  return 1 + (await costOfTarget(walk, target, depth, path, via ?? t.raw, passes));
}

async function costOfTerms(
  walk: Walk,
  terms: SpfTerm[],
  depth: number,
  path: string[],
  via: string | null,
  passing: boolean,
): Promise<number> {
  const passes = passingTerms(terms, passing);
  const costs = await Promise.all(
    terms.map((t, i) => costOfTerm(walk, t, passes[i] === true, depth, path, via)),
  );
  return costs.reduce((a, b) => a + b, 0);
}

/** Walks the record's includes and redirect through the resolvers. */
export async function spfTree(record: string, ctx: CheckContext): Promise<SpfTree> {
  return spfTreeOf(parseSpf(record), ctx);
}

/** spfTree for a record already parsed (a check parses its record once). */
export async function spfTreeOf(terms: SpfTerm[], ctx: CheckContext): Promise<SpfTree> {
  const tree: SpfTree = {
    count: 0,
    costs: [],
    unreadable: [],
    broken: [],
    reached: new Set(),
    alls: new Map(),
  };
  const walk: Walk = { tree, ctx, costs: new Map() };
  const passes = passingTerms(terms, true);
  const costs = await Promise.all(
    terms.map(async (t, i) => ({
      term: t.raw,
      cost: await costOfTerm(walk, t, passes[i] === true, 0, [], null),
    })),
  );
  tree.count = costs.reduce((a, c) => a + c.cost, 0);
  tree.costs = costs.filter((c) => c.cost > 0);
  tree.unreadable = [...new Set(tree.unreadable)];
  return tree;
}
