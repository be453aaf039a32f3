import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeEach, expect } from 'vitest';
import { createTestServer, type TestServer } from '../support/test-server.ts';

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

/** A listening test server that serves the built console, and Chromium. Many sign-ins: the per-address limit is lifted. */
export async function startConsole(env: Record<string, string> = {}): Promise<{ t: TestServer; base: string; browser: Browser }> {
  ensureConsoleBuilt();
  const t = await createTestServer({ listen: true, env: { SMARTEROS_LOGIN_MAX_PER_MINUTE: '1000', ...env } });
  return { t, base: t.server.url, browser: await launchChromium() };
}

/**
 * A fresh browser context and page for every test (handed to onPage), closed at the start of the next test rather than
 * at the end, so a failure can still be photographed into test-results/. openContext() opens another one mid-test.
 */
export function pagePerTest(browser: () => Browser, onPage: (page: Page, context: BrowserContext) => void) {
  const open: BrowserContext[] = [];
  let current: Page | undefined;
  const closeOpen = async (): Promise<void> => {
    for (const c of open.splice(0)) await c.close().catch(() => {});
  };
  async function openContext(options: { width?: number; height?: number } = {}): Promise<Page> {
    const context = await newContext(browser(), options);
    open.push(context);
    current = await context.newPage();
    current.setDefaultTimeout(10_000);
    onPage(current, context);
    return current;
  }
  beforeEach(async (ctx) => {
    await closeOpen();
    await openContext();
    ctx.onTestFailed(async () => {
      if (!current) return;
      const path = await screenshot(current, `failed-${ctx.task.name}`);
      console.warn(`screenshot of the failure: ${path}`);
    });
  });
  afterAll(closeOpen);
  return { openContext };
}

/** Signs in on the console's login page and waits until the console has left it. */
export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** Creates a tenant through the API (as the platform admin) and returns its id. */
export async function createTenant(t: TestServer, body: Record<string, unknown>): Promise<string> {
  const res = await t.request({ method: 'POST', url: '/api/v1/tenants', body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return String(res.body.id);
}

/** Invites a person with a role and accepts the invitation with a password, as the mail's link would. */
export async function addMember(t: TestServer, tenantId: string, email: string, password: string, role: 'owner' | 'admin' | 'agent' | 'viewer'): Promise<void> {
  const invited = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantId}/invitations`, body: { email, role } });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  const dir = join(t.config.dataDir, 'outbox-mail');
  const mail = () => (existsSync(dir) ? readdirSync(dir) : []).filter((f) => f.includes(email)).sort().at(-1);
  while (!mail()) await t.server.services.relay.relayOnce();
  const token = /\/invitations\/accept#(inv_[A-Za-z0-9_-]+)/.exec(readFileSync(join(dir, mail()!), 'utf8'))![1]!;
  const accepted = await t.request({ method: 'POST', url: '/api/v1/invitations/accept', body: { token, password }, token: null });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
}

/** An upstream API on 127.0.0.1 (a free port) for the gateway to call: `url` is its base, ending in /api. */
export async function startUpstream(handler: RequestListener): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Answers the console's confirmation dialog (an alert dialog, not window.confirm) the way a person does: reads its
 * question, then presses its confirming button or «Cancelar». Returns the question; waits until the dialog is gone.
 */
export async function answerConfirm(page: Page, answer: 'accept' | 'cancel'): Promise<string> {
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  const question = (await dialog.getByRole('heading').textContent()) ?? '';
  const buttons = dialog.getByRole('button');
  // Keyboard focus starts inside the dialog (on «Cancelar», the safe choice).
  await expect(dialog.locator(':focus').count()).resolves.toBe(1);
  if (answer === 'cancel') await dialog.getByRole('button', { name: 'Cancelar' }).click();
  else await buttons.last().click();
  await dialog.waitFor({ state: 'detached' });
  return question;
}
