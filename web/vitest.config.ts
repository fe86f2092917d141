import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * Component tests (Testing Library in jsdom), `src/**\/*.test.tsx`. The root vitest.config.ts can
 * list this file as a project; `npx vitest run --config web/vitest.config.ts` runs it alone.
 */
export default defineConfig({
  plugins: [react()],
  test: {
    name: 'web',
    root: import.meta.dirname,
    include: ['src/**/*.test.tsx'],
    environment: 'jsdom',
    // Local dates in the tests are Berlin's; the test helper also sets this for other runners.
    env: { TZ: 'Europe/Berlin' },
  },
});
