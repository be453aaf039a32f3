import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError, type Clock, type Database, type EgressGuard } from '@smarteros/kernel';
import type { Vault } from '../registry/index.ts';
import { apiIncomingMessage } from './api-channel.schema.ts';
import { RetryableSendError, type ChannelSender } from './channels.ts';
import type { ChatService } from './chat.service.ts';
import { inboxLookup } from './web.ts';

/**
 * The API channel: the tenant's own system is the channel. It POSTs its customers' messages to
 * `/webhooks/chat-api/:inbox_id`, signed with the inbox's signing secret, and gets the team's replies POSTed to its
 * `webhook_url`, signed the same way:
 *
 *     X-SmarterOS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(signing_secret, "<t>.<raw body>")>
 *
 * A signature older (or newer) than five minutes is refused, so a captured request cannot be replayed later.
 */

export const SIGNATURE_HEADER = 'x-smarteros-signature';
/** How far a signature's timestamp may be from now. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The header value for a body signed at `t` (unix seconds). */
export function apiSignature(secret: string, t: number, raw: Buffer | string): string {
  const mac = createHmac('sha256', secret).update(`${t}.`, 'utf8').update(typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw).digest('hex');
  return `t=${t},v1=${mac}`;
}

/**
 * Whether the header signs these raw bytes with this secret at a time within the tolerance of `nowSeconds`; compared
 * in constant time. Several v1= values are accepted (a secret being rotated).
 */
export function verifyApiSignature(header: string | undefined, raw: Buffer, secret: string, nowSeconds: number, toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS): boolean {
  if (!header || header.length > 1000) return false;
  let t: number | null = null;
  const macs: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && v && /^[0-9a-f]{64}$/i.test(v)) macs.push(v.toLowerCase());
  }
  if (t === null || macs.length === 0 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const wanted = Buffer.from(apiSignature(secret, t, raw).slice(`t=${t},v1=`.length), 'utf8');
  let ok = false;
  for (const mac of macs) ok = timingSafeEqual(Buffer.from(mac, 'utf8'), wanted) || ok;
  return ok;
}

interface ApiInbox {
  tenantId: string;
  inboxId: string;
  assistant: boolean;
  signingSecret: string | null;
}

export interface ApiChannelDeps {
  db: Database;
  clock: Clock;
  vault: Vault;
  chat: ChatService;
  /** How long an inbox (and its opened secret) is reused (default 5 s). */
  cacheMs?: number;
}

export function createApiChannel(deps: ApiChannelDeps) {
  const { db, clock, vault, chat } = deps;
  const cacheMs = deps.cacheMs ?? 5000;
  const inbox = inboxLookup({ db, clock, vault, cacheMs }, 'api', 'signing_secret', (r, secret): ApiInbox => ({ tenantId: r.tenant_id, inboxId: r.id, assistant: r.assistant_enabled, signingSecret: secret }));

  return {
    /**
     * One message from the tenant's system, before its 2xx: the signature must check on the raw bytes with the inbox's
     * signing secret and a fresh timestamp (401 otherwise, nothing written); the body is validated (400 naming the
     * field); the message is stored once per caller's message_id (the unique external id) with its live and outbox
     * events, in one transaction.
     */
    async intake(inboxId: string, signature: string | undefined, raw: Buffer): Promise<{ id: string; conversation_id: string; created: boolean }> {
      const found = await inbox(inboxId);
      const now = Math.floor(clock.now().getTime() / 1000);
      if (!found?.signingSecret || !verifyApiSignature(signature, raw, found.signingSecret, now)) {
        throw new AppError('unauthorized', 'X-SmarterOS-Signature does not sign this body with the inbox’s secret at a current time');
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new AppError('validation_failed', 'body: not JSON', { issues: [{ path: 'body', message: 'not JSON' }] });
      }
      const parsed = apiIncomingMessage.safeParse(body);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message }));
        throw new AppError('validation_failed', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
      }
      const m = parsed.data;
      const out = await db.withTenant(found.tenantId, async (tx) => {
        const row = await chat.storeIncoming(tx, found.tenantId, found.inboxId, 'api', found.assistant, {
          externalId: m.message_id,
          from: m.contact.id,
          businessScopedId: null,
          profileName: m.contact.name ?? null,
          phone: m.contact.phone ?? null,
          sentAt: m.sent_at ? new Date(m.sent_at) : clock.now(),
          contentType: 'text',
          content: m.content,
          payload: {},
        });
        if (row) return { id: String(row.id), conversation_id: row.conversation_id, created: true };
        const stored = await tx.selectFrom('chat_messages').select(['id', 'conversation_id']).where('tenant_id', '=', found.tenantId).where('inbox_id', '=', found.inboxId).where('external_id', '=', m.message_id).executeTakeFirstOrThrow();
        return { id: String(stored.id), conversation_id: stored.conversation_id, created: false };
      });
      if (out.created) chat.changed(found.tenantId);
      return out;
    },
  };
}

export type ApiChannel = ReturnType<typeof createApiChannel>;

/**
 * The API channel's sender: the reply POSTed as JSON to the inbox's webhook_url, signed, through the egress guard.
 * 2xx: sent. 408, 429, 5xx, a timeout or no answer: RetryableSendError (the outbox backs off and tries again). Any
 * other 4xx: failed for good, `api_webhook_rejected` with the status and the start of the answer on the message.
 * X-SmarterOS-Delivery carries the message's id: a receiver that sees it twice (a retry after a lost answer) can drop it.
 */
export function createApiSender(deps: { db: Database; clock: Clock; egress: EgressGuard; timeoutMs: number }): ChannelSender {
  return {
    async send(job, secrets) {
      const secret = secrets.signing_secret;
      if (!secret) return { failed: 'api_webhook_rejected', message: 'The inbox has no signing secret' };
      const inbox = await deps.db.withTenant(job.tenantId, (tx) => tx.selectFrom('chat_inboxes').select('config').where('tenant_id', '=', job.tenantId).where('id', '=', job.inboxId).executeTakeFirst());
      const url = (inbox?.config as { webhook_url?: unknown } | undefined)?.webhook_url;
      if (typeof url !== 'string') return { failed: 'api_webhook_rejected', message: 'The inbox has no webhook_url' };
      const raw = JSON.stringify({
        type: 'message.created',
        message: { id: String(job.messageId), conversation_id: job.conversationId, inbox_id: job.inboxId, contact_id: job.to, content_type: job.contentType, content: job.content },
      });
      const t = Math.floor(deps.clock.now().getTime() / 1000);
      let res: Response;
      try {
        res = await deps.egress.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-smarteros-signature': apiSignature(secret, t, raw), 'x-smarteros-delivery': String(job.messageId), 'user-agent': 'SmarterOS-Chat/1' },
          body: raw,
          maxRedirects: 0,
          signal: AbortSignal.timeout(deps.timeoutMs),
        });
      } catch (err) {
        if (err instanceof AppError && err.code === 'egress_refused') return { failed: 'egress_refused', message: err.message };
        throw new RetryableSendError(`The webhook did not answer: ${(err as Error).message}`);
      }
      const text = (await res.text().catch(() => '')).slice(0, 300);
      // Our own id, never the receiver's (which could be one of the caller's incoming message ids).
      if (res.ok) return { sent: `api:${job.messageId}` };
      if (res.status === 408 || res.status === 429 || res.status >= 500) throw new RetryableSendError(`The webhook answered ${res.status}`);
      return { failed: 'api_webhook_rejected', message: `HTTP ${res.status}${text ? `: ${text}` : ''}` };
    },
  };
}
