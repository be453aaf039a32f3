import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The WhatsApp Cloud API's send endpoint as Meta documents it, on loopback: `POST /{version}/{phone-number-id}/messages`
 * with `Authorization: Bearer <access token>` and `{ messaging_product: 'whatsapp', to, type, text | template }`, answering
 * `{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id: 'wamid.…' }] }`; errors in Graph's shape
 * `{ error: { message, type, code, error_data: { messaging_product, details }, fbtrace_id } }` (190 an invalid token
 * with 401; 131047 outside the 24-hour window, 131026 undeliverable, 130429 and 131056 throttling, with 400).
 *
 * Templates: `GET /{version}/{waba-id}/message_templates?fields=…&limit=&after=` answers `{ data: [{ name, language,
 * status, category, components, id }], paging: { cursors: { before, after }, next? } }`; a template send (`type:
 * 'template'`, `template: { name, language: { code }, components }`) from a number of that account is checked against
 * them: 132001 when no APPROVED template has that name and language, 132000 when the body's parameters are not as many
 * as its placeholders, 132018 when a parameter holds a new line, a tab or more than 4 spaces in a row.
 *
 * Media: `GET /{version}/{media-id}` answers `{ messaging_product, url, mime_type, sha256, file_size, id }`; the url
 * (bearer token required) serves the bytes for 5 minutes, then 404 (`expireNextUrls` hands out URLs already expired).
 * `POST /{version}/{phone-number-id}/media` (multipart/form-data: messaging_product, type, file) answers `{ id }`; a
 * send of `type: image|audio|video|document` must name an uploaded media id (100 otherwise).
 */
export interface SentMessage {
  phoneNumberId: string;
  token: string;
  body: Record<string, unknown>;
  wamid: string;
}

export interface WhatsAppGraphFake {
  /** The base URL to configure (SMARTEROS_WHATSAPP_API_URL), with its version. */
  url: string;
  sent: SentMessage[];
  /** Access tokens accepted, by phone number id. */
  tokens: Map<string, string>;
  /** Graph error codes to answer with, next ones first (each consumed by one request). */
  failNext: number[];
  /** Message templates, by WhatsApp Business Account id. */
  templates: Map<string, FakeTemplate[]>;
  /** The account (waba id) each phone number id belongs to: its template sends are checked against the account's. */
  accountOf: Map<string, string>;
  /** Page size of the template listing when the request gives no limit or a larger one (Meta's default is 25). */
  templatePageSize: { value: number };
  /** Template listings requested (one per page). */
  templateRequests: string[];
  /**
   * Media the customers sent, by media id. `sha256` overrides the digest Meta announces (a wrong-sha256 case);
   * `fileSize: null` leaves file_size out of the metadata (the size is then known only from the bytes).
   */
  media: Map<string, { bytes: Buffer; mimeType: string; sha256?: string; fileSize?: null }>;
  /** HTTP statuses the next media metadata calls answer with (each consumed by one call: 500 an outage). */
  mediaFailNext: number[];
  /** How many of the next media URLs handed out are already expired. */
  expireNextUrls: { count: number };
  /** Files uploaded by the business (`POST /{phone-number-id}/media`), with the media id answered. */
  uploads: Array<{ phoneNumberId: string; id: string; type: string; fileName: string; mimeType: string; bytes: Buffer }>;
  /** Media metadata calls and downloads, by media id. */
  mediaRequests: Array<{ kind: 'metadata' | 'download'; mediaId: string; status: number }>;
  close(): Promise<void>;
}

export interface FakeTemplate {
  name: string;
  language: string;
  status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  components: Array<Record<string, unknown>>;
}

const ERRORS: Record<number, { status: number; type: string; message: string }> = {
  190: { status: 401, type: 'OAuthException', message: 'Error validating access token: Session has expired' },
  131047: { status: 400, type: 'OAuthException', message: 'Re-engagement message' },
  131026: { status: 400, type: 'OAuthException', message: 'Message undeliverable' },
  130429: { status: 400, type: 'OAuthException', message: 'Rate limit hit' },
  131056: { status: 400, type: 'OAuthException', message: '(Business Account, Consumer Account) pair rate limit hit' },
  100: { status: 400, type: 'OAuthException', message: 'Invalid parameter' },
  132000: { status: 400, type: 'OAuthException', message: 'Number of parameters does not match the expected number of params' },
  132001: { status: 404, type: 'OAuthException', message: 'Template name does not exist in the translation' },
  132018: { status: 400, type: 'OAuthException', message: 'There was an issue with the parameters in your template' },
  803: { status: 404, type: 'OAuthException', message: 'Unsupported get request. Object does not exist' },
};

