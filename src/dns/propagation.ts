import type { DnsServerAnswer } from '../shared/dns-check';

/**
 * The resolvers' side of the propagation view. A resolver that answers differently from the
 * authoritative servers is serving a cached answer; it will ask again once that answer's TTL
 * (or, for a cached "does not exist", the zone's negative-caching TTL) runs out.
 */
export type Spread =
  | { kind: 'agree' }
  | { kind: 'unknown'; message: string }
  | { kind: 'lagging'; message: string; fix: string; agreeBy: string };

export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function describe(cell: DnsServerAnswer, ttlLeft: number | null): string {
  const who = cell.host ? `${cell.host} (${cell.server})` : cell.server;
  const what =
    cell.answers.length > 0
      ? `still serves ${cell.answers.map((a) => `"${a.length > 50 ? `${a.slice(0, 49)}…` : a}"`).join(', ')}`
      : cell.rcode === 'NXDOMAIN'
        ? 'still has "name does not exist" cached'
        : 'still has "no such record" cached';
  const left = ttlLeft === null ? 'for an unknown time' : `for up to ${ttlLeft} s more`;
  return `${who} ${what} ${left}`;
}

export function propagation(
  resolvers: DnsServerAnswer[],
  negativeTtl: number | null,
  now: Date,
): Spread {
  if (resolvers.length === 0) return { kind: 'agree' };
  const answered = resolvers.filter((c) => c.agrees !== null);
  if (answered.length === 0) {
    return {
      kind: 'unknown',
      message: `None of the ${resolvers.length} resolvers answered, so propagation could not be checked.`,
    };
  }
  const lagging = answered.filter((c) => c.agrees === false);
  if (lagging.length === 0) return { kind: 'agree' };
  const ttls = lagging.map((c) => {
    const negative = c.answers.length === 0;
    return c.ttl ?? (negative ? negativeTtl : null);
  });
  const known = ttls.filter((t): t is number => t !== null);
  const longest = known.length > 0 ? Math.max(...known) : (negativeTtl ?? 0);
  const agreeBy = new Date(now.getTime() + longest * 1000);
  const details = lagging.map((c, i) => describe(c, ttls[i] ?? null)).join('; ');
  const when = formatUtc(agreeBy);
  return {
    kind: 'lagging',
    message: `The authoritative servers are right, but ${lagging.length} of ${resolvers.length} resolvers are not yet: ${details}. All should agree by ${when}.`,
    fix: `Nothing to change in DNS: wait until ${when}, then check again.`,
    agreeBy: agreeBy.toISOString(),
  };
}
