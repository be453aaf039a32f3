import { chatwootConnectionOutput, createChatwootConnectionInput } from '@smarteros/modules/chat';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ownTenantAccess, publicAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantSelector } from './common.ts';

/**
 * The Chatwoot connector: connections on the credential's tenant (platform admins add ?tenant_id=; tokens write-only),
 * and Chatwoot's webhooks, which know no tenant: the connection is in the path, X-Chatwoot-Signature is checked on the
 * raw bytes before anything is written, and the delivery is stored before the 200.
 */
export function chatwootRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { chatwoot } = services;
  const tags = ['chat'];
  const params = z.object({ connection_id: z.uuid() });

  r.post('/api/v1/chat/chatwoot', {
    config: { access: ownTenantAccess('admin') },
    schema: {
      tags,
      summary: "Connect a Chatwoot account: creates the account (with a platform token), an API inbox and a signed webhook; mirrors conversations both ways and answers as its agent bot. The answer never holds a secret",
      security: bearer,
      querystring: tenantSelector,
      body: createChatwootConnectionInput,
      response: { 201: chatwootConnectionOutput, ...errors(400, 401, 403, 404, 409, 502) },
    },
    handler: async (req, reply) => reply.status(201).send(await chatwoot.createConnection(actorOf(req), req.tenantId!, req.body)),
  });

  r.get('/api/v1/chat/chatwoot', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: "The tenant's Chatwoot connections (which secrets are set, never their values)", security: bearer, querystring: tenantSelector, response: { 200: z.object({ items: z.array(chatwootConnectionOutput) }), ...errors(400, 401, 403, 404) } },
    handler: async (req) => ({ items: await chatwoot.listConnections(req.tenantId!) }),
  });

  r.delete('/api/v1/chat/chatwoot/:connection_id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Disconnect a Chatwoot account (the mirrored conversations stay)', security: bearer, params, querystring: tenantSelector, response: { 204: z.null(), ...errors(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      await chatwoot.deleteConnection(req.tenantId!, req.params.connection_id);
      return reply.status(204).send(null);
    },
  });

  // The raw bytes are what Chatwoot signed: this route has its own content-type parser, in its own scope.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/webhooks/chatwoot/:connection_id', {
      config: { access: publicAccess },
      schema: {
        tags,
        summary: 'Chatwoot webhook: X-Chatwoot-Signature over "{timestamp}.{raw body}", a fresh X-Chatwoot-Timestamp, one row per X-Chatwoot-Delivery; written durably before the 200',
        params: z.object({ connection_id: z.string().max(64) }),
        headers: z.object({ 'x-chatwoot-signature': z.string().max(200).optional(), 'x-chatwoot-timestamp': z.string().max(20).optional(), 'x-chatwoot-delivery': z.string().max(200).optional() }),
        response: { 200: z.object({ received: z.boolean(), duplicate: z.boolean() }), ...errors(400, 401) },
      },
      handler: async (req) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const h = req.headers;
        const out = await chatwoot.intake(req.params.connection_id, { signature: h['x-chatwoot-signature'], timestamp: h['x-chatwoot-timestamp'], delivery: h['x-chatwoot-delivery'] }, raw);
        return { received: true, duplicate: out.duplicate };
      },
    });
  });
}
