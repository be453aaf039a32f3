import { createHash, randomUUID } from 'node:crypto';
import { AppError, type Database, type EgressGuard, type Timestamp } from '@smarteros/kernel';
import type { Generated } from 'kysely';
import type { Vault } from '../registry/index.ts';
import type { MessageOutput } from './chat.schema.ts';
import { messageOut, openInboxSecrets, queueOutgoing, recordEvent, windowOpen } from './chat.service.ts';

/**
 * The files customers send on WhatsApp. An incoming image, audio, video, document or sticker carries Meta's media id
 * (and its sha256 and mime type) in its payload (whatsapp.ts). The `chat.media` subscriber downloads it after the
 * message is stored: `GET /{media-id}` on the Graph API gives a URL that lives 5 minutes; the URL is read with the
 * inbox's token at once (a URL that expired is asked for again), both through the egress guard, never more than the
 * configured size, and the bytes must have the sha256 Meta announced — or nothing is stored. One row per message.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media
 */

export interface ChatAttachmentsTable {
  tenant_id: string;
  id: Generated<string>;
  message_id: number;
  conversation_id: string;
  media_id: string;
  status: 'stored' | 'failed';
  mime_type: string | null;
  file_name: string | null;
  byte_size: number | null;
  sha256: string | null;
  content: Buffer | null;
  error_code: string | null;
  created_at: Generated<Timestamp>;
}

declare module '@smarteros/kernel' {
  interface DB {
    chat_attachments: ChatAttachmentsTable;
  }
}

export const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'document', 'sticker']);

/** A download a later try may cure (Graph down, throttled): the outbox tries again with backoff. */
export class RetryableMediaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryableMediaError';
  }
}

/** Why a file was not stored (on the attachment row; the console words each as chat.media.<code>). */
export type MediaFailure = 'media_not_found' | 'media_too_large' | 'media_checksum_mismatch' | 'media_expired' | 'whatsapp_reconnect' | 'egress_refused';

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'application/pdf': 'pdf',
};

/** A mime type fit for a header (Meta's, or octet-stream when it is not one). */
export const cleanMime = (mime: string | null | undefined): string => {
  const base = (mime ?? '').split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/.test(base) ? base : 'application/octet-stream';
};

/** Types the browser may show in the page (the rest are downloads): never HTML, SVG or anything that runs. */
export const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/aac', 'video/mp4']);

/** A file name fit for content-disposition: the customer's (documents) without path or control characters, or made up. */
export function fileNameOf(given: string | null, type: string, messageId: number, mime: string): string {
  const cleaned = [...(given ?? '')].filter((ch) => ch.charCodeAt(0) >= 32 && ch.charCodeAt(0) !== 127 && !'\\/"'.includes(ch)).join('').trim().slice(0, 200);
  if (cleaned && cleaned !== '.' && cleaned !== '..') return cleaned;
  return `${type}-${messageId}.${EXTENSIONS[mime] ?? 'bin'}`;
}

/** Whether an announced sha256 (hex, or base64 as some webhooks carry it) is this digest. */
export function sameDigest(announced: string, digest: Buffer): boolean {
  const a = announced.trim();
  return a.toLowerCase() === digest.toString('hex') || a.replace(/=+$/, '') === digest.toString('base64').replace(/=+$/, '') || a.replace(/=+$/, '') === digest.toString('base64url');
}

/** What WhatsApp accepts from a business, by mime type: the message type it goes as. */
const OUTGOING: Record<string, 'image' | 'audio' | 'video' | 'document'> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'audio/aac': 'audio',
  'audio/amr': 'audio',
  'audio/mpeg': 'audio',
  'audio/mp4': 'audio',
  'audio/ogg': 'audio',
  'video/mp4': 'video',
  'video/3gpp': 'video',
  'application/pdf': 'document',
  'text/plain': 'document',
  'application/msword': 'document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
  'application/vnd.ms-excel': 'document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'document',
  'application/vnd.ms-powerpoint': 'document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'document',
};
export const OUTGOING_MEDIA_TYPES = Object.keys(OUTGOING);

