import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const CONTRACT_INDEX = fileURLToPath(new URL('./src/shared/contract-index.ts', import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        // Builds serve the contract's index as plain data (tools/vite-contract-index.ts); tests
        // read it from the module that derives it from the contract.
        resolve: { alias: { 'virtual:kyrios-contract-index': CONTRACT_INDEX } },
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          // Component tests (.tsx) say `@vitest-environment happy-dom` at their top.
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          // After the unit tests, so the two cores are not shared with Chromium.
          sequence: { groupOrder: 1 },
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium per file; two cores on our machines.
          maxWorkers: 2,
        },
      },
    ],
  },
});
