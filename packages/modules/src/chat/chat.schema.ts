import { z } from 'zod';
import { apiInboxConfig } from './api-channel.schema.ts';
import { webInboxConfig } from './web.schema.ts';

/** HTTP shapes of the chat module (routes, the CLI and the console use them). Secrets are write-only. */

export const chatChannel = z.enum(['whatsapp', 'telegram', 'web', 'api', 'chatwoot']).meta({ id: 'ChatChannel' });
export const conversationStatus = z.enum(['open', 'pending', 'resolved', 'snoozed']).meta({ id: 'ConversationStatus' });
const secret = (what: string) => z.string().trim().min(8).max(1000).meta({ description: `${what} (write-only: never returned)` });

export const whatsappInboxConfig = z
  .object({
    phone_number_id: z.string().regex(/^\d{5,32}$/, 'must be the phone number id Meta shows (digits)'),
    waba_id: z.string().regex(/^\d{5,32}$/, 'must be the WhatsApp Business Account id (digits)').optional(),
    display_phone_number: z.string().max(32).optional(),
    access_token: secret('Graph API access token'),
    app_secret: secret("The Meta app's secret: webhooks are checked with it"),
    verify_token: secret("The token Meta's webhook verification sends back"),
  })
  .strict();

export const telegramInboxConfig = z
  .object({ bot_token: z.string().trim().regex(/^\d{3,20}:[A-Za-z0-9_-]{20,100}$/, 'must be the token @BotFather gave (digits:letters)').meta({ description: 'The bot token (write-only: never returned)' }) })
  .strict();

export const createInboxInput = z.discriminatedUnion('channel_type', [
  z.object({ channel_type: z.literal('whatsapp'), name: z.string().trim().min(1).max(100), config: whatsappInboxConfig }).strict(),
  z.object({ channel_type: z.literal('telegram'), name: z.string().trim().min(1).max(100), config: telegramInboxConfig }).strict(),
  z.object({ channel_type: z.literal('web'), name: z.string().trim().min(1).max(100), config: webInboxConfig }).strict(),
  z.object({ channel_type: z.literal('api'), name: z.string().trim().min(1).max(100), config: apiInboxConfig }).strict(),
]);
export type CreateInboxInput = z.infer<typeof createInboxInput>;

export const updateInboxInput = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    assistant: z
      .object({
        enabled: z.boolean().meta({ description: 'New conversations start with the assistant, which answers from the knowledge or hands off to a person' }),
        provider_id: z.uuid().nullable().optional().meta({ description: 'An AI provider of the company: the assistant answers with its model and the allowed tools; null: from the knowledge only' }),
      })
      .strict()
      .optional(),
    csat: z.object({ enabled: z.boolean().meta({ description: 'On resolve, the customer is asked to rate the attention from 1 to 5' }) }).strict().optional(),
  })
  .strict()
  .refine((p) => p.name !== undefined || p.assistant !== undefined || p.csat !== undefined, { message: 'give name, assistant or csat' });
export type UpdateInboxInput = z.infer<typeof updateInboxInput>;

export const handoffInput = z.object({ to: z.enum(['human', 'bot']).meta({ description: 'human: a person of the team answers; bot: the assistant answers again' }) }).strict();

export const inboxOutput = z
  .object({
    id: z.uuid(),
    channel_type: chatChannel,
    name: z.string(),
    external_id: z.string().nullable().meta({ description: "The channel's id of the inbox (WhatsApp: phone_number_id)" }),
    config: z.record(z.string(), z.unknown()).meta({ description: 'Settings that are not secrets' }),
    secrets: z.array(z.object({ name: z.string(), last4: z.string(), fingerprint: z.string() })).meta({ description: 'Which secrets are set (never their values)' }),
    webhook_url: z.string().nullable().meta({ description: 'Where the channel must send its webhooks' }),
    assistant_enabled: z.boolean(),
    csat_enabled: z.boolean(),
    assistant_provider_id: z.uuid().nullable().meta({ description: 'The AI provider its assistant uses (null: the knowledge only)' }),
    created_at: z.string(),
    generated_secrets: z
      .record(z.string(), z.string())
      .optional()
      .meta({ description: 'Only in the answer that created a web or API inbox: the secrets SmarterOS generated for it (identity_secret, signing_secret). Shown this once, never again' }),
  })
  .meta({ id: 'ChatInbox' });