/** A multipart/form-data body (Graph's media upload): its fields, then one file. */
function multipart(fields: Record<string, string>, file: { name: string; fileName: string; mime: string; bytes: Buffer }): { contentType: string; body: Buffer } {
  const boundary = `----smarteros${randomUUID().replace(/-/g, '')}`;
  const quoted = (v: string) => v.replace(/["\r\n]/g, '_');
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${file.name}"; filename="${quoted(file.fileName)}"\r\ncontent-type: ${file.mime}\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}

/** Reads a body up to `max` bytes; null when it is larger (the rest is not read). */
async function readCapped(res: Response, max: number): Promise<Buffer | null> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    return null;
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

export interface MediaDeps {
  db: Database;
  vault: Vault;
  egress: EgressGuard;
  /** The Graph API's base URL, with its version (SMARTEROS_WHATSAPP_API_URL). */
  apiUrl: string;
  /** The largest file kept (SMARTEROS_CHAT_MEDIA_MAX_BYTES). */
  maxBytes: number;
  timeoutMs?: number;
  /** The clock (WhatsApp's window is counted on it). */
  now: () => Date;
  /** After a transaction that wrote chat_events committed. */
  onChange?: (tenantId: string) => void;
  /** After an outgoing file was queued (the live screens and the relay wake up). */
  onQueued?: (tenantId: string) => void;
}

/** Metadata calls per download: a URL that expired before it was read is asked for again, this many times in all. */
const METADATA_TRIES = 3;

type Outcome = { stored: Buffer; mime: string; sha256: string } | { failed: MediaFailure };

export function createWhatsAppMedia(deps: MediaDeps) {
  const { db, vault, egress } = deps;
  const timeoutMs = deps.timeoutMs ?? 30_000;

  async function call(url: string, token: string): Promise<Response> {
    try {
      return await egress.fetch(url, { headers: { authorization: `Bearer ${token}`, 'user-agent': 'SmarterOS' }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      if (err instanceof AppError && err.code === 'egress_refused') throw err;
      throw new RetryableMediaError(`WhatsApp did not answer: ${(err as Error).message}`);
    }
  }

  /** Metadata, then the bytes, within the URL's life; checked against the announced sha256. */
  async function fetchMedia(mediaId: string, token: string, announced: string | null): Promise<Outcome> {
    for (let i = 0; i < METADATA_TRIES; i++) {
      const meta = await call(`${deps.apiUrl}/${encodeURIComponent(mediaId)}`, token);
      const info = (await meta.json().catch(() => ({}))) as { url?: string; sha256?: string; mime_type?: string; file_size?: number; error?: { code?: number } };
      if (!meta.ok) {
        if (meta.status >= 500 || info.error?.code === 130429 || info.error?.code === 4) throw new RetryableMediaError(`WhatsApp answered ${meta.status} for the media`);
        if (info.error?.code === 190 || meta.status === 401) return { failed: 'whatsapp_reconnect' };
        return { failed: 'media_not_found' };
      }
      if (!info.url) return { failed: 'media_not_found' };
      if (typeof info.file_size === 'number' && info.file_size > deps.maxBytes) return { failed: 'media_too_large' };
      const file = await call(info.url, token);
      // An expired (or already rotated) URL: ask for a new one.
      if (file.status === 404 || file.status === 403 || file.status === 410 || file.status === 401) {
        await file.body?.cancel();
        continue;
      }
      if (!file.ok) {
        await file.body?.cancel();
        throw new RetryableMediaError(`WhatsApp answered ${file.status} for the file`);
      }
      const bytes = await readCapped(file, deps.maxBytes);
      if (bytes === null) return { failed: 'media_too_large' };
      const digest = createHash('sha256').update(bytes).digest();
      // Meta announces the digest twice (the webhook and the metadata): the bytes must match both.
      const wanted = [announced, info.sha256].filter((s): s is string => typeof s === 'string' && s.length > 0);
      if (wanted.length === 0 || !wanted.every((s) => sameDigest(s, digest))) return { failed: 'media_checksum_mismatch' };
      return { stored: bytes, mime: cleanMime(info.mime_type), sha256: digest.toString('hex') };
    }
    return { failed: 'media_expired' };
  }

  return {
    /**
     * Downloads the file of one incoming WhatsApp message and stores it, once (the outbox's chat.media subscriber; a
     * redelivery finds the row and stops). Throws for what a retry may cure; a final failure is stored on the row.
     */
    async download(tenantId: string, messageId: number): Promise<void> {
      const found = await db.withTenant(tenantId, async (tx) => {
        const m = await tx
          .selectFrom('chat_messages as m')
          .innerJoin('chat_inboxes as i', (j) => j.onRef('i.tenant_id', '=', 'm.tenant_id').onRef('i.id', '=', 'm.inbox_id'))
          .select(['m.id', 'm.conversation_id', 'm.inbox_id', 'm.content_type', 'm.payload', 'm.direction', 'i.channel'])
          .where('m.tenant_id', '=', tenantId)
          .where('m.id', '=', messageId)
          .executeTakeFirst();
        if (!m || m.channel !== 'whatsapp' || m.direction !== 'incoming' || !MEDIA_TYPES.has(m.content_type)) return null;
        const media = (m.payload as { media?: { id?: string | null; sha256?: string | null; mime_type?: string | null; filename?: string | null } }).media;
        if (!media?.id) return null;
        const done = await tx.selectFrom('chat_attachments').select('id').where('tenant_id', '=', tenantId).where('message_id', '=', messageId).executeTakeFirst();
        if (done) return null;
        return { m, media, token: (await openInboxSecrets(vault, tx, tenantId, m.inbox_id)).access_token };
      });
      if (!found) return;
      const { m, media, token } = found;
      let outcome: Outcome;
      if (!token) outcome = { failed: 'whatsapp_reconnect' };
      else {
        try {
          outcome = await fetchMedia(media.id!, token, media.sha256 ?? null);
        } catch (err) {
          if (err instanceof AppError && err.code === 'egress_refused') outcome = { failed: 'egress_refused' };
          else throw err;
        }
      }
      const mime = 'stored' in outcome ? outcome.mime : cleanMime(media.mime_type);
      await db.withTenant(tenantId, async (tx) => {
        const row = await tx
          .insertInto('chat_attachments')
          .values({
            tenant_id: tenantId,
            message_id: messageId,
            conversation_id: m.conversation_id,
            media_id: media.id!,
            status: 'stored' in outcome ? 'stored' : 'failed',
            mime_type: mime,
            file_name: fileNameOf(media.filename ?? null, m.content_type, messageId, mime),
            byte_size: 'stored' in outcome ? outcome.stored.length : null,
            sha256: 'stored' in outcome ? outcome.sha256 : null,
            content: 'stored' in outcome ? outcome.stored : null,
            error_code: 'failed' in outcome ? outcome.failed : null,
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'message_id']).doNothing())
          .returning(['id', 'status', 'error_code', 'byte_size'])
          .executeTakeFirst();
        if (!row) return;
        // The message tells the console where its file is (or why there is none); screens that show it update live.
        const attachment = { id: row.id, status: row.status, error_code: row.error_code, byte_size: row.byte_size };
        const payload = { ...(m.payload as Record<string, unknown>), attachment };
        await tx.updateTable('chat_messages').set({ payload: JSON.stringify(payload) }).where('tenant_id', '=', tenantId).where('id', '=', messageId).execute();
        await recordEvent(tx, tenantId, m.conversation_id, 'message.updated', { message_id: String(messageId), status: 'received', error_code: null, payload });
      });
      deps.onChange?.(tenantId);
    },

    /**
     * An agent's file to the customer, within WhatsApp's window: uploaded to Graph (`POST /{phone-number-id}/media`,
     * through the egress guard) before anything is written, then queued like a reply with the Graph media id in its
     * payload (the sender posts `type: image|audio|video|document` with that id); the bytes are kept as the message's
     * attachment so the console shows what was sent.
     */
    async sendFile(actor: { id: string }, tenantId: string, conversationId: string, file: { bytes: Buffer; mimeType: string | undefined; fileName: string | undefined; caption: string | undefined }): Promise<MessageOutput> {
      const mime = cleanMime(file.mimeType);
      const type = OUTGOING[mime];
      if (!type) throw new AppError('unsupported_media_type', `content-type: WhatsApp does not take ${mime} from a business (${OUTGOING_MEDIA_TYPES.join(', ')})`, { issues: [{ path: 'content-type', message: 'not a type WhatsApp accepts' }] });
      if (file.bytes.length === 0) throw new AppError('validation_failed', 'body: the file is empty', { issues: [{ path: 'body', message: 'empty' }] });
      if (file.bytes.length > deps.maxBytes) throw new AppError('payload_too_large', `body: larger than ${deps.maxBytes} bytes`);
      const target = await db.withTenant(tenantId, async (tx) => {
        const c = await tx
          .selectFrom('conversations as c')
          .innerJoin('chat_inboxes as i', (j) => j.onRef('i.tenant_id', '=', 'c.tenant_id').onRef('i.id', '=', 'c.inbox_id'))
          .select(['c.id', 'c.inbox_id', 'c.channel', 'c.last_incoming_at', 'i.external_id'])
          .where('c.tenant_id', '=', tenantId)
          .where('c.id', '=', conversationId)
          .executeTakeFirst();
        if (!c) throw new AppError('not_found', 'Conversation not found');
        if (c.channel !== 'whatsapp' || !c.external_id) throw new AppError('validation_failed', 'conversation_id: files are sent on WhatsApp conversations only', { issues: [{ path: 'conversation_id', message: 'not a WhatsApp conversation' }] });
        return { c, token: (await openInboxSecrets(vault, tx, tenantId, c.inbox_id)).access_token };
      });
      const now = deps.now();
      if (!windowOpen(target.c, now)) throw new AppError('whatsapp_window_closed', "More than 24 hours since the customer's last message: WhatsApp accepts only a template now");
      if (!target.token) throw new AppError('whatsapp_reconnect', 'The inbox has no access token: connect the number again');
      const fileName = fileNameOf(file.fileName ?? null, type, Date.now(), mime);
      const form = multipart({ messaging_product: 'whatsapp', type: mime }, { name: 'file', fileName, mime, bytes: file.bytes });
      let res: Response;
      try {
        res = await egress.fetch(`${deps.apiUrl}/${target.c.external_id}/media`, { method: 'POST', headers: { authorization: `Bearer ${target.token}`, 'content-type': form.contentType }, body: form.body, maxRedirects: 0, signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw new AppError('upstream_error', `WhatsApp did not answer the upload: ${(err as Error).message}`);
      }
      const uploaded = (await res.json().catch(() => ({}))) as { id?: string; error?: { code?: number } };
      if (!res.ok || !uploaded.id) {
        if (uploaded.error?.code === 190 || res.status === 401) throw new AppError('whatsapp_reconnect', "WhatsApp refused the inbox's access token: connect the number again");
        throw new AppError('upstream_error', `WhatsApp refused the upload (${uploaded.error?.code ?? res.status})`);
      }
      const attachmentId = randomUUID();
      const digest = createHash('sha256').update(file.bytes).digest('hex');
      const caption = file.caption?.trim() || null;
      const payload = {
        media: { id: uploaded.id, mime_type: mime, sha256: digest, filename: type === 'document' ? fileName : null, caption },
        attachment: { id: attachmentId, status: 'stored', error_code: null, byte_size: file.bytes.length },
      };
      const out = await db.withTenant(tenantId, async (tx) => {
        const row = await queueOutgoing(tx, tenantId, target.c, { content: caption ?? '', private: false, senderType: 'agent', senderId: actor.id, contentType: type, payload }, now);
        await tx
          .insertInto('chat_attachments')
          .values({ tenant_id: tenantId, id: attachmentId, message_id: Number(row.id), conversation_id: target.c.id, media_id: uploaded.id!, status: 'stored', mime_type: mime, file_name: fileName, byte_size: file.bytes.length, sha256: digest, content: file.bytes, error_code: null })
          .execute();
        return messageOut(row);
      });
      deps.onQueued?.(tenantId);
      return out;
    },

    /** The largest file kept or sent (SMARTEROS_CHAT_MEDIA_MAX_BYTES). */
    maxBytes: deps.maxBytes,

    /** A stored file, for an agent of its tenant (another tenant's id is not found: RLS and the tenant filter). */
    async get(tenantId: string, attachmentId: string): Promise<{ mimeType: string; fileName: string; content: Buffer; inline: boolean }> {
      const row = await db.withTenant(tenantId, (tx) =>
        tx.selectFrom('chat_attachments').select(['status', 'mime_type', 'file_name', 'content']).where('tenant_id', '=', tenantId).where('id', '=', attachmentId).executeTakeFirst(),
      );
      if (!row) throw new AppError('not_found', 'Attachment not found');
      if (row.status !== 'stored' || !row.content) throw new AppError('attachment_unavailable', 'The attachment is not stored: its download failed');
      const mimeType = cleanMime(row.mime_type);
      return { mimeType, fileName: row.file_name ?? 'file.bin', content: row.content, inline: INLINE_TYPES.has(mimeType) };
    },
  };
}

export type WhatsAppMedia = ReturnType<typeof createWhatsAppMedia>;
