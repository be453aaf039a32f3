import { rutFromBody } from '@smarteros/kernel';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWhatsAppGraph, type FakeTemplate, type WhatsAppGraphFake } from '../../../../test/fakes/whatsapp-graph.ts';
import { connectWhatsApp, drainChat, postWhatsAppChange } from '../../../../test/support/chat.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * WhatsApp templates: listed from the inbox's WhatsApp Business Account (paged, approved ones only, cached), sent to a
 * conversation also outside the 24-hour window, checked against the body's placeholders, and Meta's template errors
 * stored as codes a person can act on. The Graph API is its contract fake.
 */
let t: TestServer;
let graph: WhatsAppGraphFake;
let tenant = '';
let inbox = '';
const INBOX = { phone: '104900000000088', waba: '200900000000088', appSecret: 'app-secret-ferreteria-88aa', access: 'EAAG-ferreteria-access-88', verify: 'verify-ferreteria-88-xyz' };
const CUSTOMER = '56977776666';

const body = (text: string) => ({ type: 'BODY', text });
const TEMPLATES: FakeTemplate[] = [
  { name: 'pedido_listo', language: 'es', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'HEADER', format: 'TEXT', text: 'Su pedido' }, body('Hola {{1}}, su pedido {{2}} está listo para retiro.'), { type: 'FOOTER', text: 'Ferretería 88' }] },
  { name: 'retomar_conversacion', language: 'es', status: 'APPROVED', category: 'UTILITY', components: [body('¿Podemos ayudarle en algo más?')] },
  { name: 'oferta_invierno', language: 'es', status: 'REJECTED', category: 'MARKETING', components: [body('Ofertas {{1}}')] },
  { name: 'bienvenida', language: 'es', status: 'APPROVED', category: 'MARKETING', components: [body('Bienvenido {{nombre}}, su código es {{codigo}}.')] },
  { name: 'con_imagen', language: 'es', status: 'APPROVED', category: 'MARKETING', components: [{ type: 'HEADER', format: 'IMAGE' }, body('Mire esto')] },
];

const drain = (...subscribers: string[]) => drainChat(t, ...subscribers);

