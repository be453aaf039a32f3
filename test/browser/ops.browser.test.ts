import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rutFromBody } from '@smarteros/kernel';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestServer } from '../support/test-server.ts';
import { answerConfirm, createTenant, pagePerTest, signIn as signInAt, startConsole } from './support.ts';

/** Operating the platform from the console: AI writes waiting for approval, the outbox's dead letters, the actions. */
describe('web console: approvals, dead letters, actions', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let tenantId = '';
  let adminKey = '';
  const rut = rutFromBody(76_600_003);
  const owner = { email: 'duena@almacen.cl', password: 'caja-cuadrada-al-cierre' };
  const agent = { email: 'vendedor@almacen.cl', password: 'mostrador-de-la-esquina' };

  /** Invites a person with a role and accepts the invitation with a password, as the mail's link would. */
  async function member(email: string, password: string, role: 'owner' | 'agent'): Promise<void> {
    const invited = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantId}/invitations`, body: { email, role } });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const dir = join(t.config.dataDir, 'outbox-mail');
    const mail = () => (existsSync(dir) ? readdirSync(dir) : []).filter((f) => f.includes(email)).sort().at(-1);
    while (!mail()) await t.server.services.relay.relayOnce();
    const token = /\/invitations\/accept#(inv_[A-Za-z0-9_-]+)/.exec(readFileSync(join(dir, mail()!), 'utf8'))![1]!;
    const accepted = await t.request({ method: 'POST', url: '/api/v1/invitations/accept', body: { token, password }, token: null });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  }

  /** What an AI client with an admin key does: asks to activate a product; the default policy makes the write wait. */
  async function askToActivate(product: string): Promise<string> {
    const res = await t.request({ method: 'POST', url: '/api/v1/actions/smarteros.activate_product/run', body: { product_code: product }, token: adminKey });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return String((res.body.confirmation as { confirmation_id: string }).confirmation_id);
  }

  const productStatus = async (code: string): Promise<string | undefined> => {
    const detail = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantId}` });
    return (detail.body.products as Array<{ product_code: string; status: string }>).find((p) => p.product_code === code)?.status;
  };

  beforeAll(async () => {
    ({ t, base, browser } = await startConsole({ SMARTEROS_OUTBOX_POLL_MS: '0' }));
    tenantId = await createTenant(t, { rut, business_name: 'Almacén Don Tito SpA', contact_email: 'hola@almacen.cl', products: [] });
    const key = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantId}/api-keys`, body: { name: 'Asistente IA', role: 'admin' } });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    adminKey = String(key.body.key);
    await member(owner.email, owner.password, 'owner');
    await member(agent.email, agent.password, 'agent');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const { openContext } = pagePerTest(() => browser, (p) => {
    page = p;
  });
  /** The browser's clock reads the test server's (which starts in March 2026), as a person's reads the real server's. */
  const signIn = async (p: Page, who: { email: string; password: string }): Promise<void> => {
    await p.clock.setFixedTime(t.clock.now());
    await signInAt(p, base, who.email, who.password);
  };
  const approvals = () => page.getByRole('region', { name: 'Pendientes de aprobación' });
  const rowOf = (id: string) => page.locator(`#confirmation-${id}`);

  it('an AI write waits; an agent sees it without buttons; the owner approves it and the product becomes active', async () => {
    const id = await askToActivate('analytics');

    await signIn(page, agent);
    await page.goto(`${base}/tenants/${tenantId}/mcp`);
    await rowOf(id).waitFor();
    const row = await rowOf(id).textContent();
    expect(row).toContain('smarteros.activate_product');
    expect(row).toContain('analytics');
    expect(row).toContain('API');
    expect(row).toMatch(/en \d+ (d|h|min)/);
    await expect(rowOf(id).getByRole('button').count()).resolves.toBe(0);
    await expect(page.getByTestId('approvals-who').textContent()).resolves.toContain('Administrador o superior');
    // The audit row that asked links to its request.
    const link = page.getByTestId('mcp-audit').getByRole('link', { name: 'Ver la solicitud' }).first();
    await expect(link.getAttribute('href')).resolves.toBe(`#confirmation-${id}`);

    page = await openContext();
    await signIn(page, owner);
    await page.goto(`${base}/tenants/${tenantId}/mcp`);
    await rowOf(id).getByRole('button', { name: 'Aprobar smarteros.activate_product' }).click();
    await expect(answerConfirm(page, 'accept')).resolves.toContain('smarteros.activate_product');
    await expect(page.getByTestId('approvals-outcome').textContent()).resolves.toContain('Aprobada');
    await rowOf(id).waitFor({ state: 'detached' });
    expect(await productStatus('analytics')).toMatch(/trial|active/);
    // The audit row that asked now says how it ended, instead of a link to a request that is gone.
    await page.reload();
    const audit = page.getByTestId('mcp-audit');
    await audit.getByText('aprobada').first().waitFor();
    await expect(audit.getByRole('link', { name: 'Ver la solicitud' }).count()).resolves.toBe(0);
  });

  it('a rejected write never runs; a second decision is said in words', async () => {
    const id = await askToActivate('erp');
    await signIn(page, owner);
    await page.goto(`${base}/tenants/${tenantId}/mcp`);
    await rowOf(id).getByRole('button', { name: 'Rechazar smarteros.activate_product' }).click();
    await expect(answerConfirm(page, 'accept')).resolves.toContain('Rechazar');
    await expect(page.getByTestId('approvals-outcome').textContent()).resolves.toContain('Rechazada');
    await rowOf(id).waitFor({ state: 'detached' });
    await expect(approvals().textContent()).resolves.toContain('No hay escrituras esperando aprobación.');
    expect(await productStatus('erp')).toBeUndefined();
    const again = await t.request({ method: 'POST', url: `/api/v1/actions/confirmations/${id}/approve?tenant_id=${tenantId}` });
    expect(again.status).toBe(409);
  });

  it('a subscriber that always fails shows its dead letters to the platform admin; retrying after the fix empties the list', async () => {
    let failing = true;
    t.server.services.relay.subscribe({
      name: 'test.ops_webhook',
      topics: ['tenant.created'],
      maxAttempts: 2,
      handler: () => {
        if (failing) throw new Error('webhook answered 503');
      },
    });
    await createTenant(t, { rut: rutFromBody(76_600_011), business_name: 'Botillería Uno SpA', contact_email: 'uno@botilleria.cl', products: [] });
    await createTenant(t, { rut: rutFromBody(76_600_012), business_name: 'Botillería Dos SpA', contact_email: 'dos@botilleria.cl', products: [] });
    const count = async (status: 'dead' | 'delivered') =>
      (await t.testDb.db.asOwner((tx) => tx.selectFrom('outbox_deliveries').select('event_id').where('subscriber', '=', 'test.ops_webhook').where('status', '=', status).execute())).length;
    // A failed attempt is tried again later: the server's clock moves on until both are dead.
    while ((await count('dead')) < 2) {
      await t.server.services.relay.relayOnce();
      t.clock.advance(60 * 60_000);
    }

    await signIn(page, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Entregas de eventos' }).click();
    await page.getByRole('heading', { level: 1, name: 'Entregas de eventos' }).waitFor();
    const subscriber = page.getByTestId('outbox-subscribers').locator('tr[data-subscriber="test.ops_webhook"]');
    await expect(subscriber.getByTestId('dead-count').textContent()).resolves.toBe('2');
    const dead = page.getByTestId('outbox-deliveries').locator('tr[data-subscriber="test.ops_webhook"]');
    await expect(dead.count()).resolves.toBe(2);
    const first = await dead.first().textContent();
    expect(first).toContain('webhook answered 503');
    expect(first).toContain('Empresa creada');
    expect(first).toContain('2 de 2');
    // The tenant by its name and RUT, not its id.
    expect(first).toContain('Botillería Dos SpA');
    expect(first).toContain('76.600.012-6');
    // The payload on demand.
    await dead.first().getByText('Ver', { exact: true }).click();
    await expect(dead.first().locator('pre').textContent()).resolves.toContain('"rut": "76600012-6"');

    // The status is in the URL: Entregadas, then Back to the dead letters.
    await page.getByLabel('Estado').selectOption('delivered');
    await page.waitForURL((url) => url.searchParams.get('status') === 'delivered');
    await page.goBack();
    await dead.first().waitFor();

    failing = false;
    // One delivery, then the rest of the subscriber's.
    const event = await dead.first().getAttribute('data-event');
    await dead.first().getByRole('button', { name: `Reintentar el evento ${event} de test.ops_webhook` }).click();
    await expect(page.getByTestId('outbox-notice').textContent()).resolves.toBe('1 entrega vuelve a la cola.');
    await page.locator(`tr[data-event="${event}"]`).waitFor({ state: 'detached' });
    await expect(subscriber.getByTestId('dead-count').textContent()).resolves.toBe('1');
    await subscriber.getByRole('button', { name: 'Reintentar todas las fallidas de test.ops_webhook' }).click();
    await expect(answerConfirm(page, 'accept')).resolves.toBe('¿Reintentar la entrega fallida de test.ops_webhook?');
    await expect(page.getByTestId('outbox-notice').textContent()).resolves.toBe('1 entrega vuelve a la cola.');
    await dead.first().waitFor({ state: 'detached' });
    while ((await count('delivered')) < 2) await t.server.services.relay.relayOnce();
    await page.getByRole('button', { name: 'Actualizar' }).click();
    await expect(subscriber.getByTestId('dead-count').textContent()).resolves.toBe('0');
    await expect(page.getByTestId('outbox-empty').textContent()).resolves.toBe('No hay entregas fallidas.');
  });

  it('a tenant admin sees the deliveries of their own tenant only, without the tenant column', async () => {
    await signIn(page, owner);
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Eventos y reintentos' }).click();
    await page.getByRole('heading', { level: 1, name: 'Entregas de eventos' }).waitFor();
    await page.getByTestId('outbox-subscribers').waitFor();
    await page.getByLabel('Estado').selectOption('delivered');
    await page.waitForURL((url) => url.searchParams.get('status') === 'delivered');
    const rows = page.getByTestId('outbox-deliveries').locator('tbody tr');
    await rows.first().waitFor();
    // The invitations of this tenant were mailed; the other tenants' webhook deliveries are not theirs to see.
    const subscribers = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-subscriber')));
    expect(subscribers.length).toBeGreaterThan(0);
    expect(subscribers).not.toContain('test.ops_webhook');
    await expect(page.getByTestId('outbox-deliveries').getByRole('columnheader', { name: 'Empresa' }).count()).resolves.toBe(0);
  });

  it('the Acciones page lists what the person may run, runs a read and shows its result; a missing field is caught before the server', async () => {
    const runs: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/run')) runs.push(r.url());
    });
    await signIn(page, owner);
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Acciones' }).click();
    await page.getByRole('heading', { level: 1, name: 'Acciones' }).waitFor();
    const products = page.locator('li[data-action="smarteros.products"]');
    await expect(products.textContent()).resolves.toContain('Lectura');
    await products.getByRole('button', { name: 'Abrir Productos' }).click();
    await products.getByRole('button', { name: 'Ejecutar Productos' }).click();
    await expect(products.getByTestId('action-result').textContent()).resolves.toContain('"product_code": "analytics"');
    expect(runs).toHaveLength(1);

    const activate = page.locator('li[data-action="smarteros.activate_product"]');
    await expect(activate.textContent()).resolves.toContain('Escritura');
    await activate.getByRole('button', { name: 'Abrir Activar un producto' }).click();
    // mode has its default; product_code is required and has none.
    await expect(activate.getByLabel('mode').inputValue()).resolves.toBe('trial');
    await activate.getByRole('button', { name: 'Ejecutar Activar un producto' }).click();
    await expect(activate.locator('.field-error').textContent()).resolves.toBe('Complete «product_code».');
    await expect(page.evaluate('document.activeElement && document.activeElement.name')).resolves.toBe('product_code');
    expect(runs).toHaveLength(1);

    // With the field chosen the write waits for approval, with a link to its request.
    await activate.getByLabel('product_code').selectOption('automation');
    await activate.getByRole('button', { name: 'Ejecutar Activar un producto' }).click();
    await expect(activate.getByTestId('action-waiting').textContent()).resolves.toContain('espera aprobación');
    expect(runs).toHaveLength(2);
    await activate.getByRole('link', { name: 'Ver la solicitud para aprobarla' }).click();
    await page.getByRole('heading', { level: 1, name: 'IA / MCP' }).waitFor();
    await page.locator('tr[data-action="smarteros.activate_product"]').first().waitFor();
    expect(await productStatus('automation')).toBeUndefined();
  });

  it('fits a phone-width screen, in Spanish and in English', async () => {
    await askToActivate('chat');
    const p = await openContext({ width: 390, height: 844 });
    const fits = async (what: string): Promise<void> => {
      const overflow = await p.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow, what).toBeLessThanOrEqual(0);
    };
    await signIn(p, owner);
    await p.goto(`${base}/tenants/${tenantId}/actions`);
    await p.locator('li[data-action="smarteros.activate_product"]').getByRole('button', { name: 'Abrir Activar un producto' }).click();
    await fits('Acciones');
    await p.goto(`${base}/tenants/${tenantId}/outbox`);
    await p.getByTestId('outbox-subscribers').waitFor();
    await fits('Entregas de eventos');
    await p.goto(`${base}/tenants/${tenantId}/mcp`);
    await p.getByRole('region', { name: 'Pendientes de aprobación' }).waitFor();
    await fits('IA / MCP con pendientes');

    await p.getByRole('button', { name: 'Switch the console to English' }).click();
    await p.getByRole('region', { name: 'Waiting for approval' }).getByRole('button', { name: 'Approve smarteros.activate_product' }).first().waitFor();
    await fits('AI / MCP (English)');
    await p.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Actions' }).click();
    await p.locator('li[data-action="smarteros.products"]').getByRole('heading', { name: /^Products/ }).waitFor();
    await p.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Events and retries' }).click();
    await p.getByRole('heading', { level: 1, name: 'Event deliveries' }).waitFor();
    await fits('Event deliveries (English)');
  });
});
