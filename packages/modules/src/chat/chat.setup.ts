import type { ModuleContext, ModuleParts, PlatformServices } from '@smarteros/kernel';
import { webhookReceived } from './chat.events.ts';
import { createChatService, type ChatService } from './chat.service.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    chat: ChatService;
  }
}

/** Inboxes, contacts, conversations and messages; the processing of stored webhook deliveries. */
export function setupChat(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, 'chat'>> {
  const chat = createChatService({ db: ctx.db, clock: ctx.clock, vault: ctx.use('vault'), publicUrl: ctx.config.publicUrl });
  return {
    services: { chat },
    subscribers: [
      {
        name: 'chat.ingest',
        topics: [webhookReceived.name],
        maxAttempts: 20,
        handler: (event) => chat.ingest(event.tenant_id, Number(event.payload.receipt_id)),
      },
    ],
  };
}
