/**
 * DMARC as receivers apply it (RFC 9989, which obsoletes RFC 7489): the record's tags, the DNS tree
 * walk that finds the policy record and the organisational domain without a public-suffix list, and
 * the policy in force for a domain (p=, sp= or np=). Pure: the DNS answers come in from the caller,
 * so the DNS engine, the message check and the tests share one reading. See docs/diagnostics.md.
 */

export const DMARC_POLICIES = ['none', 'quarantine', 'reject'] as const;
export type DmarcPolicy = (typeof DMARC_POLICIES)[number];

/** How strong a policy is; advice never suggests one weaker than the policy in force. */
export const POLICY_STRENGTH: Readonly<Record<DmarcPolicy, number>> = {
  none: 0,
  quarantine: 1,
  reject: 2,
};

/** The longest name the walk starts from is cut to this many labels (RFC 9989 §4.10). */
const MAX_WALK_LABELS = 7;

export function isDmarcRecord(txt: string): boolean {
  return /^v\s*=\s*DMARC1\s*(;|$)/i.test(txt.trim());
}

/** `tag=value` pairs separated by `;`; tag names lower-cased, values trimmed. The first wins. */
export function parseDmarcTags(record: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of record.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    if (name !== '' && !tags.has(name)) tags.set(name, part.slice(eq + 1).trim());
  }
  return tags;
}

function policyTag(tags: Map<string, string>, name: string): DmarcPolicy | null {
  const value = tags.get(name)?.toLowerCase();
  return value !== undefined && (DMARC_POLICIES as readonly string[]).includes(value)
    ? (value as DmarcPolicy)
    : null;
}

/** A DMARC record as the policy needs it; null when it has no valid p= tag. */
export interface DmarcRecord {
  raw: string;
  p: DmarcPolicy;
  sp: DmarcPolicy | null;
  np: DmarcPolicy | null;
  /** `y`: published by a public suffix operator; `n`: the organisational domain says so. */
  psd: 'y' | 'n' | 'u';
  adkim: 'r' | 's';
  aspf: 'r' | 's';
}

export function parseDmarcRecord(raw: string): DmarcRecord | null {
  if (!isDmarcRecord(raw)) return null;
  const tags = parseDmarcTags(raw);
  // A missing or unknown p= with a reporting address reads as p=none (RFC 9989 §4.7).
  const p = policyTag(tags, 'p') ?? (/mailto:/i.test(tags.get('rua') ?? '') ? 'none' : null);
  if (p === null) return null;
  const psd = tags.get('psd')?.toLowerCase();
  return {
    raw,
    p,
    sp: policyTag(tags, 'sp'),
    np: policyTag(tags, 'np'),
    psd: psd === 'y' || psd === 'n' ? psd : 'u',
    adkim: tags.get('adkim')?.toLowerCase() === 's' ? 's' : 'r',
    aspf: tags.get('aspf')?.toLowerCase() === 's' ? 's' : 'r',
  };
}

/** What one `_dmarc.NAME TXT` question got. */
export type DmarcLookup =
  | { kind: 'answer'; txt: string[] }
  /** NXDOMAIN or no TXT at the name: both mean "no record here". */
  | { kind: 'none' }
  /** No usable answer (timeout, SERVFAIL…): the walk cannot say what applies. */
  | { kind: 'error'; reason: string };

function labelsOf(domain: string): string[] {
  return domain
    .toLowerCase()
    .replace(/\.$/, '')
    .split('.')
    .filter((l) => l !== '');
}

/**
 * The domains the tree walk asks, in order: the domain itself, then (cut to its 7 rightmost labels
 * when it is longer) each parent down to the one-label name. At most 8 names, so a caller can ask
 * them all at once and read the answers in this order.
 */
export function dmarcWalkDomains(domain: string): string[] {
  const labels = labelsOf(domain);
  if (labels.length === 0) return [];
  const names = [labels.join('.')];
  let rest = labels.length > MAX_WALK_LABELS ? labels.slice(-MAX_WALK_LABELS) : labels.slice(1);
  while (rest.length > 0) {
    names.push(rest.join('.'));
    rest = rest.slice(1);
  }
  return names;
}

/** One level's reading: the single valid DMARC record there, or why there is none. */
interface LevelRecord {
  domain: string;
  record: DmarcRecord | null;
  /** Records starting with v=DMARC1 at this level (more than one: none applies). */
  count: number;
  error: string | null;
}

