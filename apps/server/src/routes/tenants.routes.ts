import { isPlatformAdmin } from '@smarteros/modules/identity';
import {
  activateProductInput,
  addDomainInput,
  createTenantInput,
  domainOutput,
  eventOutput,
  eventsQuery,
  integrationOutput,
  listTenantsQuery,
  overviewRowOutput,
  planOutput,
  countedPageOf,
  productCode,
  productOutput,
  setIntegrationInput,
  statusChangeInput,
  tenantDetailOutput,
  tenantOutput,
  updateTenantInput,
  type TenantStatusAction,
} from '@smarteros/modules/tenancy';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authenticated, platformOnly, platformOnTenant, tenantAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantParams } from './common.ts';

/** REST under /api/v1: tenants, products, domains, integrations, events and the overview. Routes stay thin. */
export function tenantRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { tenancy } = services;
  const tags = ['tenants'];

  r.get('/api/v1/tenants', {
    config: { access: platformOnly },
    schema: { tags, summary: 'List tenants (platform admin): filters, search, cursor pages', security: bearer, querystring: listTenantsQuery, response: { 200: countedPageOf(tenantOutput), ...errors(400, 401, 403) } },
    handler: (req) => tenancy.listTenants(actorOf(req), req.query),
  });

  r.post('/api/v1/tenants', {
    config: { access: platformOnly, idempotent: true },
    schema: { tags, summary: 'Create a tenant and activate its products (default chat, erp, automation)', security: bearer, body: createTenantInput, response: { 201: tenantDetailOutput, ...errors(400, 401, 403, 409, 422) } },
    handler: async (req, reply) => reply.status(201).send(await tenancy.createTenant(actorOf(req), req.body)),
  });

  r.get('/api/v1/plans', {
    config: { access: authenticated },
    schema: { tags, summary: 'Plans a tenant can be on (codes for create and PATCH)', security: bearer, response: { 200: z.object({ items: z.array(planOutput) }), ...errors(401) } },
    handler: async () => ({ items: await tenancy.listPlans() }),
  });

  r.get('/api/v1/tenants/:id', {
    config: { access: tenantAccess('viewer') },
    schema: { tags, summary: 'A tenant with its products, domains and integrations', security: bearer, params: tenantParams, response: { 200: tenantDetailOutput, ...errors(401, 404) } },
    handler: (req) => tenancy.getTenant(req.tenantId!),
  });

  r.patch('/api/v1/tenants/:id', {
    config: { access: tenantAccess('admin') },
    schema: { tags, summary: 'Change name, contact e-mail, metadata (and plan: platform admin); a cancelled tenant answers 409 tenant_not_operational', security: bearer, params: tenantParams, body: updateTenantInput, response: { 200: tenantDetailOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: (req) => tenancy.updateTenant(actorOf(req), req.tenantId!, req.body, { platformAdmin: isPlatformAdmin(req.principal!) }),
  });

  for (const action of ['activate', 'suspend', 'reactivate', 'cancel'] as TenantStatusAction[]) {
    r.post(`/api/v1/tenants/:id/${action}`, {
      config: { access: platformOnTenant },
      schema: { tags, summary: `${action[0]!.toUpperCase()}${action.slice(1)} a tenant (platform admin)`, security: bearer, params: tenantParams, body: statusChangeInput.nullish(), response: { 200: tenantDetailOutput, ...errors(401, 403, 404, 409) } },
      handler: (req) => tenancy.changeStatus(actorOf(req), req.tenantId!, action, req.body?.reason),
    });
  }

  r.get('/api/v1/tenants/:id/products', {
    config: { access: tenantAccess('viewer') },
    schema: { tags: ['products'], summary: 'Products of a tenant with their trial state', security: bearer, params: tenantParams, response: { 200: z.object({ items: z.array(productOutput) }), ...errors(401, 404) } },
    handler: async (req) => ({ items: await tenancy.listProducts(req.tenantId!) }),
  });

  r.post('/api/v1/tenants/:id/products', {
    config: { access: tenantAccess('admin'), idempotent: true },
    schema: { tags: ['products'], summary: 'Activate a product: a trial (default) or a subscription. 201 when it changed; 200 with its state when it was already on trial (trial asked) or active', description: 'A trial asked once the trial is used answers 409 trial_already_used with details.can_subscribe: true; mode subscription then works.', security: bearer, params: tenantParams, body: activateProductInput, response: { 200: productOutput, 201: productOutput, ...errors(400, 401, 403, 404, 409, 422) } },
    handler: async (req, reply) => {
      const { product, changed } = await tenancy.activateProductOutcome(req.tenantId!, req.body);
      return reply.status(changed ? 201 : 200).send(product);
    },
  });

  r.delete('/api/v1/tenants/:id/products/:product_code', {
    config: { access: tenantAccess('admin') },
    schema: { tags: ['products'], summary: 'Deactivate a product', security: bearer, params: tenantParams.extend({ product_code: productCode }), response: { 200: productOutput, ...errors(401, 403, 404, 409) } },
    handler: (req) => tenancy.deactivateProduct(req.tenantId!, req.params.product_code as never),
  });

  r.get('/api/v1/tenants/:id/domains', {
    config: { access: tenantAccess('viewer') },
    schema: { tags: ['domains'], summary: 'Domains of a tenant with their verification state', security: bearer, params: tenantParams, response: { 200: z.object({ items: z.array(domainOutput) }), ...errors(401, 404) } },
    handler: async (req) => ({ items: await tenancy.listDomains(req.tenantId!) }),
  });

  r.post('/api/v1/tenants/:id/domains', {
    config: { access: tenantAccess('admin'), idempotent: true },
    schema: { tags: ['domains'], summary: 'Assign a subdomain under the base domain, or add a custom domain (verification token)', security: bearer, params: tenantParams, body: addDomainInput, response: { 201: domainOutput, ...errors(400, 401, 403, 404, 409, 422) } },
    handler: async (req, reply) => reply.status(201).send(await tenancy.addDomain(req.tenantId!, req.body)),
  });

  r.post('/api/v1/tenants/:id/domains/:domain_id/verify', {
    config: { access: tenantAccess('admin') },
    schema: { tags: ['domains'], summary: 'Check the DNS TXT record of a custom domain', security: bearer, params: tenantParams.extend({ domain_id: z.uuid() }), response: { 200: domainOutput, ...errors(401, 403, 404, 422) } },
    handler: (req) => tenancy.verifyDomain(req.tenantId!, req.params.domain_id),
  });

  r.get('/api/v1/tenants/:id/integrations', {
    config: { access: tenantAccess('viewer') },
    schema: { tags: ['integrations'], summary: 'Integrations of a tenant', security: bearer, params: tenantParams, response: { 200: z.object({ items: z.array(integrationOutput) }), ...errors(401, 404) } },
    handler: async (req) => ({ items: await tenancy.listIntegrations(req.tenantId!) }),
  });

  r.post('/api/v1/tenants/:id/integrations', {
    config: { access: tenantAccess('admin') },
    schema: { tags: ['integrations'], summary: 'Set (create or update) the integration of one type', security: bearer, params: tenantParams, body: setIntegrationInput, response: { 200: integrationOutput, ...errors(400, 401, 403, 404) } },
    handler: (req) => tenancy.setIntegration(req.tenantId!, req.body),
  });

  r.get('/api/v1/tenants/:id/events', {
    config: { access: tenantAccess('viewer') },
    schema: { tags: ['events'], summary: 'Lifecycle events of a tenant, newest first', security: bearer, params: tenantParams, querystring: eventsQuery, response: { 200: z.object({ items: z.array(eventOutput) }), ...errors(401, 404) } },
    handler: async (req) => ({ items: await tenancy.listEvents(req.tenantId!, req.query) }),
  });

  r.get('/api/v1/overview', {
    config: { access: authenticated },
    schema: { tags: ['overview'], summary: 'v_tenant_overview: all tenants for platform admins, your own tenant otherwise', security: bearer, querystring: listTenantsQuery, response: { 200: countedPageOf(overviewRowOutput), ...errors(400, 401) } },
    handler: (req) => tenancy.overview(actorOf(req), { tenantId: isPlatformAdmin(req.principal!) ? null : req.principal!.tenantId }, req.query),
  });

  r.post('/api/v1/jobs/lifecycle/run', {
    config: { access: platformOnly },
    schema: { tags: ['jobs'], summary: 'Run the trial lifecycle pass now (it also runs on a schedule)', security: bearer, response: { 200: z.object({ ran: z.boolean(), expired: z.number().int(), warned: z.number().int() }), ...errors(401, 403) } },
    handler: () => services.lifecycle.runOnce(),
  });
}
