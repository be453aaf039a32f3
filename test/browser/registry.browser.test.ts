import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { rutFromBody } from '@smarteros/kernel';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestServer } from '../support/test-server.ts';
import { answerConfirm, createTenant, documentScreen, pagePerTest, signIn as signInAt, startConsole, startUpstream } from './support.ts';

/** A small OpenAPI document of a shop: search orders (GET /orders?status=), read one, cancel one. */
const SHOP_OPENAPI = {
  openapi: '3.0.3',
  info: { title: 'Tienda Web', version: '1.2.0' },
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
      get: { operationId: 'getOrder', summary: 'Un pedido', responses: { '200': { description: 'Pedido' } } },
      delete: { operationId: 'cancelOrder', summary: 'Anular un pedido', responses: { '204': { description: 'Anulado' } } },
    },
  },
};

/** The API registry and the request log in the console, against a real server and a real upstream API on 127.0.0.1. */
describe('web console: API registry and request log', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let tenantId = '';
  let upstream: Awaited<ReturnType<typeof startUpstream>> | undefined;
  let upstreamUrl = '';
  /** What the upstream received: the gateway must inject the credential there (and only there). */
  const received: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const SECRET = 'sk_live_TiendaWeb_4f9c2a7e81d3';
  const NEW_SECRET = 'sk_live_TiendaWeb_b7e0d55c9a16';

  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      received.push({ url: req.url ?? '', headers: req.headers });
      const url = new URL(req.url ?? '/', 'http://upstream');
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && url.pathname === '/api/orders') {
        const status = url.searchParams.get('status') ?? 'open';
        res.end(JSON.stringify({ items: [{ id: 1042, status, total_clp: 15990, customer: 'Ferretería Los Andes' }] }));
        return;
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ error: 'not found' }));
    });
    upstreamUrl = upstream.url;
    // The upstream is on loopback, which the egress guard refuses unless allowed.
    ({ t, base, browser } = await startConsole({ SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8', SMARTEROS_OUTBOX_POLL_MS: '0' }));
    tenantId = await createTenant(t, { rut: rutFromBody(76_500_001), business_name: 'Tienda Los Andes SpA', contact_email: 'hola@losandes.cl', products: [] });
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

  /** The secrets are write-only: they must never be in the page's HTML (nor in an input's value attribute). */
  async function expectNoSecret(p: Page = page): Promise<void> {
    const html = await p.content();
    expect(html).not.toContain(SECRET);
    expect(html).not.toContain(NEW_SECRET);
  }

  it('registers an API with an api_key credential and an uploaded OpenAPI file, publishes an endpoint, tries it, and finds the call in the request log; the secret never reaches the page', async () => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`${base}/tenants/${tenantId}`);
    await page.getByRole('heading', { level: 1, name: 'Tienda Los Andes SpA' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Secciones' });
    await nav.getByRole('link', { name: 'Registro de APIs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registro de APIs' }).waitFor();
    await expect(nav.getByRole('link', { name: 'Registro de APIs' }).getAttribute('aria-current')).resolves.toBe('page');
    await page.getByText('Aún no hay APIs registradas').waitFor();

    // The form: the credential's fields follow the auth type.
    await page.getByRole('button', { name: 'Registrar API' }).click();
    const form = page.getByRole('form', { name: 'Registrar una API' });
    await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe('provider-name');
    await form.getByLabel('Autenticación').selectOption('basic');
    await form.getByLabel('Usuario', { exact: true }).waitFor();
    await form.getByLabel('Autenticación').selectOption('oauth2');
    await form.getByLabel('URL del token').waitFor();
    await form.getByLabel('Autenticación').selectOption('api_key');

    await form.getByLabel('Nombre', { exact: true }).fill('Tienda Web');
    // A private address: refused by the server's egress guard, shown beside the field.
    await form.getByLabel('URL base').fill('http://10.20.30.40/api');
    await form.getByLabel('Categoría').selectOption('ecommerce');
    await form.getByLabel('Clave de API', { exact: true }).fill(SECRET);
    await expect(form.getByLabel('Nombre del encabezado').inputValue()).resolves.toBe('X-API-Key');
    await form.getByLabel('Nombre del encabezado').fill('X-Shop-Key');
    await form.getByLabel('Subir un archivo').check();
    await form.getByLabel('Archivo OpenAPI (JSON o YAML)').setInputFiles({ name: 'tienda.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(SHOP_OPENAPI)) });
    await form.getByText('tienda.json listo').waitFor();
    await expectNoSecret();
    await form.getByRole('button', { name: 'Registrar', exact: true }).click();
    const urlError = page.locator('#provider-base-url-error');
    await expect(urlError.textContent()).resolves.toBe('No se permite llamar a 10.20.30.40: es una dirección de red privada. Use la dirección pública de la API.');
    await expect(form.getByLabel('URL base').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(form.getByLabel('URL base').getAttribute('aria-describedby')).resolves.toContain('provider-base-url-error');
    await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe('provider-base-url');
    await documentScreen(page, 'registry-register-refused');
    await expectNoSecret();

    await form.getByLabel('URL base').fill(upstreamUrl);
    await form.getByRole('button', { name: 'Registrar', exact: true }).click();

    // The provider's page: details, the credential's fingerprint (never the secret), the imported endpoints.
    await page.getByRole('heading', { level: 1, name: 'Tienda Web' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/tenants/${tenantId}/apis/[0-9a-f-]{36}$`));
    const credential = page.getByRole('region', { name: 'Credencial' });
    await expect(credential.textContent()).resolves.toContain(`…${SECRET.slice(-4)}`);
    await expect(credential.textContent()).resolves.toContain('X-Shop-Key');
    const firstFingerprint = (await credential.getByTestId('credential-fingerprint').locator('code').first().textContent()) ?? '';
    expect(firstFingerprint).toMatch(/^[0-9a-f]{8,}$/);
    const endpoints = page.getByTestId('endpoints');
    await expect(endpoints.locator('tbody tr').count()).resolves.toBe(3);
    await expect(endpoints.textContent()).resolves.toContain('listOrders');
    await expect(endpoints.textContent()).resolves.toContain('Buscar pedidos');
    await expect(endpoints.locator('tr[data-endpoint="cancelOrder"]').textContent()).resolves.toContain('DELETE');
    await expectNoSecret();

    // Publish GET /orders: the name is checked in the browser with the server's rule first.
    await page.getByRole('button', { name: 'Publicar GET /orders como capacidad' }).click();
    const publish = page.getByTestId('publish-form');
    const capName = publish.getByLabel('Nombre de la capacidad');
    await expect(capName.inputValue()).resolves.toBe('list_orders');
    await expect(publish.getByLabel('Tipo').inputValue()).resolves.toBe('read');
    await capName.fill('Orders Search');
    await publish.getByRole('button', { name: 'Publicar', exact: true }).click();
    await expect(page.locator('#publish-name-error').textContent()).resolves.toContain('palabras en minúscula');
    await capName.fill('orders.search');
    await publish.getByRole('button', { name: 'Publicar', exact: true }).click();
    await page.getByText('Capacidad orders.search publicada.').waitFor();
    await expect(endpoints.locator('tr[data-endpoint="listOrders"] .chip').textContent()).resolves.toBe('orders.search');
    const capRow = page.getByTestId('capabilities').locator('tr[data-capability="orders.search"]');
    await expect(capRow.textContent()).resolves.toContain('Lectura');

    // Try it: the input is prefilled from its schema; the answer is the upstream's.
    await capRow.getByRole('button', { name: 'Probar orders.search' }).click();
    const tryPanel = page.getByTestId('try-panel');
    const input = tryPanel.getByLabel('Entrada (JSON)');
    expect(JSON.parse(await input.inputValue())).toEqual({ status: 'open' });
    await tryPanel.getByRole('button', { name: 'Llamar' }).click();
    const result = tryPanel.getByTestId('try-result');
    await result.getByText('Estado 200').waitFor();
    await expect(result.textContent()).resolves.toContain('Ferretería Los Andes');
    await expect(result.textContent()).resolves.toContain('15990');
    expect(received.at(-1)!.url).toBe('/api/orders?status=open');
    expect(received.at(-1)!.headers['x-shop-key']).toBe(SECRET);
    await documentScreen(page, 'registry-try-capability');
    await expectNoSecret();

    // A wrong input is refused before the upstream, with the field named.
    await input.fill('{ "status": "lost" }');
    await tryPanel.getByRole('button', { name: 'Llamar' }).click();
    // Worded in Spanish from the error's code, never the raw code or the server's English.
    await expect(tryPanel.getByRole('alert').textContent()).resolves.toContain('Algunos datos no son válidos');
    await expect(tryPanel.getByRole('alert').textContent()).resolves.not.toContain('validation_failed');
    await expect(tryPanel.getByRole('alert').textContent()).resolves.toContain('status');
    await input.fill('{ not json');
    await tryPanel.getByRole('button', { name: 'Llamar' }).click();
    await expect(tryPanel.locator('.field-error').textContent()).resolves.toContain('no es JSON válido');
    expect(received).toHaveLength(1);

    // Replace the credential: the new secret is never shown, only a new fingerprint; the next call carries it.
    await credential.getByRole('button', { name: 'Reemplazar credencial' }).click();
    await credential.getByLabel('Clave de API', { exact: true }).fill(NEW_SECRET);
    await expectNoSecret();
    await credential.getByRole('button', { name: 'Guardar credencial' }).click();
    const saved = credential.getByTestId('credential-saved');
    await expect(saved.textContent()).resolves.toContain('Su nueva huella es');
    const newFingerprint = (await credential.getByTestId('credential-fingerprint').locator('code').first().textContent()) ?? '';
    expect(newFingerprint).not.toBe(firstFingerprint);
    await expect(saved.textContent()).resolves.toContain(newFingerprint);
    await expect(credential.textContent()).resolves.toContain(`…${NEW_SECRET.slice(-4)}`);
    await input.fill('{ "status": "closed" }');
    await tryPanel.getByRole('button', { name: 'Llamar' }).click();
    await result.getByText('Estado 200').waitFor();
    expect(received.at(-1)!.headers['x-shop-key']).toBe(NEW_SECRET);
    await expectNoSecret();

    // Re-import the same document: nothing is duplicated.
    await page.getByRole('region', { name: 'Reimportar OpenAPI' }).getByLabel('Archivo OpenAPI (JSON o YAML)').setInputFiles({ name: 'tienda.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(SHOP_OPENAPI)) });
    await page.getByRole('region', { name: 'Reimportar OpenAPI' }).getByText('tienda.json listo').waitFor();
    await page.getByRole('button', { name: 'Importar', exact: true }).click();
    await expect(page.getByTestId('import-result').textContent()).resolves.toContain('0 nuevos, 0 actualizados, 3 sin cambios, 0 retirados');

    // Disable the endpoint: the switch is labelled and keyboard operable.
    const endpointSwitch = page.getByRole('switch', { name: 'Endpoint DELETE /orders/{id} activo' });
    await endpointSwitch.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => endpointSwitch.isChecked()).toBe(false);

    // The request log: the three calls (one refused), newest first, in Chile's time, and the chart per capability.
    t.clock.advance(1000); // the summary's window ends at the server's now (a test clock that stands still)
    await nav.getByRole('link', { name: 'Registro de llamadas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registro de llamadas' }).waitFor();
    const log = page.getByTestId('request-log');
    await log.waitFor();
    await expect(log.locator('tbody tr').count()).resolves.toBe(3);
    const newest = log.locator('tbody tr').first();
    await expect(newest.textContent()).resolves.toContain('orders.search');
    await expect(newest.textContent()).resolves.toContain('API');
    // Principals are named for people (members, API keys, the reader: «Usted»), once those names arrive.
    await newest.locator('td.who', { hasText: /^Usted$/ }).waitFor();
    // 12:00 UTC on 2 March 2026 (the test clock) is 09:00 in Santiago.
    await expect(newest.locator('time').textContent()).resolves.toMatch(/02-03-2026.*9:00/);
    await expect(log.locator('tbody tr').nth(1).textContent()).resolves.toContain('validation_failed');
    const chart = page.getByTestId('summary-chart');
    await expect(chart.textContent()).resolves.toContain('orders.search');
    await expect(chart.textContent()).resolves.toContain('llamadas: 3 · errores: 1');
    await expect(chart.locator('svg rect').count()).resolves.toBe(2);
    await page.getByLabel('Resultado').selectOption('error');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.waitForFunction("document.querySelectorAll('[data-testid=request-log] tbody tr').length === 1");
    await expect(log.textContent()).resolves.toContain('validation_failed');
    await page.getByLabel('Capacidad', { exact: true }).selectOption('orders.search');
    await page.getByLabel('Resultado').selectOption('ok');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.waitForFunction("document.querySelectorAll('[data-testid=request-log] tbody tr').length === 2");
    // A window in Chile's time that ends before the calls: nothing.
    await page.getByLabel('Hasta').fill('2026-03-02T08:59');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.getByText('Ninguna llamada coincide con los filtros.').waitFor();
    await page.getByLabel('Hasta').fill('2026-03-02T09:01');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.waitForFunction("document.querySelectorAll('[data-testid=request-log] tbody tr').length === 2");
    await page.getByRole('button', { name: 'Quitar filtros' }).click();
    await page.waitForFunction("document.querySelectorAll('[data-testid=request-log] tbody tr').length === 3");
    await documentScreen(page, 'request-log');
    await expectNoSecret();

    // The registry lists the provider with its counts and fingerprint; deleting it asks first.
    await nav.getByRole('link', { name: 'Registro de APIs' }).click();
    const providers = page.getByTestId('providers');
    await providers.waitFor();
    const row = providers.locator('tbody tr').first();
    // The list may first show what the cache held before the key rotation; poll until the server's answer is drawn.
    await expect.poll(() => row.textContent()).toContain(newFingerprint);
    await expect(row.textContent()).resolves.toContain('Tienda Web');
    await expect(row.textContent()).resolves.toContain('Comercio electrónico');
    await expect.poll(() => row.locator('td.num').allTextContents()).toEqual(['3', '1']);
    await documentScreen(page, 'registry-providers');
    await row.getByRole('link', { name: 'Tienda Web' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tienda Web' }).waitFor();
    await page.getByRole('button', { name: 'Eliminar Tienda Web' }).click();
    const asked = await answerConfirm(page, 'accept');
    await page.getByRole('heading', { level: 1, name: 'Registro de APIs' }).waitFor();
    expect(asked).toContain('Tienda Web');
    await page.getByText('Aún no hay APIs registradas').waitFor();
    await expectNoSecret();
  });

  it('a viewer sees the registry and the log read-only: no create, publish, toggle or delete', async () => {
    // A provider with a published read capability, and one call in the log, made through the API.
    const created = await t.request({
      method: 'POST',
      url: `/api/v1/providers?tenant_id=${tenantId}`,
      body: { name: 'ERP Contable', base_url: upstreamUrl, category: 'erp', auth_type: 'bearer', credential: { secret: SECRET }, openapi: SHOP_OPENAPI, expose: [{ operation: 'listOrders', capability_name: 'erp.orders' }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const providerId = String(created.body.id);

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
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Registro de APIs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registro de APIs' }).waitFor();
    await page.getByTestId('providers').waitFor();
    await expect(page.getByTestId('providers').textContent()).resolves.toContain('ERP Contable');
    await page.getByTestId('capabilities').waitFor();
    await expect(page.getByRole('button', { name: 'Registrar API' }).count()).resolves.toBe(0);
    await expect(page.getByRole('switch').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /Eliminar/ }).count()).resolves.toBe(0);
    // Reading is allowed to viewers: a read capability can be tried.
    await expect(page.getByRole('button', { name: 'Probar erp.orders' }).count()).resolves.toBe(1);

    await page.getByRole('link', { name: 'ERP Contable' }).click();
    await page.getByRole('heading', { level: 1, name: 'ERP Contable' }).waitFor();
    await page.getByTestId('endpoints').waitFor();
    await expect(page.getByTestId('endpoints').textContent()).resolves.toContain('erp.orders');
    for (const name of ['Reemplazar credencial', 'Eliminar credencial', 'Importar', 'Eliminar ERP Contable']) await expect(page.getByRole('button', { name }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^Publicar/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('switch').count()).resolves.toBe(0);
    await expect(page.getByRole('region', { name: 'Credencial' }).textContent()).resolves.toContain(`…${SECRET.slice(-4)}`);
    await expectNoSecret();

    // The API agrees: a viewer's write is refused.
    const refused = await t.request({ method: 'DELETE', url: `/api/v1/providers/${providerId}`, token: String(accepted.body.access_token) });
    expect(refused.status).toBe(403);

    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Registro de llamadas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registro de llamadas' }).waitFor();
    await page.getByTestId('summary-chart').waitFor();
  });

  it('fits a phone-width screen, in Spanish and in English', async () => {
    const created = await t.request({
      method: 'POST',
      url: `/api/v1/providers?tenant_id=${tenantId}`,
      body: { name: 'Bodega Central', base_url: upstreamUrl, category: 'custom', auth_type: 'none', openapi: SHOP_OPENAPI, expose: [{ operation: 'listOrders', capability_name: 'bodega.orders' }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const p = await openContext({ width: 390, height: 844 });
    const fits = async (what: string): Promise<void> => {
      const overflow = await p.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow, what).toBeLessThanOrEqual(0);
    };
    await signIn(p, ADMIN_EMAIL, ADMIN_PASSWORD);
    await p.goto(`${base}/tenants/${tenantId}/apis`);
    await p.getByTestId('providers').waitFor();
    await p.getByTestId('capabilities').waitFor();
    await fits('registry');
    await documentScreen(p, 'registry-apis-phone');

    await p.getByRole('link', { name: 'Bodega Central' }).click();
    await p.getByTestId('endpoints').waitFor();
    await expect(p.getByRole('region', { name: 'Credencial' }).textContent()).resolves.toContain('Esta API no usa credencial.');
    await p.getByRole('button', { name: 'Probar bodega.orders' }).click();
    await p.getByTestId('try-panel').getByRole('button', { name: 'Llamar' }).click();
    await p.getByTestId('try-result').getByText('Estado 200').waitFor();
    await fits('provider');
    await documentScreen(p, 'registry-provider-phone');

    await p.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Registro de llamadas' }).click();
    await p.getByTestId('request-log').waitFor();
    await fits('request log');
    await documentScreen(p, 'registry-requests-phone');

    // Every text of these pages is in English too.
    await p.getByRole('button', { name: 'Switch the console to English' }).click();
    await p.getByRole('heading', { level: 1, name: 'Request log' }).waitFor();
    await p.getByTestId('summary-chart').getByText(/calls: \d+ · errors: \d+/).first().waitFor();
    await documentScreen(p, 'request-log-phone-en');
    await p.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'API registry' }).click();
    await p.getByRole('heading', { level: 1, name: 'API registry' }).waitFor();
    await p.getByRole('link', { name: 'Bodega Central' }).click();
    await p.getByRole('heading', { level: 2, name: 'Re-import OpenAPI' }).waitFor();
    await p.getByRole('button', { name: 'Try bodega.orders' }).waitFor();
    await fits('provider (English)');
  });

  it('pages through the request log with its cursor, older calls appended', async () => {
    const created = await t.request({
      method: 'POST',
      url: `/api/v1/providers?tenant_id=${tenantId}`,
      body: { name: 'Catálogo', base_url: upstreamUrl, auth_type: 'none', openapi: SHOP_OPENAPI, expose: [{ operation: 'listOrders', capability_name: 'catalog.orders' }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (let i = 0; i < 53; i++) {
      const res = await t.request({ method: 'POST', url: `/api/v1/capabilities/catalog.orders/invoke?tenant_id=${tenantId}`, body: { status: i % 2 ? 'open' : 'closed' } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`${base}/tenants/${tenantId}/requests`);
    await page.getByTestId('request-log').waitFor();
    await page.getByLabel('Capacidad', { exact: true }).selectOption('catalog.orders');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.waitForFunction("document.querySelectorAll('[data-testid=request-log] tbody tr').length === 50");
    await page.getByRole('button', { name: 'Ver más antiguas' }).click();
    await page.waitForFunction("document.querySelectorAll('[data-testid=request-log] tbody tr').length === 53");
    await expect(page.getByRole('button', { name: 'Ver más antiguas' }).count()).resolves.toBe(0);
    const codes = await page.getByTestId('request-log').locator('tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(codes)).toEqual(new Set(['catalog.orders']));
  });
});
