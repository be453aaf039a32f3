import { defineConfig } from 'vitest/config';

/**
 * One suite, two drivers. `*.db.test.ts` files run on PGlite always and again on PostgreSQL when DATABASE_URL is set;
 * the other tests run once. Browser tests (`*.browser.test.ts`) join when the console lands.
 */
const withPostgres = Boolean(process.env.DATABASE_URL);
const common = { globalSetup: ['test/support/global-setup.ts'], testTimeout: 30_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
    maxWorkers: 2,
    projects: [
      { test: { ...common, name: 'unit', include: ['**/*.test.ts'], exclude: ['**/node_modules/**', '**/*.db.test.ts'] } },
      { test: { ...common, name: 'pglite', include: ['**/*.db.test.ts'], exclude: ['**/node_modules/**'], env: { SMARTEROS_TEST_DRIVER: 'pglite' } } },
      ...(withPostgres
        ? [{ test: { ...common, name: 'postgres', include: ['**/*.db.test.ts'], exclude: ['**/node_modules/**'], env: { SMARTEROS_TEST_DRIVER: 'postgres' } } }]
        : []),
    ],
  },
});
