import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

// `npm run icons`: every raster icon of the app, rendered from SVG. resources/icon.svg is the app
// icon, drawn once; the tray glyphs are drawn below. The outputs are committed (the window, the
// tray, notifications and electron-builder read them) and a unit test re-runs this into a
// temporary folder and decodes what it writes.

const root = resolve(import.meta.dirname, '..');

/** The sizes Linux desktops look for (hicolor theme), also electron-builder's Linux icon set. */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

/** Tray states, as the tray shows them (see src/main/desktop/tray-state.ts). */
export const TRAY_KINDS = ['normal', 'attention', 'offline'] as const;
export type TrayKind = (typeof TRAY_KINDS)[number];

/**
 * Tray icon files: coloured ones for Windows and Linux, black-and-alpha template images for the
 * macOS menu bar (the "Template" suffix lets macOS tint them for light and dark bars). Electron
 * picks the `@2x` file on high-density screens by itself.
 */
export const TRAY_FILES: Record<'color' | 'template', Record<TrayKind, string>> = {
  color: { normal: 'tray.png', attention: 'tray-attention.png', offline: 'tray-offline.png' },
  template: {
    normal: 'trayTemplate.png',
    attention: 'trayAttentionTemplate.png',
    offline: 'trayOfflineTemplate.png',
  },
};

/** Point size of the tray images: 16 on Windows and Linux, 18 in the macOS menu bar. */
export const TRAY_SIZE = { color: 16, template: 18 } as const;

// The tray glyph on a 32-unit grid: an envelope, with a badge at the top right for attention.
const ENVELOPE_BODY = '<rect x="4" y="8" width="24" height="17" rx="3"/>';
const ENVELOPE_FLAP = 'M6.5 10.5 L16 17.5 L25.5 10.5';
const BADGE = { cx: 25, cy: 8, r: 6 };

function svg(content: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">${content}</svg>`;
}

/** Coloured tray icon: a small copy of the app icon's square, grey when offline. */
function colorTray(kind: TrayKind): string {
  const body = kind === 'offline' ? '#6b7280' : '#2b59c3';
  const ink = kind === 'offline' ? '#4b5563' : '#1f46a6';
  const badge =
    kind === 'attention'
      ? `<circle cx="${BADGE.cx}" cy="${BADGE.cy}" r="${BADGE.r}" fill="#f59e0b" stroke="#ffffff" stroke-width="2"/>`
      : '';
  return svg(
    `<rect x="1" y="1" width="30" height="30" rx="7" fill="${body}"/>` +
      `<rect x="5" y="9" width="22" height="15" rx="2.5" fill="#ffffff"/>` +
      `<path d="M7.5 11.5 L16 17.5 L24.5 11.5" fill="none" stroke="${ink}" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>` +
      badge,
  );
}

/**
 * macOS template: black and alpha only. Attention cuts a gap around a solid badge; offline is the
 * outline at half strength with a slash through it.
 */
function templateTray(kind: TrayKind): string {
  const outline =
    `<g fill="none" stroke="#000000" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round">` +
    `${ENVELOPE_BODY}<path d="${ENVELOPE_FLAP}"/></g>`;
  if (kind === 'normal') return svg(outline);
  if (kind === 'attention') {
    return svg(
      `<defs><mask id="gap"><rect width="32" height="32" fill="#ffffff"/>` +
        `<circle cx="${BADGE.cx}" cy="${BADGE.cy}" r="${BADGE.r + 2.5}" fill="#000000"/></mask></defs>` +
        `<g mask="url(#gap)">${outline}</g>` +
        `<circle cx="${BADGE.cx}" cy="${BADGE.cy}" r="${BADGE.r}" fill="#000000"/>`,
    );
  }
  return svg(
    `<g opacity="0.5">${outline}</g>` +
      `<path d="M5 28 L27 4" stroke="#000000" stroke-width="2.6" stroke-linecap="round"/>`,
  );
}

function render(source: string, size: number): Buffer {
  return new Resvg(source, {
    fitTo: { mode: 'width', value: size },
    font: { loadSystemFonts: false },
  })
    .render()
    .asPng();
}

function atScale(file: string, scale: 1 | 2): string {
  return scale === 1 ? file : file.replace(/\.png$/, '@2x.png');
}

/** Writes every icon into `outDir` (default resources/); returns the paths written. */
export function generateIcons(outDir = join(root, 'resources')): string[] {
  const written: string[] = [];
  const write = (path: string, data: Buffer) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, data);
    written.push(path);
  };
  const app = readFileSync(join(root, 'resources', 'icon.svg'), 'utf8');

  // The window and notifications use icons/512x512.png (Linux, Windows); macOS the bundle's .icns.
  for (const size of LINUX_SIZES) {
    write(join(outDir, 'icons', `${size}x${size}.png`), render(app, size));
  }

  const master = render(app, 1024);
  const icns = png2icons.createICNS(master, png2icons.BICUBIC2, 0);
  // forWinExe: PNG entries from 64 px up, bitmaps below, as Windows Explorer and NSIS read best.
  const ico = png2icons.createICO(master, png2icons.BICUBIC2, 0, false, true);
  if (!icns || !ico) throw new Error('png2icons could not convert the app icon.');
  write(join(outDir, 'icon.icns'), icns);
  write(join(outDir, 'icon.ico'), ico);

  for (const kind of TRAY_KINDS) {
    for (const scale of [1, 2] as const) {
      write(
        join(outDir, 'tray', atScale(TRAY_FILES.color[kind], scale)),
        render(colorTray(kind), TRAY_SIZE.color * scale),
      );
      write(
        join(outDir, 'tray', atScale(TRAY_FILES.template[kind], scale)),
        render(templateTray(kind), TRAY_SIZE.template * scale),
      );
    }
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ? resolve(process.argv[2]) : undefined;
  const files = generateIcons(out);
  process.stdout.write(`${files.map((f) => relative(process.cwd(), f)).join('\n')}\n`);
}
