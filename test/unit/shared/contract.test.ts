import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  API_CALLS,
  API_DESKTOP_SUBSCRIPTIONS,
  API_METHODS,
  API_SUBSCRIPTIONS,
  buildApi,
} from '../../../src/shared/api';
import { AppCommand } from '../../../src/shared/app-commands';
import {
  ACCOUNT_CHANNELS,
  CHANNELS,
  EVENT_NAMES,
  contract,
  events,
  isDesktopEvent,
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
    const subscribed = [
      ...Object.values(API_SUBSCRIPTIONS),
      ...Object.values(API_DESKTOP_SUBSCRIPTIONS),
    ];
    expect(subscribed.sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('takes the app commands the desktop shell sends, and nothing else', () => {
    expect(events['app:command'].payload).toBe(AppCommand);
    for (const command of [
      { command: 'add-domain' },
      { command: 'open-domain', domainId: 'dom_1' },
      { command: 'check-message', path: '/home/ann/Downloads/bounce.eml' },
    ]) {
      expect(events['app:command'].payload.parse(command)).toEqual(command);
    }
    for (const command of [
      { command: 'reload' },
      { command: 'open-domain' },
      { command: 'open-domain', domainId: '' },
      { command: 'check-message', path: '' },
    ]) {
      expect(
        events['app:command'].payload.safeParse(command).success,
        JSON.stringify(command),
      ).toBe(false);
    }
  });

  it('derives every method from the rows: one per channel and per event, never twice', () => {
    for (const channel of CHANNELS) {
      expect(API_CALLS[contract[channel].method]).toBe(channel);
    }
    const subscriptions: Record<string, string> = {
      ...API_SUBSCRIPTIONS,
      ...API_DESKTOP_SUBSCRIPTIONS,
    };
    for (const name of EVENT_NAMES) expect(subscriptions[events[name].method]).toBe(name);
    // Desktop-only pushes are kept apart: browser mode's API object has no method for them.
    expect(Object.values(API_DESKTOP_SUBSCRIPTIONS)).toEqual(EVENT_NAMES.filter(isDesktopEvent));
    expect(Object.values(API_DESKTOP_SUBSCRIPTIONS)).toEqual(['app:command']);
    expect(new Set(API_METHODS).size).toBe(
      CHANNELS.length + EVENT_NAMES.length - Object.keys(API_DESKTOP_SUBSCRIPTIONS).length,
    );
    for (const method of Object.keys(subscriptions)) expect(method).toMatch(/^on[A-Z]/);
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
    expect(Object.fromEntries(values)).toEqual({
      API_CALLS,
      API_SUBSCRIPTIONS,
      API_DESKTOP_SUBSCRIPTIONS,
    });
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
    expect('onAppCommand' in api).toBe(false);
    const desktop = buildApi(
      () => Promise.resolve(null),
      () => () => undefined,
      { desktop: true },
    );
    expect('onAppCommand' in desktop).toBe(true);
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
