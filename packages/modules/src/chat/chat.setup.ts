import type { ModuleContext, ModuleParts, PlatformServices } from '@smarteros/kernel';
import { createAssistant } from './assistant.ts';
import { createChatActions } from './chat.actions.ts';
import { messageQueued, messageReceived, webhookReceived } from './chat.events.ts';
import { createChatService, type ChatService } from './chat.service.ts';
import { createChatLive, type ChatLive } from './live.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    chat: ChatService;
    chatLive: ChatLive;
  }
}

const EVENTS_KEPT_MS = 7 * 24 * 3_600_000;

/** Inboxes, contacts, conversations and messages; the processing of stored webhooks; the sender; live updates. */
export function setupChat(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, 'chat' | 'chatLive'>> {
  const relay = ctx.use('relay');
  const chatLive = createChatLive({ db: ctx.db, redis: ctx.deps.redis, onError: (err) => ctx.log(`chat live: ${(err as Error).message}`) });
  const chat = createChatService({
    db: ctx.db,
    clock: ctx.clock,
    vault: ctx.use('vault'),
    egress: ctx.use('egress'),
    publicUrl: ctx.config.publicUrl,
    whatsappApiUrl: ctx.config.chat.whatsappApiUrl,
    telegramApiUrl: ctx.config.chat.telegramApiUrl,
    onChange: (tenantId) => chatLive.notify(tenantId),
    onQueued: () => relay.wake(),
  });
  let retention: NodeJS.Timeout | null = null;
  const prune = () => void chat.pruneEvents(new Date(ctx.clock.now().getTime() - EVENTS_KEPT_MS)).catch((err: unknown) => ctx.log(`chat events retention: ${(err as Error).message}`));
  const assistant = createAssistant({ db: ctx.db, clock: ctx.clock, ai: ctx.use('ai'), providers: ctx.use('aiProviders'), runner: ctx.use('runner'), onError: (err) => ctx.log(`chat.assistant: handed off after an error: ${err instanceof Error ? err.name : 'error'}`), onChange: (tenantId) => {
      chatLive.notify(tenantId);
      relay.wake();
    },
  });
  return {
    services: { chat, chatLive },
    actions: createChatActions({ db: ctx.db, chat }),
    subscribers: [
      {
        name: 'chat.ingest',
        topics: [webhookReceived.name],
        maxAttempts: 20,
        handler: (event) => chat.ingest(event.tenant_id, Number(event.payload.receipt_id)),
      },
      {
        // Ordered per conversation (the event's aggregate): replies reach the customer in the order they were written.
        // (Its name predates Telegram: it sends every channel's replies.)
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
    jobs: [
      {
        name: 'chat.events_retention',
        start: () => {
          prune();
          retention = setInterval(prune, 3_600_000);
          retention.unref();
        },
        stop: () => {
          if (retention) clearInterval(retention);
          retention = null;
        },
      },
    ],
    close: () => chatLive.close(),
  };
}
