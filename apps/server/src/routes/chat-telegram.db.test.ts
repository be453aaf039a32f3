import { rutFromBody } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramBot, type TelegramBotFake } from '../../../../test/fakes/telegram-bot.ts';
import { drainOutbox } from '../../../../test/support/chat.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * Chat on Telegram: connecting a bot sets its webhook with a generated secret token (never the bot token in the URL);
 * the webhook checks the header; message, edited_message and callback_query are stored once; replies go out with
 * sendMessage, 429 is retried and 403 marks the contact unreachable.
 */
let t: TestServer;
let bot: TelegramBotFake;
let tenant = '';
let inboxId = '';
const TOKEN = '7000000001:AAH-tienda-bot-token-0123456789';
let update = 1000;

const deliver = (body: unknown, secret: string | undefined) =>
  t.request({ method: 'POST', url: `/webhooks/telegram/${inboxId}`, token: null, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) } });
const from = { id: 55501, is_bot: false, first_name: 'Josefa', last_name: 'Muñoz', language_code: 'es' };
const textUpdate = (text: string) => ({ update_id: ++update, message: { message_id: update, from, chat: { id: from.id, type: 'private' }, date: Math.floor(t.clock.now().getTime() / 1000), text } });

const drain = (...subscribers: string[]) => drainOutbox(t.server.services.relay, ...subscribers);
const messages = () =>
  t.testDb.db.asOwner((tx) => tx.selectFrom('chat_messages').select(['id', 'external_id', 'content', 'content_type', 'status', 'error_code', 'direction']).where('tenant_id', '=', tenant).orderBy('id').execute());

beforeAll(async () => {
  bot = await startTelegramBot();
  bot.bots.set(TOKEN, { id: 7000000001, username: 'tienda_bot' });
  t = await createTestServer({ env: { SMARTEROS_TELEGRAM_API_URL: bot.url, SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8' } });
  tenant = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_500_099), business_name: 'Tienda Telegram', contact_email: 'x@x.cl' } })).body.id);
});
afterAll(async () => {
  await t?.close();
  await bot?.close();
});

describe('Telegram', () => {
  it('refuses a token Telegram does not know, naming the field, and connects a real one with a secret webhook', async () => {
    const wrong = await t.request({ method: 'POST', url: `/api/v1/chat/inboxes?tenant_id=${tenant}`, body: { channel_type: 'telegram', name: 'Bot', config: { bot_token: '7000000009:AAH-not-a-known-token-000000000' } } });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body.error?.details)).toContain('config.bot_token');
    const made = await t.request({ method: 'POST', url: `/api/v1/chat/inboxes?tenant_id=${tenant}`, body: { channel_type: 'telegram', name: 'Bot de la tienda', config: { bot_token: TOKEN } } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    inboxId = String(made.body.id);
    expect(made.body).toMatchObject({ channel_type: 'telegram', external_id: '7000000001', config: { username: 'tienda_bot' } });
    expect(JSON.stringify(made.body)).not.toContain(TOKEN);
    const hook = bot.webhooks.get(TOKEN)!;
    expect(hook.url).toBe(`${String(made.body.webhook_url)}`);
    expect(hook.url).toMatch(new RegExp(`/webhooks/telegram/${inboxId}$`));
    expect(hook.url).not.toContain(TOKEN);
    expect(hook.secret_token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(hook.allowed_updates).toEqual(['message', 'edited_message', 'callback_query']);
  });

  it('refuses an update without the secret token (401, nothing written), stores one with it once', async () => {
    const secret = bot.webhooks.get(TOKEN)!.secret_token!;
    const first = textUpdate('Hola, ¿tienen despacho a Ñuñoa?');
    expect((await deliver(first, undefined)).status).toBe(401);
    expect((await deliver(first, 'not-the-secret')).status).toBe(401);
    expect(await messages()).toEqual([]);
    for (let i = 0; i < 3; i++) expect((await deliver(first, secret)).status).toBe(200);
    await deliver({ update_id: ++update, edited_message: { ...first.message, text: 'Hola, ¿tienen despacho a Ñuñoa hoy?', edit_date: first.message.date + 30 } }, secret);
    await deliver({ update_id: ++update, callback_query: { id: 'cbq-1', from, data: 'confirmar' } }, secret);
    // A group message is not a customer's.
    await deliver({ update_id: ++update, message: { message_id: 9, from, chat: { id: -100, type: 'group' }, date: 1, text: 'en el grupo' } }, secret);
    await drain('chat.ingest');
    const stored = await messages();
    expect(stored.map((m) => [m.content_type, m.content])).toEqual([
      ['text', 'Hola, ¿tienen despacho a Ñuñoa?'],
      ['text', 'Hola, ¿tienen despacho a Ñuñoa hoy?'],
      ['button', 'confirmar'],
    ]);
    const conv = await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenant}` });
    expect(conv.body.items).toEqual([expect.objectContaining({ channel: 'telegram', unread_count: 3, contact: expect.objectContaining({ name: 'Josefa Muñoz', phone: null }) })]);
  });

  it('replies with sendMessage; 429 is retried, 403 marks the contact unreachable', async () => {
    const [conversation] = (await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenant}` })).body.items as Array<{ id: string; contact: { id: string } }>;
    const reply = (content: string) => t.request({ method: 'POST', url: `/api/v1/chat/conversations/${conversation!.id}/messages?tenant_id=${tenant}`, body: { content } });
    const ok = await reply('Sí, despachamos hoy.');
    expect(ok.status).toBe(201);
    await drain('chat.whatsapp_sender');
    expect(bot.sent.at(-1)).toMatchObject({ token: TOKEN, chat_id: String(from.id), text: 'Sí, despachamos hoy.' });
    expect((await messages()).find((m) => m.id === Number(ok.body.id))).toMatchObject({ status: 'sent', external_id: `${from.id}:${bot.sent.at(-1)!.message_id}` });

    bot.failNext.push(429);
    const busy = await reply('Un momento');
    await drain('chat.whatsapp_sender');
    expect((await messages()).find((m) => m.id === Number(busy.body.id))?.status).toBe('pending');
    t.clock.advance(10 * 60_000);
    await drain('chat.whatsapp_sender');
    expect((await messages()).find((m) => m.id === Number(busy.body.id))?.status).toBe('sent');

    bot.failNext.push(403);
    const blocked = await reply('¿Sigue ahí?');
    await drain('chat.whatsapp_sender');
    expect((await messages()).find((m) => m.id === Number(blocked.body.id))).toMatchObject({ status: 'failed', error_code: 'telegram_blocked' });
    const contact = await t.testDb.db.asOwner((tx) => tx.selectFrom('chat_contacts').select('unreachable').where('id', '=', conversation!.contact.id).executeTakeFirstOrThrow());
    expect(contact.unreachable).toBe(true);
  });
});
