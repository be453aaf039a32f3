import { createHmac, randomUUID } from 'node:crypto';
import { userHash } from '@smarteros/modules/chat';
import { rutFromBody } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainChat, readSse, type SseEvent } from '../../../../test/support/chat.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * The web widget's channel through its HTTP endpoints: only allowed origins are answered (CORS for them only); visitors
 * hold a signed token bound to tenant, inbox and visitor, with expiry; identity verification binds a user and refuses a
 * wrong hash; a message is stored once per client_message_id; the agent sees it and answers; the visitor lists and
 * follows its own conversation live (never a private note, never another visitor's), resuming after Last-Event-ID.
 */
let t: TestServer;
let tenant = '';
let inboxId = '';
let otherInbox = '';
let identitySecret = '';
const SITE = 'https://www.panaderia-lasdelicias.cl';
const base = () => `/api/v1/chat/web/${inboxId}`;

const visitor = (method: string, path: string, opts: { token?: string; body?: unknown; origin?: string | null; inbox?: string; headers?: Record<string, string> } = {}) =>
  t.request({
    method,
    url: `/api/v1/chat/web/${opts.inbox ?? inboxId}${path}`,
    token: null,
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    headers: { ...(opts.origin === null ? {} : { origin: opts.origin ?? SITE }), ...(opts.token ? { 'x-visitor-token': opts.token } : {}), ...opts.headers },
  });
const session = async (body: Record<string, unknown> = {}): Promise<string> => {
  const res = await visitor('POST', '/session', { body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return String(res.body.token);
};
const rows = () => t.testDb.db.asOwner((tx) => tx.selectFrom('chat_messages').select(['id', 'external_id', 'content', 'direction', 'status', 'private']).where('tenant_id', '=', tenant).orderBy('id').execute());
/**
 * Until the reply is sent: the drain delivers it, or the server's own relay loop (this server listens, so its loop
 * runs too and may hold the delivery while the drain finds nothing to claim).
 */
async function sent(messageId: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await drainChat(t, 'chat.whatsapp_sender');
    if ((await rows()).find((r) => r.id === messageId)?.status === 'sent') return;
    await new Promise((done) => setTimeout(done, 50));
  }
  expect((await rows()).find((r) => r.id === messageId)?.status).toBe('sent');
}

/** The visitor's stream, read until `until` is satisfied (or 10 s pass). */
async function watch(token: string, headers: Record<string, string>, act: () => Promise<void>, until: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  const controller = new AbortController();
  const res = await fetch(`${t.server.url}${base()}/stream`, { headers: { origin: SITE, 'x-visitor-token': token, ...headers }, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
  return readSse(res, controller, act, until);
}

beforeAll(async () => {
  t = await createTestServer({ listen: true });
  tenant = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_500_121), business_name: 'Panadería Las Delicias', contact_email: 'x@x.cl' } })).body.id);
});
afterAll(async () => {
  await t?.close();
});

