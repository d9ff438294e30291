import type { DnsServerAnswer, DomainCheckResult } from '../shared/dns-check';

/** The propagation view's shape: one row per server asked, one column per record. */

export interface ServerRow {
  key: string;
  label: string;
  address: string;
  role: DnsServerAnswer['role'];
}

/** Every server asked, authoritative first, in the order the check met them. */
export function serverRows(check: DomainCheckResult): ServerRow[] {
  const rows = new Map<string, ServerRow>();
  for (const record of check.records) {
    for (const s of record.servers) {
      const key = `${s.role}|${s.server}`;
      if (!rows.has(key)) {
        rows.set(key, { key, label: s.host ?? s.server, address: s.server, role: s.role });
      }
    }
  }
  return [...rows.values()].sort((a, b) =>
    a.role === b.role ? 0 : a.role === 'authoritative' ? -1 : 1,
  );
}

/** When every resolver should serve what the authoritative servers do; null when they already do. */
export function agreeBy(check: DomainCheckResult): string | null {
  const times = check.records.map((r) => r.agreeBy).filter((t): t is string => t !== null);
  return times.length === 0 ? null : times.reduce((a, b) => (a > b ? a : b));
}
