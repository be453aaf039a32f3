import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Browser tests drive the machine's Chromium (never a downloaded one) against a real server serving the built console. */
export const CHROMIUM_PATH = process.env.SMARTEROS_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = join(ROOT, 'apps/web');
export const RESULTS_DIR = join(ROOT, 'test-results');
export const CONSOLE_DIST = join(WEB, 'dist');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds apps/web when dist is missing or older than its sources (vite build takes about a second). */
export function ensureConsoleBuilt(): void {
  const index = join(WEB, 'dist/index.html');
  const sources = [join(WEB, 'src'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts'), join(ROOT, 'packages/kernel/src/rut.ts')];
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', WEB, '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would give React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A context as a person in Chile sees the console: es-CL, America/Santiago, a laptop screen unless told. */
export async function newContext(browser: Browser, options: { width?: number; height?: number } = {}): Promise<BrowserContext> {
  return browser.newContext({ locale: 'es-CL', timezoneId: 'America/Santiago', viewport: { width: options.width ?? 1280, height: options.height ?? 800 } });
}

const slug = (name: string): string =>
  name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);

/** A full-page screenshot in test-results/ (failures), named after the test. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${slug(name)}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Screenshots of passing states, only when SMARTEROS_SCREENSHOTS=1 (for reviewing the screens). */
export async function documentScreen(page: Page, name: string): Promise<void> {
  if (process.env.SMARTEROS_SCREENSHOTS === '1') await screenshot(page, `screen-${name}`);
}
