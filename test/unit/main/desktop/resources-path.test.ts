import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appIconFile,
  resourcesDir,
  trayIconFile,
} from '../../../../src/main/desktop/resources-path';

const root = resolve(import.meta.dirname, '../../../..');

describe('where the icons are at run time', () => {
  it('in development: the project folder, and every icon the shell names is there', () => {
    const dir = resourcesDir(root, false);
    expect(dir).toBe(resolve(root, 'resources'));
    expect(existsSync(appIconFile(dir))).toBe(true);
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const icon of ['normal', 'attention', 'offline'] as const) {
        const file = trayIconFile(dir, platform, icon);
        expect(existsSync(file), file).toBe(true);
        expect(existsSync(file.replace('.png', '@2x.png')), file).toBe(true);
        expect(file.endsWith('Template.png')).toBe(platform === 'darwin');
      }
    }
  });

  it('packaged: the copy unpacked beside the asar archive', () => {
    expect(resourcesDir('/opt/Kyrios Desk/resources/app.asar', true)).toBe(
      '/opt/Kyrios Desk/resources/app.asar.unpacked/resources',
    );
  });
});