describe('web widget channel', () => {
  it('creates a web inbox: origins checked, the identity secret generated and shown once', async () => {
    const bad = await t.request({ method: 'POST', url: `/api/v1/chat/inboxes?tenant_id=${tenant}`, body: { channel_type: 'web', name: 'Sitio', config: { allowed_origins: ['https://www.tienda.cl/contacto'] } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error?.details)).toContain('config.allowed_origins.0');
    const made = await t.request({ method: 'POST', url: `/api/v1/chat/inboxes?tenant_id=${tenant}`, body: { channel_type: 'web', name: 'Sitio web', config: { allowed_origins: [SITE, 'http://localhost:8080'] } } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    inboxId = String(made.body.id);
    identitySecret = String((made.body.generated_secrets as Record<string, string>).identity_secret);
    expect(identitySecret).toMatch(/^wid_[A-Za-z0-9_-]{40,}$/);
    expect(made.body).toMatchObject({ channel_type: 'web', config: { allowed_origins: [SITE, 'http://localhost:8080'] }, secrets: [expect.objectContaining({ name: 'identity_secret' })] });
    const list = await t.request({ method: 'GET', url: `/api/v1/chat/inboxes?tenant_id=${tenant}` });
    expect(JSON.stringify(list.body)).not.toContain(identitySecret);
    const other = await t.request({ method: 'POST', url: `/api/v1/chat/inboxes?tenant_id=${tenant}`, body: { channel_type: 'web', name: 'Otro sitio', config: { allowed_origins: ['https://otro.cl'], identity_secret: 'the-tenant-chose-this-one-000' } } });
    expect(other.status).toBe(201);
    expect(other.body.generated_secrets).toBeUndefined();
    otherInbox = String(other.body.id);
  });

  it('answers only the allowed origins, with CORS headers only for them', async () => {
    const pre = await visitor('OPTIONS', '/session', { headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(SITE);
    expect(String(pre.headers['access-control-allow-headers'])).toContain('x-visitor-token');
    for (const origin of ['https://evil.example', 'https://www.panaderia-lasdelicias.cl.evil.example', 'http://www.panaderia-lasdelicias.cl', null]) {
      const refused = await visitor('POST', '/session', { body: {}, origin });
      expect(refused.status, String(origin)).toBe(403);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      expect((await visitor('OPTIONS', '/session', { origin })).status).toBe(403);
    }
    expect((await visitor('POST', '/session', { body: {}, inbox: randomUUID() })).status).toBe(404);
    const ok = await visitor('POST', '/session', { body: {} });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(SITE);
    expect(ok.body).toMatchObject({ verified: false, inbox: { name: 'Sitio web', greeting: null } });
  });

  it('checks the visitor token: this inbox, HS256, not expired, not tampered', async () => {
    const token = await session();
    expect((await visitor('GET', '/messages', { token })).status).toBe(200);
    expect((await visitor('GET', '/messages')).status).toBe(401);
    // Another inbox's audience (even of the same tenant) is refused.
    const otherOrigin = await visitor('POST', '/session', { body: {}, inbox: otherInbox, origin: 'https://otro.cl' });
    expect((await visitor('GET', '/messages', { token: String(otherOrigin.body.token) })).status).toBe(401);
    const [h, p] = token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    expect((await visitor('GET', '/messages', { token: none })).status).toBe(401);
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'u:admin' })).toString('base64url')}.${token.split('.')[2]}`;
    expect((await visitor('GET', '/messages', { token: forged })).status).toBe(401);
    // Signed with the server's access-token secret itself (not the derived visitor key): refused.
    const wrongKey = `${h}.${p}.${createHmac('sha256', 'test-secret-test-secret-test-secret-000').update(`${h}.${p}`).digest('base64url')}`;
    expect((await visitor('GET', '/messages', { token: wrongKey })).status).toBe(401);
    t.clock.advance(31 * 86_400_000);
    const expired = await visitor('GET', '/messages', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.error?.details).toMatchObject({ reason: 'token_expired' });
  });

  it('stores a visitor message once per client id; the agent sees it and answers; the visitor lists only its own, no notes', async () => {
    const token = await session();
    const id = randomUUID();
    const first = await visitor('POST', '/messages', { token, body: { client_message_id: id, content: 'Hola, ¿tienen marraquetas a las 8:00?' } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ client_message_id: id, direction: 'incoming', content: 'Hola, ¿tienen marraquetas a las 8:00?' });
    const again = await visitor('POST', '/messages', { token, body: { client_message_id: id, content: 'Hola, ¿tienen marraquetas a las 8:00?' } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect((await visitor('POST', '/messages', { token, body: { client_message_id: 'not-a-uuid', content: 'x' } })).status).toBe(400);
    expect((await rows()).filter((r) => r.direction === 'incoming')).toHaveLength(1);

    const conversations = (await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenant}&inbox_id=${inboxId}` })).body.items as Array<{ id: string; channel: string; unread_count: number }>;
    expect(conversations).toEqual([expect.objectContaining({ channel: 'web', unread_count: 1 })]);
    const cid = conversations[0]!.id;
    const answer = await t.request({ method: 'POST', url: `/api/v1/chat/conversations/${cid}/messages?tenant_id=${tenant}`, body: { content: 'Sí, desde las 7:30.' } });
    expect(answer.status).toBe(201);
    await t.request({ method: 'POST', url: `/api/v1/chat/conversations/${cid}/messages?tenant_id=${tenant}`, body: { content: 'nota: cliente de la esquina', private: true } });
    await sent(Number(answer.body.id));

    const mine = await visitor('GET', '/messages', { token });
    expect((mine.body.items as Array<{ content: string; direction: string }>).map((m) => [m.direction, m.content])).toEqual([
      ['incoming', 'Hola, ¿tienen marraquetas a las 8:00?'],
      ['outgoing', 'Sí, desde las 7:30.'],
    ]);
    expect(JSON.stringify(mine.body)).not.toContain('sender_id');
    // Another visitor sees nothing of it.
    const stranger = await session();
    expect((await visitor('GET', '/messages', { token: stranger })).body.items).toEqual([]);
    // The same browser resumes as the same visitor.
    const resumed = await session({ token });
    expect(((await visitor('GET', '/messages', { token: resumed })).body.items as unknown[]).length).toBe(2);
  });

  it('binds a verified user by HMAC of the user id and refuses a wrong hash', async () => {
    const wrong = await visitor('POST', '/session', { body: { user_id: 'cliente-991', user_hash: userHash('not-the-secret', 'cliente-991') } });
    expect(wrong.status).toBe(401);
    expect((await visitor('POST', '/session', { body: { user_id: 'cliente-991' } })).status).toBe(400);
    const laptop = await visitor('POST', '/session', { body: { user_id: 'cliente-991', user_hash: userHash(identitySecret, 'cliente-991'), name: 'Rosa Aravena' } });
    expect(laptop.status).toBe(200);
    expect(laptop.body.verified).toBe(true);
    await visitor('POST', '/messages', { token: String(laptop.body.token), body: { client_message_id: randomUUID(), content: 'Quiero encargar una torta' } });
    // The same user on a phone: the same conversation.
    const phone = await session({ user_id: 'cliente-991', user_hash: userHash(identitySecret, 'cliente-991').toUpperCase() });
    expect((await visitor('GET', '/messages', { token: phone })).body.items).toEqual([expect.objectContaining({ content: 'Quiero encargar una torta' })]);
    const conv = (await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenant}&inbox_id=${inboxId}` })).body.items as Array<{ contact: { name: string | null } }>;
    expect(conv.map((c) => c.contact.name)).toContain('Rosa Aravena');
    // An anonymous token does not become that user; the user's token signed out stays out.
    const anonymous = await session({ token: phone });
    expect((await visitor('GET', '/messages', { token: anonymous })).body.items).toEqual([]);
  });

  it('streams the agent reply live, only its own conversation, and resumes after Last-Event-ID', async () => {
    const token = await session();
    await visitor('POST', '/messages', { token, body: { client_message_id: randomUUID(), content: '¿Hacen despacho?' } });
    const other = await session();
    await visitor('POST', '/messages', { token: other, body: { client_message_id: randomUUID(), content: 'mensaje de otra persona' } });
    const items = (await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenant}&inbox_id=${inboxId}` })).body.items as Array<{ id: string }>;
    const find = async (text: string) => {
      for (const c of items) {
        const m = (await t.request({ method: 'GET', url: `/api/v1/chat/conversations/${c.id}/messages?tenant_id=${tenant}` })).body.items as Array<{ content: string }>;
        if (m.some((x) => x.content === text)) return c.id;
      }
      throw new Error(text);
    };
    const mineId = await find('¿Hacen despacho?');
    const theirsId = await find('mensaje de otra persona');
    const say = (cid: string, content: string, isPrivate = false) => t.request({ method: 'POST', url: `/api/v1/chat/conversations/${cid}/messages?tenant_id=${tenant}`, body: { content, private: isPrivate } });

    const live = await watch(
      token,
      {},
      async () => {
        await say(theirsId, 'respuesta para la otra persona');
        await say(mineId, 'nota privada del equipo', true);
        await say(mineId, 'Sí, en Providencia y Ñuñoa.');
      },
      (events) => events.some((e) => e.event === 'message' && e.data.content === 'Sí, en Providencia y Ñuñoa.'),
    );
    const shown = live.filter((e) => e.event === 'message').map((e) => e.data.content);
    expect(shown).toEqual(['Sí, en Providencia y Ñuñoa.']);
    const lastSeen = live.filter((e) => e.id).at(-1)!.id!;

    // Away for a moment: what came meanwhile arrives first on reconnecting.
    const later = await say(mineId, 'El despacho cuesta $2.990.');
    await sent(Number(later.body.id));
    const resumed = await watch(token, { 'last-event-id': lastSeen }, async () => {}, (events) => events.some((e) => e.event === 'status'));
    expect(resumed.filter((e) => e.event === 'message').map((e) => e.data.content)).toEqual(['El despacho cuesta $2.990.']);
    expect(resumed.some((e) => e.event === 'status' && e.data.status === 'sent')).toBe(true);
    expect(JSON.stringify(resumed)).not.toContain('nota privada');
    expect(JSON.stringify(resumed)).not.toContain('otra persona');
  });

  it('limits a visitor’s messages per minute (429)', async () => {
    const token = await session();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await visitor('POST', '/messages', { token, body: { client_message_id: randomUUID(), content: `mensaje ${i}` } })).status);
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
