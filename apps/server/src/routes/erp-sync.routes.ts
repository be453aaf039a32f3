import { connectionOutput, createConnectionInput, syncInput, syncResultOutput } from '@smarteros/modules/erp';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ownTenantAccess, publicAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantSelector } from './common.ts';

/**
 * The ERP's connectors to Odoo and Shopify: connections on the credential's tenant (platform admins add ?tenant_id=;
 * secrets write-only), a sync on demand, and Shopify's webhooks, which know no tenant: the connection is in the path,
 * X-Shopify-Hmac-Sha256 is checked on the raw bytes before anything is written, and the webhook is stored before the 200.
 */
export function erpSyncRoutes(app: FastifyInstance, services: Pick<AppServices, 'erpSync'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { erpSync } = services;
  const tags = ['erp'];
  const params = z.object({ connection_id: z.uuid() });

  r.post('/api/v1/erp/connections', {
    config: { access: ownTenantAccess('admin') },
    schema: {
      tags,
      summary: 'Connect Odoo (products and stock in, confirmed orders out) or Shopify (products, customers, orders and abandoned checkouts in): the credentials are tried first; the answer never holds a secret',
      security: bearer,
      querystring: tenantSelector,
      body: createConnectionInput,
      response: { 201: connectionOutput, ...errors(400, 401, 403, 404, 409, 422, 502) },
    },
    handler: async (req, reply) => reply.status(201).send(await erpSync.createConnection(actorOf(req), req.tenantId!, req.body)),
  });

  r.get('/api/v1/erp/connections', {
    config: { access: ownTenantAccess('admin') },
    schema: {
      tags,
      summary: "The company's Odoo and Shopify connections: their state, last sync and last error (which secrets are set, never their values)",
      security: bearer,
      querystring: tenantSelector,
      response: { 200: z.object({ items: z.array(connectionOutput) }), ...errors(400, 401, 403, 404) },
    },
    handler: async (req) => ({ items: await erpSync.listConnections(req.tenantId!) }),
  });

  r.get('/api/v1/erp/connections/:connection_id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'One connection', security: bearer, params, querystring: tenantSelector, response: { 200: connectionOutput, ...errors(400, 401, 403, 404) } },
    handler: async (req) => erpSync.getConnection(req.tenantId!, req.params.connection_id),
  });

  r.delete('/api/v1/erp/connections/:connection_id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Disconnect (what came in, products and orders, stays)', security: bearer, params, querystring: tenantSelector, response: { 204: z.null(), ...errors(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      await erpSync.deleteConnection(req.tenantId!, req.params.connection_id);
      return reply.status(204).send(null);
    },
  });

  r.post('/api/v1/erp/connections/:connection_id/sync', {
    config: { access: ownTenantAccess('admin') },
    schema: {
      tags,
      summary: 'Pull now what changed since the last sync (full: everything): Odoo products and stock; Shopify products, customers, orders and abandoned checkouts. Answers the counts',
      description:
        'Run twice, a sync changes nothing twice (every record is an upsert by its key). A refusal of the other system answers 502 connector_sync_failed with details.kind (auth, access, not_found, validation, server, network…) and stays on the connection (status error, last_error). One sync at a time per connection: 409 connector_sync_running.',
      security: bearer,
      params,
      querystring: tenantSelector,
      body: syncInput.nullish(),
      response: { 200: syncResultOutput, ...errors(400, 401, 403, 404, 409, 422, 502) },
    },
    handler: async (req) => erpSync.sync(req.tenantId!, req.params.connection_id, req.body ?? {}),
  });

  // The raw bytes are what Shopify signed: this route has its own content-type parser, in its own scope.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/webhooks/shopify/:connection_id', {
      config: { access: publicAccess },
      schema: {
        tags,
        summary: 'Shopify webhook (orders/create, orders/updated, products/create, products/update, checkouts/create, checkouts/update): X-Shopify-Hmac-Sha256 over the raw body, one row per X-Shopify-Webhook-Id, written durably before the 200',
        params: z.object({ connection_id: z.string().max(64) }),
        headers: z.object({ 'x-shopify-hmac-sha256': z.string().max(200).optional(), 'x-shopify-topic': z.string().max(100).optional(), 'x-shopify-webhook-id': z.string().max(200).optional() }),
        response: { 200: z.object({ received: z.boolean(), duplicate: z.boolean(), ignored: z.boolean() }), ...errors(400, 401) },
      },
      handler: async (req) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const h = req.headers;
        const out = await erpSync.intakeShopify(req.params.connection_id, { hmac: h['x-shopify-hmac-sha256'], topic: h['x-shopify-topic'], webhookId: h['x-shopify-webhook-id'] }, raw);
        return { received: true, duplicate: out.duplicate, ignored: out.ignored };
      },
    });
  });
}
