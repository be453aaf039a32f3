/**
 * The web console benchmark (`npm run bench:console`).
 *
 * 1. First-load size: the JavaScript and CSS that index.html loads, gzip-compressed (target: JS <= 250 KB).
 * 2. Time to an interactive tenants table over 10,000 tenants (PGlite, seeded with SQL as in control-plane.bench.ts),
 *    in headless Chromium (/usr/bin/chromium, never a downloaded browser): from navigation start to the first page's
 *    rows on screen, in a fresh browser context each time (no cache), and the time of one "next page" click.
 *    Its peer: the same page's raw API call (GET /api/v1/overview?limit=25) from Node, which is the floor the console
 *    adds its load, parse and render to.
 * Progress goes to stderr; stdout gets one JSON document, also written to bench/results/console.json.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ADMIN_EMAIL, ADMIN_PASSWORD, benchConfig } from './lib/server.ts';
import { startServer, type RunningServer } from '@smarteros/server';
import type { Browser } from 'playwright-core';
import { CHROMIUM_PATH, ensureConsoleBuilt, launchChromium, newContext } from '../test/browser/support.ts';
import { summarize, timeSequential } from './lib/stats.ts';
import { insertTenantsWithSql } from './lib/tenants.ts';

const SETTINGS = { tenants: 10_000, batch: 2_000, page_loads: 12, api_calls: { warmup: 20, count: 200 }, page_size: 25 } as const;
const TARGETS = { first_load_js_gzip_kb_max: 250 } as const;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'apps/web/dist');
const RESULTS_DIR = join(ROOT, 'bench/results');

const startedAt = performance.now();
const log = (message: string): void => {
  process.stderr.write(`[${((performance.now() - startedAt) / 1000).toFixed(1).padStart(6)}s] ${message}\n`);
};
const kb = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;

/** The files index.html loads at first paint (module scripts, preloads, stylesheets), raw and gzip sizes. */
function firstLoadSize() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const files = [...new Set(refs)].map((ref) => {
    const data = readFileSync(join(DIST, ref));
    return { file: ref, kind: ref.endsWith('.js') ? 'js' : 'css', raw_kb: kb(data.length), gzip_kb: kb(gzipSync(data, { level: 9 }).length) };
  });
  const sum = (kind: string, key: 'raw_kb' | 'gzip_kb') => Math.round(files.filter((f) => f.kind === kind).reduce((n, f) => n + f[key], 0) * 10) / 10;
  return { files, js_raw_kb: sum('js', 'raw_kb'), js_gzip_kb: sum('js', 'gzip_kb'), css_gzip_kb: sum('css', 'gzip_kb') };
}

async function seed(server: RunningServer, target: number): Promise<{ tenants: number; elapsed_ms: number }> {
  const start = performance.now();
  await insertTenantsWithSql(server.db, target, { batch: SETTINGS.batch, onBatch: (done) => log(`  ${done} tenants`) });
  return { tenants: target, elapsed_ms: Math.round(performance.now() - start) };
}

async function login(url: string): Promise<{ access_token: string; expires_in: number; role: string; refresh_cookie: string }> {
  // As the console signs in: the refresh token comes back as the HttpOnly session cookie (X-SmarterOS-Session).
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-smarteros-session': '1' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = /smarteros_refresh=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))?.[1];
  if (!cookie) throw new Error('login set no session cookie');
  return { ...((await res.json()) as { access_token: string; expires_in: number; role: string }), refresh_cookie: cookie };
}

