import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_CALLS, API_DESKTOP_SUBSCRIPTIONS, API_SUBSCRIPTIONS } from '../../../src/shared/api';
import { AppCommand } from '../../../src/shared/app-commands';
import { CHANNELS, EVENT_NAMES, contract, events } from '../../../src/shared/contract';
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
    expect(events['app:command']).toBe(AppCommand);
    for (const command of [
      { command: 'add-domain' },
      { command: 'open-domain', domainId: 'dom_1' },
      { command: 'check-message', path: '/home/ann/Downloads/bounce.eml' },
    ]) {
      expect(events['app:command'].parse(command)).toEqual(command);
    }
    for (const command of [
      { command: 'reload' },
      { command: 'open-domain' },
      { command: 'open-domain', domainId: '' },
      { command: 'check-message', path: '' },
    ]) {
      expect(events['app:command'].safeParse(command).success, JSON.stringify(command)).toBe(false);
    }
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
