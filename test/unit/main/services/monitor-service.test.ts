import { afterEach, describe, expect, it } from 'vitest';
import { createMonitorRepo } from '../../../../src/main/db/monitor-repo';
import { createSnapshotsRepo } from '../../../../src/main/db/snapshots-repo';
import { createMonitorService } from '../../../../src/main/services/monitor-service';
import type { Domain } from '../../../../src/shared/domain';
import { appDatabaseWithAccount } from '../../helpers/app-db';
import { createFakeTimers } from '../../helpers/fake-timers';
import { createCleanup } from '../../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

describe('a monitoring run with many checks in flight', () => {
  it('lets every check listen to the run signal without a listener warning, and removes them all', async () => {
    const db = appDatabaseWithAccount(cleanup, 'a', 'kyrios-monitor-');

    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    cleanup.add(() => process.off('warning', onWarning));

    const domains = Array.from({ length: 40 }, (_, i) => ({ id: `d${String(i)}` }) as Domain);
    const signals = new Set<AbortSignal>();
    let inFlight = 0;
    let most = 0;
    const listening = new Map<AbortSignal, number>();
    const service = createMonitorService({
      accountId: 'a',
      domains: () => Promise.resolve(domains),
      // As a DNS check does: one listener on the run's signal for as long as the check runs.
      checkDomain: async (_id, signal) => {
        signals.add(signal);
        const onAbort = () => undefined;
        signal.addEventListener('abort', onAbort);
        listening.set(signal, (listening.get(signal) ?? 0) + 1);
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        signal.removeEventListener('abort', onAbort);
        listening.set(signal, (listening.get(signal) ?? 0) - 1);
      },
      checkIp: () => Promise.resolve(null),
      repo: createMonitorRepo(db),
      snapshots: createSnapshotsRepo(db),
      timers: createFakeTimers().timers,
      intervalMinutes: () => 60,
      emit: () => undefined,
      concurrency: 16,
    });

    const summary = await service.runNow();
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(summary).toMatchObject({ domains: 40, checked: 40, errors: 0 });
    expect(most).toBe(16);
    expect(signals.size).toBe(1);
    expect([...listening.values()]).toEqual([0]);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
