import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { rutFromBody } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramBot, type TelegramBotFake } from '../../../../test/fakes/telegram-bot.ts';
import { startWhatsAppGraph, type WhatsAppGraphFake } from '../../../../test/fakes/whatsapp-graph.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * The notifier's WhatsApp and Telegram transports, bound by chat's setup: phone codes and invitations go as WhatsApp
 * templates (Graph's `type: template`) through the platform's inbox or the company's own, Telegram notices by
 * sendMessage to a chat id, every call through the egress guard; with no inbox to send through, the file fallback.
 */
let t: TestServer;
let graph: WhatsAppGraphFake;
let bot: TelegramBotFake;
let tenantA = '';
let tenantB = '';
const PLATFORM = { phone: '104900000000777', access: 'EAAG-platform-access-777', appSecret: 'app-secret-platform-777x', verify: 'verify-platform-777-xyz' };
const OWN_B = { phone: '104900000000888', access: 'EAAG-tienda-b-access-888', appSecret: 'app-secret-tienda-b-888x', verify: 'verify-tienda-b-888-xyz' };
const BOT = { token: '7000000777:AAH-platform-bot-token-0123456789', id: 7000000777 };

const templates = (to: string) => graph.sent.filter((m) => m.body.to === to && m.body.type === 'template');
const files = () => {
  try {
    return readdirSync(join(t.config.dataDir, 'outbox-mail'));
  } catch {
    return [];
  }
};
async function drain(): Promise<void> {
  const relay = t.server.services.relay;
  for (let i = 0; i < 10; i++) {
    while ((await relay.relayOnce()) > 0);
    let n = 0;
    for (const s of ['identity.phone_code_message', 'identity.invitation_message']) n += await relay.deliverOnce(s);
    if (n === 0) return;
  }
}
const inbox = (tenant: string, i: typeof PLATFORM) =>
  t.request({ method: 'POST', url: `/api/v1/chat/inboxes?tenant_id=${tenant}`, body: { channel_type: 'whatsapp', name: 'WhatsApp', config: { phone_number_id: i.phone, access_token: i.access, app_secret: i.appSecret, verify_token: i.verify } } });

beforeAll(async () => {
  graph = await startWhatsAppGraph();
  bot = await startTelegramBot();
  graph.tokens.set(PLATFORM.phone, PLATFORM.access);
  graph.tokens.set(OWN_B.phone, OWN_B.access);
  graph.templates.add('smarteros_aviso').add('smarteros_codigo');
  bot.bots.set(BOT.token, { id: BOT.id, username: 'smarteros_bot' });
  t = await createTestServer({
    env: {
      SMARTEROS_WHATSAPP_API_URL: graph.url,
      SMARTEROS_TELEGRAM_API_URL: bot.url,
      SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8',
      SMARTEROS_NOTIFY_WHATSAPP_INBOX: PLATFORM.phone,
      SMARTEROS_NOTIFY_WHATSAPP_CODE_TEMPLATE: 'smarteros_codigo',
      SMARTEROS_NOTIFY_WHATSAPP_LANGUAGE: 'es_CL',
      SMARTEROS_NOTIFY_TELEGRAM_INBOX: String(BOT.id),
      SMARTEROS_NOTIFY_SMS_VIA: 'whatsapp',
    },
  });
  tenantA = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_500_301), business_name: 'SmarterOS Operador', contact_email: 'op@op.cl' } })).body.id);
  tenantB = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_500_302), business_name: 'Tienda B', contact_email: 'b@b.cl' } })).body.id);
});
afterAll(async () => {
  await t?.close();
  await graph?.close();
  await bot?.close();
});

