import { messageOutput } from '@smarteros/modules/chat';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ownTenantAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantSelector } from './common.ts';

/**
 * The files customers sent (downloaded from WhatsApp and checked against their sha256), for the tenant's agents. The
 * browser is told the type and never to guess another (nosniff), shows only images, audio and video in the page, and
 * downloads the rest; a sandboxing CSP keeps anything opened directly from running.
 */
export function chatMediaRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { chatMedia } = services;

  r.get('/api/v1/chat/attachments/:attachment_id', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags: ['chat'],
      summary: "A customer's file (the message's payload.attachment.id): its bytes with their content type; 409 attachment_unavailable when its download failed",
      security: bearer,
      params: z.object({ attachment_id: z.uuid() }),
      querystring: tenantSelector,
      response: { ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) => {
      const file = await chatMedia.get(req.tenantId!, req.params.attachment_id);
      const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[";\\]/g, '_');
      return reply
        .header('content-type', file.mimeType)
        .header('content-length', String(file.content.length))
        .header('content-disposition', `${file.inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=3600')
        // Bytes go out as they are (Fastify serializes no Buffer); the schema lists only the JSON errors.
        .send(file.content as never);
    },
  });

  // An agent's file to the customer: the raw bytes as the body, their type as content-type (no multipart to parse).
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: chatMedia.maxBytes }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/api/v1/chat/conversations/:conversation_id/attachments', {
      config: { access: ownTenantAccess('agent') },
      bodyLimit: chatMedia.maxBytes,
      schema: {
        tags: ['chat'],
        summary:
          "Send a file to the customer within WhatsApp's 24-hour window: the bytes as the body with their content-type (JPEG, PNG, MP3/AAC/OGG/AMR audio, MP4/3GP video, PDF, text and Office documents), ?filename= and ?caption=; uploaded to WhatsApp, then queued like a reply. 413 over SMARTEROS_CHAT_MEDIA_MAX_BYTES, 415 for another type",
        security: bearer,
        params: z.object({ conversation_id: z.uuid() }),
        querystring: z.object({ filename: z.string().trim().min(1).max(200).optional(), caption: z.string().trim().max(1024).optional() }).extend(tenantSelector.shape),
        response: { 201: messageOutput, ...errors(400, 401, 403, 404, 409, 413, 415, 422, 502) },
      },
      handler: async (req, reply) => {
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const message = await chatMedia.sendFile(actorOf(req), req.tenantId!, req.params.conversation_id, { bytes, mimeType: req.headers['content-type'], fileName: req.query.filename, caption: req.query.caption });
        return reply.status(201).send(message);
      },
    });
  });
}
