import { createHash } from 'node:crypto';
import { AppError, createGroupCommit, emitEvent, emitEvents, randomToken, sha256Hex, type Clock, type Database, type DB, type EgressGuard, type EventPayload, type OutboxEvent, type Tx } from '@smarteros/kernel';
import { sql, type Selectable } from 'kysely';
import type { RateLimiter } from '../gateway/index.ts';
import type { DataKeyRow, Vault } from '../registry/index.ts';
import { messageQueued, messageReceived, webhookReceived } from './chat.events.ts';
import type {
  ConversationOutput,
  ConversationsQuery,
  CreateInboxInput,
  InboxOutput,
  MessageOutput,
  UpdateInboxInput,
} from './chat.schema.ts';
import type { ChatChannel, ChatEventKind, ConversationStatus, InboxSecretName } from './chat.tables.ts';
import { conversationFilter, labelsOf } from './conversation-filters.ts';
import { changeStatus, csatTarget, recordCsat, wakeOnIncoming } from './conversation-status.ts';
import { RetryableSendError, type ChannelSender, type ChannelSenders, type OutgoingJob, type SendOutcome } from './channels.ts';
import { createTelegramClient, createTelegramSender } from './telegram-send.ts';
import { verifyTelegramSecret, telegramMessage } from './telegram.ts';
import { createWhatsAppSender } from './whatsapp-send.ts';
import { apiInboxParts } from './api-channel.schema.ts';
import { webInboxParts } from './web.schema.ts';
import { changesOf, messagesOf, STATUS_RANK, statusesOf, verifyHubSignature, type IncomingMessage, type StatusUpdate } from './whatsapp.ts';

export interface ChatDeps {
  db: Database;
  clock: Clock;
  vault: Vault;
  /** The console's public address: inboxes show the webhook URL to give the channel. */
  publicUrl: string;
  /** How long an inbox found by its channel id (and its opened secrets) is reused by the webhook path (default 5 s). */
  routeCacheMs?: number;
  /** Every call to a channel's API goes through it. */
  egress: EgressGuard;
  /** The Graph API's base URL, with its version (SMARTEROS_WHATSAPP_API_URL). */
  whatsappApiUrl: string;
  /** The Bot API's base URL (SMARTEROS_TELEGRAM_API_URL). */
  telegramApiUrl: string;
  /** Time allowed for one call to a channel's API (default 15 s). */
  sendTimeoutMs?: number;
  /** Keeps each channel's pacing before a send (the gateway's token buckets; in Redis when it is configured). */
  limiter?: RateLimiter;
  /** The longest a send waits in place for its pacing before it goes back to the outbox (default 2 s). */
  maxPaceWaitMs?: number;
  /** Channel adapters that replace or add to the built-in ones (WhatsApp, Telegram). */
  senders?: ChannelSenders;
  /** Called after a transaction that wrote chat_events committed (the live hub wakes the tenant's screens). */
  onChange?: (tenantId: string) => void;
  /** Called after an outbox event was committed (the relay looks now instead of at its next poll). */
  onQueued?: () => void;
}

/** WhatsApp's customer-service window: free-form messages only this long after the customer's last one. */
export const WHATSAPP_WINDOW_MS = 24 * 3_600_000;

interface Actor {
  id: string;
}

/** An inbox as the webhook path needs it: its tenant and the secrets that check and answer the channel. */
interface Route {
  tenantId: string;
  inboxId: string;
  assistant: boolean;
  secrets: Partial<Record<InboxSecretName, string>>;
}

/** One channel webhook body for one inbox, verified, waiting to be written. */
interface ReceiptInput {
  tenantId: string;
  inboxId: string;
  channel: EventPayload<typeof webhookReceived>['channel'];
  digest: string;
  /** JSON text. */
  payload: string;
}

/** The vault binds a sealed secret to its tenant and this id: a ciphertext moved to another inbox or name does not open. */
export const secretId = (inboxId: string, name: string) => `chat-inbox:${inboxId}:${name}`;

/** An inbox's secrets, opened, in the tenant's transaction (so RLS applies): the sender's and the media's path. */
export async function openInboxSecrets(vault: Vault, tx: Tx, tenantId: string, inboxId: string): Promise<Partial<Record<InboxSecretName, string>>> {
  const rows = await tx
    .selectFrom('chat_inbox_secrets as s')
    .innerJoin('tenant_data_keys as d', (j) => j.onRef('d.tenant_id', '=', 's.tenant_id').onRef('d.id', '=', 's.data_key_id'))
    .select(['s.name', 's.ciphertext', 'd.id as key_id', 'd.master_key_id', 'd.wrapped_key'])
    .where('s.tenant_id', '=', tenantId)
    .where('s.inbox_id', '=', inboxId)
    .execute();
  const out: Partial<Record<InboxSecretName, string>> = {};
  for (const r of rows) out[r.name] = vault.open(tenantId, secretId(inboxId, r.name), { id: r.key_id, master_key_id: r.master_key_id, wrapped_key: r.wrapped_key }, r.ciphertext);
  return out;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function conversationCursor(cursor: string | undefined): { at: string | null; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string | null, string];
    if ((at === null || typeof at === 'string') && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { at, id };
  } catch {
    // falls through to the error below
  }
  throw new AppError('validation_failed', 'querystring.cursor: not a cursor from this list', { issues: [{ path: 'querystring.cursor', message: 'invalid' }] });
}

type MessageRow = Selectable<DB['chat_messages']>;

/** Conversations with their contact, as lists and the live events show them. */
export const conversationQuery = (tx: Tx, tenantId: string) =>
  tx
    .selectFrom('conversations as c')
    .innerJoin('chat_contacts as k', (j) => j.onRef('k.tenant_id', '=', 'c.tenant_id').onRef('k.id', '=', 'c.contact_id'))
    .select(['c.id', 'c.inbox_id', 'c.channel', 'c.status', 'c.handled_by', 'c.assignee_id', 'c.unread_count', 'c.last_message_at', 'c.last_incoming_at', 'c.created_at', 'k.id as contact_id', 'k.name as contact_name', 'k.phone as contact_phone'])
    .select(['c.priority', 'c.snoozed_until', 'c.first_response_at', 'c.resolved_at', 'c.csat_score', labelsOf])
    .where('c.tenant_id', '=', tenantId);

type ConversationRow = Awaited<ReturnType<ReturnType<typeof conversationQuery>['executeTakeFirstOrThrow']>>;

export function conversationOut(r: ConversationRow): ConversationOutput {
  return {
    id: r.id,
    inbox_id: r.inbox_id,
    channel: r.channel,
    status: r.status,
    handled_by: r.handled_by,
    assignee_id: r.assignee_id,
    contact: { id: r.contact_id, name: r.contact_name, phone: r.contact_phone },
    labels: r.labels,
    priority: r.priority,
    snoozed_until: r.status === 'snoozed' ? iso(r.snoozed_until) : null,
    first_response_at: iso(r.first_response_at),
    resolved_at: iso(r.resolved_at),
    csat_score: r.csat_score,
    unread_count: r.unread_count,
    last_message_at: iso(r.last_message_at),
    last_incoming_at: iso(r.last_incoming_at),
    created_at: new Date(r.created_at).toISOString(),
  };
}

