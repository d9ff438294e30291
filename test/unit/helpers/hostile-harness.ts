import { Agent, request } from 'node:http';
import { vi, type Mock } from 'vitest';
import type { z } from 'zod';
import type { Handlers } from '../../../src/main/contract/dispatch';
import { CHANNELS, contract, type Channel } from '../../../src/shared/contract';
import { hostilePayloads, type Hostile } from './hostile-payloads';
import { modelOf, validSample, type SchemaModel } from './schema-model';
import { createRng, runSeed, seedOf } from './seeded-random';

/** Payloads per channel and transport (at least 1,000: docs/architecture.md, "Testing"). */
export const PER_CHANNEL = 1000;
/** The run's seed; `SEED=n` replays another. */
export const SEED = runSeed(20_070_007);

export interface ChannelCases {
  channel: Channel;
  model: SchemaModel;
  /** The smallest request the schema accepts. */
  valid: unknown;
  seed: number;
  hostile: Hostile[];
}

/** Every channel of the contract with its generated invalid requests (same seed, same list). */
export function channelCases(count = PER_CHANNEL, seed = SEED): ChannelCases[] {
  return CHANNELS.map((channel) => {
    const model = modelOf(contract[channel].request as z.ZodType);
    const channelSeed = seedOf(channel, seed);
    return {
      channel,
      model,
      valid: validSample(model),
      seed: channelSeed,
      hostile: hostilePayloads(model, createRng(channelSeed), count),
    };
  });
}

/** A resolving spy per channel: the count of calls is what the hostile suites assert on. */
export function spyHandlers(): {
  handlers: Handlers;
  calls: () => { channel: string; n: number }[];
} {
  const spies = Object.fromEntries(
    CHANNELS.map((channel) => [channel, vi.fn(() => Promise.resolve(null))]),
  ) as Record<Channel, Mock<() => Promise<null>>>;
  return {
    handlers: spies as unknown as Handlers,
    calls: () =>
      CHANNELS.map((channel) => ({ channel, n: spies[channel].mock.calls.length })).filter(
        (c) => c.n > 0,
      ),
  };
}

/**
 * Every uncaught exception and unhandled rejection while the suite runs. Vitest would report them
 * too, but after the test that caused them; listening here ties them to the assertion.
 */
export function trackUncaught(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return {
    errors,
    stop() {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    },
  };
}

/** Runs `work` over `items` with at most `limit` at once, in order of start. */
export async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  });
  await Promise.all(runners);
}

export interface Answer {
  status: number;
  body: string;
}

/**
 * POSTs over node:http with keep-alive connections: a real client on real sockets, about three
 * times cheaper per request than fetch here, which keeps 36,000 requests within seconds.
 */
export function keepAlivePoster(port: number, token: string, sockets = 6) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return {
    post(path: string, body: string, type = 'application/json'): Promise<Answer> {
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path,
            agent,
            headers: { authorization: `Bearer ${token}`, 'content-type': type },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
