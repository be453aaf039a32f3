import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * One suite, two drivers. `*.db.test.ts` files run on PGlite always and again on PostgreSQL when DATABASE_URL is set;
 * the other tests run once. Browser tests (`*.browser.test.ts`) drive the machine's Chromium (never a downloaded one)
 * against a real server on PGlite; without /usr/bin/chromium they are skipped with one line saying so.
 */
const withPostgres = Boolean(process.env.DATABASE_URL);
const chromiumPath = process.env.SMARTEROS_CHROMIUM ?? '/usr/bin/chromium';
const withBrowser = existsSync(chromiumPath);
const common = { globalSetup: ['test/support/global-setup.ts'], setupFiles: ['test/support/modules-setup.ts'], testTimeout: 30_000, hookTimeout: 60_000 };
const excluded = ['**/node_modules/**', '**/*.browser.test.ts'];

if (!withBrowser) {
  console.warn(`Browser tests skipped: Chromium is missing at ${chromiumPath} (install it with: apt-get update && apt-get install -y chromium).`);
}

export default defineConfig({
  test: {
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
    maxWorkers: 2,
    projects: [
      { test: { ...common, name: 'unit', include: ['**/*.test.ts'], exclude: [...excluded, '**/*.db.test.ts'] } },
      { test: { ...common, name: 'pglite', include: ['**/*.db.test.ts'], exclude: excluded, env: { SMARTEROS_TEST_DRIVER: 'pglite' } } },
      ...(withPostgres
        ? [{ test: { ...common, name: 'postgres', include: ['**/*.db.test.ts'], exclude: excluded, env: { SMARTEROS_TEST_DRIVER: 'postgres' } } }]
        : []),
      ...(withBrowser
        ? [{ test: { ...common, name: 'browser', include: ['test/browser/**/*.browser.test.ts'], exclude: ['**/node_modules/**'], env: { SMARTEROS_TEST_DRIVER: 'pglite' } } }]
        : []),
    ],
  },
});
