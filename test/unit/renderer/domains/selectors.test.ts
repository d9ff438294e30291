import { describe, expect, it } from 'vitest';
import { CODE_STATUS, DNS_CHECK_CODES } from '../../../../src/shared/dns-check';
import type { DomainCheckResult, RecordCheckResult } from '../../../../src/shared/dns-check';
import type { DnsRecord, Domain } from '../../../../src/shared/domain';
import {
  domainState,
  lastCheckedAt,
  recordVerdict,
  resultVerdict,
  runVerdict,
  statusAt,
  verifyOutcome,
} from '../../../../src/renderer/domains/selectors';
import {
  cellMark,
  FINE_AT_SOURCE,
  propagationSummary,
  wrongAtSource,
} from '../../../../src/renderer/domains/propagation';

const record = (change: Partial<DnsRecord> = {}): DnsRecord => ({
  id: 'r1',
  purpose: 'spf',
  type: 'TXT',
  name: 'shop.test',
  value: 'v=spf1 include:spf.sandbox.kyrios.test ~all',
  required: true,
  status: 'pending',
  ...change,
});

const domain = (change: Partial<Domain> = {}): Domain => ({
  id: 'd1',
  name: 'shop.test',
  status: 'pending',
  createdAt: '2026-11-26T10:00:00.000Z',
  verifiedAt: null,
  lastCheckedAt: null,
  records: [record()],
  ...change,
});

const result = (change: Partial<RecordCheckResult> = {}): RecordCheckResult => ({
  purpose: 'spf',
  type: 'TXT',
  name: 'shop.test',
  required: true,
  expected: 'v=spf1 include:spf.sandbox.kyrios.test ~all',
  status: 'pass',
  codes: ['ok'],
  message: '',
  fix: null,
  found: ['v=spf1 include:spf.sandbox.kyrios.test ~all'],
  servers: [],
  agreeBy: null,
  ...change,
});

const check = (records: RecordCheckResult[]): DomainCheckResult => ({
  domain: 'shop.test',
  checkedAt: '2026-11-26T11:00:00.000Z',
  status: 'pass',
  provider: null,
  records,
});

describe('one truth for a record: the newest check, whichever action made it', () => {
  it('is the check’s verdict once there is one; the service’s before', () => {
    expect(recordVerdict(record({ status: 'warn' }), domain(), null)).toEqual({
      tone: 'warn',
      label: 'Warning',
    });
    // Check DNS found it right: the table says so, whatever the service said at its last verify.
    expect(recordVerdict(record({ status: 'warn' }), domain(), check([result()]))).toEqual({
      tone: 'pass',
      label: 'Pass',
    });
  });

  it('says "Could not check", in grey, when no server answered', () => {
    const unknown = result({ status: 'unknown', codes: ['lookup_failed'], found: [] });
    expect(resultVerdict(unknown, domain())).toEqual({ tone: 'unknown', label: 'Could not check' });
  });

  it('says "Not published yet" for a pending domain’s record with nothing at its name', () => {
    const missing = result({ status: 'fail', codes: ['missing'], found: [] });
    expect(resultVerdict(missing, domain())).toEqual({
      tone: 'pending',
      label: 'Not published yet',
    });
    // Once verified, a record that vanished is a failure.
    expect(resultVerdict(missing, domain({ status: 'verified' }))).toEqual({
      tone: 'fail',
      label: 'Fail',
    });
    // Something wrong is published: a failure to fix.
    expect(resultVerdict(result({ status: 'fail', codes: ['spf_multiple'] }), domain()).label).toBe(
      'Fail',
    );
  });
});

describe('a check read as of when it was made', () => {
  it('counts a check from before the verification as one of a domain not verified yet', () => {
    const verified = { status: 'verified' as const, verifiedAt: '2026-11-26T12:00:00.000Z' };
    expect(statusAt(verified, '2026-11-26T11:00:00.000Z')).toEqual({ status: 'pending' });
    expect(statusAt(verified, '2026-11-26T13:00:00.000Z').status).toBe('verified');
    expect(
      runVerdict(
        { status: 'fail', failed: 2, unpublished: 2 },
        statusAt(verified, '2026-11-26T11:00:00.000Z'),
      ),
    ).toEqual({ tone: 'pending', label: 'Not published yet' });
    expect(
      runVerdict({ status: 'fail', failed: 2, unpublished: 1 }, { status: 'pending' }).label,
    ).toBe('Fail');
  });
});

