import { describe, expect, it } from 'vitest';
import { checkLogin } from '../../../src/sandbox/logins';
import {
  generatePassword,
  hashPassword,
  passwordProblem,
  verifyPassword,
} from '../../../src/sandbox/passwords';
import { lastUtcDays, nextUtcMidnight, utcDay } from '../../../src/sandbox/clock';

describe('SMTP logins', () => {
  it('makes local@domain of a bare local part and accepts the full form', () => {
    expect(checkLogin('ann', 'ex.com')).toEqual({ ok: true, login: 'ann@ex.com' });
    expect(checkLogin('a.b-c_d@ex.com', 'ex.com')).toEqual({ ok: true, login: 'a.b-c_d@ex.com' });
  });

  it('accepts any order of its characters: the rule lists `.` among them, with no rule on dots', () => {
    for (const local of ['.a', 'a.', 'a..b', '...', '-_.', '_']) {
      expect(checkLogin(local, 'ex.com')).toEqual({ ok: true, login: `${local}@ex.com` });
    }
  });

  it('refuses what the rule refuses', () => {
    for (const login of ['', 'Ann', 'a@b.com', 'a b', 'a+b', 'a@b@ex.com', 'x'.repeat(65)]) {
      expect(checkLogin(login, 'ex.com').ok).toBe(false);
    }
  });
});

describe('SMTP passwords', () => {
  it('hashes with scrypt and verifies only the same password', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await hashPassword('correct horse battery')).not.toBe(hash); // salted
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('anything', undefined)).toBe(false);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
  });

  it('generates passwords that pass the rule, even for a one-letter login', () => {
    for (let i = 0; i < 50; i++) {
      const password = generatePassword('a@ex.com');
      expect(password).toHaveLength(32);
      expect(passwordProblem(password, 'a@ex.com')).toBeNull();
    }
  });

  it('needs 12–128 characters without the local part in any case', () => {
    expect(passwordProblem('x'.repeat(11), 'ann@ex.com')).toMatch(/at least 12/);
    expect(passwordProblem('x'.repeat(12), 'ann@ex.com')).toBeNull();
    expect(passwordProblem('😀'.repeat(128), 'ann@ex.com')).toBeNull();
    expect(passwordProblem('x'.repeat(129), 'ann@ex.com')).toMatch(/at most 128/);
    expect(passwordProblem('my-ANN-password', 'ann@ex.com')).toMatch(/local part/);
  });
});

describe('UTC days', () => {
  it('names the day, the next midnight and a window across a month end', () => {
    const at = new Date('2030-03-01T23:59:59.999Z');
    expect(utcDay(at)).toBe('2030-03-01');
    expect(nextUtcMidnight(at).toISOString()).toBe('2030-03-02T00:00:00.000Z');
    expect(lastUtcDays(at, 3)).toEqual(['2030-02-27', '2030-02-28', '2030-03-01']);
  });
});
