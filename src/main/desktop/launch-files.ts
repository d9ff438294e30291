import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/** The message files the app opens: `.eml`, as the installers associate them. */
export const MESSAGE_EXTENSIONS = ['.eml'] as const;

/**
 * The message files on a command line: what Windows and Linux pass when a `.eml` file is opened
 * with the app (at launch, or to the running instance through `second-instance`). Options
 * (Chromium's switches, ours) are skipped, relative paths resolve against the launching
 * process's folder, and only files that exist are kept: an argument that merely ends in `.eml` is
 * not a reason to open anything.
 */
export function messageFilesIn(args: readonly string[], cwd: string): string[] {
  const found: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    const lower = arg.toLowerCase();
    if (!MESSAGE_EXTENSIONS.some((ext) => lower.endsWith(ext))) continue;
    const path = isAbsolute(arg) ? arg : resolve(cwd, arg);
    try {
      if (statSync(path).isFile() && !found.includes(path)) found.push(path);
    } catch {
      // Gone, or not ours to read: nothing to open.
    }
  }
  return found;
}
