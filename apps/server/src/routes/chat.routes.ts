import { AppError } from '@smarteros/kernel';
import { conversationOutput, conversationsPage, conversationsQuery, createInboxInput, handoffInput, inboxOutput, messageOutput, messagesPage, messagesQuery, postMessageInput, updateInboxInput } from '@smarteros/modules/chat';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ownTenantAccess, publicAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantSelector } from './common.ts';

/**
 * Chat: inboxes (secrets write-only), conversations and their messages, on the credential's tenant (platform admins
 * add ?tenant_id=); and the channels' webhooks, which know no tenant: the inbox is found by the channel's id and the
 * signature is checked on the raw bytes before anything is written.
 */
export function chatRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { chat } = services;
  const tags = ['chat'];

  r.post('/api/v1/chat/inboxes', {
    config: { access: ownTenantAccess('admin') },
    schema: {
      tags,
      summary: 'Connect a channel: a WhatsApp number (phone_number_id, access token, app secret, verify token). The answer never holds a secret',
      security: bearer,
      querystring: tenantSelector,
      body: createInboxInput,
      response: { 201: inboxOutput, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) => reply.status(201).send(await chat.createInbox(actorOf(req), req.tenantId!, req.body)),
  });

  r.get('/api/v1/chat/inboxes', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: "The tenant's inboxes (which secrets are set, never their values)", security: bearer, querystring: tenantSelector, response: { 200: z.object({ items: z.array(inboxOutput) }), ...errors(400, 401, 403, 404) } },
    handler: async (req) => ({ items: await chat.listInboxes(req.tenantId!) }),
  });

  r.patch('/api/v1/chat/inboxes/:inbox_id', {
    config: { access: ownTenantAccess('admin') },
    schema: {
      tags,
      summary: 'Rename an inbox, or turn its assistant on or off (it answers from the knowledge and hands off to a person)',
      security: bearer,
      params: z.object({ inbox_id: z.uuid() }),
      querystring: tenantSelector,
      body: updateInboxInput,
      response: { 200: inboxOutput, ...errors(400, 401, 403, 404) },
    },
    handler: async (req) => chat.updateInbox(req.tenantId!, req.params.inbox_id, req.body),
  });

  r.post('/api/v1/chat/conversations/:conversation_id/handoff', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'Hand a conversation to a person (open, handled by a human) or back to the assistant (pending, handled by the bot)',
      security: bearer,
      params: z.object({ conversation_id: z.uuid() }),
      querystring: tenantSelector,
      body: handoffInput,
      response: { 200: conversationOutput, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (req) => chat.handOff(actorOf(req), req.tenantId!, req.params.conversation_id, req.body.to),
  });

  r.get('/api/v1/chat/conversations', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'Conversations, latest activity first, with filters and cursor pages',
      security: bearer,
      querystring: conversationsQuery.extend(tenantSelector.shape),
      response: { 200: conversationsPage, ...errors(400, 401, 403, 404) },
    },
    handler: async (req) => {
      const { tenant_id: _tenant, ...query } = req.query;
      return chat.listConversations(req.tenantId!, query);
    },
  });

  r.get('/api/v1/chat/conversations/:conversation_id/messages', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: "A conversation's messages, newest first (cursor: older ones)",
      security: bearer,
      params: z.object({ conversation_id: z.uuid() }),
      querystring: messagesQuery.extend(tenantSelector.shape),
      response: { 200: messagesPage, ...errors(400, 401, 403, 404) },
    },
    handler: async (req) => chat.listMessages(req.tenantId!, req.params.conversation_id, req.query),
  });

  r.post('/api/v1/chat/conversations/:conversation_id/messages', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'Reply (queued for the channel: status pending, then sent, delivered, read or failed) or add a private note',
      security: bearer,
      params: z.object({ conversation_id: z.uuid() }),
      querystring: tenantSelector,
      body: postMessageInput,
      response: { 201: messageOutput, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) => reply.status(201).send(await chat.postMessage(actorOf(req), req.tenantId!, req.params.conversation_id, req.body)),
  });

  // WhatsApp Cloud API webhooks. Meta's verification answers the challenge as text when a verify token matches.
  r.get('/webhooks/whatsapp', {
    config: { access: publicAccess },
    schema: {
      tags,
      summary: "Meta's webhook verification: hub.challenge back when hub.verify_token is an inbox's",
      querystring: z.object({ 'hub.mode': z.string().max(50).optional(), 'hub.verify_token': z.string().max(1000).optional(), 'hub.challenge': z.string().max(1000).optional() }),
      response: { 200: z.string(), ...errors(403) },
    },
    handler: async (req, reply) => {
      const challenge = await chat.verifyWhatsApp({ mode: req.query['hub.mode'], token: req.query['hub.verify_token'], challenge: req.query['hub.challenge'] });
      if (challenge === null) throw new AppError('forbidden', 'hub.verify_token does not match any inbox');
      return reply.type('text/plain; charset=utf-8').send(challenge);
    },
  });

  // The raw bytes are what Meta signed (it signs the escaped form of non-ASCII text): the body is not parsed before the
  // signature is checked, so this route has its own content-type parser, in its own scope.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/webhooks/whatsapp', {
      config: { access: publicAccess },
      schema: {
        tags,
        summary: 'WhatsApp Cloud API webhook: X-Hub-Signature-256 checked on the raw body; written durably before the 200',
        headers: z.object({ 'x-hub-signature-256': z.string().max(200).optional() }),
        response: { 200: z.object({ received: z.boolean() }), ...errors(400, 401) },
      },
      handler: async (req) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        await chat.intakeWhatsApp(raw, req.headers['x-hub-signature-256']);
        return { received: true };
      },
    });
  });
}
