import { rutFromBody } from '@smarteros/kernel';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestServer } from '../support/test-server.ts';
import { answerConfirm, createTenant, documentScreen, pagePerTest, signIn, startConsole } from './support.ts';

/**
 * The console points of the user test (issue 9, §5), walked as a person would: lists that keep their state in the
 * URL, the tenant a page is about, a real not-found page, the phone width, the wording, and errors in words.
 */
describe('web console: what the user test found', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let bakery = '';
  const ownerEmail = 'duena@lasdelicias.cl';
  const ownerPassword = 'pan-amasado-con-manteca';

  beforeAll(async () => {
    ({ t, base, browser } = await startConsole());
    for (let i = 0; i < 27; i++) {
      await createTenant(t, { rut: rutFromBody(79_000_000 + i * 7919), business_name: `Ferretería Sucursal ${i}`, contact_email: `f${i}@example.cl`, products: [] });
    }
    bakery = await createTenant(t, { rut: rutFromBody(76_600_001), business_name: 'Amasandería Las Delicias de Ñuñoa Limitada', contact_email: 'hola@delicias.cl', products: [] });
    const second = await createTenant(t, { rut: rutFromBody(76_600_002), business_name: 'Distribuidora de Abarrotes del Sur Oriente SpA', contact_email: 'hola@sur.cl', products: [] });
    for (const [tenant, role] of [
      [bakery, 'owner'],
      [second, 'admin'],
    ] as const) {
      const res = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenant}/members`, body: { email: ownerEmail, password: ownerPassword, role } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const { openContext } = pagePerTest(() => browser, (p) => {
    page = p;
  });

  const rows = () => page.locator('table.tenants-table tbody tr');

  it('keeps search, filter and page in the URL: Back from a tenant shows the same rows', async () => {
    await signIn(page, base, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Empresas' }).waitFor();
    await page.getByLabel('Buscar por nombre o RUT').fill('Ferretería');
    await page.waitForURL((url) => url.searchParams.get('q') === 'Ferretería');
    await page.getByLabel('Estado').selectOption('trial');
    await page.waitForURL((url) => url.searchParams.get('status') === 'trial');
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.getByText('Página 2').waitFor();
    await page.waitForFunction("document.querySelectorAll('table.tenants-table tbody tr').length === 2");
    const secondPage = await rows().allTextContents();
    const listUrl = page.url();

    await rows().first().getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /Ferretería Sucursal/ }).waitFor();
    await page.goBack();
    await page.getByText('Página 2').waitFor();
    expect(page.url()).toBe(listUrl);
    await expect(page.getByLabel('Buscar por nombre o RUT').inputValue()).resolves.toBe('Ferretería');
    await expect(page.getByLabel('Estado').inputValue()).resolves.toBe('trial');
    await expect(rows().allTextContents()).resolves.toEqual(secondPage);

    // A reload of the same address shows the same page too.
    await page.reload();
    await page.getByText('Página 2').waitFor();
    await expect(rows().allTextContents()).resolves.toEqual(secondPage);
    // Back again: the first page of the same search.
    await page.goBack();
    await page.getByText('Página 1').waitFor();
    await expect(page.getByLabel('Buscar por nombre o RUT').inputValue()).resolves.toBe('Ferretería');
  });

  it('finds a company typed without its accents: «nunoa» finds «Ñuñoa»', async () => {
    await signIn(page, base, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Empresas' }).waitFor();
    await page.getByLabel('Buscar por nombre o RUT').fill('delicias de nunoa');
    await page.waitForURL((url) => url.searchParams.get('q') === 'delicias de nunoa');
    await page.waitForFunction("document.querySelectorAll('table.tenants-table tbody tr').length === 1");
    await expect(rows().first().textContent()).resolves.toContain('Amasandería Las Delicias de Ñuñoa Limitada');
  });

  it('tenant pages say which tenant they are about, and an unknown address is a not-found page', async () => {
    await signIn(page, base, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`${base}/tenants/${bakery}/requests`);
    const crumbs = page.getByRole('navigation', { name: 'Ruta' });
    await crumbs.getByText('Amasandería Las Delicias de Ñuñoa Limitada').waitFor();
    await expect(crumbs.locator('li').allTextContents()).resolves.toEqual(['Empresas', 'Amasandería Las Delicias de Ñuñoa Limitada', 'Registro de llamadas']);
    // The request log's filters live in the URL too: away and Back, the same filter is applied.
    await page.getByLabel('Resultado').selectOption('error');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.waitForURL((url) => url.searchParams.get('outcome') === 'error');
    await page.getByText('Ninguna llamada coincide con los filtros.').waitFor();
    await crumbs.getByRole('link', { name: 'Amasandería Las Delicias de Ñuñoa Limitada' }).click();
    await page.getByRole('heading', { level: 1, name: 'Amasandería Las Delicias de Ñuñoa Limitada' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/tenants/${bakery}`);
    await page.goBack();
    await page.getByText('Ninguna llamada coincide con los filtros.').waitFor();
    await expect(page.getByLabel('Resultado').inputValue()).resolves.toBe('error');
    await page.getByRole('button', { name: 'Quitar filtros' }).click();
    await page.waitForURL((url) => !url.searchParams.has('outcome'));
    await page.getByText('Aún no hay llamadas').waitFor();

    await page.goto(`${base}/esto/no/existe`);
    await page.getByRole('heading', { level: 1, name: 'Página no encontrada' }).waitFor();
    await expect(page.locator('main').textContent()).resolves.not.toContain('No encontramos esta empresa');
    await page.getByRole('link', { name: 'Volver a empresas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Empresas' }).waitFor();
  });

  it('words products, plans, counts and errors in Spanish: «En prueba», never «próximamente» for a product on trial, nor raw codes', async () => {
    const id = await createTenant(t, { rut: rutFromBody(76_600_003), business_name: 'Botillería El Roble', contact_email: 'hola@roble.cl', products: [] });
    await signIn(page, base, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`${base}/tenants/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Botillería El Roble' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Secciones' });
    await expect(nav.locator('[aria-disabled="true"]').allTextContents()).resolves.toContain('ERP próximamente');
    await page.getByRole('button', { name: 'Activar prueba: ERP' }).click();
    const erp = page.locator('li[data-product="erp"]');
    await erp.locator('.countdown').waitFor();
    // The product is masculine (el ERP): its badge agrees.
    await expect(erp.locator('.badge').textContent()).resolves.toBe('En prueba');
    await nav.getByText('ERP en prueba').waitFor();
    await expect(nav.locator('[aria-disabled="true"]').allTextContents()).resolves.not.toContain('ERP próximamente');
    // The plan in words, not its code.
    await expect(page.locator('main').textContent()).resolves.toContain('Prueba');
    await expect(page.locator('main dd').allTextContents()).resolves.not.toContain('trial');

    // Deactivating asks in a dialog; a suspended tenant's activation is refused in words, with no code or English.
    await page.getByRole('button', { name: 'Desactivar ERP' }).click();
    await expect(answerConfirm(page, 'cancel')).resolves.toContain('ERP');
    await expect(erp.locator('.badge').textContent()).resolves.toBe('En prueba');
    const suspended = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/suspend`, body: {} });
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    await page.getByRole('button', { name: 'Activar prueba: Analítica' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('La empresa está suspendida o cancelada');
    await expect(alert.textContent()).resolves.not.toMatch(/tenant_not_operational|not in a state|Algo salió mal \(/);
    await documentScreen(page, 'findings-error-in-words');

    // One company on the page: «1 empresa», not «1 empresas».
    await page.goto(`${base}/tenants?q=Botiller%C3%ADa`);
    await page.waitForFunction("document.querySelectorAll('table.tenants-table tbody tr').length === 1");
    await expect(page.locator('table.tenants-table caption').textContent()).resolves.toBe('1 empresa en esta página');
  });

  it('fits a phone: the tenant switcher does not widen the header, and a wide table says it scrolls', async () => {
    const phone = await openContext({ width: 375, height: 740 });
    await signIn(phone, base, ownerEmail, ownerPassword);
    await phone.getByRole('combobox', { name: 'Empresa', exact: true }).waitFor();
    const header = await phone.evaluate<number>("document.querySelector('header.topbar').scrollWidth");
    expect(header).toBeLessThanOrEqual(375);
    await expect(phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).resolves.toBeLessThanOrEqual(0);
    await documentScreen(phone, 'findings-phone-switcher');

    const admin = await openContext({ width: 375, height: 740 });
    await signIn(admin, base, ADMIN_EMAIL, ADMIN_PASSWORD);
    await admin.waitForFunction("document.querySelectorAll('table.tenants-table tbody tr').length > 0");
    const hint = admin.getByTestId('scroll-hint');
    await hint.waitFor();
    await expect(hint.textContent()).resolves.toContain('deslícela hacia el lado');
    // The scrolling box can be reached and scrolled with the keyboard.
    const box = admin.getByRole('region', { name: 'Tabla desplazable' });
    await box.focus();
    await admin.keyboard.press('ArrowRight');
    await admin.waitForFunction("document.querySelector('.table-wrap').scrollLeft > 0");
    await documentScreen(admin, 'findings-phone-table');

    // At desktop width the same table fits, and says nothing.
    const desktop = await openContext();
    await signIn(desktop, base, ADMIN_EMAIL, ADMIN_PASSWORD);
    await desktop.waitForFunction("document.querySelectorAll('table.tenants-table tbody tr').length > 0");
    await expect(desktop.getByTestId('scroll-hint').count()).resolves.toBe(0);
  });
});
