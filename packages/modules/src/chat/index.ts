// chat: inboxes (WhatsApp, Telegram, the web, the API), contacts, conversations and messages; the durable intake of
// channel webhooks and their processing. The module's one door.
import { defineModule } from '@smarteros/kernel';
import { setupChat } from './chat.setup.ts';
import { CHAT_CONFIG } from './chat.config.ts';
import { CHAT_ERRORS } from './chat.errors.ts';
import { CHAT_EVENTS } from './chat.events.ts';
import { CHATWOOT_EVENTS } from './chatwoot.ts';
export { createChatService, type ChatService, type ChatDeps } from './chat.service.ts';
export * from './chat.schema.ts';
export * from './web.schema.ts';
export * from './api-channel.schema.ts';
export { createWebChannel, userHash, type WebChannel, type WebInbox, type Visitor } from './web.ts';
export { apiSignature, verifyApiSignature, createApiChannel, type ApiChannel } from './api-channel.ts';
export * from './inbox-ops.schema.ts';
export { createChatInboxService, type ChatInboxService } from './inbox-ops.ts';
export { CSAT_SURVEY, csatScoreOf } from './conversation-status.ts';
export * from './chat.events.ts';
export { verifyHubSignature, hubSignature } from './whatsapp.ts';
export { createChatLive, type ChatLive, type LiveEvent, type LiveMessage } from './live.ts';
export { createChatwoot, chatwootSignature, verifyChatwootSignature, chatwootWebhookReceived, type Chatwoot } from './chatwoot.ts';
export * from './chatwoot.schema.ts';
export type * from './chatwoot.tables.ts';
export type * from './chat.tables.ts';
export type * from './inbox-ops.tables.ts';
export { CHAT_CONFIG, CHAT_ERRORS, setupChat };

/** What the chat module brings besides its services (see ModuleManifest). */
export const chatModule = defineModule({
  name: 'chat',
  tables: ['chat_inboxes', 'chat_inbox_secrets', 'chat_contacts', 'chat_contact_identities', 'conversations', 'chat_messages', 'chat_pending_statuses', 'chat_webhook_receipts', 'chat_events', 'chatwoot_connections', 'chatwoot_secrets', 'chatwoot_deliveries', 'chatwoot_conversation_links', 'chatwoot_message_links', 'chat_attachments', 'chat_labels', 'conversation_labels', 'chat_canned_responses'],
  setup: setupChat,
  errors: CHAT_ERRORS,
  config: CHAT_CONFIG,
  events: [...CHAT_EVENTS, ...CHATWOOT_EVENTS],
});
export * from './whatsapp.schema.ts';
export { createWhatsAppTemplates, type WhatsAppTemplates } from './whatsapp-templates.ts';
export { createWhatsAppMedia, type WhatsAppMedia } from './whatsapp-media.ts';
