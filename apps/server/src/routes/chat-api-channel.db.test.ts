import { apiSignature } from '@smarteros/modules/chat';
import { rutFromBody } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTenantWebhook, type TenantWebhookFake } from '../../../../test/fakes/tenant-webhook.ts';
import { drainChat } from '../../../../test/support/chat.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * The API channel, against "the tenant's server" (a loopback receiver that checks signatures like a tenant must):
 * signed messages in (stale, missing and wrong signatures refused with nothing written; once per caller's message id;
 * the untouched bytes are what is checked), and replies out to webhook_url, signed, retried on 5xx/429, failed for good
 * on another 4xx with the error on the message.
 */
let t: TestServer;
let receiver: TenantWebhookFake;
let tenant = '';
let inboxId = '';
let secret = '';
const now = () => Math.floor(t.clock.now().getTime() / 1000);

const incoming = (raw: string, signature: string | undefined) =>
  t.request({ method: 'POST', url: `/webhooks/chat-api/${inboxId}`, token: null, body: raw, headers: { 'content-type': 'application/json', ...(signature ? { 'x-smarteros-signature': signature } : {}) } });
const messages = () =>
  t.testDb.db.asOwner((tx) => tx.selectFrom('chat_messages').select(['id', 'external_id', 'content', 'direction', 'status', 'error_code', 'error_message']).where('tenant_id', '=', tenant).orderBy('id').execute());
beforeAll(async () => {
  t = await createTestServer({ env: { SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8' } });
  receiver = await startTenantWebhook({ now });
  tenant = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_500_120), business_name: 'Sistema Propio SpA', contact_email: 'x@x.cl' } })).body.id);
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

