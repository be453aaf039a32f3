import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppError, deriveKey, type Clock, type Database } from '@smarteros/kernel';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { DataKeyRow, Vault } from '../registry/index.ts';
import type { ChannelSender } from './channels.ts';
import type { InboxSecretName } from './chat.tables.ts';
import { messageOut, secretId, type ChatService } from './chat.service.ts';
import type { MessageOutput } from './chat.schema.ts';
import type { ChatLive, LiveEvent } from './live.ts';
import type { VisitorMessage } from './web.schema.ts';

/**
 * The web widget's channel: a tenant's site shows the widget (GET /widget.js), whose visitors are anonymous or vouched
 * for by the site (identity verification), hold a signed visitor token, write messages (stored before the 2xx, once
 * per client message id), read their conversation and follow the replies live. Only the inbox's allowed origins are
 * served. An agent's reply needs no outside API: the web sender marks it sent and the visitor's stream shows it.
 */

export interface WebInbox {
  tenantId: string;
  inboxId: string;
  name: string;
  assistant: boolean;
  allowedOrigins: string[];
  greeting: string | null;
  identitySecret: string | null;
}

/** A visitor, as its token says: the tenant, the inbox and the channel identity of its contact. */
export interface Visitor {
  tenantId: string;
  inboxId: string;
  /** `v:<uuid>` for an anonymous visitor, `u:<user id>` for a user the site vouched for. */
  identity: string;
  verified: boolean;
  name: string | null;
}

export interface WebChannelDeps {
  db: Database;
  clock: Clock;
  vault: Vault;
  chat: ChatService;
  live: ChatLive;
  /** The server's token secret (SMARTEROS_JWT_SECRET): visitor tokens are signed with a key derived from it. */
  secret: string;
  /** The `iss` of visitor tokens (SMARTEROS_JWT_ISSUER). */
  issuer: string;
  /** How long a visitor token lasts (default 30 days). */
  tokenTtlSeconds?: number;
  /** How long an inbox's settings are reused (default 5 s). */
  cacheMs?: number;
}

const ALG = 'HS256';
const audienceOf = (inboxId: string) => `smarteros-chat-web:${inboxId}`;
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** The hex HMAC-SHA256 of a user id with the inbox's identity secret: what the tenant's server computes. */
export const userHash = (identitySecret: string, userId: string): string => createHmac('sha256', identitySecret).update(userId, 'utf8').digest('hex');

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A message as the visitor sees it: no sender ids, no external ids, never a private note. */
export function visitorMessageOf(m: MessageOutput): VisitorMessage {
  return {
    id: m.id,
    client_message_id: m.direction === 'incoming' && m.external_id ? (m.external_id.split('|').at(-1) ?? null) : null,
    direction: m.direction,
    sender_type: m.sender_type,
    content_type: m.content_type,
    content: m.content,
    status: m.status,
    sent_at: m.sent_at,
  };
}

/** The web channel's sender: nothing to call, the visitor's stream shows the reply; it is sent once it is stored. */
export function createWebSender(): ChannelSender {
  return { send: async (job) => ({ sent: `web:${job.messageId}` }) };
}

/** An inbox row as the public doors (the widget's, the API channel's) read it, before they know its tenant. */
export interface InboxRow {
  tenant_id: string;
  id: string;
  name: string;
  config: unknown;
  assistant_enabled: boolean;
}

/**
 * Finds an inbox of one channel by its id on the whole platform (a public door knows no tenant yet), with one of its
 * secrets opened by the vault; cached briefly (a few seconds), also when there is no such inbox.
 */
