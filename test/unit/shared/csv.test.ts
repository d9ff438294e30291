import { describe, expect, it } from 'vitest';
import { csvField, parseCsv as parse, toCsv } from '../../../src/shared/csv';

describe('CSV (RFC 4180)', () => {
  it('quotes only what needs it and doubles quotes inside', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('=1', false)).toBe('=1');
  });

  it('ends every record with CRLF and reads back to the same cells', () => {
    const rows = [
      ['2026-05-01T10:00:00.000Z', 'Alice, "ops"', 'multi\r\nline', 3],
      ['x', '', null, 0],
    ];
    const text = toCsv(['at', 'who', 'note', 'n'], rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe('at,who,note,n');
    expect(parse(text)).toEqual([
      ['at', 'who', 'note', 'n'],
      ['2026-05-01T10:00:00.000Z', 'Alice, "ops"', 'multi\r\nline', '3'],
      ['x', '', '', '0'],
    ]);
  });
});
