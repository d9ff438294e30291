import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        // The embedded sandbox runs in a utility process of its own: a second entry.
        input: { index: 'src/main/electron/main.ts', 'sandbox-child': 'src/sandbox/child.ts' },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      // A sandboxed preload must be CommonJS.
      rollupOptions: {
        input: { index: 'src/preload/index.ts' },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
