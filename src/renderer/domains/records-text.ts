import type { DomainCheckResult, RecordCheckResult } from '../../shared/dns-check';
import type { Domain, DnsRecord } from '../../shared/domain';
import { hostForProvider } from '../../shared/host-field';
import { RECORD_PURPOSE_LABELS } from '../../shared/labels';
import { zoneFile } from '../../shared/zone-file';

/**
 * When the domain already publishes an SPF record, the DNS engine's fix for the SPF row carries
 * the single merged record to publish instead of a second one. This reads it back out of the fix:
 * "Publish this single SPF record at NAME (… characters): RECORD. …", where RECORD is either plain
 * or, for providers that want quotes, a run of quoted strings.
 */
export function publishableSpf(check: Pick<RecordCheckResult, 'purpose' | 'fix'>): string | null {
  if (check.purpose !== 'spf' || !check.fix) return null;
  const start = /Publish this single SPF record at \S+ \([^)]*\): /.exec(check.fix);
  if (!start) return null;
  const rest = check.fix.slice(start.index + start[0].length);
  if (rest.startsWith('"')) {
    const quoted = /^("(?:[^"\\]|\\.)*"(?: "(?:[^"\\]|\\.)*")*)/.exec(rest)?.[1];
    if (!quoted) return null;
    const joined = [...quoted.matchAll(/"((?:[^"\\]|\\.)*)"/g)]
      .map((m) => (m[1] ?? '').replace(/\\(.)/g, '$1'))
      .join('');
    return /^v=spf1\b/i.test(joined) ? joined : null;
  }
  const plain = /^(v=spf1\b.*?\s[~-]all(?:\s+exp=\S+?)?)(?=\.(?:\s|$)| \()/i.exec(rest)?.[1];
  return plain ?? null;
}

/** The value to publish for a record: the generated one, or the merged SPF the check asks for. */
export function valueToPublish(record: DnsRecord, check: DomainCheckResult | null): string {
  if (record.purpose !== 'spf' || !check) return record.value;
  const spf = check.records.find((r) => r.purpose === 'spf' && r.name === record.name);
  return (spf && publishableSpf(spf)) ?? record.value;
}

/**
 * Every record as tab-separated lines with a header: pastes into a ticket or a spreadsheet. The
 * host is as the recognised DNS provider wants it (an empty cell where it wants no "@").
 */
export function recordsAsText(domain: Domain, check: DomainCheckResult | null): string {
  const header = ['Purpose', 'Type', 'Host', 'Full name', 'Value', 'Priority', 'Required'];
  const rows = domain.records.map((r) => [
    RECORD_PURPOSE_LABELS[r.purpose],
    r.type,
    hostForProvider(r.name, domain.name, check?.provider ?? null),
    r.name,
    valueToPublish(r, check),
    r.priority === undefined ? '' : String(r.priority),
    r.required ? 'Yes' : 'Optional',
  ]);
  return `${[header, ...rows].map((cells) => cells.join('\t')).join('\n')}\n`;
}

export function zoneFileFor(
  domain: Domain,
  check: DomainCheckResult | null,
  now = new Date(),
): string {
  return zoneFile(
    domain.name,
    domain.records.map((r) => ({
      type: r.type,
      name: r.name,
      value: valueToPublish(r, check),
      ...(r.priority === undefined ? {} : { priority: r.priority }),
      purpose: RECORD_PURPOSE_LABELS[r.purpose],
      required: r.required,
    })),
    { generatedAt: now.toISOString() },
  );
}

export const zoneFileName = (domain: Pick<Domain, 'name'>): string => `${domain.name}.zone`;
