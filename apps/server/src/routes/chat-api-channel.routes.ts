import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { errors } from './common.ts';

/**
 * The API channel's incoming door: the tenant's system POSTs its customers' messages, signed with the inbox's signing
 * secret (X-SmarterOS-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.raw-body">). The signature is checked on the raw
 * bytes, so this route parses its own body, in its own scope.
 */
export function chatApiChannelRoutes(app: FastifyInstance, services: AppServices): void {
  const { chatApi } = services;
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/webhooks/chat-api/:inbox_id', {
      config: { access: publicAccess },
      schema: {
        tags: ['chat'],
        summary:
          'API channel: a customer message from the tenant’s system { message_id, contact: { id, name?, phone? }, content, sent_at? }; X-SmarterOS-Signature checked on the raw body (5 minutes tolerance); stored before the 201, once per message_id (200 when sent again)',
        params: z.object({ inbox_id: z.string().max(64) }),
        headers: z.object({ 'x-smarteros-signature': z.string().max(1000).optional() }),
        response: { 200: z.object({ id: z.string(), conversation_id: z.string(), duplicate: z.boolean() }), 201: z.object({ id: z.string(), conversation_id: z.string(), duplicate: z.boolean() }), ...errors(400, 401) },
      },
      handler: async (req, reply) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const out = await chatApi.intake(req.params.inbox_id, req.headers['x-smarteros-signature'], raw);
        return reply.status(out.created ? 201 : 200).send({ id: out.id, conversation_id: out.conversation_id, duplicate: !out.created });
      },
    });
  });
}
