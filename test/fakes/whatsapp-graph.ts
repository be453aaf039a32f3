import { randomBytes } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The WhatsApp Cloud API's send endpoint as Meta documents it, on loopback: `POST /{version}/{phone-number-id}/messages`
 * with `Authorization: Bearer <access token>` and `{ messaging_product: 'whatsapp', to, type, text | template }`, answering
 * `{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id: 'wamid.…' }] }`; errors in Graph's shape
 * `{ error: { message, type, code, error_data: { messaging_product, details }, fbtrace_id } }` (190 an invalid token
 * with 401; 131047 outside the 24-hour window, 131026 undeliverable, 130429 and 131056 throttling, with 400; a template
 * message checked: 132001 an unknown template when `templates` is set, 132018 a parameter with a new line or a tab).
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
  /** Approved template names; when any is set, a template message of another name is refused (132001). */
  templates: Set<string>;
  close(): Promise<void>;
}

const ERRORS: Record<number, { status: number; type: string; message: string }> = {
  190: { status: 401, type: 'OAuthException', message: 'Error validating access token: Session has expired' },
  131047: { status: 400, type: 'OAuthException', message: 'Re-engagement message' },
  131026: { status: 400, type: 'OAuthException', message: 'Message undeliverable' },
  130429: { status: 400, type: 'OAuthException', message: 'Rate limit hit' },
  131056: { status: 400, type: 'OAuthException', message: '(Business Account, Consumer Account) pair rate limit hit' },
  100: { status: 400, type: 'OAuthException', message: 'Invalid parameter' },
  132001: { status: 404, type: 'OAuthException', message: 'Template name does not exist in the translation' },
  132018: { status: 400, type: 'OAuthException', message: 'There was an issue with the parameters in your template' },
};

export async function startWhatsAppGraph(version = 'v21.0'): Promise<WhatsAppGraphFake> {
  const fake: Omit<WhatsAppGraphFake, 'url' | 'close'> = { sent: [], tokens: new Map(), failNext: [], templates: new Set() };
  const error = (res: ServerResponse, code: number) => {
    const e = ERRORS[code] ?? ERRORS[100]!;
    res.writeHead(e.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: e.message, type: e.type, code, error_data: { messaging_product: 'whatsapp', details: e.message }, fbtrace_id: randomBytes(8).toString('hex') } }));
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    req.on('end', () => {
      const match = new RegExp(`^/${version}/(\\d+)/messages$`).exec(req.url ?? '');
      if (req.method !== 'POST' || !match) return error(res, 100);
      const phoneNumberId = match[1]!;
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
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
      if (body.type === 'template') {
        // A template names its language, and its text parameters hold no new line, tab or more than 4 spaces in a row.
        const tpl = body.template as { name?: unknown; language?: { code?: unknown }; components?: Array<{ parameters?: Array<{ type?: string; text?: unknown }> }> } | undefined;
        if (typeof tpl?.name !== 'string' || typeof tpl.language?.code !== 'string') return error(res, 100);
        if (fake.templates.size > 0 && !fake.templates.has(tpl.name)) return error(res, 132001);
        const texts = (tpl.components ?? []).flatMap((c) => c.parameters ?? []).filter((p) => p.type === 'text').map((p) => String(p.text ?? ''));
        if (texts.some((x) => /[\n\t]| {5,}/.test(x) || x.length > 1024)) return error(res, 132018);
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
