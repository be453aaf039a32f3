import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rutFromBody } from '@smarteros/kernel';
import { hubSignature } from '@smarteros/modules/chat';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWhatsAppGraph, type WhatsAppGraphFake } from '../fakes/whatsapp-graph.ts';
import { drainOutbox } from '../support/chat.ts';
import type { TestServer } from '../support/test-server.ts';
import { createTenant, documentScreen, pagePerTest, signIn as signInAt, startConsole } from './support.ts';

/**
 * The inbox in the console: an agent answers a WhatsApp customer live (the message arrives without a reload, the reply
 * goes out through the outbox to the Graph API's fake, its ticks move to sent and then read), resolves the conversation,
 * cannot open the channel settings an owner uses; and the page fits a phone.
 */
describe('web console: the chat inbox', () => {
  let t: TestServer;
  let graph: WhatsAppGraphFake;
  let browser: Browser;
  let page: Page;
  let base: string;
  let tenantId = '';
  const INBOX = { phone: '104900000000321', appSecret: 'app-secret-ferreteria-321', access: 'EAAG-ferreteria-access-321', verify: 'verify-ferreteria-321' };
  const CUSTOMER = '56955554444';
  const owner = { email: 'duena@ferreteria.cl', password: 'martillo-y-clavos-finos' };
  const agent = { email: 'vendedora@ferreteria.cl', password: 'tornillos-de-media-pulgada' };
  let seq = 0;

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

  /** What the server's relay loop does: the outbox's events to these subscribers until none is left. */
  const drain = (...subscribers: string[]) => drainOutbox(t.server.services.relay, ...subscribers);

  /** Meta posts a signed webhook (messages or statuses) for the inbox's number; the server ingests it. */
  async function webhook(value: Record<string, unknown>): Promise<void> {
    const raw = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: INBOX.phone }, ...value } }] }] });
    const res = await t.request({ method: 'POST', url: '/webhooks/whatsapp', token: null, body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(raw, INBOX.appSecret) } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await drain('chat.ingest');
  }
  const now = () => String(Math.floor(t.clock.now().getTime() / 1000));
  const customerWrites = (text: string) => {
    seq += 1;
    return webhook({ contacts: [{ profile: { name: 'Rosa Pérez' }, wa_id: CUSTOMER }], messages: [{ from: CUSTOMER, id: `wamid.IN${seq}`, timestamp: now(), type: 'text', text: { body: text } }] });
  };

  beforeAll(async () => {
    graph = await startWhatsAppGraph();
    graph.tokens.set(INBOX.phone, INBOX.access);
    ({ t, base, browser } = await startConsole({ SMARTEROS_OUTBOX_POLL_MS: '0', SMARTEROS_WHATSAPP_API_URL: graph.url, SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8' }));
    tenantId = await createTenant(t, { rut: rutFromBody(76_600_321), business_name: 'Ferretería El Perno SpA', contact_email: 'hola@perno.cl', products: ['chat'] });
    const made = await t.request({
      method: 'POST',
      url: `/api/v1/chat/inboxes?tenant_id=${tenantId}`,
      body: { channel_type: 'whatsapp', name: 'WhatsApp ventas', config: { phone_number_id: INBOX.phone, access_token: INBOX.access, app_secret: INBOX.appSecret, verify_token: INBOX.verify } },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await member(owner.email, owner.password, 'owner');
    await member(agent.email, agent.password, 'agent');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await graph?.close();
  });

  const { openContext } = pagePerTest(() => browser, (p) => {
    page = p;
  });
  /** The browser's clock reads the test server's (WhatsApp's 24-hour window is counted on it). */
  const signIn = async (p: Page, who: { email: string; password: string }): Promise<void> => {
    await p.clock.setFixedTime(t.clock.now());
    await signInAt(p, base, who.email, who.password);
  };
  const conversations = () => page.getByTestId('conversation');
  const ticks = () => page.locator('[data-kind="out"] [data-testid="ticks"]').last();

  it('an agent sees a customer message arrive live, answers it with the keyboard, follows its ticks to read and resolves it', async () => {
    await signIn(page, agent);
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Chat' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conversaciones' }).waitFor();
    await page.getByTestId('chat-empty').waitFor();
    // An agent sets up no channels: no link to them.
    await expect(page.getByRole('link', { name: 'Canales' }).count()).resolves.toBe(0);

    // The customer writes: the conversation appears without a reload, with its unread count.
    await customerWrites('Hola, ¿tienen taladros percutores?');
    await conversations().first().waitFor();
    await expect(conversations().first().textContent()).resolves.toContain('Rosa Pérez');
    await expect(page.getByTestId('unread').first().textContent()).resolves.toContain('1 mensaje sin leer');

    // Keyboard: to the conversation, Enter opens it; the reply box takes the focus, and it is marked read.
    await conversations().first().focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('conversation-title').waitFor();
    await expect(page.getByTestId('message').first().textContent()).resolves.toContain('taladros percutores');
    await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe('chat-reply');
    await page.getByTestId('unread').waitFor({ state: 'detached' });
    await expect.poll(async () => ((await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenantId}` })).body.items as Array<{ unread_count: number }>)[0]?.unread_count).toBe(0);

    // A second message arrives in the open conversation, at the bottom.
    await customerWrites('Para concreto, ojalá');
    await page.locator('[data-kind="in"]').nth(1).waitFor();
    await expect(page.getByTestId('message').last().textContent()).resolves.toContain('Para concreto');

    // Shift+Enter breaks the line; Enter sends. The reply waits (a clock) until the outbox sends it.
    await page.keyboard.type('Sí, tenemos dos modelos.');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('¿Le envío precios?');
    await page.keyboard.press('Enter');
    await page.locator('[data-kind="out"]').waitFor();
    await expect(page.locator('#chat-reply').inputValue()).resolves.toBe('');
    await expect(page.locator('[data-kind="out"] .msg-text').textContent()).resolves.toBe('Sí, tenemos dos modelos.\n¿Le envío precios?');
    await expect(ticks().getAttribute('data-status')).resolves.toBe('pending');

    await drain('chat.whatsapp_sender');
    expect(graph.sent.at(-1)?.body).toMatchObject({ to: CUSTOMER, text: { body: 'Sí, tenemos dos modelos.\n¿Le envío precios?' } });
    await page.locator('[data-kind="out"] [data-status="sent"]').waitFor();
    await expect(ticks().textContent()).resolves.toContain('Enviado');

    // Meta says the customer read it: ✓✓ in colour, without a reload.
    const wamid = graph.sent.at(-1)!.wamid;
    await webhook({ statuses: [{ id: wamid, status: 'read', timestamp: now(), recipient_id: CUSTOMER }] });
    await page.locator('[data-kind="out"] [data-status="read"]').waitFor();
    await expect(ticks().textContent()).resolves.toContain('Leído');

    // Meta refuses the next one: the failure is said in words beside it.
    graph.failNext.push(131026);
    await page.locator('#chat-reply').fill('¿Sigue ahí?');
    await page.keyboard.press('Enter');
    await page.locator('[data-kind="out"]').nth(1).waitFor();
    await drain('chat.whatsapp_sender');
    await page.locator('[data-kind="out"] [data-status="failed"]').waitFor();
    await expect(page.getByTestId('message-error').textContent()).resolves.toContain('WhatsApp no pudo entregarlo');

    // A private note stays with the team, styled apart.
    await page.getByRole('switch', { name: 'Nota privada' }).check();
    await page.locator('#chat-reply').fill('Cliente frecuente: ofrecer despacho gratis');
    await page.keyboard.press('Enter');
    await page.locator('[data-kind="note"]').waitFor();
    expect(graph.sent.map((s) => (s.body.text as { body: string }).body)).not.toContain('Cliente frecuente: ofrecer despacho gratis');
    await documentScreen(page, 'chat-conversation');

    // Assign to me, then resolve; the open list lets it go.
    await page.getByRole('button', { name: 'Asignarme' }).click();
    await expect(page.getByTestId('chat-notice').textContent()).resolves.toContain('asignada a usted');
    await page.getByRole('button', { name: 'Resolver' }).click();
    await expect(page.getByTestId('chat-notice').textContent()).resolves.toContain('Conversación resuelta');
    await expect(page.getByTestId('conversation-status').textContent()).resolves.toBe('Resuelta');
    await page.getByTestId('chat-empty').waitFor();
    await page.getByLabel('Estado').selectOption('resolved');
    await conversations().first().waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('resolved');
    await page.getByRole('button', { name: 'Reabrir' }).waitFor();
  });

  it('an agent labels a conversation, answers with a canned reply by /shortcut, filters and searches in the URL, edits the contact, snoozes it and sees it wake', async () => {
    // The owner's setup (admins manage labels and canned replies; agents use them).
    for (const [url, body] of [
      ['labels', { name: 'Mayorista', color: '#2563eb' }],
      ['canned-responses', { short_code: 'hola', content: 'Hola, gracias por escribirnos.' }],
      ['canned-responses', { short_code: 'horario', content: 'Atendemos de lunes a viernes de 9:00 a 18:00.' }],
    ] as const) {
      const made = await t.request({ method: 'POST', url: `/api/v1/chat/${url}?tenant_id=${tenantId}`, body });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
    await signIn(page, agent);
    await page.goto(`${base}/tenants/${tenantId}/chat`);
    await page.getByRole('heading', { level: 1, name: 'Conversaciones' }).waitFor();
    seq += 1;
    await webhook({ contacts: [{ profile: { name: 'Tomás Díaz' }, wa_id: '56955550000' }], messages: [{ from: '56955550000', id: `wamid.IN${seq}`, timestamp: now(), type: 'text', text: { body: '¿Venden al por mayor?' } }] });
    await conversations().filter({ hasText: 'Tomás Díaz' }).click();
    await page.getByTestId('conversation-title').filter({ hasText: 'Tomás Díaz' }).waitFor();

    // A label, put on from the keyboard's select; the row in the list shows it too.
    await page.getByTestId('label-add').selectOption({ label: 'Mayorista' });
    await page.getByTestId('label').filter({ hasText: 'Mayorista' }).waitFor();
    await conversations().filter({ hasText: 'Mayorista' }).waitFor();
    const listed = async () => ((await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenantId}&label=mayorista` })).body.items as Array<{ contact: { name: string } }>).map((c) => c.contact.name);
    // The label may show before the server has answered (optimistic): poll the server.
    await expect.poll(listed).toEqual(['Tomás Díaz']);

    // «/ho» offers the two canned replies; ↓ and Enter insert the second; Enter sends it.
    await page.locator('#chat-reply').focus();
    await page.keyboard.type('/ho');
    // The suggestions come from the server: poll until they are shown.
    await expect.poll(() => page.getByTestId('canned-option').allTextContents()).toEqual([expect.stringContaining('/hola'), expect.stringContaining('/horario')]);
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('#chat-reply').getAttribute('aria-activedescendant')).resolves.toBe('chat-canned-1');
    await page.keyboard.press('Enter');
    await expect(page.locator('#chat-reply').inputValue()).resolves.toBe('Atendemos de lunes a viernes de 9:00 a 18:00.');
    await expect(page.getByTestId('canned-menu').count()).resolves.toBe(0);
    await page.keyboard.press('Enter');
    await page.locator('[data-kind="out"] .msg-text').filter({ hasText: 'Atendemos de lunes a viernes' }).waitFor();

    // Filters and the search live in the URL.
    await page.getByLabel('Etiqueta', { exact: true }).selectOption('Mayorista');
    await expect.poll(() => new URL(page.url()).searchParams.get('label')).toBe('Mayorista');
    await expect.poll(() => conversations().allTextContents()).toEqual([expect.stringContaining('Tomás Díaz')]);
    await page.getByLabel('Etiqueta', { exact: true }).selectOption('');
    await page.getByRole('searchbox', { name: 'Buscar conversaciones' }).fill('por mayor');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('por mayor');
    await expect.poll(() => conversations().allTextContents()).toEqual([expect.stringContaining('Tomás Díaz')]);
    await page.getByRole('searchbox', { name: 'Buscar conversaciones' }).fill('rosa perez');
    await page.keyboard.press('Enter');
    await page.getByTestId('chat-empty').waitFor();
    await page.getByRole('searchbox', { name: 'Buscar conversaciones' }).fill('');
    await page.keyboard.press('Enter');
    await conversations().first().waitFor();

    // The contact panel: the phone, the RUT checked by its digit, earlier conversations.
    await page.getByTestId('contact-toggle').click();
    const panel = page.getByTestId('contact-panel');
    await expect.poll(() => panel.textContent()).toContain('+56955550000');
    await panel.getByRole('button', { name: 'Editar contacto' }).click();
    await page.getByLabel('RUT', { exact: true }).fill('12.345.678-9');
    await panel.getByRole('button', { name: 'Guardar' }).click();
    await expect(page.locator('#contact-rut-error').textContent()).resolves.toContain('dígito verificador');
    await page.getByLabel('RUT', { exact: true }).fill('');
    await page.getByLabel('RUT', { exact: true }).pressSequentially('123456785');
    await expect(page.getByLabel('RUT', { exact: true }).inputValue()).resolves.toBe('12.345.678-5');
    await panel.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => panel.getByTestId('contact-rut').textContent()).toBe('12.345.678-5');
    await expect(panel.getByTestId('contact-conversations').textContent()).resolves.toContain('Esta conversación');

    // Snoozed for an hour; the customer writes and it is open again, live.
    await page.getByTestId('snooze').selectOption('1');
    await expect(page.getByTestId('chat-notice').textContent()).resolves.toContain('Conversación pospuesta');
    await expect.poll(() => page.getByTestId('conversation-status').textContent()).toBe('Pospuesta');
    seq += 1;
    await webhook({ contacts: [{ profile: { name: 'Tomás Díaz' }, wa_id: '56955550000' }], messages: [{ from: '56955550000', id: `wamid.IN${seq}`, timestamp: now(), type: 'text', text: { body: 'Gracias, ¿y los sábados?' } }] });
    await expect.poll(() => page.getByTestId('conversation-status').textContent()).toBe('Abierta');

    // The label comes off.
    await page.getByRole('button', { name: 'Quitar la etiqueta Mayorista' }).click();
    await page.getByTestId('label').waitFor({ state: 'detached' });
    await expect.poll(listed).toEqual([]);
    await documentScreen(page, 'chat-inbox-ops');
  });

  it('says the 24-hour window is closed instead of offering the reply box', async () => {
    // A day and more after the customer's last message (the browser's clock follows the server's).
    t.clock.advance(25 * 3_600_000);
    await signIn(page, agent);
    await page.goto(`${base}/tenants/${tenantId}/chat?status=all`);
    await conversations().first().click();
    await expect(page.getByTestId('window-closed').textContent()).resolves.toContain('solo con una plantilla aprobada');
    await expect(page.locator('#chat-reply').count()).resolves.toBe(0);
    // A private note is still possible.
    await page.getByRole('switch', { name: 'Nota privada' }).check();
    await page.locator('#chat-reply').waitFor();
  });

  it('an agent cannot open the channel settings; an owner sees the secrets set and the webhook URL, connects a number, turns CSAT on and keeps labels and canned replies', async () => {
    await signIn(page, agent);
    await page.goto(`${base}/tenants/${tenantId}/chat/settings`);
    await page.getByTestId('no-access').waitFor();

    page = await openContext();
    await signIn(page, owner);
    await page.goto(`${base}/tenants/${tenantId}/chat`);
    await page.getByRole('link', { name: 'Canales' }).click();
    await page.getByRole('heading', { level: 1, name: 'Canales de chat' }).waitFor();
    const inbox = page.getByTestId('inbox').first();
    await expect(inbox.getByTestId('inbox-secrets').textContent()).resolves.toContain('Token de acceso: guardado');
    await expect(inbox.getByTestId('webhook-url').textContent()).resolves.toMatch(/\/webhooks\/whatsapp$/);
    // No secret is on the page.
    await expect(page.content()).resolves.not.toContain(INBOX.appSecret);

    await page.getByLabel('Identificador del número (phone_number_id)').fill('12ab');
    await page.getByLabel('Token de acceso').fill('corto');
    await page.getByRole('button', { name: 'Conectar', exact: true }).click();
    await expect(page.locator('#inbox-phone_number_id-error').textContent()).resolves.toContain('solo dígitos');
    await expect(page.locator('#inbox-access_token-error').textContent()).resolves.toContain('al menos 8');
    await page.getByLabel('Nombre del canal').fill('WhatsApp despacho');
    await page.getByLabel('Identificador del número (phone_number_id)').fill('104900000000322');
    await page.getByLabel('Token de acceso').fill('EAAG-despacho-access-322');
    await page.getByLabel('Secreto de la app').fill('app-secret-despacho-322');
    await page.getByLabel('Token de verificación').fill('verify-despacho-322');
    await page.getByRole('button', { name: 'Conectar', exact: true }).click();
    await page.getByTestId('inbox-connected').waitFor();
    // The list refetches after the answer: poll until the new inbox is in it.
    await expect.poll(() => page.getByTestId('inbox').count()).toBe(2);
    await expect(page.getByLabel('Token de acceso').inputValue()).resolves.toBe('');
    await expect(page.content()).resolves.not.toContain('app-secret-despacho-322');

    // The CSAT survey on resolve, per inbox; labels and canned replies for the team.
    await page.getByTestId('inbox').first().getByRole('switch', { name: 'Encuesta de satisfacción al resolver' }).check();
    await expect
      .poll(async () => ((await t.request({ method: 'GET', url: `/api/v1/chat/inboxes?tenant_id=${tenantId}` })).body.items as Array<{ name: string; csat_enabled: boolean }>).find((i) => i.name === 'WhatsApp ventas')?.csat_enabled)
      .toBe(true);
    const labels = page.getByTestId('labels-settings');
    await labels.getByLabel('Nombre de la etiqueta').fill('mayorista');
    await labels.getByRole('button', { name: 'Agregar etiqueta' }).click();
    await expect(page.locator('#label-name-error').textContent()).resolves.toContain('Ya hay una etiqueta');
    await labels.getByLabel('Nombre de la etiqueta').fill('Reclamo');
    await labels.getByRole('button', { name: 'Agregar etiqueta' }).click();
    await labels.getByText('Reclamo').waitFor();
    const canned = page.getByTestId('canned-settings');
    await canned.getByLabel('Atajo').fill('con espacio');
    await canned.getByLabel('Texto').fill('x');
    await canned.getByRole('button', { name: 'Agregar respuesta rápida' }).click();
    await expect(page.locator('#canned-code-error').textContent()).resolves.toContain('sin espacios');
    await canned.getByLabel('Atajo').fill('gracias');
    await canned.getByLabel('Texto').fill('Gracias por su compra.');
    await canned.getByRole('button', { name: 'Agregar respuesta rápida' }).click();
    await canned.getByText('/gracias').waitFor();
    await canned.getByRole('button', { name: 'Eliminar la respuesta rápida /hola' }).click();
    await canned.getByText('/hola').waitFor({ state: 'detached' });
    const codes = async () => ((await t.request({ method: 'GET', url: `/api/v1/chat/canned-responses?tenant_id=${tenantId}` })).body.items as Array<{ short_code: string }>).map((c) => c.short_code);
    // The row may leave before the server has answered (optimistic): poll the server.
    await expect.poll(codes).toEqual(['gracias', 'horario']);
  });

  it('fits a phone (375 px): the list, then the conversation, without sideways scrolling', async () => {
    page = await openContext({ width: 375, height: 740 });
    await signIn(page, agent);
    await page.goto(`${base}/tenants/${tenantId}/chat?status=all`);
    await conversations().first().waitFor();
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    await expect(overflow()).resolves.toBeLessThanOrEqual(0);
    await conversations().first().click();
    await page.getByTestId('conversation-title').waitFor();
    await expect(conversations().first().isVisible()).resolves.toBe(false);
    await expect(overflow()).resolves.toBeLessThanOrEqual(0);
    await documentScreen(page, 'chat-phone');
    await page.getByRole('button', { name: 'Volver a la lista' }).click();
    await conversations().first().waitFor({ state: 'visible' });
  });
});
