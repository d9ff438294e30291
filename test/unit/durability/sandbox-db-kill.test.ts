import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The fast variant of scripts/kill-sandbox-db.ts for the sandbox database: two rounds of the
// script itself (which runs main() on import, so it is run as the script it is).

const root = join(import.meta.dirname, '../../..');

describe('kill -9 during sandbox database writes', () => {
  it('two rounds: integrity ok, nothing acknowledged lost, counts whole', async () => {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'scripts/kill-sandbox-db.ts', '2'],
        { cwd: root, timeout: 60_000 },
        (error, out) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out }),
      );
    });
    expect(stdout).toMatch(/rounds failed:\s+0/);
    expect(code).toBe(0);
  });
});
