import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { rutFromBody } from '@smarteros/kernel';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestServer } from '../support/test-server.ts';
import { createTenant, documentScreen, pagePerTest, signIn as signInAt, startConsole, startUpstream } from './support.ts';

/** A shop's API: search orders (read) and cancel one (write). */
const SHOP_OPENAPI = {
  openapi: '3.0.3',
  info: { title: 'Tienda Web', version: '1.0.0' },
  paths: {
    '/orders': {
      get: {
        operationId: 'listOrders',
        summary: 'Buscar pedidos',
        parameters: [{ name: 'status', in: 'query', schema: { type: 'string', enum: ['open', 'closed'] } }],
        responses: { '200': { description: 'Pedidos' } },
      },
    },
    '/orders/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      delete: { operationId: 'cancelOrder', summary: 'Anular un pedido', responses: { '204': { description: 'Anulado' } } },
    },
  },
};

const CLI_MAIN = resolvePath(dirname(fileURLToPath(import.meta.url)), '../../apps/cli/src/main.ts');
const PLATFORM_TOOLS = ['smarteros.tenant_profile', 'smarteros.products', 'smarteros.activate_product', 'smarteros.request_log_summary', 'chat.find_contact', 'chat.search_conversations', 'chat.read_conversation', 'chat.send_message', 'chat.handoff'];
type ToolResult = { isError?: boolean; content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, unknown> };