function readLevel(domain: string, lookup: DmarcLookup | undefined): LevelRecord {
  if (lookup === undefined) return { domain, record: null, count: 0, error: 'not asked' };
  if (lookup.kind === 'error') return { domain, record: null, count: 0, error: lookup.reason };
  if (lookup.kind === 'none') return { domain, record: null, count: 0, error: null };
  const dmarc = lookup.txt.filter(isDmarcRecord);
  const record = dmarc.length === 1 ? parseDmarcRecord(dmarc[0] ?? '') : null;
  return { domain, record, count: dmarc.length, error: null };
}

export type DmarcPolicySource = 'domain' | 'subdomain' | 'nonexistent';

export type DmarcDiscovery =
  | {
      kind: 'found';
      /** The domain asked about. */
      domain: string;
      /** Where the record that applies lives (`_dmarc.` + this). */
      recordDomain: string;
      record: DmarcRecord;
      /** True when the record is not at the domain itself but above it. */
      inherited: boolean;
      /** The policy in force for the domain, and which tag gave it. */
      policy: DmarcPolicy;
      policyTag: 'p' | 'sp' | 'np';
      organizationalDomain: string;
    }
  | { kind: 'none'; domain: string; organizationalDomain: string }
  /** A level that mattered gave no usable answer: what applies cannot be known now. */
  | { kind: 'error'; domain: string; failedAt: string; reason: string };

/**
 * Reads the tree walk's answers (keyed by domain, as `dmarcWalkDomains` lists them). `domainExists`
 * false (NXDOMAIN for the domain itself) makes an inherited record's np= apply.
 */
export function discoverDmarc(
  domain: string,
  answers: ReadonlyMap<string, DmarcLookup>,
  domainExists = true,
): DmarcDiscovery {
  const names = dmarcWalkDomains(domain);
  const start = names[0] ?? domain;
  const levels = names.map((name) => readLevel(name, answers.get(name)));
  const found = levels.find((l) => l.record !== null || l.error !== null);
  if (found === undefined) {
    return { kind: 'none', domain: start, organizationalDomain: start };
  }
  if (found.error !== null || found.record === null) {
    return { kind: 'error', domain: start, failedAt: found.domain, reason: found.error ?? '' };
  }
  const record = found.record;
  const inherited = found.domain !== start;
  let policy = record.p;
  let tag: 'p' | 'sp' | 'np' = 'p';
  if (inherited) {
    if (!domainExists && record.np !== null) {
      policy = record.np;
      tag = 'np';
    } else if (record.sp !== null) {
      policy = record.sp;
      tag = 'sp';
    }
  }
  return {
    kind: 'found',
    domain: start,
    recordDomain: found.domain,
    record,
    inherited,
    policy,
    policyTag: tag,
    organizationalDomain: organizationalDomain(levels, start),
  };
}

/**
 * RFC 9989's organisational domain from the walk's levels: the first record with psd=n; else one
 * label below the first psd=y record above the start; else the record with the fewest labels;
 * else the domain itself.
 */
function organizationalDomain(levels: readonly LevelRecord[], start: string): string {
  const withRecord = levels.filter((l) => l.record !== null);
  const psdN = withRecord.find((l) => l.record?.psd === 'n');
  if (psdN) return psdN.domain;
  const psdY = withRecord.find((l) => l.record?.psd === 'y' && l.domain !== start);
  if (psdY) {
    const below = labelsOf(start).slice(-(labelsOf(psdY.domain).length + 1));
    return below.join('.');
  }
  const fewest = withRecord.at(-1);
  return fewest ? fewest.domain : start;
}

/** The organisational domain of any name, from the same answers (for alignment). */
export function organizationalDomainOf(
  domain: string,
  answers: ReadonlyMap<string, DmarcLookup>,
): string {
  const names = dmarcWalkDomains(domain);
  const start = names[0] ?? domain;
  return organizationalDomain(
    names.map((name) => readLevel(name, answers.get(name))),
    start,
  );
}

/**
 * Whether two domains are aligned: strict needs them equal; relaxed needs the same organisational
 * domain.
 */
export function dmarcAligned(
  a: string,
  b: string,
  mode: 'r' | 's',
  answers: ReadonlyMap<string, DmarcLookup>,
): boolean {
  const x = labelsOf(a).join('.');
  const y = labelsOf(b).join('.');
  if (x === y) return true;
  if (mode === 's') return false;
  return organizationalDomainOf(x, answers) === organizationalDomainOf(y, answers);
}

/** Asks every name of the walk at once (one round trip) and reads the answers. */
export async function walkDmarc(
  domain: string,
  lookup: (recordName: string) => Promise<DmarcLookup>,
  domainExists = true,
): Promise<DmarcDiscovery> {
  const names = dmarcWalkDomains(domain);
  const results = await Promise.all(names.map((name) => lookup(`_dmarc.${name}`)));
  return discoverDmarc(domain, new Map(names.map((name, i) => [name, results[i]!])), domainExists);
}
