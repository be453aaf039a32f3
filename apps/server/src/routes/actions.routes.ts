import { AppError, isUuid, type ActionContext } from '@smarteros/kernel';
import {
  actionConfirmationList,
  actionConfirmationOutput,
  actionConfirmationsQuery,
  actionListOutput,
  confirmationRequestOutput,
  type ActionOutput,
  type RunnableAction,
} from '@smarteros/modules/mcp';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ownTenantAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantSelector } from './common.ts';

/** The header the CLI sends so the audit says the call came from it (a label for the audit, not a credential). */
export const CLIENT_SOURCE_HEADER = 'x-smarteros-source';

const actionName = z.string().min(1).max(128).meta({ description: 'e.g. smarteros.products or orders.search' });
const confirmationParams = z.object({ confirmation_id: z.string().min(1).max(64).meta({ description: 'The confirmation id (uuid)' }) });

export function actionOutputOf({ action, confirm }: RunnableAction): ActionOutput {
  return {
    name: action.name,
    title: action.title,
    description: action.description,
    kind: action.kind,
    min_role: action.minRole,
    origin: action.origin,
    confirm,
    input_schema: action.inputSchema,
  };
}

/**
 * The action catalog over REST: what the caller may run under the tenant's AI-control policy and its role, running one
 * through the same runner as MCP (policy, budget, role, input schema, confirmation, audit), and the writes that wait
 * for someone to approve or reject them.
 */
export function actionRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { runner } = services;
  const tags = ['actions'];

  const contextOf = (req: FastifyRequest): ActionContext => {
    const p = req.principal!;
    const header = req.headers[CLIENT_SOURCE_HEADER];
    return {
      tenantId: req.tenantId!,
      principal: { id: p.id, role: p.role },
      principalLabel: actorOf(req).id,
      source: header === 'cli' ? 'cli' : 'api',
      client: { name: String(req.headers['user-agent'] ?? '').slice(0, 200) || undefined },
    };
  };
  // Ids that are not uuids cannot be anyone's: not found, like another tenant's.
  const confirmationId = (id: string): string => {
    if (!isUuid(id)) throw new AppError('not_found', 'Confirmation not found');
    return id.toLowerCase();
  };

  r.get('/api/v1/actions', {
    config: { access: ownTenantAccess('viewer') },
    schema: {
      tags,
      summary: 'The actions the caller may run: the platform\'s and the company\'s capabilities, under its AI-control policy and the caller\'s role',
      description: 'Each with its title in Spanish and English, its kind, whether it asks for confirmation, and the JSON Schema (2020-12) of its input, from which the console builds its forms.',
      security: bearer,
      querystring: tenantSelector,
      response: { 200: actionListOutput, ...errors(400, 401, 404) },
    },
    handler: async (req) => ({ items: (await runner.list(contextOf(req))).map(actionOutputOf) }),
  });

  r.post('/api/v1/actions/:name/run', {
    config: { access: ownTenantAccess('viewer') },
    schema: {
      tags,
      summary: 'Run one action with the body as its input',
      description:
        'The same runner as MCP: the AI-control policy (allowed, denied, read-only), calls per minute (429 with Retry-After), the action\'s minimum role (403), ' +
        'the input checked against its schema (400 validation_failed naming the field), and writes that need confirmation answer 202 with the request ' +
        '(approve it with POST /api/v1/actions/confirmations/:confirmation_id/approve). Every call is audited with source api (or cli).',
      security: bearer,
      params: z.object({ name: actionName }),
      querystring: tenantSelector,
      body: z.record(z.string(), z.unknown()).nullish().meta({ description: "The action's input" }),
      response: {
        200: z.object({ result: z.unknown() }),
        202: z.object({ confirmation: confirmationRequestOutput }),
        ...errors(400, 401, 403, 404, 409, 422, 429, 502, 503, 504),
      },
    },
    handler: async (req, reply) => {
      const run = await runner.run(contextOf(req), req.params.name, req.body ?? {});
      if (run.outcome === 'ok') return { result: run.value };
      if (run.outcome === 'confirmation_required') return reply.status(202).send({ confirmation: run.confirmation });
      throw run.error;
    },
  });

  r.get('/api/v1/actions/confirmations', {
    config: { access: ownTenantAccess('viewer') },
    schema: {
      tags,
      summary: 'Writes waiting for confirmation (or, with ?status=, those approved, rejected, expired or used), newest first',
      security: bearer,
      querystring: actionConfirmationsQuery.extend(tenantSelector.shape),
      response: { 200: actionConfirmationList, ...errors(400, 401, 404) },
    },
    handler: (req) => runner.listConfirmations(req.tenantId!, req.query),
  });

  r.get('/api/v1/actions/confirmations/:confirmation_id', {
    config: { access: ownTenantAccess('viewer') },
    schema: { tags, summary: 'One confirmation request', security: bearer, params: confirmationParams, querystring: tenantSelector, response: { 200: actionConfirmationOutput, ...errors(401, 404) } },
    handler: (req) => runner.getConfirmation(req.tenantId!, confirmationId(req.params.confirmation_id)),
  });

  r.post('/api/v1/actions/confirmations/:confirmation_id/approve', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'Approve a pending write: it runs now with its stored arguments, as the approver, audited',
      description: "Needs the policy's confirm_min_role or higher (403). Takes effect once: a confirmation no longer pending answers 409 confirmation_not_pending.",
      security: bearer,
      params: confirmationParams,
      querystring: tenantSelector,
      response: { 200: z.object({ confirmation: actionConfirmationOutput, result: z.unknown() }), ...errors(400, 401, 403, 404, 409, 422, 429, 502, 503, 504) },
    },
    handler: async (req) => {
      const { confirmation, run } = await runner.approve(contextOf(req), confirmationId(req.params.confirmation_id));
      if (run.outcome === 'ok') return { confirmation, result: run.value };
      if (run.outcome === 'confirmation_required') throw new AppError('internal', 'An approved action asked for confirmation again');
      throw run.error;
    },
  });

  r.post('/api/v1/actions/confirmations/:confirmation_id/reject', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'Reject a pending write: it never runs, and its token stops working',
      description: "Needs the policy's confirm_min_role or higher (403); a confirmation no longer pending answers 409 confirmation_not_pending.",
      security: bearer,
      params: confirmationParams,
      querystring: tenantSelector,
      response: { 200: actionConfirmationOutput, ...errors(401, 403, 404, 409) },
    },
    handler: (req) => runner.reject(contextOf(req), confirmationId(req.params.confirmation_id)),
  });
}
