import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDispatch } from '../../../src/main/contract/dispatch';
import { createEventBus } from '../../../src/main/services/event-bus';
import { channelPath } from '../../../src/main/web/server';
import { channelCases, spyHandlers, trackUncaught } from '../helpers/hostile-harness';
import { rawRequest } from '../helpers/net';
import { createCleanup } from '../helpers/temp-dir';
import { startTestWebServer } from '../helpers/web';

// Browser mode's guards on every channel, with a request the schema accepts: whatever refuses it
// is the guard, and no handler may run. (server-guards.test.ts tries the many spellings on one.)

const cases = channelCases(1);
const { handlers, calls } = spyHandlers();
const log = vi.fn<(error: unknown) => void>();
const cleanup = createCleanup();
const uncaught = trackUncaught();
const BODY_LIMIT = 4096;
let port: number;
let token: string;
beforeAll(async () => {
  const core = { dispatch: createDispatch(handlers, log), events: createEventBus() };
  ({ port, token } = await startTestWebServer(cleanup, core, { bodyLimit: BODY_LIMIT }));
});
afterAll(async () => {
  await cleanup.run();
  uncaught.stop();
});

type Headers = Record<string, string>;
const GUARDS: {
  what: string;
  status: number;
  code: string;
  headers: () => Headers;
  body?: (valid: unknown) => string;
}[] = [
  { what: 'no token', status: 401, code: 'unauthorized', headers: () => ({}) },
  {
    what: 'a wrong token',
    status: 401,
    code: 'unauthorized',
    headers: () => ({ authorization: `Bearer ${'A'.repeat(token.length)}` }),
  },
  {
    what: 'a foreign Origin',
    status: 403,
    code: '',
    headers: () => ({ authorization: `Bearer ${token}`, origin: 'https://evil.example' }),
  },
  {
    what: 'a foreign Host',
    status: 403,
    code: '',
    headers: () => ({ authorization: `Bearer ${token}`, host: `evil.example:${port}` }),
  },
  {
    what: 'an oversized body',
    status: 413,
    code: 'invalid_request',
    headers: () => ({ authorization: `Bearer ${token}` }),
    // The valid request, padded with whitespace JSON allows: only its size is wrong.
    body: (valid) => `${' '.repeat(BODY_LIMIT)}${JSON.stringify(valid)}`,
  },
];

describe('browser mode refuses every channel to a caller that is not its own page', () => {
  it.each(GUARDS.map((g) => [g.what, g] as const))(
    'refuses %s on every channel, before any handler',
    async (_what, guard) => {
      for (const { channel, valid } of cases) {
        const res = await rawRequest(port, {
          method: 'POST',
          path: channelPath(channel),
          headers: { 'content-type': 'application/json', ...guard.headers() },
          body: guard.body ? guard.body(valid) : JSON.stringify(valid),
        });
        expect(res.status, channel).toBe(guard.status);
        if (guard.code) {
          expect(JSON.parse(res.body), channel).toMatchObject({
            ok: false,
            error: { code: guard.code },
          });
        }
      }
      expect(calls()).toEqual([]);
    },
  );

  it('lets the same requests through with the token, its own Host and no Origin', async () => {
    for (const { channel, valid } of cases) {
      const res = await rawRequest(port, {
        method: 'POST',
        path: channelPath(channel),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(valid),
      });
      expect(res.status, channel).toBe(200);
    }
    expect(calls()).toHaveLength(cases.length);
    expect(log).not.toHaveBeenCalled();
    expect(uncaught.errors).toEqual([]);
  });
});
