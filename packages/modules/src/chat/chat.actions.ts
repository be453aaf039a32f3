import { AppError, defineAction, normalizeRut, type Action, type Database } from '@smarteros/kernel';
import { sql } from 'kysely';
import { z } from 'zod';
import { conversationOut, conversationQuery, type ChatService } from './chat.service.ts';
import { conversationOutput, conversationStatus, messageOutput } from './chat.schema.ts';

/**
 * The chat module's actions in the catalog (MCP, REST /api/v1/actions, the CLI, the assistant): find a contact, search
 * conversations, read one conversation, send a message, hand a conversation off. Reads need the agent role (what an
 * agent sees in the inbox); sending and handing off are writes, so the AI-control policy's confirmation applies.
 */

const contactOutput = z.object({ id: z.uuid(), name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(), rut: z.string().nullable() });

export const findContactInput = z
  .object({
    phone: z.string().trim().min(6).max(30).optional().meta({ description: 'Phone in any spelling (+56 9 1234 5678, 56912345678): matched on its digits' }),
    email: z.email().max(320).optional().meta({ description: 'E-mail, exact (case does not matter)' }),
    name: z.string().trim().min(2).max(100).optional().meta({ description: 'Part of the name (case and accents as written)' }),
    rut: z.string().trim().min(3).max(15).optional().meta({ description: 'RUT with check digit, e.g. 12.345.678-5' }),
  })
  .strict()
  .refine((v) => v.phone !== undefined || v.email !== undefined || v.name !== undefined || v.rut !== undefined, { message: 'give phone, email, name or rut', path: ['phone'] });

export const searchConversationsInput = z
  .object({
    status: conversationStatus.optional(),
    contact_id: z.uuid().optional(),
    inbox_id: z.uuid().optional(),
    q: z.string().trim().min(2).max(200).optional().meta({ description: "Words in the messages or the contact's name or phone" }),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict();

export const readConversationInput = z.object({ conversation_id: z.uuid(), limit: z.number().int().min(1).max(100).default(20).meta({ description: 'How many of the latest messages' }) }).strict();

export const sendMessageInput = z
  .object({ conversation_id: z.uuid(), content: z.string().trim().min(1).max(4096).meta({ description: 'The text sent to the customer (WhatsApp allows 4,096 characters)' }) })
  .strict();

export const handoffActionInput = z
  .object({ conversation_id: z.uuid(), to: z.enum(['human', 'bot']).default('human').meta({ description: 'human: a person of the team answers; bot: the assistant answers again' }) })
  .strict();

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createChatActions(deps: { db: Database; chat: ChatService }): Action[] {
  const { db, chat } = deps;
  return [
    defineAction({
      name: 'chat.find_contact',
      title: { es: 'Buscar un contacto', en: 'Find a contact' },
      description: 'Find the customers (contacts) of the inbox by phone, e-mail, part of the name or RUT; at most 10.',
      input: findContactInput,
      output: z.object({ items: z.array(contactOutput) }),
      kind: 'read',
      minRole: 'agent',
      run: async (ctx, input) => {
        const rut = input.rut === undefined ? undefined : normalizeRut(input.rut);
        if (input.rut !== undefined && rut === null) throw new AppError('validation_failed', 'rut: not a valid RUT', { issues: [{ path: 'rut', message: 'not a valid RUT' }] });
        const digits = input.phone?.replace(/\D/g, '');
        const items = await db.withTenant(ctx.tenantId, (tx) => {
          let q = tx.selectFrom('chat_contacts').select(['id', 'name', 'phone', 'email', 'rut']).where('tenant_id', '=', ctx.tenantId);
          if (digits !== undefined) q = q.where(sql<boolean>`regexp_replace(coalesce(phone, ''), '\\D', '', 'g') = ${digits}`);
          if (input.email !== undefined) q = q.where(sql<boolean>`lower(email) = ${input.email.toLowerCase()}`);
          if (input.name !== undefined) q = q.where(sql<boolean>`name ilike ${likePattern(input.name)}`);
          if (rut) q = q.where(sql<boolean>`upper(regexp_replace(coalesce(rut, ''), '[^0-9kK]', '', 'g')) = ${rut.replace(/[^0-9K]/gi, '').toUpperCase()}`);
          return q.orderBy('created_at').orderBy('id').limit(10).execute();
        });
        return { items };
      },
    }),
    defineAction({
      name: 'chat.search_conversations',
      title: { es: 'Buscar conversaciones', en: 'Search conversations' },
      description: "Conversations by status, contact, inbox or words in their messages or the contact's name or phone; newest activity first.",
      input: searchConversationsInput,
      output: z.object({ items: z.array(conversationOutput) }),
      kind: 'read',
      minRole: 'agent',
      run: async (ctx, input) => {
        const rows = await db.withTenant(ctx.tenantId, (tx) => {
          let q = conversationQuery(tx, ctx.tenantId);
          if (input.status) q = q.where('c.status', '=', input.status);
          if (input.contact_id) q = q.where('c.contact_id', '=', input.contact_id);
          if (input.inbox_id) q = q.where('c.inbox_id', '=', input.inbox_id);
          if (input.q) {
            const like = likePattern(input.q);
            q = q.where(
              sql<boolean>`(k.name ilike ${like} or k.phone ilike ${like} or exists (select 1 from chat_messages m where m.tenant_id = c.tenant_id and m.conversation_id = c.id and m.content ilike ${like}))`,
            );
          }
          return q.orderBy(sql`c.last_message_at desc nulls last`).orderBy('c.id').limit(input.limit).execute();
        });
        return { items: rows.map(conversationOut) };
      },
    }),
    defineAction({
      name: 'chat.read_conversation',
      title: { es: 'Leer una conversación', en: 'Read a conversation' },
      description: 'One conversation and its latest messages, oldest first (private notes of the team included).',
      input: readConversationInput,
      output: z.object({ conversation: conversationOutput, messages: z.array(messageOutput) }),
      kind: 'read',
      minRole: 'agent',
      run: async (ctx, input) => {
        const conversation = await chat.getConversation(ctx.tenantId, input.conversation_id);
        const page = await chat.listMessages(ctx.tenantId, input.conversation_id, { limit: input.limit });
        return { conversation, messages: page.items.reverse() };
      },
    }),
    defineAction({
      name: 'chat.send_message',
      title: { es: 'Enviar un mensaje', en: 'Send a message' },
      description: "Send a text to the customer of a conversation, as the team (on WhatsApp only within 24 hours of the customer's last message).",
      input: sendMessageInput,
      output: messageOutput,
      kind: 'write',
      minRole: 'agent',
      run: (ctx, input) => chat.postMessage({ id: ctx.principalLabel }, ctx.tenantId, input.conversation_id, { content: input.content }),
    }),
    defineAction({
      name: 'chat.handoff',
      title: { es: 'Traspasar una conversación', en: 'Hand off a conversation' },
      description: 'Hand a conversation to a person of the team (open, handled by a human) or back to the assistant.',
      input: handoffActionInput,
      output: conversationOutput,
      kind: 'write',
      minRole: 'agent',
      run: (ctx, input) => chat.handOff({ id: ctx.principalLabel }, ctx.tenantId, input.conversation_id, input.to),
    }),
  ];
}

