import { createAppCore, type AppCore } from '../../../src/main/app-core';
import { startWebServer, type RunningWebServer } from '../../../src/main/web/server';
import type { EventListener } from '../../../src/main/services/event-bus';
import type { EventName, EventPayload } from '../../../src/shared/contract';
import type { Cleanup } from './temp-dir';
import { makeRendererDir, makeTempDir } from './temp-dir';

/** A real app core (embedded sandbox included) over a temp data folder. */
export async function startTestCore(
  cleanup: Cleanup,
  mode: AppCore['info']['mode'] = 'browser',
): Promise<AppCore> {
  const temp = makeTempDir('kyrios-core-');
  cleanup.add(() => temp.remove());
  const core = await createAppCore({ dataDir: temp.dir, mode, version: '0.0.0-test' });
  cleanup.add(() => core.close());
  return core;
}

/**
 * The core's event bus with its subscribers counted, so a test can wait for the server to attach
 * (or detach) its SSE listener instead of sleeping.
 */
export function countedEvents(core: AppCore) {
  let active = 0;
  const waiters: { count: number; resolve(): void }[] = [];
  const settle = () => {
    for (const w of [...waiters]) {
      if (w.count === active) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  return {
    events: {
      emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
        core.events.emit(name, payload);
      },
      subscribe(listener: EventListener): () => void {
        const off = core.events.subscribe(listener);
        active += 1;
        settle();
        let done = false;
        return () => {
          if (done) return;
          done = true;
          off();
          active -= 1;
          settle();
        };
      },
    } satisfies AppCore['events'],
    active: () => active,
    /** Resolves once exactly `count` subscribers are attached. */
    until(count: number): Promise<void> {
      if (active === count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
  };
}

export async function startTestWebServer(
  cleanup: Cleanup,
  core: Pick<AppCore, 'dispatch' | 'events'>,
  options: { token?: string; bodyLimit?: number } = {},
): Promise<RunningWebServer & { port: number; rendererDir: string }> {
  const renderer = makeRendererDir();
  cleanup.add(() => renderer.remove());
  const server = await startWebServer({ core, rendererDir: renderer.dir, port: 0, ...options });
  cleanup.add(() => server.close());
  return { ...server, port: Number(new URL(server.origin).port), rendererDir: renderer.dir };
}