/** The AI / MCP page: connecting a client with a key made there, the AI controls, the tools they leave, and the audit. */
describe('web console: AI / MCP', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let tenantId = '';
  const rut = rutFromBody(76_500_002);
  let upstream: Awaited<ReturnType<typeof startUpstream>> | undefined;

  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ items: [{ id: 7, status: 'open' }] }));
    });
    const upstreamUrl = upstream.url;
    ({ t, base, browser } = await startConsole({ SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8', SMARTEROS_OUTBOX_POLL_MS: '0' }));
    tenantId = await createTenant(t, { rut, business_name: 'Ferretería Los Andes SpA', contact_email: 'hola@losandes.cl', products: [] });
    const provider = await t.request({
      method: 'POST',
      url: `/api/v1/providers?tenant_id=${tenantId}`,
      body: {
        name: 'Tienda Web',
        base_url: upstreamUrl,
        auth_type: 'none',
        openapi: SHOP_OPENAPI,
        expose: [
          { operation: 'listOrders', capability_name: 'orders.search', description: 'Buscar pedidos por estado' },
          { operation: 'cancelOrder', capability_name: 'orders.cancel' },
        ],
      },
    });
    expect(provider.status, JSON.stringify(provider.body)).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await upstream?.close();
  });

  const { openContext } = pagePerTest(() => browser, (p) => {
    page = p;
  });

  const signIn = (p: Page, email: string, password: string): Promise<void> => signInAt(p, base, email, password);

  /** `npx smarteros <args>` (the CLI of this repository) with only the given SMARTEROS_ variables and no stored login. */
  function smarteros(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SMARTEROS_') && k !== 'NODE_OPTIONS' && k !== 'DATABASE_URL'));
    const configDir = mkdtempSync(join(tmpdir(), 'smarteros-cli-'));
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI_MAIN, ...args], { env: { ...clean, LANG: 'es_CL.UTF-8', SMARTEROS_CONFIG_DIR: configDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
  }

  const visibleTools = async (p: Page = page): Promise<string[]> => (await p.getByTestId('mcp-tools').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tool') ?? ''))).filter((n) => !n.startsWith('erp.')).sort(); // the ERP's tools: mcp.db.test.ts
  const snippet = async (id: string, p: Page = page): Promise<string> => (await p.getByTestId(id).locator('pre').textContent()) ?? '';

  /** Attributes (value, data-*, aria-*, title…) and storage that hold a text: the key may be in text nodes only. */
  async function placesHolding(p: Page, text: string): Promise<string[]> {
    // A string: the tests are compiled without the DOM library (as the other browser tests' evaluations).
    return p.evaluate<string[]>(`(() => {
      const needle = ${JSON.stringify(text)};
      const found = [];
      for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) if (a.value.includes(needle)) found.push(el.tagName + '[' + a.name + ']');
        if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.value.includes(needle)) found.push(el.tagName + '.value');
      }
      for (const s of [sessionStorage, localStorage]) for (let i = 0; i < s.length; i++) if ((s.getItem(s.key(i)) || '').includes(needle)) found.push('storage:' + s.key(i));
      if (location.href.includes(needle)) found.push('url');
      return found;
    })()`);
  }

  it('connects a client with a key made on the page, applies the AI controls to the tools it sees, and audits its calls', async () => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`${base}/tenants/${tenantId}`);
    await page.getByRole('heading', { level: 1, name: 'Ferretería Los Andes SpA' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Secciones' });
    await nav.getByRole('link', { name: 'IA / MCP' }).click();
    await page.getByRole('heading', { level: 1, name: 'IA / MCP' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/tenants/${tenantId}/mcp`);
    await expect(nav.getByRole('link', { name: 'IA / MCP' }).getAttribute('aria-current')).resolves.toBe('page');

    // The URL names the tenant for a platform admin; the snippets carry a placeholder until a key is made.
    const url = `${base}/mcp?tenant_id=${tenantId}`;
    await expect(page.getByTestId('mcp-url').textContent()).resolves.toBe(url);
    expect(JSON.parse(await snippet('mcp-snippet-http'))).toEqual({ mcpServers: { smarteros: { type: 'http', url, headers: { Authorization: 'Bearer sk_...' } } } });
    expect(JSON.parse(await snippet('mcp-snippet-stdio')).mcpServers.smarteros).toMatchObject({ command: 'npx', args: ['smarteros', 'mcp', 'serve', '--tenant', rut] });
    await expect(snippet('mcp-snippet-test')).resolves.toBe(`npx smarteros mcp test --tenant ${rut}`);

    // Every tool is visible under the default policy; the write capability asks for confirmation.
    await expect.poll(() => visibleTools()).toEqual([...PLATFORM_TOOLS, 'orders.cancel', 'orders.search'].sort());
    const cancelRow = page.getByTestId('mcp-tools').locator('tr[data-tool="orders.cancel"]');
    await expect(cancelRow.textContent()).resolves.toContain('Escritura');
    await expect(cancelRow.textContent()).resolves.toContain('Pide confirmación');
    await expect(page.getByTestId('mcp-tools').locator('tr[data-tool="orders.search"]').textContent()).resolves.toContain('Buscar pedidos por estado');

    // A key for the client: shown once, in the snippets, and never in an attribute or in storage.
    await page.getByLabel('Nombre de la clave').fill('Claude Desktop');
    await page.getByLabel('Rol de la clave').selectOption('admin');
    await page.getByRole('button', { name: 'Crear clave para MCP' }).click();
    const createdBox = page.getByTestId('mcp-created-key');
    await createdBox.waitFor();
    await expect(page.evaluate<string>('document.activeElement.dataset.testid')).resolves.toBe('mcp-created-key');
    const key = ((await createdBox.locator('pre').textContent()) ?? '').trim();
    expect(key).toMatch(/^sk_/);
    await expect(createdBox.textContent()).resolves.toContain('no se volverá a mostrar');
    const http = JSON.parse(await snippet('mcp-snippet-http')) as { mcpServers: { smarteros: { url: string; headers: Record<string, string> } } };
    expect(http.mcpServers.smarteros.headers.Authorization).toBe(`Bearer ${key}`);
    const stdioConfig = await snippet('mcp-snippet-stdio');
    expect(JSON.parse(stdioConfig).mcpServers.smarteros.env).toEqual({ SMARTEROS_URL: base, SMARTEROS_TOKEN: key });
    await expect(placesHolding(page, key)).resolves.toEqual([]);
    await documentScreen(page, 'mcp-key-created');

    // The client, configured exactly as the snippet says: every tool, and a write that asks for confirmation first.
    const client = new Client({ name: 'Claude Desktop', version: '0.14.2' });
    await client.connect(new StreamableHTTPClientTransport(new URL(http.mcpServers.smarteros.url), { requestInit: { headers: http.mcpServers.smarteros.headers } }));
    expect((await client.listTools()).tools.map((x) => x.name).filter((n) => !n.startsWith('erp.')).sort()).toEqual(await visibleTools());
    const asked = (await client.callTool({ name: 'orders.cancel', arguments: { id: 7 } })) as ToolResult;
    expect(asked.structuredContent?.confirmation_required).toBe(true);

    // The AI controls: block orders.search and make the AI read-only. The visible tools follow once saved.
    const controls = page.getByRole('region', { name: 'Controles de IA' });
    await controls.getByRole('checkbox', { name: 'Bloquear orders.search' }).check();
    await controls.getByRole('switch', { name: 'Solo lectura' }).check();
    await expect(visibleTools()).resolves.toContain('orders.search'); // not before saving
    await controls.getByRole('button', { name: 'Guardar controles' }).click();
    await controls.getByText('Controles guardados.').waitFor();
    await expect.poll(() => visibleTools()).toEqual(['chat.find_contact', 'chat.read_conversation', 'chat.search_conversations', 'smarteros.products', 'smarteros.request_log_summary', 'smarteros.tenant_profile']);
    const hidden = page.getByTestId('mcp-hidden-tools');
    await expect(hidden.locator('li[data-tool="orders.search"]').textContent()).resolves.toContain('bloqueada en los controles');
    await expect(hidden.locator('li[data-tool="orders.cancel"]').textContent()).resolves.toContain('solo lectura');
    await expect(hidden.locator('li[data-tool="smarteros.activate_product"]').textContent()).resolves.toContain('solo lectura');
    await expect(page.getByTestId('mcp-tools-count').textContent()).resolves.toBe('Un cliente de IA ve 6 de 11 herramientas con los controles guardados.');
    const saved = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantId}/mcp/policy` });
    expect(saved.body).toMatchObject({ denied_tools: ['orders.search'], read_only: true, allowed_tools: null, confirm_writes: true, calls_per_minute: 120 });

    // The server agrees with the page, and its calls are audited: one allowed, one denied, one unknown tool.
    expect((await client.listTools()).tools.map((x) => x.name).filter((n) => !n.startsWith('erp.')).sort()).toEqual(await visibleTools());
    const profile = (await client.callTool({ name: 'smarteros.tenant_profile', arguments: {} })) as ToolResult;
    expect(profile.isError).toBeFalsy();
    expect(profile.content[0]?.text).toContain('Ferretería Los Andes SpA');
    const denied = (await client.callTool({ name: 'orders.search', arguments: { status: 'open' } })) as ToolResult;
    expect(denied.isError).toBe(true);
    // A tool the tenant does not have: a protocol error (-32602) or an error result, audited as an error either way.
    const unknown = await client.callTool({ name: 'orders.refund', arguments: {} }).then(
      (r) => (r as ToolResult).isError === true,
      (err: unknown) => /Unknown tool/.test(String(err)),
    );
    expect(unknown).toBe(true);
    await client.close();

    const audit = page.getByRole('region', { name: 'Auditoría' });
    await audit.getByRole('button', { name: 'Actualizar' }).click();
    const rows = page.getByTestId('mcp-audit').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    await expect(rows.evaluateAll((trs) => trs.map((r) => r.getAttribute('data-outcome')))).resolves.toEqual(['error', 'denied', 'ok', 'confirmation_required']);
    const deniedRow = rows.nth(1);
    await expect(deniedRow.locator('.badge').textContent()).resolves.toBe('Denegada');
    await expect(deniedRow.textContent()).resolves.toContain('orders.search');
    await expect(deniedRow.textContent()).resolves.toContain('forbidden');
    await expect(deniedRow.textContent()).resolves.toContain('Claude Desktop 0.14.2');
    // The key is named once the audit is refreshed after it was made; 12:00 UTC (the test clock) is 09:00 in Santiago.
    await deniedRow.locator('td.who', { hasText: 'Clave «Claude Desktop»' }).waitFor();
    await expect(deniedRow.locator('time').textContent()).resolves.toMatch(/02-03-2026.*9:00/);
    await deniedRow.getByText('Ver (1)').click();
    await expect(deniedRow.locator('pre').textContent()).resolves.toBe('{"status":"open"}');
    await expect(rows.nth(0).locator('.badge').textContent()).resolves.toBe('Con error');
    await expect(rows.nth(0).textContent()).resolves.toContain('not_found');
    await expect(rows.nth(2).locator('.badge').textContent()).resolves.toBe('Correcta');
    await expect(rows.nth(3).locator('.badge').textContent()).resolves.toBe('Pidió confirmación');

    // The chart counts the calls per outcome.
    const chart = page.getByTestId('mcp-outcome-chart');
    await expect(chart.locator('figcaption').textContent()).resolves.toBe('Resultado de las 4 llamadas mostradas.');
    await expect(chart.locator('li').evaluateAll((lis) => lis.map((l) => `${l.getAttribute('data-outcome')}=${l.querySelector('.bar-value')?.textContent}`))).resolves.toEqual([
      'ok=1',
      'error=1',
      'denied=1',
      'confirmation_required=1',
    ]);
    await expect(chart.locator('svg rect').count()).resolves.toBe(4);

    // Filters: outcome, then tool.
    await audit.getByLabel('Resultado').selectOption('denied');
    await audit.getByRole('button', { name: 'Filtrar' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().getAttribute('data-outcome')).resolves.toBe('denied');
    await audit.getByLabel('Resultado').selectOption('');
    await audit.getByLabel('Herramienta').selectOption('smarteros.tenant_profile');
    await audit.getByRole('button', { name: 'Filtrar' }).click();
    await expect.poll(() => rows.evaluateAll((trs) => trs.map((r) => r.getAttribute('data-outcome')))).toEqual(['ok']);
    await audit.getByLabel('Hasta').fill('2026-03-02T08:59');
    await audit.getByRole('button', { name: 'Filtrar' }).click();
    await audit.getByText('Ninguna llamada coincide con los filtros.').waitFor();
    await audit.getByRole('button', { name: 'Quitar filtros' }).click();
    await expect.poll(() => rows.count()).toBe(4);
    await expect(placesHolding(page, key)).resolves.toEqual([]);
    await documentScreen(page, 'mcp-page');

    // The key lived in the page's memory only: after a reload it is nowhere.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'IA / MCP' }).waitFor();
    await page.getByTestId('mcp-snippet-http').waitFor();
    expect(await page.content()).not.toContain(key);
    await expect(placesHolding(page, key)).resolves.toEqual([]);
    expect(JSON.parse(await snippet('mcp-snippet-http')).mcpServers.smarteros.headers.Authorization).toBe('Bearer sk_...');
    await expect(page.getByTestId('mcp-created-key').count()).resolves.toBe(0);
    // The saved controls are what the form shows after the reload.
    await expect(page.getByRole('checkbox', { name: 'Bloquear orders.search' }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole('switch', { name: 'Solo lectura' }).isChecked()).resolves.toBe(true);

    // The stdio snippet's command and environment, as a local client would launch it (with `mcp test` for `mcp serve`).
    const stdio = JSON.parse(stdioConfig) as { mcpServers: { smarteros: { command: string; args: string[]; env: Record<string, string> } } };
    expect(stdio.mcpServers.smarteros.args.slice(0, 3)).toEqual(['smarteros', 'mcp', 'serve']);
    const run = await smarteros(['mcp', 'test', ...stdio.mcpServers.smarteros.args.slice(3)], stdio.mcpServers.smarteros.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('smarteros.tenant_profile');
  });

  it('checks the calls per minute in the browser and shows the server’s field errors beside their fields', async () => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`${base}/tenants/${tenantId}/mcp`);
    const controls = page.getByRole('region', { name: 'Controles de IA' });
    const calls = controls.getByLabel('Llamadas por minuto');
    await calls.fill('0');
    await controls.getByRole('button', { name: 'Guardar controles' }).click();
    await expect(page.locator('#mcp-calls-error').textContent()).resolves.toBe('Escriba un número entero entre 1 y 1.000.000.');
    await expect(calls.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(calls.getAttribute('aria-describedby')).resolves.toContain('mcp-calls-error');
    await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe('mcp-calls');

    // A refusal of the server names body.calls_per_minute: shown beside that field.
    await page.route('**/mcp/policy', async (route) => {
      if (route.request().method() !== 'PUT') return route.fallback();
      await route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'validation_failed', message: 'Invalid body', details: { issues: [{ path: 'body.calls_per_minute', message: 'Too big: expected number to be <=1000000' }] } } }),
      });
    });
    await calls.fill('60');
    await controls.getByRole('button', { name: 'Guardar controles' }).click();
    await expect(page.locator('#mcp-calls-error').textContent()).resolves.toBe('Too big: expected number to be <=1000000');
    await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe('mcp-calls');
    await page.unroute('**/mcp/policy');

    // Discarding brings the saved value back; a real save clears the error.
    await controls.getByRole('button', { name: 'Descartar cambios' }).click();
    await expect(calls.inputValue()).resolves.toBe('120');
    await calls.fill('60');
    await controls.getByRole('button', { name: 'Guardar controles' }).click();
    await controls.getByText('Controles guardados.').waitFor();
    await expect(page.locator('#mcp-calls-error').count()).resolves.toBe(0);
    expect((await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantId}/mcp/policy` })).body.calls_per_minute).toBe(60);

    // Only the chosen tools: the list starts with every tool; untick one and it leaves the visible tools.
    const before = await visibleTools();
    expect(before).toContain('smarteros.products');
    await controls.getByLabel('Solo las elegidas').check();
    const allowProducts = controls.getByRole('checkbox', { name: 'Permitir smarteros.products' });
    await expect(allowProducts.isChecked()).resolves.toBe(true);
    await allowProducts.uncheck();
    await controls.getByRole('button', { name: 'Guardar controles' }).click();
    await expect.poll(() => visibleTools()).toEqual(before.filter((n) => n !== 'smarteros.products'));
    await expect(page.getByTestId('mcp-hidden-tools').locator('li[data-tool="smarteros.products"]').textContent()).resolves.toContain('fuera de la lista de permitidas');
    const listed = (await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantId}/mcp/policy` })).body.allowed_tools as string[];
    expect(listed).toHaveLength(10);
    expect(listed).not.toContain('smarteros.products');
    // Back to every tool.
    await controls.getByLabel('Todas las herramientas').check();
    await expect(controls.getByRole('checkbox', { name: /^Permitir / }).count()).resolves.toBe(0);
    await controls.getByRole('button', { name: 'Guardar controles' }).click();
    await expect.poll(() => visibleTools()).toEqual(before);
    expect((await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantId}/mcp/policy` })).body.allowed_tools).toBeNull();
  });

  it('a viewer reads the page: the URL without tenant_id, the controls as text, the audit; no key, no edit controls', async () => {
    const email = 'contadora@losandes.cl';
    const password = 'balance-mensual-cuadrado';
    const invited = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantId}/invitations`, body: { email, role: 'viewer' } });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(await t.server.services.relay.relayOnce()).toBeGreaterThan(0);
    const dir = join(t.config.dataDir, 'outbox-mail');
    const file = (existsSync(dir) ? readdirSync(dir) : []).filter((f) => f.includes(email)).sort().at(-1);
    const token = /\/invitations\/accept#(inv_[A-Za-z0-9_-]+)/.exec(readFileSync(join(dir, file!), 'utf8'))![1]!;
    const accepted = await t.request({ method: 'POST', url: '/api/v1/invitations/accept', body: { token, password }, token: null });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);

    await signIn(page, email, password);
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'IA / MCP' }).click();
    await page.getByRole('heading', { level: 1, name: 'IA / MCP' }).waitFor();
    await expect(page.getByTestId('mcp-url').textContent()).resolves.toBe(`${base}/mcp`);
    await page.getByTestId('mcp-tools').waitFor();
    const facts = page.getByTestId('mcp-policy-facts');
    await expect(facts.textContent()).resolves.toContain('orders.search');
    await expect(facts.textContent()).resolves.toContain('Solo lectura');
    await page.getByTestId('mcp-audit').waitFor();
    await expect(page.getByRole('button', { name: 'Crear clave para MCP' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Guardar controles' }).count()).resolves.toBe(0);
    const controls = page.getByRole('region', { name: 'Controles de IA' });
    for (const role of ['checkbox', 'switch', 'radio', 'spinbutton', 'combobox', 'textbox'] as const) await expect(controls.getByRole(role).count(), role).resolves.toBe(0);
    await expect(page.getByText('Solo los administradores cambian estos controles.').count()).resolves.toBe(1);
    await documentScreen(page, 'mcp-viewer');

    // The API agrees: a viewer cannot change the controls nor make a key.
    const viewerToken = String(accepted.body.access_token);
    expect((await t.request({ method: 'PUT', url: `/api/v1/tenants/${tenantId}/mcp/policy`, body: { read_only: false }, token: viewerToken })).status).toBe(403);
    expect((await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantId}/api-keys`, body: { name: 'x' }, token: viewerToken })).status).toBe(403);
  });

  it('fits a phone-width screen, in Spanish and in English', async () => {
    const p = await openContext({ width: 390, height: 844 });
    const fits = async (what: string): Promise<void> => {
      const overflow = await p.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow, what).toBeLessThanOrEqual(0);
    };
    await signIn(p, ADMIN_EMAIL, ADMIN_PASSWORD);
    await p.goto(`${base}/tenants/${tenantId}/mcp`);
    await p.getByTestId('mcp-tools').waitFor();
    await p.getByTestId('mcp-audit').waitFor();
    await p.getByRole('button', { name: 'Crear clave para MCP' }).click();
    await p.getByTestId('mcp-created-key').waitFor();
    const phoneKey = ((await p.getByTestId('mcp-created-key').locator('pre').textContent()) ?? '').trim();
    expect(phoneKey).toMatch(/^sk_/);
    await fits('MCP page');
    await documentScreen(p, 'mcp-phone');
    // Removing the key from the screen: gone from the snippets, and the keyboard is back in the form.
    await p.getByRole('button', { name: 'Ya la copié: quitarla de la pantalla' }).click();
    // The click's render may come a moment later: wait for the key's box to leave, then check it is gone.
    await p.getByTestId('mcp-created-key').waitFor({ state: 'detached' });
    await expect(p.getByTestId('mcp-created-key').count()).resolves.toBe(0);
    await expect(p.evaluate<string>('document.activeElement.id')).resolves.toBe('mcp-key-name');
    expect(await p.content()).not.toContain(phoneKey);
    expect(JSON.parse(await snippet('mcp-snippet-http', p)).mcpServers.smarteros.headers.Authorization).toBe('Bearer sk_...');

    await p.getByRole('button', { name: 'Switch the console to English' }).click();
    await p.getByRole('heading', { level: 1, name: 'AI / MCP' }).waitFor();
    await p.getByRole('heading', { level: 2, name: 'Visible tools' }).waitFor();
    await p.getByRole('region', { name: 'AI controls' }).getByRole('button', { name: 'Save controls' }).waitFor();
    await p.getByTestId('mcp-outcome-chart').getByText(/^Outcome of the \d+ calls shown\.$/).waitFor();
    await fits('MCP page (English)');
    await documentScreen(p, 'mcp-phone-en');
  });

  it('English catalogs come by area: only once English is chosen, and a page opened in English draws in English', async () => {
    const p = await openContext();
    const fetched: string[] = [];
    p.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    const english = () => fetched.filter((f) => /\/assets\/[a-z]+\.en-[\w-]+\.js$/.test(f)).map((f) => f.replace(/^\/assets\/([a-z]+)\.en-.*$/, '$1'));
    // A key shown as itself ("actions.title") would be a catalog the chunk did not load.
    const rawKey = /\b(?:app|nav|mcp|approvals|caps|keys|log|actions)\.[a-z][A-Za-z]*\b/;
    await signIn(p, ADMIN_EMAIL, ADMIN_PASSWORD);
    await p.goto(`${base}/tenants/${tenantId}/mcp`);
    await p.getByTestId('mcp-tools').waitFor();
    expect(english()).toEqual([]);

    await p.getByRole('button', { name: 'Switch the console to English' }).click();
    await p.getByRole('heading', { level: 1, name: 'AI / MCP' }).waitFor();
    expect(english()).toEqual(expect.arrayContaining(['shell', 'mcp', 'approvals', 'log', 'keys', 'caps']));
    expect(english()).not.toContain('actions');

    // «Acciones», never opened yet: its chunk registers its Spanish, and the page waits for its English (every
    // heading it ever drew is recorded: not one in Spanish, not one a key).
    await p.evaluate(`{
      window.headingsSeen = [];
      new MutationObserver(() => { for (const h of document.querySelectorAll('h1')) window.headingsSeen.push(h.textContent); })
        .observe(document.body, { childList: true, subtree: true, characterData: true });
    }`);
    // English arrives slowly here, as on a phone: the page still never shows its Spanish meanwhile.
    await p.route(/\/assets\/[a-z]+\.en-[\w-]+\.js$/, async (route) => {
      await new Promise((done) => setTimeout(done, 500));
      await route.continue();
    });
    await p.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Actions', exact: true }).click();
    await p.getByRole('heading', { level: 1, name: 'Actions' }).waitFor();
    expect(english()).toContain('actions');
    const headings = await p.evaluate<string[]>('window.headingsSeen');
    expect(headings).toContain('Actions');
    expect(headings.filter((h) => h === 'Acciones' || rawKey.test(h))).toEqual([]);
    expect(await p.evaluate<string>('document.body.innerText')).not.toMatch(rawKey);
    expect(await p.evaluate<string>('document.body.innerText')).not.toContain('Acciones');

    // A reload with English remembered: the page's words are English, never a key.
    await p.reload();
    await p.getByRole('heading', { level: 1, name: 'Actions' }).waitFor();
    expect(await p.evaluate<string>('document.body.innerText')).not.toMatch(rawKey);
  });
});
