import { describe, expect, it, vi } from 'vitest';
import { createDispatch, type Handlers } from '../../../../src/main/contract/dispatch';
import { ServiceError } from '../../../../src/main/services/service-error';
import type { Channel } from '../../../../src/shared/contract';
import type { AppInfo } from '../../../../src/shared/contract';
import type { Domain } from '../../../../src/shared/domain';
import { fakeHandlers } from '../../helpers/handlers';

const info: AppInfo = {
  version: '1.2.3',
  mode: 'browser',
  account: { kind: 'sandbox', label: 'Embedded sandbox', baseUrl: 'http://127.0.0.1:1' },
  dataDir: '/tmp/x',
};
const domain: Domain = {
  id: 'dom_1',
  name: 'example.com',
  status: 'pending',
  createdAt: '2025-01-01T00:00:00.000Z',
  verifiedAt: null,
  lastCheckedAt: null,
  records: [],
};

function setup(
  add: Handlers['domains:add'] = (request) => Promise.resolve({ ...domain, name: request.name }),
) {
  const handlers = fakeHandlers({
    'app:info': vi.fn<Handlers['app:info']>(() => Promise.resolve(info)),
    'domains:list': vi.fn<Handlers['domains:list']>(() =>
      Promise.resolve({ domains: [domain], source: 'live' as const, syncedAt: null }),
    ),
    'domains:add': vi.fn<Handlers['domains:add']>(add),
  });
  const log = vi.fn<(error: unknown) => void>();
  return { handlers, log, dispatch: createDispatch(handlers, log) };
}

describe('createDispatch', () => {
  it('passes the parsed request to the channel handler and wraps its value', async () => {
    const { dispatch, handlers } = setup();
    expect(await dispatch('domains:add', { name: 'example.org' })).toEqual({
      ok: true,
      value: { ...domain, name: 'example.org' },
    });
    expect(handlers['domains:add']).toHaveBeenCalledExactlyOnceWith({ name: 'example.org' });
    expect(handlers['domains:list']).not.toHaveBeenCalled();
    expect(await dispatch('app:info', {})).toEqual({ ok: true, value: info });
  });

  it('treats a missing or null request as empty for calls without parameters', async () => {
    const { dispatch, handlers } = setup();
    expect(await dispatch('domains:list', undefined)).toMatchObject({ ok: true });
    expect(await dispatch('app:info', null)).toMatchObject({ ok: true });
    expect(handlers['domains:list']).toHaveBeenCalledWith({});
    expect(handlers['app:info']).toHaveBeenCalledWith({});
  });

  it.each([
    ['domains:add', {}],
    ['domains:add', { name: 42 }],
    ['domains:add', { name: 'example.com', extra: true }],
    ['domains:add', { name: 'a'.repeat(1025) }],
    ['domains:add', 'example.com'],
    ['domains:add', undefined],
    ['domains:list', { force: true }],
    ['app:info', [1]],
  ] as [Channel, unknown][])(
    'refuses %s with %j before any handler runs',
    async (channel, request) => {
      const { dispatch, handlers, log } = setup();
      const result = await dispatch(channel, request);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      if (!result.ok) expect(result.error.message).toMatch(/^The request is not valid/);
      for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
    },
  );

  it('names the field that is wrong', async () => {
    const { dispatch } = setup();
    const result = await dispatch('domains:add', { name: 42 });
    expect(result.ok ? '' : result.error.message).toContain('"name"');
  });

  it('answers an unknown channel with invalid_request, prototype names included', async () => {
    const { dispatch, handlers } = setup();
    for (const channel of [
      'domains:rename',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
    ]) {
      const result = await dispatch(channel as Channel, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      if (!result.ok) expect(result.error.message).toContain(channel);
    }
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });

  it('turns a ServiceError into its code and words, without logging it', async () => {
    const { dispatch, log } = setup(() =>
      Promise.reject(new ServiceError('domain_exists', 'example.com is already added.')),
    );
    expect(await dispatch('domains:add', { name: 'example.com' })).toEqual({
      ok: false,
      error: { code: 'domain_exists', message: 'example.com is already added.' },
    });
    expect(log).not.toHaveBeenCalled();
  });

  it('turns any other failure into internal, logs it, and never leaks its message', async () => {
    const boom = new Error('SQLITE_CORRUPT at /home/me/secret/path');
    const { dispatch, log } = setup(() => Promise.reject(boom));
    const result = await dispatch('domains:add', { name: 'example.com' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message).not.toContain('SQLITE');
    expect(log).toHaveBeenCalledExactlyOnceWith(boom);
  });

  it('catches a handler that throws synchronously', async () => {
    const { dispatch } = setup(() => {
      throw new TypeError('not a promise');
    });
    expect(await dispatch('domains:add', { name: 'example.com' })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});
