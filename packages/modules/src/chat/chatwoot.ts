import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppError, defineEvent, emitEvent, type Clock, type Database, type EgressGuard, type Tx } from '@smarteros/kernel';
import { sql } from 'kysely';
import { z } from 'zod';
import type { DataKeyRow, Vault } from '../registry/index.ts';
import { messageReceived } from './chat.events.ts';
import { messageOut, queueOutgoing, recordEvent } from './chat.service.ts';
import { RetryableSendError } from './channels.ts';
import type { ChatChannel, ConversationStatus } from './chat.tables.ts';
import type { ChatwootConnectionOutput, CreateChatwootConnectionInput } from './chatwoot.schema.ts';
import type { ChatwootSecretName } from './chatwoot.tables.ts';

/**
 * The Chatwoot connector, for operators who keep Chatwoot. A connection provisions the Chatwoot side (the account by
 * the Platform API when a platform token is given, an API inbox and a signed account webhook by the Application API,
 * `api_access_token` header), then mirrors conversations and messages both ways and acts as Chatwoot's agent bot:
 *
 * - In: `POST /webhooks/chatwoot/:connection_id`. X-Chatwoot-Signature (HMAC-SHA256 of "{timestamp}.{raw body}" with
 *   the webhook secret) is checked on the raw bytes in constant time, a timestamp more than 5 minutes off is refused,
 *   the payload's account must be the connection's, and the delivery is written once per X-Chatwoot-Delivery id
 *   (a unique key) before the 200. Chatwoot gives an account webhook no retry, so the 200 comes as soon as the row is
 *   written; processing (chatwoot.ingest) follows from the database through the outbox.
 * - Chatwoot also sends the same message_created twice under different delivery ids: a message is stored once per
 *   Chatwoot message id (its link row, and the message's external id `cw:<id>`), whatever the delivery.
 * - Out: the replies written in SmarterOS on a mirrored conversation (the assistant's, an agent's) are posted to the
 *   Chatwoot conversation by the outbox's chat.chatwoot_sender, with retries; each carries `source_id: smarteros:<id>`
 *   and its link, so Chatwoot's webhook for it is not stored a second time.
 * - Agent bot: a conversation Chatwoot keeps `pending` is the bot's. The assistant answers it through the Application
 *   API and hands off by toggling the Chatwoot conversation to `open`.
 */
export interface ChatwootDeps {
  db: Database;
  clock: Clock;
  vault: Vault;
  egress: EgressGuard;
  publicUrl: string;
  /** How far X-Chatwoot-Timestamp may be from now (default 5 minutes). */
  maxSkewMs?: number;
  /** Time allowed for one call to Chatwoot (default 15 s). */
  timeoutMs?: number;
  /** How long a connection found by the webhook path (with its opened secret) is reused (default 5 s). */
  routeCacheMs?: number;
  onChange?: (tenantId: string) => void;
  onQueued?: () => void;
}

/** A Chatwoot webhook delivery was written (processed from the database by chatwoot.ingest). */
export const chatwootWebhookReceived = defineEvent('chat.chatwoot_webhook_received', z.object({ delivery_row_id: z.number().int(), connection_id: z.uuid() }), {
  aggregate: (p) => p.connection_id,
});
export const CHATWOOT_EVENTS = [chatwootWebhookReceived];

const secretId = (connectionId: string, name: ChatwootSecretName) => `chatwoot:${connectionId}:${name}`;
const SOURCE_PREFIX = 'smarteros:';
const SUBSCRIPTIONS = ['conversation_created', 'conversation_status_changed', 'conversation_updated', 'message_created'];
const STATUSES: readonly ConversationStatus[] = ['open', 'pending', 'resolved', 'snoozed'];

/** `sha256=<hex>` (or the bare hex) of HMAC-SHA256("{timestamp}.{raw body}"), as Chatwoot signs its webhooks. */
export function chatwootSignature(secret: string, timestamp: string, raw: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex')}`;
}

/** Checks X-Chatwoot-Signature over the untouched bytes, in constant time. */
export function verifyChatwootSignature(raw: Buffer, timestamp: string, signature: string | undefined, secret: string): boolean {
  if (!signature) return false;
  const given = signature.trim().replace(/^sha256=/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const wanted = chatwootSignature(secret, timestamp, raw).slice('sha256='.length);
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(wanted, 'hex'));
}

interface ConnectionRoute {
  tenantId: string;
  connectionId: string;
  accountId: number;
  /** The account webhook's secret and the API inbox's (Chatwoot signs each webhook with its own). */
  secrets: string[];
}

interface Connection {
  id: string;
  base_url: string;
  account_id: number;
  inbox_id: string;
  chatwoot_inbox_id: number | null;
  agent_bot: boolean;
  mirror_inboxes: boolean;
  token: string;
}

/** A Chatwoot answer that a retry will not cure. */
class ChatwootRefused extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ChatwootRefused';
    this.status = status;
  }
}

interface CwSender {
  id?: number | string;
  name?: string | null;
  email?: string | null;
  phone_number?: string | null;
  type?: string;
}
interface CwConversation {
  id?: number | string;
  status?: string;
  inbox_id?: number | string;
  meta?: { sender?: CwSender };
  contact_inbox?: { contact_id?: number | string };
}