export async function startWhatsAppGraph(version = 'v21.0'): Promise<WhatsAppGraphFake> {
  const fake: Omit<WhatsAppGraphFake, 'url' | 'close'> = {
    sent: [],
    tokens: new Map(),
    failNext: [],
    templates: new Map(),
    accountOf: new Map(),
    templatePageSize: { value: 25 },
    templateRequests: [],
    media: new Map(),
    mediaFailNext: [],
    expireNextUrls: { count: 0 },
    mediaRequests: [],
    uploads: [],
  };
  const known = (token: string) => token !== '' && [...fake.tokens.values()].includes(token);
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const urls = new Map<string, { mediaId: string; expires: number }>();
  /** Checks a template send against the account's templates: the Graph error code, or null when it fits. */
  const templateError = (phoneNumberId: string, body: Record<string, unknown>): number | null => {
    const t = body.template as { name?: string; language?: { code?: string }; components?: Array<{ type?: string; parameters?: unknown[] }> } | undefined;
    const waba = fake.accountOf.get(phoneNumberId);
    const found = (waba ? (fake.templates.get(waba) ?? []) : []).find((x) => x.name === t?.name && x.language === t?.language?.code && x.status === 'APPROVED');
    if (!found) return 132001;
    const text = String(found.components.find((c) => c.type === 'BODY')?.text ?? '');
    const wanted = new Set([...text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1])).size;
    const params = (t?.components ?? []).filter((c) => c.type === 'body').flatMap((c) => c.parameters ?? []) as Array<{ text?: unknown }>;
    if (wanted !== params.length) return 132000;
    // Graph refuses parameters with new lines, tabs or more than 4 spaces in a row, or over 1,024 characters.
    return params.some((p) => typeof p.text === 'string' && (/[\n\t]| {5,}/.test(p.text) || p.text.length > 1024)) ? 132018 : null;
  };
  const error = (res: ServerResponse, code: number) => {
    const e = ERRORS[code] ?? ERRORS[100]!;
    res.writeHead(e.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: e.message, type: e.type, code, error_data: { messaging_product: 'whatsapp', details: e.message }, fbtrace_id: randomBytes(8).toString('hex') } }));
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => {
      raw += d.toString('utf8');
      chunks.push(d);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      // Templates of an account, paged by cursors.
      const listing = new RegExp(`^/${version}/(\\d+)/message_templates$`).exec(url.pathname);
      if (req.method === 'GET' && listing) {
        if (!known(token)) return error(res, 190);
        fake.templateRequests.push(req.url ?? '');
        const all = fake.templates.get(listing[1]!) ?? [];
        const limit = Math.min(Number(url.searchParams.get('limit') ?? fake.templatePageSize.value) || fake.templatePageSize.value, fake.templatePageSize.value);
        const start = url.searchParams.has('after') ? Number(Buffer.from(url.searchParams.get('after')!, 'base64url').toString('utf8')) : 0;
        const page = all.slice(start, start + limit).map((t, i) => ({ ...t, id: String(1_000_000 + start + i) }));
        const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
        const more = start + limit < all.length;
        return json(res, 200, {
          data: page,
          paging: { cursors: { before: cursor(start), after: cursor(start + page.length) }, ...(more ? { next: `http://127.0.0.1/${version}/${listing[1]}/message_templates?after=${cursor(start + page.length)}` } : {}) },
        });
      }
      // A media's metadata: a download URL that lives 5 minutes.
      const mediaMeta = new RegExp(`^/${version}/(\\d+)$`).exec(url.pathname);
      if (req.method === 'GET' && mediaMeta) {
        const mediaId = mediaMeta[1]!;
        if (!known(token)) return error(res, 190);
        const outage = fake.mediaFailNext.shift();
        if (outage !== undefined) {
          fake.mediaRequests.push({ kind: 'metadata', mediaId, status: outage });
          return json(res, outage, { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1, fbtrace_id: randomBytes(8).toString('hex') } });
        }
        const media = fake.media.get(mediaId);
        fake.mediaRequests.push({ kind: 'metadata', mediaId, status: media ? 200 : 404 });
        if (!media) return error(res, 803);
        const key = randomBytes(12).toString('hex');
        const expired = fake.expireNextUrls.count > 0;
        if (expired) fake.expireNextUrls.count -= 1;
        urls.set(key, { mediaId, expires: expired ? 0 : Date.now() + 5 * 60_000 });
        const address = server.address() as AddressInfo;
        return json(res, 200, {
          messaging_product: 'whatsapp',
          url: `http://127.0.0.1:${address.port}/whatsapp_business/attachments/?mid=${mediaId}&ext=${key}`,
          mime_type: media.mimeType,
          sha256: media.sha256 ?? createHash('sha256').update(media.bytes).digest('hex'),
          ...(media.fileSize === null ? {} : { file_size: media.bytes.length }),
          id: mediaId,
        });
      }
      if (req.method === 'GET' && url.pathname === '/whatsapp_business/attachments/') {
        const issued = urls.get(url.searchParams.get('ext') ?? '');
        const mediaId = url.searchParams.get('mid') ?? '';
        const media = fake.media.get(mediaId);
        const status = !known(token) ? 401 : !issued || issued.mediaId !== mediaId || issued.expires < Date.now() || !media ? 404 : 200;
        fake.mediaRequests.push({ kind: 'download', mediaId, status });
        if (status !== 200) return json(res, status, { error: { message: status === 401 ? 'Unauthorized' : 'URL expired or unknown', code: status } });
        // Without a file_size, the bytes come chunked too (no content-length): only counting them tells their size.
        res.writeHead(200, { 'content-type': media!.mimeType, ...(media!.fileSize === null ? {} : { 'content-length': String(media!.bytes.length) }) });
        return res.end(media!.bytes);
      }
      // A business's upload: multipart/form-data, read as the platform's fetch reads it.
      const upload = new RegExp(`^/${version}/(\\d+)/media$`).exec(url.pathname);
      if (req.method === 'POST' && upload) {
        const phoneNumberId = upload[1]!;
        if (!token || fake.tokens.get(phoneNumberId) !== token) return error(res, 190);
        void new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type'] ?? '' } })
          .formData()
          .then(async (form) => {
            const file = form.get('file');
            if (form.get('messaging_product') !== 'whatsapp' || typeof form.get('type') !== 'string' || !(file instanceof Blob)) return error(res, 100);
            const id = String(4_000_000_000 + fake.uploads.length + 1);
            const bytes = Buffer.from(await file.arrayBuffer());
            fake.uploads.push({ phoneNumberId, id, type: String(form.get('type')), fileName: (file as File).name, mimeType: file.type, bytes });
            fake.media.set(id, { bytes, mimeType: file.type });
            json(res, 200, { id });
          })
          .catch(() => error(res, 100));
        return;
      }
      const match = new RegExp(`^/${version}/(\\d+)/messages$`).exec(req.url ?? '');
      if (req.method !== 'POST' || !match) return error(res, 100);
      const phoneNumberId = match[1]!;
      if (!token || fake.tokens.get(phoneNumberId) !== token) return error(res, 190);
      const code = fake.failNext.shift();
      if (code !== undefined) return error(res, code);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return error(res, 100);
      }
      if (body.messaging_product !== 'whatsapp' || typeof body.to !== 'string' || typeof body.type !== 'string') return error(res, 100);
      if (['image', 'audio', 'video', 'document'].includes(body.type)) {
        const id = (body[body.type] as { id?: string } | undefined)?.id;
        if (!id || !fake.uploads.some((u) => u.id === id && u.phoneNumberId === phoneNumberId)) return error(res, 100);
      }
      if (body.type === 'template') {
        const refused = templateError(phoneNumberId, body);
        if (refused !== null) return error(res, refused);
      }
      const wamid = `wamid.${randomBytes(12).toString('base64url')}`;
      fake.sent.push({ phoneNumberId, token, body, wamid });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: String(body.to).replace(/\D/g, '') }], messages: [{ id: wamid }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...fake,
    url: `http://127.0.0.1:${port}/${version}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
