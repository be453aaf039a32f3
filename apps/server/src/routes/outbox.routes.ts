import { AppError, deliveriesQuery, deliveryOutput, retryDeliveriesInput, retryDeliveriesOutput, subscriberSummary, type DeliveryScope } from '@smarteros/kernel';
import { authorizeTenant, isPlatformAdmin } from '@smarteros/modules/identity';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authenticated, resolveTenantRef } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors } from './common.ts';

/**
 * The outbox's deliveries per subscriber: dead letters visible and retryable. Platform admins see every tenant (or
 * one, with tenant_id); a tenant admin sees and retries the deliveries of their own tenant, under its row-level
 * security. (Declared `authenticated`: the scope is decided here, from the principal, as for the overview.)
 */
/** A delivery as listed, with its tenant's name and RUT (the outbox is the kernel's; the names are tenancy's). */
const listedDelivery = deliveryOutput
  .extend({ tenant_name: z.string().nullable(), tenant_rut: z.string().nullable().meta({ description: 'The RUT, formatted (12.345.678-5)' }) })
  .meta({ id: 'OutboxDeliveryListed' });
const listedPage = z.object({ items: z.array(listedDelivery), next_cursor: z.string().nullable() }).meta({ id: 'OutboxDeliveryListedPage' });

export function outboxRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { relay } = services;
  const tags = ['outbox'];

  async function scopeOf(req: FastifyRequest, tenantRef: string | undefined): Promise<DeliveryScope> {
    const principal = req.principal!;
    if (isPlatformAdmin(principal)) {
      return { kind: 'platform', actor: actorOf(req).id, tenantId: tenantRef === undefined ? undefined : await resolveTenantRef(services, principal, tenantRef) };
    }
    if (!principal.tenantId) throw new AppError('forbidden', 'This needs a tenant admin or a platform admin');
    const tenantId = tenantRef === undefined ? principal.tenantId : await resolveTenantRef(services, principal, tenantRef);
    authorizeTenant(principal, tenantId, 'admin');
    return { kind: 'tenant', tenantId };
  }

  r.get('/api/v1/outbox/deliveries', {
    config: { access: authenticated },
    schema: {
      tags,
      summary: 'Deliveries of outbox events per subscriber, newest first (status=dead: the dead letters); cursor pages',
      security: bearer,
      querystring: deliveriesQuery,
      response: { 200: listedPage, ...errors(400, 401, 403, 404) },
    },
    handler: async (req) => {
      const { tenant_id, ...query } = req.query;
      const page = await relay.listDeliveries(await scopeOf(req, tenant_id), query);
      const labels = await services.tenancy.tenantLabels(actorOf(req), page.items.map((d) => d.tenant_id));
      return { ...page, items: page.items.map((d) => ({ ...d, tenant_name: labels.get(d.tenant_id)?.business_name ?? null, tenant_rut: labels.get(d.tenant_id)?.rut_formatted ?? null })) };
    },
  });

  r.get('/api/v1/outbox/subscribers', {
    config: { access: authenticated },
    schema: {
      tags,
      summary: 'Each subscriber with its pending, dead and delivered deliveries and the oldest pending',
      security: bearer,
      querystring: z.object({ tenant_id: deliveriesQuery.shape.tenant_id }),
      response: { 200: z.object({ items: z.array(subscriberSummary) }), ...errors(401, 403, 404) },
    },
    handler: async (req) => ({ items: await relay.summary(await scopeOf(req, req.query.tenant_id)) }),
  });

  r.post('/api/v1/outbox/deliveries/retry', {
    config: { access: authenticated },
    schema: {
      tags,
      summary: 'Retry dead deliveries: one ({ subscriber, event_id }) or all of a subscriber ({ subscriber, all_dead: true })',
      security: bearer,
      body: retryDeliveriesInput,
      response: { 200: retryDeliveriesOutput, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (req) => {
      const { tenant_id, subscriber, event_id } = req.body;
      const scope = await scopeOf(req, tenant_id);
      return relay.retry(scope, event_id !== undefined ? { subscriber, event_id } : { subscriber, all_dead: true });
    },
  });
}
