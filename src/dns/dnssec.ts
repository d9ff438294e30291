import { createHash } from 'node:crypto';
import type { Answer } from 'dns-packet';
import type { DnssecStatus } from '../shared/dns-check';
import { isAnswered } from './client';
import type { QueryResult } from './client';
import { observe } from './observe';
import { formatUtc } from './propagation';
import type { DnsSession } from './session';
import { canonicalName } from './wire';
import type { Zone } from './zones';

/**
 * DNSSEC as validating resolvers see a zone: whether it is signed (a DS at its parent), and when
 * validating resolvers reject it while its own servers answer ("works here, fails for Gmail"),
 * why: a DS with no matching DNSKEY, no DNSKEY at all, or signatures out of their validity period.
 * Signatures themselves are not verified here: the resolvers already did that.
 */

interface DsData {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: Buffer;
}

interface DnskeyData {
  flags: number;
  algorithm: number;
  key: Buffer;
}

interface RrsigData {
  typeCovered: string;
  keyTag: number;
  expiration: number;
  inception: number;
}

/** What the zone and its parent publish, read once per zone and check. */
export interface ZoneKeys {
  apex: string;
  /** DS records at the parent; null when no resolver answered. */
  ds: DsData[] | null;
  /** DNSKEY records at the apex; null when none of the zone's servers answered. */
  dnskeys: DnskeyData[] | null;
  /** Signatures over the DNSKEY set. */
  sigs: RrsigData[];
}

export type BogusCause = 'missing_dnskey' | 'ds_mismatch' | 'expired' | 'not_yet_valid' | 'invalid';

export interface Diagnosis {
  cause: BogusCause;
  message: string;
  fix: string;
}

const DIGESTS: Readonly<Record<number, string>> = { 1: 'sha1', 2: 'sha256', 4: 'sha384' };
const SECURE_ENTRY_POINT = 0x0001;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Records of one type at a name, data checked field by field (a hostile server chose it). */
function dataOf(answers: Answer[], owner: string, type: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const a of answers) {
    if (a.type !== type || typeof a.name !== 'string' || canonicalName(a.name) !== owner) continue;
    const data: unknown = 'data' in a ? a.data : undefined;
    if (isObject(data)) out.push(data);
  }
  return out;
}

function asDs(d: Record<string, unknown>): DsData | null {
  const { keyTag, algorithm, digestType, digest } = d;
  return typeof keyTag === 'number' &&
    typeof algorithm === 'number' &&
    typeof digestType === 'number' &&
    Buffer.isBuffer(digest)
    ? { keyTag, algorithm, digestType, digest }
    : null;
}

function asDnskey(d: Record<string, unknown>): DnskeyData | null {
  const { flags, algorithm, key } = d;
  return typeof flags === 'number' && typeof algorithm === 'number' && Buffer.isBuffer(key)
    ? { flags, algorithm, key }
    : null;
}

function asRrsig(d: Record<string, unknown>): RrsigData | null {
  const { typeCovered, keyTag, expiration, inception } = d;
  return typeof typeCovered === 'string' &&
    typeof keyTag === 'number' &&
    typeof expiration === 'number' &&
    typeof inception === 'number'
    ? { typeCovered, keyTag, expiration, inception }
    : null;
}

function dnskeyRdata(k: DnskeyData): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(k.flags, 0);
  head[2] = 3;
  head[3] = k.algorithm;
  return Buffer.concat([head, k.key]);
}

/** RFC 4034 Appendix B. */
export function keyTag(k: DnskeyData): number {
  const rdata = dnskeyRdata(k);
  let acc = 0;
  for (let i = 0; i < rdata.length; i++) acc += i & 1 ? (rdata[i] ?? 0) : (rdata[i] ?? 0) << 8;
  acc += (acc >> 16) & 0xffff;
  return acc & 0xffff;
}

