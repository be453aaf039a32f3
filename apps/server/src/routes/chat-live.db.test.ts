import { createChatLive, hubSignature } from '@smarteros/modules/chat';
import { rutFromBody } from '@smarteros/kernel';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSse, type SseEvent } from '../../../../test/support/chat.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * Chat's live updates: an agent's screen follows GET /api/v1/chat/stream (Server-Sent Events over fetch, the bearer in
 * a header); a message that arrives shows there; a screen that reconnects with the last id it saw gets what it
 * missed, in order and once; servers wake each other through Redis.
 */
let t: TestServer;
let tenant = '';
let agentKey = '';
const INBOX = { phone: '104900000000088', appSecret: 'app-secret-live-88aa', access: 'EAAG-live-access-88', verify: 'verify-live-88-xyz' };
let seq = 0;

async function customerWrites(text: string): Promise<void> {
  seq += 1;
  const raw = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: INBOX.phone }, messages: [{ from: '56977776666', id: `wamid.LIVE${seq}`, timestamp: String(1_780_000_000 + seq), type: 'text', text: { body: text } }] } }] }],
  });
  const res = await t.request({ method: 'POST', url: '/webhooks/whatsapp', token: null, body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(raw, INBOX.appSecret) } });
  expect(res.status).toBe(200);
  const relay = t.server.services.relay;
  while ((await relay.relayOnce()) > 0);
  while ((await relay.deliverOnce('chat.ingest')) > 0);
}

/** A screen: reads the stream until `until` says it has enough (or 10 s pass), then closes it. */
async function watch(headers: Record<string, string>, query: string, act: () => Promise<void>, until: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  const controller = new AbortController();
  const res = await fetch(`${t.server.url}/api/v1/chat/stream?tenant_id=${tenant}${query}`, { headers: { authorization: `Bearer ${agentKey}`, ...headers }, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  return readSse(res, controller, act, until);
}

beforeAll(async () => {
  t = await createTestServer({ listen: true });
  tenant = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_500_088), business_name: 'Almacén en vivo', contact_email: 'x@x.cl' } })).body.id);
  const made = await t.request({
    method: 'POST',
    url: `/api/v1/chat/inboxes?tenant_id=${tenant}`,
    body: { channel_type: 'whatsapp', name: 'WhatsApp', config: { phone_number_id: INBOX.phone, access_token: INBOX.access, app_secret: INBOX.appSecret, verify_token: INBOX.verify } },
  });
  expect(made.status).toBe(201);
  const key = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenant}/api-keys`, body: { name: 'agent', role: 'agent' } });
  agentKey = String(key.body.key);
});
afterAll(async () => {
  await t?.close();
});

describe('the live inbox', () => {
  let lastSeen = '';

  it('shows a customer message on an open screen as it arrives', async () => {
    const events = await watch({}, '', () => customerWrites('¿Hay despacho hoy?'), (e) => e.some((x) => x.event === 'message.created'));
    const created = events.find((e) => e.event === 'message.created')!;
    expect(created.data).toMatchObject({ kind: 'message.created', data: { message: { content: '¿Hay despacho hoy?', direction: 'incoming' } } });
    expect(created.id).toMatch(/^\d+$/);
    lastSeen = created.id!;
  });

  it('a screen that reconnects with Last-Event-ID gets what it missed, in order and once', async () => {
    await customerWrites('uno');
    await customerWrites('dos');
    await customerWrites('tres');
    const events = await watch({ 'last-event-id': lastSeen }, '', async () => {}, (e) => e.filter((x) => x.event === 'message.created').length >= 3);
    const texts = events.filter((e) => e.event === 'message.created').map((e) => ((e.data.data as { message: { content: string } }).message.content));
    expect(texts).toEqual(['uno', 'dos', 'tres']);
    const ids = events.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a viewer may not follow the inbox', async () => {
    const viewer = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenant}/api-keys`, body: { name: 'viewer', role: 'viewer' } });
    const res = await fetch(`${t.server.url}/api/v1/chat/stream`, { headers: { authorization: `Bearer ${String(viewer.body.key)}` } });
    expect(res.status).toBe(403);
  });

  it.skipIf(!process.env.REDIS_URL)('wakes the screens of another server through Redis, without waiting for its poll', async () => {
    const redisA = new Redis(process.env.REDIS_URL!);
    const redisB = new Redis(process.env.REDIS_URL!);
    // Two hubs as two servers would have them, each with its own Redis connection, polling only once a minute.
    const here = createChatLive({ db: t.server.db, redis: redisA, pollMs: 60_000 });
    const there = createChatLive({ db: t.server.db, redis: redisB, pollMs: 60_000 });
    const seen: string[] = [];
    const stop = await here.follow(tenant, null, (m) => {
      if (m.type === 'events') for (const e of m.events) seen.push(e.kind);
    });
    // Give the subscription a moment to be registered with Redis.
    await new Promise((r) => setTimeout(r, 200));
    const [conversation] = (await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenant}` })).body.items as Array<{ id: string }>;
    await t.testDb.db.asOwner((tx) => tx.insertInto('chat_events').values({ tenant_id: tenant, conversation_id: conversation!.id, kind: 'conversation.updated', data: '{}' }).execute());
    there.notify(tenant);
    await expect.poll(() => seen, { timeout: 5000 }).toContain('conversation.updated');
    stop();
    await here.close();
    await there.close();
    redisA.disconnect();
    redisB.disconnect();
  });
});