export function inboxLookup<T>(deps: { db: Database; clock: Clock; vault: Vault; cacheMs: number }, channel: 'web' | 'api', secretName: InboxSecretName, build: (row: InboxRow, secret: string | null) => T) {
  const cache = new Map<string, { at: number; value: T | null }>();
  return async (inboxId: string): Promise<T | null> => {
    if (!isUuid(inboxId)) return null;
    const hit = cache.get(inboxId);
    if (hit && deps.clock.now().getTime() - hit.at < deps.cacheMs) return hit.value;
    const r = await deps.db.platform({ name: `chat.${channel}_inbox`, actor: 'system:chat', audit: false, readOnly: true }, (tx) =>
      tx
        .selectFrom('chat_inboxes as i')
        .leftJoin('chat_inbox_secrets as s', (j) => j.onRef('s.tenant_id', '=', 'i.tenant_id').onRef('s.inbox_id', '=', 'i.id').on('s.name', '=', secretName))
        .leftJoin('tenant_data_keys as d', (j) => j.onRef('d.tenant_id', '=', 's.tenant_id').onRef('d.id', '=', 's.data_key_id'))
        .select(['i.tenant_id', 'i.id', 'i.name', 'i.config', 'i.assistant_enabled', 's.ciphertext', 'd.id as key_id', 'd.master_key_id', 'd.wrapped_key'])
        .where('i.id', '=', inboxId)
        .where('i.channel', '=', channel)
        .executeTakeFirst(),
    );
    let value: T | null = null;
    if (r) {
      const keyRow: DataKeyRow | null = r.key_id && r.master_key_id && r.wrapped_key ? { id: r.key_id, master_key_id: r.master_key_id, wrapped_key: r.wrapped_key } : null;
      value = build(r, keyRow && r.ciphertext ? deps.vault.open(r.tenant_id, secretId(r.id, secretName), keyRow, r.ciphertext) : null);
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(inboxId, { at: deps.clock.now().getTime(), value });
    return value;
  };
}

export type VisitorLive = { type: 'message'; id: number; message: VisitorMessage } | { type: 'status'; id: number; message_id: string; status: string } | { type: 'reset' };

export function createWebChannel(deps: WebChannelDeps) {
  const { db, clock, vault, chat, live } = deps;
  const key = deriveKey(deps.secret, 'chat-web-visitor');
  const ttl = deps.tokenTtlSeconds ?? 30 * 86_400;
  const cacheMs = deps.cacheMs ?? 5000;
  /** Which web identity a conversation belongs to ('' when it is not a web conversation of that inbox), by conversation. */
  const owners = new Map<string, string>();

  const inbox = inboxLookup({ db, clock, vault, cacheMs }, 'web', 'identity_secret', (r, secret): WebInbox => {
    const config = (r.config ?? {}) as { allowed_origins?: unknown; greeting?: unknown };
    return {
      tenantId: r.tenant_id,
      inboxId: r.id,
      name: r.name,
      assistant: r.assistant_enabled,
      allowedOrigins: Array.isArray(config.allowed_origins) ? config.allowed_origins.filter((o): o is string => typeof o === 'string') : [],
      greeting: typeof config.greeting === 'string' ? config.greeting : null,
      identitySecret: secret,
    };
  });

  /** The inbox of a public widget request, when `origin` is one of its allowed origins; 403 otherwise (404: no such inbox). */
  async function inboxFor(inboxId: string, origin: string | undefined): Promise<WebInbox> {
    const found = await inbox(inboxId);
    if (!found) throw new AppError('not_found', 'No web inbox with this id');
    if (!origin || !found.allowedOrigins.includes(origin)) throw new AppError('forbidden', 'This site is not one of the inbox’s allowed origins');
    return found;
  }

  async function issue(v: Visitor): Promise<{ token: string; expires_at: string }> {
    const now = Math.floor(clock.now().getTime() / 1000);
    const token = await new SignJWT({ tid: v.tenantId, vrf: v.verified, ...(v.name ? { name: v.name } : {}) })
      .setProtectedHeader({ alg: ALG, typ: 'JWT' })
      .setSubject(v.identity)
      .setIssuer(deps.issuer)
      .setAudience(audienceOf(v.inboxId))
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + ttl)
      .sign(key);
    return { token, expires_at: new Date((now + ttl) * 1000).toISOString() };
  }

  /** The visitor of a token for this inbox: HS256 only, this issuer, this inbox's audience, not expired, this tenant. */
  async function verify(found: WebInbox, token: string | undefined): Promise<Visitor> {
    if (!token) throw new AppError('unauthorized', 'X-Visitor-Token is missing: start a session first');
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: [ALG], issuer: deps.issuer, audience: audienceOf(found.inboxId), requiredClaims: ['exp', 'sub'], currentDate: clock.now(), clockTolerance: 5 });
      if (payload.tid !== found.tenantId || typeof payload.sub !== 'string' || !/^[vu]:/.test(payload.sub)) throw new AppError('unauthorized', 'The visitor token is not for this inbox');
      return { tenantId: found.tenantId, inboxId: found.inboxId, identity: payload.sub, verified: payload.vrf === true, name: typeof payload.name === 'string' ? payload.name : null };
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new AppError('unauthorized', 'The visitor token has expired: start a session again', { reason: 'token_expired' });
      throw new AppError('unauthorized', 'The visitor token is not valid');
    }
  }

  /** The conversations of a visitor in its inbox (every one, oldest first). */
  const conversationsOf = (v: Visitor) =>
    db.withTenant(v.tenantId, (tx) =>
      tx
        .selectFrom('conversations as c')
        .innerJoin('chat_contact_identities as ci', (j) => j.onRef('ci.tenant_id', '=', 'c.tenant_id').onRef('ci.inbox_id', '=', 'c.inbox_id').onRef('ci.contact_id', '=', 'c.contact_id'))
        .select('c.id')
        .where('c.tenant_id', '=', v.tenantId)
        .where('c.inbox_id', '=', v.inboxId)
        .where('ci.external_id', '=', v.identity)
        .orderBy('c.created_at')
        .execute(),
    );

  /** Whose web conversation this is ('' for none), asked once per conversation and server. */
  async function ownerOf(tenantId: string, inboxId: string, conversationId: string): Promise<string> {
    const hit = owners.get(conversationId);
    if (hit !== undefined) return hit;
    const row = await db.withTenant(tenantId, (tx) =>
      tx
        .selectFrom('conversations as c')
        .innerJoin('chat_contact_identities as ci', (j) => j.onRef('ci.tenant_id', '=', 'c.tenant_id').onRef('ci.inbox_id', '=', 'c.inbox_id').onRef('ci.contact_id', '=', 'c.contact_id'))
        .select('ci.external_id')
        .where('c.tenant_id', '=', tenantId)
        .where('c.id', '=', conversationId)
        .where('c.inbox_id', '=', inboxId)
        .executeTakeFirst(),
    );
    if (owners.size > 50_000) owners.clear();
    owners.set(conversationId, row?.external_id ?? '');
    return row?.external_id ?? '';
  }

  return {
    inboxFor,

    /**
     * Starts or resumes a visitor's session. A site that passes `user_id` must pass `user_hash` =
     * HMAC-SHA256(identity_secret, user_id): a wrong one is refused (401) and the visitor is bound to that user; a valid
     * token of an anonymous visitor resumes it; otherwise a new anonymous visitor. Writes nothing (the contact is
     * made with the first message).
     */
    async startSession(found: WebInbox, input: { token?: string | undefined; user_id?: string | undefined; user_hash?: string | undefined; name?: string | undefined }) {
      let visitor: Visitor | null = null;
      if (input.user_id !== undefined) {
        if (!found.identitySecret || !input.user_hash || !sameHex(userHash(found.identitySecret, input.user_id), input.user_hash)) {
          throw new AppError('unauthorized', 'user_hash does not match user_id: the site must sign it with the inbox’s identity secret', { field: 'user_hash' });
        }
        visitor = { tenantId: found.tenantId, inboxId: found.inboxId, identity: `u:${input.user_id}`, verified: true, name: input.name ?? null };
      } else if (input.token) {
        const earlier = await verify(found, input.token).catch(() => null);
        // A vouched-for user who is no longer signed in on the site does not keep that user's conversation.
        if (earlier && !earlier.verified) visitor = earlier;
      }
      visitor ??= { tenantId: found.tenantId, inboxId: found.inboxId, identity: `v:${randomUUID()}`, verified: false, name: null };
      const { token, expires_at } = await issue(visitor);
      return { token, expires_at, verified: visitor.verified, inbox: { name: found.name, greeting: found.greeting } };
    },

    verify,

    /**
     * A visitor's message, durably stored (with its live event and chat.message_received) before the answer; the same
     * client_message_id again stores nothing and answers the stored one.
     */
    async postMessage(v: Visitor, found: WebInbox, input: { client_message_id: string; content: string }): Promise<{ message: VisitorMessage; created: boolean }> {
      const externalId = `${v.identity}|${input.client_message_id}`;
      const out = await db.withTenant(v.tenantId, async (tx) => {
        const row = await chat.storeIncoming(tx, v.tenantId, v.inboxId, 'web', found.assistant, {
          externalId,
          from: v.identity,
          businessScopedId: null,
          profileName: v.name,
          phone: null,
          sentAt: clock.now(),
          contentType: 'text',
          content: input.content,
          payload: v.verified ? { verified_user: true } : {},
        });
        if (row) return { row, created: true };
        const stored = await tx.selectFrom('chat_messages').selectAll().where('tenant_id', '=', v.tenantId).where('inbox_id', '=', v.inboxId).where('external_id', '=', externalId).executeTakeFirstOrThrow();
        return { row: stored, created: false };
      });
      if (out.created) chat.changed(v.tenantId);
      return { message: visitorMessageOf(messageOut(out.row)), created: out.created };
    },

    /** The visitor's messages (its conversations in this inbox, never a private note), oldest first: the last 200. */
    async listMessages(v: Visitor): Promise<VisitorMessage[]> {
      return db.withTenant(v.tenantId, async (tx) => {
        const rows = await tx
          .selectFrom('chat_messages as m')
          .innerJoin('conversations as c', (j) => j.onRef('c.tenant_id', '=', 'm.tenant_id').onRef('c.id', '=', 'm.conversation_id'))
          .innerJoin('chat_contact_identities as ci', (j) => j.onRef('ci.tenant_id', '=', 'c.tenant_id').onRef('ci.inbox_id', '=', 'c.inbox_id').onRef('ci.contact_id', '=', 'c.contact_id'))
          .selectAll('m')
          .where('m.tenant_id', '=', v.tenantId)
          .where('c.inbox_id', '=', v.inboxId)
          .where('ci.external_id', '=', v.identity)
          .where('m.private', '=', false)
          .orderBy('m.id', 'desc')
          .limit(200)
          .execute();
        return rows.reverse().map((r) => visitorMessageOf(messageOut(r)));
      });
    },

    /**
     * Follows the visitor's conversations live from `after` (the last event id it saw; null: from now), through the
     * agents' hub (live.ts): only its own conversations' events, never a private note.
     */
    async follow(v: Visitor, after: number | null, send: (m: VisitorLive) => void): Promise<() => void> {
      for (const c of await conversationsOf(v)) owners.set(c.id, v.identity);
      let queue = Promise.resolve();
      const handle = async (e: LiveEvent) => {
        if (e.kind === 'conversation.updated') return;
        if ((await ownerOf(v.tenantId, v.inboxId, e.conversation_id)) !== v.identity) return;
        if (e.kind === 'message.created') {
          const m = (e.data as { message?: MessageOutput }).message;
          if (m && !m.private) send({ type: 'message', id: e.id, message: visitorMessageOf(m) });
        } else if (e.kind === 'message.updated') {
          const d = e.data as { message_id?: string; status?: string };
          if (d.message_id && d.status) send({ type: 'status', id: e.id, message_id: d.message_id, status: d.status });
        }
      };
      return live.follow(v.tenantId, after, (message) => {
        // In order, one event after the other (an owner may need one query).
        queue = queue.then(async () => {
          if (message.type === 'reset') send({ type: 'reset' });
          else for (const e of message.events) await handle(e);
        }).catch(() => {});
      });
    },
  };
}

export type WebChannel = ReturnType<typeof createWebChannel>;