describe('API channel', () => {
  it('creates the inbox with a generated signing secret shown once, and refuses a bad webhook_url naming the field', async () => {
    const bad = await t.request({ method: 'POST', url: `/api/v1/chat/inboxes?tenant_id=${tenant}`, body: { channel_type: 'api', name: 'Sistema', config: { webhook_url: 'ftp://x' } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error?.details)).toContain('config.webhook_url');
    const made = await t.request({ method: 'POST', url: `/api/v1/chat/inboxes?tenant_id=${tenant}`, body: { channel_type: 'api', name: 'Sistema propio', config: { webhook_url: `${receiver.url}/smarteros` } } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    inboxId = String(made.body.id);
    secret = String((made.body.generated_secrets as Record<string, string>).signing_secret);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect(made.body).toMatchObject({ channel_type: 'api', config: { webhook_url: `${receiver.url}/smarteros` }, webhook_url: expect.stringMatching(new RegExp(`/webhooks/chat-api/${inboxId}$`)) });
    receiver.secret = secret;
    // Never again: the list shows that it is set, not what it is.
    const list = await t.request({ method: 'GET', url: `/api/v1/chat/inboxes?tenant_id=${tenant}` });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect((list.body.items as Array<{ id: string; secrets: Array<{ name: string }> }>).find((i) => i.id === inboxId)?.secrets.map((s) => s.name)).toEqual(['signing_secret']);
    // A tenant may set its own instead.
    const own = await t.request({ method: 'POST', url: `/api/v1/chat/inboxes?tenant_id=${tenant}`, body: { channel_type: 'api', name: 'Otro', config: { webhook_url: `${receiver.url}/otro`, signing_secret: 'a-secret-the-tenant-chose-0123456789' } } });
    expect(own.status).toBe(201);
    expect(own.body.generated_secrets).toBeUndefined();
    expect(JSON.stringify(own.body)).not.toContain('a-secret-the-tenant-chose');
  });

  it('refuses missing, wrong and stale signatures with nothing written; stores a signed message once per message_id', async () => {
    const raw = JSON.stringify({ message_id: 'ord-778-msg-1', contact: { id: 'cliente-42', name: 'Ñandú Pérez', phone: '+56912345678' }, content: '¿Llegó mi pedido a Ñuñoa? 📦' });
    expect((await incoming(raw, undefined)).status).toBe(401);
    expect((await incoming(raw, apiSignature('not-the-secret-not-the-secret-000', now(), raw))).status).toBe(401);
    expect((await incoming(raw, apiSignature(secret, now() - 301, raw))).status).toBe(401);
    expect((await incoming(raw, apiSignature(secret, now() + 301, raw))).status).toBe(401);
    // The signature covers the exact bytes: the same JSON re-serialized differently does not check.
    expect((await incoming(raw.replace('{', '{ '), apiSignature(secret, now(), raw))).status).toBe(401);
    expect(await messages()).toEqual([]);

    const first = await incoming(raw, apiSignature(secret, now(), raw));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ duplicate: false });
    for (let i = 0; i < 3; i++) {
      const again = await incoming(raw, apiSignature(secret, now() - 60, raw));
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id: first.body.id, duplicate: true });
    }
    expect((await messages()).map((m) => [m.external_id, m.content, m.direction])).toEqual([['ord-778-msg-1', '¿Llegó mi pedido a Ñuñoa? 📦', 'incoming']]);
    const conv = await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenant}` });
    expect(conv.body.items).toEqual([expect.objectContaining({ channel: 'api', inbox_id: inboxId, contact: expect.objectContaining({ name: 'Ñandú Pérez', phone: '+56912345678' }) })]);
  });

  it('answers 400 naming the field for a signed body that is not a message, writing nothing', async () => {
    const before = (await messages()).length;
    const raw = JSON.stringify({ message_id: 'x-2', contact: {}, content: 'hola' });
    const res = await incoming(raw, apiSignature(secret, now(), raw));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error?.details)).toContain('body.contact.id');
    const notJson = 'hola';
    expect((await incoming(notJson, apiSignature(secret, now(), notJson))).status).toBe(400);
    expect((await messages()).length).toBe(before);
  });

  it('POSTs replies to webhook_url signed; retries 503 and 429; stores a final 4xx on the message', async () => {
    const [conversation] = (await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenant}` })).body.items as Array<{ id: string }>;
    const reply = (content: string, isPrivate = false) => t.request({ method: 'POST', url: `/api/v1/chat/conversations/${conversation!.id}/messages?tenant_id=${tenant}`, body: { content, private: isPrivate } });
    const ok = await reply('Sí, llega mañana antes de las 14:00.');
    expect(ok.status).toBe(201);
    await reply('nota interna: cliente frecuente', true);
    await drainChat(t, 'chat.whatsapp_sender');
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(got.headers['x-smarteros-delivery']).toBe(String(ok.body.id));
    expect(got.body).toMatchObject({ type: 'message.created', message: { id: String(ok.body.id), conversation_id: conversation!.id, inbox_id: inboxId, contact_id: 'cliente-42', content: 'Sí, llega mañana antes de las 14:00.' } });
    expect((await messages()).find((m) => m.id === Number(ok.body.id))?.status).toBe('sent');

    receiver.failNext.push(503, 429);
    const busy = await reply('Le confirmo el número de seguimiento.');
    await drainChat(t, 'chat.whatsapp_sender');
    expect((await messages()).find((m) => m.id === Number(busy.body.id))?.status).toBe('pending');
    for (let i = 0; i < 3 && (await messages()).find((m) => m.id === Number(busy.body.id))?.status === 'pending'; i++) {
      t.clock.advance(10 * 60_000);
      await drainChat(t, 'chat.whatsapp_sender');
    }
    expect((await messages()).find((m) => m.id === Number(busy.body.id))?.status).toBe('sent');
    expect(receiver.received.map((r) => (r.body.message as { content: string }).content)).toEqual(['Sí, llega mañana antes de las 14:00.', 'Le confirmo el número de seguimiento.']);

    receiver.failNext.push(422);
    const refused = await reply('Esto no lo acepta.');
    await drainChat(t, 'chat.whatsapp_sender');
    expect((await messages()).find((m) => m.id === Number(refused.body.id))).toMatchObject({ status: 'failed', error_code: 'api_webhook_rejected', error_message: expect.stringContaining('HTTP 422') });
    expect(receiver.refused).toBe(0);
  });
});
