import { mcpInvocationsPage, mcpInvocationsQuery, mcpPolicyInput, mcpPolicyOutput } from '@smarteros/modules/mcp';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, tenantAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantParams } from './common.ts';

/** The tenant's AI controls for MCP (the policy) and the invocation audit. The MCP endpoint itself is in ../mcp. */
export function mcpAdminRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { mcp } = services;
  const tags = ['mcp'];

  r.get('/api/v1/tenants/:id/mcp/policy', {
    config: { access: tenantAccess('viewer') },
    schema: { tags, summary: "The tenant's AI-control policy for MCP clients", security: bearer, params: tenantParams, response: { 200: mcpPolicyOutput, ...errors(401, 404) } },
    handler: (req) => mcp.getPolicy(req.tenantId!),
  });

  r.put('/api/v1/tenants/:id/mcp/policy', {
    config: { access: tenantAccess('admin') },
    schema: {
      tags,
      summary: 'Change the AI-control policy: allowed and denied tools, read-only mode, confirmation of writes, redaction, calls per minute',
      security: bearer,
      params: tenantParams,
      body: mcpPolicyInput,
      response: { 200: mcpPolicyOutput, ...errors(400, 401, 403, 404) },
    },
    handler: (req) => mcp.setPolicy(actorOf(req), req.tenantId!, req.body),
  });

  r.get('/api/v1/tenants/:id/mcp/invocations', {
    config: { access: tenantAccess('viewer') },
    schema: { tags, summary: 'Every MCP tool call, newest first (arguments without secrets or redacted fields)', security: bearer, params: tenantParams, querystring: mcpInvocationsQuery, response: { 200: mcpInvocationsPage, ...errors(400, 401, 404) } },
    handler: (req) => mcp.listInvocations(req.tenantId!, req.query),
  });
}
