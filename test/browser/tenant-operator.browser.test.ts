import { formatRut, rutFromBody } from '@smarteros/kernel';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestServer, type TestServer } from '../support/test-server.ts';
import { answerConfirm, createTenant, documentScreen, ensureConsoleBuilt, launchChromium, pagePerTest, signIn } from './support.ts';

/**
 * Issue 9 §5, «the operator cannot run a tenant» and «trials are a dead end», walked in the console: everything the API
 * and the CLI do for a tenant, done from its page.
 */
describe('web console: running a tenant', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  /** The DNS the server looks TXT records up in: the test creates the record as the tenant would at their provider. */
  const dns = new Map<string, string[][]>();

  beforeAll(async () => {
    ensureConsoleBuilt();
    t = await createTestServer({
      listen: true,
      env: { SMARTEROS_LOGIN_MAX_PER_MINUTE: '1000' },
      resolveTxt: (name) => Promise.resolve(dns.get(name) ?? []),
    });
    base = t.server.url;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const { openContext } = pagePerTest(() => browser, (p) => {
    page = p;
  });

  const product = (p: Page, code: string) => p.locator(`li[data-product="${code}"]`);

  it('creates a tenant on a plan, edits it, suspends and reactivates it, gives it domains and an integration, and cancels it', async () => {
    await signIn(page, base, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Nueva empresa' }).click();
    await page.getByLabel('RUT').pressSequentially(formatRut(rutFromBody(76_321_987)).replace(/\./g, ''));
    await page.getByLabel('Razón social').fill('Ferretería El Martillo');
    await page.getByLabel('Correo de contacto').fill('hola@martillo.cl');
    // The plans come from the server, in words.
    const plan = page.getByLabel('Plan');
    await page.locator('#tenant-plan option', { hasText: 'Inicial' }).waitFor({ state: 'attached' });
    await expect(plan.locator('option').allTextContents()).resolves.not.toContain('starter');
    await plan.selectOption({ label: 'Inicial' });
    await page.getByRole('button', { name: 'Crear empresa' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ferretería El Martillo' }).waitFor();
    await expect(page.getByTestId('tenant-plan').textContent()).resolves.toBe('Inicial');

    // Edit the name, the contact and the plan.
    await page.getByRole('button', { name: 'Editar datos' }).click();
    const form = page.getByRole('form', { name: 'Editar datos de la empresa' });
    await form.getByLabel('Razón social').fill('Ferretería El Martillo SpA');
    await form.getByLabel('Correo de contacto').fill('contacto@martillo.cl');
    await form.getByLabel('Plan').selectOption({ label: 'Profesional' });
    await form.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ferretería El Martillo SpA' }).waitFor();
    await expect(page.getByTestId('tenant-contact').textContent()).resolves.toBe('contacto@martillo.cl');
    await expect(page.getByTestId('tenant-plan').textContent()).resolves.toBe('Profesional');
    await expect(form.count()).resolves.toBe(0);

    // Suspend: asked first, then the product buttons go and a notice says why.
    await expect(product(page, 'chat').getByRole('button').count()).resolves.toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Suspender' }).click();
    await expect(answerConfirm(page, 'accept')).resolves.toBe('¿Suspender Ferretería El Martillo SpA?');
    await page.getByTestId('not-operational').waitFor();
    await expect(page.getByTestId('not-operational').textContent()).resolves.toContain('La empresa está suspendida');
    await expect(page.locator('.products').getByRole('button').count()).resolves.toBe(0);
    await expect(page.locator('.page-header .badge').textContent()).resolves.toBe('Suspendida');
    await documentScreen(page, 'tenant-suspended');

    // Reactivate: the buttons are back.
    await page.getByRole('button', { name: 'Reactivar' }).click();
    await answerConfirm(page, 'accept');
    await page.getByTestId('not-operational').waitFor({ state: 'detached' });
    await expect(product(page, 'chat').getByRole('button').count()).resolves.toBeGreaterThan(0);

    // A subdomain, verified at once.
    const domains = page.getByRole('region', { name: 'Dominios' });
    await domains.getByLabel('Subdominio', { exact: true }).fill('martillo');
    await domains.getByRole('button', { name: 'Agregar dominio' }).click();
    const sub = domains.locator('li[data-domain^="martillo."]');
    await sub.waitFor();
    await expect(sub.locator('.badge').textContent()).resolves.toBe('Verificado');

    // A custom domain: the TXT record to create is shown, and verifying says it is not there yet.
    await domains.getByLabel('Dominio propio').check();
    await domains.getByLabel('Dominio', { exact: true }).fill('tienda.martillo.cl');
    await domains.getByLabel('Uso').selectOption({ label: 'Tienda' });
    await domains.getByRole('button', { name: 'Agregar dominio' }).click();
    const custom = domains.locator('li[data-domain="tienda.martillo.cl"]');
    await custom.waitFor();
    await expect(custom.textContent()).resolves.toContain('Sin verificar');
    await expect(custom.textContent()).resolves.toContain('cree este registro en el DNS');
    await expect(custom.getByTestId('txt-name').textContent()).resolves.toContain('tienda.martillo.cl');
    const txtName = (await custom.getByTestId('txt-name').textContent()) ?? '';
    const txtValue = (await custom.getByTestId('txt-value').textContent()) ?? '';
    expect(txtValue).not.toBe('');
    // Verifying before the record exists says so, in words.
    await custom.getByRole('button', { name: 'Verificar tienda.martillo.cl' }).click();
    await expect(custom.getByRole('alert').textContent()).resolves.toContain('Aún no encontramos el registro TXT');
    // The record is created at the DNS provider: verifying now succeeds.
    dns.set(txtName, [[txtValue]]);
    await custom.getByRole('button', { name: 'Verificar tienda.martillo.cl' }).click();
    await custom.getByText('Verificado').waitFor();
    await expect(custom.getByRole('button', { name: /Verificar/ }).count()).resolves.toBe(0);
    await documentScreen(page, 'tenant-domains');

    // An integration.
    const integrations = page.getByRole('region', { name: 'Integraciones' });
    await integrations.getByLabel('Integración', { exact: true }).selectOption({ label: 'Odoo' });
    await integrations.getByLabel('Estado').selectOption({ label: 'Conectada' });
    await integrations.getByLabel('Referencia externa (opcional)').fill('odoo-martillo-1');
    await integrations.getByRole('button', { name: 'Guardar integración' }).click();
    const odoo = integrations.locator('li[data-integration="odoo"]');
    await odoo.waitFor();
    await expect(odoo.textContent()).resolves.toContain('odoo-martillo-1');
    await expect(odoo.textContent()).resolves.toContain('Conectada');
    await expect(odoo.locator('strong').textContent()).resolves.toBe('Odoo');

    // Cancel: irreversible, said so; cancelling the dialog leaves the tenant as it was.
    await page.getByRole('button', { name: 'Dar de baja la empresa' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('no se puede deshacer');
    await expect(answerConfirm(page, 'cancel')).resolves.toBe('¿Dar de baja Ferretería El Martillo SpA de forma definitiva?');
    await expect(page.locator('.page-header .badge').textContent()).resolves.not.toBe('Cancelada');
    // Going ahead asks for the company's name, typed: the button stays off until it matches.
    await page.getByRole('button', { name: 'Dar de baja la empresa' }).click();
    await dialog.waitFor();
    const goAhead = dialog.getByRole('button', { name: 'Dar de baja la empresa' });
    await expect(goAhead.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Para confirmar, escriba «Ferretería El Martillo SpA»').fill('Ferretería');
    await expect(goAhead.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Para confirmar, escriba «Ferretería El Martillo SpA»').fill('Ferretería El Martillo SpA');
    await expect(goAhead.isEnabled()).resolves.toBe(true);
    await answerConfirm(page, 'accept');
    await page.getByTestId('not-operational').waitFor();
    await expect(page.locator('.page-header .badge').textContent()).resolves.toBe('Cancelada');
    await expect(page.getByTestId('not-operational').textContent()).resolves.toContain('cancelada');
    await expect(page.getByRole('button', { name: 'Editar datos' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Agregar dominio' }).count()).resolves.toBe(0);
    await expect(page.locator('.products').getByRole('button').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Reactivar' }).count()).resolves.toBe(0);
  });

  it('counts the tenants in es-CL and sorts the table by name and by date, kept in the URL', async () => {
    for (const [i, name] of ['Zapatería Austral', 'Almacén Don Beto', 'Mueblería Los Robles'].entries()) {
      // The test clock stands still: a minute between them gives each its own creation time.
      t.clock.advance(60_000);
      await createTenant(t, { rut: rutFromBody(78_100_000 + i * 7), business_name: name, contact_email: `c${i}@example.cl`, products: [] });
    }
    await signIn(page, base, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`${base}/tenants`);
    const total = page.getByTestId('tenants-total');
    await total.waitFor();
    const res = await t.request({ method: 'GET', url: '/api/v1/overview?limit=1' });
    const n = Number(res.body.total);
    await expect(total.textContent()).resolves.toBe(`${new Intl.NumberFormat('es-CL').format(n)} ${n === 1 ? 'empresa' : 'empresas'}`);

    const names = () => page.locator('table.tenants-table tbody th').allTextContents();
    await page.getByRole('button', { name: 'Ordenar por Razón social' }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'business_name');
    await page.waitForFunction("document.querySelector('table.tenants-table tbody th')?.textContent === 'Almacén Don Beto'");
    const ascending = await names();
    expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b, 'es')));
    await expect(page.locator('th[aria-sort="ascending"]').textContent()).resolves.toContain('Razón social');

    await page.getByRole('button', { name: /Ordenar por Razón social/ }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === '-business_name');
    await page.waitForFunction("document.querySelector('table.tenants-table tbody th')?.textContent === 'Zapatería Austral'");

    await page.getByRole('button', { name: 'Ordenar por Creada' }).click();
    await page.waitForURL((url) => !url.searchParams.has('sort'));
    await page.waitForFunction("document.querySelector('table.tenants-table tbody th')?.textContent === 'Mueblería Los Robles'");
    await page.getByRole('button', { name: /Ordenar por Creada/ }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'created_at');

    // Back restores the order before.
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('sort'));
    await page.waitForFunction("document.querySelector('table.tenants-table tbody th')?.textContent === 'Mueblería Los Robles'");
  });

  it('as a tenant owner: deactivating after the trial warns it cannot restart, then offers «Contratar», which subscribes', async () => {
    const id = await createTenant(t, { rut: rutFromBody(78_200_001), business_name: 'Cafetería La Taza', contact_email: 'hola@taza.cl', products: ['erp'] });
    const email = 'duena@taza.cl';
    const password = 'cafe-de-grano-tostado';
    const res = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/members`, body: { email, password, role: 'owner' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await signIn(page, base, email, password);
    await page.goto(`${base}/tenants/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Cafetería La Taza' }).waitFor();
    const erp = product(page, 'erp');
    await expect(erp.locator('.badge').textContent()).resolves.toBe('En prueba');
    // No operator moves for a tenant's own people.
    await expect(page.getByRole('button', { name: 'Suspender' }).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Desactivar ERP' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('no se puede volver a iniciar');
    await documentScreen(page, 'tenant-deactivate-warning');
    await answerConfirm(page, 'accept');
    await erp.getByRole('button', { name: 'Contratar: ERP' }).waitFor();
    await expect(erp.getByRole('button', { name: 'Activar prueba: ERP' }).count()).resolves.toBe(0);
    // A product never tried still offers its trial.
    await product(page, 'analytics').getByRole('button', { name: 'Activar prueba: Analítica' }).waitFor();

    await erp.getByRole('button', { name: 'Contratar: ERP' }).click();
    await erp.getByRole('button', { name: 'Desactivar ERP' }).waitFor();
    await expect(erp.locator('.badge').textContent()).resolves.toBe('Activo');
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
  });

  it('at phone width (390 px) the operator can reach the tenant actions', async () => {
    const id = await createTenant(t, { rut: rutFromBody(78_300_001), business_name: 'Librería Rayuela', contact_email: 'hola@rayuela.cl', products: [] });
    const phone = await openContext({ width: 390, height: 844 });
    await signIn(phone, base, ADMIN_EMAIL, ADMIN_PASSWORD);
    await phone.goto(`${base}/tenants/${id}`);
    await phone.getByRole('heading', { level: 1, name: 'Librería Rayuela' }).waitFor();
    for (const name of ['Editar datos', 'Suspender', 'Dar de baja la empresa', 'Agregar dominio', 'Guardar integración', 'Activar prueba: ERP']) {
      const button = phone.getByRole('button', { name, exact: true });
      await button.scrollIntoViewIfNeeded();
      const box = await button.boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, name).toBeLessThanOrEqual(390);
    }
    await expect(phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).resolves.toBeLessThanOrEqual(0);
    await phone.getByRole('button', { name: 'Suspender' }).click();
    await answerConfirm(phone, 'accept');
    await phone.getByTestId('not-operational').waitFor();
    await documentScreen(phone, 'tenant-phone-suspended');
  });
});