/** A message as the API and the live events show it. */
export function messageOut(r: MessageRow): MessageOutput {
  return {
    id: String(r.id),
    external_id: r.external_id,
    direction: r.direction,
    sender_type: r.sender_type,
    content_type: r.content_type,
    content: r.content,
    payload: r.payload,
    status: r.status,
    error_code: r.error_code,
    private: r.private,
    sent_at: new Date(r.sent_at).toISOString(),
  };
}

/** One live event, in the transaction of the change it tells about. */
export async function recordEvent(tx: Tx, tenantId: string, conversationId: string, kind: ChatEventKind, data: Record<string, unknown>): Promise<void> {
  await tx.insertInto('chat_events').values({ tenant_id: tenantId, conversation_id: conversationId, kind, data: JSON.stringify(data) }).execute();
}

/** A conversation as an outgoing message needs it. */
export interface OutgoingTarget {
  id: string;
  inbox_id: string;
  channel: ChatChannel;
  last_incoming_at: Date | string | null;
}

/** Whether WhatsApp's customer-service window is open now (24 hours from the customer's last message). */
export const windowOpen = (c: OutgoingTarget, now: Date): boolean =>
  c.channel !== 'whatsapp' || (c.last_incoming_at !== null && now.getTime() - new Date(c.last_incoming_at).getTime() <= WHATSAPP_WINDOW_MS);

/**
 * Writes an outgoing message, in the caller's transaction. A private note is stored only. A reply is stored as pending
 * with its chat.message_queued event (the channel's sender delivers it from the outbox), only within WhatsApp's window;
 * an agent's reply also marks the conversation read and answered (a bot's does not: the team has not seen it).
 */
