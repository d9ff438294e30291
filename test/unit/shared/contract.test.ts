import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_CALLS, API_METHODS, API_SUBSCRIPTIONS, buildApi } from '../../../src/shared/api';
import {
  ACCOUNT_CHANNELS,
  CHANNELS,
  EVENT_NAMES,
  contract,
  events,
} from '../../../src/shared/contract';
import { contractIndexPlugin, CONTRACT_INDEX_ID } from '../../../tools/vite-contract-index';
import { RENDERER_CSP } from '../../../src/shared/csp';

describe('the contract', () => {
  it('gives every channel exactly one API method, and every method a channel', () => {
    const used = Object.values(API_CALLS);
    expect([...used].sort()).toEqual([...CHANNELS].sort());
    expect(new Set(used).size).toBe(used.length);
  });

  it('gives every event exactly one subscription method', () => {
    expect(Object.values(API_SUBSCRIPTIONS).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('derives every method from the rows: one per channel and per event, never twice', () => {
    for (const channel of CHANNELS) {
      expect(API_CALLS[contract[channel].method]).toBe(channel);
    }
    for (const name of EVENT_NAMES) {
      expect(API_SUBSCRIPTIONS[events[name].method]).toBe(name);
    }
    expect(new Set(API_METHODS).size).toBe(CHANNELS.length + EVENT_NAMES.length);
    for (const method of Object.keys(API_SUBSCRIPTIONS)) expect(method).toMatch(/^on[A-Z]/);
  });

  it('gives every row a scope; the account channels are exactly the account-scoped rows', () => {
    for (const channel of CHANNELS) expect(['app', 'account']).toContain(contract[channel].scope);
    expect(ACCOUNT_CHANNELS).toEqual(CHANNELS.filter((c) => contract[c].scope === 'account'));
    expect(ACCOUNT_CHANNELS).toContain('domains:list');
    expect(ACCOUNT_CHANNELS).not.toContain('accounts:switch');
  });

  it('serves builds the same index as plain data, without zod', () => {
    const plugin = contractIndexPlugin();
    const resolveId = plugin.resolveId as (id: string) => string | null;
    const load = plugin.load as (id: string) => string | null;
    const id = resolveId(CONTRACT_INDEX_ID);
    expect(id).not.toBeNull();
    const code = load(id ?? '') ?? '';
    expect(code).not.toMatch(/import|require|zod/);
    const values = [...code.matchAll(/^export const (\w+) = (.*);$/gm)].map((m) => [
      m[1],
      JSON.parse(m[2] ?? 'null') as unknown,
    ]);
    expect(Object.fromEntries(values)).toEqual({ API_CALLS, API_SUBSCRIPTIONS });
  });

  it('builds an API object of named methods over any transport', async () => {
    const calls: unknown[] = [];
    const api = buildApi(
      (channel, request) => {
        calls.push([channel, request]);
        return Promise.resolve({ ok: true, value: null });
      },
      () => () => undefined,
    );
    expect(Object.keys(api).sort()).toEqual([...API_METHODS].sort());
    await api.addDomain({ name: 'example.com' });
    await api.listDomains();
    expect(calls).toEqual([
      ['domains:add', { name: 'example.com' }],
      ['domains:list', {}],
    ]);
  });

  it('names channels topic:verb', () => {
    for (const channel of CHANNELS) expect(channel).toMatch(/^[a-z]+:[a-z-]+$/);
  });

  it('refuses unknown fields in every request (the renderer is untrusted)', () => {
    for (const channel of CHANNELS) {
      const schema = contract[channel].request;
      const result = schema.safeParse({ __proto__: null, injected: true });
      expect(result.success, channel).toBe(false);
    }
  });

  it('accepts a well-formed add and refuses a non-string name', () => {
    expect(contract['domains:add'].request.safeParse({ name: 'example.com' }).success).toBe(true);
    expect(contract['domains:add'].request.safeParse({ name: 42 }).success).toBe(false);
    expect(contract['domains:add'].request.safeParse({ name: 'a'.repeat(2000) }).success).toBe(
      false,
    );
  });
});

describe('the renderer CSP', () => {
  it('is the same in index.html as the policy browser mode sends, and starts from default-src none', () => {
    const html = readFileSync(
      resolve(import.meta.dirname, '../../../src/renderer/index.html'),
      'utf8',
    );
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(RENDERER_CSP);
    expect(RENDERER_CSP.startsWith("default-src 'none'")).toBe(true);
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
  });
});
