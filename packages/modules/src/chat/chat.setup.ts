import type { ModuleContext, ModuleParts, PlatformServices } from '@smarteros/kernel';
import { createAssistant } from './assistant.ts';
import { messageQueued, messageReceived, webhookReceived } from './chat.events.ts';
import { createChatService, type ChatService } from './chat.service.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    chat: ChatService;
  }
}

/** Inboxes, contacts, conversations and messages; the processing of stored webhook deliveries. */
export function setupChat(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, 'chat'>> {
  const chat = createChatService({ db: ctx.db, clock: ctx.clock, vault: ctx.use('vault'), egress: ctx.use('egress'), publicUrl: ctx.config.publicUrl, whatsappApiUrl: ctx.config.chat.whatsappApiUrl });
  const assistant = createAssistant({ db: ctx.db, clock: ctx.clock, ai: ctx.use('ai'), onError: (err) => ctx.log(`chat.assistant: handed off after an error: ${err instanceof Error ? err.name : 'error'}`) });
  return {
    services: { chat },
    subscribers: [
      {
        name: 'chat.ingest',
        topics: [webhookReceived.name],
        maxAttempts: 20,
        handler: (event) => chat.ingest(event.tenant_id, Number(event.payload.receipt_id)),
      },
      {
        // Ordered per conversation (the event's aggregate): replies reach the customer in the order they were written.
        name: 'chat.whatsapp_sender',
        topics: [messageQueued.name],
        ordered: true,
        maxAttempts: 8,
        backoff: { baseMs: 2000, maxMs: 5 * 60_000 },
        handler: (event) => chat.sendQueued(event.tenant_id, Number(event.payload.message_id)),
      },
      {
        // Ordered per conversation: a customer's messages are answered in the order they came.
        name: 'chat.assistant',
        topics: [messageReceived.name],
        ordered: true,
        maxAttempts: 8,
        handler: (event) => assistant.handle(event.tenant_id, { conversation_id: String(event.payload.conversation_id), message_id: Number(event.payload.message_id) }),
      },
    ],
  };
}
