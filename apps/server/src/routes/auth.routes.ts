import { AppError } from '@smarteros/kernel';
import { createApiKeyInput, createdApiKeyOutput, apiKeyOutput, loginInput, loginOutput, principalOutput, refreshInput, sessionOutput, switchTenantInput } from '@smarteros/modules/identity';
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
    handler: (req) => services.auth.login(req.body, { ip: req.ip, userAgent: req.headers['user-agent'] }),
  });

  r.post('/api/v1/auth/refresh', {
    config: { access: publicAccess, rateLimit: { max: opts.loginMaxPerMinute * 6, timeWindow: 60_000 } },
    schema: { tags: ['auth'], summary: 'Trade a refresh token for a new access token and refresh token (rotation; a reused token ends the session)', body: refreshInput, response: { 200: loginOutput, ...errors(400, 401, 429) } },
    handler: (req) => services.sessions.refresh(req.body.refresh_token, { ip: req.ip, userAgent: req.headers['user-agent'] }),
  });

  r.post('/api/v1/auth/switch', {
    config: { access: authenticated },
    schema: { tags: ['auth'], summary: 'Switch the session to another tenant you belong to', security: bearer, body: switchTenantInput, response: { 200: loginOutput, ...errors(400, 401, 403) } },
    handler: (req) => {
      const p = req.principal!;
      if (p.kind !== 'user') throw new AppError('forbidden', 'Only people switch tenants; API keys belong to one tenant');
      return services.sessions.refresh(req.body.refresh_token, { ip: req.ip, userAgent: req.headers['user-agent'] }, { tenantId: req.body.tenant_id, userId: p.id });
    },
  });

  r.post('/api/v1/auth/logout', {
    config: { access: authenticated },
    schema: { tags: ['auth'], summary: 'End this session', security: bearer, response: { 204: z.null(), ...errors(401) } },
    handler: async (req, reply) => {
      const p = req.principal!;
      if (p.kind === 'user' && p.sessionId) await services.sessions.logout(p.id, p.sessionId);
      return reply.status(204).send(null);
    },
  });

  r.post('/api/v1/auth/logout-all', {
    config: { access: authenticated },
    schema: { tags: ['auth'], summary: 'End every session of this person (access tokens already issued expire within minutes)', security: bearer, response: { 200: z.object({ revoked: z.number().int() }), ...errors(401, 403) } },
    handler: async (req) => {
      const p = req.principal!;
      if (p.kind !== 'user') throw new AppError('forbidden', 'Only people have sessions');
      return { revoked: await services.sessions.logoutAll(p.id) };
    },
  });

  r.get('/api/v1/auth/sessions', {
    config: { access: authenticated },
    schema: { tags: ['auth'], summary: 'Your live sessions', security: bearer, response: { 200: z.object({ items: z.array(sessionOutput) }), ...errors(401, 403) } },
    handler: async (req) => {
      const p = req.principal!;
      if (p.kind !== 'user') throw new AppError('forbidden', 'Only people have sessions');
      return { items: await services.sessions.list(p.id, p.sessionId) };
    },
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
      await services.apiKeys.revoke(req.principal!, req.tenantId!, req.params.key_id);
      return reply.status(204).send(null);
    },
  });
}
