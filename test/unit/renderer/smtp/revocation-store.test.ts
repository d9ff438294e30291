import { describe, expect, it } from 'vitest';
import type { RevocationView, RevokedUser, SmtpUserView } from '../../../../src/shared/contract';
import { bannerUsers, createRevocationStore } from '../../../../src/renderer/smtp/revocation-store';
import { fail, fakeApi, ok } from '../fake-api';

const user = (login: string, change: Partial<RevokedUser> = {}): RevokedUser => ({
  id: `u-${login}`,
  login: `${login}@shop.test`,
  domainId: 'd1',
  domain: 'shop.test',
  domainKnown: true,
  inInventory: true,
  note: `${login} (owner)`,
  whereUsed: `${login}'s app`,
  createdAt: '2026-11-01T00:00:00.000Z',
  deletedAt: '2026-11-26T17:00:00.000Z',
  revokedOn: '2026-11-26',
  recreatedAs: null,
  ...change,
});
const revocation = (users: RevokedUser[], possible = false): RevocationView => ({
  latest: {
    eventId: 7,
    at: '2026-11-26T17:00:00.000Z',
    day: '2026-11-26',
    sent: 1500,
    dailyLimit: 1500,
    trigger: 'alice@shop.test',
    count: users.length,
  },
  users,
  sending: {
    possible,
    reason: possible ? null : 'Not before 2026-11-27T00:00:00.000Z.',
    resetsAt: '2026-11-27T00:00:00.000Z',
  },
});
const created: SmtpUserView = {
  id: 'u-new',
  login: 'alice@shop.test',
  domainId: 'd1',
  createdAt: '2026-11-27T00:05:00.000Z',
  passwordChangedAt: '2026-11-27T00:05:00.000Z',
  note: 'alice (owner)',
  whereUsed: "alice's app",
};

describe('revocation store', () => {
  it('loads once at a time', async () => {
    const fake = fakeApi({ listRevoked: [ok(revocation([user('alice')]))] });
    const store = createRevocationStore(fake.api);
    const release = fake.hold('listRevoked');
    const first = store.getState().load();
    expect(store.getState().load()).toBe(first);
    release();
    await first;
    expect(store.getState()).toMatchObject({
      status: 'ready',
      view: { users: [{ id: 'u-alice' }] },
    });
    expect(fake.calls).toHaveLength(1);
  });

  it('recreates: links the old login to the new user at once, then reloads', async () => {
    const after = revocation(
      [user('alice', { recreatedAs: { id: 'u-new', at: created.createdAt } }), user('bob')],
      true,
    );
    const fake = fakeApi({
      listRevoked: [ok(revocation([user('alice'), user('bob')], true)), ok(after)],
      recreateSmtpUser: [ok({ user: created, password: 'pw-once', replaces: 'u-alice' })],
    });
    const store = createRevocationStore(fake.api);
    await store.getState().load();
    const recreating = store.getState().recreate('u-alice');
    expect(store.getState().recreating).toEqual({ 'u-alice': true });
    const result = await recreating;
    expect(result).toMatchObject({ ok: true, value: { password: 'pw-once' } });
    expect(store.getState().recreating).toEqual({});
    expect(store.getState().view?.users[0]?.recreatedAs).toEqual({
      id: 'u-new',
      at: created.createdAt,
    });
    expect(fake.requests('recreateSmtpUser')).toEqual([{ userId: 'u-alice' }]);
    await store.getState().load();
    expect(fake.requests('listRevoked')).toHaveLength(2);
  });

  it('passes a refusal on, unchanged', async () => {
    const fake = fakeApi({
      listRevoked: [ok(revocation([user('alice')]))],
      recreateSmtpUser: [fail('limit_not_reset', 'Not yet.')],
    });
    const store = createRevocationStore(fake.api);
    await store.getState().load();
    expect(await store.getState().recreate('u-alice')).toMatchObject({
      ok: false,
      error: { code: 'limit_not_reset' },
    });
    expect(store.getState().view?.users[0]?.recreatedAs).toBeNull();
  });
});

describe('the logins the banner lists', () => {
  it('every login not recreated, and those of the newest revocation either way', () => {
    const older = user('old', {
      revokedOn: '2026-10-01',
      recreatedAs: { id: 'x', at: '2026-10-02T00:00:00.000Z' },
    });
    const waiting = user('waiting', { revokedOn: '2026-10-01' });
    const done = user('done', { recreatedAs: { id: 'y', at: '2026-11-27T00:00:00.000Z' } });
    const left = user('left');
    expect(bannerUsers(revocation([done, left, older, waiting])).map((u) => u.id)).toEqual([
      'u-done',
      'u-left',
      'u-waiting',
    ]);
    expect(bannerUsers(null)).toEqual([]);
  });
});
