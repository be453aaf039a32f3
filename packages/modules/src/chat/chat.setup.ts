import type { ModuleContext, ModuleParts, OutboxEvent, PlatformServices } from '@smarteros/kernel';
import { createMemoryRateLimiter } from '../gateway/index.ts';
import { createAssistant } from './assistant.ts';
import { createChatActions } from './chat.actions.ts';
import { messageQueued, messageReceived, webhookReceived } from './chat.events.ts';
import { createChatService, type ChatService } from './chat.service.ts';
import { createChatInboxService, type ChatInboxService } from './inbox-ops.ts';
import { createChatLive, type ChatLive } from './live.ts';
import { chatwootParts, type Chatwoot } from './chatwoot.setup.ts';
import { registerNotifyTransports } from './notify-inboxes.ts';
import { createWhatsAppMedia, MEDIA_TYPES, type WhatsAppMedia } from './whatsapp-media.ts';
import { createWhatsAppTemplates, type WhatsAppTemplates } from './whatsapp-templates.ts';
import { createApiChannel, createApiSender, type ApiChannel } from './api-channel.ts';
import { createWebChannel, createWebSender, type WebChannel } from './web.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    chat: ChatService;
    chatLive: ChatLive;
    chatInbox: ChatInboxService;
    chatwoot: Chatwoot;
    chatTemplates: WhatsAppTemplates;
    chatMedia: WhatsAppMedia;
    chatWeb: WebChannel;
    chatApi: ApiChannel;
  }
}

const EVENTS_KEPT_MS = 7 * 24 * 3_600_000;
/** Tries of a reply before it is marked not sent (about 4 minutes of backoff). */
const SEND_ATTEMPTS = 8;

