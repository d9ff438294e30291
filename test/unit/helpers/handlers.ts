import { vi, type Mock } from 'vitest';
import { CHANNELS } from '../../../src/shared/contract';
import type { Handlers } from '../../../src/main/contract/dispatch';

/** A handler per contract channel, each failing loudly unless the test supplies its own. */
export function fakeHandlers<T extends Partial<Handlers>>(own: T): Handlers & T {
  const all = Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      vi.fn(() => Promise.reject(new Error(`${channel} is not part of this test`))),
    ]),
  ) as unknown as Record<keyof Handlers, Mock>;
  return { ...all, ...own };
}
