import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Start at login on Linux, where Electron's `setLoginItemSettings` does nothing: an XDG autostart
 * entry (~/.config/autostart/NAME.desktop), which desktop environments launch at login. macOS and
 * Windows use Electron's login items instead (src/main/electron/background.ts).
 */

export interface AutostartEntry {
  name: string;
  comment: string;
  /** The program: the AppImage file itself when run from one (its mount point changes). */
  exec: string;
  args: readonly string[];
  icon?: string;
}

/** One argument of an Exec line, as the Desktop Entry Specification quotes it. */
export function execArgument(arg: string): string {
  // Unreserved characters need no quotes; the rest go in double quotes, where ", `, $ and \ take
  // a backslash. The file's own string escaping then doubles every backslash, and % is doubled
  // because a single one starts a field code.
  const quoted = /^[A-Za-z0-9_./:=@+,-]+$/.test(arg)
    ? arg
    : `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

function line(value: string): string {
  // A value is one line: a newline in a name would start a new key.
  return value.replace(/[\r\n]+/g, ' ');
}

export function desktopEntry(entry: AutostartEntry): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${line(entry.name)}`,
    `Comment=${line(entry.comment)}`,
    `Exec=${[entry.exec, ...entry.args].map(execArgument).join(' ')}`,
    ...(entry.icon ? [`Icon=${line(entry.icon)}`] : []),
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** `$XDG_CONFIG_HOME`, else ~/.config. */
export function configHome(env: NodeJS.ProcessEnv, home: string): string {
  const fromEnv = env.XDG_CONFIG_HOME;
  return fromEnv && fromEnv.startsWith('/') ? fromEnv : join(home, '.config');
}

/** Writes the entry, or removes it; returns the file's path. */
export function setLinuxAutostart(
  enabled: boolean,
  options: { configHome: string; fileName: string; entry: AutostartEntry },
): string {
  const dir = join(options.configHome, 'autostart');
  const file = join(dir, `${options.fileName}.desktop`);
  if (enabled) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, desktopEntry(options.entry), { mode: 0o644 });
  } else {
    rmSync(file, { force: true });
  }
  return file;
}
