import { describe, expect, it } from 'vitest';
import { analyzeDomainInput, validateDomainName } from '../../../src/shared/domain-name';

describe('validateDomainName (the service rules)', () => {
  it.each([
    'example.com',
    'mail.example.co.uk',
    'a-b.example',
    'xn--bcher-kva.example',
    '1.example',
  ])('accepts %s', (name) => {
    expect(validateDomainName(name)).toEqual({ ok: true, name });
  });

  it.each([
    ['Example.com', /lowercase only: use example\.com/],
    ['example', /single label/],
    ['exa_mple.com', /underscores/],
    ['exa mple.com', /spaces/],
    ['-example.com', /start or end with a hyphen/],
    ['example-.com', /start or end with a hyphen/],
    ['example..com', /empty labels/],
    ['.example.com', /empty labels/],
    ['example.com.', /empty labels/],
    [`${'a'.repeat(64)}.com`, /at most 63/],
    [
      `${'a.'.repeat(127)}com`,
      /^Too long: a domain name is at most 253 characters; this one has 257\.$/,
    ],
    [`${'A'.repeat(300)}.com`, /^Too long: .* this one has 304\. .*lowercase only\.$/],
    [`${'a '.repeat(200)}.com`, /^Too long: .* this one has 404\.$/],
    ['exa$mple.com', /"\$" is not allowed/],
    ['192.168.1.1', /IP address/],
    ['example.123', /top-level label cannot be all digits/],
    ['', /Enter a domain name/],
  ])('refuses %j with a message naming the problem', (name, message) => {
    const result = validateDomainName(name);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('accepts a label of exactly 63 characters and a name of exactly 253', () => {
    expect(validateDomainName(`${'a'.repeat(63)}.com`).ok).toBe(true);
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(name.length).toBe(253);
    expect(validateDomainName(name).ok).toBe(true);
  });
});

describe('analyzeDomainInput (the Add Domain dialog)', () => {
  it('trims and accepts a clean name', () => {
    expect(analyzeDomainInput('  example.com \n')).toEqual({ state: 'valid', name: 'example.com' });
  });

  it('reports empty input as empty, not as an error', () => {
    expect(analyzeDomainInput('   ')).toEqual({ state: 'empty' });
  });

  it('offers the lowercase form for uppercase input', () => {
    const result = analyzeDomainInput('Example.COM');
    expect(result).toMatchObject({ state: 'invalid', suggestion: 'example.com' });
    if (result.state === 'invalid') expect(result.message).toContain('lowercase');
  });

  it('recognises a pasted URL and offers its host', () => {
    const result = analyzeDomainInput('https://Example.com/path?q=1');
    expect(result).toMatchObject({ state: 'invalid', suggestion: 'example.com' });
    if (result.state === 'invalid') expect(result.message).toMatch(/web address/);
  });

  it('recognises a host with a path but no scheme', () => {
    expect(analyzeDomainInput('example.com/contact')).toMatchObject({ suggestion: 'example.com' });
  });

  it('drops a trailing dot', () => {
    const result = analyzeDomainInput('example.com.');
    expect(result).toMatchObject({ state: 'invalid', suggestion: 'example.com' });
    if (result.state === 'invalid') expect(result.message).toMatch(/trailing dot/);
  });

  it('takes an internationalised name as it is read, to be registered in its punycode form', () => {
    expect(analyzeDomainInput(' bücher.example ')).toEqual({
      state: 'valid',
      name: 'xn--bcher-kva.example',
      unicode: 'bücher.example',
    });
    // Capitals are still the lowercase rule's to explain, with the punycode form offered.
    const capital = analyzeDomainInput('Bücher.example');
    expect(capital).toMatchObject({ state: 'invalid', suggestion: 'xn--bcher-kva.example' });
  });

  it('offers nothing where no clean name can be derived', () => {
    for (const input of ['exa_mple.com', 'localhost', 'exa mple.com', '192.168.1.1', '[::1]']) {
      const result = analyzeDomainInput(input);
      expect(result.state, input).toBe('invalid');
      if (result.state === 'invalid') expect(result.suggestion, input).toBeUndefined();
    }
  });
});