export async function queueOutgoing(
  tx: Tx,
  tenantId: string,
  c: OutgoingTarget,
  m: { content: string; private: boolean; senderType: 'agent' | 'bot' | 'system'; senderId: string | null; payload?: Record<string, unknown>; contentType?: 'text' | 'template' | 'image' | 'audio' | 'video' | 'document' },
  now: Date,
): Promise<MessageRow> {
  // An approved template is what WhatsApp accepts outside the window (whatsapp-templates.ts checks it first).
  if (!m.private && m.contentType !== 'template' && !windowOpen(c, now)) {
    throw new AppError('whatsapp_window_closed', "More than 24 hours since the customer's last message: WhatsApp accepts only a template now", {
      last_incoming_at: iso(c.last_incoming_at),
    });
  }
  const row = await tx
    .insertInto('chat_messages')
    .values({
      tenant_id: tenantId,
      conversation_id: c.id,
      inbox_id: c.inbox_id,
      external_id: null,
      direction: 'outgoing',
      sender_type: m.senderType,
      sender_id: m.senderId,
      content_type: m.contentType ?? 'text',
      content: m.content,
      payload: JSON.stringify(m.payload ?? {}),
      status: m.private ? 'sent' : 'pending',
      error_code: null,
      error_message: null,
      private: m.private,
      sent_at: now,
      status_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (!m.private) {
    await tx
      .updateTable('conversations')
      .set(
        m.senderType === 'agent'
          ? { last_message_at: now, unread_count: 0, updated_at: now, first_response_at: sql`coalesce(first_response_at, ${now}::timestamptz)` }
          : m.senderType === 'bot'
            ? { last_message_at: now, updated_at: now, first_response_at: sql`coalesce(first_response_at, ${now}::timestamptz)` }
            : { last_message_at: now, updated_at: now },
      )
      .where('tenant_id', '=', tenantId)
      .where('id', '=', c.id)
      .execute();
    await emitEvent(tx, tenantId, messageQueued, { message_id: Number(row.id), conversation_id: c.id, inbox_id: c.inbox_id });
  }
  await recordEvent(tx, tenantId, c.id, 'message.created', { message: messageOut(row) });
  return row;
}


export function createChatService(deps: ChatDeps) {
  const { db, clock, vault, egress } = deps;
  const changed = (tenantId: string) => {
    deps.onChange?.(tenantId);
    deps.onQueued?.();
  };
  const routeTtl = deps.routeCacheMs ?? 5000;
  const routes = new Map<string, { at: number; route: Route | null }>();
  const timeoutMs = deps.sendTimeoutMs ?? 15_000;
  const telegram = createTelegramClient({ egress, apiUrl: deps.telegramApiUrl, timeoutMs });
  const senders: ChannelSenders = {
    whatsapp: createWhatsAppSender({ egress, apiUrl: deps.whatsappApiUrl, timeoutMs }),
    telegram: createTelegramSender(telegram),
    ...deps.senders,
  };

  /**
   * The webhook receipts, written by group commit: each request waits for the commit that holds its receipt (nothing
   * is acknowledged before it is durable), and the receipts that arrive while a write runs share the next one: one
   * transaction per tenant of the batch, one multi-row insert, one statement for their events.
   */
  const receipts = createGroupCommit<ReceiptInput, boolean>({
    maxBatch: 200,
    write: async (items) => {
      const stored = new Array<boolean>(items.length).fill(false);
      const byTenant = new Map<string, number[]>();
      for (const [i, r] of items.entries()) byTenant.set(r.tenantId, [...(byTenant.get(r.tenantId) ?? []), i]);
      for (const [tenantId, indexes] of byTenant) {
        // One row per (inbox, body): the same delivery twice in a batch is one receipt, like a redelivery later.
        const first = new Map<string, number>();
        for (const i of indexes) {
          const key = `${items[i]!.inboxId}:${items[i]!.digest}`;
          if (!first.has(key)) first.set(key, i);
        }
        const unique = [...first.values()];
        await db.withTenant(tenantId, async (tx) => {
          const rows = await tx
            .insertInto('chat_webhook_receipts')
            .values(unique.map((i) => ({ tenant_id: tenantId, inbox_id: items[i]!.inboxId, channel: items[i]!.channel, body_sha256: items[i]!.digest, payload: items[i]!.payload, processed_at: null })))
            .onConflict((oc) => oc.columns(['tenant_id', 'inbox_id', 'body_sha256']).doNothing())
            .returning(['id', 'inbox_id', 'channel', 'body_sha256'])
            .execute();
          const written = new Map(rows.map((r) => [`${r.inbox_id}:${r.body_sha256}`, r]));
          for (const [key, i] of first) if (written.has(key)) stored[i] = true;
          await emitEvents(
            tx,
            tenantId,
            webhookReceived,
            [...rows].sort((a, b) => Number(a.id) - Number(b.id)).map((r) => ({ receipt_id: Number(r.id), inbox_id: r.inbox_id, channel: items[first.get(`${r.inbox_id}:${r.body_sha256}`)!]!.channel })),
          );
        });
      }
      return stored;
    },
  });

  const webhookUrl = (channel: ChatChannel, inboxId: string): string | null =>
    channel === 'whatsapp' ? `${deps.publicUrl}/webhooks/whatsapp` : channel === 'telegram' ? `${deps.publicUrl}/webhooks/telegram/${inboxId}` : channel === 'api' ? `${deps.publicUrl}/webhooks/chat-api/${inboxId}` : null;

  async function inboxOutputs(tx: Tx, tenantId: string, ids?: string[]): Promise<InboxOutput[]> {
    let q = tx.selectFrom('chat_inboxes').selectAll().where('tenant_id', '=', tenantId);
    if (ids) q = q.where('id', 'in', ids);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    if (rows.length === 0) return [];
    const secrets = await tx
      .selectFrom('chat_inbox_secrets')
      .select(['inbox_id', 'name', 'last4', 'fingerprint'])
      .where('tenant_id', '=', tenantId)
      .where(
        'inbox_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('name')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      channel_type: r.channel,
      name: r.name,
      external_id: r.external_id,
      config: r.config,
      secrets: secrets.filter((s) => s.inbox_id === r.id).map(({ name, last4, fingerprint }) => ({ name, last4, fingerprint })),
      webhook_url: webhookUrl(r.channel, r.id),
      assistant_enabled: r.assistant_enabled,
      csat_enabled: r.csat_enabled,
      assistant_provider_id: r.assistant_provider_id,
      created_at: new Date(r.created_at).toISOString(),
    }));
  }

  /** The inbox a channel's id belongs to, on the whole platform (the webhook knows no tenant yet). Cached briefly. */
  async function routeOf(channel: ChatChannel, externalId: string): Promise<Route | null> {
    const key = `${channel}:${externalId}`;
    const hit = routes.get(key);
    if (hit && clock.now().getTime() - hit.at < routeTtl) return hit.route;
    const rows = await db.platform({ name: 'chat.route_webhook', actor: 'system:chat', audit: false, readOnly: true }, (tx) =>
      tx
        .selectFrom('chat_inboxes as i')
        .leftJoin('chat_inbox_secrets as s', (j) => j.onRef('s.tenant_id', '=', 'i.tenant_id').onRef('s.inbox_id', '=', 'i.id'))
        .leftJoin('tenant_data_keys as d', (j) => j.onRef('d.tenant_id', '=', 's.tenant_id').onRef('d.id', '=', 's.data_key_id'))
        .select(['i.tenant_id', 'i.id', 'i.assistant_enabled', 's.name', 's.ciphertext', 'd.id as key_id', 'd.master_key_id', 'd.wrapped_key'])
        .where('i.channel', '=', channel)
        .where('i.external_id', '=', externalId)
        .execute(),
    );
    let route: Route | null = null;
    if (rows.length > 0) {
      const first = rows[0]!;
      route = { tenantId: first.tenant_id, inboxId: first.id, assistant: first.assistant_enabled, secrets: {} };
      for (const r of rows) {
        if (!r.name || !r.ciphertext || !r.key_id || !r.master_key_id || !r.wrapped_key) continue;
        const keyRow: DataKeyRow = { id: r.key_id, master_key_id: r.master_key_id, wrapped_key: r.wrapped_key };
        route.secrets[r.name] = vault.open(r.tenant_id, secretId(r.id, r.name), keyRow, r.ciphertext);
      }
    }
    if (routes.size > 10_000) routes.clear();
    routes.set(key, { at: clock.now().getTime(), route });
    return route;
  }

  async function sealSecrets(tx: Tx, tenantId: string, inboxId: string, secrets: Partial<Record<InboxSecretName, string>>): Promise<void> {
    for (const [name, value] of Object.entries(secrets) as Array<[InboxSecretName, string]>) {
      const sealed = await vault.seal(tx, tenantId, secretId(inboxId, name), value);
      await tx
        .insertInto('chat_inbox_secrets')
        .values({ tenant_id: tenantId, inbox_id: inboxId, name, data_key_id: sealed.data_key_id, ciphertext: sealed.ciphertext, fingerprint: sealed.fingerprint, last4: sealed.last4 })
        .execute();
    }
  }

  /** A Telegram inbox by its id, with its opened secrets (the webhook path knows no tenant). Cached briefly. */
  async function telegramRoute(inboxId: string): Promise<Route | null> {
    if (!/^[0-9a-f-]{36}$/i.test(inboxId)) return null;
    const key = `telegram-inbox:${inboxId}`;
    const hit = routes.get(key);
    if (hit && clock.now().getTime() - hit.at < routeTtl) return hit.route;
    const external = await db.platform({ name: 'chat.route_telegram', actor: 'system:chat', audit: false, readOnly: true }, (tx) =>
      tx.selectFrom('chat_inboxes').select('external_id').where('id', '=', inboxId).where('channel', '=', 'telegram').executeTakeFirst(),
    );
    const route = external?.external_id ? await routeOf('telegram', external.external_id) : null;
    routes.set(key, { at: clock.now().getTime(), route });
    return route;
  }

  const openSecrets = (tx: Tx, tenantId: string, inboxId: string) => openInboxSecrets(vault, tx, tenantId, inboxId);

  /** The contact behind a channel identity, created on first sight (unique keys make a race end in one contact). */
  async function contactFor(tx: Tx, tenantId: string, inboxId: string, m: IncomingMessage): Promise<string> {
    const found = await tx.selectFrom('chat_contact_identities').select('contact_id').where('tenant_id', '=', tenantId).where('inbox_id', '=', inboxId).where('external_id', '=', m.from).executeTakeFirst();
    if (found) return found.contact_id;
    const contact = await tx
      .insertInto('chat_contacts')
      .values({ tenant_id: tenantId, name: m.profileName, phone: m.phone, email: null, rut: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const linked = await tx
      .insertInto('chat_contact_identities')
      .values({ tenant_id: tenantId, inbox_id: inboxId, external_id: m.from, contact_id: contact.id, business_scoped_id: m.businessScopedId })
      .onConflict((oc) => oc.columns(['tenant_id', 'inbox_id', 'external_id']).doNothing())
      .returning('contact_id')
      .executeTakeFirst();
    if (linked) return linked.contact_id;
    // Another worker linked this identity first: use its contact, drop ours.
    await tx.deleteFrom('chat_contacts').where('tenant_id', '=', tenantId).where('id', '=', contact.id).execute();
    const winner = await tx.selectFrom('chat_contact_identities').select('contact_id').where('tenant_id', '=', tenantId).where('inbox_id', '=', inboxId).where('external_id', '=', m.from).executeTakeFirstOrThrow();
    return winner.contact_id;
  }

  /** The conversation a new message joins: the contact's one that is not resolved, or a new one. */
  async function conversationFor(tx: Tx, tenantId: string, inboxId: string, channel: ChatChannel, contactId: string, assistant: boolean): Promise<string> {
    const active = () =>
      tx.selectFrom('conversations').select('id').where('tenant_id', '=', tenantId).where('inbox_id', '=', inboxId).where('contact_id', '=', contactId).where('status', '<>', 'resolved').executeTakeFirst();
    const found = await active();
    if (found) return found.id;
    const made = await tx
      .insertInto('conversations')
      .values({ tenant_id: tenantId, inbox_id: inboxId, contact_id: contactId, channel, status: assistant ? 'pending' : 'open', handled_by: assistant ? 'bot' : 'human', assignee_id: null, last_message_at: null, last_incoming_at: null, first_response_at: null, resolved_at: null, csat_score: null })
      .onConflict((oc) => oc.columns(['tenant_id', 'inbox_id', 'contact_id']).where('status', '<>', 'resolved').doNothing())
      .returning('id')
      .executeTakeFirst();
    return made ? made.id : (await active())!.id;
  }

  /** Applies a status to a stored message if it moves forward; a status for a message not stored yet waits for it. */
  async function applyStatus(tx: Tx, tenantId: string, inboxId: string, s: StatusUpdate): Promise<void> {
    const rank = STATUS_RANK[s.status];
    const updated = await sql<{ id: number; conversation_id: string }>`
      update chat_messages set status = ${s.status}, status_at = ${s.at}, error_code = coalesce(${s.errorCode}, error_code), error_message = coalesce(${s.errorMessage}, error_message)
      where tenant_id = ${tenantId} and inbox_id = ${inboxId} and external_id = ${s.externalId}
        and (case status when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 when 'failed' then 4 else 0 end) < ${rank}
      returning id, conversation_id`.execute(tx);
    const moved = updated.rows[0] as { id: number; conversation_id: string } | undefined;
    if (moved) {
      await recordEvent(tx, tenantId, moved.conversation_id, 'message.updated', { message_id: String(moved.id), status: s.status, error_code: s.errorCode });
      return;
    }
    const exists = await tx.selectFrom('chat_messages').select('id').where('tenant_id', '=', tenantId).where('inbox_id', '=', inboxId).where('external_id', '=', s.externalId).executeTakeFirst();
    if (exists) return;
    await tx
      .insertInto('chat_pending_statuses')
      .values({ tenant_id: tenantId, inbox_id: inboxId, external_id: s.externalId, status: s.status, status_at: s.at, error_code: s.errorCode, error_message: s.errorMessage })
      .onConflict((oc) => oc.columns(['tenant_id', 'inbox_id', 'external_id', 'status']).doNothing())
      .execute();
  }

  /** Stores a customer's message once (its external id); answers the row, or null when it was stored before. */
  async function storeIncoming(tx: Tx, tenantId: string, inboxId: string, channel: ChatChannel, assistant: boolean, incoming: IncomingMessage): Promise<MessageRow | null> {
    // A channel that gives no time (a Telegram button press) is stamped when it is processed.
    const m = incoming.sentAt.getTime() > 0 ? incoming : { ...incoming, sentAt: clock.now() };
    // A customer seen before, in one statement: their contact, whether it was unreachable, their open conversation.
    const known = await tx
      .selectFrom('chat_contact_identities as ci')
      .innerJoin('chat_contacts as k', (j) => j.onRef('k.tenant_id', '=', 'ci.tenant_id').onRef('k.id', '=', 'ci.contact_id'))
      .leftJoin('conversations as c', (j) =>
        j.onRef('c.tenant_id', '=', 'ci.tenant_id').onRef('c.inbox_id', '=', 'ci.inbox_id').onRef('c.contact_id', '=', 'ci.contact_id').on('c.status', '<>', 'resolved'),
      )
      .select(['ci.contact_id', 'k.unreachable', 'c.id as conversation_id', 'c.status as conversation_status'])
      .where('ci.tenant_id', '=', tenantId)
      .where('ci.inbox_id', '=', inboxId)
      .where('ci.external_id', '=', m.from)
      .executeTakeFirst();
    const contactId = known?.contact_id ?? (await contactFor(tx, tenantId, inboxId, m));
    // A score answering the CSAT survey joins its resolved conversation, which stays resolved (only when none is active).
    const csat = known?.conversation_id ? null : await csatTarget(tx, tenantId, inboxId, contactId, m, clock.now());
    const conversationId = known?.conversation_id ?? csat?.conversationId ?? (await conversationFor(tx, tenantId, inboxId, channel, contactId, assistant));
    const inserted = await tx
      .insertInto('chat_messages')
      .values({
        tenant_id: tenantId,
        conversation_id: conversationId,
        inbox_id: inboxId,
        external_id: m.externalId,
        direction: 'incoming',
        sender_type: 'contact',
        sender_id: contactId,
        content_type: m.contentType,
        content: m.content,
        payload: JSON.stringify(m.payload),
        status: 'received',
        error_code: null,
        error_message: null,
        sent_at: m.sentAt,
        status_at: null,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'inbox_id', 'external_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    // Delivered again (Meta retries for days): already stored, nothing else changes.
    if (!inserted) return null;
    await recordEvent(tx, tenantId, conversationId, 'message.created', { message: messageOut(inserted) });
    if (csat) {
      await recordCsat(tx, tenantId, csat, m.sentAt, clock.now());
      return inserted;
    }
    // A customer who writes again can be reached again (a Telegram user who unblocked the bot).
    if (!known || known.unreachable) {
      await tx.updateTable('chat_contacts').set({ unreachable: false, updated_at: clock.now() }).where('tenant_id', '=', tenantId).where('id', '=', contactId).where('unreachable', '=', true).execute();
    }
    await tx
      .updateTable('conversations')
      .set({
        last_message_at: sql`greatest(last_message_at, ${m.sentAt}::timestamptz)`,
        last_incoming_at: sql`greatest(last_incoming_at, ${m.sentAt}::timestamptz)`,
        unread_count: sql`unread_count + 1`,
        updated_at: clock.now(),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', conversationId)
      .execute();
    // A snoozed conversation the customer writes to is open again.
    if (known?.conversation_status === 'snoozed') await wakeOnIncoming(tx, tenantId, conversationId, clock.now());
    await emitEvent(tx, tenantId, messageReceived, { conversation_id: conversationId, message_id: Number(inserted.id), inbox_id: inboxId, contact_id: contactId, content_type: m.contentType });
    return inserted;
  }

  /**
   * Waits for the channel's pacing (its inbox's and this contact's buckets, taken together): in place for a short wait,
   * else back to the outbox with RetryableSendError (the message stays pending and is tried again after a backoff).
   */
  async function pace(sender: ChannelSender, job: OutgoingJob): Promise<void> {
    if (!deps.limiter || !sender.pacing) return;
    const maxWait = deps.maxPaceWaitMs ?? 2000;
    const started = Date.now();
    for (;;) {
      const r = await deps.limiter.takeAll([
        { key: `chat-pace:inbox:${job.inboxId}`, rule: sender.pacing.inbox },
        { key: `chat-pace:contact:${job.inboxId}:${job.to}`, rule: sender.pacing.contact },
      ]);
      if (r.allowed) return;
      if (Date.now() - started + r.retryAfterMs > maxWait) throw new RetryableSendError(`paced: the channel's rate limit allows the next message in ${r.retryAfterMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, r.retryAfterMs));
    }
  }

  /** Processes stored deliveries of one tenant in one transaction (each once: a processed one is skipped). */
  async function ingestReceipts(tenantId: string, receiptIds: number[]): Promise<void> {
    await db.withTenant(tenantId, async (tx) => {
      // Locked: a second worker with the same receipts (a lease that ran out) waits here, then finds them processed.
      const rows = await tx
        .selectFrom('chat_webhook_receipts as r')
        .innerJoin('chat_inboxes as i', (j) => j.onRef('i.tenant_id', '=', 'r.tenant_id').onRef('i.id', '=', 'r.inbox_id'))
        .select(['r.id', 'r.inbox_id', 'r.channel', 'r.payload', 'r.processed_at', 'i.assistant_enabled'])
        .where('r.tenant_id', '=', tenantId)
        .where('r.id', 'in', receiptIds)
        .orderBy('r.id')
        .forUpdate('r')
        .execute();
      const todo = rows.filter((r) => !r.processed_at);
      if (todo.length === 0) return;
      // The WhatsApp messages stored, per inbox: the statuses that came before them are applied once, at the end.
      const storedIds = new Map<string, string[]>();
      for (const receipt of todo) {
        if (receipt.channel === 'telegram') {
          const m = telegramMessage((receipt.payload as { update?: unknown }).update);
          if (m) await storeIncoming(tx, tenantId, receipt.inbox_id, 'telegram', receipt.assistant_enabled, m);
        }
        const changes = receipt.channel === 'whatsapp' ? ((receipt.payload as { changes?: Array<{ entry_id: string | null; phone_number_id: string; value: Record<string, unknown> }> }).changes ?? []) : [];
        for (const c of changes) {
          const change = { entryId: c.entry_id, phoneNumberId: c.phone_number_id, value: c.value };
          for (const m of messagesOf(change)) {
            await storeIncoming(tx, tenantId, receipt.inbox_id, 'whatsapp', receipt.assistant_enabled, m);
            storedIds.set(receipt.inbox_id, [...(storedIds.get(receipt.inbox_id) ?? []), m.externalId]);
          }
          for (const s of statusesOf(change)) await applyStatus(tx, tenantId, receipt.inbox_id, s);
        }
      }
      // Statuses that came before their message (one statement per inbox for the batch).
      for (const [inboxId, ids] of storedIds) {
        const early = await tx.deleteFrom('chat_pending_statuses').where('tenant_id', '=', tenantId).where('inbox_id', '=', inboxId).where('external_id', 'in', ids).returningAll().execute();
        for (const s of early) await applyStatus(tx, tenantId, inboxId, { externalId: s.external_id, status: s.status, at: new Date(s.status_at), errorCode: s.error_code, errorMessage: s.error_message });
      }
      await tx
        .updateTable('chat_webhook_receipts')
        .set({ processed_at: clock.now() })
        .where('tenant_id', '=', tenantId)
        .where(
          'id',
          'in',
          todo.map((r) => Number(r.id)),
        )
        .execute();
    });
    changed(tenantId);
  }

  return {
    /** For the web and API channels (web.ts, api-channel.ts): a customer's message stored in their own transaction, before their 2xx. */
    storeIncoming,
    /** For the web and API channels: after a transaction that wrote chat_events and outbox events committed. */
    changed,

    /**
     * Connects a channel: the inbox row, its secrets sealed by the vault; the answer never holds a secret. A Telegram
     * bot is asked who it is (getMe: a wrong token is refused before anything is written) and then told where to send
     * its updates (setWebhook with a generated secret_token; the bot token never appears in the URL).
     */
    async createInbox(actor: Actor, tenantId: string, input: CreateInboxInput): Promise<InboxOutput> {
      if (input.channel_type === 'whatsapp') {
        const { access_token, app_secret, verify_token, phone_number_id, ...settings } = input.config;
        return db.withTenant(tenantId, async (tx) => {
          const inbox = await tx
            .insertInto('chat_inboxes')
            .values({ tenant_id: tenantId, channel: 'whatsapp', name: input.name, external_id: phone_number_id, config: JSON.stringify(settings), created_by: actor.id })
            .returning('id')
            .executeTakeFirstOrThrow();
          await sealSecrets(tx, tenantId, inbox.id, { access_token, app_secret, verify_token });
          routes.delete(`whatsapp:${phone_number_id}`);
          return (await inboxOutputs(tx, tenantId, [inbox.id]))[0]!;
        });
      }
      if (input.channel_type === 'web' || input.channel_type === 'api') {
        // One secret each, the tenant's or generated; a generated one is in this answer only (write-only afterwards).
        const parts = input.channel_type === 'web' ? webInboxParts(input.config) : apiInboxParts(input.config);
        return db.withTenant(tenantId, async (tx) => {
          const inbox = await tx
            .insertInto('chat_inboxes')
            .values({ tenant_id: tenantId, channel: input.channel_type, name: input.name, external_id: null, config: JSON.stringify(parts.settings), created_by: actor.id })
            .returning('id')
            .executeTakeFirstOrThrow();
          await sealSecrets(tx, tenantId, inbox.id, parts.secrets);
          const out = (await inboxOutputs(tx, tenantId, [inbox.id]))[0]!;
          return Object.keys(parts.generated).length > 0 ? { ...out, generated_secrets: parts.generated } : out;
        });
      }
      const token = input.config.bot_token;
      const me = await telegram.call<{ id: number; username?: string; is_bot?: boolean }>(token, 'getMe', {}, 'config.bot_token');
      const webhookSecret = randomToken(32);
      const inbox = await db.withTenant(tenantId, async (tx) => {
        const row = await tx
          .insertInto('chat_inboxes')
          .values({ tenant_id: tenantId, channel: 'telegram', name: input.name, external_id: String(me.id), config: JSON.stringify({ username: me.username ?? null }), created_by: actor.id })
          .returning('id')
          .executeTakeFirstOrThrow();
        await sealSecrets(tx, tenantId, row.id, { bot_token: token, webhook_secret: webhookSecret });
        return row;
      });
      try {
        await telegram.call(token, 'setWebhook', { url: webhookUrl('telegram', inbox.id), secret_token: webhookSecret, allowed_updates: ['message', 'edited_message', 'callback_query'] }, 'config.bot_token');
      } catch (err) {
        // Not reachable by Telegram: nothing stays connected.
        await db.withTenant(tenantId, (tx) => tx.deleteFrom('chat_inboxes').where('tenant_id', '=', tenantId).where('id', '=', inbox.id).execute());
        throw err;
      }
      return db.withTenant(tenantId, async (tx) => (await inboxOutputs(tx, tenantId, [inbox.id]))[0]!);
    },

    /**
     * A Telegram update for one inbox, before its 200: the secret-token header must be the inbox's (401 otherwise,
     * nothing written); written once (its body's sha256; update ids are unique per bot) with its event.
     */
    async intakeTelegram(inboxId: string, secretHeader: string | undefined, raw: Buffer): Promise<void> {
      const route = await telegramRoute(inboxId);
      if (!route?.secrets.webhook_secret || !verifyTelegramSecret(secretHeader, route.secrets.webhook_secret)) {
        throw new AppError('unauthorized', 'The Telegram secret token does not match this inbox');
      }
      let update: unknown;
      try {
        update = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new AppError('validation_failed', 'body: not JSON', { issues: [{ path: 'body', message: 'not JSON' }] });
      }
      const digest = createHash('sha256').update(raw).digest('hex');
      const stored = await receipts.submit({ tenantId: route.tenantId, inboxId: route.inboxId, channel: 'telegram', digest, payload: JSON.stringify({ update }) });
      if (stored) deps.onQueued?.();
    },

    listInboxes(tenantId: string): Promise<InboxOutput[]> {
      return db.withTenant(tenantId, (tx) => inboxOutputs(tx, tenantId));
    },

    /** Renames an inbox, or turns its assistant on or off (new conversations start with the bot while it is on). */
    async updateInbox(tenantId: string, inboxId: string, input: UpdateInboxInput): Promise<InboxOutput> {
      return db.withTenant(tenantId, async (tx) => {
        const providerId = input.assistant?.provider_id;
        if (providerId) {
          // The foreign key holds it; this names the field instead of a bare not-found.
          const known = await tx.selectFrom('ai_providers').select('id').where('tenant_id', '=', tenantId).where('id', '=', providerId).executeTakeFirst();
          if (!known) throw new AppError('validation_failed', 'assistant.provider_id: no AI provider of this company has this id', { issues: [{ path: 'assistant.provider_id', message: 'no AI provider of this company has this id' }] });
        }
        const row = await tx
          .updateTable('chat_inboxes')
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.assistant !== undefined ? { assistant_enabled: input.assistant.enabled } : {}),
            ...(providerId !== undefined ? { assistant_provider_id: providerId } : {}),
            ...(input.csat !== undefined ? { csat_enabled: input.csat.enabled } : {}),
            updated_at: clock.now(),
          })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', inboxId)
          .returning(['channel', 'external_id'])
          .executeTakeFirst();
        if (!row) throw new AppError('not_found', 'Inbox not found');
        if (row.external_id !== null) routes.delete(`${row.channel}:${row.external_id}`);
        return (await inboxOutputs(tx, tenantId, [inboxId]))[0]!;
      });
    },

    /**
     * Hands a conversation to a person (open, handled by a human) or back to the assistant (pending, handled by the
     * bot), with a private note of who did it. Handing it where it already is changes nothing.
     */
    async handOff(actor: Actor, tenantId: string, conversationId: string, to: 'human' | 'bot'): Promise<ConversationOutput> {
      const out = await db.withTenant(tenantId, async (tx) => {
        const c = await tx.selectFrom('conversations').select(['id', 'inbox_id', 'channel', 'last_incoming_at', 'handled_by', 'status']).where('tenant_id', '=', tenantId).where('id', '=', conversationId).forUpdate().executeTakeFirst();
        if (!c) throw new AppError('not_found', 'Conversation not found');
        if (to === 'bot') {
          const inbox = await tx.selectFrom('chat_inboxes').select('assistant_enabled').where('tenant_id', '=', tenantId).where('id', '=', c.inbox_id).executeTakeFirstOrThrow();
          if (!inbox.assistant_enabled) throw new AppError('assistant_disabled', "The inbox's assistant is off: turn it on before handing the conversation to it");
        }
        if (c.handled_by !== to || c.status === 'resolved') {
          const now = clock.now();
          await tx
            .updateTable('conversations')
            .set({ handled_by: to, status: to === 'bot' ? 'pending' : 'open', updated_at: now, ...(c.status === 'resolved' ? { resolved_at: null } : {}) })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', c.id)
            .execute();
          const content = to === 'bot' ? 'Conversación devuelta al asistente. / Conversation handed back to the assistant.' : 'Conversación tomada por una persona del equipo. / Conversation taken by a person of the team.';
          await queueOutgoing(tx, tenantId, c, { content, private: true, senderType: 'system', senderId: actor.id, payload: { handoff: to } }, now);
        }
        const conversation = conversationOut(await conversationQuery(tx, tenantId).where('c.id', '=', c.id).executeTakeFirstOrThrow());
        await recordEvent(tx, tenantId, c.id, 'conversation.updated', { conversation });
        return conversation;
      });
      changed(tenantId);
      return out;
    },

    /**
     * Meta's webhook verification (`GET /webhooks/whatsapp`): the challenge back when some inbox's verify token is the
     * one sent. Answers null otherwise (the route says 403).
     */
    async verifyWhatsApp(query: { mode?: string | undefined; token?: string | undefined; challenge?: string | undefined }): Promise<string | null> {
      const { token: given, challenge } = query;
      if (query.mode !== 'subscribe' || !given || !challenge) return null;
      const wanted = sha256Hex(given);
      const rows = await db.platform({ name: 'chat.verify_webhook', actor: 'system:chat', audit: false, readOnly: true }, (tx) =>
        tx
          .selectFrom('chat_inbox_secrets as s')
          .innerJoin('tenant_data_keys as d', (j) => j.onRef('d.tenant_id', '=', 's.tenant_id').onRef('d.id', '=', 's.data_key_id'))
          .select(['s.tenant_id', 's.inbox_id', 's.ciphertext', 'd.id as key_id', 'd.master_key_id', 'd.wrapped_key'])
          .where('s.name', '=', 'verify_token')
          .where('s.last4', '=', given.length >= 12 ? given.slice(-4) : '')
          .execute(),
      );
      for (const r of rows) {
        const token = vault.open(r.tenant_id, secretId(r.inbox_id, 'verify_token'), { id: r.key_id, master_key_id: r.master_key_id, wrapped_key: r.wrapped_key }, r.ciphertext);
        if (sha256Hex(token) === wanted) return challenge;
      }
      return null;
    },

    /**
     * A WhatsApp webhook delivery, before its 200: each change goes to the inbox of its phone_number_id, and only where
     * the signature checks with that inbox's app secret (tenant A's number never writes into B). Each inbox's part is
     * written once (the body's sha256) with its chat.webhook_received event, in one transaction; processing follows
     * from the database. Throws unauthorized when no inbox's secret checks (nothing is written).
     */
    async intakeWhatsApp(raw: Buffer, signature: string | undefined): Promise<{ inboxes: number; stored: number }> {
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new AppError('validation_failed', 'body: not JSON', { issues: [{ path: 'body', message: 'not JSON' }] });
      }
      const byNumber = new Map<string, ReturnType<typeof changesOf>>();
      for (const c of changesOf(body)) byNumber.set(c.phoneNumberId, [...(byNumber.get(c.phoneNumberId) ?? []), c]);
      const verified: Array<{ route: Route; changes: ReturnType<typeof changesOf> }> = [];
      for (const [number, changes] of byNumber) {
        const route = await routeOf('whatsapp', number);
        if (route?.secrets.app_secret && verifyHubSignature(raw, signature, route.secrets.app_secret)) verified.push({ route, changes });
      }
      if (verified.length === 0) throw new AppError('unauthorized', 'The webhook signature does not match any inbox of these numbers');
      const digest = createHash('sha256').update(raw).digest('hex');
      const wrote = await Promise.all(
        verified.map(({ route, changes }) => {
          const payload = { object: 'whatsapp_business_account', changes: changes.map((c) => ({ entry_id: c.entryId, phone_number_id: c.phoneNumberId, value: c.value })) };
          return receipts.submit({ tenantId: route.tenantId, inboxId: route.inboxId, channel: 'whatsapp', digest, payload: JSON.stringify(payload) });
        }),
      );
      const stored = wrote.filter(Boolean).length;
      if (stored > 0) deps.onQueued?.();
      return { inboxes: verified.length, stored };
    },

    /** Processes one stored delivery: contacts, conversations, messages (once per wamid) and statuses (forward only). */
    async ingest(tenantId: string, receiptId: number): Promise<void> {
      await ingestReceipts(tenantId, [receiptId]);
    },

    /**
     * Processes a batch of chat.webhook_received events (the outbox's handleBatch): one transaction per tenant for all
     * its receipts, in the order they were written. All or nothing per tenant: a failure throws, and the outbox then
     * runs each event alone through ingest().
     */
    async ingestEvents(events: OutboxEvent[]): Promise<void> {
      const byTenant = new Map<string, number[]>();
      for (const e of events) byTenant.set(e.tenant_id, [...(byTenant.get(e.tenant_id) ?? []), Number(e.payload.receipt_id)]);
      for (const [tenantId, ids] of byTenant) await ingestReceipts(tenantId, ids);
    },

    /**
     * An agent's reply or private note. A note is stored only. A reply is stored as pending with its chat.message_queued
     * event (the sender delivers it from the outbox); on WhatsApp, only within 24 hours of the customer's last message.
     */
    async postMessage(actor: Actor, tenantId: string, conversationId: string, input: { content: string; private?: boolean | undefined }): Promise<MessageOutput> {
      const out = await db.withTenant(tenantId, async (tx) => {
        const c = await tx.selectFrom('conversations').select(['id', 'inbox_id', 'channel', 'last_incoming_at']).where('tenant_id', '=', tenantId).where('id', '=', conversationId).executeTakeFirst();
        if (!c) throw new AppError('not_found', 'Conversation not found');
        const message = messageOut(await queueOutgoing(tx, tenantId, c, { content: input.content, private: input.private === true, senderType: 'agent', senderId: actor.id }, clock.now()));
        return message;
      });
      changed(tenantId);
      return out;
    },

    /**
     * Delivers one queued message through its channel's adapter (channels.ts), for the outbox's chat.whatsapp_sender,
     * and stores the outcome on the message. At least once: a crash between the channel's answer and the row's update
     * can send it twice (Graph gives no idempotency key). An adapter's RetryableSendError (throttling, outages) goes
     * back to the outbox, which backs off (on the outbox's last attempt it is stored as `<channel>_unavailable`); a final
     * refusal is stored on the message with its error code.
     */
    async sendQueued(tenantId: string, messageId: number, options: { lastAttempt?: boolean } = {}): Promise<void> {
      const found = await db.withTenant(tenantId, async (tx) => {
        const job = await tx
          .selectFrom('chat_messages as m')
          .innerJoin('conversations as c', (j) => j.onRef('c.tenant_id', '=', 'm.tenant_id').onRef('c.id', '=', 'm.conversation_id'))
          .innerJoin('chat_inboxes as i', (j) => j.onRef('i.tenant_id', '=', 'm.tenant_id').onRef('i.id', '=', 'm.inbox_id'))
          .innerJoin('chat_contact_identities as ci', (j) => j.onRef('ci.tenant_id', '=', 'c.tenant_id').onRef('ci.inbox_id', '=', 'c.inbox_id').onRef('ci.contact_id', '=', 'c.contact_id'))
          .select(['m.id', 'm.status', 'm.content_type', 'm.content', 'm.payload', 'm.inbox_id', 'm.conversation_id', 'i.channel', 'i.external_id as inbox_external_id', 'ci.external_id as to'])
          .where('m.tenant_id', '=', tenantId)
          .where('m.id', '=', messageId)
          .executeTakeFirst();
        // Sent already (a redelivery of the event), or gone.
        if (!job || job.status !== 'pending' || !senders[job.channel]) return null;
        return { job, secrets: await openSecrets(tx, tenantId, job.inbox_id) };
      });
      if (!found) return;
      const { job, secrets } = found;
      const out: OutgoingJob = {
        tenantId,
        messageId,
        conversationId: job.conversation_id,
        inboxId: job.inbox_id,
        channel: job.channel,
        inboxExternalId: job.inbox_external_id,
        to: job.to,
        contentType: job.content_type,
        content: job.content ?? '',
        payload: (job.payload ?? {}) as Record<string, unknown>,
      };
      // Throws RetryableSendError for what a later try may cure: the outbox backs off and tries again.
      const sender = senders[job.channel]!;
      let outcome: SendOutcome;
      try {
        await pace(sender, out);
        outcome = await sender.send(out, secrets);
      } catch (err) {
        // The outbox's last try: the message says it was not sent, instead of staying "sending" for ever.
        if (!(err instanceof RetryableSendError) || !options.lastAttempt) throw err;
        outcome = { failed: `${job.channel}_unavailable`, message: err.message.slice(0, 500) };
      }
      await db.withTenant(tenantId, async (tx) => {
        if ('sent' in outcome) {
          const row = await tx
            .updateTable('chat_messages')
            .set({ external_id: outcome.sent, status: 'sent', status_at: clock.now() })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', messageId)
            .where('status', '=', 'pending')
            .returning(['conversation_id'])
            .executeTakeFirst();
          if (row) await recordEvent(tx, tenantId, row.conversation_id, 'message.updated', { message_id: String(messageId), status: 'sent', error_code: null });
          // Statuses the channel sent before this row knew its id.
          const early = await tx.deleteFrom('chat_pending_statuses').where('tenant_id', '=', tenantId).where('inbox_id', '=', job.inbox_id).where('external_id', '=', outcome.sent).returningAll().execute();
          for (const s of early) await applyStatus(tx, tenantId, job.inbox_id, { externalId: s.external_id, status: s.status, at: new Date(s.status_at), errorCode: s.error_code, errorMessage: s.error_message });
          return;
        }
        if (outcome.unreachable) {
          // Nothing will reach the customer until they write again (a Telegram user who blocked the bot).
          await tx.updateTable('chat_contacts').set({ unreachable: true, updated_at: clock.now() }).where('tenant_id', '=', tenantId).where('id', 'in', (eb) => eb.selectFrom('conversations').select('contact_id').where('tenant_id', '=', tenantId).where('id', '=', job.conversation_id)).execute();
        }
        const row = await tx
          .updateTable('chat_messages')
          .set({ status: 'failed', error_code: outcome.failed, error_message: outcome.message, status_at: clock.now() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', messageId)
          .where('status', '=', 'pending')
          .returning(['conversation_id'])
          .executeTakeFirst();
        if (row) await recordEvent(tx, tenantId, row.conversation_id, 'message.updated', { message_id: String(messageId), status: 'failed', error_code: outcome.failed });
      });
      changed(tenantId);
    },

    async getConversation(tenantId: string, conversationId: string): Promise<ConversationOutput> {
      const row = await db.withTenant(tenantId, (tx) => conversationQuery(tx, tenantId).where('c.id', '=', conversationId).executeTakeFirst());
      if (!row) throw new AppError('not_found', 'Conversation not found');
      return conversationOut(row);
    },

    /**
     * Changes a conversation: its status (resolve, reopen, snooze, pending), its assignee, or marks it read. One live
     * `conversation.updated` event with the conversation as it now is.
     */
    async updateConversation(
      tenantId: string,
      conversationId: string,
      change: { status?: ConversationStatus; snoozed_until?: string | null | undefined; assignee_id?: string | null; read?: true },
    ): Promise<ConversationOutput> {
      const out = await db.withTenant(tenantId, async (tx) => {
        const now = clock.now();
        const set: Record<string, unknown> = { updated_at: now };
        if (change.status) await changeStatus(tx, tenantId, conversationId, change.status, change.snoozed_until, now);
        if (change.assignee_id) {
          const member = await tx.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).where('user_id', '=', change.assignee_id).executeTakeFirst();
          if (!member) throw new AppError('validation_failed', 'assignee_id: not a member of this company', { issues: [{ path: 'assignee_id', message: 'not a member of this company' }] });
        }
        if (change.assignee_id !== undefined) set.assignee_id = change.assignee_id;
        if (change.read) set.unread_count = 0;
        const done = await tx.updateTable('conversations').set(set).where('tenant_id', '=', tenantId).where('id', '=', conversationId).returning('id').executeTakeFirst();
        if (!done) throw new AppError('not_found', 'Conversation not found');
        const row = await conversationQuery(tx, tenantId).where('c.id', '=', conversationId).executeTakeFirstOrThrow();
        const conversation = conversationOut(row);
        await recordEvent(tx, tenantId, conversationId, 'conversation.updated', { conversation });
        return conversation;
      });
      changed(tenantId);
      return out;
    },

    /**
     * Of these messages, the customer messages of conversations the assistant holds (handled by the bot, not
     * resolved): one read for a batch, so the assistant's subscriber skips the others without a transaction each.
     */
    async forAssistant(tenantId: string, messageIds: number[]): Promise<Set<number>> {
      if (messageIds.length === 0) return new Set();
      const rows = await db.withTenant(tenantId, (tx) =>
        tx
          .selectFrom('chat_messages as m')
          .innerJoin('conversations as c', (j) => j.onRef('c.tenant_id', '=', 'm.tenant_id').onRef('c.id', '=', 'm.conversation_id'))
          .select('m.id')
          .where('m.tenant_id', '=', tenantId)
          .where('m.id', 'in', messageIds)
          .where('m.direction', '=', 'incoming')
          .where('c.handled_by', '=', 'bot')
          .where('c.status', '<>', 'resolved')
          .execute(),
      );
      return new Set(rows.map((r) => Number(r.id)));
    },

    /** Drops live events older than `before` (a screen away that long reloads instead of replaying). */
    async pruneEvents(before: Date): Promise<number> {
      const done = await db.platform({ name: 'chat.events_retention', actor: 'system:chat', audit: false }, (tx) => tx.deleteFrom('chat_events').where('created_at', '<', before).executeTakeFirst());
      return Number(done.numDeletedRows);
    },

    async listConversations(tenantId: string, q: ConversationsQuery, userId: string | null = null): Promise<{ items: ConversationOutput[]; next_cursor: string | null }> {
      const after = conversationCursor(q.cursor);
      return db.withTenant(tenantId, async (tx) => {
        let query = conversationQuery(tx, tenantId).where(conversationFilter(q, userId));
        if (q.status) query = query.where('c.status', '=', q.status);
        if (q.inbox_id) query = query.where('c.inbox_id', '=', q.inbox_id);
        if (after) {
          // Newest activity first (never-written conversations last), then by id: a stable keyset.
          query = after.at === null ? query.where(sql<boolean>`c.last_message_at is null and c.id > ${after.id}::uuid`) : query.where(sql<boolean>`(c.last_message_at < ${after.at}::timestamptz or c.last_message_at is null or (c.last_message_at = ${after.at}::timestamptz and c.id > ${after.id}::uuid))`);
        }
        const rows = await query.orderBy(sql`c.last_message_at desc nulls last`).orderBy('c.id').limit(q.limit + 1).execute();
        const page = rows.slice(0, q.limit);
        const last = page[page.length - 1];
        return {
          items: page.map(conversationOut),
          next_cursor: rows.length > q.limit && last ? Buffer.from(JSON.stringify([iso(last.last_message_at), last.id])).toString('base64url') : null,
        };
      });
    },

    /** A conversation's messages, newest first; another tenant's conversation is not found. */
    async listMessages(tenantId: string, conversationId: string, q: { limit: number; cursor?: string | undefined }): Promise<{ items: MessageOutput[]; next_cursor: string | null }> {
      const before = q.cursor === undefined ? undefined : Number(q.cursor);
      if (before !== undefined && (!Number.isSafeInteger(before) || before <= 0)) {
        throw new AppError('validation_failed', 'querystring.cursor: not a cursor from this list', { issues: [{ path: 'querystring.cursor', message: 'invalid' }] });
      }
      return db.withTenant(tenantId, async (tx) => {
        const conversation = await tx.selectFrom('conversations').select('id').where('tenant_id', '=', tenantId).where('id', '=', conversationId).executeTakeFirst();
        if (!conversation) throw new AppError('not_found', 'Conversation not found');
        let query = tx.selectFrom('chat_messages').selectAll().where('tenant_id', '=', tenantId).where('conversation_id', '=', conversationId);
        if (before !== undefined) query = query.where('id', '<', before);
        const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
        const page = rows.slice(0, q.limit);
        return {
          items: page.map(messageOut),
          next_cursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null,
        };
      });
    },
  };
}

export type ChatService = ReturnType<typeof createChatService>;
