import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { visitorMessage, visitorMessagesPage, visitorPostInput, visitorSessionInput, visitorSessionOutput, type WebInbox } from '@smarteros/modules/chat';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { errors } from './common.ts';
import { holdStream } from './sse.ts';

/** Where `npm run build:widget` writes the widget (apps/widget/dist/widget.js). */
export const DEFAULT_WIDGET_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../widget/dist/widget.js');

const ALLOWED_HEADERS = 'content-type, x-visitor-token, last-event-id';
const tags = ['chat-web'];
const params = z.object({ inbox_id: z.string().max(64).meta({ description: 'The web inbox (its id, as the widget snippet names it)' }) });
const tokenHeaders = z.object({ 'x-visitor-token': z.string().max(2000).optional(), origin: z.string().max(300).optional() });

/** Per visitor when a token is sent (its digest), per client address otherwise. */
const visitorKey = (req: FastifyRequest): string => {
  const token = req.headers['x-visitor-token'];
  return typeof token === 'string' && token.length > 0 ? `chat-web:v:${createHash('sha256').update(token).digest('hex').slice(0, 32)}` : `chat-web:ip:${req.ip}`;
};
const ipKey = (req: FastifyRequest): string => `chat-web:ip:${req.ip}`;

/**
 * The web widget: its script (GET /widget.js, public, cached briefly) and the visitor's endpoints under
 * /api/v1/chat/web/:inbox_id/..., answered only to the inbox's allowed origins (CORS headers only for them; any other
 * Origin, or none, is 403). Rate-limited per visitor and per client address (shared through Redis when configured).
 */
