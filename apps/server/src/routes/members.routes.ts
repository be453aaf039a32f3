import { AppError, type TenantRole } from '@smarteros/kernel';
import {
  acceptInvitationInput,
  addMemberInput,
  auditEntryOutput,
  changeRoleInput,
  invitationOutput,
  invitationPreviewOutput,
  invitationTokenInput,
  inviteInput,
  logPageOf,
  logQuery,
  memberOutput,
  myTenantOutput,
  securityEventOutput,
} from '@smarteros/modules/identity';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticated, platformOnly, publicAccess, tenantAccess } from '../http/access.ts';
import { answerWithSession, type CookieOptions } from '../http/session-cookie.ts';
import type { AppServices } from '../services.ts';
import { sessionAnswer } from './auth.routes.ts';
import { bearer, errors, tenantParams } from './common.ts';

/** People in tenants, the tenant security log and the platform audit. */
export function memberRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { members } = services;
  const tags = ['members'];
  const memberParams = tenantParams.extend({ user_id: z.uuid() });

  r.get('/api/v1/me/tenants', {
    config: { access: authenticated },
    schema: { tags, summary: 'The tenants you belong to (for the tenant switcher)', security: bearer, response: { 200: z.object({ items: z.array(myTenantOutput) }), ...errors(401, 403) } },
    handler: async (req) => {
      const p = req.principal!;
      if (p.kind !== 'user') throw new AppError('forbidden', 'Only people belong to tenants');
      return { items: await members.myTenants(p.id) };
    },
  });

  r.get('/api/v1/tenants/:id/members', {
    config: { access: tenantAccess('viewer') },
    schema: { tags, summary: 'Members of a tenant', security: bearer, params: tenantParams, response: { 200: z.object({ items: z.array(memberOutput) }), ...errors(401, 404) } },
    handler: async (req) => ({ items: await members.list(req.tenantId!) }),
  });

  r.post('/api/v1/tenants/:id/members', {
    config: { access: tenantAccess('admin') },
    schema: { tags, summary: 'Add a person by e-mail (a new person needs a password)', security: bearer, params: tenantParams, body: addMemberInput, response: { 201: memberOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: async (req, reply) =>
      reply.status(201).send(await members.add(req.principal!, req.tenantId!, { ...req.body, role: req.body.role as TenantRole })),
  });

  r.patch('/api/v1/tenants/:id/members/:user_id', {
    config: { access: tenantAccess('admin') },
    schema: { tags, summary: "Change a member's role", security: bearer, params: memberParams, body: changeRoleInput, response: { 200: memberOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: (req) => members.changeRole(req.principal!, req.tenantId!, req.params.user_id, req.body.role as TenantRole),
  });

  r.delete('/api/v1/tenants/:id/members/:user_id', {
    config: { access: tenantAccess('admin') },
    schema: { tags, summary: 'Remove a member', security: bearer, params: memberParams, response: { 204: z.null(), ...errors(401, 403, 404, 409) } },
    handler: async (req, reply) => {
      await members.remove(req.principal!, req.tenantId!, req.params.user_id);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/tenants/:id/security-events', {
    config: { access: tenantAccess('owner') },
    schema: { tags: ['audit'], summary: 'Security log of a tenant: logins, members, roles, API keys (owners)', security: bearer, params: tenantParams, querystring: logQuery, response: { 200: logPageOf(securityEventOutput), ...errors(401, 403, 404) } },
    handler: (req) => members.securityEvents(req.tenantId!, req.query),
  });

  r.get('/api/v1/audit', {
    config: { access: platformOnly },
    schema: { tags: ['audit'], summary: 'Platform audit: every platform operation (platform admins)', security: bearer, querystring: logQuery, response: { 200: logPageOf(auditEntryOutput), ...errors(401, 403) } },
    handler: (req) => members.platformAudit(req.principal!, req.query),
  });
}

/** Invitations: sent by owners and admins, inspected and accepted by the invited person (no account needed yet). */
export function invitationRoutes(app: FastifyInstance, services: AppServices, opts: { loginMaxPerMinute: number } & CookieOptions): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { invitations } = services;
  const tags = ['invitations'];

  r.post('/api/v1/tenants/:id/invitations', {
    config: { access: tenantAccess('admin') },
    schema: { tags, summary: 'Invite a person by e-mail or phone with a role; the message goes out through the notifier', security: bearer, params: tenantParams, body: inviteInput, response: { 201: invitationOutput, ...errors(400, 401, 403, 404) } },
    handler: async (req, reply) => reply.status(201).send(await invitations.invite(req.principal!, req.tenantId!, { ...req.body, role: req.body.role as TenantRole })),
  });

  r.get('/api/v1/tenants/:id/invitations', {
    config: { access: tenantAccess('admin') },
    schema: { tags, summary: 'Invitations of a tenant', security: bearer, params: tenantParams, response: { 200: z.object({ items: z.array(invitationOutput) }), ...errors(401, 403, 404) } },
    handler: async (req) => ({ items: await invitations.list(req.tenantId!) }),
  });

  r.delete('/api/v1/tenants/:id/invitations/:invitation_id', {
    config: { access: tenantAccess('admin') },
    schema: { tags, summary: 'Revoke a pending invitation', security: bearer, params: tenantParams.extend({ invitation_id: z.string().max(64) }), response: { 204: z.null(), ...errors(401, 403, 404) } },
    handler: async (req, reply) => {
      await invitations.revoke(req.principal!, req.tenantId!, req.params.invitation_id);
      return reply.status(204).send(null);
    },
  });

  r.post('/api/v1/invitations/inspect', {
    config: { access: publicAccess, rateLimit: { max: opts.loginMaxPerMinute * 3, timeWindow: 60_000 } },
    schema: { tags, summary: 'What an invitation is for (tenant, role), before accepting it', body: invitationTokenInput, response: { 200: invitationPreviewOutput, ...errors(400, 404, 429) } },
    handler: (req) => invitations.inspect(req.body.token),
  });

  r.post('/api/v1/invitations/accept', {
    config: { access: publicAccess, rateLimit: { max: opts.loginMaxPerMinute, timeWindow: 60_000 } },
    schema: { tags, summary: 'Accept an invitation: creates the account (or uses yours), signs you in and sets the session cookie', body: acceptInvitationInput, response: { 200: sessionAnswer, ...errors(400, 401, 404, 409, 429) } },
    handler: async (req, reply) => answerWithSession(req, reply, await invitations.accept(req.body.token, req.body, { ip: req.ip, userAgent: req.headers['user-agent'] }), opts),
  });
}
