import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function onPath(command: string): boolean {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir && existsSync(join(dir, command)));
}

/**
 * Opens a URL in the system browser where there is one; says so on stderr where there is not.
 * Returns whether a browser was asked to open it.
 */
export function openInBrowser(url: string): boolean {
  let command: string | undefined;
  let args: string[] = [url];
  if (process.platform === 'darwin') command = 'open';
  else if (process.platform === 'win32') {
    command = 'cmd';
    args = ['/c', 'start', '""', url];
  } else if ((process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && onPath('xdg-open')) {
    command = 'xdg-open';
  }
  if (!command) {
    process.stderr.write('No system browser to open here: open the address above yourself.\n');
    return false;
  }
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () =>
    process.stderr.write('Could not open the system browser: open the address above yourself.\n'),
  );
  child.unref();
  return true;
}
