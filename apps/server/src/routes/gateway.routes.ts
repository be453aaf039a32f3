import { capabilityName } from '@smarteros/modules/registry';
import { invokeInput, invokeOutput, requestLogPage, requestLogQuery, requestLogSummary, requestLogSummaryQuery } from '@smarteros/modules/gateway';
import type { GatewaySource } from '@smarteros/modules/gateway';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ownTenantAccess, tenantAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantParams, tenantSelector } from './common.ts';

/** The gateway's routes: call a capability (REST and the seed's proxy route) and read the request log. */
export function gatewayRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { gateway, requestLog } = services;
  const tags = ['gateway'];
  const callErrors = errors(400, 401, 403, 404, 409, 422, 429, 502, 503, 504);

  const invoke = (req: FastifyRequest, name: string, input: unknown, source: GatewaySource) =>
    gateway.invoke({ tenantId: req.tenantId!, principal: req.principal!, principalLabel: actorOf(req).id, name, input, source });

  r.post('/api/v1/capabilities/:name/invoke', {
    config: { access: ownTenantAccess('viewer') },
    schema: {
      tags,
      summary: "Call a capability: the input is checked against its schema_in, the tenant's credential is injected, the answer is normalized",
      description: 'Write capabilities need the agent role. Upstream failures answer 502 upstream_error with details.status; timeouts 504; an open circuit 503; rate limits 429 with Retry-After.',
      security: bearer,
      params: z.object({ name: capabilityName }),
      querystring: tenantSelector,
      body: invokeInput.nullish(),
      response: { 200: invokeOutput, ...callErrors },
    },
    handler: (req) => invoke(req, req.params.name, req.body ?? {}, 'api'),
  });

  // The seed's route: POST /api/tenant/:id/proxy/:capability with the input as the body.
  r.post('/api/tenant/:id/proxy/:capability', {
    config: { access: tenantAccess('viewer') },
    schema: {
      tags: ['seed compatibility'],
      summary: 'Call a capability (alias of POST /api/v1/capabilities/:name/invoke)',
      security: bearer,
      params: tenantParams.extend({ capability: capabilityName }),
      body: invokeInput.nullish(),
      response: { 200: invokeOutput, ...callErrors },
    },
    handler: (req) => invoke(req, req.params.capability, req.body ?? {}, 'proxy'),
  });

  r.get('/api/v1/gateway/requests', {
    config: { access: ownTenantAccess('viewer') },
    schema: { tags, summary: 'The request log, newest first: one row per call, never a secret or a body', security: bearer, querystring: requestLogQuery.extend(tenantSelector.shape), response: { 200: requestLogPage, ...errors(400, 401, 404) } },
    handler: (req) => requestLog.list(req.tenantId!, req.query),
  });

  r.get('/api/v1/gateway/summary', {
    config: { access: ownTenantAccess('viewer') },
    schema: { tags, summary: 'Calls, errors and latency per capability (default: the last 24 hours)', security: bearer, querystring: requestLogSummaryQuery.extend(tenantSelector.shape), response: { 200: requestLogSummary, ...errors(400, 401, 404) } },
    handler: (req) => requestLog.summary(req.tenantId!, req.query),
  });
}