const e164 = (p: string | null | undefined): string | null => (typeof p === 'string' && /^\+[1-9]\d{6,14}$/.test(p) ? p : null);
const num = (v: unknown): number | null => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
};
/** Chatwoot's content type; a message of attachments only is named by its first file's type (image, audio, file...). */
function contentTypeOf(p: Record<string, unknown>, content: string | null): string {
  const files = Array.isArray(p.attachments) ? (p.attachments as Array<{ file_type?: unknown }>) : [];
  if ((content === null || content === '') && files.length > 0 && typeof files[0]?.file_type === 'string') return files[0].file_type.slice(0, 40);
  return p.content_type === 'text' || p.content_type === undefined || p.content_type === null ? 'text' : String(p.content_type).slice(0, 40);
}
const invalid = (path: string, message: string) => new AppError('validation_failed', `${path}: ${message}`, { issues: [{ path, message }] });

export function createChatwoot(deps: ChatwootDeps) {
  const { db, clock, vault, egress } = deps;
  const routes = new Map<string, { at: number; route: ConnectionRoute | null }>();
  const routeTtl = deps.routeCacheMs ?? 5000;
  const maxSkewMs = deps.maxSkewMs ?? 5 * 60_000;
  const webhookUrl = (id: string) => `${deps.publicUrl}/webhooks/chatwoot/${id}`;
  const changed = (tenantId: string) => {
    deps.onChange?.(tenantId);
    deps.onQueued?.();
  };

  /**
   * One call to Chatwoot through the egress guard with the api_access_token header. 429, 5xx and no answer are
   * RetryableSendError; another refusal is ChatwootRefused (when connecting, a validation error naming `field`).
   */
  async function call<T>(baseUrl: string, token: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, field?: string): Promise<T> {
    let res: Response;
    try {
      res = await egress.fetch(`${baseUrl}${path}`, {
        method,
        headers: { api_access_token: token, 'content-type': 'application/json', accept: 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        maxRedirects: 0,
        signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
      });
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (field) throw new AppError('upstream_error', `Chatwoot did not answer: ${(err as Error).message}`);
      throw new RetryableSendError(`Chatwoot did not answer: ${(err as Error).message}`);
    }
    const out = (await res.json().catch(() => ({}))) as T & { message?: string; error?: string };
    if (res.ok) return out;
    const why = String(out.message ?? out.error ?? `Chatwoot answered ${res.status}`).slice(0, 300);
    if (field && (res.status === 401 || res.status === 403)) throw invalid(field, 'Chatwoot does not accept this token');
    if (field && res.status === 404) throw invalid(field, 'Chatwoot has no such account or path');
    if (field) throw new AppError('upstream_error', `Chatwoot refused (${res.status}): ${why}`, { status: res.status });
    if (res.status === 429 || res.status >= 500) throw new RetryableSendError(`Chatwoot is busy (${res.status})`);
    throw new ChatwootRefused(res.status, why);
  }

  async function secretsOf(tx: Tx, tenantId: string, ids: string[]) {
    if (ids.length === 0) return [];
    return tx.selectFrom('chatwoot_secrets').select(['connection_id', 'name', 'last4', 'fingerprint']).where('tenant_id', '=', tenantId).where('connection_id', 'in', ids).orderBy('name').execute();
  }

  async function outputs(tx: Tx, tenantId: string, ids?: string[]): Promise<ChatwootConnectionOutput[]> {
    let q = tx.selectFrom('chatwoot_connections').selectAll().where('tenant_id', '=', tenantId);
    if (ids) q = q.where('id', 'in', ids);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    const secrets = await secretsOf(
      tx,
      tenantId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      base_url: r.base_url,
      account_id: Number(r.account_id),
      chatwoot_inbox_id: r.chatwoot_inbox_id === null ? null : Number(r.chatwoot_inbox_id),
      inbox_id: r.inbox_id,
      agent_bot: r.agent_bot,
      mirror_inboxes: r.mirror_inboxes,
      webhook_url: webhookUrl(r.id),
      secrets: secrets.filter((s) => s.connection_id === r.id).map(({ name, last4, fingerprint }) => ({ name, last4, fingerprint })),
      created_at: new Date(r.created_at).toISOString(),
    }));
  }

  /** A connection by its id, on the whole platform (the webhook knows no tenant), with its webhook secret. Cached briefly. */
  async function routeOf(connectionId: string): Promise<ConnectionRoute | null> {
    if (!/^[0-9a-f-]{36}$/i.test(connectionId)) return null;
    const hit = routes.get(connectionId);
    if (hit && clock.now().getTime() - hit.at < routeTtl) return hit.route;
    const rows = await db.platform({ name: 'chat.chatwoot_route', actor: 'system:chat', audit: false, readOnly: true }, (tx) =>
      tx
        .selectFrom('chatwoot_connections as c')
        .leftJoin('chatwoot_secrets as s', (j) => j.onRef('s.tenant_id', '=', 'c.tenant_id').onRef('s.connection_id', '=', 'c.id').on('s.name', 'in', ['webhook_secret', 'inbox_secret']))
        .leftJoin('tenant_data_keys as d', (j) => j.onRef('d.tenant_id', '=', 's.tenant_id').onRef('d.id', '=', 's.data_key_id'))
        .select(['c.tenant_id', 'c.id', 'c.account_id', 's.name', 's.ciphertext', 'd.id as key_id', 'd.master_key_id', 'd.wrapped_key'])
        .where('c.id', '=', connectionId)
        .execute(),
    );
    let route: ConnectionRoute | null = null;
    const first = rows[0];
    if (first) {
      route = { tenantId: first.tenant_id, connectionId: first.id, accountId: Number(first.account_id), secrets: [] };
      for (const r of rows) {
        if (!r.name || !r.ciphertext || !r.key_id || !r.master_key_id || !r.wrapped_key) continue;
        const keyRow: DataKeyRow = { id: r.key_id, master_key_id: r.master_key_id, wrapped_key: r.wrapped_key };
        route.secrets.push(vault.open(r.tenant_id, secretId(r.id, r.name), keyRow, r.ciphertext));
      }
    }
    if (routes.size > 10_000) routes.clear();
    routes.set(connectionId, { at: clock.now().getTime(), route });
    return route;
  }

  /** A connection with its opened api_access_token, in the tenant's transaction. */
  async function connection(tx: Tx, tenantId: string, connectionId: string): Promise<Connection | null> {
    const row = await tx
      .selectFrom('chatwoot_connections as c')
      .innerJoin('chatwoot_secrets as s', (j) => j.onRef('s.tenant_id', '=', 'c.tenant_id').onRef('s.connection_id', '=', 'c.id').on('s.name', '=', 'api_access_token'))
      .innerJoin('tenant_data_keys as d', (j) => j.onRef('d.tenant_id', '=', 's.tenant_id').onRef('d.id', '=', 's.data_key_id'))
      .select(['c.id', 'c.base_url', 'c.account_id', 'c.inbox_id', 'c.chatwoot_inbox_id', 'c.agent_bot', 'c.mirror_inboxes', 's.ciphertext', 'd.id as key_id', 'd.master_key_id', 'd.wrapped_key'])
      .where('c.tenant_id', '=', tenantId)
      .where('c.id', '=', connectionId)
      .executeTakeFirst();
    if (!row) return null;
    const token = vault.open(tenantId, secretId(row.id, 'api_access_token'), { id: row.key_id, master_key_id: row.master_key_id, wrapped_key: row.wrapped_key }, row.ciphertext);
    return {
      id: row.id,
      base_url: row.base_url,
      account_id: Number(row.account_id),
      inbox_id: row.inbox_id,
      chatwoot_inbox_id: row.chatwoot_inbox_id === null ? null : Number(row.chatwoot_inbox_id),
      agent_bot: row.agent_bot,
      mirror_inboxes: row.mirror_inboxes,
      token,
    };
  }

  /** The contact behind a Chatwoot contact, created on first sight (the identity's unique key settles a race). */
  async function contactFor(tx: Tx, tenantId: string, inboxId: string, externalId: string, sender: CwSender): Promise<string> {
    const found = await tx.selectFrom('chat_contact_identities').select('contact_id').where('tenant_id', '=', tenantId).where('inbox_id', '=', inboxId).where('external_id', '=', externalId).executeTakeFirst();
    if (found) return found.contact_id;
    const name = typeof sender.name === 'string' ? sender.name.slice(0, 200) : null;
    const email = typeof sender.email === 'string' && sender.email.length <= 320 ? sender.email : null;
    const contact = await tx.insertInto('chat_contacts').values({ tenant_id: tenantId, name, phone: e164(sender.phone_number), email, rut: null }).returning('id').executeTakeFirstOrThrow();
    const linked = await tx
      .insertInto('chat_contact_identities')
      .values({ tenant_id: tenantId, inbox_id: inboxId, external_id: externalId, contact_id: contact.id, business_scoped_id: null })
      .onConflict((oc) => oc.columns(['tenant_id', 'inbox_id', 'external_id']).doNothing())
      .returning('contact_id')
      .executeTakeFirst();
    if (linked) return linked.contact_id;
    await tx.deleteFrom('chat_contacts').where('tenant_id', '=', tenantId).where('id', '=', contact.id).execute();
    return (await tx.selectFrom('chat_contact_identities').select('contact_id').where('tenant_id', '=', tenantId).where('inbox_id', '=', inboxId).where('external_id', '=', externalId).executeTakeFirstOrThrow()).contact_id;
  }

  /** Chatwoot's status, and who handles it: a pending conversation is the bot's (when the connection's bot is on). */
  const stateOf = (c: Connection, status: unknown): { status: ConversationStatus; handled_by: 'bot' | 'human' } => {
    const s = STATUSES.includes(status as ConversationStatus) ? (status as ConversationStatus) : 'open';
    return { status: s, handled_by: s === 'pending' && c.agent_bot ? 'bot' : 'human' };
  };

  /** The SmarterOS conversation of a Chatwoot conversation, mirrored on first sight (its link's key settles a race). */
  async function conversationFor(tx: Tx, tenantId: string, c: Connection, cw: CwConversation, sender: CwSender | undefined): Promise<string | null> {
    const cwId = num(cw.id);
    if (cwId === null) return null;
    const linked = await tx.selectFrom('chatwoot_conversation_links').select('conversation_id').where('tenant_id', '=', tenantId).where('connection_id', '=', c.id).where('chatwoot_conversation_id', '=', cwId).executeTakeFirst();
    if (linked) return linked.conversation_id;
    // The API inbox holds only the conversations SmarterOS made there (their links come with them): never mirrored back.
    if (c.chatwoot_inbox_id !== null && num(cw.inbox_id) === c.chatwoot_inbox_id) return null;
    const who = cw.meta?.sender ?? sender ?? {};
    const contactCw = num(who.id) ?? num(cw.contact_inbox?.contact_id);
    if (contactCw === null) return null;
    const state = stateOf(c, cw.status);
    const insert = async (contactId: string) =>
      tx
        .insertInto('conversations')
        .values({ tenant_id: tenantId, inbox_id: c.inbox_id, contact_id: contactId, channel: 'chatwoot', status: state.status, handled_by: state.handled_by, assignee_id: null, last_message_at: null, last_incoming_at: null, first_response_at: null, resolved_at: state.status === 'resolved' ? clock.now() : null, csat_score: null })
        .onConflict((oc) => oc.columns(['tenant_id', 'inbox_id', 'contact_id']).where('status', '<>', 'resolved').doNothing())
        .returning('id')
        .executeTakeFirst();
    let made = await insert(await contactFor(tx, tenantId, c.inbox_id, `cw:${contactCw}`, who));
    // Chatwoot lets a contact hold two open conversations; SmarterOS keeps one per contact and inbox, so the second
    // gets a contact of its own (same name and phone), keyed by that conversation.
    made ??= await insert(await contactFor(tx, tenantId, c.inbox_id, `cw:${contactCw}:${cwId}`, who));
    if (!made) return null;
    const link = await tx
      .insertInto('chatwoot_conversation_links')
      .values({ tenant_id: tenantId, connection_id: c.id, chatwoot_conversation_id: cwId, conversation_id: made.id })
      .onConflict((oc) => oc.columns(['tenant_id', 'connection_id', 'chatwoot_conversation_id']).doNothing())
      .returning('conversation_id')
      .executeTakeFirst();
    if (!link) {
      await tx.deleteFrom('conversations').where('tenant_id', '=', tenantId).where('id', '=', made.id).execute();
      return (await tx.selectFrom('chatwoot_conversation_links').select('conversation_id').where('tenant_id', '=', tenantId).where('connection_id', '=', c.id).where('chatwoot_conversation_id', '=', cwId).executeTakeFirstOrThrow()).conversation_id;
    }
    return made.id;
  }

  /** A message_created: stored once per Chatwoot message id; SmarterOS's own messages (source_id) are not stored again. */
  async function mirrorMessage(tx: Tx, tenantId: string, c: Connection, p: Record<string, unknown>): Promise<void> {
    const cwMessageId = num(p.id);
    // The webhook names the type; the serialized message (in some payloads) numbers it: 0 incoming, 1 outgoing.
    const type = p.message_type === 0 ? 'incoming' : p.message_type === 1 ? 'outgoing' : p.message_type;
    if (cwMessageId === null || (type !== 'incoming' && type !== 'outgoing')) return;
    if (typeof p.source_id === 'string' && p.source_id.startsWith(SOURCE_PREFIX)) return;
    const known = await tx.selectFrom('chatwoot_message_links').select('message_id').where('tenant_id', '=', tenantId).where('connection_id', '=', c.id).where('chatwoot_message_id', '=', cwMessageId).executeTakeFirst();
    if (known) return;
    const sender = (p.sender ?? undefined) as CwSender | undefined;
    const conversationId = await conversationFor(tx, tenantId, c, (p.conversation ?? {}) as CwConversation, type === 'incoming' ? sender : undefined);
    if (!conversationId) return;
    const content = typeof p.content === 'string' ? p.content.slice(0, 8000) : null;
    const native = await tx.selectFrom('conversations').select(['id', 'inbox_id', 'channel', 'last_incoming_at']).where('tenant_id', '=', tenantId).where('id', '=', conversationId).executeTakeFirstOrThrow();
    if (native.inbox_id !== c.inbox_id) {
      // A conversation of the company's own channel, mirrored into the API inbox: what Chatwoot's agent writes there
      // goes out through that channel (only replies: a customer never writes in the API inbox).
      if (type === 'outgoing' && content) await replyFromChatwoot(tx, tenantId, c, native, cwMessageId, content, p.private === true, sender);
      return;
    }
    const at = typeof p.created_at === 'number' ? new Date(p.created_at * 1000) : typeof p.created_at === 'string' && !Number.isNaN(Date.parse(p.created_at)) ? new Date(p.created_at) : clock.now();
    const incoming = type === 'incoming';
    const conversation = await tx.selectFrom('conversations').select(['contact_id', 'status', 'handled_by']).where('tenant_id', '=', tenantId).where('id', '=', conversationId).executeTakeFirstOrThrow();
    const row = await tx
      .insertInto('chat_messages')
      .values({
        tenant_id: tenantId,
        conversation_id: conversationId,
        inbox_id: c.inbox_id,
        external_id: `cw:${cwMessageId}`,
        direction: incoming ? 'incoming' : 'outgoing',
        sender_type: incoming ? 'contact' : sender?.type === 'agent_bot' ? 'bot' : 'agent',
        sender_id: incoming ? conversation.contact_id : null,
        content_type: contentTypeOf(p, content),
        content,
        payload: JSON.stringify({ chatwoot_message_id: cwMessageId, sender_name: typeof sender?.name === 'string' ? sender.name : null, attachments: Array.isArray(p.attachments) ? p.attachments : [] }),
        status: incoming ? 'received' : 'sent',
        error_code: null,
        error_message: null,
        private: p.private === true,
        sent_at: at,
        status_at: null,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'inbox_id', 'external_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) return;
    await tx.insertInto('chatwoot_message_links').values({ tenant_id: tenantId, connection_id: c.id, chatwoot_message_id: cwMessageId, message_id: Number(row.id) }).onConflict((oc) => oc.doNothing()).execute();
    await recordEvent(tx, tenantId, conversationId, 'message.created', { message: messageOut(row) });
    if (incoming) {
      await tx
        .updateTable('conversations')
        .set({ last_message_at: sql`greatest(last_message_at, ${at}::timestamptz)`, last_incoming_at: sql`greatest(last_incoming_at, ${at}::timestamptz)`, unread_count: sql`unread_count + 1`, updated_at: clock.now() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', conversationId)
        .execute();
      await emitEvent(tx, tenantId, messageReceived, { conversation_id: conversationId, message_id: Number(row.id), inbox_id: c.inbox_id, contact_id: conversation.contact_id, content_type: row.content_type });
    } else if (p.private !== true) {
      // A person answered in Chatwoot: the conversation is theirs now.
      await tx
        .updateTable('conversations')
        .set({ last_message_at: sql`greatest(last_message_at, ${at}::timestamptz)`, updated_at: clock.now(), first_response_at: sql`coalesce(first_response_at, ${at}::timestamptz)`, ...(sender?.type === 'user' ? { handled_by: 'human' as const } : {}) })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', conversationId)
        .execute();
    }
  }

  /** conversation_status_changed / conversation_updated: the mirrored conversation follows Chatwoot's status. */
  async function mirrorStatus(tx: Tx, tenantId: string, c: Connection, cw: CwConversation): Promise<void> {
    const conversationId = await conversationFor(tx, tenantId, c, cw, undefined);
    if (!conversationId) return;
    const state = stateOf(c, cw.status);
    const done = await tx
      .updateTable('conversations')
      .set({ status: state.status, handled_by: state.handled_by, resolved_at: state.status === 'resolved' ? clock.now() : null, updated_at: clock.now() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', conversationId)
      .where((eb) => eb.or([eb('status', '<>', state.status), eb('handled_by', '<>', state.handled_by)]))
      .returning('id')
      .executeTakeFirst();
    if (done) await recordEvent(tx, tenantId, conversationId, 'conversation.updated', { conversation_id: conversationId, status: state.status, handled_by: state.handled_by });
  }

  /**
   * A Chatwoot agent's answer on a mirrored conversation of the company's own channel: queued for that channel's
   * sender (its link, in the same transaction, keeps it from being mirrored back). Outside WhatsApp's window it is
   * stored as failed with the reason, for the team to see.
   */
  async function replyFromChatwoot(tx: Tx, tenantId: string, c: Connection, conv: { id: string; inbox_id: string; channel: ChatChannel; last_incoming_at: Date | string | null }, cwMessageId: number, content: string, isPrivate: boolean, sender: CwSender | undefined): Promise<void> {
    const payload = { chatwoot_message_id: cwMessageId, sender_name: typeof sender?.name === 'string' ? sender.name : null };
    let row: { id: number };
    try {
      row = await queueOutgoing(tx, tenantId, conv, { content, private: isPrivate, senderType: 'agent', senderId: null, payload }, clock.now());
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'whatsapp_window_closed') throw err;
      row = await tx
        .insertInto('chat_messages')
        .values({ tenant_id: tenantId, conversation_id: conv.id, inbox_id: conv.inbox_id, external_id: null, direction: 'outgoing', sender_type: 'agent', sender_id: null, content_type: 'text', content, payload: JSON.stringify(payload), status: 'failed', error_code: 'whatsapp_window_closed', error_message: null, private: false, sent_at: clock.now(), status_at: clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
    }
    await tx.insertInto('chatwoot_message_links').values({ tenant_id: tenantId, connection_id: c.id, chatwoot_message_id: cwMessageId, message_id: Number(row.id) }).execute();
    if (!isPrivate && sender?.type === 'user') await tx.updateTable('conversations').set({ handled_by: 'human', updated_at: clock.now() }).where('tenant_id', '=', tenantId).where('id', '=', conv.id).execute();
  }

  /** The Chatwoot conversation a SmarterOS conversation is mirrored to, made on first need (a contact, then the conversation, in the API inbox). */
  async function chatwootConversationFor(tenantId: string, c: Connection, conversationId: string): Promise<number> {
    const found = await db.withTenant(tenantId, (tx) =>
      tx.selectFrom('chatwoot_conversation_links').select('chatwoot_conversation_id').where('tenant_id', '=', tenantId).where('connection_id', '=', c.id).where('conversation_id', '=', conversationId).executeTakeFirst(),
    );
    if (found) return Number(found.chatwoot_conversation_id);
    const contact = await db.withTenant(tenantId, (tx) =>
      tx
        .selectFrom('conversations as v')
        .innerJoin('chat_contacts as k', (j) => j.onRef('k.tenant_id', '=', 'v.tenant_id').onRef('k.id', '=', 'v.contact_id'))
        .select(['k.id', 'k.name', 'k.phone', 'k.email', 'v.channel'])
        .where('v.tenant_id', '=', tenantId)
        .where('v.id', '=', conversationId)
        .executeTakeFirstOrThrow(),
    );
    const made = await call<{ payload?: { contact?: { id?: unknown; contact_inboxes?: Array<{ source_id?: unknown }> }; contact_inbox?: { source_id?: unknown } } }>(c.base_url, c.token, 'POST', `/api/v1/accounts/${c.account_id}/contacts`, {
      inbox_id: c.chatwoot_inbox_id,
      name: contact.name ?? contact.phone ?? `Cliente ${contact.channel}`,
      ...(contact.phone ? { phone_number: contact.phone } : {}),
      ...(contact.email ? { email: contact.email } : {}),
      identifier: `smarteros:${contact.id}`,
      custom_attributes: { smarteros_channel: contact.channel },
    });
    const contactId = num(made.payload?.contact?.id);
    const sourceId = made.payload?.contact_inbox?.source_id ?? made.payload?.contact?.contact_inboxes?.[0]?.source_id;
    if (contactId === null || typeof sourceId !== 'string') throw new RetryableSendError('Chatwoot created no contact inbox');
    const conversation = await call<{ id?: unknown }>(c.base_url, c.token, 'POST', `/api/v1/accounts/${c.account_id}/conversations`, { source_id: sourceId, inbox_id: c.chatwoot_inbox_id, contact_id: contactId, status: 'open' });
    const cwId = num(conversation.id);
    if (cwId === null) throw new RetryableSendError('Chatwoot created no conversation id');
    await db.withTenant(tenantId, (tx) => tx.insertInto('chatwoot_conversation_links').values({ tenant_id: tenantId, connection_id: c.id, chatwoot_conversation_id: cwId, conversation_id: conversationId }).execute());
    return cwId;
  }

  async function sealAll(tx: Tx, tenantId: string, connectionId: string, secrets: Partial<Record<ChatwootSecretName, string>>): Promise<void> {
    for (const [name, value] of Object.entries(secrets) as Array<[ChatwootSecretName, string | undefined]>) {
      if (value === undefined) continue;
      const s = await vault.seal(tx, tenantId, secretId(connectionId, name), value);
      await tx.insertInto('chatwoot_secrets').values({ tenant_id: tenantId, connection_id: connectionId, name, data_key_id: s.data_key_id, ciphertext: s.ciphertext, fingerprint: s.fingerprint, last4: s.last4 }).execute();
    }
  }

  return {
    /**
     * Connects a Chatwoot account: creates it (Platform API) when a platform token is given, then an API inbox whose
     * webhook_url is this connection's, and an account webhook (its secret signs what Chatwoot sends) unless the
     * operator gives the secret of one they made. Nothing is written when Chatwoot refuses; the answer holds no secret.
     */
    async createConnection(actor: { id: string }, tenantId: string, input: CreateChatwootConnectionInput): Promise<ChatwootConnectionOutput> {
      const id = randomUUID();
      const url = webhookUrl(id);
      let accountId = input.account_id;
      // Said before anything is made in Chatwoot; the unique key (chatwoot_connections_account_key) is what decides.
      const connected = (account: number) =>
        db.withTenant(tenantId, (tx) => tx.selectFrom('chatwoot_connections').select('id').where('tenant_id', '=', tenantId).where('base_url', '=', input.base_url).where('account_id', '=', account).executeTakeFirst());
      if (accountId !== undefined && (await connected(accountId))) throw new AppError('already_exists', 'This Chatwoot account is already connected to this company');
      if (accountId === undefined) {
        const account = await call<{ id?: unknown }>(input.base_url, input.platform_token!, 'POST', '/platform/api/v1/accounts', { name: input.account_name ?? 'SmarterOS' }, 'platform_token');
        const made = num(account.id);
        if (made === null) throw new AppError('upstream_error', 'Chatwoot created no account id');
        accountId = made;
      }
      const inbox = await call<{ id?: unknown; secret?: unknown }>(input.base_url, input.api_access_token, 'POST', `/api/v1/accounts/${accountId}/inboxes`, { name: input.inbox_name, channel: { type: 'api', webhook_url: url } }, 'api_access_token');
      const chatwootInboxId = num(inbox.id);
      let webhookSecret = input.webhook_secret;
      if (webhookSecret === undefined) {
        const hook = await call<{ payload?: { webhook?: { secret?: unknown } }; secret?: unknown }>(input.base_url, input.api_access_token, 'POST', `/api/v1/accounts/${accountId}/webhooks`, { url, subscriptions: SUBSCRIPTIONS }, 'api_access_token');
        const secret = hook.payload?.webhook?.secret ?? hook.secret;
        if (typeof secret !== 'string' || secret.length < 8) throw invalid('webhook_secret', "Chatwoot's answer holds no webhook secret: give the secret of the webhook made in Chatwoot");
        webhookSecret = secret;
      }
      const out = await db.withTenant(tenantId, async (tx) => {
        const mirror = await tx
          .insertInto('chat_inboxes')
          .values({ tenant_id: tenantId, channel: 'chatwoot', name: `Chatwoot · ${input.inbox_name}`.slice(0, 100), external_id: id, config: JSON.stringify({ base_url: input.base_url, account_id: accountId }), assistant_enabled: input.agent_bot, created_by: actor.id })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('chatwoot_connections')
          .values({ tenant_id: tenantId, id, base_url: input.base_url, account_id: accountId!, chatwoot_inbox_id: chatwootInboxId, inbox_id: mirror.id, agent_bot: input.agent_bot, mirror_inboxes: input.mirror_inboxes, created_by: actor.id })
          .execute();
        // Chatwoot 4.13+ signs the API inbox's own webhooks with the inbox's secret (older ones send none).
        const inboxSecret = typeof inbox.secret === 'string' && inbox.secret.length >= 8 ? inbox.secret : undefined;
        await sealAll(tx, tenantId, id, { api_access_token: input.api_access_token, platform_token: input.platform_token, webhook_secret: webhookSecret, inbox_secret: inboxSecret });
        return (await outputs(tx, tenantId, [id]))[0]!;
      });
      routes.delete(id);
      return out;
    },

    listConnections(tenantId: string): Promise<ChatwootConnectionOutput[]> {
      return db.withTenant(tenantId, (tx) => outputs(tx, tenantId));
    },

    /** Disconnects: the connection, its secrets, deliveries and links go; the mirrored conversations stay, in their inbox. */
    async deleteConnection(tenantId: string, connectionId: string): Promise<void> {
      const done = await db.withTenant(tenantId, (tx) => tx.deleteFrom('chatwoot_connections').where('tenant_id', '=', tenantId).where('id', '=', connectionId).returning('id').executeTakeFirst());
      if (!done) throw new AppError('not_found', 'Chatwoot connection not found');
      routes.delete(connectionId);
    },

    /**
     * A webhook delivery, before its 200: the signature over "{timestamp}.{raw body}", a fresh timestamp, the
     * connection's account; then written once per delivery id with its event. Throws unauthorized (401, nothing
     * written) for a bad or missing signature or a stale timestamp; validation_failed for a bad body.
     */
    async intake(connectionId: string, headers: { signature?: string | undefined; timestamp?: string | undefined; delivery?: string | undefined }, raw: Buffer): Promise<{ duplicate: boolean }> {
      const route = await routeOf(connectionId);
      const ts = headers.timestamp?.trim() ?? '';
      // Every secret is checked (no early exit), so the time taken does not tell which one matched.
      const matches = route && /^\d{1,12}$/.test(ts) ? route.secrets.map((s) => verifyChatwootSignature(raw, ts, headers.signature, s)) : [];
      if (!route || !matches.includes(true)) {
        throw new AppError('unauthorized', 'The Chatwoot signature does not match this connection');
      }
      if (Math.abs(clock.now().getTime() - Number(ts) * 1000) > maxSkewMs) throw new AppError('unauthorized', 'The Chatwoot timestamp is too far from now (a replay?)');
      const delivery = headers.delivery?.trim() ?? '';
      if (!/^[A-Za-z0-9._:-]{1,200}$/.test(delivery)) throw invalid('headers.x-chatwoot-delivery', 'missing or not a delivery id');
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw invalid('body', 'not JSON');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('body', 'not an object');
      const p = body as { event?: unknown; account?: { id?: unknown } };
      if (typeof p.event !== 'string' || p.event.length > 100) throw invalid('body.event', 'missing');
      // Signed with this connection's secret, but for another account: not this connection's to mirror.
      const account = num(p.account?.id);
      if (p.account !== undefined && account !== route.accountId) throw invalid('body.account.id', "not this connection's Chatwoot account");
      const stored = await db.withTenant(route.tenantId, async (tx) => {
        const row = await tx
          .insertInto('chatwoot_deliveries')
          .values({ tenant_id: route.tenantId, connection_id: route.connectionId, delivery_id: delivery, event: p.event as string, payload: JSON.stringify(body), processed_at: null })
          .onConflict((oc) => oc.columns(['tenant_id', 'connection_id', 'delivery_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (row) await emitEvent(tx, route.tenantId, chatwootWebhookReceived, { delivery_row_id: Number(row.id), connection_id: route.connectionId });
        return row !== undefined;
      });
      if (stored) deps.onQueued?.();
      return { duplicate: !stored };
    },

    /** Processes one stored delivery (the outbox's chatwoot.ingest): messages, new conversations, status changes. */
    async ingest(tenantId: string, deliveryRowId: number): Promise<void> {
      await db.withTenant(tenantId, async (tx) => {
        const d = await tx.selectFrom('chatwoot_deliveries').select(['connection_id', 'event', 'payload', 'processed_at']).where('tenant_id', '=', tenantId).where('id', '=', deliveryRowId).executeTakeFirst();
        if (!d || d.processed_at) return;
        const c = await connection(tx, tenantId, d.connection_id);
        if (!c) return;
        const p = d.payload as Record<string, unknown>;
        if (d.event === 'message_created') await mirrorMessage(tx, tenantId, c, p);
        else if (d.event === 'conversation_created') await conversationFor(tx, tenantId, c, p as CwConversation, undefined);
        else if (d.event === 'conversation_status_changed' || d.event === 'conversation_updated') await mirrorStatus(tx, tenantId, c, p as CwConversation);
        await tx.updateTable('chatwoot_deliveries').set({ processed_at: clock.now() }).where('tenant_id', '=', tenantId).where('id', '=', deliveryRowId).execute();
      });
      changed(tenantId);
    },

    /** Drops processed deliveries received before `before` (their messages stay; unprocessed ones are kept). */
    async pruneDeliveries(before: Date): Promise<number> {
      const done = await db.platform({ name: 'chat.chatwoot_deliveries_retention', actor: 'system:chat', audit: false }, (tx) =>
        tx.deleteFrom('chatwoot_deliveries').where('received_at', '<', before).where('processed_at', 'is not', null).executeTakeFirst(),
      );
      return Number(done.numDeletedRows);
    },

    /**
     * Posts one queued SmarterOS message of a mirrored conversation to Chatwoot (the outbox's chat.chatwoot_sender):
     * `source_id: smarteros:<id>` marks it as SmarterOS's, its link keeps the webhook echo out. A bot's hand-off then
     * toggles the Chatwoot conversation to `open`. Retries on 429/5xx (RetryableSendError); a refusal is stored.
     */
    async sendQueued(tenantId: string, messageId: number): Promise<void> {
      const job = await db.withTenant(tenantId, async (tx) => {
        const m = await tx
          .selectFrom('chat_messages as m')
          .innerJoin('chatwoot_conversation_links as l', (j) => j.onRef('l.tenant_id', '=', 'm.tenant_id').onRef('l.conversation_id', '=', 'm.conversation_id'))
          .leftJoin('chatwoot_message_links as ml', (j) => j.onRef('ml.tenant_id', '=', 'm.tenant_id').onRef('ml.connection_id', '=', 'l.connection_id').onRef('ml.message_id', '=', 'm.id'))
          .innerJoin('chatwoot_connections as cc', (j) => j.onRef('cc.tenant_id', '=', 'l.tenant_id').onRef('cc.id', '=', 'l.connection_id').onRef('cc.inbox_id', '=', 'm.inbox_id'))
          .select(['m.id', 'm.status', 'm.content', 'm.payload', 'm.private', 'm.conversation_id', 'l.connection_id', 'l.chatwoot_conversation_id', 'ml.chatwoot_message_id'])
          .where('m.tenant_id', '=', tenantId)
          .where('m.id', '=', messageId)
          .executeTakeFirst();
        // Not a mirrored conversation, came from Chatwoot, or sent already (a redelivery of the event).
        if (!m || m.chatwoot_message_id !== null || m.status !== 'pending') return null;
        const c = await connection(tx, tenantId, m.connection_id);
        return c ? { m, c } : null;
      });
      if (!job) return;
      const { m, c } = job;
      const cwConversation = Number(m.chatwoot_conversation_id);
      const finish = async (set: { status: 'sent' | 'failed'; external_id?: string; error_code?: string; error_message?: string }, cwMessageId: number | null) => {
        await db.withTenant(tenantId, async (tx) => {
          const row = await tx.updateTable('chat_messages').set({ ...set, status_at: clock.now() }).where('tenant_id', '=', tenantId).where('id', '=', messageId).where('status', '=', 'pending').returning('id').executeTakeFirst();
          if (cwMessageId !== null) await tx.insertInto('chatwoot_message_links').values({ tenant_id: tenantId, connection_id: c.id, chatwoot_message_id: cwMessageId, message_id: messageId }).onConflict((oc) => oc.doNothing()).execute();
          if (row) await recordEvent(tx, tenantId, m.conversation_id, 'message.updated', { message_id: String(messageId), status: set.status, error_code: set.error_code ?? null });
        });
        changed(tenantId);
      };
      let posted: { id?: unknown };
      try {
        // The assistant handed off: Chatwoot's agents take it (an agent bot hands off by opening the conversation).
        // Before the reply is posted, so a retry after a failed toggle does not post the reply twice.
        if ((m.payload as { handoff?: unknown }).handoff === 'human') {
          await call(c.base_url, c.token, 'POST', `/api/v1/accounts/${c.account_id}/conversations/${cwConversation}/toggle_status`, { status: 'open' });
        }
        posted = await call<{ id?: unknown }>(c.base_url, c.token, 'POST', `/api/v1/accounts/${c.account_id}/conversations/${cwConversation}/messages`, {
          content: m.content ?? '',
          message_type: 'outgoing',
          private: m.private,
          content_type: 'text',
          source_id: `${SOURCE_PREFIX}${messageId}`,
        });
      } catch (err) {
        if (err instanceof ChatwootRefused) return void (await finish({ status: 'failed', error_code: err.status === 401 || err.status === 403 ? 'chatwoot_reconnect' : err.status === 404 ? 'chatwoot_not_found' : `chatwoot_${err.status}`, error_message: err.message }, null));
        if (err instanceof AppError && err.code === 'egress_refused') return void (await finish({ status: 'failed', error_code: 'egress_refused', error_message: err.message }, null));
        throw err;
      }
      const cwMessageId = num(posted.id);
      await finish({ status: 'sent', ...(cwMessageId === null ? {} : { external_id: `cw:${cwMessageId}` }) }, cwMessageId);
    },

    /**
     * Mirrors one message of the company's own channels (a customer's, a reply, a note) into the API inbox of each
     * connection that mirrors inboxes (the outbox's chat.chatwoot_mirror, on chat.message_received and
     * chat.message_queued): as `incoming` or `outgoing`, with `source_id: smarteros:<id>` and its link. A message that
     * came from Chatwoot (linked) is not sent back. Retries on 429/5xx; a refusal is dropped for that connection.
     */
    async mirrorOut(tenantId: string, messageId: number): Promise<void> {
      const targets = await db.withTenant(tenantId, async (tx) => {
        const m = await tx
          .selectFrom('chat_messages as m')
          .innerJoin('chat_inboxes as i', (j) => j.onRef('i.tenant_id', '=', 'm.tenant_id').onRef('i.id', '=', 'm.inbox_id'))
          .select(['m.id', 'm.direction', 'm.content', 'm.content_type', 'm.private', 'm.conversation_id', 'i.channel'])
          .where('m.tenant_id', '=', tenantId)
          .where('m.id', '=', messageId)
          .executeTakeFirst();
        if (!m || m.channel === 'chatwoot') return [];
        const conns = await tx
          .selectFrom('chatwoot_connections as c')
          .select('c.id')
          .where('c.tenant_id', '=', tenantId)
          .where('c.mirror_inboxes', '=', true)
          .where('c.chatwoot_inbox_id', 'is not', null)
          .where((eb) => eb.not(eb.exists(eb.selectFrom('chatwoot_message_links as ml').select('ml.message_id').whereRef('ml.tenant_id', '=', 'c.tenant_id').whereRef('ml.connection_id', '=', 'c.id').where('ml.message_id', '=', messageId))))
          .orderBy('c.created_at')
          .execute();
        const out: Array<{ m: typeof m; c: Connection }> = [];
        for (const row of conns) {
          const c = await connection(tx, tenantId, row.id);
          if (c) out.push({ m, c });
        }
        return out;
      });
      for (const { m, c } of targets) {
        try {
          const cwConversation = await chatwootConversationFor(tenantId, c, m.conversation_id);
          const content = m.content_type === 'text' ? (m.content ?? '') : `[${m.content_type}] ${m.content ?? ''}`.trim();
          const posted = await call<{ id?: unknown }>(c.base_url, c.token, 'POST', `/api/v1/accounts/${c.account_id}/conversations/${cwConversation}/messages`, {
            content: content === '' ? `[${m.content_type}]` : content,
            message_type: m.direction === 'incoming' ? 'incoming' : 'outgoing',
            private: m.private,
            content_type: 'text',
            source_id: `${SOURCE_PREFIX}${messageId}`,
          });
          const cwMessageId = num(posted.id);
          if (cwMessageId !== null) {
            await db.withTenant(tenantId, (tx) => tx.insertInto('chatwoot_message_links').values({ tenant_id: tenantId, connection_id: c.id, chatwoot_message_id: cwMessageId, message_id: messageId }).onConflict((oc) => oc.doNothing()).execute());
          }
        } catch (err) {
          // Chatwoot refused for good (a deleted inbox, a revoked token): this connection misses this message.
          if (err instanceof ChatwootRefused || (err instanceof AppError && err.code === 'egress_refused')) continue;
          throw err;
        }
      }
    },
  };
}

export type Chatwoot = ReturnType<typeof createChatwoot>;
