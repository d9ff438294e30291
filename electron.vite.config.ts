import { defineConfig } from 'electron-vite';
import { contractIndexPlugin } from './tools/vite-contract-index';
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
    // The method names come from the contract's zod-free index: the sandboxed preload cannot
    // require zod.
    plugins: [contractIndexPlugin()],
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
