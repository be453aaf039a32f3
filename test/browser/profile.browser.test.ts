import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rutFromBody } from '@smarteros/kernel';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestServer } from '../support/test-server.ts';
import { answerConfirm, documentScreen, pagePerTest, startConsole } from './support.ts';

/** A person's own console: switching tenants, managing members, the security log, sessions and their phone. */
describe('web console: tenant switcher, member roles, security log and profile', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let bakery = '';
  let grocer = '';
  const ownerEmail = 'duena@espiga.cl';
  const ownerPassword = 'harina-y-levadura-siempre';
  const agentEmail = 'vendedor@espiga.cl';
  const agentPassword = 'mostrador-de-la-panaderia';

  beforeAll(async () => {
    // No background relay: the test delivers messages itself with relayOnce(), so it knows when they are written.
    ({ t, base, browser } = await startConsole({ SMARTEROS_OUTBOX_POLL_MS: '0' }));
    const a = await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_500_001), business_name: 'Panadería La Espiga', contact_email: 'hola@espiga.cl', products: [] } });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    bakery = String(a.body.id);
    const b = await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_500_002), business_name: 'Verdulería El Huerto', contact_email: 'hola@huerto.cl', products: [] } });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    grocer = String(b.body.id);
    // The same person owns the bakery and is an admin at the grocer's.
    for (const [tenant, role] of [
      [bakery, 'owner'],
      [grocer, 'admin'],
    ] as const) {
      const res = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenant}/members`, body: { email: ownerEmail, password: ownerPassword, role } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const agent = await t.request({ method: 'POST', url: `/api/v1/tenants/${bakery}/members`, body: { email: agentEmail, password: agentPassword, role: 'agent' } });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  pagePerTest(() => browser, (p) => {
    page = p;
  });

  async function signIn(p: Page, email: string, password: string): Promise<void> {
    await p.goto(`${base}/login`);
    await p.getByLabel('Correo electrónico').fill(email);
    await p.getByLabel('Contraseña').fill(password);
    await p.getByRole('button', { name: 'Ingresar' }).click();
  }

  const names = (): Record<string, string> => ({ [bakery]: 'Panadería La Espiga', [grocer]: 'Verdulería El Huerto' });
  /** The tenant the session acts in: a tenant's person lands on (and stays at) their tenant's page. */
  const storedSession = async (p: Page): Promise<{ tenantId: string }> => {
    await p.waitForURL((url) => /^\/tenants\/[^/]+$/.test(url.pathname));
    return { tenantId: decodeURIComponent(new URL(p.url()).pathname.split('/')[2] ?? '') };
  };

  /** Finds a tenant in the header's switcher by typing part of its name, and takes the first match with Enter. */
  async function pickTenant(p: Page, typed: string): Promise<void> {
    const switcher = p.getByRole('combobox', { name: 'Empresa', exact: true });
    await switcher.focus();
    await p.keyboard.press('ControlOrMeta+A');
    await p.keyboard.type(typed);
    await p.getByRole('listbox', { name: 'Empresa', exact: true }).getByRole('option').first().waitFor();
    await p.keyboard.press('Enter');
  }

  /** Signs the owner in; she starts in the tenant she joined first (both were added in the same instant), so she switches to the bakery if needed. */
  async function signInOwnerAtBakery(p: Page): Promise<void> {
    await signIn(p, ownerEmail, ownerPassword);
    const switcher = p.getByRole('combobox', { name: 'Empresa', exact: true });
    await switcher.waitFor();
    if ((await storedSession(p)).tenantId !== bakery) {
      await pickTenant(p, 'espiga');
      await p.getByRole('button', { name: 'Cambiar' }).click();
    }
    await p.getByRole('heading', { level: 1, name: 'Panadería La Espiga' }).waitFor();
  }

  it('a person in two tenants finds the other by typing in the header, with the keyboard, and switches to it', async () => {
    await signIn(page, ownerEmail, ownerPassword);
    const switcher = page.getByRole('combobox', { name: 'Empresa', exact: true });
    await switcher.waitFor();
    const before = await storedSession(page);
    expect([bakery, grocer]).toContain(before.tenantId);
    const other = before.tenantId === bakery ? grocer : bakery;
    await page.getByRole('heading', { level: 1, name: names()[before.tenantId] }).waitFor();
    await expect(switcher.inputValue()).resolves.toContain(names()[before.tenantId]);
    // The whole list opens with the arrow key, each tenant with the person's role there.
    await switcher.focus();
    await page.keyboard.press('ArrowDown');
    await expect(switcher.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(page.getByRole('listbox', { name: 'Empresa', exact: true }).getByRole('option').allTextContents()).resolves.toEqual(expect.arrayContaining(['Panadería La Espiga (Dueño)', 'Verdulería El Huerto (Administrador)']));
    await documentScreen(page, 'tenant-switcher');
    await page.keyboard.press('Escape');

    // Typing finds it, without the accents; the count is announced; Enter picks it, and picking alone changes nothing.
    await expect(page.getByRole('button', { name: 'Cambiar' }).isDisabled()).resolves.toBe(true);
    await switcher.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(other === bakery ? 'panaderia' : 'verduleria');
    await expect(page.getByRole('listbox', { name: 'Empresa', exact: true }).getByRole('option').allTextContents()).resolves.toEqual([`${names()[other]} (${other === bakery ? 'Dueño' : 'Administrador'})`]);
    await page.waitForFunction("(document.getElementById('a11y-status-message')?.textContent ?? '').startsWith('1 empresa coincide.')");
    await page.keyboard.press('Enter');
    await expect(switcher.inputValue()).resolves.toContain(names()[other]);
    expect((await storedSession(page)).tenantId).toBe(before.tenantId);
    await page.getByRole('button', { name: 'Cambiar' }).click();
    await page.getByRole('heading', { level: 1, name: names()[other] }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/tenants/${other}`);
    await expect(storedSession(page)).resolves.toMatchObject({ tenantId: other });
    await expect(page.getByRole('combobox', { name: 'Empresa', exact: true }).inputValue()).resolves.toContain(names()[other]);
    // The tenant left behind is closed to this session now.
    await page.goto(`${base}/tenants/${before.tenantId}`);
    await page.getByRole('heading', { level: 1, name: 'No tiene acceso a esta página' }).waitFor();
  });

  it('an owner changes a member role, cannot demote the last owner, and removes a member after confirming', async () => {
    const extra = await t.request({ method: 'POST', url: `/api/v1/tenants/${bakery}/members`, body: { email: 'temporal@espiga.cl', password: 'solo-por-el-verano-2026', role: 'viewer' } });
    expect(extra.status, JSON.stringify(extra.body)).toBe(201);
    await signInOwnerAtBakery(page);
    const members = page.getByRole('region', { name: 'Personas' });
    await members.getByTestId('members').waitFor();

    await members.getByLabel(`Rol de ${agentEmail}`, { exact: true }).selectOption('admin');
    await members.getByRole('button', { name: `Guardar el rol de ${agentEmail}` }).click();
    await members.getByText(`Rol de ${agentEmail} cambiado a Administrador.`).waitFor();
    const list = await t.request({ method: 'GET', url: `/api/v1/tenants/${bakery}/members` });
    expect((list.body.items as Array<{ email: string; role: string }>).find((m) => m.email === agentEmail)?.role).toBe('admin');

    // The only owner cannot step down: the API's 409 is said in words, and the select shows the role kept.
    await members.getByLabel(`Rol de ${ownerEmail}`, { exact: true }).selectOption('viewer');
    await members.getByRole('button', { name: `Guardar el rol de ${ownerEmail}` }).click();
    await expect(members.getByTestId('member-error').textContent()).resolves.toContain('al menos un dueño');
    await expect(members.getByLabel(`Rol de ${ownerEmail}`, { exact: true }).inputValue()).resolves.toBe('owner');
    await documentScreen(page, 'members-last-owner');

    // Cancelling the confirmation keeps the person.
    await members.getByRole('button', { name: 'Quitar a temporal@espiga.cl de la empresa' }).click();
    await expect(answerConfirm(page, 'cancel')).resolves.toContain('temporal@espiga.cl');
    await expect(members.getByTestId('members').textContent()).resolves.toContain('temporal@espiga.cl');
    await members.getByRole('button', { name: 'Quitar a temporal@espiga.cl de la empresa' }).click();
    await answerConfirm(page, 'accept');
    await members.getByText('temporal@espiga.cl ya no es parte de la empresa.').waitFor();
    await expect(members.getByTestId('members').textContent()).resolves.not.toContain('temporal@espiga.cl');
  });

  it('an admin may not touch an owner: the 403 is shown clearly', async () => {
    const agentId = ((await t.request({ method: 'GET', url: `/api/v1/tenants/${bakery}/members` })).body.items as Array<{ email: string; user_id: string }>).find((m) => m.email === agentEmail)!.user_id;
    expect((await t.request({ method: 'PATCH', url: `/api/v1/tenants/${bakery}/members/${agentId}`, body: { role: 'admin' } })).status).toBe(200);
    await signIn(page, agentEmail, agentPassword);
    await page.getByRole('heading', { level: 1, name: 'Panadería La Espiga' }).waitFor();
    const members = page.getByRole('region', { name: 'Personas' });
    await members.getByTestId('members').waitFor();
    await members.getByRole('button', { name: `Quitar a ${ownerEmail} de la empresa` }).click();
    await answerConfirm(page, 'accept');
    await expect(members.getByTestId('member-error').textContent()).resolves.toContain('No tiene permiso');
    await expect(members.getByTestId('members').textContent()).resolves.toContain(ownerEmail);
    // Admins do not see the security log; owners do.
    await expect(page.getByRole('region', { name: 'Registro de seguridad' }).count()).resolves.toBe(0);
  });

  it('the owner sees an invitation in the security log, with the date in Chile and the action in words', async () => {
    await signInOwnerAtBakery(page);
    await page.getByLabel('Correo de la persona').fill('panadero@espiga.cl');
    await page.getByLabel('Rol', { exact: true }).selectOption('agent');
    await page.getByRole('button', { name: 'Enviar invitación' }).click();
    await page.getByText('Invitación enviada a panadero@espiga.cl.').waitFor();
    // The log refreshes by itself after the invitation, no reload.
    const log = page.getByRole('region', { name: 'Registro de seguridad' });
    const table = log.getByTestId('security-events');
    await table.waitFor();
    const row = table.locator('tr', { hasText: 'panadero@espiga.cl' }).first();
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Invitación enviada');
    await expect(row.textContent()).resolves.toContain('Agente');
    await expect(row.textContent()).resolves.toContain(ownerEmail);
    const iso = await row.locator('time').getAttribute('datetime');
    // Chile's time zone, on the 24-hour clock (as the CLI shows times), never «10:52 p. m.».
    const expected = new Intl.DateTimeFormat('es-CL', { timeZone: 'America/Santiago', dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(iso!));
    await expect(row.locator('time').textContent()).resolves.toBe(expected);
    await expect(row.locator('time').textContent()).resolves.not.toMatch(/m\.$/);
    await expect(table.textContent()).resolves.toContain('Inicio de sesión');
    await documentScreen(page, 'security-log');
  });

  it('a platform admin sees the security log too, and the profile says phone verification is for tenant people', async () => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Empresas' }).waitFor();
    await expect(page.getByLabel('Empresa', { exact: true }).count()).resolves.toBe(0);
    await page.goto(`${base}/tenants/${bakery}`);
    await page.getByRole('region', { name: 'Registro de seguridad' }).getByTestId('security-events').waitFor();
    await page.getByRole('link', { name: 'Mi perfil' }).click();
    await page.getByTestId('sessions').waitFor();
    await expect(page.getByLabel('Número de teléfono').count()).resolves.toBe(0);
  });

  it('a tenant person sees their sessions on the profile, verifies their phone with the code sent, and signs out everywhere', async () => {
    // Another session elsewhere.
    const other = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email: agentEmail, password: agentPassword }, token: null });
    expect(other.status).toBe(200);
    await signIn(page, agentEmail, agentPassword);
    await page.getByRole('heading', { level: 1, name: 'Panadería La Espiga' }).waitFor();
    await page.getByRole('link', { name: 'Mi perfil' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mi perfil' }).waitFor();
    const sessions = page.getByTestId('sessions');
    await sessions.waitFor();
    await expect(sessions.locator('li').count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(sessions.locator('li[aria-current="true"]').count()).resolves.toBe(1);
    await expect(sessions.locator('li[aria-current="true"]').textContent()).resolves.toContain('Esta sesión');

    // A wrong number is refused beside the field.
    await page.getByLabel('Número de teléfono').fill('12');
    await page.getByRole('button', { name: 'Enviar código' }).click();
    await expect(page.locator('#profile-phone-error').textContent()).resolves.toContain('teléfono válido');

    const phone = '+56987654321';
    await page.getByLabel('Número de teléfono').fill('9 8765 4321');
    await page.getByRole('button', { name: 'Enviar código' }).click();
    await page.getByLabel('Código de 6 dígitos').waitFor();
    expect(await t.server.services.relay.relayOnce()).toBeGreaterThan(0);
    const dir = join(t.config.dataDir, 'outbox-mail');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.includes(phone)).sort() : [];
    expect(files.length, `no message to ${phone}`).toBeGreaterThan(0);
    const text = readFileSync(join(dir, files.at(-1)!), 'utf8');
    const code = /Su código SmarterOS es (\d{6})/.exec(text)?.[1];
    expect(code, text).toBeDefined();

    // A wrong code: the API's answer beside the code field.
    await page.getByLabel('Código de 6 dígitos').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verificar', exact: true }).click();
    await expect(page.locator('#profile-code-error').textContent()).resolves.toContain('intentos');
    await documentScreen(page, 'profile-phone-wrong-code');

    await page.getByLabel('Código de 6 dígitos').fill(code!);
    await page.getByRole('button', { name: 'Verificar', exact: true }).click();
    await page.getByText(`Teléfono ${phone} verificado.`).waitFor();
    await documentScreen(page, 'profile');

    await page.getByRole('button', { name: 'Cerrar sesión en todos los dispositivos' }).click();
    await answerConfirm(page, 'accept');
    await page.waitForURL(/\/login/);
    await page.getByRole('button', { name: 'Ingresar' }).waitFor();
    // The other device's refresh token no longer works.
    const refresh = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refresh_token: other.body.refresh_token }, token: null });
    expect(refresh.status).toBe(401);
  });
});
