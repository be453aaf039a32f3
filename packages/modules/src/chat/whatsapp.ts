import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MessageStatus } from './chat.tables.ts';

/**
 * WhatsApp Cloud API webhooks, as Meta documents them: a POST of `{ object: 'whatsapp_business_account', entry: [{ id,
 * changes: [{ field: 'messages', value: { metadata: { phone_number_id }, contacts, messages, statuses } }] }] }`,
 * signed in `X-Hub-Signature-256` (`sha256=` + HMAC-SHA256 of the raw body with the app secret). Pure functions: the
 * service verifies and stores; these read.
 */

/** True when `header` is `sha256=<hex>` of the HMAC of exactly these bytes (constant time). */
export function verifyHubSignature(raw: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length).trim(), 'hex');
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `sha256=` signature of a body (for tests and the contract fake). */
export const hubSignature = (raw: Buffer | string, appSecret: string): string => `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** One `change.value` of the delivery, with the number it was sent to. */
export interface WhatsAppChange {
  entryId: string | null;
  phoneNumberId: string;
  value: Obj;
}

/**
 * Every `change` of every `entry` that carries a phone number id (Chatwoot reads only the first). Changes of other
 * fields (account updates, templates) are kept out of message processing but still named by their number when they
 * have one.
 */
export function changesOf(body: unknown): WhatsAppChange[] {
  if (!isObj(body)) return [];
  const out: WhatsAppChange[] = [];
  for (const entry of arr(body.entry)) {
    if (!isObj(entry)) continue;
    for (const change of arr(entry.changes)) {
      if (!isObj(change) || !isObj(change.value)) continue;
      const metadata = change.value.metadata;
      const phoneNumberId = isObj(metadata) ? str(metadata.phone_number_id) : null;
      if (phoneNumberId) out.push({ entryId: str(entry.id), phoneNumberId, value: change.value });
    }
  }
  return out;
}

/** A customer's message, in the inbox's terms. */
export interface IncomingMessage {
  externalId: string;
  from: string;
  /** The business-scoped user id, when Meta sends one (it may replace the phone as the identity). */
  businessScopedId: string | null;
  profileName: string | null;
  /** The customer's phone in E.164, when the channel gives it. */
  phone: string | null;
  sentAt: Date;
  contentType: string;
  content: string | null;
  payload: Obj;
}

export interface StatusUpdate {
  externalId: string;
  status: MessageStatus;
  at: Date;
  errorCode: string | null;
  errorMessage: string | null;
}

const when = (timestamp: unknown): Date => {
  const seconds = Number(timestamp);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date(0);
};

const MEDIA = new Set(['image', 'audio', 'video', 'document', 'sticker']);

/** What a message says, by type; every type is kept (unknown ones as `unsupported`, with what came). */
function contentOf(m: Obj): { contentType: string; content: string | null; payload: Obj } {
  const type = str(m.type) ?? 'unsupported';
  const part = isObj(m[type]) ? (m[type] as Obj) : {};
  const context = isObj(m.context) ? { context: m.context } : {};
  if (type === 'text') return { contentType: 'text', content: str(part.body), payload: context };
  if (MEDIA.has(type)) {
    return {
      contentType: type,
      content: str(part.caption),
      payload: { ...context, media: { id: str(part.id), mime_type: str(part.mime_type), sha256: str(part.sha256), filename: str(part.filename), voice: part.voice === true } },
    };
  }
  if (type === 'location') {
    const label = [str(part.name), str(part.address)].filter(Boolean).join(', ');
    return { contentType: 'location', content: label || null, payload: { ...context, location: part } };
  }
  if (type === 'contacts') return { contentType: 'contacts', content: null, payload: { ...context, contacts: m.contacts } };
  if (type === 'interactive') {
    const reply = isObj(part.button_reply) ? part.button_reply : isObj(part.list_reply) ? part.list_reply : isObj(part.nfm_reply) ? part.nfm_reply : {};
    return { contentType: 'interactive', content: str((reply as Obj).title) ?? str((reply as Obj).body), payload: { ...context, interactive: part } };
  }
  if (type === 'button') return { contentType: 'button', content: str(part.text), payload: { ...context, button: part } };
  if (type === 'reaction') return { contentType: 'reaction', content: str(part.emoji), payload: { reaction: part } };
  if (type === 'order') return { contentType: 'order', content: str(part.text), payload: { ...context, order: part } };
  if (type === 'system') return { contentType: 'system', content: str(part.body), payload: { system: part } };
  return { contentType: 'unsupported', content: null, payload: { ...context, type, errors: m.errors ?? null, raw: part } };
}

/** The messages of one change, with the sender's profile from `contacts` (matched by wa_id). */
export function messagesOf(change: WhatsAppChange): IncomingMessage[] {
  const profiles = new Map<string, { name: string | null; userId: string | null }>();
  for (const c of arr(change.value.contacts)) {
    if (!isObj(c)) continue;
    const waId = str(c.wa_id);
    const profile = isObj(c.profile) ? c.profile : {};
    if (waId) profiles.set(waId, { name: str(profile.name), userId: str(c.user_id) });
  }
  const out: IncomingMessage[] = [];
  for (const m of arr(change.value.messages)) {
    if (!isObj(m)) continue;
    const externalId = str(m.id);
    const from = str(m.from);
    if (!externalId || !from) continue;
    const profile = profiles.get(from);
    out.push({ externalId, from, businessScopedId: profile?.userId ?? str(m.from_user_id), profileName: profile?.name ?? null, phone: `+${from.replace(/\D/g, '')}`, sentAt: when(m.timestamp), ...contentOf(m) });
  }
  return out;
}

const STATUS: Record<string, MessageStatus> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };

/** The delivery statuses of our messages in one change. */
export function statusesOf(change: WhatsAppChange): StatusUpdate[] {
  const out: StatusUpdate[] = [];
  for (const s of arr(change.value.statuses)) {
    if (!isObj(s)) continue;
    const externalId = str(s.id);
    const status = STATUS[String(s.status)];
    if (!externalId || !status) continue;
    const error = arr(s.errors).find(isObj);
    out.push({
      externalId,
      status,
      at: when(s.timestamp),
      errorCode: error && error.code !== undefined ? String(error.code) : null,
      errorMessage: error ? (str(error.title) ?? str(error.message)) : null,
    });
  }
  return out;
}

/** Order of delivery statuses: a later one never goes back (read is never undone by a late delivered). */
export const STATUS_RANK: Record<MessageStatus, number> = { received: 0, pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 };
