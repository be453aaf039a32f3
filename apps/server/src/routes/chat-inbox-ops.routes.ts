import {
  cannedInput,
  cannedOutput,
  cannedQuery,
  cannedUpdate,
  contactOutput,
  contactUpdate,
  conversationOutput,
  countsOutput,
  labelInput,
  labelOutput,
  labelUpdate,
  statusInput,
} from '@smarteros/modules/chat';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ownTenantAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantSelector } from './common.ts';

/** The signed-in person's user id (`assignee=me`, the counts of "mine"); null for an API key. */
export const userIdOf = (req: FastifyRequest): string | null => (req.principal?.kind === 'user' ? req.principal.id : null);

/**
 * The agent's inbox operations beside the conversations, on the credential's tenant (platform admins add ?tenant_id=):
 * labels (admins manage them, agents put them on conversations), canned responses (admins write, agents use), the
 * contact panel, the status of a conversation (resolve, reopen, pending, snooze), and the sidebar's counts.
 */
export function chatInboxOpsRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { chat, chatInbox } = services;
  const tags = ['chat'];
  const conversationParams = z.object({ conversation_id: z.uuid() });
  const labelParams = z.object({ label_id: z.uuid() });
  const cannedParams = z.object({ canned_response_id: z.uuid() });
  const contactParams = z.object({ contact_id: z.uuid() });

  r.get('/api/v1/chat/labels', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: "The tenant's labels, by name, with how many conversations carry each", security: bearer, querystring: tenantSelector, response: { 200: z.object({ items: z.array(labelOutput) }), ...errors(400, 401, 403, 404) } },
    handler: async (req) => ({ items: await chatInbox.listLabels(req.tenantId!) }),
  });

  r.post('/api/v1/chat/labels', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Create a label (one of each name per tenant, whatever its case)', security: bearer, querystring: tenantSelector, body: labelInput, response: { 201: labelOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: async (req, reply) => reply.status(201).send(await chatInbox.createLabel(req.tenantId!, req.body)),
  });

  r.patch('/api/v1/chat/labels/:label_id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Rename or recolour a label', security: bearer, params: labelParams, querystring: tenantSelector, body: labelUpdate, response: { 200: labelOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: async (req) => chatInbox.updateLabel(req.tenantId!, req.params.label_id, req.body),
  });

  r.delete('/api/v1/chat/labels/:label_id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Delete a label (it comes off every conversation)', security: bearer, params: labelParams, querystring: tenantSelector, response: { 204: z.null(), ...errors(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      await chatInbox.deleteLabel(req.tenantId!, req.params.label_id);
      return reply.status(204).send(null);
    },
  });

  r.put('/api/v1/chat/conversations/:conversation_id/labels/:label_id', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'Put a label on a conversation (idempotent); the answer is the conversation with its labels',
      security: bearer,
      params: conversationParams.extend(labelParams.shape),
      querystring: tenantSelector,
      response: { 200: conversationOutput, ...errors(400, 401, 403, 404) },
    },
    handler: async (req) => chatInbox.setConversationLabel(req.tenantId!, req.params.conversation_id, req.params.label_id, true),
  });

  r.delete('/api/v1/chat/conversations/:conversation_id/labels/:label_id', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'Take a label off a conversation (idempotent); the answer is the conversation with its labels',
      security: bearer,
      params: conversationParams.extend(labelParams.shape),
      querystring: tenantSelector,
      response: { 200: conversationOutput, ...errors(400, 401, 403, 404) },
    },
    handler: async (req) => chatInbox.setConversationLabel(req.tenantId!, req.params.conversation_id, req.params.label_id, false),
  });

  r.post('/api/v1/chat/conversations/:conversation_id/status', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'Resolve (the CSAT survey goes out when the inbox has it on), reopen, pending, or snooze until snoozed_until (it opens again then, or when the customer writes)',
      security: bearer,
      params: conversationParams,
      querystring: tenantSelector,
      body: statusInput,
      response: { 200: conversationOutput, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (req) => chat.updateConversation(req.tenantId!, req.params.conversation_id, req.body),
  });

  r.get('/api/v1/chat/counts', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: 'Conversations and those with unread messages, per status and per inbox; the caller’s and the unassigned', security: bearer, querystring: tenantSelector, response: { 200: countsOutput, ...errors(400, 401, 403, 404) } },
    handler: async (req) => chatInbox.counts(req.tenantId!, userIdOf(req)),
  });

  r.get('/api/v1/chat/canned-responses', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: 'Canned responses by short code (?q= those that start with it)', security: bearer, querystring: cannedQuery.extend(tenantSelector.shape), response: { 200: z.object({ items: z.array(cannedOutput) }), ...errors(400, 401, 403, 404) } },
    handler: async (req) => ({ items: await chatInbox.listCanned(req.tenantId!, req.query.q) }),
  });

  r.post('/api/v1/chat/canned-responses', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Create a canned response (one of each short code per tenant)', security: bearer, querystring: tenantSelector, body: cannedInput, response: { 201: cannedOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: async (req, reply) => reply.status(201).send(await chatInbox.createCanned(actorOf(req), req.tenantId!, req.body)),
  });

  r.patch('/api/v1/chat/canned-responses/:canned_response_id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Change a canned response', security: bearer, params: cannedParams, querystring: tenantSelector, body: cannedUpdate, response: { 200: cannedOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: async (req) => chatInbox.updateCanned(req.tenantId!, req.params.canned_response_id, req.body),
  });

  r.delete('/api/v1/chat/canned-responses/:canned_response_id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Delete a canned response', security: bearer, params: cannedParams, querystring: tenantSelector, response: { 204: z.null(), ...errors(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      await chatInbox.deleteCanned(req.tenantId!, req.params.canned_response_id);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/chat/contacts/:contact_id', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: 'A contact: phone (E.164), e-mail, RUT (12.345.678-5), its identity on each channel, its conversations', security: bearer, params: contactParams, querystring: tenantSelector, response: { 200: contactOutput, ...errors(400, 401, 403, 404) } },
    handler: async (req) => chatInbox.getContact(req.tenantId!, req.params.contact_id),
  });

  r.patch('/api/v1/chat/contacts/:contact_id', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: "Edit a contact's name, e-mail or RUT (checked by its check digit; null clears a field)", security: bearer, params: contactParams, querystring: tenantSelector, body: contactUpdate, response: { 200: contactOutput, ...errors(400, 401, 403, 404) } },
    handler: async (req) => chatInbox.updateContact(req.tenantId!, req.params.contact_id, req.body),
  });
}
