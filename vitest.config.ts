import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql ships CommonJS (main) and ESM (module) builds. Node (and so every dependency) loads the
// CommonJS one; Vite would give our own code the ESM one, and a schema made by one is rejected by
// the other ("another module or realm"). Tests load what production loads.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

const exclude = ['**/node_modules/**', '**/dist/**'];

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    // 2 cores: one worker per core; every file gets its own database and Redis prefix.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'subgraphs/*/src/**/*.test.ts',
            'gateway/src/**/*.test.ts',
            'schema/**/*.test.ts',
            'deploy/**/*.test.ts',
          ],
          exclude,
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          include: ['web/src/**/*.test.tsx'],
          exclude,
          environment: 'jsdom',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'packages/*/test/**/*.int.test.ts',
            'subgraphs/*/test/**/*.int.test.ts',
            'gateway/test/**/*.int.test.ts',
          ],
          exclude,
          globalSetup: ['./scripts/test-services.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          exclude,
          globalSetup: ['./scripts/test-services.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
