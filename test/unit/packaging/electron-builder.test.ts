import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { getCurrentFuseWire } from '@electron/fuses';
import Ajv from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { findPackagedApp, fuseProblems, readBuilderConfig } from '../../../scripts/check-package';
import { APP_ID, APP_NAME } from '../../../src/main/paths';
import { createCleanup, makeTempDir } from '../helpers/temp-dir';

// The installers cannot be built here (electron-builder needs Electron's binary), so the
// configuration is checked with electron-builder's own schema and loader, and its fuses are
// flipped by electron-builder's own code on a stand-in binary that `npm run dist:check` then
// reads, as it will read the real one.

const root = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const cleanup = createCleanup();
afterEach(() => cleanup.run());

const file = join(root, 'electron-builder.yml');
const config = YAML.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  asarUnpack: string[];
  files: string[];
  fileAssociations: { ext: string; mimeType: string }[];
  mac: { target: string; icon: string };
  win: { target: string; icon: string };
  linux: { target: string[]; icon: string; executableName: string };
};

function schemaValidator() {
  const schema = JSON.parse(
    readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
  ) as object;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's JSON schema, which refuses a misspelt option", () => {
    const validate = schemaValidator();
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } };
    expect(validate(misspelt)).toBe(false);
    expect(validate({ ...config, asarUnpak: ['x'] })).toBe(false);
  });

  it("is the file electron-builder's own loader finds, and passes its own validation", async () => {
    const { getConfig, validateConfiguration } =
      require('app-builder-lib/out/util/config/config') as {
        getConfig: (dir: string) => Promise<Record<string, unknown>>;
        validateConfiguration: (c: unknown, log: { isEnabled: boolean }) => Promise<void>;
      };
    const loaded = await getConfig(root);
    expect(loaded).toMatchObject({ appId: APP_ID, productName: APP_NAME });
    await expect(validateConfiguration(loaded, { isEnabled: false })).resolves.toBeUndefined();
    await expect(
      validateConfiguration(
        { ...loaded, electronFuses: { runAsNod: false } },
        { isEnabled: false },
      ),
    ).rejects.toThrow(/does not match the API schema/);
  });

  it('flips the fuses the security guide asks for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      resetAdHocDarwinSignature: true,
    });
  });

  it('packs into an asar archive, better-sqlite3 and the icons unpacked, rebuilt for Electron', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/better-sqlite3/**/*', 'resources/**/*']),
    );
    expect(config.files).toEqual(expect.arrayContaining(['out/**/*']));
    // @electron/rebuild, not the legacy app-builder binary.
    expect(config.npmRebuild).toBe(true);
    expect(config.nativeRebuilder).toBe('sequential');
  });

  it('names the app as the app does, builds each platform its installer, opens .eml files', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      productName: string;
      scripts: Record<string, string>;
    };
    expect([config.appId, config.productName, pkg.productName]).toEqual([
      APP_ID,
      APP_NAME,
      APP_NAME,
    ]);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: 'eml', mimeType: 'message/rfc822' }),
    ]);
    expect(pkg.scripts.dist).toBeDefined();
    expect(pkg.scripts['dist:check']).toBeDefined();
  });

  it('points at icons that exist: .icns, .ico and the Linux sizes', () => {
    expect(existsSync(join(root, config.mac.icon))).toBe(true);
    expect(existsSync(join(root, config.win.icon))).toBe(true);
    const linux = readdirSync(join(root, config.linux.icon));
    expect(linux).toEqual(expect.arrayContaining(['16x16.png', '256x256.png', '512x512.png']));
    expect(linux.every((name) => /^\d+x\d+\.png$/.test(name))).toBe(true);
  });
});

describe('npm run dist:check, on a stand-in for the packaged binary', () => {
  /** Electron's fuse wire as it ships (run as node on, cookie encryption off, …). */
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  function standIn(dir: string, name: string): string {
    const path = join(dir, name);
    const wire = Buffer.concat([
      Buffer.from('\x7fELF…some machine code…'),
      Buffer.from(SENTINEL),
      Buffer.from([1, 8]),
      Buffer.from('10110001'),
      Buffer.from('…more machine code'),
    ]);
    writeFileSync(path, wire);
    return path;
  }

  it('finds the shipped fuses wrong, and right once electron-builder has flipped them', async () => {
    const temp = makeTempDir('kyrios-fuses-');
    cleanup.add(() => temp.remove());
    const binary = standIn(temp.dir, `${APP_NAME}.exe`);
    const wanted = readBuilderConfig().electronFuses;

    const before = fuseProblems(await getCurrentFuseWire(binary), wanted);
    expect(before).toEqual([
      'runAsNode is on, electron-builder.yml asks for off',
      'enableCookieEncryption is off, electron-builder.yml asks for on',
      'enableNodeOptionsEnvironmentVariable is on, electron-builder.yml asks for off',
      'enableNodeCliInspectArguments is on, electron-builder.yml asks for off',
      'enableEmbeddedAsarIntegrityValidation is off, electron-builder.yml asks for on',
      'onlyLoadAppFromAsar is off, electron-builder.yml asks for on',
    ]);

    // electron-builder's own step, as it runs after packing (on Windows and Linux: the executable).
    const { PlatformPackager } = require('app-builder-lib') as {
      PlatformPackager: {
        prototype: { doAddElectronFuses(this: unknown, context: unknown): Promise<void> };
      };
    };
    const proto = PlatformPackager.prototype as unknown as Record<string, unknown>;
    const packager = {
      config: { electronFuses: wanted },
      appInfo: { productFilename: APP_NAME },
      generateFuseConfig: proto.generateFuseConfig,
      addElectronFuses: proto.addElectronFuses,
    };
    await PlatformPackager.prototype.doAddElectronFuses.call(packager, {
      appOutDir: temp.dir,
      electronPlatformName: 'win32',
    });
    expect(fuseProblems(await getCurrentFuseWire(binary), wanted)).toEqual([]);
  });

  it('knows where electron-builder leaves each platform’s unpacked app', () => {
    const temp = makeTempDir('kyrios-dist-');
    cleanup.add(() => temp.remove());
    const builder = readBuilderConfig();
    expect(findPackagedApp(temp.dir, 'linux', builder)).toBeNull();
    expect(findPackagedApp(join(temp.dir, 'nothing'), 'darwin', builder)).toBeNull();
    const linux = join(temp.dir, 'linux-unpacked');
    mkdirSync(linux);
    writeFileSync(join(linux, 'kyrios-desk'), '');
    expect(findPackagedApp(temp.dir, 'linux', builder)).toEqual({
      fuseTarget: join(linux, 'kyrios-desk'),
      executable: join(linux, 'kyrios-desk'),
      resources: join(linux, 'resources'),
    });
    mkdirSync(join(temp.dir, 'mac-arm64'));
    expect(findPackagedApp(temp.dir, 'darwin', builder)).toEqual({
      fuseTarget: join(temp.dir, 'mac-arm64', 'Kyrios Desk.app'),
      executable: join(
        temp.dir,
        'mac-arm64',
        'Kyrios Desk.app',
        'Contents',
        'MacOS',
        'Kyrios Desk',
      ),
      resources: join(temp.dir, 'mac-arm64', 'Kyrios Desk.app', 'Contents', 'Resources'),
    });
  });
});
