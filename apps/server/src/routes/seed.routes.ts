import { activateProductInput, addDomainInput, createTenantInput, domainOutput, integrationOutput, integrationType, productOutput, tenantDetailOutput } from '@smarteros/modules/tenancy';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, platformOnly, tenantAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantParams } from './common.ts';

/**
 * The seed's own routes (smarteros-tenant-api), kept so its clients (the store, n8n flows, scripts) keep working.
 * Thin aliases over the same services as /api/v1; same validation, same errors.
 */
const tenantRef = z.string().min(1).max(64).meta({ description: 'Tenant id (uuid) or RUT' });

export function seedRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { tenancy } = services;
  const tags = ['seed compatibility'];

  r.post('/api/tenant/create', {
    config: { access: platformOnly, idempotent: true },
    schema: { tags, summary: 'Create a tenant (alias of POST /api/v1/tenants)', security: bearer, body: createTenantInput, response: { 201: tenantDetailOutput, ...errors(400, 401, 403, 409, 422) } },
    handler: async (req, reply) => reply.status(201).send(await tenancy.createTenant(actorOf(req), req.body)),
  });

  r.get('/api/tenant/:id', {
    config: { access: tenantAccess('viewer') },
    schema: { tags, summary: 'A tenant (alias of GET /api/v1/tenants/:id)', security: bearer, params: tenantParams, response: { 200: tenantDetailOutput, ...errors(401, 404) } },
    handler: (req) => tenancy.getTenant(req.tenantId!),
  });

  r.post('/api/tenant/activate-product', {
    config: { access: tenantAccess('admin', 'body'), idempotent: true },
    schema: { tags, summary: 'Activate a product (alias of POST /api/v1/tenants/:id/products)', security: bearer, body: activateProductInput.extend({ tenant_id: tenantRef }), response: { 200: productOutput, 201: productOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: async (req, reply) => {
      const { tenant_id: _ignored, ...input } = req.body;
      const { product, changed } = await tenancy.activateProductOutcome(req.tenantId!, input);
      return reply.status(changed ? 201 : 200).send(product);
    },
  });

  r.post('/api/tenant/set-integration', {
    config: { access: tenantAccess('admin', 'body') },
    schema: {
      tags,
      summary: 'Set an integration (alias of POST /api/v1/tenants/:id/integrations)',
      security: bearer,
      body: z.object({
        tenant_id: tenantRef,
        type: integrationType,
        external_id: z.string().trim().min(1).max(200).optional(),
        external_ref: z.record(z.string(), z.unknown()).optional(),
        status: z.enum(['pending', 'connected', 'error', 'disabled']).optional(),
      }),
      response: { 200: integrationOutput, ...errors(400, 401, 403, 404) },
    },
    handler: (req) =>
      tenancy.setIntegration(req.tenantId!, {
        integration_type: req.body.type,
        external_id: req.body.external_id,
        external_ref: req.body.external_ref,
        status: req.body.status,
      }),
  });

  r.post('/api/tenant/provision-domain', {
    config: { access: tenantAccess('admin', 'body'), idempotent: true },
    schema: { tags, summary: 'Assign a subdomain or add a custom domain (alias of POST /api/v1/tenants/:id/domains)', security: bearer, body: addDomainInput.safeExtend({ tenant_id: tenantRef }), response: { 201: domainOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: async (req, reply) => {
      const { tenant_id: _ignored, ...input } = req.body;
      return reply.status(201).send(await tenancy.addDomain(req.tenantId!, input));
    },
  });
}
