import { hubSignature } from '@smarteros/modules/chat';

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
