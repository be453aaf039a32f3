import { hubSignature } from '@smarteros/modules/chat';
import { expect } from 'vitest';
import type { TestServer } from './test-server.ts';

/** Helpers of the chat tests: the relay's loop run by hand, and Meta posting a signed webhook. */

/** What the server's relay loop does: the outbox's events to these subscribers until none is left. */
export async function drainChat(t: TestServer, ...subscribers: string[]): Promise<void> {
  const relay = t.server.services.relay;
  for (let i = 0; i < 20; i++) {
    while ((await relay.relayOnce()) > 0);
    let n = 0;
    for (const s of subscribers) n += await relay.deliverOnce(s);
    if (n === 0) return;
  }
}

/** A signed WhatsApp delivery of one change for this number; answers 200 or the test fails. */
export async function postWhatsAppChange(t: TestServer, inbox: { phone: string; appSecret: string }, value: Record<string, unknown>): Promise<void> {
  const raw = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: inbox.phone }, ...value } }] }] });
  const res = await t.request({ method: 'POST', url: '/webhooks/whatsapp', token: null, body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(raw, inbox.appSecret) } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** A WhatsApp inbox for the tenant, with these credentials (and a WhatsApp Business Account id when given). */
export async function connectWhatsApp(t: TestServer, tenantId: string, inbox: { phone: string; appSecret: string; access: string; verify: string; waba?: string }): Promise<string> {
  const made = await t.request({
    method: 'POST',
    url: `/api/v1/chat/inboxes?tenant_id=${tenantId}`,
    body: { channel_type: 'whatsapp', name: 'WhatsApp', config: { phone_number_id: inbox.phone, ...(inbox.waba ? { waba_id: inbox.waba } : {}), access_token: inbox.access, app_secret: inbox.appSecret, verify_token: inbox.verify } },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return String(made.body.id);
}