describe('one truth for a domain', () => {
  it('is the service’s status, except a verified domain whose newest check fails', () => {
    expect(domainState({ status: 'verified' }, null)).toMatchObject({ label: 'Verified' });
    expect(domainState({ status: 'verified' }, { status: 'warn' })).toMatchObject({
      state: 'verified',
      tone: 'pass',
    });
    expect(domainState({ status: 'verified' }, { status: 'fail' })).toEqual({
      state: 'broken',
      tone: 'fail',
      label: 'Record broke',
    });
    // Could not check is no news: still verified.
    expect(domainState({ status: 'verified' }, { status: 'unknown' }).state).toBe('verified');
    expect(domainState({ status: 'pending' }, { status: 'fail' }).label).toBe('Pending');
  });

  it('was last checked at the later of the service’s and this computer’s checks', () => {
    const d = { lastCheckedAt: '2026-11-26T10:00:00.000Z' };
    expect(lastCheckedAt(d, null)).toBe(d.lastCheckedAt);
    expect(lastCheckedAt(d, { checkedAt: '2026-11-26T12:00:00.000Z' })).toBe(
      '2026-11-26T12:00:00.000Z',
    );
    expect(lastCheckedAt({ lastCheckedAt: null }, null)).toBeNull();
  });
});

describe('what Verify Now says', () => {
  it('counts only records found wrong as "to fix"', () => {
    const wrong = result({ status: 'fail', codes: ['value_mismatch'] });
    const optional = result({ required: false, status: 'warn', codes: ['missing'], found: [] });
    expect(verifyOutcome(domain(), check([wrong, wrong, optional]))).toEqual({
      kind: 'error',
      text: 'shop.test is not verified yet: 2 records to fix. See the diagnostics.',
    });
  });

  it('never says "to fix" nor red when DNS could not be asked', () => {
    const down = result({ status: 'unknown', codes: ['lookup_failed'], found: [] });
    const outcome = verifyOutcome(domain(), check(Array.from({ length: 7 }, () => down)));
    expect(outcome.kind).toBe('info');
    expect(outcome.text).toMatch(/7 records could not be checked/);
    expect(outcome.text).not.toMatch(/to fix/);
  });

  it('says the records are not published yet right after Add & Verify', () => {
    const missing = result({ status: 'fail', codes: ['missing'], found: [] });
    expect(verifyOutcome(domain(), check([missing, missing]))).toEqual({
      kind: 'info',
      text: 'shop.test is not verified yet: 2 records are not published yet. Publish them at your DNS host, then Verify Now.',
    });
    expect(verifyOutcome(domain({ status: 'verified' }), null).kind).toBe('success');
  });
});

describe('the propagation grid’s marks', () => {
  it('keeps its list of codes that say nothing against the source in step with the catalogue', () => {
    for (const code of DNS_CHECK_CODES) {
      if (code === 'lookup_failed') continue;
      // Fails, but at the resolvers: what the authoritative servers serve is right.
      if (code === 'dnssec_bogus') {
        expect(FINE_AT_SOURCE.has(code)).toBe(true);
        continue;
      }
      expect(FINE_AT_SOURCE.has(code), code).toBe(CODE_STATUS[code] !== 'fail');
    }
  });

  it('judges the authoritative row against the expected value, with what it serves', () => {
    const auth = {
      server: '192.0.2.1:53',
      host: 'ns1.shop.test',
      role: 'authoritative' as const,
      rcode: 'NOERROR',
      answers: ['CNAME other.example'],
      ttl: 300,
      ms: 1,
      agrees: true,
    };
    const conflict = result({ status: 'fail', codes: ['cname_conflict'] });
    expect(wrongAtSource(conflict)).toBe(true);
    expect(cellMark(conflict, auth)).toEqual({ mark: 'bad', text: 'Differs from expected' });
    expect(cellMark(result(), auth)).toEqual({ mark: 'ok', text: 'Matches expected' });
    const missing = result({ required: false, status: 'warn', codes: ['missing'], found: [] });
    expect(cellMark(missing, { ...auth, answers: [] })).toEqual({
      mark: 'bad',
      text: 'Nothing published',
    });
    expect(cellMark(result(), { ...auth, agrees: null })).toMatchObject({ mark: 'none' });
    expect(cellMark(result(), { ...auth, role: 'resolver', agrees: false })).toEqual({
      mark: 'bad',
      text: 'Differs (cached)',
    });
  });

  it('never says resolvers agree on an optional record nobody publishes', () => {
    const resolver = {
      server: '192.0.2.53:53',
      host: null,
      role: 'resolver' as const,
      rcode: 'NXDOMAIN',
      answers: [],
      ttl: 300,
      ms: 1,
      agrees: true,
    };
    const missing = (required: boolean) =>
      result({
        required,
        status: required ? 'fail' : 'warn',
        codes: ['missing'],
        found: [],
        servers: [resolver],
      });
    const said = propagationSummary(check([missing(true), missing(false)]));
    expect(said).not.toMatch(/agrees/);
    expect(said).toMatch(/no resolver/i);
  });
});