function nameWire(name: string): Buffer {
  const labels = canonicalName(name)
    .split('.')
    .filter((l) => l !== '');
  return Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([Buffer.byteLength(l)]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
}

/** The DS digest of a key (RFC 4034 §5.1.4), or null for a digest type not known here. */
export function dsDigest(owner: string, k: DnskeyData, digestType: number): Buffer | null {
  const algorithm = DIGESTS[digestType];
  if (algorithm === undefined) return null;
  return createHash(algorithm)
    .update(Buffer.concat([nameWire(owner), dnskeyRdata(k)]))
    .digest();
}

/** A DS record for the zone's key, as registrars ask for it (SHA-256). */
function dsText(apex: string, k: DnskeyData): string {
  const digest = dsDigest(apex, k, 2)?.toString('hex').toUpperCase() ?? '';
  return `${apex}. IN DS ${keyTag(k)} ${k.algorithm} 2 ${digest}`;
}

function matches(apex: string, ds: DsData, keys: DnskeyData[]): boolean {
  return keys.some((k) => {
    if (k.algorithm !== ds.algorithm || keyTag(k) !== ds.keyTag) return false;
    const digest = dsDigest(apex, k, ds.digestType);
    // A digest type we cannot compute: the resolvers judge it; assume it matches.
    return digest === null || digest.equals(ds.digest);
  });
}

const tags = (list: { keyTag: number }[]): string =>
  [...new Set(list.map((d) => d.keyTag))].join(', ');

/** Why validating resolvers reject the zone, from what it and its parent publish; null if unseen. */
export function diagnose(keys: ZoneKeys, now: Date): Diagnosis | null {
  const { apex, ds, dnskeys, sigs } = keys;
  if (ds === null || ds.length === 0 || dnskeys === null) return null;
  if (dnskeys.length === 0) {
    return {
      cause: 'missing_dnskey',
      message: `The parent zone publishes a DS record for ${apex} (key tag ${tags(ds)}), but ${apex} publishes no DNSKEY: it is not signed (any more), so validating resolvers reject every answer from it.`,
      fix: `Remove the DS record of ${apex} at your registrar, or turn DNSSEC signing back on at your DNS host and give the registrar the DS of its new key. Until then, receivers that validate DNSSEC (most public resolvers and large mailbox providers) see none of the zone's records.`,
    };
  }
  if (!ds.some((d) => matches(apex, d, dnskeys))) {
    const entry = dnskeys.filter((k) => k.flags & SECURE_ENTRY_POINT);
    const current = (entry.length > 0 ? entry : dnskeys).map((k) => dsText(apex, k));
    return {
      cause: 'ds_mismatch',
      message: `The DS record for ${apex} at its parent (key tag ${tags(ds)}) matches none of the zone's DNSKEYs (key tag ${tags(dnskeys.map((k) => ({ keyTag: keyTag(k) })))}): the keys were changed without updating the registrar, so validating resolvers reject every answer from the zone.`,
      fix: `At your registrar, replace the DS record of ${apex} with the one for the zone's current key: ${current.join(' ; ')}`,
    };
  }
  const seconds = Math.floor(now.getTime() / 1000);
  const expired = sigs.filter((s) => s.expiration < seconds);
  if (expired.length > 0) {
    const when = formatUtc(new Date(Math.max(...expired.map((s) => s.expiration)) * 1000));
    return {
      cause: 'expired',
      message: `The signatures of ${apex} expired (on ${when}, key tag ${tags(expired)}): validating resolvers reject every answer from the zone.`,
      fix: `Re-sign the zone: your DNS host's DNSSEC signing has stopped renewing its signatures (if you sign it yourself, sign it again and publish it, and renew it before the signatures expire).`,
    };
  }
  const early = sigs.filter((s) => s.inception > seconds);
  if (early.length > 0) {
    const when = formatUtc(new Date(Math.min(...early.map((s) => s.inception)) * 1000));
    return {
      cause: 'not_yet_valid',
      message: `The signatures of ${apex} are not valid before ${when} (key tag ${tags(early)}): validating resolvers reject every answer from the zone until then.`,
      fix: `Re-sign the zone with a start time in the past, and check the clock of the machine that signs it.`,
    };
  }
  return null;
}

/**
 * Per check: each zone's keys read once, and the "bogus" test for a record: its zone's servers
 * answered, its validating resolvers answered SERVFAIL, and the same question with checking
 * disabled (CD) gets an answer.
 */
export class Dnssec {
  private readonly keys = new Map<string, Promise<ZoneKeys>>();

  constructor(
    private readonly session: DnsSession,
    private readonly now: () => Date,
  ) {}

  keysOf(zone: Zone): Promise<ZoneKeys> {
    let pending = this.keys.get(zone.apex);
    if (!pending) {
      pending = this.read(zone);
      this.keys.set(zone.apex, pending);
    }
    return pending;
  }

  private async read(zone: Zone): Promise<ZoneKeys> {
    const { apex } = zone;
    const [dsResult, keyResults] = await Promise.all([
      this.session.resolve(apex, 'DS'),
      this.session.askGroup(zone.servers, apex, 'DNSKEY', false, { dnssecOk: true }),
    ]);
    const ds = dsResult && observe(dsResult) ? pick(dsResult.answers, apex, 'DS', asDs) : null;
    const keyResult = keyResults.find((r) => r.authoritative && isAnswered(r));
    return {
      apex,
      ds,
      dnskeys: keyResult ? pick(keyResult.answers, apex, 'DNSKEY', asDnskey) : null,
      sigs: keyResult
        ? pick(keyResult.answers, apex, 'RRSIG', asRrsig).filter((s) => s.typeCovered === 'DNSKEY')
        : [],
    };
  }

  /** Whether the resolvers that failed this question reject it for DNSSEC, and why. */
  async bogus(
    zone: Zone,
    resolverResults: QueryResult[],
  ): Promise<{ diagnosis: Diagnosis | null } | null> {
    const failing = resolverResults.filter((r) => r.rcode === 'SERVFAIL');
    if (failing.length === 0) return null;
    const unchecked = await Promise.all(
      failing.map((r) =>
        this.session.query(r.server, r.name, r.type, true, undefined, { checkingDisabled: true }),
      ),
    );
    if (!unchecked.some(isAnswered)) return null;
    return { diagnosis: diagnose(await this.keysOf(zone), this.now()) };
  }

  /**
   * The zone's DNSSEC as the result reports it. `bogus` only when validating resolvers were seen
   * rejecting it (then its records fail too); a broken chain that the resolvers asked do not
   * check is reported in the message of a signed zone.
   */
  async status(zone: Zone, bogusSeen: boolean): Promise<DnssecStatus> {
    const keys = await this.keysOf(zone);
    const { apex } = zone;
    const diagnosis = diagnose(keys, this.now());
    if (bogusSeen) {
      return {
        state: 'bogus',
        zone: apex,
        message:
          diagnosis?.message ??
          `Validating resolvers reject the answers of ${apex} (SERVFAIL, while the same question with DNSSEC checking disabled is answered), though its DS matches a DNSKEY and no signature is out of date: a signature does not verify, or uses an algorithm they do not support.`,
        fix:
          diagnosis?.fix ??
          `Re-sign the zone at your DNS host; if it lasts, ask them, with the report of a DNSSEC analyser for ${apex}.`,
      };
    }
    if (keys.ds === null) {
      return {
        state: 'unknown',
        zone: apex,
        message: `Whether ${apex} is signed with DNSSEC could not be read: no resolver answered for its DS record.`,
        fix: null,
      };
    }
    if (keys.ds.length === 0) {
      return {
        state: 'unsigned',
        zone: apex,
        message:
          keys.dnskeys && keys.dnskeys.length > 0
            ? `${apex} publishes DNSKEYs, but its parent has no DS record for it: resolvers treat it as unsigned (DNSSEC is not in use).`
            : `${apex} is not signed with DNSSEC (no DS record at its parent): resolvers accept its answers without validation.`,
        fix: null,
      };
    }
    if (diagnosis) {
      return {
        state: 'signed',
        zone: apex,
        message: `${diagnosis.message} The resolvers asked by this check do not validate DNSSEC, so they still answer; those of most receivers do. To fix: ${diagnosis.fix}`,
        fix: null,
      };
    }
    return {
      state: 'signed',
      zone: apex,
      message:
        keys.dnskeys === null
          ? `${apex} is signed with DNSSEC (a DS record at its parent, key tag ${tags(keys.ds)}); its DNSKEYs could not be read from its servers.`
          : `${apex} is signed with DNSSEC: the DS record at its parent (key tag ${tags(keys.ds)}) matches its DNSKEY, and its signatures are in date.`,
      fix: null,
    };
  }
}

function pick<T>(
  answers: Answer[],
  owner: string,
  type: string,
  as: (d: Record<string, unknown>) => T | null,
): T[] {
  return dataOf(answers, owner, type)
    .map(as)
    .filter((v): v is T => v !== null);
}
