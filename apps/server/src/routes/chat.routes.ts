import { AppError } from '@smarteros/kernel';
import { conversationOutput, conversationsPage, conversationsQuery, createInboxInput, handoffInput, inboxOutput, messageOutput, messagesPage, messagesQuery, postMessageInput, updateConversationInput, updateInboxInput } from '@smarteros/modules/chat';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ownTenantAccess, publicAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantSelector } from './common.ts';
import { holdStream } from './sse.ts';

/**
 * Chat: inboxes (secrets write-only), conversations and their messages, on the credential's tenant (platform admins
 * add ?tenant_id=); and the channels' webhooks, which know no tenant: the inbox is found by the channel's id and the
 * signature is checked on the raw bytes before anything is written.
 */
export function chatRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { chat, chatLive } = services;
  const tags = ['chat'];
  // Open streams end when the server closes (they never go idle by themselves).
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
    streams.clear();
  });

  r.post('/api/v1/chat/inboxes', {
    config: { access: ownTenantAccess('admin') },
    schema: {
      tags,
      summary: 'Connect a channel: a WhatsApp number (phone_number_id, access token, app secret, verify token) or a Telegram bot (its token: the webhook is set with a generated secret). The answer never holds a secret',
      security: bearer,
      querystring: tenantSelector,
      body: createInboxInput,
      response: { 201: inboxOutput, ...errors(400, 401, 403, 404, 409, 502) },
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
      return chat.listConversations(req.tenantId!, query, req.principal?.kind === 'user' ? req.principal.id : null);
    },
  });

  r.get('/api/v1/chat/conversations/:conversation_id', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: 'One conversation with its contact', security: bearer, params: z.object({ conversation_id: z.uuid() }), querystring: tenantSelector, response: { 200: conversationOutput, ...errors(400, 401, 403, 404) } },
    handler: async (req) => chat.getConversation(req.tenantId!, req.params.conversation_id),
  });

  r.patch('/api/v1/chat/conversations/:conversation_id', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'Resolve, reopen, snooze; assign (a member, or null); mark read',
      security: bearer,
      params: z.object({ conversation_id: z.uuid() }),
      querystring: tenantSelector,
      body: updateConversationInput,
      response: { 200: conversationOutput, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (req) => chat.updateConversation(req.tenantId!, req.params.conversation_id, req.body),
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

  // Live updates as Server-Sent Events, read with fetch (the bearer in a header, not in the URL). Each event carries its
  // id: a screen that reconnects sends the last one (Last-Event-ID or ?after=) and gets what it missed first.
  r.get('/api/v1/chat/stream', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'Live inbox events (text/event-stream): message.created, message.updated, conversation.updated; resumes after Last-Event-ID or ?after=; `reset` asks the screen to reload',
      security: bearer,
      querystring: z.object({ after: z.coerce.number().int().min(0).optional() }).extend(tenantSelector.shape),
      headers: z.object({ 'last-event-id': z.string().regex(/^\d{1,18}$/).optional() }),
    },
    handler: async (req, reply) => {
      const header = req.headers['last-event-id'];
      const after = req.query.after ?? (header ? Number(header) : null);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      streams.add(res);
      res.write(': smarteros chat\n\n');
      const stop = await chatLive.follow(req.tenantId!, after, (message) => {
        if (message.type === 'reset') res.write('event: reset\ndata: {}\n\n');
        else for (const e of message.events) res.write(`id: ${e.id}\nevent: ${e.kind}\ndata: ${JSON.stringify(e)}\n\n`);
      });
      holdStream(req.raw, res, streams, stop);
    },
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
    scope.withTypeProvider<ZodTypeProvider>().post('/webhooks/telegram/:inbox_id', {
      config: { access: publicAccess },
      schema: {
        tags,
        summary: "Telegram Bot API webhook: X-Telegram-Bot-Api-Secret-Token must be the inbox's; written durably before the 200",
        params: z.object({ inbox_id: z.string().max(64) }),
        headers: z.object({ 'x-telegram-bot-api-secret-token': z.string().max(256).optional() }),
        response: { 200: z.object({ received: z.boolean() }), ...errors(400, 401) },
      },
      handler: async (req) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        await chat.intakeTelegram(req.params.inbox_id, req.headers['x-telegram-bot-api-secret-token'], raw);
        return { received: true };
      },
    });
  });
}
