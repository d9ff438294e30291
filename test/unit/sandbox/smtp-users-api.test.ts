import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_DATABASE_FILE } from '../../../src/sandbox/start';
import type { SmtpUser } from '../../../src/sandbox/store/smtp-users';
import type { Domain } from '../../../src/shared/domain';
import { addVerifiedDomain, createSmtpUser, rawSmtp } from '../helpers/sandbox-smtp';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox';
import { createCleanup } from '../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

async function problem(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as { code: string; detail: string };
  expect(body.code).toBe(code);
  return body.detail;
}

async function users(sb: TestSandbox, domainId: string): Promise<SmtpUser[]> {
  const response = await sb.request(`/v1/domains/${domainId}/smtp-users`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { users: SmtpUser[]; limit: number };
  expect(body.limit).toBe(5);
  return body.users;
}

describe('creating SMTP users', () => {
  it('needs a verified domain: 409 domain_not_verified on a pending one, 404 on an unknown one', async () => {
    const sb = await startTestSandbox(cleanup);
    const pending = (await (
      await sb.request('/v1/domains', { body: { name: 'pending.example.com' } })
    ).json()) as Domain;
    expect(pending.status).toBe('pending');
    await problem(
      await sb.request(`/v1/domains/${pending.id}/smtp-users`, { body: { login: 'alice' } }),
      409,
      'domain_not_verified',
    );
    await problem(
      await sb.request('/v1/domains/dom_nope/smtp-users', { body: { login: 'alice' } }),
      404,
      'not_found',
    );
    await problem(await sb.request('/v1/domains/dom_nope/smtp-users'), 404, 'not_found');
    expect(await users(sb, pending.id)).toEqual([]);
  });

  it('generates a password of at least 24 characters, shown only in the creation response', async () => {
    const sb = await startTestSandbox(cleanup);
    const domain = await addVerifiedDomain(sb, 'send.example.com');
    const response = await sb.request(`/v1/domains/${domain.id}/smtp-users`, {
      body: { login: 'alice' },
    });
    expect(response.status).toBe(201);
    const { user, password } = (await response.json()) as { user: SmtpUser; password: string };
    expect(user.login).toBe('alice@send.example.com');
    expect(user.id).toMatch(/^smtp_/);
    expect(user.passwordChangedAt).toBe(user.createdAt);
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(password.toLowerCase()).not.toContain('alice');

    const listed = await sb.request(`/v1/domains/${domain.id}/smtp-users`);
    const text = await listed.text();
    expect(text).not.toContain(password);
    expect(JSON.parse(text)).toEqual({ users: [user], limit: 5 });

    // The database holds a scrypt hash, never the password.
    await sb.sandbox.close();
    const file = join(sb.dataDir, SANDBOX_DATABASE_FILE);
    const bytes = Buffer.concat(
      [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
    );
    expect(bytes.includes(Buffer.from(password))).toBe(false);
    const db = new Database(file, { readonly: true });
    try {
      const row = db.prepare('SELECT password_hash FROM smtp_users').get() as {
        password_hash: string;
      };
      expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    } finally {
      db.close();
    }
  });

  it('accepts local@domain or the bare local part, and refuses other logins with 400 invalid_login', async () => {
    const sb = await startTestSandbox(cleanup);
    const domain = await addVerifiedDomain(sb, 'logins.example.com');
    const path = `/v1/domains/${domain.id}/smtp-users`;
    const full = await createSmtpUser(sb, domain.id, 'team.sales-1_x@logins.example.com');
    expect(full.user.login).toBe('team.sales-1_x@logins.example.com');
    const bare = await createSmtpUser(sb, domain.id, `${'a'.repeat(64)}`);
    expect(bare.user.login).toBe(`${'a'.repeat(64)}@logins.example.com`);

    for (const [login, detail] of [
      ['Alice', /lowercase only: use alice/],
      ['alice@other.example.com', /on logins\.example\.com/],
      ['alice@LOGINS.example.com', /lowercase only/],
      ['', /part before the @/],
      ['@logins.example.com', /part before the @/],
      ['a'.repeat(65), /at most 64/],
      ['al ice', /" " is not allowed/],
      ['al+ice', /"\+" is not allowed/],
      ['al@ice@logins.example.com', /"@" is not allowed/],
    ] as const) {
      expect(
        await problem(await sb.request(path, { body: { login } }), 400, 'invalid_login'),
      ).toMatch(detail);
    }
    expect(await users(sb, domain.id)).toHaveLength(2);
  });

  it('accepts exactly the login rule: dots anywhere, and 64 characters on a 253-character domain; each logs in over SMTP', async () => {
    const sb = await startTestSandbox(cleanup);
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(long.length).toBe(253);
    const dots = await addVerifiedDomain(sb, 'dots.example.com');
    const wide = await addVerifiedDomain(sb, long);
    const created = [
      ...(await Promise.all(
        ['.alice', 'bob.', 'c..d', '...', '-_.'].map((l) => createSmtpUser(sb, dots.id, l)),
      )),
      await createSmtpUser(sb, wide.id, `${'e'.repeat(64)}@${long}`),
    ];
    expect(created.map((c) => c.user.login)).toEqual([
      '.alice@dots.example.com',
      'bob.@dots.example.com',
      'c..d@dots.example.com',
      '...@dots.example.com',
      '-_.@dots.example.com',
      `${'e'.repeat(64)}@${long}`,
    ]);
    expect(created.at(-1)?.user.login).toHaveLength(318);
    for (const { user, password } of created) {
      const smtp = await rawSmtp(sb.sandbox.smtp.host, sb.sandbox.smtp.port);
      try {
        expect((await smtp.send('EHLO test')).code).toBe(250);
        expect((await smtp.authPlain(user.login, password)).code, user.login).toBe(235);
      } finally {
        await smtp.quit();
      }
    }
  });

  it('refuses a given password under 12 or over 128 characters, or containing the local part', async () => {
    const sb = await startTestSandbox(cleanup);
    const domain = await addVerifiedDomain(sb, 'pw.example.com');
    const path = `/v1/domains/${domain.id}/smtp-users`;
    for (const [password, detail] of [
      ['elevenchars', /at least 12/],
      ['x'.repeat(129), /at most 128/],
      ['my-MARIA-password-2025', /local part \("maria"\)/],
    ] as const) {
      expect(
        await problem(
          await sb.request(path, { body: { login: 'maria', password } }),
          400,
          'weak_password',
        ),
      ).toMatch(detail);
    }
    // 12 and 128 characters (counted as characters, not bytes) are fine.
    await createSmtpUser(sb, domain.id, 'maria', 'twelve-chars');
    await createSmtpUser(sb, domain.id, 'jose', 'é'.repeat(128));
    expect((await users(sb, domain.id)).map((u) => u.login)).toEqual([
      'maria@pw.example.com',
      'jose@pw.example.com',
    ]);
  });

  it('allows five users per domain (409 smtp_user_limit for a sixth) and one user per login (409 smtp_user_exists)', async () => {
    const sb = await startTestSandbox(cleanup);
    const domain = await addVerifiedDomain(sb, 'five.example.com');
    const other = await addVerifiedDomain(sb, 'other.example.com');
    const path = `/v1/domains/${domain.id}/smtp-users`;
    for (const login of ['u1', 'u2', 'u3', 'u4', 'u5']) await createSmtpUser(sb, domain.id, login);
    await problem(await sb.request(path, { body: { login: 'u6' } }), 409, 'smtp_user_limit');
    await problem(
      await sb.request(path, { body: { login: 'u1@five.example.com' } }),
      409,
      'smtp_user_exists',
    );
    // The limit is per domain.
    await createSmtpUser(sb, other.id, 'u6');
    expect(await users(sb, domain.id)).toHaveLength(5);

    // Deleting one makes room, and frees its login.
    const first = (await users(sb, domain.id))[0];
    if (!first) throw new Error('no users');
    expect((await sb.request(`${path}/${first.id}`, { method: 'DELETE' })).status).toBe(204);
    const again = await createSmtpUser(sb, domain.id, 'u1');
    expect(again.user.id).not.toBe(first.id);
  });

  it('never leaves more than five users when twelve creates race', async () => {
    const sb = await startTestSandbox(cleanup);
    const domain = await addVerifiedDomain(sb, 'race.example.com');
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        sb.request(`/v1/domains/${domain.id}/smtp-users`, { body: { login: `racer${i}` } }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array<number>(5).fill(201), ...Array<number>(7).fill(409)]);
    for (const r of responses.filter((x) => x.status === 409)) {
      expect(((await r.json()) as { code: string }).code).toBe('smtp_user_limit');
    }
    expect(await users(sb, domain.id)).toHaveLength(5);
  });
});

describe('Reset Password and Delete', () => {
  it('saves a new password (204) under the same rules, and answers 404 for an unknown user', async () => {
    const sb = await startTestSandbox(cleanup);
    const domain = await addVerifiedDomain(sb, 'reset.example.com');
    const { user } = await createSmtpUser(sb, domain.id, 'ops');
    const path = `/v1/domains/${domain.id}/smtp-users/${user.id}/password`;
    await problem(
      await sb.request(path, { method: 'PUT', body: { password: 'short' } }),
      400,
      'weak_password',
    );
    await problem(
      await sb.request(path, { method: 'PUT', body: { password: 'xx-OPS-xx-long-enough' } }),
      400,
      'weak_password',
    );
    await problem(await sb.request(path, { method: 'PUT', body: {} }), 400, 'invalid_request');
    const saved = await sb.request(path, {
      method: 'PUT',
      body: { password: 'rotated-password-1' },
    });
    expect(saved.status).toBe(204);
    expect(await saved.text()).toBe('');
    const [after] = await users(sb, domain.id);
    expect(Date.parse(after?.passwordChangedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(user.createdAt),
    );
    await problem(
      await sb.request(`/v1/domains/${domain.id}/smtp-users/smtp_nope/password`, {
        method: 'PUT',
        body: { password: 'rotated-password-1' },
      }),
      404,
      'not_found',
    );
    // A user id under another domain is not found either.
    const other = await addVerifiedDomain(sb, 'reset-other.example.com');
    await problem(
      await sb.request(`/v1/domains/${other.id}/smtp-users/${user.id}/password`, {
        method: 'PUT',
        body: { password: 'rotated-password-2' },
      }),
      404,
      'not_found',
    );
  });

  it('deletes a user (204), then 404; the list no longer shows it', async () => {
    const sb = await startTestSandbox(cleanup);
    const domain = await addVerifiedDomain(sb, 'del.example.com');
    const a = await createSmtpUser(sb, domain.id, 'a');
    const b = await createSmtpUser(sb, domain.id, 'b');
    const path = `/v1/domains/${domain.id}/smtp-users/${a.user.id}`;
    const deleted = await sb.request(path, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    await problem(await sb.request(path, { method: 'DELETE' }), 404, 'not_found');
    expect(await users(sb, domain.id)).toEqual([b.user]);
  });
});

describe('deleting a domain', () => {
  it('answers 204, deletes its SMTP users, keeps history, and lets the name be added again', async () => {
    const sb = await startTestSandbox(cleanup);
    const domain = await addVerifiedDomain(sb, 'gone.example.com');
    const keep = await addVerifiedDomain(sb, 'kept.example.com');
    const a = await createSmtpUser(sb, domain.id, 'a');
    await createSmtpUser(sb, domain.id, 'b');
    await createSmtpUser(sb, keep.id, 'c');

    const response = await sb.request(`/v1/domains/${domain.id}`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    await problem(await sb.request(`/v1/domains/${domain.id}`), 404, 'not_found');
    await problem(
      await sb.request(`/v1/domains/${domain.id}`, { method: 'DELETE' }),
      404,
      'not_found',
    );
    await problem(await sb.request(`/v1/domains/${domain.id}/smtp-users`), 404, 'not_found');
    const listed = (await (await sb.request('/v1/domains')).json()) as { domains: Domain[] };
    expect(listed.domains.map((d) => d.name)).toEqual(['kept.example.com']);
    expect(sb.sandbox.store.smtpUsers.identityByLogin('a@gone.example.com')).toBeUndefined();
    expect(sb.sandbox.store.smtpUsers.identityByLogin('c@kept.example.com')).toBeDefined();

    const { events } = (await (await sb.request('/v1/events')).json()) as {
      events: { type: string; detail: Record<string, unknown> }[];
    };
    const tail = events.slice(-3);
    expect(tail.map((e) => e.type)).toEqual([
      'smtp_user_deleted',
      'smtp_user_deleted',
      'domain_deleted',
    ]);
    expect(tail[0]?.detail).toMatchObject({ userId: a.user.id, reason: 'domain_deleted' });
    expect(tail[2]?.detail).toEqual({
      domainId: domain.id,
      domain: 'gone.example.com',
      logins: ['a@gone.example.com', 'b@gone.example.com'],
    });

    const again = await sb.request('/v1/domains', { body: { name: 'gone.example.com' } });
    expect(again.status).toBe(201);
    expect(((await again.json()) as Domain).id).not.toBe(domain.id);
  });
});