describe('notifier transports', () => {
  it('falls back to files while no inbox is connected to send through', async () => {
    expect(t.server.services.notifier.transportFor('whatsapp').name).toBe('whatsapp');
    expect(t.server.services.notifier.transportFor('sms').name).toBe('whatsapp');
    expect(t.server.services.notifier.transportFor('telegram').name).toBe('telegram');
    await t.server.services.notifier.send({ channel: 'whatsapp', to: '+56911110000', subject: 'Código', text: 'Su código SmarterOS es 123456. Vence en 10 minutos.', kind: 'phone_code' });
    expect(graph.sent).toEqual([]);
    expect(files().filter((f) => f.includes('-phone_code-whatsapp-+56911110000'))).toHaveLength(1);
  });

  it("sends a phone code as the authentication template through the platform's inbox", async () => {
    expect((await inbox(tenantA, PLATFORM)).status).toBe(201);
    const sent = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantB}/phone-verifications`, body: { phone: '9 8765 4321', channel: 'whatsapp' } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    await drain();
    const [m] = templates('56987654321');
    expect(m).toMatchObject({ phoneNumberId: PLATFORM.phone, token: PLATFORM.access });
    const template = m!.body.template as { name: string; language: { code: string }; components: Array<{ type: string; parameters: Array<{ text: string }> }> };
    expect(template.name).toBe('smarteros_codigo');
    expect(template.language).toEqual({ code: 'es_CL' });
    const code = template.components.find((c) => c.type === 'body')!.parameters[0]!.text;
    expect(code).toMatch(/^\d{6}$/);
    expect(template.components.find((c) => c.type === 'button')!.parameters[0]!.text).toBe(code);
    expect(files().filter((f) => f.includes('-phone_code-whatsapp-+56987654321'))).toEqual([]);
  });

  it('sends an invitation to a phone as the notice template, its text on one line (Graph refuses new lines)', async () => {
    const res = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantB}/invitations`, body: { phone: '9 5555 1234', role: 'viewer' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await drain();
    const [m] = templates('56955551234');
    const template = m!.body.template as { name: string; components: Array<{ type: string; parameters: Array<{ type: string; text: string }> }> };
    expect(template.name).toBe('smarteros_aviso');
    const text = template.components[0]!.parameters[0]!.text;
    expect(text).toContain('Tienda B');
    expect(text).toMatch(/\/invitations\/accept#/);
    expect(text).not.toMatch(/\n/);
  });

  it("uses the company's own inbox when the message names it, the platform's otherwise; a refusal throws (the outbox retries)", async () => {
    expect((await inbox(tenantB, OWN_B)).status).toBe(201);
    const notifier = t.server.services.notifier;
    await notifier.send({ channel: 'whatsapp', to: '+56922223333', subject: 'Aviso', text: 'Su pedido está listo.', kind: 'notice', tenantId: tenantB });
    await notifier.send({ channel: 'whatsapp', to: '+56922224444', subject: 'Aviso', text: 'Su pedido está listo.', kind: 'notice', tenantId: tenantA });
    expect(templates('56922223333').map((m) => m.phoneNumberId)).toEqual([OWN_B.phone]);
    expect(templates('56922224444').map((m) => m.phoneNumberId)).toEqual([PLATFORM.phone]);
    graph.failNext.push(131026);
    await expect(notifier.send({ channel: 'whatsapp', to: '+56922225555', subject: 'Aviso', text: 'x', kind: 'notice' })).rejects.toThrow(/131026/);
    await expect(notifier.send({ channel: 'whatsapp', to: 'no-es-un-fono', subject: 'Aviso', text: 'x', kind: 'notice' })).rejects.toThrow(/phone number/);
  });

  it("sends a Telegram notice to a chat id by the platform's bot", async () => {
    const notifier = t.server.services.notifier;
    // Before the bot is connected: the file fallback.
    await notifier.send({ channel: 'telegram', to: '55501', subject: 'Invitación', text: 'Acepte aquí: https://x', kind: 'invitation' });
    expect(bot.sent).toEqual([]);
    const made = await t.request({ method: 'POST', url: `/api/v1/chat/inboxes?tenant_id=${tenantA}`, body: { channel_type: 'telegram', name: 'Bot', config: { bot_token: BOT.token } } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await notifier.send({ channel: 'telegram', to: '55501', subject: 'Invitación', text: 'Acepte aquí: https://x', kind: 'invitation' });
    expect(bot.sent).toEqual([expect.objectContaining({ token: BOT.token, chat_id: '55501', text: 'Invitación\n\nAcepte aquí: https://x' })]);
    bot.failNext.push(403);
    await expect(notifier.send({ channel: 'telegram', to: '55501', subject: 'x', text: 'x', kind: 'invitation' })).rejects.toThrow(/403/);
    await expect(notifier.send({ channel: 'telegram', to: '+56911112222 ; drop', subject: 'x', text: 'x', kind: 'invitation' })).rejects.toThrow(/chat id/);
  });
});
