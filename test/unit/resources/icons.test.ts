import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateIcons,
  LINUX_SIZES,
  TRAY_FILES,
  TRAY_KINDS,
  TRAY_SIZE,
} from '../../../scripts/icons';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';

// The icon script is run again into a temporary folder; every file it writes is decoded here by
// readers the project did not write (pngjs), or parsed by its container format (ICO, ICNS) down to
// the images inside, which are decoded in turn.

const root = resolve(import.meta.dirname, '../../..');
let out: TempDir;
let written: string[];

beforeAll(() => {
  out = makeTempDir('kyrios-icons-');
  written = generateIcons(out.dir);
});
afterAll(() => out.remove());

function png(data: Buffer): PNG {
  return PNG.sync.read(data);
}

/** Every pixel's RGBA as it was drawn, for the checks on what the images show. */
function pixels(image: PNG): { alpha: number[]; colored: number } {
  const alpha: number[] = [];
  let colored = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b, a] = [image.data[i], image.data[i + 1], image.data[i + 2], image.data[i + 3]];
    alpha.push(a ?? 0);
    if ((a ?? 0) > 0 && (r !== 0 || g !== 0 || b !== 0)) colored += 1;
  }
  return { alpha, colored };
}

/** ICNS packbits (is32/il32): 3 channels of width × height bytes once expanded. */
function unpackIcnsRle(data: Buffer): number {
  let length = 0;
  for (let i = 0; i < data.length;) {
    const n = data[i] ?? 0;
    if (n < 0x80) {
      length += n + 1;
      i += n + 2;
    } else {
      length += n - 0x80 + 3;
      i += 2;
    }
  }
  return length;
}

describe('the icon script', () => {
  it('writes the Linux sizes, each a PNG of its size that is not empty', () => {
    for (const size of LINUX_SIZES) {
      const image = png(readFileSync(join(out.dir, 'icons', `${size}x${size}.png`)));
      expect([image.width, image.height]).toEqual([size, size]);
      // The corners are transparent (rounded square) and the middle is drawn.
      const { alpha } = pixels(image);
      expect(alpha[0]).toBe(0);
      expect(alpha[Math.floor(size / 2) * size + Math.floor(size / 2)]).toBe(255);
    }
  });

  it('writes tray icons for every state, 1x and @2x; the macOS ones black and alpha only', () => {
    for (const kind of TRAY_KINDS) {
      for (const style of ['color', 'template'] as const) {
        const file = TRAY_FILES[style][kind];
        const one = png(readFileSync(join(out.dir, 'tray', file)));
        const two = png(readFileSync(join(out.dir, 'tray', file.replace('.png', '@2x.png'))));
        expect([one.width, one.height]).toEqual([TRAY_SIZE[style], TRAY_SIZE[style]]);
        expect([two.width, two.height]).toEqual([2 * TRAY_SIZE[style], 2 * TRAY_SIZE[style]]);
        const seen = pixels(two);
        expect(seen.alpha.some((a) => a > 0)).toBe(true);
        if (style === 'template') {
          expect(file).toMatch(/Template\.png$/);
          expect(seen.colored).toBe(0);
        } else {
          expect(seen.colored).toBeGreaterThan(0);
        }
      }
    }
    // Three different pictures, not one drawn three times.
    const drawn = TRAY_KINDS.map((kind) =>
      readFileSync(join(out.dir, 'tray', TRAY_FILES.template[kind])).toString('base64'),
    );
    expect(new Set(drawn).size).toBe(3);
  });

  it('builds an ICO whose entries are the Windows sizes: PNGs that decode, bitmaps that fit', () => {
    const ico = readFileSync(join(out.dir, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let k = 0; k < count; k++) {
      const entry = 6 + 16 * k;
      const size = ico[entry] === 0 ? 256 : (ico[entry] ?? 0);
      const bytes = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      const data = ico.subarray(offset, offset + bytes);
      expect(data.length).toBe(bytes);
      if (data.subarray(1, 4).toString('latin1') === 'PNG') {
        const image = png(data);
        expect([image.width, image.height]).toEqual([size, size]);
      } else {
        // BITMAPINFOHEADER: 40 bytes, height doubled (colour + mask), 32 bits a pixel, then the
        // pixels and a 1-bit mask whose rows are padded to 4 bytes.
        expect(data.readUInt32LE(0)).toBe(40);
        expect([data.readInt32LE(4), data.readInt32LE(8)]).toEqual([size, 2 * size]);
        expect(data.readUInt16LE(14)).toBe(32);
        expect(bytes).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size);
      }
      sizes.push(size);
    }
    expect(sizes.sort((a, b) => a - b)).toEqual(expect.arrayContaining([16, 24, 32, 48, 256]));
  });

  it('builds an ICNS whose chunks hold the macOS sizes, each decoding to its size', () => {
    const icns = readFileSync(join(out.dir, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const pngSizes: Record<string, number> = {
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    };
    const seen: string[] = [];
    for (let offset = 8; offset < icns.length;) {
      const type = icns.subarray(offset, offset + 4).toString('latin1');
      const length = icns.readUInt32BE(offset + 4);
      expect(length).toBeGreaterThan(8);
      const data = icns.subarray(offset + 8, offset + length);
      const size = pngSizes[type];
      if (size) {
        const image = png(data);
        expect([image.width, image.height]).toEqual([size, size]);
      } else if (type === 'is32' || type === 'il32') {
        const side = type === 'is32' ? 16 : 32;
        expect(unpackIcnsRle(data)).toBe(3 * side * side);
      } else if (type === 's8mk' || type === 'l8mk') {
        expect(data.length).toBe(type === 's8mk' ? 16 * 16 : 32 * 32);
      }
      seen.push(type);
      offset += length;
    }
    expect(seen).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10', 'is32', 's8mk']));
  });

  it('left the committed resources/ as it would write them now', () => {
    const names = written.map((path) => relative(out.dir, path)).sort();
    expect(names).toContain('icon.icns');
    for (const name of names) {
      const fresh = readFileSync(join(out.dir, name));
      const committed = readFileSync(join(root, 'resources', name));
      if (!name.endsWith('.png')) {
        expect(committed.length, name).toBeGreaterThan(0);
        continue;
      }
      // Pixels, not bytes: another build of the renderer may round a few edge pixels differently.
      const a = png(fresh);
      const b = png(committed);
      expect([b.width, b.height], name).toEqual([a.width, a.height]);
      let worst = 0;
      for (let i = 0; i < a.data.length; i++) {
        worst = Math.max(worst, Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0)));
      }
      expect(worst, name).toBeLessThanOrEqual(8);
    }
  });
});
