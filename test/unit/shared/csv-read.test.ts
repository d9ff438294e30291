import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/shared/csv';

describe("reading CSV back (the security scanner's report, our own exports)", () => {
  it('handles quoted commas, doubled quotes, newlines in fields and CRLF', () => {
    const text =
      'issue, severity, sample\r\n' +
      'A_CHECK,"HIGH","new BrowserWindow({ a: 1, b: ""x"" })"\r\n' +
      'B_CHECK,"LOW","line one\nline two"\n';
    expect(parseCsv(text)).toEqual([
      ['issue', ' severity', ' sample'],
      ['A_CHECK', 'HIGH', 'new BrowserWindow({ a: 1, b: "x" })'],
      ['B_CHECK', 'LOW', 'line one\nline two'],
    ]);
  });

  it('returns no rows for an empty report', () => {
    expect(parseCsv('')).toEqual([]);
  });
});
