import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// As the root config: one graphql build for our code and its dependencies.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

/**
 * `npm run test:faults`: its own config, not a project of the root one, so `npm test` does not run
 * it (CI runs it as its own step). One file, in order: the scenarios share one system.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    name: 'faults',
    include: ['e2e/faults/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
