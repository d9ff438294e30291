import { decode, encode } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import {
  DnsEncodingError,
  encodePacket,
  inspectResponse,
  joinTxt,
  nameProblem,
  splitTxt,
} from '../../../src/dns/index';
import { encodeQuery } from '../../../src/dns/wire';

describe('encoding guards', () => {
  it('rejects a label over 63 bytes before dns-packet can corrupt it', () => {
    const long = `${'a'.repeat(64)}.example.test`;
    expect(nameProblem(long)).toMatch(/64 bytes/);
    expect(() => encodeQuery({ id: 1, name: long, type: 'TXT' }, false)).toThrow(DnsEncodingError);
    expect(nameProblem(`${'a'.repeat(63)}.example.test`)).toBeNull();
  });

  it('rejects names over 253 characters and empty labels', () => {
    expect(nameProblem(Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.'))).toMatch(/253/);
    expect(nameProblem('a..example.test')).toMatch(/empty label/);
  });

  it('rejects a TXT string over 255 bytes, and accepts the same value split', () => {
    const value = 'x'.repeat(300);
    const packet = (data: Buffer[]) => ({
      type: 'response' as const,
      id: 7,
      questions: [{ name: 't.example.test', type: 'TXT' as const }],
      answers: [{ name: 't.example.test', type: 'TXT' as const, ttl: 60, data }],
    });
    expect(() => encodePacket(packet([Buffer.from(value)]))).toThrow(/300 bytes/);
    // What the guard prevents: dns-packet writes the length byte modulo 256.
    const unguarded = (): string | null => {
      try {
        const back = decode(encode(packet([Buffer.from(value)])));
        return joinTxt(back.answers?.[0]?.type === 'TXT' ? back.answers[0].data : []);
      } catch {
        return null;
      }
    };
    expect(unguarded()).not.toBe(value);
    const ok = decode(encodePacket(packet(splitTxt(value))));
    const answer = ok.answers?.[0];
    expect(answer?.type === 'TXT' && Array.isArray(answer.data) ? answer.data.length : 0).toBe(2);
    expect(joinTxt(answer?.type === 'TXT' ? answer.data : [])).toBe(value);
  });

  it('splits TXT at 255 bytes and joins strings with no separator', () => {
    expect(splitTxt('a'.repeat(510)).map((b) => b.length)).toEqual([255, 255]);
    expect(splitTxt('a'.repeat(256)).map((b) => b.length)).toEqual([255, 1]);
    expect(joinTxt([Buffer.from('v=DKIM1; p=MIIB'), Buffer.from('IjAN')])).toBe(
      'v=DKIM1; p=MIIBIjAN',
    );
    expect(joinTxt('plain')).toBe('plain');
  });
});

describe('inspectResponse', () => {
  const q = { id: 4242, name: 'Example.Test', type: 'TXT' as const };
  const response = (over: Record<string, unknown> = {}) =>
    encode({
      type: 'response',
      id: 4242,
      questions: [{ name: 'example.test', type: 'TXT', class: 'IN' }],
      answers: [{ name: 'example.test', type: 'TXT', ttl: 5, data: 'hi' }],
      ...over,
    });

  it('accepts the matching answer, comparing the name case-insensitively', () => {
    const seen = inspectResponse(response(), q);
    expect(seen.kind).toBe('accept');
    expect(seen.kind === 'accept' ? seen.rcode : '').toBe('NOERROR');
  });

  it('ignores short, foreign, query-shaped, malformed and off-question datagrams', () => {
    expect(inspectResponse(Buffer.alloc(0), q)).toEqual({ kind: 'ignore', reason: 'short' });
    expect(inspectResponse(response({ id: 4243 }), q)).toEqual({ kind: 'ignore', reason: 'id' });
    expect(inspectResponse(response({ type: 'query' }), q)).toEqual({
      kind: 'ignore',
      reason: 'not_response',
    });
    expect(inspectResponse(response().subarray(0, 20), q)).toEqual({
      kind: 'ignore',
      reason: 'malformed',
    });
    expect(
      inspectResponse(response({ questions: [{ name: 'other.test', type: 'TXT' }] }), q),
    ).toEqual({ kind: 'ignore', reason: 'question' });
    expect(
      inspectResponse(response({ questions: [{ name: 'example.test', type: 'MX' }] }), q),
    ).toEqual({
      kind: 'ignore',
      reason: 'question',
    });
  });

  it('reports the rcode from the header', () => {
    const seen = inspectResponse(response({ flags: 3, answers: [] }), q);
    expect(seen.kind === 'accept' ? seen.rcode : '').toBe('NXDOMAIN');
  });
});

describe('encodeQuery', () => {
  const opt = (dnssecOk: boolean) => ({
    type: 'OPT' as const,
    name: '.',
    udpPayloadSize: 1232,
    extendedRcode: 0,
    ednsVersion: 0,
    flags: dnssecOk ? 0x8000 : 0,
    flag_do: dnssecOk,
    options: [],
  });

  it('writes exactly what dns-packet would, with and without recursion, for every type it asks', () => {
    for (const type of [
      'A',
      'AAAA',
      'NS',
      'CNAME',
      'SOA',
      'MX',
      'TXT',
      'DS',
      'DNSKEY',
      'SRV',
    ] as const) {
      for (const rd of [false, true]) {
        const name = type === 'NS' ? '' : '_dmarc.Example.test.';
        const expected = encode({
          type: 'query',
          id: 513,
          flags: rd ? 0x100 : 0,
          questions: [{ type, name, class: 'IN' }],
          additionals: [opt(false)],
        });
        expect(encodeQuery({ id: 513, name, type }, rd)).toEqual(expected);
        const plain = encode({
          type: 'query',
          id: 513,
          flags: rd ? 0x100 : 0,
          questions: [{ type, name, class: 'IN' }],
        });
        expect(encodeQuery({ id: 513, name, type }, rd, false)).toEqual(plain);
      }
    }
  });

  it('sets CD in the header and DO in the OPT record when asked, as dns-packet would', () => {
    for (const type of ['TXT', 'DNSKEY', 'SRV'] as const) {
      const expected = encode({
        type: 'query',
        id: 77,
        flags: 0x100 | 0x10,
        questions: [{ type, name: 'secure.test', class: 'IN' }],
        additionals: [opt(true)],
      });
      const q = { id: 77, name: 'secure.test', type };
      expect(encodeQuery(q, true, true, { checkingDisabled: true, dnssecOk: true })).toEqual(
        expected,
      );
      const decoded = decode(encodeQuery(q, false, true, { dnssecOk: true }));
      expect([decoded.flag_cd, decoded.flag_rd]).toEqual([false, false]);
      // Without EDNS there is no OPT record to carry DO: only CD is sent.
      const bare = decode(encodeQuery(q, false, false, { checkingDisabled: true, dnssecOk: true }));
      expect([bare.flag_cd, bare.additionals?.length]).toEqual([true, 0]);
    }
  });
});
