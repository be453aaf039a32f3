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

  pagePerTest(() => browser, (p) => {
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

    const ownerPage = await (await browser.newContext({ locale: 'es-CL', timezoneId: 'America/Santiago' })).newPage();
    page = ownerPage;
    await signIn(page, owner);
    await page.goto(`${base}/tenants/${tenantId}/mcp`);
    await rowOf(id).getByRole('button', { name: 'Aprobar smarteros.activate_product' }).click();
    await expect(answerConfirm(page, 'accept')).resolves.toContain('smarteros.activate_product');
    await expect(page.getByTestId('approvals-outcome').textContent()).resolves.toContain('Aprobada');
    await rowOf(id).waitFor({ state: 'detached' });
    expect(await productStatus('analytics')).toMatch(/trial|active/);
    await page.context().close();
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

  void ADMIN_EMAIL;
  void ADMIN_PASSWORD;
});
