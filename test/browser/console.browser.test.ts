import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatRut, rutFromBody } from '@smarteros/kernel';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestServer } from '../support/test-server.ts';
import { CONSOLE_DIST, documentScreen, pagePerTest, startConsole } from './support.ts';

/** The web console in headless Chromium against a real server (PGlite) that serves the built console. */
describe('web console', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    ({ t, base, browser } = await startConsole());
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const { openContext } = pagePerTest(() => browser, (p) => {
    page = p;
  });

  async function signIn(p: Page = page): Promise<void> {
    await p.goto(`${base}/tenants`);
    await p.getByLabel('Correo electrónico').fill(ADMIN_EMAIL);
    await p.getByLabel('Contraseña').fill(ADMIN_PASSWORD);
    await p.getByRole('button', { name: 'Ingresar' }).click();
    await p.getByRole('heading', { level: 1, name: 'Empresas' }).waitFor();
  }

  async function createTenant(body: Record<string, unknown>): Promise<string> {
    const res = await t.request({ method: 'POST', url: '/api/v1/tenants', body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return String(res.body.id);
  }

  it('is a production build within the first-load budget (250 KB of gzip JavaScript), served compressed', async () => {
    const html = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const gzipBytes = scripts.reduce((n, s) => n + gzipSync(readFileSync(join(CONSOLE_DIST, s)), { level: 9 }).length, 0);
    expect(gzipBytes).toBeLessThanOrEqual(250 * 1024);
    // A development build (NODE_ENV not production) carries React's DOM nesting checks and the dev JSX runtime.
    for (const s of scripts) expect(readFileSync(join(CONSOLE_DIST, s), 'utf8')).not.toMatch(/validateDOMNesting|jsxDEV/);
    const res = await fetch(`${base}${scripts[0]}`, { headers: { 'accept-encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
  });

  it('signs in: a wrong password says so, the right one opens the tenants table', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login\?next=/);
    await documentScreen(page, 'login');
    await page.getByLabel('Correo electrónico').fill(ADMIN_EMAIL);
    await page.getByLabel('Contraseña').fill('not-the-password');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('no son correctos');
    await page.getByLabel('Contraseña').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Empresas' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    // The areas that come later are in the navigation, disabled, not pages.
    const nav = page.getByRole('navigation', { name: 'Secciones' });
    await expect(nav.locator('[aria-disabled="true"]').allTextContents()).resolves.toEqual([
      'Chat próximamente',
      'ERP próximamente',
      'Automatización próximamente',
      'Analítica próximamente',
    ]);
  });

  it('creates a tenant: a wrong RUT is refused beside the field, a right one is formatted as typed; a taken RUT is refused there too', async () => {
    await signIn();
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Nueva empresa' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nueva empresa' }).waitFor();
    const rut = page.getByLabel('RUT');
    await rut.pressSequentially('760864284');
    await expect(rut.inputValue()).resolves.toBe('76.086.428-4');
    await page.getByLabel('Razón social').fill('Ferretería Los Andes SpA');
    await page.getByLabel('Correo de contacto').fill('contacto@losandes.cl');
    await page.getByRole('button', { name: 'Crear empresa' }).click();
    const error = page.locator('#tenant-rut-error');
    await expect(error.textContent()).resolves.toContain('dígito verificador');
    await expect(rut.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(rut.getAttribute('aria-describedby')).resolves.toContain('tenant-rut-error');
    await documentScreen(page, 'create-tenant-wrong-rut');

    await rut.fill('');
    await rut.pressSequentially('76086428-5');
    await expect(rut.inputValue()).resolves.toBe('76.086.428-5');
    await expect(error.count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Crear empresa' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ferretería Los Andes SpA' }).waitFor();
    await expect(page.getByTestId('tenant-rut').textContent()).resolves.toBe('76.086.428-5');
    await documentScreen(page, 'tenant-detail');

    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Nueva empresa' }).click();
    await page.getByLabel('RUT').pressSequentially('76086428-5');
    await page.getByLabel('Razón social').fill('Otra Ferretería');
    await page.getByLabel('Correo de contacto').fill('otra@example.cl');
    await page.getByRole('button', { name: 'Crear empresa' }).click();
    await expect(page.locator('#tenant-rut-error').textContent()).resolves.toContain('Ya existe una empresa con este RUT');
  });

  it('the create form: errors in Spanish under their fields, the first invalid one focused; a server issue lands on its field', async () => {
    await signIn();
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Nueva empresa' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nueva empresa' }).waitFor();
    await page.getByLabel('Razón social').fill('X');
    await page.getByRole('button', { name: 'Crear empresa' }).click();
    // Every field is checked on submit; the focus goes to the first invalid one (the RUT, above the name).
    await expect(page.locator('#tenant-rut-error').textContent()).resolves.toBe('Ingrese el RUT.');
    await expect(page.locator('#tenant-business_name-error').textContent()).resolves.toBe('Ingrese la razón social (al menos 2 caracteres).');
    await expect(page.locator('#tenant-contact_email-error').textContent()).resolves.toBe('Ingrese un correo válido, como contacto@empresa.cl.');
    await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe('tenant-rut');
    const email = page.getByLabel('Correo de contacto');
    await expect(email.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(email.getAttribute('aria-describedby')).resolves.toBe('tenant-contact_email-error');
    // A fixed field clears as it is typed.
    await page.getByLabel('Razón social').fill('Librería Macondo');
    await expect(page.locator('#tenant-business_name-error').count()).resolves.toBe(0);

    // The server's field issue (body.contact_email) is shown under that field, which takes the focus.
    await page.route('**/api/v1/tenants', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      await route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'validation_failed', message: 'Datos no válidos', details: { issues: [{ path: 'body.contact_email', message: 'Este dominio no recibe correo.' }] } } }),
      });
    });
    await page.getByLabel('RUT').pressSequentially('76086428-5');
    await email.fill('hola@macondo.cl');
    await page.getByRole('button', { name: 'Crear empresa' }).click();
    await expect(page.locator('#tenant-contact_email-error').textContent()).resolves.toBe('Este dominio no recibe correo.');
    await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe('tenant-contact_email');
    await expect(page.getByRole('button', { name: 'Crear empresa' }).isDisabled()).resolves.toBe(false);
    await page.unroute('**/api/v1/tenants');
  });

  it('activates a product and shows its trial countdown', async () => {
    const id = await createTenant({ rut: rutFromBody(77111222), business_name: 'Panadería La Espiga', contact_email: 'hola@espiga.cl', products: [] });
    await signIn();
    await page.goto(`${base}/tenants/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Panadería La Espiga' }).waitFor();
    const analytics = page.locator('li[data-product="analytics"]');
    await expect(analytics.textContent()).resolves.toContain('No activado');
    await page.getByRole('button', { name: 'Activar prueba: Analítica' }).click();
    await analytics.locator('.countdown').waitFor();
    await expect(analytics.locator('.countdown').textContent()).resolves.toMatch(/^Prueba: quedan 1[34] d \d+ h$/);
    await expect(analytics.getByRole('button', { name: 'Desactivar Analítica' }).isVisible()).resolves.toBe(true);
    // The event in words, not its code.
    await page.getByText('Producto activado').first().waitFor();
    await expect(page.locator('.events').textContent()).resolves.not.toContain('product.activated');
    await documentScreen(page, 'tenant-trial-countdown');
  });

  it('searches the tenants table by RUT and pages through it', async () => {
    const ruts: string[] = [];
    for (let i = 0; i < 27; i++) {
      const rut = rutFromBody(78_000_000 + i * 7919);
      ruts.push(rut);
      await createTenant({ rut, business_name: `Comercial Número ${i}`, contact_email: `c${i}@example.cl`, products: i % 2 ? ['chat'] : [] });
    }
    await signIn();
    const rows = page.locator('table.tenants-table tbody tr');
    await page.waitForFunction("document.querySelectorAll('table.tenants-table tbody tr').length === 25");
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByText('Página 2').waitFor();
    await page.getByRole('button', { name: 'Anterior' }).waitFor();
    await page.getByRole('button', { name: 'Anterior' }).click();
    await page.getByText('Página 1').waitFor();

    await page.getByLabel('Buscar por nombre o RUT').fill(formatRut(ruts[13]!));
    await page.waitForFunction("document.querySelectorAll('table.tenants-table tbody tr').length === 1");
    await expect(rows.first().textContent()).resolves.toContain('Comercial Número 13');
    await expect(rows.first().textContent()).resolves.toContain(formatRut(ruts[13]!));
    await documentScreen(page, 'tenants-search-by-rut');

    await page.getByLabel('Buscar por nombre o RUT').fill('Ninguna como esta');
    await expect(page.locator('.empty').textContent()).resolves.toContain('Ninguna empresa coincide');
  });

  it('an invalid session goes back to sign-in with a message', async () => {
    await signIn();
    // The server ends the session (the person signed out everywhere) and this tab's access token expires: the
    // console's next call cannot get a new one from the cookie.
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/logout-all' })).status).toBe(200);
    t.clock.advance((t.config.jwt.ttlSeconds + 60) * 1000);
    // The next page that calls the API (the create form asks for the plans) finds out, and goes back to sign-in.
    const nav = page.getByRole('navigation', { name: 'Secciones' });
    await nav.getByRole('link', { name: 'Nueva empresa' }).click();
    await page.waitForURL(/\/login/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Su sesión expiró');
  });

  it('a reload after the server ended the session says so; a browser that never signed in is not told anything', async () => {
    await signIn();
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/logout-all' })).status).toBe(200);
    await page.reload();
    await page.waitForURL(/\/login/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Su sesión expiró');
    // Shown once: the next visit is a plain sign-in page.
    await page.reload();
    await page.getByRole('button', { name: 'Ingresar' }).waitFor();
    await expect(page.getByText('Su sesión expiró').count()).resolves.toBe(0);
    const fresh = await openContext();
    await fresh.goto(`${base}/tenants`);
    await fresh.waitForURL(/\/login/);
    await fresh.getByRole('button', { name: 'Ingresar' }).waitFor();
    await expect(fresh.getByText('Su sesión expiró').count()).resolves.toBe(0);
  });

  it('switches to English, and fits a phone-width screen', async () => {
    {
      const p = await openContext({ width: 390, height: 844 });
      await signIn(p);
      const overflow = await p.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      await documentScreen(p, 'tenants-phone');
      await p.getByRole('button', { name: 'Switch the console to English' }).click();
      await p.getByRole('heading', { level: 1, name: 'Companies' }).waitFor();
      await expect(p.evaluate<string>('document.documentElement.lang')).resolves.toBe('en-US');
    }
  });
});
