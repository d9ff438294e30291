import { describe, expect, it } from 'vitest';
import type { SmtpUserListView, SmtpUserView } from '../../../../src/shared/contract';
import type { Result } from '../../../../src/shared/errors';
import { createSmtpStore } from '../../../../src/renderer/smtp/smtp-store';
import { fail, fakeApi } from '../fake-api';

const user = (
  id: string,
  login: string,
  createdAt: string,
  note: string | null = null,
): SmtpUserView => ({
  id,
  login,
  createdAt,
  passwordChangedAt: createdAt,
  domainId: 'd1',
  note,
  whereUsed: null,
});
const list = (
  users: SmtpUserView[],
  source: 'live' | 'cache' = 'live',
): Result<SmtpUserListView> => ({
  ok: true,
  value: {
    users,
    limit: 5,
    source,
    syncedAt: 't1',
    ...(source === 'cache' ? { offlineReason: 'down' } : {}),
  },
});

const a = user('u1', 'a@shop.test', '2026-11-26T09:00:00Z');
const b = user('u2', 'b@shop.test', '2026-11-26T10:00:00Z');

describe('SMTP store', () => {
  it('loads a domain’s users oldest first', async () => {
    const fake = fakeApi({ listSmtpUsers: [list([b, a])] });
    const store = createSmtpStore(fake.api);
    const loading = store.getState().load('d1');
    expect(store.getState().byDomain.d1?.status).toBe('loading');
    await loading;
    expect(store.getState().byDomain.d1).toMatchObject({
      status: 'ready',
      limit: 5,
      source: 'live',
    });
    expect(store.getState().byDomain.d1?.users.map((u) => u.id)).toEqual(['u1', 'u2']);
    expect(fake.requests('listSmtpUsers')).toEqual([{ domainId: 'd1' }]);
  });

  it('keeps the users shown when a refresh fails, and says so; an empty first failure is an error', async () => {
    const fake = fakeApi({
      listSmtpUsers: [fail('internal', 'boom'), list([a]), fail('internal', 'again')],
    });
    const store = createSmtpStore(fake.api);
    await store.getState().load('d1');
    expect(store.getState().byDomain.d1).toMatchObject({
      status: 'error',
      error: { message: 'boom' },
    });
    await store.getState().load('d1');
    await store.getState().load('d1');
    expect(store.getState().byDomain.d1).toMatchObject({
      status: 'ready',
      users: [{ id: 'u1' }],
      error: { message: 'again' },
    });
  });

  it('keeps the offline source and reason of a cached list', async () => {
    const store = createSmtpStore(fakeApi({ listSmtpUsers: [list([a], 'cache')] }).api);
    await store.getState().load('d1');
    expect(store.getState().byDomain.d1).toMatchObject({ source: 'cache', offlineReason: 'down' });
  });

  it('creates: sends the password and note only when given, and lists the new user', async () => {
    const fake = fakeApi({
      listSmtpUsers: [list([b])],
      createSmtpUser: [
        { ok: true, value: { user: a, password: 'generated-password' } },
        fail('weak_password', 'too short'),
      ],
    });
    const store = createSmtpStore(fake.api);
    await store.getState().load('d1');
    const created = await store
      .getState()
      .create({ domainId: 'd1', login: 'a@shop.test', note: '' });
    expect(created).toEqual({ ok: true, value: { user: a, password: 'generated-password' } });
    expect(store.getState().byDomain.d1?.users.map((u) => u.id)).toEqual(['u1', 'u2']);
    const refused = await store
      .getState()
      .create({ domainId: 'd1', login: 'c', password: 'short', note: 'Carl' });
    expect(refused.ok).toBe(false);
    expect(store.getState().byDomain.d1?.users).toHaveLength(2);
    expect(fake.requests('createSmtpUser')).toEqual([
      { domainId: 'd1', login: 'a@shop.test' },
      { domainId: 'd1', login: 'c', password: 'short', note: 'Carl' },
    ]);
  });

  it('replaces a user after a reset or a note, and removes a deleted one', async () => {
    const reset = { ...a, passwordChangedAt: '2026-11-27T00:00:00Z' };
    const fake = fakeApi({
      listSmtpUsers: [list([a, b])],
      resetSmtpPassword: [{ ok: true, value: reset }],
      setSmtpUserNote: [{ ok: true, value: { ...b, note: 'Warm-up' } }],
      deleteSmtpUser: [fail('offline', 'down'), { ok: true, value: { userId: 'u1' } }],
    });
    const store = createSmtpStore(fake.api);
    await store.getState().load('d1');
    await store.getState().resetPassword('d1', 'u1', 'new-password-123');
    await store.getState().setNote('d1', 'u2', 'Warm-up');
    expect(store.getState().byDomain.d1?.users).toEqual([reset, { ...b, note: 'Warm-up' }]);
    await store.getState().remove('d1', 'u1');
    expect(store.getState().byDomain.d1?.users).toHaveLength(2);
    await store.getState().remove('d1', 'u1');
    expect(store.getState().byDomain.d1?.users.map((u) => u.id)).toEqual(['u2']);
    expect(fake.requests('resetSmtpPassword')).toEqual([
      { domainId: 'd1', userId: 'u1', password: 'new-password-123' },
    ]);
    expect(fake.requests('setSmtpUserNote')).toEqual([
      { domainId: 'd1', userId: 'u2', note: 'Warm-up' },
    ]);
  });

  it('sends “Where it’s used” with the note when given, null to clear it', async () => {
    const placed = { ...b, note: 'Ben', whereUsed: 'Zapier' };
    const fake = fakeApi({
      listSmtpUsers: [list([a, b])],
      setSmtpUserNote: [
        { ok: true, value: placed },
        { ok: true, value: { ...placed, whereUsed: null } },
      ],
    });
    const store = createSmtpStore(fake.api);
    await store.getState().load('d1');
    await store.getState().setNote('d1', 'u2', 'Ben', 'Zapier');
    expect(store.getState().byDomain.d1?.users[1]).toEqual(placed);
    await store.getState().setNote('d1', 'u2', 'Ben', null);
    expect(fake.requests('setSmtpUserNote')).toEqual([
      { domainId: 'd1', userId: 'u2', note: 'Ben', whereUsed: 'Zapier' },
      { domainId: 'd1', userId: 'u2', note: 'Ben', whereUsed: null },
    ]);
  });

  it('creates with “Where it’s used” only when given', async () => {
    const fake = fakeApi({
      createSmtpUser: [{ ok: true, value: { user: { ...a, whereUsed: 'CRM' }, password: 'p' } }],
    });
    await createSmtpStore(fake.api)
      .getState()
      .create({ domainId: 'd1', login: 'a', note: 'Anna', whereUsed: 'CRM' });
    expect(fake.requests('createSmtpUser')).toEqual([
      { domainId: 'd1', login: 'a', note: 'Anna', whereUsed: 'CRM' },
    ]);
  });

  it('sends a test message with the recipient trimmed, or none for the default', async () => {
    const refused = fail('invalid_request', 'Give a recipient.');
    const fake = fakeApi({ sendTestMessage: [refused, refused] });
    const store = createSmtpStore(fake.api);
    const request = { domainId: 'd1', userId: 'u1', password: 'secret-1' };
    expect(await store.getState().sendTest({ ...request, to: '  x@y.example ' })).toEqual(refused);
    await store.getState().sendTest({ ...request, to: '  ' });
    expect(fake.requests('sendTestMessage')).toEqual([{ ...request, to: 'x@y.example' }, request]);
    // Nothing of it is kept in the store.
    expect(JSON.stringify(store.getState())).not.toContain('secret-1');
  });
});
