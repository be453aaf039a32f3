import { hubSignature } from '@smarteros/modules/chat';
import { rutFromBody } from '@smarteros/kernel';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWhatsAppGraph, type WhatsAppGraphFake } from '../../../../test/fakes/whatsapp-graph.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * Chat: an agent's reply goes out through the outbox-driven sender to the Graph API (its contract fake), within
 * WhatsApp's 24-hour window; Meta's errors become what a person can act on, and throttling is retried.
 */
let t: TestServer;
let graph: WhatsAppGraphFake;
let tenant = '';
const INBOX = { phone: '104900000000077', appSecret: 'app-secret-botilleria-77aa', access: 'EAAG-botilleria-access-77', verify: 'verify-botilleria-77-xyz' };
const CUSTOMER = '56988887777';
let seq = 0;

const post = (raw: string) =>
  t.request({ method: 'POST', url: '/webhooks/whatsapp', token: null, body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(raw, INBOX.appSecret) } });
const change = (value: Record<string, unknown>) =>
  JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: INBOX.phone }, ...value } }] }] });

async function drain(...subscribers: string[]): Promise<void> {
  const relay = t.server.services.relay;
  for (let i = 0; i < 20; i++) {
    while ((await relay.relayOnce()) > 0);
    let n = 0;
    for (const s of subscribers) n += await relay.deliverOnce(s);
    if (n === 0) return;
  }
}

