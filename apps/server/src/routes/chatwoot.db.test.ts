import { rutFromBody } from '@smarteros/kernel';
import { hubSignature } from '@smarteros/modules/chat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatwoot, type ChatwootFake, type SignedWebhook } from '../../../../test/fakes/chatwoot.ts';
import { startWhatsAppGraph, type WhatsAppGraphFake } from '../../../../test/fakes/whatsapp-graph.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * The Chatwoot connector against Chatwoot's contract fake: provisioning (account, API inbox, signed webhook), the
 * webhook's signature, timestamp and delivery-id checks, mirroring both ways without echoes, the agent bot's answer
 * and hand-off, retries, and one tenant's connection never reached with another's.
 */
let t: TestServer;
let cw: ChatwootFake;
let graph: WhatsAppGraphFake;
const WA = { phone: '104900000000201', appSecret: 'app-secret-libreria-a-201', access: 'EAAG-libreria-a-access-201', verify: 'verify-libreria-a-201-xyz' };
let tenantA = '';
let tenantB = '';
let connA = '';
let accountA = 0;
let connB = '';
let accountB = 0;
const PLATFORM = 'platform-app-token-aaaa-1111';
const USER_B = 'user-token-b-bbbb-2222';
const FAQ = { question: '¿Cuál es el horario de atención?', answer: 'Atendemos de lunes a viernes de 9:00 a 18:00 y los sábados de 10:00 a 14:00.' };

