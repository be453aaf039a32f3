import { AppError } from '@smarteros/kernel';
import {
  apiKeyOutput,
  changePasswordInput,
  createApiKeyInput,
  createdApiKeyOutput,
  loginInput,
  loginOutput,
  passwordResetConfirmInput,
  passwordResetRequestInput,
  principalOutput,
  refreshInput,
  sessionOutput,
  switchTenantInput,
} from '@smarteros/modules/identity';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticated, publicAccess, tenantAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { answerWithSession, clearSessionCookie, refreshTokenOf, type CookieOptions } from '../http/session-cookie.ts';
import { requestLocale } from '../http/errors.ts';
import { bearer, errors, tenantParams } from './common.ts';

/** Session answers: refresh_token is left out when the client asked for cookie mode (X-SmarterOS-Session: 1). */
export const sessionAnswer = loginOutput.extend({ refresh_token: loginOutput.shape.refresh_token.optional() });

const cookieHeader = z.object({ 'x-smarteros-session': z.literal('1').optional().meta({ description: 'Cookie mode: use and set the HttpOnly session cookie; the body leaves out refresh_token' }) });

export function authRoutes(app: FastifyInstance, services: AppServices, opts: { loginMaxPerMinute: number } & CookieOptions): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/auth/login', {
    config: { access: publicAccess, rateLimit: { max: opts.loginMaxPerMinute, timeWindow: 60_000 } },
    schema: { tags: ['auth'], summary: 'Sign in with e-mail and password; returns a short-lived access token and sets the session cookie', headers: cookieHeader, body: loginInput, response: { 200: sessionAnswer, ...errors(400, 401, 403, 429) } },
    handler: async (req, reply) => answerWithSession(req, reply, await services.auth.login(req.body, { ip: req.ip, userAgent: req.headers['user-agent'] }), opts),
  });

  r.post('/api/v1/auth/refresh', {
    config: { access: publicAccess, rateLimit: { max: opts.loginMaxPerMinute * 6, timeWindow: 60_000 } },
    schema: {
      tags: ['auth'],
      summary: 'Trade a refresh token (body, or the session cookie with X-SmarterOS-Session: 1) for a new pair; rotation, a reused token ends the session',
      description: 'Two tabs refreshing with the same token within 30 s both get the same successor. Without a body token the session cookie is used, and then X-SmarterOS-Session: 1 is required and Origin, when sent, must be the console\'s.',
      headers: cookieHeader,
      body: refreshInput.partial().nullish(),
      response: { 200: sessionAnswer, ...errors(400, 401, 403, 429) },
    },
    handler: async (req, reply) => {
      const token = refreshTokenOf(req, req.body?.refresh_token, opts);
      return answerWithSession(req, reply, await services.sessions.refresh(token, { ip: req.ip, userAgent: req.headers['user-agent'] }), opts);
    },
  });

  r.post('/api/v1/auth/switch', {
    config: { access: authenticated },
    schema: { tags: ['auth'], summary: 'Switch the session to another tenant you belong to (refresh token in the body, or the session cookie)', security: bearer, headers: cookieHeader, body: switchTenantInput.partial({ refresh_token: true }), response: { 200: sessionAnswer, ...errors(400, 401, 403) } },
    handler: async (req, reply) => {
      const p = req.principal!;
      if (p.kind !== 'user') throw new AppError('forbidden', 'Only people switch tenants; API keys belong to one tenant');
      const token = refreshTokenOf(req, req.body.refresh_token, opts);
      return answerWithSession(req, reply, await services.sessions.refresh(token, { ip: req.ip, userAgent: req.headers['user-agent'] }, { tenantId: req.body.tenant_id, userId: p.id }), opts);
    },
  });

  r.post('/api/v1/auth/logout', {
    config: { access: authenticated },
    schema: { tags: ['auth'], summary: 'End this session (and clear the session cookie)', security: bearer, response: { 204: z.null(), ...errors(401) } },
    handler: async (req, reply) => {
      const p = req.principal!;
      if (p.kind === 'user' && p.sessionId) await services.sessions.logout(p.id, p.sessionId);
      clearSessionCookie(reply, opts);
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
      return { items: await services.sessions.list(p.id, p.sessionId, requestLocale(req)) };
    },
  });

  r.delete('/api/v1/auth/sessions/:id', {
    config: { access: authenticated },
    schema: { tags: ['auth'], summary: 'Close one of your own sessions (another person\'s answers 404)', security: bearer, params: z.object({ id: z.string().max(64) }), response: { 204: z.null(), ...errors(401, 403, 404) } },
    handler: async (req, reply) => {
      const p = req.principal!;
      if (p.kind !== 'user') throw new AppError('forbidden', 'Only people have sessions');
      await services.sessions.close(p.id, req.params.id);
      if (req.params.id === p.sessionId) clearSessionCookie(reply, opts);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/auth/me', {
    config: { access: authenticated },
    schema: { tags: ['auth'], summary: 'Who the credential belongs to: name, e-mail and role', security: bearer, response: { 200: principalOutput, ...errors(401) } },
    handler: async (req) => {
      const p = req.principal!;
      const who = await services.members.profile(p);
      return { kind: p.kind, id: p.id, role: p.role, tenant_id: p.tenantId, name: who.name, email: who.email, session_id: p.kind === 'user' ? (p.sessionId ?? null) : null };
    },
  });

  r.post('/api/v1/auth/password', {
    config: { access: authenticated, rateLimit: { max: opts.loginMaxPerMinute, timeWindow: 60_000 } },
    schema: { tags: ['auth'], summary: 'Change your password (the current one is required); your other sessions end', security: bearer, body: changePasswordInput, response: { 200: z.object({ sessions_ended: z.number().int() }), ...errors(400, 401, 403, 429) } },
    handler: (req) => {
      const p = req.principal!;
      if (p.kind !== 'user') throw new AppError('forbidden', 'Only people have a password');
      return services.passwords.change(p.id, p.sessionId, req.body);
    },
  });

  r.post('/api/v1/auth/password-reset', {
    config: { access: publicAccess, rateLimit: { max: opts.loginMaxPerMinute, timeWindow: 60_000 } },
    schema: { tags: ['auth'], summary: 'Ask for a password reset link by e-mail; always 202, whether or not the address has an account', body: passwordResetRequestInput, response: { 202: z.object({ accepted: z.literal(true) }), ...errors(400, 429) } },
    handler: async (req, reply) => {
      await services.passwords.request(req.body.email, { ip: req.ip });
      return reply.status(202).send({ accepted: true as const });
    },
  });

  r.post('/api/v1/auth/password-reset/confirm', {
    config: { access: publicAccess, rateLimit: { max: opts.loginMaxPerMinute, timeWindow: 60_000 } },
    schema: { tags: ['auth'], summary: 'Set a new password with the token of a reset link (single use); every session of the person ends', body: passwordResetConfirmInput, response: { 204: z.null(), ...errors(400, 404, 429) } },
    handler: async (req, reply) => {
      await services.passwords.confirm(req.body.token, req.body.new_password);
      clearSessionCookie(reply, opts);
      return reply.status(204).send(null);
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
