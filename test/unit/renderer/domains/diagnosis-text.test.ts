import { describe, expect, it } from 'vitest';
import {
  fixSegments,
  fixSteps,
  sharedSentences,
  withoutShared,
} from '../../../../src/renderer/domains/diagnosis-text';

describe('a fix laid out for copying', () => {
  it('sets each value apart from the sentence around it, full stop outside', () => {
    expect(
      fixSegments(
        'Add a TXT record at _kyrios.shop.test, value: kyrios-verification=abc123. At Cloudflare, type _kyrios in the Name field.',
      ),
    ).toEqual([
      { text: 'Add a TXT record at _kyrios.shop.test, value: ' },
      { value: 'kyrios-verification=abc123' },
      { text: '. At Cloudflare, type _kyrios in the Name field.' },
    ]);
  });

  it('keeps a value whole whatever it holds, and stops before a long value’s note', () => {
    const spf = 'v=spf1 include:spf.kyrios.test include:_spf.google.com ~all';
    expect(fixSegments(`Replace it with: ${spf}`)).toEqual([
      { text: 'Replace it with: ' },
      { value: spf },
    ]);
    const dkim = `v=DKIM1; k=rsa; p=${'A'.repeat(300)}`;
    expect(
      fixSegments(
        `Add a TXT record at k1._domainkey.shop.test, value: ${dkim} (320 characters: paste it whole). Then wait.`,
      )[1],
    ).toEqual({ value: dkim });
    expect(
      fixSegments(
        'Publish this single SPF record at shop.test (3 DNS lookups of 10, 61 characters): v=spf1 include:a.test ~all. Delete the other v=spf1 records.',
      )[1],
    ).toEqual({ value: 'v=spf1 include:a.test ~all' });
  });

  it('gives each instruction its own step, so two never run together', () => {
    const steps = fixSteps(
      'Keep one DMARC record at _dmarc.shop.test and delete the others. To keep: v=DMARC1; p=none. Once the reports show your mail passing, tighten the policy: v=DMARC1; p=quarantine.',
    );
    expect(steps).toHaveLength(3);
    expect(steps[1]).toEqual([{ text: 'To keep: ' }, { value: 'v=DMARC1; p=none' }, { text: '.' }]);
  });
});

describe('what several records say alike', () => {
  it('is said once, and taken off each record', () => {
    const wait = 'Resolvers still serve the old answer; they should agree by 4:38 PM.';
    const texts = [`SPF is right at the source. ${wait}`, `DKIM is right at the source. ${wait}`];
    expect(sharedSentences(texts)).toEqual([wait]);
    expect(withoutShared(texts[0] ?? '', [wait])).toBe('SPF is right at the source.');
    expect(sharedSentences(['One.', 'Two.'])).toEqual([]);
  });
});
