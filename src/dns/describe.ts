import type { QueryResult } from './client';
import { formatServer } from './server-address';

/**
 * Servers and what went wrong with them, in words a person reads in a message: "ns1.example.test
 * at 192.0.2.53:53 timed out", never a bracketed rcode. Every message that names a failing server
 * goes through here, so they all read alike.
 */

/** `ns1.example.test at 192.0.2.53:53`, or the address alone when the server has no name. */
export function serverName(server: QueryResult['server']): string {
  const address = formatServer(server);
  return server.label && server.label !== address ? `${server.label} at ${address}` : address;
}

/** The reason part of a client error (`192.0.2.1:53: connection refused` → `connection refused`). */
function reasonOf(result: Pick<QueryResult, 'error' | 'server'>): string | null {
  if (result.error === undefined) return null;
  const prefix = `${formatServer(result.server)}: `;
  return result.error.startsWith(prefix) ? result.error.slice(prefix.length) : result.error;
}

/** What a server did, as a verb phrase: "timed out", "refused the query (REFUSED)", … */
export function outcomeOf(
  result: Pick<QueryResult, 'rcode' | 'authoritative' | 'recursion' | 'error' | 'server'>,
): string {
  const reason = reasonOf(result);
  switch (result.rcode) {
    case 'TIMEOUT':
      return 'timed out';
    case 'UNREACHABLE':
      return `is unreachable (${reason ?? 'connection refused'})`;
    case 'NETWORK_ERROR':
      return `could not be asked (${reason ?? 'network error'})`;
    case 'MALFORMED':
      return 'sent answers that could not be decoded';
    case 'ABORTED':
      return 'was not waited for (the check was stopped)';
    case 'SERVFAIL':
      return 'answered SERVFAIL (server failure)';
    case 'REFUSED':
      return result.recursion
        ? 'refused the query (REFUSED)'
        : 'refused the query (REFUSED: it does not serve this zone)';
    case 'NOERROR':
    case 'NXDOMAIN':
      return result.recursion || result.authoritative
        ? `answered ${result.rcode}`
        : 'answered without authority (it does not serve this zone: a lame delegation)';
    default:
      return `answered ${result.rcode}`;
  }
}

/** "ns1.example.test at 192.0.2.53:53 timed out, 192.0.2.54:53 answered SERVFAIL (…)". */
export function describeFailures(
  results: readonly Pick<
    QueryResult,
    'rcode' | 'authoritative' | 'recursion' | 'error' | 'server'
  >[],
): string {
  return results.map((r) => `${serverName(r.server)} ${outcomeOf(r)}`).join(', ');
}

/** "a", "a and b", "a, b and c". */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}
