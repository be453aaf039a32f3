import { knowledgeEntryInput, knowledgeEntryOutput, knowledgeEntryPatch, knowledgeList, knowledgeQuery } from '@smarteros/modules/ai';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ownTenantAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantSelector } from './common.ts';

/**
 * AI: the knowledge the assistant answers from, on the credential's tenant (platform admins add ?tenant_id=). Agents
 * read it, admins write it; another tenant's entry is not found.
 */
export function aiRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { ai } = services;
  const tags = ['ai'];
  const params = z.object({ id: z.uuid() });

  r.get('/api/v1/ai/knowledge', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: "The tenant's knowledge entries, newest first",
      security: bearer,
      querystring: knowledgeQuery.extend(tenantSelector.shape),
      response: { 200: knowledgeList, ...errors(400, 401, 403, 404) },
    },
    handler: async (req) => {
      const { tenant_id: _tenant, ...query } = req.query;
      return { items: await ai.listEntries(req.tenantId!, query) };
    },
  });

  r.post('/api/v1/ai/knowledge', {
    config: { access: ownTenantAccess('admin') },
    schema: {
      tags,
      summary: 'Add a question and its answer: the assistant answers customers from the enabled entries',
      security: bearer,
      querystring: tenantSelector,
      body: knowledgeEntryInput,
      response: { 201: knowledgeEntryOutput, ...errors(400, 401, 403, 404) },
    },
    handler: async (req, reply) => reply.status(201).send(await ai.addEntry(actorOf(req), req.tenantId!, req.body)),
  });

  r.patch('/api/v1/ai/knowledge/:id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Change an entry (what is given)', security: bearer, params, querystring: tenantSelector, body: knowledgeEntryPatch, response: { 200: knowledgeEntryOutput, ...errors(400, 401, 403, 404) } },
    handler: async (req) => ai.updateEntry(req.tenantId!, req.params.id, req.body),
  });

  r.delete('/api/v1/ai/knowledge/:id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Delete an entry', security: bearer, params, querystring: tenantSelector, response: { 204: z.null(), ...errors(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      await ai.deleteEntry(req.tenantId!, req.params.id);
      return reply.status(204).send(null);
    },
  });
}