/** Inboxes, contacts, conversations and messages; the processing of stored webhooks; the sender; live updates. */
export function setupChat(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, 'chat' | 'chatLive' | 'chatInbox' | 'chatwoot' | 'chatTemplates' | 'chatMedia' | 'chatWeb' | 'chatApi'>> {
  const relay = ctx.use('relay');
  const chatLive = createChatLive({ db: ctx.db, redis: ctx.deps.redis, onError: (err) => ctx.log(`chat live: ${(err as Error).message}`) });
  const chat = createChatService({
    db: ctx.db,
    clock: ctx.clock,
    vault: ctx.use('vault'),
    egress: ctx.use('egress'),
    // The pacing buckets: the gateway's (Redis, shared by every server) when Redis is configured; else in memory on
    // the platform clock.
    limiter: ctx.deps.redis ? ctx.use('gateway').limiter : createMemoryRateLimiter({ now: () => ctx.clock.now().getTime() }),
    publicUrl: ctx.config.publicUrl,
    whatsappApiUrl: ctx.config.chat.whatsappApiUrl,
    telegramApiUrl: ctx.config.chat.telegramApiUrl,
    onChange: (tenantId) => chatLive.notify(tenantId),
    onQueued: () => relay.wake(),
    senders: { web: createWebSender(), api: createApiSender({ db: ctx.db, clock: ctx.clock, egress: ctx.use('egress'), timeoutMs: 15_000 }) },
  });
  const chatTemplates = createWhatsAppTemplates({ db: ctx.db, clock: ctx.clock, vault: ctx.use('vault'), egress: ctx.use('egress'), apiUrl: ctx.config.chat.whatsappApiUrl, onQueued: (tenantId) => {
      chatLive.notify(tenantId);
      relay.wake();
    },
  });
  const chatMedia = createWhatsAppMedia({ db: ctx.db, vault: ctx.use('vault'), egress: ctx.use('egress'), apiUrl: ctx.config.chat.whatsappApiUrl, maxBytes: ctx.config.chat.mediaMaxBytes, now: () => ctx.clock.now(), onChange: (tenantId) => chatLive.notify(tenantId), onQueued: (tenantId) => {
      chatLive.notify(tenantId);
      relay.wake();
    },
  });
  const chatWeb = createWebChannel({ db: ctx.db, clock: ctx.clock, vault: ctx.use('vault'), chat, live: chatLive, secret: ctx.config.jwt.secret, issuer: ctx.config.jwt.issuer });
  const chatApi = createApiChannel({ db: ctx.db, clock: ctx.clock, vault: ctx.use('vault'), chat });
  const chatInbox = createChatInboxService({ db: ctx.db, clock: ctx.clock, onChange: (tenantId) => chatLive.notify(tenantId) });
  let snoozeWake: NodeJS.Timeout | null = null;
  const wake = () => void chatInbox.wakeSnoozed().catch((err: unknown) => ctx.log(`chat snooze wake: ${(err as Error).message}`));
  let retention: NodeJS.Timeout | null = null;
  const prune = () => void chat.pruneEvents(new Date(ctx.clock.now().getTime() - EVENTS_KEPT_MS)).catch((err: unknown) => ctx.log(`chat events retention: ${(err as Error).message}`));
  const assistant = createAssistant({ db: ctx.db, clock: ctx.clock, ai: ctx.use('ai'), providers: ctx.use('aiProviders'), runner: ctx.use('runner'), onError: (err) => ctx.log(`chat.assistant: handed off after an error: ${err instanceof Error ? err.name : 'error'}`), onChange: (tenantId) => {
      chatLive.notify(tenantId);
      relay.wake();
    },
  });
  registerNotifyTransports(ctx);
  const chatwoot = chatwootParts(ctx, { onChange: (tenantId) => chatLive.notify(tenantId), onQueued: () => relay.wake() });
  return {
    services: { chat, chatLive, chatInbox, chatwoot: chatwoot.service, chatTemplates, chatMedia, chatWeb, chatApi },
    actions: createChatActions({ db: ctx.db, chat }),
    subscribers: [
      ...chatwoot.subscribers,
      {
        name: 'chat.ingest',
        topics: [webhookReceived.name],
        maxAttempts: 20,
        handler: (event) => chat.ingest(event.tenant_id, Number(event.payload.receipt_id)),
        // A claimed batch in one transaction per tenant (one commit for many receipts); alone when it fails.
        handleBatch: (events) => chat.ingestEvents(events),
      },
      {
        // Ordered per conversation (the event's aggregate): replies reach the customer in the order they were written.
        // (Its name predates Telegram: it sends every channel's replies.)
        name: 'chat.whatsapp_sender',
        topics: [messageQueued.name],
        ordered: true,
        maxAttempts: SEND_ATTEMPTS,
        backoff: { baseMs: 2000, maxMs: 5 * 60_000 },
        handler: (event, delivery) => chat.sendQueued(event.tenant_id, Number(event.payload.message_id), { lastAttempt: delivery.attempt >= SEND_ATTEMPTS }),
      },
      {
        // A customer's file, downloaded from WhatsApp within its URL's 5 minutes and checked against its sha256.
        name: 'chat.media',
        topics: [messageReceived.name],
        maxAttempts: 8,
        backoff: { baseMs: 5000, maxMs: 10 * 60_000 },
        handler: async (event) => {
          if (MEDIA_TYPES.has(String(event.payload.content_type))) await chatMedia.download(event.tenant_id, Number(event.payload.message_id));
        },
      },
      {
        // Ordered per conversation: a customer's messages are answered in the order they came.
        name: 'chat.assistant',
        topics: [messageReceived.name],
        ordered: true,
        maxAttempts: 8,
        handler: (event) => assistant.handle(event.tenant_id, { conversation_id: String(event.payload.conversation_id), message_id: Number(event.payload.message_id) }),
        // Most messages are not the assistant's (a person holds the conversation): one read for the batch finds the
        // few that are, which are then handled one by one, in order (a batch holds one event per conversation).
        handleBatch: async (events) => {
          const byTenant = new Map<string, OutboxEvent[]>();
          for (const e of events) byTenant.set(e.tenant_id, [...(byTenant.get(e.tenant_id) ?? []), e]);
          for (const [tenantId, list] of byTenant) {
            const mine = await chat.forAssistant(tenantId, list.map((e) => Number(e.payload.message_id)));
            for (const e of list) {
              if (mine.has(Number(e.payload.message_id))) await assistant.handle(tenantId, { conversation_id: String(e.payload.conversation_id), message_id: Number(e.payload.message_id) });
            }
          }
        },
      },
    ],
    jobs: [
      ...chatwoot.jobs,
      {
        // Snoozed conversations open again when their time comes (and at once when the customer writes).
        name: 'chat.snooze_wake',
        start: () => {
          wake();
          snoozeWake = setInterval(wake, 30_000);
          snoozeWake.unref();
        },
        stop: () => {
          if (snoozeWake) clearInterval(snoozeWake);
          snoozeWake = null;
        },
      },
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
