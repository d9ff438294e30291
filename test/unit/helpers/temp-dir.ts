import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  dir: string;
  remove(): void;
}

/** A fresh folder under the system temp dir; each test gets its own data. */
export function makeTempDir(prefix = 'kyrios-unit-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A stand-in for the built renderer: just an index.html the web server can serve. */
export function makeRendererDir(): TempDir {
  const temp = makeTempDir('kyrios-renderer-');
  writeFileSync(
    join(temp.dir, 'index.html'),
    '<!doctype html><html><head><title>Kyrios Desk</title></head><body><div id="root"></div></body></html>\n',
  );
  return temp;
}

/**
 * Cleanups run in reverse order of registration, like a stack of finally blocks. Use one per file:
 * `const cleanup = createCleanup(); afterEach(() => cleanup.run());`
 */
export function createCleanup() {
  const tasks: (() => unknown)[] = [];
  return {
    add(task: () => unknown): void {
      tasks.push(task);
    },
    async run(): Promise<void> {
      while (tasks.length > 0) await tasks.pop()?.();
    },
  };
}
export type Cleanup = ReturnType<typeof createCleanup>;
