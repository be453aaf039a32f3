import { createHmac } from 'node:crypto';
import type { LatencySummary } from './stats.ts';

/**
 * Signed WhatsApp Cloud API webhooks as Meta sends them, for bench:chat: one text message per delivery, each with its
 * own wamid, from a pool of customers, signed with the inbox's app secret (X-Hub-Signature-256 over the exact bytes).
 *
 * The load itself runs in a process of its own (webhook-load.child.ts): `connections` keep-alive connections (an undici
 * Pool), each sending its next delivery as soon as the previous answer arrives, for a warm-up and then a measured
 * window. Every `redeliveryEvery`-th request is a redelivery: the same bytes and signature as a delivery already sent
 * (chosen at random among the last ones), as Meta retries. Not autocannon: each request has its own body, and the run
 * ends cleanly (a connection starts no request after the window and waits for its answer), so "unique sent" is exact
 * and can be compared with what the database stored.
 */
export interface WebhookLoadJob {
  label: string;
  /** http://host:port */
  origin: string;
  path: string;
  appSecret: string;
  phoneNumberId: string;
  /** Prefix of every wamid of this run: wamid.<tag>.<n> (counted by SQL afterwards). */
  tag: string;
  /** Distinct customers (senders) the messages come from. */
  customers: number;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Every n-th request is a redelivery (5: 20% of the requests). */
  redeliveryEvery: number;
  /** Longest wait for one answer (headers, then body). */
  timeoutMs: number;
}

export interface WebhookCounts {
  completed: number;
  ok: number;
  non200: number;
  status_counts: Record<string, number>;
}

export interface WebhookLoadResult {
  label: string;
  connections: number;
  window: WebhookCounts & {
    ms: number;
    /** 200 answers per second over the window (first deliveries and redeliveries). */
    ok_per_s: number;
    /** 200 answers to first deliveries (a new wamid) per second over the window. */
    new_messages_ok_per_s: number;
    per_second: number[];
    /** Latency of the 200 answers, from the request sent to the whole answer read. */
    latency_ms: LatencySummary;
  };
  whole_run: WebhookCounts & {
    /** Distinct wamids sent (every first delivery: wamid.<tag>.0 .. unique_sent - 1). */
    unique_sent: number;
    redeliveries_sent: number;
    /** Distinct wamids whose first delivery was answered 200. */
    unique_accepted: number;
    /** Connection errors and timeouts (no answer). */
    errors: number;
    duration_ms: number;
  };
  sample_error: { status: number; body: string } | null;
  sample_error_message: string | null;
}

/** One customer's text message, in Meta's delivery shape (ASCII text: Meta would escape anything else). */
export function textDelivery(phoneNumberId: string, wamid: string, customer: number, text: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const from = `569${String(10_000_000 + customer)}`;
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '204900000000009',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '56 9 1234 5678', phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: `Cliente ${customer}` }, wa_id: from }],
              messages: [{ from, id: wamid, timestamp: String(timestamp), type: 'text', text: { body: text } }],
            },
          },
        ],
      },
    ],
  });
}

/** `sha256=` + HMAC-SHA256 of the bytes with the app secret, as Meta signs. */
export const signature = (raw: string, appSecret: string): string => `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;

/** The wamid of the n-th distinct message of a run. */
export const wamidOf = (tag: string, n: number): string => `wamid.${tag}.${n}`;
