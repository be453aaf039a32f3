import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rutFromBody } from '@smarteros/kernel';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer } from '../support/test-server.ts';
import { answerConfirm, documentScreen, pagePerTest, signIn, startConsole } from './support.ts';

/** Issue 9 §5, "People": sessions shared by the tabs of a browser, passwords, closing one session, the security log. */
describe('web console: people, sessions and passwords', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let base: string;
  let tenantId = '';
  const owner = { email: 'rosa@almacen.cl', password: 'almacen-de-barrio-2026', name: 'Rosa Pérez' };
  const clerk = { email: 'cajero@almacen.cl', password: 'caja-registradora-vieja' };
  const reader = { email: 'contadora@almacen.cl', password: 'libro-mayor-y-balance' };

  beforeAll(async () => {
    // No background relay: the test delivers messages itself with relayOnce(), so it knows when they are written.
    ({ t, base, browser } = await startConsole({ SMARTEROS_OUTBOX_POLL_MS: '0' }));
    const res = await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_600_001), business_name: 'Almacén Don Rosa', contact_email: 'hola@almacen.cl', products: [] } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    tenantId = String(res.body.id);
    for (const [who, role, name] of [
      [owner, 'owner', owner.name],
      [clerk, 'agent', undefined],
      [reader, 'viewer', undefined],
    ] as const) {
      const m = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantId}/members`, body: { email: who.email, password: who.password, role, ...(name ? { display_name: name } : {}) } });
      expect(m.status, JSON.stringify(m.body)).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  pagePerTest(() => browser, (p) => {
    page = p;
  });

  /** The newest message the file transport wrote to an address. */
  function lastMessageTo(to: string): string {
    const dir = join(t.config.dataDir, 'outbox-mail');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.includes(to)).sort() : [];
    expect(files.length, `no message to ${to}`).toBeGreaterThan(0);
    return readFileSync(join(dir, files.at(-1)!), 'utf8');
  }

  /** A session on another device: the CLI (its sessions are labelled «SmarterOS CLI»). */
  const apiLogin = async (email: string, password: string) => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email, password }, token: null, headers: { 'user-agent': 'smarteros-cli/0.1.0' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { access: String(res.body.access_token), refresh: String(res.body.refresh_token) };
  };

  it('two tabs of one browser share the session: the second opens signed in, one refresh serves both, and signing out in one ends the other', async () => {
    await signIn(page, base, clerk.email, clerk.password);
    await page.getByRole('heading', { level: 1, name: 'Almacén Don Rosa' }).waitFor();
    // Nothing of the session in Web Storage: the refresh token is an HttpOnly cookie, the access token in memory.
    await expect(page.evaluate<string>('JSON.stringify({ ...sessionStorage, ...localStorage })')).resolves.not.toMatch(/token|eyJ/i);
    await expect(page.context().cookies()).resolves.toEqual([expect.objectContaining({ name: 'smarteros_refresh', httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' })]);

    const second = await page.context().newPage();
    second.setDefaultTimeout(10_000);
    await second.goto(`${base}/profile`);
    await second.getByRole('heading', { level: 1, name: 'Mi perfil' }).waitFor();
    expect(new URL(second.url()).pathname).toBe('/profile');
    await expect(second.getByTestId('me').textContent()).resolves.toContain(clerk.email);

    // Both access tokens expire on the server's clock: the first tab's call refreshes, and the second tab uses the
    // token that refresh got instead of trading the cookie again.
    const refreshes: string[] = [];
    page.context().on('request', (req) => {
      if (new URL(req.url()).pathname === '/api/v1/auth/refresh') refreshes.push(req.url());
    });
    t.clock.advance((t.config.jwt.ttlSeconds + 60) * 1000);
    await page.getByRole('link', { name: 'Mi perfil' }).click();
    await page.getByTestId('sessions').waitFor();
    expect(refreshes).toHaveLength(1);
    await second.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Mi empresa' }).click();
    await second.getByRole('heading', { level: 1, name: 'Almacén Don Rosa' }).waitFor();
    expect(refreshes).toHaveLength(1);
    await documentScreen(second, 'second-tab-signed-in');

    // Signing out in the first tab signs the second one out too, and a tab opened afterwards asks to sign in.
    await page.getByRole('button', { name: 'Cerrar sesión', exact: true }).click();
    await page.waitForURL(/\/login/);
    await second.waitForURL(/\/login/);
    await expect(second.getByRole('status').first().textContent()).resolves.toContain('otra pestaña');
    const third = await page.context().newPage();
    await third.goto(`${base}/tenants/${tenantId}`);
    await third.waitForURL(/\/login/);
    await third.getByRole('button', { name: 'Ingresar' }).waitFor();
  });

  it('the profile shows who is signed in, changes the password (saying how many other sessions ended), and the new password signs in', async () => {
    const elsewhere = await apiLogin(reader.email, reader.password);
    await signIn(page, base, reader.email, reader.password);
    await page.getByRole('link', { name: 'Mi perfil' }).click();
    const me = page.getByTestId('me');
    await me.waitFor();
    await expect(me.textContent()).resolves.toContain(reader.email);
    await expect(me.textContent()).resolves.toContain('Solo lectura');

    const form = page.getByRole('form', { name: 'Cambiar la contraseña' });
    const newPassword = 'balance-general-cuadrado';
    // Checked before sending, each message naming its field.
    await form.getByLabel('Contraseña nueva', { exact: true }).fill('corta');
    await form.getByRole('button', { name: 'Cambiar contraseña' }).click();
    await expect(page.locator('#password-current-error').textContent()).resolves.toBe('Escriba su contraseña actual.');
    await expect(page.locator('#password-new-error').textContent()).resolves.toBe('La contraseña nueva debe tener al menos 12 caracteres.');
    await form.getByLabel('Contraseña actual').fill('no-es-la-contrasena');
    await form.getByLabel('Contraseña nueva', { exact: true }).fill(newPassword);
    await form.getByLabel('Repita la contraseña nueva').fill('otra-distinta-de-esa');
    await form.getByRole('button', { name: 'Cambiar contraseña' }).click();
    await expect(page.locator('#password-repeat-error').textContent()).resolves.toBe('La repetición no coincide con la contraseña nueva.');
    // A wrong current password: the server's 401 beside that field.
    await form.getByLabel('Repita la contraseña nueva').fill(newPassword);
    await form.getByRole('button', { name: 'Cambiar contraseña' }).click();
    await expect(page.locator('#password-current-error').textContent()).resolves.toBe('La contraseña actual no es correcta.');

    await form.getByLabel('Contraseña actual').fill(reader.password);
    await form.getByRole('button', { name: 'Cambiar contraseña' }).click();
    await expect(page.getByTestId('password-changed').textContent()).resolves.toBe('Contraseña cambiada. Se cerró 1 otra sesión.');
    await documentScreen(page, 'profile-password-changed');
    // The other device's session ended; this one goes on.
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refresh_token: elsewhere.refresh }, token: null })).status).toBe(401);
    // The list refetches after the change: wait for the ended session's row to leave, then count.
    await page.getByTestId('sessions').locator('li').nth(1).waitFor({ state: 'detached' });
    await expect(page.getByTestId('sessions').locator('li').count()).resolves.toBe(1);

    await page.getByRole('button', { name: 'Cerrar sesión', exact: true }).click();
    await page.waitForURL(/\/login/);
    await page.getByLabel('Correo electrónico').fill(reader.email);
    await page.getByLabel('Contraseña').fill(reader.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('no son correctos');
    await signIn(page, base, reader.email, newPassword);
    await page.getByRole('heading', { level: 1, name: 'Almacén Don Rosa' }).waitFor();
    reader.password = newPassword;
  });

  it('a forgotten password is reset from the e-mailed link: the token only in the fragment, taken out of the address bar', async () => {
    const urls: string[] = [];
    page.on('request', (req) => urls.push(req.url()));
    await page.goto(`${base}/login`);
    await page.getByRole('link', { name: '¿Olvidó su contraseña?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Restablecer la contraseña' }).waitFor();
    await page.getByLabel('Correo electrónico').fill(clerk.email);
    await page.getByRole('button', { name: 'Enviar enlace' }).click();
    const neutral = await page.getByTestId('forgot-sent').textContent();
    expect(neutral).toContain('Si hay una cuenta con ese correo');
    // An address without an account gets the very same answer.
    await page.goto(`${base}/password/forgot`);
    await page.getByLabel('Correo electrónico').fill('nadie@almacen.cl');
    await page.getByRole('button', { name: 'Enviar enlace' }).click();
    await expect(page.getByTestId('forgot-sent').textContent()).resolves.toBe(neutral);

    expect(await t.server.services.relay.relayOnce()).toBeGreaterThan(0);
    const text = lastMessageTo(clerk.email);
    const link = /(\S*\/password\/reset)#(pwr_[A-Za-z0-9_-]+)/.exec(text);
    expect(link, text).not.toBeNull();
    const token = link![2]!;
    await page.goto(`${base}/password/reset#${token}`);
    await page.getByRole('heading', { level: 1, name: 'Elegir una contraseña nueva' }).waitFor();
    await page.waitForURL((url) => url.hash === '' && url.pathname === '/password/reset');

    const newPassword = 'caja-registradora-nueva';
    await page.getByLabel('Contraseña nueva', { exact: true }).fill(newPassword);
    await page.getByLabel('Repita la contraseña nueva').fill('caja-registradora-otra');
    await page.getByRole('button', { name: 'Guardar contraseña' }).click();
    await expect(page.locator('#reset-repeat-error').textContent()).resolves.toBe('La repetición no coincide con la contraseña nueva.');
    await page.getByLabel('Repita la contraseña nueva').fill(newPassword);
    await page.getByRole('button', { name: 'Guardar contraseña' }).click();
    await page.waitForURL(/\/login/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Su contraseña cambió');
    await signIn(page, base, clerk.email, newPassword);
    await page.getByRole('heading', { level: 1, name: 'Almacén Don Rosa' }).waitFor();
    clerk.password = newPassword;
    // The token never travelled in a URL.
    expect(urls.filter((u) => u.includes(token))).toEqual([]);

    // The link works once.
    const other = await openFresh();
    await other.goto(`${base}/password/reset#${token}`);
    await other.getByLabel('Contraseña nueva', { exact: true }).fill('una-tercera-contrasena');
    await other.getByLabel('Repita la contraseña nueva').fill('una-tercera-contrasena');
    await other.getByRole('button', { name: 'Guardar contraseña' }).click();
    await expect(other.getByRole('alert').textContent()).resolves.toContain('no es válido, ya se usó o venció');
    await other.context().close();
  });

  /** A page of its own browser (a context without this one's cookie). */
  async function openFresh(): Promise<Page> {
    const context = await browser.newContext({ locale: 'es-CL', timezoneId: 'America/Santiago' });
    const p = await context.newPage();
    p.setDefaultTimeout(10_000);
    return p;
  }

  it('a session closed from the profile stops working', async () => {
    const elsewhere = await apiLogin(clerk.email, clerk.password);
    await signIn(page, base, clerk.email, clerk.password);
    await page.getByRole('link', { name: 'Mi perfil' }).click();
    const sessions = page.getByTestId('sessions');
    await sessions.waitFor();
    await expect(sessions.locator('li').count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(sessions.locator('li[aria-current="true"]').textContent()).resolves.toContain('Esta sesión');
    const count = await sessions.locator('li').count();
    // The device in words, not the raw user agent.
    const otherRow = sessions.locator('li:not([aria-current])', { hasText: 'SmarterOS CLI' });
    await expect(otherRow.count()).resolves.toBe(1);
    await otherRow.getByRole('button', { name: /^Cerrar la sesión de SmarterOS CLI/ }).click();
    await expect(answerConfirm(page, 'accept')).resolves.toContain('¿Cerrar la sesión de SmarterOS CLI?');
    await page.getByText('Sesión de SmarterOS CLI cerrada.').waitFor();
    await expect(sessions.locator('li').count()).resolves.toBe(count - 1);
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refresh_token: elsewhere.refresh }, token: null })).status).toBe(401);
    // This tab's session goes on.
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Mi empresa' }).click();
    await page.getByRole('heading', { level: 1, name: 'Almacén Don Rosa' }).waitFor();
  });

  it('the security log names the person, says why an invitation was revoked, and loads more', async () => {
    // More sign-ins than one page of the log holds.
    for (let i = 0; i < 55; i++) await apiLogin(owner.email, owner.password);
    await signIn(page, base, owner.email, owner.password);
    await page.getByRole('heading', { level: 1, name: 'Almacén Don Rosa' }).waitFor();

    // Inviting an address twice: only the newest invitation is listed, and the console says the older link stopped.
    const members = page.getByRole('region', { name: 'Personas' });
    for (const round of [1, 2]) {
      await members.getByLabel('Correo de la persona').fill('reponedor@almacen.cl');
      await members.getByRole('button', { name: 'Enviar invitación' }).click();
      await members.getByText(round === 1 ? 'Invitación enviada a reponedor@almacen.cl.' : /El enlace anterior dejó de funcionar/).waitFor();
    }
    await expect(members.getByTestId('invitations').locator('li', { hasText: 'reponedor@almacen.cl' }).count()).resolves.toBe(1);

    const log = page.getByRole('region', { name: 'Registro de seguridad' });
    const table = log.getByTestId('security-events');
    const revoked = table.locator('tr', { hasText: 'Invitación revocada' }).first();
    await revoked.waitFor();
    await expect(revoked.textContent()).resolves.toContain('reponedor@almacen.cl');
    await expect(revoked.textContent()).resolves.toContain('reemplazada por una invitación nueva');
    await expect(revoked.locator('td').nth(2).textContent()).resolves.toContain(owner.name);
    await expect(table.textContent()).resolves.not.toContain('user:');
    await expect(log.getByTestId('security-count').textContent()).resolves.toBe('50 eventos mostrados');
    await documentScreen(page, 'security-log-people');

    await log.getByRole('button', { name: 'Cargar más' }).click();
    // The count changes once the next page is in (the button is replaced while it loads, so its absence says nothing).
    await log.getByTestId('security-count').filter({ hasNotText: /^50 eventos/ }).waitFor();
    await log.getByRole('button', { name: 'Cargar más' }).waitFor({ state: 'detached' });
    const shown = Number(/\d+/.exec((await log.getByTestId('security-count').textContent()) ?? '')?.[0]);
    expect(shown).toBeGreaterThan(50);
    await expect(table.locator('tbody tr').count()).resolves.toBe(shown);
    const all = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantId}/security-events?limit=200` });
    expect(shown).toBe((all.body.items as unknown[]).length);
  });
});
