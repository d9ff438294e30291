import { describe, expect, it } from 'vitest';
import { decodePunycode, toUnicodeName } from '../../../src/shared/idn';

/** The name's ASCII form as the platform's URL parser (WHATWG, not ours) makes it. */
const ascii = (name: string) => new URL(`http://${name}/`).hostname;

describe('internationalised names as people read them', () => {
  it.each(['bücher.example', 'münchen.de', 'straße.de', 'россия.рф', '例え.テスト', 'ドメイン.jp'])(
    'decodes what the URL parser encodes: %s',
    (name) => {
      expect(ascii(name)).toMatch(/xn--/);
      expect(toUnicodeName(ascii(name))).toBe(name.normalize('NFC'));
    },
  );

  it('leaves plain names, and names with a label that is not valid punycode, as they are', () => {
    expect(toUnicodeName('shop.example')).toBe('shop.example');
    expect(toUnicodeName('xn--zz.example')).toBe('xn--zz.example');
    expect(toUnicodeName('xn--.example')).toBe('xn--.example');
    expect(decodePunycode('bcher-kva')).toBe('bücher');
    expect(decodePunycode('ü-abc')).toBeNull();
  });
});
