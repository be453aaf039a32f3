import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from './whatsapp.ts';

/**
 * Telegram Bot API updates, as Telegram documents them: `{ update_id, message | edited_message | callback_query }`,
 * sent to the webhook set with `setWebhook` and its `secret_token`, which Telegram repeats in
 * `X-Telegram-Bot-Api-Secret-Token` (the bot token never appears in the URL). Pure functions.
 */

/** Constant-time comparison of the secret-token header with the inbox's. */
export function verifyTelegramSecret(header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const a = Buffer.from(header);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const when = (seconds: unknown): Date => (typeof seconds === 'number' && seconds > 0 ? new Date(seconds * 1000) : new Date(0));

function senderName(from: Obj): string | null {
  const name = [str(from.first_name), str(from.last_name)].filter(Boolean).join(' ');
  return name || str(from.username);
}

function contentOf(m: Obj): { contentType: string; content: string | null; payload: Obj } {
  if (str(m.text)) return { contentType: 'text', content: str(m.text), payload: {} };
  for (const type of ['photo', 'voice', 'audio', 'video', 'document', 'sticker'] as const) {
    if (m[type] !== undefined) return { contentType: type === 'photo' ? 'image' : type, content: str(m.caption), payload: { media: m[type] } };
  }
  if (isObj(m.location)) return { contentType: 'location', content: null, payload: { location: m.location } };
  if (isObj(m.contact)) return { contentType: 'contacts', content: null, payload: { contacts: [m.contact] } };
  return { contentType: 'unsupported', content: null, payload: { raw: m } };
}

/**
 * The customer's message of an update: a message, an edited message (its own external id, so the edit is kept beside
 * the original) or a button press (`callback_query`). Messages from groups and channels are not a customer's and are
 * left out.
 */
export function telegramMessage(update: unknown): IncomingMessage | null {
  if (!isObj(update)) return null;
  const edited = isObj(update.edited_message);
  const message = isObj(update.message) ? update.message : edited ? (update.edited_message as Obj) : null;
  if (message) {
    const from = isObj(message.from) ? message.from : null;
    const chat = isObj(message.chat) ? message.chat : null;
    if (!from || !chat || chat.type !== 'private' || from.is_bot === true || typeof message.message_id !== 'number') return null;
    const { contentType, content, payload } = contentOf(message);
    return {
      externalId: `${String(chat.id)}:${message.message_id}${edited ? `:edit:${String(message.edit_date ?? '')}` : ''}`,
      from: String(from.id),
      businessScopedId: null,
      profileName: senderName(from),
      phone: null,
      sentAt: when(edited ? message.edit_date : message.date),
      contentType,
      content,
      payload: edited ? { ...payload, edited: true, message_id: message.message_id } : payload,
    };
  }
  if (isObj(update.callback_query)) {
    const q = update.callback_query;
    const from = isObj(q.from) ? q.from : null;
    if (!from || typeof q.id !== 'string') return null;
    return {
      externalId: `cb:${q.id}`,
      from: String(from.id),
      businessScopedId: null,
      profileName: senderName(from),
      phone: null,
      sentAt: new Date(0),
      contentType: 'button',
      content: str(q.data),
      payload: { callback: q },
    };
  }
  return null;
}