const path = (url: string) => new URL(url).pathname;
const deliver = (w: SignedWebhook, url = path(w.url)) => t.request({ method: 'POST', url, token: null, body: w.body, headers: w.headers });
/** Delivers every webhook the fake queued, in order. */
async function deliverQueued(): Promise<void> {
  while (cw.webhooks.length > 0) expect((await deliver(cw.webhooks.shift()!)).status).toBe(200);
}
async function drain(): Promise<void> {
  const relay = t.server.services.relay;
  for (let i = 0; i < 30; i++) {
    while ((await relay.relayOnce()) > 0);
    let n = 0;
    for (const s of ['chat.ingest', 'chat.chatwoot_ingest', 'chat.assistant', 'chat.chatwoot_sender', 'chat.chatwoot_mirror', 'chat.whatsapp_sender']) n += await relay.deliverOnce(s);
    if (n === 0) return;
  }
}
/** Webhooks in, outbox drained, Chatwoot's answers (its webhooks for what SmarterOS posted) in again, until quiet. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await deliverQueued();
    await drain();
    if (cw.webhooks.length === 0) return;
  }
}
const messagesOf = (tenant: string) =>
  t.testDb.db.asOwner((tx) =>
    tx
      .selectFrom('chat_messages as m')
      .innerJoin('conversations as c', (j) => j.onRef('c.tenant_id', '=', 'm.tenant_id').onRef('c.id', '=', 'm.conversation_id'))
      .select(['m.id', 'm.conversation_id', 'm.external_id', 'm.direction', 'm.sender_type', 'm.content', 'm.status', 'm.private', 'c.channel', 'c.status as conversation_status', 'c.handled_by'])
      .where('m.tenant_id', '=', tenant)
      .orderBy('m.id')
      .execute(),
  );
const deliveries = (tenant: string) => t.testDb.db.asOwner((tx) => tx.selectFrom('chatwoot_deliveries').select(['delivery_id', 'event']).where('tenant_id', '=', tenant).execute());
const posted = (conversationId: number) => cw.requests.filter((r) => r.path.endsWith(`/conversations/${conversationId}/messages`)).map((r) => r.body as { content: string; source_id: string; message_type: string });
const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);

beforeAll(async () => {
  cw = await startChatwoot();
  graph = await startWhatsAppGraph();
  graph.tokens.set(WA.phone, WA.access);
  t = await createTestServer({ env: { SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8', SMARTEROS_WHATSAPP_API_URL: graph.url } });
  cw.now = nowSeconds;
  cw.platformTokens.add(PLATFORM);
  tenantA = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_500_201), business_name: 'Librería A', contact_email: 'a@a.cl' } })).body.id);
  tenantB = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_500_202), business_name: 'Librería B', contact_email: 'b@b.cl' } })).body.id);
  expect((await t.request({ method: 'POST', url: `/api/v1/ai/knowledge?tenant_id=${tenantA}`, body: FAQ })).status).toBe(201);
});
afterAll(async () => {
  await t?.close();
  await cw?.close();
  await graph?.close();
});

describe('Chatwoot connection', () => {
  it('refuses bad input naming the field, and a token Chatwoot does not accept, writing nothing', async () => {
    const none = await t.request({ method: 'POST', url: `/api/v1/chat/chatwoot?tenant_id=${tenantA}`, body: { base_url: cw.url, api_access_token: 'some-token-12345678' } });
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body.error?.details)).toContain('account_id');
    const url = await t.request({ method: 'POST', url: `/api/v1/chat/chatwoot?tenant_id=${tenantA}`, body: { base_url: 'ftp://x', account_id: 1, api_access_token: 'some-token-12345678' } });
    expect(url.status).toBe(400);
    expect(JSON.stringify(url.body.error?.details)).toContain('base_url');
    const wrong = await t.request({ method: 'POST', url: `/api/v1/chat/chatwoot?tenant_id=${tenantA}`, body: { base_url: cw.url, platform_token: 'not-a-platform-token', api_access_token: 'some-token-12345678' } });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body.error?.details)).toContain('platform_token');
    expect((await t.request({ method: 'GET', url: `/api/v1/chat/chatwoot?tenant_id=${tenantA}` })).body.items).toEqual([]);
  });

  it('creates the account (Platform API), an API inbox pointed at the connection and a webhook; never returns a token', async () => {
    const made = await t.request({ method: 'POST', url: `/api/v1/chat/chatwoot?tenant_id=${tenantA}`, body: { base_url: `${cw.url}/`, platform_token: PLATFORM, api_access_token: PLATFORM, account_name: 'Librería A', inbox_name: 'Web A' } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    connA = String(made.body.id);
    accountA = Number(made.body.account_id);
    expect(cw.accounts.get(accountA)?.name).toBe('Librería A');
    expect(made.body).toMatchObject({ base_url: cw.url, agent_bot: true, webhook_url: expect.stringMatching(new RegExp(`/webhooks/chatwoot/${connA}$`)) });
    const inbox = cw.inboxes.find((i) => i.account_id === accountA)!;
    expect(inbox).toMatchObject({ name: 'Web A', channel_type: 'Channel::Api', webhook_url: made.body.webhook_url });
    expect(made.body.chatwoot_inbox_id).toBe(inbox.id);
    const hook = cw.hooks.find((h) => h.account_id === accountA)!;
    expect(hook.url).toBe(made.body.webhook_url);
    expect(hook.subscriptions).toContain('message_created');
    expect(cw.requests.filter((r) => r.path.startsWith('/api/v1/')).every((r) => r.token === PLATFORM)).toBe(true);
    const text = JSON.stringify(made.body) + JSON.stringify((await t.request({ method: 'GET', url: `/api/v1/chat/chatwoot?tenant_id=${tenantA}` })).body);
    expect(text).not.toContain(PLATFORM);
    expect(text).not.toContain(hook.secret);
    expect(text).not.toContain(inbox.secret);
    expect((made.body.secrets as Array<{ name: string }>).map((s) => s.name)).toEqual(['api_access_token', 'inbox_secret', 'platform_token', 'webhook_secret']);

    // Tenant B keeps its own account: an existing one, with a user's token.
    accountB = 5000;
    cw.accounts.set(accountB, { id: accountB, name: 'Librería B' });
    cw.userTokens.set(USER_B, new Set([accountB]));
    const b = await t.request({ method: 'POST', url: `/api/v1/chat/chatwoot?tenant_id=${tenantB}`, body: { base_url: cw.url, account_id: accountB, api_access_token: USER_B } });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    connB = String(b.body.id);
    // The same account twice for one company is refused.
    const again = await t.request({ method: 'POST', url: `/api/v1/chat/chatwoot?tenant_id=${tenantB}`, body: { base_url: cw.url, account_id: accountB, api_access_token: USER_B } });
    expect(again.status).toBe(409);
  });
});

describe('Chatwoot webhooks', () => {
  it('refuses a missing or wrong signature and a stale timestamp (401), writing nothing', async () => {
    const c = cw.openConversation(accountA, { contact: { id: 301, name: 'Rosa' }, status: 'open' });
    cw.webhooks.length = 0;
    const payload = cw.messagePayload({ id: 9001, conversation_id: c.id, content: 'hola', message_type: 'incoming', private: false, source_id: null, created_at: nowSeconds(), sender: { id: 301, name: 'Rosa', type: 'contact' } });
    expect((await deliver(cw.signed(accountA, payload, { signature: null }))).status).toBe(401);
    expect((await deliver(cw.signed(accountA, payload, { secret: 'not-the-secret-at-all' }))).status).toBe(401);
    expect((await deliver(cw.signed(accountA, payload, { signature: 'sha256=zz' }))).status).toBe(401);
    expect((await deliver(cw.signed(accountA, payload, { timestamp: nowSeconds() - 6 * 60 }))).status).toBe(401);
    expect((await deliver(cw.signed(accountA, payload, { timestamp: nowSeconds() + 6 * 60 }))).status).toBe(401);
    // A body changed after signing (the signature covers the raw bytes).
    const good = cw.signed(accountA, payload);
    expect((await deliver({ ...good, body: good.body.replace('hola', 'HOLA') })).status).toBe(401);
    // No delivery id: 400 naming the header.
    const { ['x-chatwoot-delivery']: _d, ...noDelivery } = good.headers;
    const missing = await deliver({ ...good, headers: noDelivery });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('x-chatwoot-delivery');
    // An unknown connection is 401 as well (nothing tells whether it exists).
    expect((await deliver(good, '/webhooks/chatwoot/00000000-0000-4000-8000-000000000000')).status).toBe(401);
    expect(await deliveries(tenantA)).toEqual([]);
    await drain();
    expect(await messagesOf(tenantA)).toEqual([]);
  });

  it('stores the same delivery 5 times as one message, and a message Chatwoot sends twice under two delivery ids once', async () => {
    const c = cw.openConversation(accountA, { contact: { id: 302, name: 'Tomás', phone_number: '+56911112222' }, status: 'open' });
    cw.webhooks.length = 0;
    const m = cw.customerWrites(c.id, 'Quiero saber el precio del libro');
    const w = cw.webhooks.shift()!;
    for (let i = 0; i < 5; i++) {
      const res = await deliver(w);
      expect(res.status).toBe(200);
      expect(res.body.duplicate).toBe(i > 0);
    }
    // Chatwoot's duplicated message_created (a new delivery id, the same message).
    expect((await deliver(cw.signed(accountA, cw.messagePayload(m)))).status).toBe(200);
    await drain();
    const stored = (await messagesOf(tenantA)).filter((r) => r.external_id === `cw:${m.id}`);
    expect(stored).toEqual([expect.objectContaining({ direction: 'incoming', sender_type: 'contact', content: 'Quiero saber el precio del libro', channel: 'chatwoot', conversation_status: 'open', handled_by: 'human' })]);
    expect((await deliveries(tenantA)).filter((d) => d.delivery_id === w.headers['x-chatwoot-delivery'])).toHaveLength(1);
    const contact = await t.testDb.db.asOwner((tx) => tx.selectFrom('chat_contacts').select(['name', 'phone']).where('tenant_id', '=', tenantA).where('name', '=', 'Tomás').execute());
    expect(contact).toEqual([{ name: 'Tomás', phone: '+56911112222' }]);
  });

  it('stores a message of attachments only by its file type, and a numbered message_type', async () => {
    const c = cw.openConversation(accountA, { contact: { id: 306, name: 'Iván' }, status: 'open' });
    cw.webhooks.length = 0;
    const m = cw.customerWrites(c.id, 'x');
    const payload = { ...cw.messagePayload(m), id: 880_001, content: null, message_type: 0, attachments: [{ id: 1, file_type: 'image', data_url: 'https://chat.example.cl/rails/active_storage/foto.jpg' }] };
    cw.webhooks.length = 0;
    expect((await deliver(cw.signed(accountA, payload))).status).toBe(200);
    await drain();
    const [row] = (await messagesOf(tenantA)).filter((r) => r.external_id === 'cw:880001');
    expect(row).toMatchObject({ direction: 'incoming', content: null });
    const stored = await t.testDb.db.asOwner((tx) => tx.selectFrom('chat_messages').select(['content_type', 'payload']).where('tenant_id', '=', tenantA).where('external_id', '=', 'cw:880001').executeTakeFirstOrThrow());
    expect(stored.content_type).toBe('image');
    expect(JSON.stringify(stored.payload)).toContain('foto.jpg');
  });

  it('mirrors both ways: a Chatwoot agent reply in, a SmarterOS agent reply out (retried), neither echoed', async () => {
    const c = cw.openConversation(accountA, { contact: { id: 303, name: 'Inés' }, status: 'open' });
    cw.customerWrites(c.id, '¿Tienen el libro de Neruda?');
    cw.agentWrites(c.id, 'Sí, nos quedan dos.');
    await settle();
    const mine = async () => {
      const all = await messagesOf(tenantA);
      const conv = all.find((r) => r.content === '¿Tienen el libro de Neruda?')!.conversation_id;
      return all.filter((r) => r.conversation_id === conv);
    };
    expect((await mine()).map((r) => [r.direction, r.sender_type, r.content, r.status])).toEqual([
      ['incoming', 'contact', '¿Tienen el libro de Neruda?', 'received'],
      ['outgoing', 'agent', 'Sí, nos quedan dos.', 'sent'],
    ]);
    const conversationId = (await mine())[0]!.conversation_id;
    // An agent answers in the SmarterOS console; Chatwoot fails once (500), the outbox retries.
    cw.failNext.push(500);
    const reply = await t.request({ method: 'POST', url: `/api/v1/chat/conversations/${conversationId}/messages?tenant_id=${tenantA}`, body: { content: 'Se lo reservo hasta mañana.' } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    await settle();
    expect((await mine()).at(-1)).toMatchObject({ content: 'Se lo reservo hasta mañana.', status: 'pending' });
    t.clock.advance(10 * 60_000);
    await settle();
    expect((await mine()).map((r) => [r.direction, r.content, r.status])).toEqual([
      ['incoming', '¿Tienen el libro de Neruda?', 'received'],
      ['outgoing', 'Sí, nos quedan dos.', 'sent'],
      ['outgoing', 'Se lo reservo hasta mañana.', 'sent'],
    ]);
    // Posted once (the 500 and the success), marked as SmarterOS's; Chatwoot's webhook for it was not stored again.
    const out = posted(c.id).filter((p) => p.content === 'Se lo reservo hasta mañana.');
    expect(out).toHaveLength(2);
    expect(out[1]).toMatchObject({ message_type: 'outgoing', source_id: `smarteros:${(await mine()).at(-1)!.id}` });
    expect(cw.messages.filter((m) => m.conversation_id === c.id && m.content === 'Se lo reservo hasta mañana.')).toHaveLength(1);
    // Chatwoot's webhook for a SmarterOS message that comes before its link is written: its source_id says whose it is.
    const early = { ...cw.messagePayload(cw.messages.at(-1)!), id: 777_001, source_id: 'smarteros:999999' };
    expect((await deliver(cw.signed(accountA, early))).status).toBe(200);
    await settle();
    expect((await messagesOf(tenantA)).some((r) => r.external_id === 'cw:777001')).toBe(false);
    // The reply Chatwoot's agent wrote is not posted back to Chatwoot.
    expect(posted(c.id).map((p) => p.content)).not.toContain('Sí, nos quedan dos.');
  });

  it('acts as the agent bot: answers a pending conversation from the knowledge, hands off by opening it', async () => {
    const c = cw.openConversation(accountA, { contact: { id: 304, name: 'Pedro' }, status: 'pending' });
    cw.customerWrites(c.id, '¿Cuál es el horario de atención?');
    await settle();
    expect(posted(c.id)).toEqual([expect.objectContaining({ content: FAQ.answer, message_type: 'outgoing', source_id: expect.stringMatching(/^smarteros:\d+$/) })]);
    expect(cw.conversations.get(c.id)!.status).toBe('pending');
    const all = () => messagesOf(tenantA).then((rows) => rows.filter((r) => r.external_id !== null && cw.messages.some((m) => m.conversation_id === c.id && `cw:${m.id}` === r.external_id)));
    expect((await all()).map((r) => [r.sender_type, r.content, r.handled_by])).toEqual([
      ['contact', '¿Cuál es el horario de atención?', 'bot'],
      ['bot', FAQ.answer, 'bot'],
    ]);
    cw.customerWrites(c.id, 'Quiero hablar con una persona, por favor');
    await settle();
    expect(cw.requests.filter((r) => r.path.endsWith(`/conversations/${c.id}/toggle_status`)).map((r) => r.body)).toEqual([{ status: 'open' }]);
    expect(cw.conversations.get(c.id)!.status).toBe('open');
    expect(posted(c.id).map((p) => p.content)).toEqual([FAQ.answer, 'Gracias por escribirnos. Una persona de nuestro equipo le responderá a la brevedad.']);
    const rows = await all();
    expect(rows.at(-1)).toMatchObject({ conversation_status: 'open', handled_by: 'human' });
    // Each message once: the customer's two, the bot's two, none echoed back from Chatwoot's webhooks.
    expect(rows.map((r) => r.sender_type)).toEqual(['contact', 'bot', 'contact', 'bot']);
  });

  it("mirrors the company's WhatsApp conversations into the API inbox; Chatwoot's agent answers go out by WhatsApp", async () => {
    const made = await t.request({ method: 'POST', url: `/api/v1/chat/inboxes?tenant_id=${tenantA}`, body: { channel_type: 'whatsapp', name: 'WhatsApp', config: { phone_number_id: WA.phone, access_token: WA.access, app_secret: WA.appSecret, verify_token: WA.verify } } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const apiInbox = cw.inboxes.find((i) => i.account_id === accountA)!.id;
    const raw = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: WA.phone }, contacts: [{ profile: { name: 'Marta' }, wa_id: '56933334444' }], messages: [{ from: '56933334444', id: 'wamid.CW1', timestamp: String(nowSeconds()), type: 'text', text: { body: '¿Me guardan un ejemplar?' } }] } }] }],
    });
    expect((await t.request({ method: 'POST', url: '/webhooks/whatsapp', token: null, body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(raw, WA.appSecret) } })).status).toBe(200);
    await settle();
    const contact = cw.contacts.find((k) => k.phone_number === '+56933334444')!;
    expect(contact).toMatchObject({ account_id: accountA, inbox_id: apiInbox, name: 'Marta', identifier: expect.stringMatching(/^smarteros:/) });
    const conv = [...cw.conversations.values()].find((c) => c.contact.id === contact.id)!;
    expect(conv.inbox_id).toBe(apiInbox);
    // The API inbox's own webhooks are signed with the inbox's secret: accepted too (and the message still stored once).
    const inboxSecret = cw.inboxes.find((i) => i.id === apiInbox)!.secret;
    const first = cw.messages.find((m) => m.conversation_id === conv.id)!;
    const byInbox = await deliver(cw.signed(accountA, cw.messagePayload(first), { secret: inboxSecret }));
    expect(byInbox.status).toBe(200);
    expect(byInbox.body.duplicate).toBe(false);
    const inChatwoot = () => cw.messages.filter((m) => m.conversation_id === conv.id).map((m) => [m.message_type, m.content]);
    expect(inChatwoot()).toEqual([['incoming', '¿Me guardan un ejemplar?']]);
    const waConversation = async () => {
      const rows = await messagesOf(tenantA);
      const id = rows.find((r) => r.external_id === 'wamid.CW1')!.conversation_id;
      return rows.filter((r) => r.conversation_id === id);
    };
    // Chatwoot's webhooks for what SmarterOS made there (the conversation, the message) are not mirrored back.
    expect((await waConversation()).map((r) => [r.channel, r.direction, r.content])).toEqual([['whatsapp', 'incoming', '¿Me guardan un ejemplar?']]);
    expect((await messagesOf(tenantA)).filter((r) => r.content === '¿Me guardan un ejemplar?')).toHaveLength(1);

    // A Chatwoot agent answers there: SmarterOS sends it by WhatsApp, once, and does not post it back.
    cw.agentWrites(conv.id, 'Claro, se lo guardamos hasta el viernes.');
    await settle();
    expect(graph.sent.filter((m) => m.body.to === '56933334444').map((m) => (m.body.text as { body: string }).body)).toEqual(['Claro, se lo guardamos hasta el viernes.']);
    expect((await waConversation()).map((r) => [r.direction, r.sender_type, r.content, r.status])).toEqual([
      ['incoming', 'contact', '¿Me guardan un ejemplar?', 'received'],
      ['outgoing', 'agent', 'Claro, se lo guardamos hasta el viernes.', 'sent'],
    ]);
    // An agent of the SmarterOS console answers: it goes by WhatsApp and shows in Chatwoot.
    const waId = (await waConversation())[0]!.conversation_id;
    expect((await t.request({ method: 'POST', url: `/api/v1/chat/conversations/${waId}/messages?tenant_id=${tenantA}`, body: { content: 'Le aviso cuando llegue.' } })).status).toBe(201);
    await settle();
    expect(inChatwoot()).toEqual([
      ['incoming', '¿Me guardan un ejemplar?'],
      ['outgoing', 'Claro, se lo guardamos hasta el viernes.'],
      ['outgoing', 'Le aviso cuando llegue.'],
    ]);
    expect(graph.sent.filter((m) => m.body.to === '56933334444')).toHaveLength(2);
    expect((await waConversation()).map((r) => r.content)).toEqual(['¿Me guardan un ejemplar?', 'Claro, se lo guardamos hasta el viernes.', 'Le aviso cuando llegue.']);
  });

  it('drops processed deliveries after their retention, and keeps what is not processed yet', async () => {
    const c = cw.openConversation(accountA, { contact: { id: 305, name: 'Olga' }, status: 'open' });
    cw.webhooks.length = 0;
    cw.customerWrites(c.id, 'Sin procesar todavía');
    const pending = cw.webhooks.shift()!;
    expect((await deliver(pending)).status).toBe(200);
    const all = await deliveries(tenantA);
    const later = new Date(Date.now() + 365 * 24 * 3_600_000);
    const dropped = await t.server.services.chatwoot.pruneDeliveries(later);
    expect(dropped).toBeGreaterThanOrEqual(all.length - 1);
    expect((await deliveries(tenantA)).map((d) => d.delivery_id)).toEqual([pending.headers['x-chatwoot-delivery']]);
    await drain();
    expect((await messagesOf(tenantA)).some((r) => r.content === 'Sin procesar todavía')).toBe(true);
  });

  it("keeps tenants apart: B's secret does not open A's connection, another account's payload is refused, B cannot see or delete A's", async () => {
    const c = cw.openConversation(accountB, { contact: { id: 401, name: 'Beto' }, status: 'open' });
    cw.webhooks.length = 0;
    const m = cw.customerWrites(c.id, 'Hola desde B');
    const forB = cw.webhooks.shift()!;
    const before = (await messagesOf(tenantA)).length;
    // B's delivery, signed with B's secret, sent to A's connection.
    expect((await deliver(forB, `/webhooks/chatwoot/${connA}`)).status).toBe(401);
    // A payload of account B signed with A's secret: not A's account.
    const cross = await deliver(cw.signed(accountA, cw.messagePayload(m)));
    expect(cross.status).toBe(400);
    expect(JSON.stringify(cross.body)).toContain('body.account.id');
    expect((await deliver(forB)).status).toBe(200);
    await settle();
    expect((await messagesOf(tenantA)).length).toBe(before);
    expect((await messagesOf(tenantB)).map((r) => r.content)).toEqual(['Hola desde B']);
    const listB = await t.request({ method: 'GET', url: `/api/v1/chat/chatwoot?tenant_id=${tenantB}` });
    expect((listB.body.items as Array<{ id: string }>).map((i) => i.id)).toEqual([connB]);
    expect((await t.request({ method: 'DELETE', url: `/api/v1/chat/chatwoot/${connA}?tenant_id=${tenantB}` })).status).toBe(404);
    expect((await t.request({ method: 'DELETE', url: `/api/v1/chat/chatwoot/${connB}?tenant_id=${tenantB}` })).status).toBe(204);
    expect((await deliver(cw.signed(accountB, cw.messagePayload(m)))).status).toBe(401);
  });
});
