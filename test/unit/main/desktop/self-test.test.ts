import { describe, expect, it } from 'vitest';
import { runSelfTest } from '../../../../src/main/desktop/self-test';
import { forkLauncher } from '../../../../src/main/sandbox-process/launcher';
import { SANDBOX_CHILD } from '../../helpers/sandbox-process';

describe('the packaged app self-test', () => {
  it('opens the database, starts the embedded sandbox and adds a domain, in a temporary folder', async () => {
    const report = await runSelfTest({ version: '1.2.3', versions: process.versions });
    expect(report).toEqual({
      ok: true,
      version: '1.2.3',
      electron: null,
      modules: process.versions.modules,
      account: 'sandbox',
      domains: 1,
    });
  });

  it('starts the embedded sandbox in its own process when told how, as the packaged app does', async () => {
    const report = await runSelfTest({
      version: '1.2.3',
      versions: process.versions,
      sandboxProcess: {
        launcher: forkLauncher({ output: () => undefined }),
        entry: SANDBOX_CHILD,
        log: () => undefined,
      },
    });
    expect(report).toMatchObject({ ok: true, account: 'sandbox', domains: 1 });
  });

  it('says what failed when the sandbox process cannot start', async () => {
    const report = await runSelfTest({
      version: '1.2.3',
      versions: process.versions,
      sandboxProcess: {
        launcher: forkLauncher({ output: () => undefined }),
        entry: '/nonexistent/sandbox-child.js',
        log: () => undefined,
      },
    });
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/before it was ready/);
  });

  it('says what failed when the database cannot be opened', async () => {
    const report = await runSelfTest({
      version: '1.2.3',
      versions: process.versions,
      nativeBinding: '/nonexistent/better_sqlite3.node',
    });
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/better_sqlite3\.node/);
  });
});