export type InboxOutput = z.infer<typeof inboxOutput>;

export const conversationsQuery = z.object({
  status: conversationStatus.optional(),
  inbox_id: z.uuid().optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional().meta({ description: "A member's user id, me (the caller) or none (unassigned)" }),
  label: z.string().trim().min(1).max(50).optional().meta({ description: "A label's name (any case): conversations that carry it" }),
  q: z.string().trim().min(1).max(100).optional().meta({ description: "Search the contact's name, phone and e-mail and the messages' text (accents and case do not matter)" }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(200).optional().meta({ description: 'next_cursor of the previous page' }),
});
export type ConversationsQuery = z.infer<typeof conversationsQuery>;

export const conversationOutput = z
  .object({
    id: z.uuid(),
    inbox_id: z.uuid(),
    channel: chatChannel,
    status: conversationStatus,
    handled_by: z.enum(['bot', 'human']),
    assignee_id: z.string().nullable(),
    contact: z.object({ id: z.uuid(), name: z.string().nullable(), phone: z.string().nullable() }),
    labels: z.array(z.object({ id: z.uuid(), name: z.string(), color: z.string() })),
    priority: z.enum(['low', 'normal', 'high', 'urgent']),
    snoozed_until: z.string().nullable(),
    first_response_at: z.string().nullable(),
    resolved_at: z.string().nullable(),
    csat_score: z.number().int().nullable(),
    unread_count: z.number().int(),
    last_message_at: z.string().nullable(),
    last_incoming_at: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'Conversation' });
export type ConversationOutput = z.infer<typeof conversationOutput>;
export const conversationsPage = z.object({ items: z.array(conversationOutput), next_cursor: z.string().nullable() }).meta({ id: 'ConversationPage' });

export const messagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(100),
  cursor: z.string().min(1).max(200).optional().meta({ description: 'next_cursor of the previous page (older messages)' }),
});
export const messageOutput = z
  .object({
    id: z.string(),
    external_id: z.string().nullable(),
    direction: z.enum(['incoming', 'outgoing']),
    sender_type: z.enum(['contact', 'agent', 'bot', 'system']),
    content_type: z.string(),
    content: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
    status: z.enum(['received', 'pending', 'sent', 'delivered', 'read', 'failed']),
    error_code: z.string().nullable(),
    private: z.boolean(),
    sent_at: z.string(),
  })
  .meta({ id: 'ChatMessage' });
export type MessageOutput = z.infer<typeof messageOutput>;
export const messagesPage = z.object({ items: z.array(messageOutput), next_cursor: z.string().nullable() }).meta({ id: 'ChatMessagePage' });

export const postMessageInput = z
  .object({
    content: z.string().trim().min(1).max(4096).meta({ description: 'The text (WhatsApp allows 4,096 characters)' }),
    private: z.boolean().optional().meta({ description: 'A private note for the team: stored, never sent' }),
  })
  .strict();

export const updateConversationInput = z
  .object({
    status: conversationStatus.optional().meta({ description: 'resolved, open (reopen), snoozed (with snoozed_until) or pending' }),
    snoozed_until: z.iso.datetime({ offset: true }).optional().meta({ description: 'With status snoozed: when the conversation opens again (it also does when the customer writes)' }),
    assignee_id: z.uuid().nullable().optional().meta({ description: 'A member of the company, or null to unassign' }),
    read: z.literal(true).optional().meta({ description: 'Mark every message read (unread count to 0)' }),
  })
  .strict()
  .refine((v) => v.status !== undefined || v.assignee_id !== undefined || v.read !== undefined, { message: 'give status, assignee_id or read', path: ['status'] });
