import { hubSignature } from '@smarteros/modules/chat';
import { expect } from 'vitest';
import type { TestServer } from './test-server.ts';

/** What the chat suites share: the outbox drained by hand, and WhatsApp deliveries signed the way Meta signs them. */

interface Relay {
  relayOnce(): Promise<number>;
  deliverOnce(subscriber: string): Promise<number>;
}

/**
 * Runs the outbox until the named subscribers have nothing left (what the relay loop does in a running server):
 * events relayed to deliveries, then each subscriber's deliveries run, until a round delivers nothing.
 */
export async function drainOutbox(relay: Relay, ...subscribers: string[]): Promise<void> {
  for (let i = 0; i < 20; i++) {
    while ((await relay.relayOnce()) > 0);
    let n = 0;
    for (const s of subscribers) n += await relay.deliverOnce(s);
    if (n === 0) return;
  }
}

/** Meta's delivery shape: every entry, every change (one entry per change here). */
export function whatsappDelivery(changes: Array<{ phone: string; messages?: unknown[]; statuses?: unknown[]; contacts?: unknown[] }>) {
  return {
    object: 'whatsapp_business_account',
    entry: changes.map((c, i) => ({
      id: `20490000000000${i}`,
      changes: [
        {
          field: 'messages',
          value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '56 9 1234 5678', phone_number_id: c.phone }, contacts: c.contacts ?? [], messages: c.messages ?? [], statuses: c.statuses ?? [] },
        },
      ],
    })),
  };
}

/** A text message as Meta sends it (timestamp in seconds). */
export const whatsappText = (id: string, from: string, body: string, ts = 1_780_000_000) => ({ from, id, timestamp: String(ts), type: 'text', text: { body } });

/** A delivery's raw bytes and their X-Hub-Signature-256 under the app secret. */
export function signedDelivery(body: unknown, appSecret: string): { raw: string; signature: string } {
  const raw = JSON.stringify(body);
  return { raw, signature: hubSignature(raw, appSecret) };
}

/** The chat pipeline: a customer's message stored, the assistant's turn, the replies sent. */
const PIPELINE = ['chat.ingest', 'chat.assistant', 'chat.whatsapp_sender'];

/** drainOutbox on a test server's relay: these subscribers, or the chat pipeline when none is named. */
export const drainChat = (t: TestServer, ...subscribers: string[]): Promise<void> => drainOutbox(t.server.services.relay, ...(subscribers.length ? subscribers : PIPELINE));

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
export interface SseEvent {
  id: string | null;
  event: string;
  data: Record<string, unknown>;
}

/**
 * Reads a Server-Sent Events answer while `act` runs, until `until` says it has enough (or 10 s pass; then the events
 * so far), and closes it.
 */
export async function readSse(res: Response, controller: AbortController, act: () => Promise<void>, until: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const timeout = setTimeout(() => controller.abort(), 10_000);
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const lines = buffer.slice(0, cut).split('\n').filter((l) => !l.startsWith(':'));
        buffer = buffer.slice(cut + 2);
        if (lines.length === 0) continue;
        const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
        events.push({ id: field('id'), event: field('event') ?? 'message', data: JSON.parse(field('data') ?? '{}') as Record<string, unknown> });
      }
      if (until(events)) return;
    }
  })();
  await act();
  await reading.catch(() => {});
  clearTimeout(timeout);
  controller.abort();
  return events;
}
