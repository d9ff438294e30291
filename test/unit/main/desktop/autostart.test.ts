import { spawn } from 'node:child_process';
import { existsSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  configHome,
  desktopEntry,
  setLinuxAutostart,
} from '../../../../src/main/desktop/autostart';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

/** Resolves when `file` appears in its folder (written under another name, then renamed). */
function appeared(dir: string, name: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(dir, () => {
      if (existsSync(join(dir, name))) {
        watcher.close();
        resolve();
      }
    });
    if (existsSync(join(dir, name))) {
      watcher.close();
      resolve();
    }
  });
}

describe('start at login on Linux (XDG autostart)', () => {
  it('writes an entry that a desktop launches with exactly our arguments', async () => {
    const temp = makeTempDir('kyrios-autostart-');
    cleanup.add(() => temp.remove());
    // A stand-in for the app: it writes the arguments it got, as the app would read them.
    const program = join(temp.dir, 'record args.cjs');
    writeFileSync(
      program,
      `const fs = require('node:fs');
       const [out, ...args] = process.argv.slice(2);
       fs.writeFileSync(out + '.tmp', JSON.stringify(args));
       fs.renameSync(out + '.tmp', out);`,
    );
    const out = join(temp.dir, 'argv.json');
    const tricky = ['--hidden', 'a b', 'q"x', '$HOME', 'back\\slash', '100%', "it's", '`id`'];
    const file = setLinuxAutostart(true, {
      configHome: join(temp.dir, 'config'),
      fileName: 'kyrios-desk',
      entry: {
        name: 'Kyrios Desk',
        comment: 'Watches your sending domains',
        exec: process.execPath,
        args: [program, out, ...tricky],
      },
    });
    expect(file).toBe(join(temp.dir, 'config', 'autostart', 'kyrios-desk.desktop'));
    expect(readFileSync(file, 'utf8')).toContain('[Desktop Entry]\nType=Application\n');

    // GLib's own launcher (what GNOME's session uses) parses the entry and starts the program.
    const done = appeared(temp.dir, 'argv.json');
    const gio = spawn('gio', ['launch', file], { stdio: 'ignore' });
    const code = await new Promise((resolve) => gio.once('exit', resolve));
    expect(code).toBe(0);
    await done;
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(tricky);

    // Turned off: the entry is gone (and turning it off again is fine).
    setLinuxAutostart(false, {
      configHome: join(temp.dir, 'config'),
      fileName: 'kyrios-desk',
      entry: { name: '', comment: '', exec: '', args: [] },
    });
    expect(existsSync(file)).toBe(false);
    setLinuxAutostart(false, {
      configHome: join(temp.dir, 'config'),
      fileName: 'kyrios-desk',
      entry: { name: '', comment: '', exec: '', args: [] },
    });
  });

  it('keeps each value on its line', () => {
    const text = desktopEntry({
      name: 'Kyrios\nDesk',
      comment: 'x\r\nExec=evil',
      exec: '/opt/app',
      args: [],
    });
    expect(text.split('\n').filter((l) => l.startsWith('Exec='))).toEqual(['Exec=/opt/app']);
  });

  it('finds the config folder as the XDG spec says', () => {
    expect(configHome({ XDG_CONFIG_HOME: '/x/conf' }, '/home/ann')).toBe('/x/conf');
    expect(configHome({}, '/home/ann')).toBe('/home/ann/.config');
    // A relative value is invalid per the spec and ignored.
    expect(configHome({ XDG_CONFIG_HOME: 'conf' }, '/home/ann')).toBe('/home/ann/.config');
  });
});
