import { describe, expect, it } from 'vitest';
import {
  checkLogin,
  generatePassword,
  localPart,
  passwordProblem,
} from '../../../../src/renderer/smtp/password-rules';
import { DAILY_LIMIT, SMTP_USERS_PER_DOMAIN } from '../../../../src/renderer/usage/limits';
import * as shared from '../../../../src/shared/kyrios';

describe('the password rule', () => {
  it.each([
    ['short', 'sales@shop.test', 'A password needs at least 12 characters; this one has 5.'],
    [
      'x'.repeat(129),
      'sales@shop.test',
      'A password has at most 128 characters; this one has 129.',
    ],
    [
      'my-SALES-password',
      'sales@shop.test',
      `The password must not contain the login's local part ("sales").`,
    ],
    ['Quiet-Harbour-2026', 'sales@shop.test', null],
    ['x'.repeat(128), 'sales', null],
    ['ééééééééééé', 'a@b.c', 'A password needs at least 12 characters; this one has 11.'],
  ])('%s for %s', (password, login, problem) => {
    expect(passwordProblem(password, login)).toBe(problem);
  });

  it('knows the local part of full and bare logins', () => {
    expect(localPart('a.b@shop.test')).toBe('a.b');
    expect(localPart('bare')).toBe('bare');
  });

  it('generates passwords that pass, from an alphabet without look-alikes', () => {
    for (let i = 0; i < 50; i++) {
      const password = generatePassword('sales@shop.test');
      expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
      expect(passwordProblem(password, 'sales@shop.test')).toBeNull();
    }
  });

  it('draws again when a draw contains the local part', () => {
    // A scripted random source: the first draw spells "aaaa…", the next "bbbb…".
    let call = 0;
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
    const random = () => (call++ < 20 ? alphabet.indexOf('a') : alphabet.indexOf('b'));
    expect(generatePassword('aaa@shop.test', random)).toBe('b'.repeat(20));
  });
});

describe('the login rule', () => {
  it.each([
    ['sales', { ok: true, login: 'sales@shop.test' }],
    [' sales@shop.test ', { ok: true, login: 'sales@shop.test' }],
    ['first.last_2-x', { ok: true, login: 'first.last_2-x@shop.test' }],
    ['', { ok: false, message: 'Enter a login, such as sales or sales@shop.test.' }],
    ['Sales', { ok: false, message: 'Logins are lowercase only: use sales.' }],
    [
      'sales@other.test',
      {
        ok: false,
        message:
          'The login must be an address on shop.test (or just the part before the @), not on other.test.',
      },
    ],
    ['@shop.test', { ok: false, message: 'The login needs a part before the @.' }],
    [
      'a+b',
      {
        ok: false,
        message:
          'Logins use lowercase letters, digits, ".", "-" and "_" before the @; "+" is not allowed.',
      },
    ],
    // The service's rule has no dot-atom part: a dot may lead, trail or repeat.
    ['.a', { ok: true, login: '.a@shop.test' }],
    ['a..b.', { ok: true, login: 'a..b.@shop.test' }],
    [
      'x'.repeat(65),
      { ok: false, message: 'The part before the @ is at most 64 characters; this one has 65.' },
    ],
  ])('%j', (input, result) => {
    expect(checkLogin(input, 'shop.test')).toEqual(result);
  });
});

describe('the renderer’s copy of the service limits', () => {
  it('matches the shared rules', () => {
    expect(DAILY_LIMIT).toBe(shared.DAILY_LIMIT);
    expect(SMTP_USERS_PER_DOMAIN).toBe(shared.SMTP_USERS_PER_DOMAIN);
  });
});
