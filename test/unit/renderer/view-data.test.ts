import { describe, expect, it } from 'vitest';
import type {
  DnsServerAnswer,
  DomainCheckResult,
  RecordCheckResult,
} from '../../../src/shared/dns-check';
import { agreeBy, serverRows } from '../../../src/renderer/propagation';
import { lastDays, splitRows } from '../../../src/renderer/usage-data';

describe('usage data', () => {
  it('zero-fills the last N days up to today, oldest first, across a month end', () => {
    const days = lastDays(
      [
        { day: '2026-12-01', sent: 4 },
        { day: '2026-11-29', sent: 2 },
      ],
      '2026-12-01',
      4,
    );
    expect(days).toEqual([
      { day: '2026-11-28', sent: 0 },
      { day: '2026-11-29', sent: 2 },
      { day: '2026-11-30', sent: 0 },
      { day: '2026-12-01', sent: 4 },
    ]);
  });

  it('joins today’s counts to the window’s, busiest today first', () => {
    const window = [
      { id: 'a', sent: 10 },
      { id: 'b', sent: 3 },
      { id: 'c', sent: 0 },
    ];
    const today = [{ id: 'b', sent: 2 }];
    expect(splitRows(window, today, (r) => r.id).map((r) => [r.row.id, r.today, r.window])).toEqual(
      [
        ['b', 2, 3],
        ['a', 0, 10],
        ['c', 0, 0],
      ],
    );
  });
});

const answer = (
  server: string,
  role: DnsServerAnswer['role'],
  host: string | null = null,
): DnsServerAnswer => ({
  server,
  host,
  role,
  rcode: 'NOERROR',
  answers: [],
  ttl: 300,
  ms: 1,
  agrees: true,
});
const record = (servers: DnsServerAnswer[], agree: string | null): RecordCheckResult => ({
  purpose: 'verification',
  type: 'TXT',
  name: '_kyrios.shop.test',
  required: true,
  expected: 'x',
  status: 'pass',
  codes: ['ok'],
  message: '',
  fix: null,
  found: [],
  servers,
  agreeBy: agree,
});

describe('propagation data', () => {
  const check: DomainCheckResult = {
    domain: 'shop.test',
    checkedAt: '2026-11-26T12:00:00Z',
    status: 'warn',
    provider: null,
    records: [
      record(
        [
          answer('9.9.9.9:53', 'resolver', 'Quad9'),
          answer('192.0.2.1:53', 'authoritative', 'ns1.shop.test'),
        ],
        '2026-11-26T12:05:00Z',
      ),
      record(
        [answer('192.0.2.2:53', 'authoritative'), answer('9.9.9.9:53', 'resolver', 'Quad9')],
        '2026-11-26T12:10:00Z',
      ),
      record([], null),
    ],
  };

  it('lists each server once, authoritative first, labelled by name when known', () => {
    expect(serverRows(check).map((r) => [r.label, r.role])).toEqual([
      ['ns1.shop.test', 'authoritative'],
      ['192.0.2.2:53', 'authoritative'],
      ['Quad9', 'resolver'],
    ]);
  });

  it('says when every resolver agrees: the latest of the records', () => {
    expect(agreeBy(check)).toBe('2026-11-26T12:10:00Z');
    expect(agreeBy({ ...check, records: [record([], null)] })).toBeNull();
  });
});
