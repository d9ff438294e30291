import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { UserConfig } from 'vite';
import { contractIndexPlugin } from './tools/vite-contract-index';

const root = import.meta.dirname;

/**
 * The renderer's build, shared by electron-vite (desktop) and scripts/ensure-renderer.ts (browser
 * mode), so both modes serve the same bundle.
 */
export const rendererConfig = {
  root: resolve(root, 'src/renderer'),
  base: './',
  plugins: [react(), contractIndexPlugin()],
  build: {
    outDir: resolve(root, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    reportCompressedSize: false,
    minify: true,
    rollupOptions: { input: resolve(root, 'src/renderer/index.html') },
  },
} satisfies UserConfig;