/** The customer writes now (by the server's clock): the window opens. */
async function customerWrites(text: string, from = CUSTOMER): Promise<string> {
  seq += 1;
  const ts = Math.floor(t.clock.now().getTime() / 1000);
  const raw = change({ contacts: [{ profile: { name: 'Pedro' }, wa_id: from }], messages: [{ from, id: `wamid.IN${seq}`, timestamp: String(ts), type: 'text', text: { body: text } }] });
  expect((await post(raw)).status).toBe(200);
  await drain('chat.ingest');
  const list = await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenant}` });
  return (list.body.items as Array<{ id: string; contact: { phone: string } }>).find((c) => c.contact.phone === `+${from}`)!.id;
}

const reply = (conversationId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.request({ method: 'POST', url: `/api/v1/chat/conversations/${conversationId}/messages?tenant_id=${tenant}`, body, headers });
const stored = async (id: string) =>
  t.testDb.db.asOwner((tx) => tx.selectFrom('chat_messages').select(['status', 'external_id', 'error_code', 'private']).where('tenant_id', '=', tenant).where('id', '=', id as unknown as number).executeTakeFirstOrThrow());

beforeAll(async () => {
  graph = await startWhatsAppGraph();
  graph.tokens.set(INBOX.phone, INBOX.access);
  t = await createTestServer({ env: { SMARTEROS_WHATSAPP_API_URL: graph.url, SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8' } });
  tenant = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_500_077), business_name: 'Botillería 77', contact_email: 'x@x.cl' } })).body.id);
  const made = await t.request({
    method: 'POST',
    url: `/api/v1/chat/inboxes?tenant_id=${tenant}`,
    body: { channel_type: 'whatsapp', name: 'WhatsApp', config: { phone_number_id: INBOX.phone, access_token: INBOX.access, app_secret: INBOX.appSecret, verify_token: INBOX.verify } },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
});
afterAll(async () => {
  await t?.close();
  await graph?.close();
});
beforeEach(() => {
  graph.failNext.length = 0;
});

describe('replying on WhatsApp', () => {
  it('queues the reply, sends it with the inbox token to the customer, and follows its statuses to read', async () => {
    const conversation = await customerWrites('¿Tienen pisco?');
    const sent = await reply(conversation, { content: 'Sí, tenemos. ¿Cuántas botellas?' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ status: 'pending', direction: 'outgoing', sender_type: 'agent', external_id: null });
    const before = graph.sent.length;
    await drain('chat.whatsapp_sender');
    expect(graph.sent.slice(before)).toEqual([
      expect.objectContaining({ phoneNumberId: INBOX.phone, token: INBOX.access, body: expect.objectContaining({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { preview_url: false, body: 'Sí, tenemos. ¿Cuántas botellas?' } }) }),
    ]);
    const wamid = graph.sent.at(-1)!.wamid;
    expect(await stored(String(sent.body.id))).toMatchObject({ status: 'sent', external_id: wamid });
    // Meta's statuses, read before delivered: read stays.
    const ts = String(Math.floor(t.clock.now().getTime() / 1000));
    expect((await post(change({ statuses: [{ id: wamid, status: 'read', timestamp: ts, recipient_id: CUSTOMER }, { id: wamid, status: 'delivered', timestamp: ts, recipient_id: CUSTOMER }] }))).status).toBe(200);
    await drain('chat.ingest');
    expect((await stored(String(sent.body.id))).status).toBe('read');
    // Sent once, however often the event is delivered again.
    await drain('chat.whatsapp_sender');
    expect(graph.sent.filter((m) => m.wamid === wamid)).toHaveLength(1);
    const listed = await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenant}` });
    expect((listed.body.items as Array<{ unread_count: number }>)[0]!.unread_count).toBe(0);
  });

  it('keeps a private note to the team: stored, never sent', async () => {
    const conversation = await customerWrites('¿A qué hora cierran?');
    const before = graph.sent.length;
    const note = await reply(conversation, { content: 'Cliente frecuente, ofrecer despacho', private: true });
    expect(note.status).toBe(201);
    await drain('chat.whatsapp_sender');
    expect(graph.sent.length).toBe(before);
    expect(await stored(String(note.body.id))).toMatchObject({ private: true, external_id: null });
  });

  it('refuses a free-form reply 24 hours after the customer last wrote, in the reader’s language, and sends nothing', async () => {
    const conversation = await customerWrites('Gracias');
    t.clock.advance(24 * 3_600_000 + 60_000);
    const late = await reply(conversation, { content: '¿Algo más?' }, { 'accept-language': 'es-CL' });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'whatsapp_window_closed', message: expect.stringContaining('24 horas') });
    const bad = await reply(conversation, { content: '' });
    expect(bad.status).toBe(400);
  });

  it('retries throttling (130429) with backoff and then sends; stores a final refusal (131026, 190) on the message', async () => {
    const conversation = await customerWrites('Hola de nuevo');
    graph.failNext.push(130429);
    const queued = await reply(conversation, { content: 'Un momento, por favor' });
    await drain('chat.whatsapp_sender');
    expect((await stored(String(queued.body.id))).status).toBe('pending');
    t.clock.advance(10 * 60_000);
    // The window runs from the customer's message: write again so the next replies are allowed after the clock moved.
    await customerWrites('¿Sigue ahí?');
    await drain('chat.whatsapp_sender');
    expect(await stored(String(queued.body.id))).toMatchObject({ status: 'sent', external_id: expect.stringMatching(/^wamid\./) });

    graph.failNext.push(131026);
    const undeliverable = await reply(conversation, { content: 'Le escribo otra vez' });
    await drain('chat.whatsapp_sender');
    expect(await stored(String(undeliverable.body.id))).toMatchObject({ status: 'failed', error_code: 'whatsapp_undeliverable' });

    graph.failNext.push(190);
    const expired = await reply(conversation, { content: 'Y otra' });
    await drain('chat.whatsapp_sender');
    expect(await stored(String(expired.body.id))).toMatchObject({ status: 'failed', error_code: 'whatsapp_reconnect' });
  });

  // The pacing runs here on the test's clock (the in-memory buckets); with Redis the buckets keep Redis's own clock,
  // which a test cannot move (the Redis limiter has its own suite, rate-limit.redis.test.ts).
  it.skipIf(Boolean(process.env.REDIS_URL))("keeps WhatsApp's pair rate limit: a burst of 45 to one customer goes, the next waits in the outbox", async () => {
    // Another customer: their own conversation and their own bucket.
    const conversation = await customerWrites('Mándeme todo el catálogo', '56987654321');
    const before = graph.sent.length;
    const ids: string[] = [];
    for (let i = 0; i < 47; i++) ids.push(String((await reply(conversation, { content: `Producto ${i + 1}` })).body.id));
    // Ordered per conversation: one delivery a round.
    const relay = t.server.services.relay;
    for (let i = 0; i < 60; i++) {
      while ((await relay.relayOnce()) > 0);
      if ((await relay.deliverOnce('chat.whatsapp_sender')) === 0) break;
    }
    expect(graph.sent.length - before).toBe(45);
    const states = await Promise.all(ids.map(async (id) => (await stored(id)).status));
    expect(states.slice(0, 45).every((s) => s === 'sent')).toBe(true);
    expect(states.slice(45)).toEqual(['pending', 'pending']);
    // The 46th went back to the outbox, paced; the 47th waits behind it (the conversation's order).
    const waiting = await t.testDb.db.asOwner((tx) =>
      tx.selectFrom('outbox_deliveries').select(['attempts', 'last_error']).where('subscriber', '=', 'chat.whatsapp_sender').where('status', '=', 'pending').where('tenant_id', '=', tenant).orderBy('event_id').execute(),
    );
    expect(waiting).toEqual([
      { attempts: 1, last_error: expect.stringMatching(/^RetryableSendError: paced: the channel's rate limit allows the next message in \d+ ms$/) },
      { attempts: 0, last_error: null },
    ]);
    // Later (a token every 6 s, and the outbox's backoff), both go, in order.
    for (let i = 0; i < 10 && graph.sent.length - before < 47; i++) {
      t.clock.advance(60_000);
      await customerWrites('¿Y el resto?', '56987654321');
      for (let j = 0; j < 5; j++) {
        while ((await relay.relayOnce()) > 0);
        if ((await relay.deliverOnce('chat.whatsapp_sender')) === 0) break;
      }
    }
    expect(graph.sent.slice(before).map((m) => (m.body.text as { body: string }).body).slice(44)).toEqual(['Producto 45', 'Producto 46', 'Producto 47']);
  });

  it('marks a reply not sent after the last retry, instead of leaving it "sending" for ever', async () => {
    const conversation = await customerWrites('¿Me responden?');
    // Throttled on every one of the sender's 8 tries.
    graph.failNext.push(...Array.from({ length: 8 }, () => 131056));
    const queued = await reply(conversation, { content: 'Sí, un momento' });
    for (let i = 0; i < 8; i++) {
      await drain('chat.whatsapp_sender');
      if (i < 7) expect((await stored(String(queued.body.id))).status).toBe('pending');
      t.clock.advance(6 * 60_000);
      // Keep the window open while the clock moves.
      if (i < 7) await customerWrites(`¿Sigue ahí? ${i}`);
    }
    expect(await stored(String(queued.body.id))).toMatchObject({ status: 'failed', error_code: 'whatsapp_unavailable' });
    expect(graph.failNext).toEqual([]);
  });
});