export function chatWebRoutes(app: FastifyInstance, services: AppServices, opts: { widgetFile?: string | undefined } = {}): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { chatWeb } = services;
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
    streams.clear();
  });

  const widgetFile = opts.widgetFile ?? DEFAULT_WIDGET_FILE;
  let widget: { mtime: number; js: Buffer; gz: Buffer } | null = null;
  const loadWidget = () => {
    if (!existsSync(widgetFile)) return null;
    const mtime = statSync(widgetFile).mtimeMs;
    if (!widget || widget.mtime !== mtime) {
      const js = readFileSync(widgetFile);
      widget = { mtime, js, gz: gzipSync(js, { level: 9 }) };
    }
    return widget;
  };

  /** The inbox of this request when its Origin is allowed, with the CORS headers for that origin. */
  async function allowed(req: FastifyRequest<{ Params: { inbox_id: string } }>, reply: FastifyReply): Promise<WebInbox> {
    const origin = req.headers.origin;
    const inbox = await chatWeb.inboxFor(req.params.inbox_id, origin);
    void reply.header('access-control-allow-origin', origin!).header('vary', 'Origin');
    return inbox;
  }

  r.get('/widget.js', {
    config: { access: publicAccess },
    schema: { tags, summary: 'The chat widget a site pastes: <script src=".../widget.js" data-inbox="INBOX_ID" async></script> (JavaScript; 503 when it is not built)' },
    handler: async (req, reply) => {
      const w = loadWidget();
      if (!w) return reply.status(503).header('cache-control', 'no-store').type('application/javascript; charset=utf-8').send('console.error("SmarterOS: the chat widget is not built (npm run build:widget)");');
      void reply.header('cache-control', 'public, max-age=300').header('vary', 'Accept-Encoding').type('application/javascript; charset=utf-8');
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(w.gz);
      return reply.send(w.js);
    },
  });

  // CORS preflight (the widget sends JSON and X-Visitor-Token): only the inbox's allowed origins get an answer.
  r.options('/api/v1/chat/web/:inbox_id/:path', {
    config: { access: publicAccess },
    schema: { tags, summary: 'CORS preflight of the widget’s requests: 204 with the CORS headers for an allowed origin, 403 otherwise', params: params.extend({ path: z.string().max(50) }), response: { 204: z.null(), ...errors(403, 404) } },
    handler: async (req, reply) => {
      await allowed(req, reply);
      return reply.status(204).header('access-control-allow-methods', 'GET, POST').header('access-control-allow-headers', ALLOWED_HEADERS).header('access-control-max-age', '600').send(null);
    },
  });

  r.post('/api/v1/chat/web/:inbox_id/session', {
    config: { access: publicAccess, rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: ipKey } },
    schema: {
      tags,
      summary: 'Start or resume a visitor session: a signed visitor token (anonymous, or bound to the site’s user when user_hash = HMAC-SHA256(identity_secret, user_id) checks)',
      params,
      headers: z.object({ origin: z.string().max(300).optional() }),
      body: visitorSessionInput,
      response: { 200: visitorSessionOutput, ...errors(400, 401, 403, 404, 429) },
    },
    handler: async (req, reply) => {
      const inbox = await allowed(req, reply);
      return chatWeb.startSession(inbox, req.body);
    },
  });

  r.get('/api/v1/chat/web/:inbox_id/messages', {
    config: { access: publicAccess, rateLimit: { max: 120, timeWindow: 60_000, keyGenerator: visitorKey } },
    schema: { tags, summary: 'The visitor’s messages (its own conversations, never a private note), oldest first', params, headers: tokenHeaders, response: { 200: visitorMessagesPage, ...errors(401, 403, 404, 429) } },
    handler: async (req, reply) => {
      const inbox = await allowed(req, reply);
      const visitor = await chatWeb.verify(inbox, req.headers['x-visitor-token']);
      return { items: await chatWeb.listMessages(visitor) };
    },
  });

  r.post('/api/v1/chat/web/:inbox_id/messages', {
    config: { access: publicAccess, rateLimit: { max: 30, timeWindow: 60_000, keyGenerator: visitorKey } },
    schema: {
      tags,
      summary: 'The visitor writes: stored before the answer (201), once per client_message_id (sending it again answers 200 with the stored one)',
      params,
      headers: tokenHeaders,
      body: visitorPostInput,
      response: { 200: visitorMessage, 201: visitorMessage, ...errors(400, 401, 403, 404, 429) },
    },
    handler: async (req, reply) => {
      const inbox = await allowed(req, reply);
      const visitor = await chatWeb.verify(inbox, req.headers['x-visitor-token']);
      const out = await chatWeb.postMessage(visitor, inbox, req.body);
      return reply.status(out.created ? 201 : 200).send(out.message);
    },
  });

  // The visitor's live replies as Server-Sent Events over fetch (the token in a header, never in the URL): `message`
  // and `status` events with their ids; a reconnect with Last-Event-ID gets what it missed; `reset` asks it to reload.
  r.get('/api/v1/chat/web/:inbox_id/stream', {
    config: { access: publicAccess, rateLimit: { max: 60, timeWindow: 60_000, keyGenerator: visitorKey } },
    schema: {
      tags,
      summary: 'The visitor’s live conversation (text/event-stream): message, status, reset; resumes after Last-Event-ID or ?after=',
      params,
      querystring: z.object({ after: z.coerce.number().int().min(0).optional() }),
      headers: tokenHeaders.extend({ 'last-event-id': z.string().regex(/^\d{1,18}$/).optional() }),
    },
    handler: async (req, reply) => {
      const inbox = await allowed(req, reply);
      const visitor = await chatWeb.verify(inbox, req.headers['x-visitor-token']);
      const header = req.headers['last-event-id'];
      const after = req.query.after ?? (header ? Number(header) : null);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'access-control-allow-origin': req.headers.origin!,
        vary: 'Origin',
      });
      streams.add(res);
      res.write(': smarteros chat web\n\n');
      const stop = await chatWeb.follow(visitor, after, (m) => {
        if (m.type === 'reset') res.write('event: reset\ndata: {}\n\n');
        else if (m.type === 'message') res.write(`id: ${m.id}\nevent: message\ndata: ${JSON.stringify(m.message)}\n\n`);
        else res.write(`id: ${m.id}\nevent: status\ndata: ${JSON.stringify({ message_id: m.message_id, status: m.status })}\n\n`);
      });
      holdStream(req.raw, res, streams, stop);
    },
  });
}
