import { providerInput, providerList, providerOutput, providerPatch, usageOutput, usageQuery } from '@smarteros/modules/ai';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ownTenantAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantSelector } from './common.ts';

/**
 * AI providers: the model endpoints a tenant's assistant may use (Ollama, OpenAI-compatible), on the credential's
 * tenant (platform admins add ?tenant_id=). The API key is write-only. Admins manage them; agents see them and the
 * usage. The probe calls the endpoint (through the egress guard) and stores whether it answers and calls tools.
 */
export function aiProvidersRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { aiProviders } = services;
  const tags = ['ai'];
  const params = z.object({ id: z.uuid() });

  r.get('/api/v1/ai/providers', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: "The tenant's AI providers (never their keys)", security: bearer, querystring: tenantSelector, response: { 200: providerList, ...errors(400, 401, 403, 404) } },
    handler: async (req) => ({ items: await aiProviders.list(req.tenantId!) }),
  });

  r.post('/api/v1/ai/providers', {
    config: { access: ownTenantAccess('admin') },
    schema: {
      tags,
      summary: 'Add a model provider (Ollama or OpenAI-compatible); its API key is sealed and never returned',
      description: 'The base URL must pass the egress guard: a model on this machine or the private network needs SMARTEROS_AI_ALLOWED_HOSTS (400 naming base_url).',
      security: bearer,
      querystring: tenantSelector,
      body: providerInput,
      response: { 201: providerOutput, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) => reply.status(201).send(await aiProviders.create(actorOf(req), req.tenantId!, req.body)),
  });

  r.get('/api/v1/ai/providers/:id', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: 'One AI provider', security: bearer, params, querystring: tenantSelector, response: { 200: providerOutput, ...errors(400, 401, 403, 404) } },
    handler: (req) => aiProviders.get(req.tenantId!, req.params.id),
  });

  r.patch('/api/v1/ai/providers/:id', {
    config: { access: ownTenantAccess('admin') },
    schema: {
      tags,
      summary: 'Change a provider (what is given); a new endpoint, model or kind forgets the last probe',
      security: bearer,
      params,
      querystring: tenantSelector,
      body: providerPatch,
      response: { 200: providerOutput, ...errors(400, 401, 403, 404, 409) },
    },
    handler: (req) => aiProviders.update(req.tenantId!, req.params.id, req.body),
  });

  r.delete('/api/v1/ai/providers/:id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: "Delete a provider: inboxes that used it go back to answering from the knowledge", security: bearer, params, querystring: tenantSelector, response: { 204: z.null(), ...errors(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      await aiProviders.remove(req.tenantId!, req.params.id);
      return reply.status(204).send(null);
    },
  });

  r.post('/api/v1/ai/providers/:id/probe', {
    config: { access: ownTenantAccess('admin') },
    schema: {
      tags,
      summary: 'Call the endpoint once: whether it answers, and whether the model calls a tool when offered one (stored on the provider)',
      description: 'A provider that answers but makes no tool call is used in text only. The call counts in the usage.',
      security: bearer,
      params,
      querystring: tenantSelector,
      response: { 200: providerOutput, ...errors(400, 401, 403, 404) },
    },
    handler: (req) => aiProviders.probe(req.tenantId!, req.params.id),
  });

  r.get('/api/v1/ai/usage', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: 'Model calls and tokens per provider and day (UTC), newest first', security: bearer, querystring: usageQuery.extend(tenantSelector.shape), response: { 200: usageOutput, ...errors(400, 401, 403, 404) } },
    handler: (req) => aiProviders.usage(req.tenantId!, req.query),
  });
}
