import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';
import { RENDERER_CSP, rendererCsp } from './src/shared/csp';
import { contractIndexPlugin } from './tools/vite-contract-index';

const root = import.meta.dirname;

/**
 * Development only (`vite serve`: electron-vite's dev server, browser mode's `npm run dev`): the
 * page's policy admits what Vite serves inline (React Refresh's preamble, hot-updated styles) by
 * a nonce fresh for each server, which Vite puts on those tags. Built pages keep the policy as
 * it is written in index.html.
 */
export function devCsp(nonce = randomBytes(18).toString('base64')): Plugin {
  return {
    name: 'kyrios-desk:dev-csp',
    apply: 'serve',
    config: () => ({ html: { cspNonce: nonce } }),
    transformIndexHtml(html) {
      if (!html.includes(RENDERER_CSP)) {
        throw new Error('index.html no longer carries RENDERER_CSP (src/shared/csp.ts).');
      }
      return html.replace(RENDERER_CSP, rendererCsp(nonce));
    },
  };
}

/**
 * The renderer's build, shared by electron-vite (desktop) and scripts/ensure-renderer.ts (browser
 * mode), so both modes serve the same bundle; and its dev server (`npm run dev`).
 */
export const rendererConfig = {
  root: resolve(root, 'src/renderer'),
  base: './',
  plugins: [react(), contractIndexPlugin(), devCsp()],
  build: {
    outDir: resolve(root, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    reportCompressedSize: false,
    minify: true,
    rollupOptions: { input: resolve(root, 'src/renderer/index.html') },
  },
} satisfies UserConfig;
