import { hubSignature } from '@smarteros/modules/chat';
import { rutFromBody } from '@smarteros/kernel';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * Chat, part 1: WhatsApp inboxes and the webhook intake. The signature is checked on the raw bytes; a delivery is
 * written before its 200 and processed from the database; duplicates are impossible by unique keys; a number belongs
 * to one tenant.
 */
let t: TestServer;
let tenantA = '';
let tenantB = '';
const A = { phone: '104900000000001', appSecret: 'app-secret-tienda-a-8f7e6d5c', access: 'EAAG-access-token-tienda-a-000001', verify: 'verify-tienda-a-2026-xyz' };
const B = { phone: '104900000000002', appSecret: 'app-secret-tienda-b-1a2b3c4d', access: 'EAAG-access-token-tienda-b-000002', verify: 'verify-tienda-b-2026-abc' };

const createTenant = async (body: number, name: string): Promise<string> =>
  String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(body), business_name: name, contact_email: 'x@x.cl' } })).body.id);

const connect = (tenantId: string, who: typeof A, name = 'WhatsApp ventas') =>
  t.request({
    method: 'POST',
    url: `/api/v1/chat/inboxes?tenant_id=${tenantId}`,
    body: { channel_type: 'whatsapp', name, config: { phone_number_id: who.phone, waba_id: '204900000000009', access_token: who.access, app_secret: who.appSecret, verify_token: who.verify } },
  });

/** Meta's delivery shape: every entry, every change. */
const delivery = (changes: Array<{ phone: string; messages?: unknown[]; statuses?: unknown[]; contacts?: unknown[] }>) => ({
  object: 'whatsapp_business_account',
  entry: changes.map((c, i) => ({
    id: `20490000000000${i}`,
    changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '56 9 1234 5678', phone_number_id: c.phone }, contacts: c.contacts ?? [], messages: c.messages ?? [], statuses: c.statuses ?? [] } }],
  })),
});
const text = (id: string, from: string, body: string, ts = 1_780_000_000) => ({ from, id, timestamp: String(ts), type: 'text', text: { body } });

const post = (raw: string, signature?: string) =>
  t.request({ method: 'POST', url: '/webhooks/whatsapp', token: null, body: raw, headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) } });

/** Runs the outbox until chat.ingest has nothing left (what the relay loop does in a running server). */
async function drain(): Promise<void> {
  const relay = t.server.services.relay;
  for (let i = 0; i < 20; i++) {
    while ((await relay.relayOnce()) > 0);
    if ((await relay.deliverOnce('chat.ingest')) === 0) return;
  }
}

const count = async (table: 'chat_webhook_receipts' | 'chat_messages' | 'conversations' | 'chat_contacts', tenantId: string): Promise<number> =>
  (await t.testDb.db.asOwner((tx) => tx.selectFrom(table).select('tenant_id').where('tenant_id', '=', tenantId).execute())).length;

const messages = (tenantId: string) =>
  t.testDb.db.asOwner((tx) => tx.selectFrom('chat_messages').select(['external_id', 'content', 'content_type', 'status', 'payload', 'direction']).where('tenant_id', '=', tenantId).orderBy('id').execute());

beforeAll(async () => {
  t = await createTestServer();
  tenantA = await createTenant(76_500_001, 'Tienda A');
  tenantB = await createTenant(76_500_002, 'Tienda B');
});
afterAll(async () => {
  await t?.close();
});