async function customerWrites(text: string): Promise<string> {
  const ts = Math.floor(t.clock.now().getTime() / 1000);
  await postWhatsAppChange(t, INBOX, { contacts: [{ profile: { name: 'Rosa' }, wa_id: CUSTOMER }], messages: [{ from: CUSTOMER, id: `wamid.T${ts}${text.length}`, timestamp: String(ts), type: 'text', text: { body: text } }] });
  await drain('chat.ingest');
  const list = await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenant}` });
  return (list.body.items as Array<{ id: string }>)[0]!.id;
}

const sendTemplate = (conversationId: string, template: Record<string, unknown>) =>
  t.request({ method: 'POST', url: `/api/v1/chat/conversations/${conversationId}/template-messages?tenant_id=${tenant}`, body: { template } });
const stored = (id: string) =>
  t.testDb.db.asOwner((tx) => tx.selectFrom('chat_messages').select(['status', 'content_type', 'content', 'payload', 'error_code']).where('tenant_id', '=', tenant).where('id', '=', id as unknown as number).executeTakeFirstOrThrow());

beforeAll(async () => {
  graph = await startWhatsAppGraph();
  graph.tokens.set(INBOX.phone, INBOX.access);
  graph.templates.set(INBOX.waba, TEMPLATES);
  graph.accountOf.set(INBOX.phone, INBOX.waba);
  graph.templatePageSize.value = 2;
  t = await createTestServer({ env: { SMARTEROS_WHATSAPP_API_URL: graph.url, SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8' } });
  tenant = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_500_088), business_name: 'Ferretería 88', contact_email: 'x@x.cl' } })).body.id);
  inbox = await connectWhatsApp(t, tenant, INBOX);
});
afterAll(async () => {
  await t?.close();
  await graph?.close();
});
beforeEach(() => {
  graph.failNext.length = 0;
  t.server.services.chatTemplates.forget();
});

describe('listing templates', () => {
  it('reads every page of the account with the inbox token and answers the approved ones, with their placeholders counted', async () => {
    const before = graph.templateRequests.length;
    const res = await t.request({ method: 'GET', url: `/api/v1/chat/inboxes/${inbox}/templates?tenant_id=${tenant}` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // 5 templates in pages of 2: three requests, the later ones with the previous page's `after` cursor.
    const requests = graph.templateRequests.slice(before);
    expect(requests).toHaveLength(3);
    expect(requests[1]).toContain('after=');
    const items = res.body.items as Array<Record<string, unknown>>;
    expect(items.map((i) => i.name)).toEqual(['bienvenida', 'con_imagen', 'pedido_listo', 'retomar_conversacion']);
    expect(items.find((i) => i.name === 'pedido_listo')).toMatchObject({ language: 'es', status: 'APPROVED', category: 'UTILITY', header: 'Su pedido', body: 'Hola {{1}}, su pedido {{2}} está listo para retiro.', footer: 'Ferretería 88', parameter_count: 2, parameter_names: null, sendable: true });
    expect(items.find((i) => i.name === 'bienvenida')).toMatchObject({ parameter_count: 2, parameter_names: ['nombre', 'codigo'] });
    expect(items.find((i) => i.name === 'con_imagen')).toMatchObject({ sendable: false });
    // Cached: a second listing asks Graph nothing.
    const again = await t.request({ method: 'GET', url: `/api/v1/chat/inboxes/${inbox}/templates?tenant_id=${tenant}` });
    expect(again.status).toBe(200);
    expect(graph.templateRequests.length).toBe(before + 3);
  });

  it('names waba_id for an inbox without it, and says reconnect when Graph refuses the token', async () => {
    const bare = await t.request({
      method: 'POST',
      url: `/api/v1/chat/inboxes?tenant_id=${tenant}`,
      body: { channel_type: 'whatsapp', name: 'Sin cuenta', config: { phone_number_id: '104900000000089', access_token: 'EAAG-other-access-89', app_secret: 'app-secret-other-89aa', verify_token: 'verify-other-89-xyz' } },
    });
    expect(bare.status).toBe(201);
    const res = await t.request({ method: 'GET', url: `/api/v1/chat/inboxes/${String(bare.body.id)}/templates?tenant_id=${tenant}`, headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'whatsapp_waba_missing', message: expect.stringContaining('waba_id') });
    graph.tokens.set(INBOX.phone, 'EAAG-rotated-token');
    try {
      const refused = await t.request({ method: 'GET', url: `/api/v1/chat/inboxes/${inbox}/templates?tenant_id=${tenant}` });
      expect(refused.status).toBe(502);
      expect(refused.body.error).toMatchObject({ code: 'whatsapp_reconnect' });
    } finally {
      graph.tokens.set(INBOX.phone, INBOX.access);
    }
    const other = await t.request({ method: 'GET', url: `/api/v1/chat/inboxes/00000000-0000-4000-8000-000000000000/templates?tenant_id=${tenant}` });
    expect(other.status).toBe(404);
  });
});

describe('sending a template', () => {
  it('sends an approved template outside the 24-hour window, rendered, with its body parameters; a text there is still refused', async () => {
    const conversation = await customerWrites('¿Tienen taladros?');
    t.clock.advance(30 * 3_600_000);
    const text = await t.request({ method: 'POST', url: `/api/v1/chat/conversations/${conversation}/messages?tenant_id=${tenant}`, body: { content: 'Hola' } });
    expect(text.status).toBe(409);
    const sent = await sendTemplate(conversation, { name: 'pedido_listo', language: 'es', parameters: ['Rosa', 'N° 1234'] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ content_type: 'template', content: 'Hola Rosa, su pedido N° 1234 está listo para retiro.', status: 'pending', payload: { template: { name: 'pedido_listo', language: 'es', parameters: ['Rosa', 'N° 1234'] } } });
    const before = graph.sent.length;
    await drain('chat.whatsapp_sender');
    expect(graph.sent.slice(before)).toEqual([
      expect.objectContaining({
        phoneNumberId: INBOX.phone,
        token: INBOX.access,
        body: expect.objectContaining({ to: CUSTOMER, type: 'template', template: { name: 'pedido_listo', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Rosa' }, { type: 'text', text: 'N° 1234' }] }] } }),
      }),
    ]);
    expect(await stored(String(sent.body.id))).toMatchObject({ status: 'sent', content_type: 'template' });
    // No parameters: no components.
    const plain = await sendTemplate(conversation, { name: 'retomar_conversacion', language: 'es' });
    expect(plain.status).toBe(201);
    await drain('chat.whatsapp_sender');
    expect(graph.sent.at(-1)!.body.template).toEqual({ name: 'retomar_conversacion', language: { code: 'es' }, components: [] });
    // Named parameters carry their names.
    const named = await sendTemplate(conversation, { name: 'bienvenida', language: 'es', parameters: ['Rosa', 'A7'] });
    expect(named.body.content).toBe('Bienvenido Rosa, su código es A7.');
    await drain('chat.whatsapp_sender');
    expect(graph.sent.at(-1)!.body.template).toMatchObject({ components: [{ type: 'body', parameters: [{ type: 'text', text: 'Rosa', parameter_name: 'nombre' }, { type: 'text', text: 'A7', parameter_name: 'codigo' }] }] });
  });

  it('refuses, naming the field and writing nothing: wrong parameter count, an unknown, rejected or unsendable template, bad shapes', async () => {
    const conversation = await customerWrites('Hola');
    const count = async () => Number((await t.testDb.db.asOwner((tx) => tx.selectFrom('chat_messages').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenant).executeTakeFirstOrThrow())).n);
    const before = await count();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'pedido_listo', language: 'es', parameters: ['Rosa'] }, 'template.parameters'],
      [{ name: 'retomar_conversacion', language: 'es', parameters: ['sobra'] }, 'template.parameters'],
      [{ name: 'no_existe', language: 'es' }, 'template.name'],
      [{ name: 'pedido_listo', language: 'en_US', parameters: ['a', 'b'] }, 'template.name'],
      [{ name: 'oferta_invierno', language: 'es', parameters: ['x'] }, 'template.name'],
      [{ name: 'con_imagen', language: 'es' }, 'template.name'],
      [{ name: 'Pedido Listo', language: 'es' }, 'template.name'],
      [{ name: 'pedido_listo', language: 'español' }, 'template.language'],
      [{ name: 'pedido_listo', language: 'es', parameters: ['', 'b'] }, 'template.parameters'],
    ];
    for (const [template, field] of cases) {
      const res = await sendTemplate(conversation, template);
      expect(res.status, JSON.stringify(template)).toBe(400);
      expect(JSON.stringify(res.body.error), JSON.stringify(template)).toContain(field);
    }
    expect(await count()).toBe(before);
  });

  it("stores Meta's template refusals as codes a person can act on (132000, 132001)", async () => {
    const conversation = await customerWrites('Buenas');
    graph.failNext.push(132001);
    const missing = await sendTemplate(conversation, { name: 'retomar_conversacion', language: 'es' });
    await drain('chat.whatsapp_sender');
    expect(await stored(String(missing.body.id))).toMatchObject({ status: 'failed', error_code: 'whatsapp_template_missing' });
    // The template was deleted in WhatsApp Manager after the listing was cached: the fake refuses it as Meta does.
    const saved = graph.templates.get(INBOX.waba)!;
    graph.templates.set(INBOX.waba, saved.map((x) => (x.name === 'pedido_listo' ? { ...x, components: [body('Hola {{1}}, su pedido {{2}} en {{3}}.')] } : x)));
    try {
      const mismatch = await sendTemplate(conversation, { name: 'pedido_listo', language: 'es', parameters: ['Rosa', '55'] });
      expect(mismatch.status).toBe(201);
      await drain('chat.whatsapp_sender');
      expect(await stored(String(mismatch.body.id))).toMatchObject({ status: 'failed', error_code: 'whatsapp_template_params' });
    } finally {
      graph.templates.set(INBOX.waba, saved);
    }
  });
});
