import { messageOutput, sendTemplateInput, templatesList } from '@smarteros/modules/chat';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ownTenantAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantSelector } from './common.ts';

/**
 * WhatsApp message templates: the inbox's approved ones (listed from its WhatsApp Business Account), and a template sent
 * to a conversation — allowed outside the 24-hour window, where WhatsApp accepts nothing else.
 */
export function chatTemplateRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { chatTemplates } = services;
  const tags = ['chat'];

  r.get('/api/v1/chat/inboxes/:inbox_id/templates', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: "A WhatsApp inbox's approved message templates, from its WhatsApp Business Account (config.waba_id; 409 whatsapp_waba_missing without it); cached for a minute",
      security: bearer,
      params: z.object({ inbox_id: z.uuid() }),
      querystring: tenantSelector,
      response: { 200: templatesList, ...errors(400, 401, 403, 404, 409, 422, 502) },
    },
    handler: async (req) => ({ items: await chatTemplates.list(req.tenantId!, req.params.inbox_id) }),
  });

  r.post('/api/v1/chat/conversations/:conversation_id/template-messages', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary:
        "Send an approved WhatsApp template (also outside the 24-hour window): { template: { name, language, parameters } }, as many parameters as the body's placeholders; queued like a reply, stored as content_type template with its rendered body",
      security: bearer,
      params: z.object({ conversation_id: z.uuid() }),
      querystring: tenantSelector,
      body: sendTemplateInput,
      response: { 201: messageOutput, ...errors(400, 401, 403, 404, 409, 422, 502) },
    },
    handler: async (req, reply) => reply.status(201).send(await chatTemplates.send(actorOf(req), req.tenantId!, req.params.conversation_id, req.body.template)),
  });
}
