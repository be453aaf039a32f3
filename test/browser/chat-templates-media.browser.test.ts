import { createHash } from 'node:crypto';
import { rutFromBody } from '@smarteros/kernel';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWhatsAppGraph, type WhatsAppGraphFake } from '../fakes/whatsapp-graph.ts';
import { connectWhatsApp, drainChat, postWhatsAppChange } from '../support/chat.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestServer } from '../support/test-server.ts';
import { createTenant, documentScreen, pagePerTest, signIn as signInAt, startConsole } from './support.ts';

/**
 * WhatsApp templates and media in the console: the customer's photo shows in the conversation and a document is a
 * download link (both fetched with the session, not from a public address); after the 24-hour window the agent picks
 * an approved template with the keyboard, fills its parameter, sees the preview, and sends it through the outbox.
 */
describe('web console: WhatsApp templates and media', () => {
  let t: TestServer;
  let graph: WhatsAppGraphFake;
  let browser: Browser;
  let page: Page;
  let base: string;
  let tenantId = '';
  const INBOX = { phone: '104900000000654', waba: '200900000000654', appSecret: 'app-secret-panaderia-654', access: 'EAAG-panaderia-access-654', verify: 'verify-panaderia-654' };
  const CUSTOMER = '56944443333';
  // A 1×1 PNG.
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
  const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  const drain = (...subscribers: string[]) => drainChat(t, ...subscribers);
  async function webhook(messages: Array<Record<string, unknown>>): Promise<void> {
    await postWhatsAppChange(t, INBOX, { contacts: [{ profile: { name: 'Tomás Díaz' }, wa_id: CUSTOMER }], messages });
    await drain('chat.ingest', 'chat.media');
  }
  const now = () => String(Math.floor(t.clock.now().getTime() / 1000));

  beforeAll(async () => {
    graph = await startWhatsAppGraph();
    graph.tokens.set(INBOX.phone, INBOX.access);
    graph.accountOf.set(INBOX.phone, INBOX.waba);
    graph.templates.set(INBOX.waba, [
      { name: 'pedido_listo', language: 'es', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hola {{1}}, su pedido está listo para retiro.' }, { type: 'FOOTER', text: 'Panadería 654' }] },
      { name: 'promo_rechazada', language: 'es', status: 'REJECTED', category: 'MARKETING', components: [{ type: 'BODY', text: 'Promo' }] },
    ]);
    graph.media.set('9001', { bytes: PNG, mimeType: 'image/png' });
    graph.media.set('9002', { bytes: PDF, mimeType: 'application/pdf' });
    ({ t, base, browser } = await startConsole({ SMARTEROS_OUTBOX_POLL_MS: '0', SMARTEROS_WHATSAPP_API_URL: graph.url, SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8' }));
    tenantId = await createTenant(t, { rut: rutFromBody(76_600_654), business_name: 'Panadería La Espiga SpA', contact_email: 'hola@espiga.cl', products: ['chat'] });
    await connectWhatsApp(t, tenantId, INBOX);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await graph?.close();
  });
  pagePerTest(() => browser, (p) => {
    page = p;
  });

  it('shows the photo inline and the document as a link; outside the window, sends a template picked with the keyboard', async () => {
    await webhook([
      { from: CUSTOMER, id: 'wamid.IMG1', timestamp: now(), type: 'image', image: { id: '9001', mime_type: 'image/png', sha256: sha(PNG), caption: 'Este pan' } },
      { from: CUSTOMER, id: 'wamid.DOC1', timestamp: now(), type: 'document', document: { id: '9002', mime_type: 'application/pdf', sha256: sha(PDF), filename: 'pedido.pdf' } },
    ]);
    t.clock.advance(25 * 3_600_000);
    await page.clock.setFixedTime(t.clock.now());
    await signInAt(page, base, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`${base}/tenants/${tenantId}/chat?status=all`);
    await page.getByTestId('conversation').first().click();

    // The photo, decoded by the browser; the document, a download under its name.
    const image = page.getByTestId('attachment-image');
    await image.waitFor();
    await expect(image.getAttribute('alt')).resolves.toBe('Este pan');
    await expect.poll(() => image.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    await expect(page.getByTestId('attachment-link').textContent()).resolves.toBe('Descargar pedido.pdf');
    await expect(page.getByTestId('attachment-link').getAttribute('download')).resolves.toBe('pedido.pdf');

    // The window is closed: no text box, a template picker instead (only approved templates).
    await page.getByTestId('window-closed').waitFor();
    await expect(page.locator('#chat-reply').count()).resolves.toBe(0);
    const select = page.getByLabel('Plantilla aprobada');
    await expect(select.locator('option').allTextContents()).resolves.toEqual(['Elija una plantilla', 'pedido_listo · es']);
    await select.focus();
    await page.keyboard.press('ArrowDown');
    await expect(select.inputValue()).resolves.toBe('pedido_listo|es');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Tomás');
    await expect(page.getByTestId('template-preview').textContent()).resolves.toContain('Hola Tomás, su pedido está listo para retiro.');
    await documentScreen(page, 'chat-template-picker');
    await page.keyboard.press('Enter');
    await page.locator('[data-kind="out"]').waitFor();
    await expect(page.locator('[data-kind="out"] .msg-text').textContent()).resolves.toBe('Hola Tomás, su pedido está listo para retiro.');
    await drain('chat.whatsapp_sender');
    expect(graph.sent.at(-1)?.body).toMatchObject({ to: CUSTOMER, type: 'template', template: { name: 'pedido_listo', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Tomás' }] }] } });
    await page.locator('[data-kind="out"] [data-status="sent"]').waitFor();
  });

  it('within the window, the agent attaches a photo with a caption; it goes to WhatsApp by its media id and shows in the conversation', async () => {
    await postWhatsAppChange(t, INBOX, { contacts: [{ profile: { name: 'Tomás Díaz' }, wa_id: CUSTOMER }], messages: [{ from: CUSTOMER, id: 'wamid.TXT2', timestamp: now(), type: 'text', text: { body: '¿Me manda una foto?' } }] });
    await drain('chat.ingest');
    await page.clock.setFixedTime(t.clock.now());
    await signInAt(page, base, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`${base}/tenants/${tenantId}/chat?status=all`);
    await page.getByTestId('conversation').first().click();
    await page.locator('#chat-reply').waitFor();
    await page.getByLabel('Adjuntar un archivo (foto, PDF, audio o video)').setInputFiles({ name: 'marraqueta.png', mimeType: 'image/png', buffer: PNG });
    await page.getByLabel('Texto que lo acompaña (opcional)').fill('Recién salida del horno');
    await page.getByRole('button', { name: 'Enviar marraqueta.png' }).click();
    await page.locator('[data-kind="out"] [data-testid="attachment-image"]').waitFor();
    await expect(page.locator('[data-kind="out"] .msg-text').last().textContent()).resolves.toBe('Recién salida del horno');
    await drain('chat.whatsapp_sender');
    const uploaded = graph.uploads.at(-1)!;
    expect(Buffer.compare(uploaded.bytes, PNG)).toBe(0);
    expect(graph.sent.at(-1)?.body).toMatchObject({ to: CUSTOMER, type: 'image', image: { id: uploaded.id, caption: 'Recién salida del horno' } });
    await page.locator('[data-kind="out"] [data-status="sent"]').last().waitFor();
  });
});
