import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rutFromBody } from '@smarteros/kernel';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.ts';
import { ensureWidgetBuilt } from '../support/widget.ts';
import { addMember, createTenant, documentScreen, pagePerTest, signIn, startConsole } from './support.ts';

/**
 * The web widget in the real browser: a tenant's page on an allowed origin loads /widget.js from the server, a visitor
 * writes with the keyboard, an agent sees the message arrive in the console's inbox and answers there, and the visitor
 * sees the answer live; the same page on an origin the inbox does not allow gets no widget (the server refuses it).
 */
describe('web widget: a visitor and an agent', () => {
  let t: TestServer;
  let browser: Browser;
  let base: string;
  let page: Page;
  let site: Server;
  let sitePort = 0;
  let tenantId = '';
  let inboxId = '';
  const agent = { email: 'atencion@panaderia.cl', password: 'marraquetas-calientes-7' };

  /** The tenant's own site: one page with the pasted snippet, in the page's language. */
  const sitePage = (lang: string) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Panadería Las Delicias</title></head>
<body><h1>Panadería Las Delicias</h1><p>Pan amasado todos los días.</p>
<script src="${base}/widget.js" data-inbox="${inboxId}" async></script></body></html>`;

  beforeAll(async () => {
    ensureWidgetBuilt();
    ({ t, base, browser } = await startConsole());
    site = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(sitePage(req.url?.startsWith('/en') ? 'en' : 'es-CL'));
    });
    await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
    sitePort = (site.address() as AddressInfo).port;
    tenantId = await createTenant(t, { rut: rutFromBody(76_600_451), business_name: 'Panadería Las Delicias SpA', contact_email: 'hola@delicias.cl', products: ['chat'] });
    const made = await t.request({ method: 'POST', url: `/api/v1/chat/inboxes?tenant_id=${tenantId}`, body: { channel_type: 'web', name: 'Sitio web', config: { allowed_origins: [`http://127.0.0.1:${sitePort}`] } } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    inboxId = String(made.body.id);
    await addMember(t, tenantId, agent.email, agent.password, 'agent');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await new Promise<void>((done) => (site ? site.close(() => done()) : done()));
  });

  pagePerTest(() => browser, (p) => {
    page = p;
  });
  /** What has the focus inside the widget (its shadow root): the text box's id, or the launcher's class. */
  const focused = () => page.evaluate<string>("(() => { const a = document.querySelector('[data-smarteros-chat]').shadowRoot.activeElement; return a ? a.id || a.className : ''; })()");

  it('a visitor writes from an allowed site, the agent answers in the console, the visitor sees it live', async () => {
    await page.goto(`http://127.0.0.1:${sitePort}/`);
    const launcher = page.getByRole('button', { name: 'Abrir chat' });
    await launcher.waitFor();
    // Keyboard: the launcher opens the panel and puts the focus in the text box.
    await launcher.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Chat con nosotros' });
    await dialog.waitFor();
    await expect(dialog.getByText('Hola, ¿en qué podemos ayudarle?').count()).resolves.toBe(1);
    const box = page.getByRole('textbox', { name: 'Escriba su mensaje' });
    await expect(focused()).resolves.toBe('smarteros-chat-input');
    await page.keyboard.type('Hola, ¿tienen pan amasado a las 8:00?');
    await page.keyboard.press('Enter');
    await expect(box.inputValue()).resolves.toBe('');
    await dialog.getByRole('log').getByText('Hola, ¿tienen pan amasado a las 8:00?').waitFor();
    await documentScreen(page, 'widget-visitor');

    // The agent, in the console: the web conversation is in the inbox with the visitor's message.
    const agentPage = await (await browser.newContext({ locale: 'es-CL', timezoneId: 'America/Santiago' })).newPage();
    agentPage.setDefaultTimeout(10_000);
    await signIn(agentPage, base, agent.email, agent.password);
    await agentPage.goto(`${base}/tenants/${tenantId}/chat`);
    await agentPage.getByTestId('conversation').first().click();
    await agentPage.getByTestId('message').filter({ hasText: 'pan amasado a las 8:00' }).waitFor();
    await agentPage.locator('#chat-reply').fill('Sí, desde las 7:30. ¡Le esperamos!');
    await agentPage.keyboard.press('Enter');
    await agentPage.locator('[data-kind="out"]').waitFor();

    // The visitor sees the answer without reloading.
    await dialog.getByRole('log').getByText('Sí, desde las 7:30. ¡Le esperamos!').waitFor();
    // Escape closes the panel and gives the focus back to the launcher.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect(focused()).resolves.toBe('launch');

    // A reload resumes the same visitor with its conversation.
    await page.reload();
    await page.getByRole('button', { name: 'Abrir chat' }).click();
    await dialog.getByRole('log').getByText('Sí, desde las 7:30. ¡Le esperamos!').waitFor();
    await agentPage.context().close();
  });

  it('speaks English on an English page', async () => {
    await page.goto(`http://127.0.0.1:${sitePort}/en`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('dialog', { name: 'Chat with us' }).waitFor();
    await page.getByRole('textbox', { name: 'Type your message' }).waitFor();
  });

  it('gives no widget to a site the inbox does not allow: the server refuses its origin', async () => {
    // The browser sends the preflight with the page's Origin; the server answers 403 without CORS headers, so the
    // request fails in the page and the widget stays out.
    const failed = page.waitForEvent('requestfailed', (r) => r.url().endsWith(`/api/v1/chat/web/${inboxId}/session`));
    const warned = page.waitForEvent('console', (m) => m.text().includes('SmarterOS chat: this site is not allowed'));
    // The same page, served from another origin (localhost is not 127.0.0.1 to a browser).
    await page.goto(`http://localhost:${sitePort}/`);
    await failed;
    await warned;
    // What the server answers that origin (the browser hides it from the page).
    const direct = await fetch(`${base}/api/v1/chat/web/${inboxId}/session`, { method: 'OPTIONS', headers: { origin: `http://localhost:${sitePort}`, 'access-control-request-method': 'POST' } });
    expect(direct.status).toBe(403);
    expect(direct.headers.get('access-control-allow-origin')).toBeNull();
    await page.waitForLoadState('networkidle');
    await expect(page.locator('[data-smarteros-chat]').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Abrir chat' }).count()).resolves.toBe(0);
  });
});