describe('WhatsApp inboxes', () => {
  it('connects a number: the answer and the list never hold a secret; another tenant cannot connect the same number', async () => {
    const made = await connect(tenantA, A);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ channel_type: 'whatsapp', external_id: A.phone, webhook_url: expect.stringMatching(/\/webhooks\/whatsapp$/), config: { waba_id: '204900000000009' } });
    expect((made.body.secrets as Array<{ name: string }>).map((s) => s.name)).toEqual(['access_token', 'app_secret', 'verify_token']);
    const listed = await t.request({ method: 'GET', url: `/api/v1/chat/inboxes?tenant_id=${tenantA}` });
    for (const text of [JSON.stringify(made.body), JSON.stringify(listed.body)]) for (const secret of [A.access, A.appSecret, A.verify]) expect(text).not.toContain(secret);
    const stolen = await connect(tenantB, { ...B, phone: A.phone });
    expect(stolen.status).toBe(409);
    expect(stolen.body.error?.code).toBe('already_exists');
    expect((await connect(tenantB, B)).status).toBe(201);
    const bad = await t.request({ method: 'POST', url: `/api/v1/chat/inboxes?tenant_id=${tenantA}`, body: { channel_type: 'whatsapp', name: 'x', config: { phone_number_id: 'abc', access_token: 'short', app_secret: A.appSecret, verify_token: A.verify } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error?.details)).toContain('phone_number_id');
  });

  it("answers Meta's verification with the challenge only for an inbox's verify token", async () => {
    const ok = await t.server.app.inject({ method: 'GET', url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${A.verify}&hub.challenge=1158201444` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const wrong = await t.server.app.inject({ method: 'GET', url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-tienda-a-2026-xyz-no&hub.challenge=1' });
    expect(wrong.statusCode).toBe(403);
  });
});

describe('WhatsApp webhook intake', () => {
  it('refuses a missing or wrong signature with 401 and writes nothing', async () => {
    const raw = JSON.stringify(delivery([{ phone: A.phone, messages: [text('wamid.SIG1', '56911111111', 'hola')] }]));
    expect((await post(raw)).status).toBe(401);
    expect((await post(raw, hubSignature(raw, 'not-the-secret'))).status).toBe(401);
    expect((await post(raw, 'sha256=zz')).status).toBe(401);
    // Signed, then one byte changed.
    expect((await post(raw.replace('hola', 'hol4'), hubSignature(raw, A.appSecret))).status).toBe(401);
    expect(await count('chat_webhook_receipts', tenantA)).toBe(0);
  });

  it('checks the untouched bytes: Meta signs the escaped form of non-ASCII text', async () => {
    const raw = JSON.stringify(delivery([{ phone: A.phone, contacts: [{ profile: { name: 'Mar\\u00eda' }, wa_id: '56922222222' }], messages: [text('wamid.UNI1', '56922222222', 'Hola, \\u00bfabren en \\u00d1u\\u00f1oa? \\ud83d\\ude42')] }])).replace(/\\\\u/g, '\\u');
    expect(raw).toContain('\\u00d1u\\u00f1oa');
    const res = await post(raw, hubSignature(raw, A.appSecret));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await drain();
    const stored = (await messages(tenantA)).find((m) => m.external_id === 'wamid.UNI1');
    expect(stored).toMatchObject({ content: 'Hola, ¿abren en Ñuñoa? 🙂', content_type: 'text', direction: 'incoming', status: 'received' });
    const conv = await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenantA}` });
    expect(conv.body.items).toEqual([expect.objectContaining({ channel: 'whatsapp', status: 'open', handled_by: 'human', unread_count: 1, contact: expect.objectContaining({ name: 'María', phone: '+56922222222' }) })]);
  });

  it('the same delivery five times, and again later with another body, is one message', async () => {
    const raw = JSON.stringify(delivery([{ phone: A.phone, messages: [text('wamid.DUP1', '56933333333', 'quiero comprar')] }]));
    const sig = hubSignature(raw, A.appSecret);
    for (let i = 0; i < 5; i++) expect((await post(raw, sig)).status).toBe(200);
    await drain();
    // A week later Meta retries with the same message inside a different body (another entry id): still one row.
    const later = JSON.stringify({ ...delivery([{ phone: A.phone, messages: [text('wamid.DUP1', '56933333333', 'quiero comprar')] }]), entry: [{ id: '999', changes: delivery([{ phone: A.phone, messages: [text('wamid.DUP1', '56933333333', 'quiero comprar')] }]).entry[0]!.changes }] });
    expect((await post(later, hubSignature(later, A.appSecret))).status).toBe(200);
    await drain();
    expect((await messages(tenantA)).filter((m) => m.external_id === 'wamid.DUP1')).toHaveLength(1);
    const receipts = await t.testDb.db.asOwner((tx) => tx.selectFrom('chat_webhook_receipts').select(['processed_at']).where('tenant_id', '=', tenantA).execute());
    expect(receipts.every((r) => r.processed_at !== null)).toBe(true);
  });

  it('takes concurrent deliveries together (group commit) and processes them as a batch: each new body once, each message once', async () => {
    const bodies = Array.from({ length: 30 }, (_, i) => JSON.stringify(delivery([{ phone: A.phone, messages: [text(`wamid.CC${i}`, `5697000000${i % 7}`, `pedido ${i}`, 1_780_000_100 + i)] }])));
    // Every body, and a third of them twice more, all at once: redeliveries race their originals.
    const sent = [...bodies, ...bodies.filter((_, i) => i % 3 === 0), ...bodies.filter((_, i) => i % 3 === 0)];
    const answers = await Promise.all(sent.map((raw) => post(raw, hubSignature(raw, A.appSecret))));
    expect(answers.map((r) => r.status)).toEqual(sent.map(() => 200));
    const receipts = await t.testDb.db.asOwner((tx) => tx.selectFrom('chat_webhook_receipts').select(['id']).where('tenant_id', '=', tenantA).where(sql<boolean>`payload::text like '%wamid.CC%'`).execute());
    expect(receipts).toHaveLength(30);
    // One chat.ingest delivery per receipt, claimed and processed as one batch.
    await drain();
    const stored = (await messages(tenantA)).filter((m) => m.external_id?.startsWith('wamid.CC'));
    expect(stored.map((m) => m.external_id).sort()).toEqual(bodies.map((_, i) => `wamid.CC${i}`).sort());
    const conv = (await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenantA}&limit=200` })).body.items as Array<{ contact: { phone: string }; unread_count: number }>;
    const mine = conv.filter((c) => c.contact.phone.startsWith('+5697000000'));
    expect(mine).toHaveLength(7);
    expect(mine.reduce((n, c) => n + c.unread_count, 0)).toBe(30);
  });

  it('handles every entry, change and message of a burst, and every message type', async () => {
    const from = '56944444444';
    const raw = JSON.stringify(
      delivery([
        { phone: A.phone, messages: [text('wamid.B1', from, 'uno'), { from, id: 'wamid.B2', timestamp: '1780000001', type: 'image', image: { id: 'media-1', mime_type: 'image/jpeg', sha256: 'abc=', caption: 'la foto' } }] },
        { phone: A.phone, messages: [{ from, id: 'wamid.B3', timestamp: '1780000002', type: 'location', location: { latitude: -33.45, longitude: -70.66, name: 'Tienda', address: 'Av. Irarrázaval 123' } }] },
        {
          phone: A.phone,
          messages: [
            { from, id: 'wamid.B4', timestamp: '1780000003', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Sí, confirmo' } } },
            { from, id: 'wamid.B5', timestamp: '1780000004', type: 'reaction', reaction: { message_id: 'wamid.B1', emoji: '👍' } },
            { from, id: 'wamid.B6', timestamp: '1780000005', type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] },
          ],
        },
      ]),
    );
    expect((await post(raw, hubSignature(raw, A.appSecret))).status).toBe(200);
    await drain();
    const byId = new Map((await messages(tenantA)).map((m) => [m.external_id, m]));
    expect(['wamid.B1', 'wamid.B2', 'wamid.B3', 'wamid.B4', 'wamid.B5', 'wamid.B6'].map((id) => byId.get(id)?.content_type)).toEqual(['text', 'image', 'location', 'interactive', 'reaction', 'unsupported']);
    expect(byId.get('wamid.B2')).toMatchObject({ content: 'la foto', payload: { media: { id: 'media-1', sha256: 'abc=' } } });
    expect(byId.get('wamid.B3')?.content).toBe('Tienda, Av. Irarrázaval 123');
    expect(byId.get('wamid.B4')?.content).toBe('Sí, confirmo');
    // One contact, one conversation for all six.
    const conv = await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenantA}` });
    const mine = (conv.body.items as Array<{ id: string; contact: { phone: string }; unread_count: number }>).filter((c) => c.contact.phone === `+${from}`);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.unread_count).toBe(6);
    const page = await t.request({ method: 'GET', url: `/api/v1/chat/conversations/${mine[0]!.id}/messages?tenant_id=${tenantA}&limit=4` });
    expect((page.body.items as Array<{ external_id: string }>).map((m) => m.external_id)).toEqual(['wamid.B6', 'wamid.B5', 'wamid.B4', 'wamid.B3']);
    const older = await t.request({ method: 'GET', url: `/api/v1/chat/conversations/${mine[0]!.id}/messages?tenant_id=${tenantA}&limit=4&cursor=${String(page.body.next_cursor)}` });
    expect((older.body.items as Array<{ external_id: string }>).map((m) => m.external_id)).toEqual(['wamid.B2', 'wamid.B1']);
  });

  it('applies statuses forward only, in any order (a late delivered never undoes read)', async () => {
    const [conversation] = (await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenantA}` })).body.items as Array<{ id: string; inbox_id: string }>;
    // An outgoing message as the sender will store it (sending lands in the next slice).
    await t.testDb.db.asOwner((tx) =>
      tx.insertInto('chat_messages').values({ tenant_id: tenantA, conversation_id: conversation!.id, inbox_id: conversation!.inbox_id, external_id: 'wamid.OUT1', direction: 'outgoing', sender_type: 'agent', sender_id: null, content_type: 'text', content: 'gracias', payload: '{}', status: 'sent', error_code: null, error_message: null, sent_at: new Date(), status_at: null }).execute(),
    );
    const status = (id: string, s: string, ts: number) => ({ id, status: s, timestamp: String(ts), recipient_id: '56922222222' });
    const raw = JSON.stringify(delivery([{ phone: A.phone, statuses: [status('wamid.OUT1', 'read', 1_780_000_100), status('wamid.OUT1', 'delivered', 1_780_000_050)] }]));
    expect((await post(raw, hubSignature(raw, A.appSecret))).status).toBe(200);
    await drain();
    expect((await messages(tenantA)).find((m) => m.external_id === 'wamid.OUT1')?.status).toBe('read');
    const again = JSON.stringify(delivery([{ phone: A.phone, statuses: [status('wamid.OUT1', 'sent', 1_780_000_010)] }]));
    expect((await post(again, hubSignature(again, A.appSecret))).status).toBe(200);
    await drain();
    expect((await messages(tenantA)).find((m) => m.external_id === 'wamid.OUT1')?.status).toBe('read');
  });

  it("tenant A's secret never writes into B: B's number signed with A's secret is refused; a mixed delivery keeps only A's part", async () => {
    const intoB = JSON.stringify(delivery([{ phone: B.phone, messages: [text('wamid.X1', '56955555555', 'intruso')] }]));
    expect((await post(intoB, hubSignature(intoB, A.appSecret))).status).toBe(401);
    const mixed = JSON.stringify(delivery([{ phone: A.phone, messages: [text('wamid.M1', '56966666666', 'para A')] }, { phone: B.phone, messages: [text('wamid.M2', '56966666666', 'para B')] }]));
    expect((await post(mixed, hubSignature(mixed, A.appSecret))).status).toBe(200);
    await drain();
    expect(await count('chat_messages', tenantB)).toBe(0);
    expect(await count('chat_webhook_receipts', tenantB)).toBe(0);
    expect((await messages(tenantA)).map((m) => m.external_id)).toContain('wamid.M1');
    // B's own secret writes into B.
    const forB = JSON.stringify(delivery([{ phone: B.phone, messages: [text('wamid.M3', '56966666666', 'hola B')] }]));
    expect((await post(forB, hubSignature(forB, B.appSecret))).status).toBe(200);
    await drain();
    expect((await messages(tenantB)).map((m) => m.external_id)).toEqual(['wamid.M3']);
    // And A's agent never sees it.
    const convA = await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenantA}` });
    const convB = (await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenantB}` })).body.items as Array<{ id: string }>;
    expect((convA.body.items as Array<{ id: string }>).map((c) => c.id)).not.toContain(convB[0]!.id);
    expect((await t.request({ method: 'GET', url: `/api/v1/chat/conversations/${convB[0]!.id}/messages?tenant_id=${tenantA}` })).status).toBe(404);
  });

  it('a delivery written but not processed (the server stopped) is processed when delivery resumes', async () => {
    const raw = JSON.stringify(delivery([{ phone: A.phone, messages: [text('wamid.CRASH1', '56977777777', 'después del corte')] }]));
    expect((await post(raw, hubSignature(raw, A.appSecret))).status).toBe(200);
    // Acknowledged: the receipt is in the database before any processing.
    const pending = await t.testDb.db.asOwner((tx) => tx.selectFrom('chat_webhook_receipts').select(['id', 'processed_at']).where('tenant_id', '=', tenantA).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow());
    expect(pending.processed_at).toBeNull();
    expect((await messages(tenantA)).some((m) => m.external_id === 'wamid.CRASH1')).toBe(false);
    await drain();
    expect((await messages(tenantA)).filter((m) => m.external_id === 'wamid.CRASH1')).toHaveLength(1);
  });
});

describe('working a conversation', () => {
  it('resolves, assigns only a member, marks read; a message after resolving opens a new conversation; the old one cannot reopen beside it', async () => {
    const list = async () => (await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenantA}` })).body.items as Array<{ id: string; status: string; contact: { phone: string }; unread_count: number }>;
    const first = (await list()).find((c) => c.contact.phone === '+56922222222')!;
    const patch = (id: string, body: unknown) => t.request({ method: 'PATCH', url: `/api/v1/chat/conversations/${id}?tenant_id=${tenantA}`, body });
    expect((await patch(first.id, { read: true })).body).toMatchObject({ unread_count: 0 });
    const stranger = await patch(first.id, { assignee_id: '00000000-0000-4000-8000-000000000000' });
    expect(stranger.status).toBe(400);
    expect(JSON.stringify(stranger.body.error?.details)).toContain('assignee_id');
    expect((await patch(first.id, {})).status).toBe(400);
    expect((await patch(first.id, { status: 'resolved' })).body).toMatchObject({ status: 'resolved' });
    const events = await t.testDb.db.asOwner((tx) => tx.selectFrom('chat_events').select(['kind', 'data']).where('tenant_id', '=', tenantA).where('conversation_id', '=', first.id).where('kind', '=', 'conversation.updated').execute());
    expect(events.at(-1)?.data).toMatchObject({ conversation: { status: 'resolved' } });
    const raw = JSON.stringify(delivery([{ phone: A.phone, messages: [text('wamid.AFTER1', '56922222222', 'otra consulta')] }]));
    expect((await post(raw, hubSignature(raw, A.appSecret))).status).toBe(200);
    await drain();
    const mine = (await list()).filter((c) => c.contact.phone === '+56922222222');
    expect(mine.map((c) => c.status).sort()).toEqual(['open', 'resolved']);
    const reopen = await patch(first.id, { status: 'open' });
    expect(reopen.status).toBe(409);
    expect(reopen.body.error?.code).toBe('already_exists');
    expect((await t.request({ method: 'GET', url: `/api/v1/chat/conversations/${first.id}?tenant_id=${tenantB}` })).status).toBe(404);
  });
});
