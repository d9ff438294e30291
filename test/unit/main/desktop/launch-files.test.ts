import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { messageFilesIn } from '../../../../src/main/desktop/launch-files';
import { createCleanup, makeTempDir } from '../../helpers/temp-dir';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

function folder() {
  const temp = makeTempDir('kyrios-eml-');
  cleanup.add(() => temp.remove());
  writeFileSync(join(temp.dir, 'bounce.eml'), 'From: a@example.test\r\n\r\nhi\r\n');
  writeFileSync(join(temp.dir, 'Report.EML'), 'From: b@example.test\r\n\r\nhi\r\n');
  writeFileSync(join(temp.dir, 'notes.txt'), 'not a message');
  mkdirSync(join(temp.dir, 'folder.eml'));
  return temp.dir;
}

describe('message files on a command line', () => {
  it('keeps existing .eml files, absolute or relative to where the app was launched', () => {
    const dir = folder();
    expect(
      messageFilesIn(
        [join(dir, 'bounce.eml'), 'Report.EML', '--data', '/tmp/data', 'notes.txt'],
        dir,
      ),
    ).toEqual([join(dir, 'bounce.eml'), join(dir, 'Report.EML')]);
  });

  it('ignores switches, folders, missing files and repeats', () => {
    const dir = folder();
    expect(
      messageFilesIn(
        [
          '--allow-file-access-from-files',
          '--user-data-dir=/tmp/x.eml',
          join(dir, 'folder.eml'),
          join(dir, 'missing.eml'),
          'bounce.eml',
          join(dir, 'bounce.eml'),
        ],
        dir,
      ),
    ).toEqual([join(dir, 'bounce.eml')]);
  });
});