/** Milliseconds from navigation start to the first page's rows, in fresh contexts (cold cache), and one next-page click. */
async function pageLoads(browser: Browser, url: string) {
  const loads: number[] = [];
  const nextPage: number[] = [];
  const breakdown: Record<string, number[]> = {};
  for (let i = 0; i < SETTINGS.page_loads; i++) {
    const context = await newContext(browser);
    try {
      // A browser already signed in (its own session): the new tab trades the cookie for an access token, then loads rows.
      const signedIn = await login(url);
      await context.addCookies([{ name: 'smarteros_refresh', value: signedIn.refresh_cookie, url: `${url}/api/v1/auth`, httpOnly: true, sameSite: 'Strict' }]);
      const page = await context.newPage();
      await page.goto(`${url}/tenants`, { waitUntil: 'commit' });
      await page.waitForFunction(`document.querySelectorAll('table.tenants-table tbody tr').length === ${SETTINGS.page_size}`, undefined, { timeout: 30_000 });
      loads.push(Math.round((await page.evaluate<number>('performance.now()')) * 10) / 10);
      // Where the time went: the script's download, the API call's start and end (resource timing, ms from navigation).
      const timing = await page.evaluate<Record<string, number>>(`(() => {
        const r = performance.getEntriesByType('resource');
        const js = r.find((e) => e.name.includes('/assets/') && e.name.endsWith('.js'));
        const api = r.find((e) => e.name.includes('/api/v1/overview'));
        const nav = performance.getEntriesByType('navigation')[0];
        return { html_ms: nav ? nav.responseEnd : -1, script_loaded_ms: js ? js.responseEnd : -1, api_start_ms: api ? api.startTime : -1, api_end_ms: api ? api.responseEnd : -1 };
      })()`);
      for (const [k, v] of Object.entries(timing)) (breakdown[k] ??= []).push(Math.round(v * 10) / 10);
      // The next page, timed inside the page: from the click to the second page's rows (no driver round trips).
      const ms = await page.evaluate<number>(`new Promise((resolve) => {
        const first = document.querySelector('table.tenants-table tbody tr th')?.textContent;
        const start = performance.now();
        const check = () => {
          const wrap = document.querySelector('.table-wrap');
          const now = document.querySelector('table.tenants-table tbody tr th')?.textContent;
          if (wrap && wrap.getAttribute('aria-busy') === 'false' && now !== first) resolve(performance.now() - start);
          else requestAnimationFrame(check);
        };
        [...document.querySelectorAll('.pager button')].find((b) => b.textContent.includes('Siguiente')).click();
        requestAnimationFrame(check);
      })`);
      nextPage.push(Math.round(ms * 10) / 10);
    } finally {
      await context.close();
    }
  }
  const p50 = (values: number[]) => summarize(values.slice(1)).p50;
  return {
    cold_first: loads[0]!,
    interactive_table: summarize(loads.slice(1)),
    next_page_click: summarize(nextPage),
    breakdown_p50_ms_from_navigation: Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, p50(v)])),
  };
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.error(`bench:console needs Chromium at ${CHROMIUM_PATH} (apt-get update && apt-get install -y chromium).`);
    process.exit(2);
  }
  log('building the console when needed');
  ensureConsoleBuilt();
  const size = firstLoadSize();
  log(`first load: JS ${size.js_gzip_kb} KB gzip (${size.js_raw_kb} KB raw), CSS ${size.css_gzip_kb} KB gzip`);

  const dataDir = mkdtempSync(join(os.tmpdir(), 'smarteros-bench-console-'));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    // One sign-in per fresh browser context: more than the default 10 a minute.
    const config = benchConfig(dataDir, { SMARTEROS_LOGIN_MAX_PER_MINUTE: '1000' });
    server = await startServer({ config, onStep: (step) => log(`  ${step}`) });
    log(`server at ${server.url}; seeding ${SETTINGS.tenants} tenants with SQL`);
    const seeded = await seed(server, SETTINGS.tenants);
    const token = await login(server.url);

    const apiUrl = `${server.url}/api/v1/overview?limit=${SETTINGS.page_size}`;
    const headers = { authorization: `Bearer ${token.access_token}` };
    const api = await timeSequential(async () => {
      const res = await fetch(apiUrl, { headers });
      if (!res.ok) throw new Error(`overview ${res.status}`);
      await res.arrayBuffer();
    }, SETTINGS.api_calls);
    log(`peer: raw API call p50 ${api.p50} ms`);

    browser = await launchChromium();
    log(`chromium ${browser.version()}: ${SETTINGS.page_loads} page loads`);
    const loads = await pageLoads(browser, server.url);
    log(`console: interactive table p50 ${loads.interactive_table.p50} ms (cold first ${loads.cold_first} ms), next page p50 ${loads.next_page_click.p50} ms`);

    const report = {
      benchmark: 'console',
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', load_avg_1m: os.loadavg()[0], node: process.version, chromium: browser.version() },
      settings: SETTINGS,
      targets: TARGETS,
      first_load: size,
      first_load_js_within_target: size.js_gzip_kb <= TARGETS.first_load_js_gzip_kb_max,
      seeded,
      tenants_table: {
        ms_from_navigation_to_rows: loads.interactive_table,
        cold_first_ms: loads.cold_first,
        next_page_click_ms: loads.next_page_click,
        breakdown_p50_ms_from_navigation: loads.breakdown_p50_ms_from_navigation,
        peer_raw_api_call_ms: api,
        console_over_api_p50_ms: Math.round((loads.interactive_table.p50 - api.p50) * 10) / 10,
      },
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'console.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
