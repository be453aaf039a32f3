import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rutFromBody } from '@smarteros/kernel';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestServer } from '../support/test-server.ts';
import { answerConfirm, documentScreen, pagePerTest, startConsole } from './support.ts';

/** People in a tenant through the console: an admin invites, the invited person accepts and sees only their tenant. */
describe('web console: members and invitations', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let tenantId = '';
  const viewerEmail = 'cajera@espiga.cl';
  const viewerPassword = 'pan-amasado-todos-los-dias';

  beforeAll(async () => {
    // No background relay: the test delivers messages itself with relayOnce(), so it knows when they are written.
    ({ t, base, browser } = await startConsole({ SMARTEROS_OUTBOX_POLL_MS: '0' }));
    const res = await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_400_001), business_name: 'Panadería La Espiga', contact_email: 'hola@espiga.cl', products: [] } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    tenantId = String(res.body.id);
    // Another tenant the viewer must never see.
    await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_400_002), business_name: 'Verdulería Otra', contact_email: 'otra@x.cl', products: [] } });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const { openContext } = pagePerTest(() => browser, (p) => {
    page = p;
  });

  async function signIn(p: Page, email: string, password: string): Promise<void> {
    await p.goto(`${base}/login`);
    await p.getByLabel('Correo electrónico').fill(email);
    await p.getByLabel('Contraseña').fill(password);
    await p.getByRole('button', { name: 'Ingresar' }).click();
  }

  /** The invitation link of the newest message to `to` (what the person would click). */
  function linkSentTo(to: string): string {
    const dir = join(t.config.dataDir, 'outbox-mail');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.includes(to)).sort() : [];
    expect(files.length, `no message to ${to}`).toBeGreaterThan(0);
    const text = readFileSync(join(dir, files.at(-1)!), 'utf8');
    const m = /\S*\/invitations\/accept#(inv_[A-Za-z0-9_-]+)/.exec(text);
    expect(m, text).not.toBeNull();
    return m![1]!;
  }

  it('a platform admin invites a viewer by e-mail; the viewer accepts with a password and lands on that tenant only', async () => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Empresas' }).waitFor();
    await page.goto(`${base}/tenants/${tenantId}`);
    await page.getByRole('heading', { level: 1, name: 'Panadería La Espiga' }).waitFor();
    const members = page.getByRole('region', { name: 'Personas' });
    await members.waitFor();

    // A wrong address is refused beside the field.
    await page.getByLabel('Correo de la persona').fill('no-es-un-correo');
    await page.getByRole('button', { name: 'Enviar invitación' }).click();
    await expect(page.locator('#invite-contact-error').textContent()).resolves.toContain('correo válido');
    await expect(page.getByLabel('Correo de la persona').getAttribute('aria-describedby')).resolves.toContain('invite-contact-error');

    await page.getByLabel('Correo de la persona').fill(viewerEmail);
    await page.getByLabel('Rol', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Enviar invitación' }).click();
    await page.getByText(`Invitación enviada a ${viewerEmail}.`).waitFor();
    const pending = page.getByTestId('invitations');
    await expect(pending.textContent()).resolves.toContain(viewerEmail);
    await expect(pending.textContent()).resolves.toContain('Solo lectura');
    await documentScreen(page, 'tenant-members');

    expect(await t.server.services.relay.relayOnce()).toBeGreaterThan(0);
    const token = linkSentTo(viewerEmail);

    // The invited person opens the link in their own browser.
    const p = await openContext();
    await p.goto(`${base}/invitations/accept#${token}`);
    await p.getByRole('heading', { level: 1, name: 'Aceptar invitación' }).waitFor();
    await expect(p.getByTestId('invitation-summary').textContent()).resolves.toBe('Lo invitaron a Panadería La Espiga con el rol Solo lectura.');
    // Sent to an e-mail: no e-mail field to fill.
    await expect(p.getByLabel('Correo electrónico').count()).resolves.toBe(0);
    await p.getByLabel('Contraseña').fill('corta');
    await p.getByRole('button', { name: 'Aceptar e ingresar' }).click();
    await expect(p.locator('#accept-password-error').textContent()).resolves.toContain('al menos 12 caracteres');
    await documentScreen(p, 'accept-invitation');
    await p.getByLabel('Nombre (opcional)').fill('Rosa Cajera');
    await p.getByLabel('Contraseña').fill(viewerPassword);
    await p.getByRole('button', { name: 'Aceptar e ingresar' }).click();

    await p.getByRole('heading', { level: 1, name: 'Panadería La Espiga' }).waitFor();
    expect(new URL(p.url()).pathname).toBe(`/tenants/${tenantId}`);
    const nav = p.getByRole('navigation', { name: 'Secciones' });
    await expect(nav.getByRole('link', { name: 'Empresas' }).count()).resolves.toBe(0);
    await expect(nav.getByRole('link', { name: 'Nueva empresa' }).count()).resolves.toBe(0);
    await expect(nav.getByRole('link', { name: 'Mi empresa' }).getAttribute('aria-current')).resolves.toBe('page');
    await expect(p.getByRole('link', { name: /Volver a empresas/ }).count()).resolves.toBe(0);
    // A viewer neither manages people nor switches products.
    await expect(p.getByRole('region', { name: 'Personas' }).count()).resolves.toBe(0);
    await expect(p.getByRole('button', { name: /Activar prueba/ }).count()).resolves.toBe(0);
    await expect(p.locator('body').textContent()).resolves.not.toContain('Verdulería Otra');
    await documentScreen(p, 'viewer-tenant');

    // The link works once: opened again, it says to ask for a new one.
    const again = await openContext();
    await again.goto(`${base}/invitations/accept#${token}`);
    await expect(again.getByRole('alert').textContent()).resolves.toContain('Pida una nueva');
  });

  it('the viewer signs in to their tenant, and typing an operator address shows the no-access page, not the data', async () => {
    await signIn(page, viewerEmail, viewerPassword);
    await page.getByRole('heading', { level: 1, name: 'Panadería La Espiga' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/tenants/${tenantId}`);

    for (const path of ['/tenants', '/tenants/new']) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { level: 1, name: 'No tiene acceso a esta página' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(path);
      await expect(page.locator('table.tenants-table').count()).resolves.toBe(0);
      await expect(page.getByLabel('RUT').count()).resolves.toBe(0);
      await expect(page.locator('body').textContent()).resolves.not.toContain('Verdulería Otra');
    }
    await documentScreen(page, 'no-access');
    await page.getByRole('link', { name: 'Ir a mi empresa' }).click();
    await page.getByRole('heading', { level: 1, name: 'Panadería La Espiga' }).waitFor();
  });
  it('an admin creates an API key, sees it once with a warning, then only its last characters, and revokes it', async () => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Empresas' }).waitFor();
    await page.goto(`${base}/tenants/${tenantId}`);
    const keys = page.getByRole('region', { name: 'Claves de API' });
    await keys.getByText('No hay claves de API activas.').waitFor();
    await keys.getByRole('button', { name: 'Crear clave' }).click();
    await expect(page.locator('#key-name-error').textContent()).resolves.toContain('Escriba un nombre');
    await keys.getByLabel('Nombre de la clave').fill('Tienda web');
    await keys.getByLabel('Rol de la clave').selectOption('agent');
    await keys.getByRole('button', { name: 'Crear clave' }).click();
    const shown = page.getByTestId('created-key');
    await shown.waitFor();
    await expect(shown.textContent()).resolves.toContain('no se volverá a mostrar');
    const key = await page.getByLabel('Clave «Tienda web»').inputValue();
    expect(key.length).toBeGreaterThan(20);
    await expect(shown.getByRole('button', { name: 'Copiar clave' }).isVisible()).resolves.toBe(true);
    const list = page.getByTestId('api-keys');
    await expect(list.textContent()).resolves.toContain(`…${key.slice(-4)}`);
    await expect(list.textContent()).resolves.not.toContain(key);
    // The key works against the API.
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: key });
    expect(me.status).toBe(200);
    await documentScreen(page, 'tenant-api-key-created');

    await keys.getByRole('button', { name: 'Revocar la clave Tienda web' }).click();
    await answerConfirm(page, 'accept');
    await keys.getByText('No hay claves de API activas.').waitFor();
    await expect(page.getByTestId('created-key').count()).resolves.toBe(0);
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', token: key })).status).toBe(401);
  });

  it('an expired access token is traded once for a new one with the session cookie, without going back to sign-in', async () => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Empresas' }).waitFor();
    const refreshes: string[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname === '/api/v1/auth/refresh') refreshes.push(req.postData() ?? '');
    });
    // The access token expires (the server's clock moves past its lifetime): the next call is refused, the console
    // gets a new one from the HttpOnly cookie (no token in the body, none in Web Storage) and carries on.
    t.clock.advance((t.config.jwt.ttlSeconds + 60) * 1000);
    await page.locator('table.tenants-table').getByRole('link', { name: 'Panadería La Espiga' }).click();
    await page.getByRole('heading', { level: 1, name: 'Panadería La Espiga' }).waitFor();
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).not.toContain('refresh_token');
    await expect(page.evaluate<number>('sessionStorage.length + localStorage.length')).resolves.toBeLessThanOrEqual(1);
    await expect(page.evaluate<string>('JSON.stringify({ ...sessionStorage, ...localStorage })')).resolves.not.toMatch(/token/i);

    // A session that no longer works (the person signed out everywhere; a token replayed within seconds would still
    // get its successor, so that two tabs refreshing together keep their session): back to sign-in with a message.
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/logout-all' })).status).toBe(200);
    t.clock.advance((t.config.jwt.ttlSeconds + 60) * 1000);
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Empresas' }).click();
    await page.waitForURL(/\/login/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Su sesión expiró');
  });
  it('an invitation sent to a phone asks for the e-mail to sign in with, beside the field', async () => {
    const phone = '+56912345678';
    const res = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantId}/invitations`, body: { phone, role: 'agent' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await t.server.services.relay.relayOnce()).toBeGreaterThan(0);
    const token = linkSentTo(phone);
    await page.goto(`${base}/invitations/accept#${token}`);
    await expect(page.getByTestId('invitation-summary').textContent()).resolves.toBe('Lo invitaron a Panadería La Espiga con el rol Agente.');
    await page.getByLabel('Contraseña').fill('una-clave-bien-larga');
    await page.getByRole('button', { name: 'Aceptar e ingresar' }).click();
    await expect(page.locator('#accept-email-error').textContent()).resolves.toContain('correo válido');
    await page.getByLabel('Correo electrónico').fill('garzon@espiga.cl');
    await page.getByRole('button', { name: 'Aceptar e ingresar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Panadería La Espiga' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/tenants/${tenantId}`);
    await expect(page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Empresas' }).count()).resolves.toBe(0);
  });
  it('an admin revokes a pending invitation, and its link stops working', async () => {
    const res = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantId}/invitations`, body: { email: 'repartidor@espiga.cl', role: 'agent' } });
    expect(res.status).toBe(201);
    expect(await t.server.services.relay.relayOnce()).toBeGreaterThan(0);
    const token = linkSentTo('repartidor@espiga.cl');
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Empresas' }).waitFor();
    await page.goto(`${base}/tenants/${tenantId}`);
    await expect(page.getByTestId('invitations').textContent()).resolves.toContain('repartidor@espiga.cl');
    await page.getByRole('button', { name: 'Revocar la invitación a repartidor@espiga.cl' }).click();
    await answerConfirm(page, 'accept');
    await page.getByText('No hay invitaciones pendientes.').waitFor();
    await page.goto(`${base}/invitations/accept#${token}`);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Pida una nueva');
  });
});
