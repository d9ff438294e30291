import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDispatch } from '../../../src/main/contract/dispatch';
import { createEventBus } from '../../../src/main/services/event-bus';
import { channelPath } from '../../../src/main/web/server';
import {
  type Answer,
  channelCases,
  inPool,
  keepAlivePoster,
  PER_CHANNEL,
  SEED,
  spyHandlers,
  trackUncaught,
} from '../helpers/hostile-harness';
import { preview, toJsonText } from '../helpers/hostile-payloads';
import { createCleanup } from '../helpers/temp-dir';
import { startTestWebServer } from '../helpers/web';

// Browser mode's HTTP binding with real requests: a real server on port 0, spy handlers. The
// generated payloads go over node:http keep-alive connections (fetch costs ~1 ms a request here,
// which would make this a minute-long suite); the broken bodies and valid requests go by fetch.

const cases = channelCases();
const { handlers, calls } = spyHandlers();
const log = vi.fn<(error: unknown) => void>();
const cleanup = createCleanup();
const uncaught = trackUncaught();
let origin: string;
let token: string;
let poster: ReturnType<typeof keepAlivePoster>;
beforeAll(async () => {
  const core = { dispatch: createDispatch(handlers, log), events: createEventBus() };
  const server = await startTestWebServer(cleanup, core);
  ({ origin, token } = server);
  poster = keepAlivePoster(server.port, token);
  cleanup.add(() => poster.close());
});
afterAll(async () => {
  await cleanup.run();
  uncaught.stop();
});

/** What a client can put on the wire besides generated JSON: broken or mislabelled bodies. */
const RAW_BODIES: { body: string; type: string; what: string }[] = [
  { body: '{"a":', type: 'application/json', what: 'truncated JSON' },
  { body: 'NaN', type: 'application/json', what: 'NaN' },
  { body: '{"x":NaN}', type: 'application/json', what: 'NaN in a field' },
  { body: "{'single':'quotes'}", type: 'application/json', what: 'single quotes' },
  { body: '\ufeff{"x":1}', type: 'application/json', what: 'a BOM and an extra field' },
  { body: '{"__proto__":{"admin":true}}', type: 'application/json', what: '__proto__' },
  {
    body: '{"constructor":{"prototype":{"admin":true}}}',
    type: 'application/json',
    what: 'constructor.prototype',
  },
  { body: '[]', type: 'application/json', what: 'an array' },
  { body: '"text"', type: 'application/json', what: 'a JSON string' },
  { body: '{"x":1}', type: 'text/plain', what: 'text/plain' },
  { body: 'x=1', type: 'application/x-www-form-urlencoded', what: 'a form' },
  { body: '{"x":1}', type: 'application/json; charset=utf-16', what: 'a foreign charset' },
  // 90,000 levels in 180 KB, under the body limit: a recursive parser would run out of stack.
  {
    body: `${'['.repeat(90_000)}${']'.repeat(90_000)}`,
    type: 'application/json',
    what: 'a 90,000-deep array',
  },
  {
    body: `${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}`,
    type: 'application/json',
    what: 'a 40,000-deep object',
  },
];

async function fetchPost(path: string, body: string, type = 'application/json'): Promise<Answer> {
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  });
  return { status: res.status, body: await res.text() };
}

/** Refused as the contract says: invalid_request, from the dispatch (200) or the body parser. */
function refusal(answer: Answer): string | null {
  if (![200, 400, 413, 415].includes(answer.status)) return `status ${answer.status}`;
  try {
    const json = JSON.parse(answer.body) as { ok?: unknown; error?: { code?: unknown } };
    if (json.ok !== false || json.error?.code !== 'invalid_request') return answer.body;
    return null;
  } catch {
    return `not JSON: ${answer.body.slice(0, 100)}`;
  }
}

describe(`hostile calls through browser mode's HTTP binding (seed ${SEED}; SEED=n to replay)`, () => {
  it.each(cases.map((c) => [c.channel, c] as const))(
    `%s: ${PER_CHANNEL} invalid JSON requests and ${RAW_BODIES.length} broken bodies, all refused before any handler`,
    async (channel, { hostile, seed }) => {
      const path = channelPath(channel);
      const wrong: string[] = [];
      // A few at a time: enough to keep both cores busy, few enough to leave them to others.
      await inPool(hostile, 6, async ({ payload, what }, i) => {
        const problem = refusal(await poster.post(path, toJsonText(payload)));
        if (problem !== null && wrong.length < 5) {
          wrong.push(`#${i} (${what}) ${preview(payload)} → ${problem}`);
        }
      });
      for (const { body, type, what } of RAW_BODIES) {
        const problem = refusal(await fetchPost(path, body, type));
        if (problem !== null) wrong.push(`${what}: ${body.slice(0, 60)} → ${problem}`);
      }
      expect(wrong, `channel seed ${seed}`).toEqual([]);
      expect(calls(), `channel seed ${seed}`).toEqual([]);
      expect(log).not.toHaveBeenCalled();
    },
  );

  it('answers the smallest valid request of every channel on the same route', async () => {
    for (const { channel, valid } of cases) {
      const answer = await fetchPost(channelPath(channel), JSON.stringify(valid));
      expect(answer, channel).toEqual({
        status: 200,
        body: JSON.stringify({ ok: true, value: null }),
      });
    }
    expect(calls()).toHaveLength(cases.length);
  });

  it('raised no uncaught exception and no unhandled rejection', () => {
    expect(uncaught.errors).toEqual([]);
  });
});
