import { createApiKeyInput, createdApiKeyOutput, apiKeyOutput, loginInput, loginOutput, principalOutput } from '@smarteros/modules/identity';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticated, publicAccess, tenantAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantParams } from './common.ts';

export function authRoutes(app: FastifyInstance, services: AppServices, opts: { loginMaxPerMinute: number }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/auth/login', {
    config: { access: publicAccess, rateLimit: { max: opts.loginMaxPerMinute, timeWindow: 60_000 } },
    schema: { tags: ['auth'], summary: 'Sign in with e-mail and password; returns a short-lived access token', body: loginInput, response: { 200: loginOutput, ...errors(400, 401, 403, 429) } },
    handler: (req) => services.auth.login(req.body, { ip: req.ip }),
  });

  r.get('/api/v1/auth/me', {
    config: { access: authenticated },
    schema: { tags: ['auth'], summary: 'Who the credential belongs to', security: bearer, response: { 200: principalOutput, ...errors(401) } },
    handler: (req) => {
      const p = req.principal!;
      return { kind: p.kind, id: p.id, role: p.role, tenant_id: p.tenantId };
    },
  });

  r.post('/api/v1/tenants/:id/api-keys', {
    // Not idempotent on purpose: replaying would mean storing the key, and keys are never stored.
    config: { access: tenantAccess('admin') },
    schema: { tags: ['api-keys'], summary: 'Create an API key (the key is shown once)', security: bearer, params: tenantParams, body: createApiKeyInput, response: { 201: createdApiKeyOutput, ...errors(400, 401, 403, 404) } },
    handler: async (req, reply) => reply.status(201).send(await services.apiKeys.create(req.principal!, req.tenantId!, req.body)),
  });

  r.get('/api/v1/tenants/:id/api-keys', {
    config: { access: tenantAccess('admin') },
    schema: { tags: ['api-keys'], summary: 'API keys of a tenant (never the keys themselves)', security: bearer, params: tenantParams, response: { 200: z.object({ items: z.array(apiKeyOutput) }), ...errors(401, 403, 404) } },
    handler: async (req) => ({ items: await services.apiKeys.list(req.tenantId!) }),
  });

  r.delete('/api/v1/tenants/:id/api-keys/:key_id', {
    config: { access: tenantAccess('admin') },
    schema: { tags: ['api-keys'], summary: 'Revoke an API key', security: bearer, params: tenantParams.extend({ key_id: z.string().max(64) }), response: { 204: z.null(), ...errors(401, 403, 404) } },
    handler: async (req, reply) => {
      await services.apiKeys.revoke(req.tenantId!, req.params.key_id);
      return reply.status(204).send(null);
    },
  });
}
