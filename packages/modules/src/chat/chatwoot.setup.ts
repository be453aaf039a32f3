import type { Job, ModuleContext, Subscription } from '@smarteros/kernel';
import { messageQueued, messageReceived } from './chat.events.ts';
import { chatwootWebhookReceived, createChatwoot, type Chatwoot } from './chatwoot.ts';

export type { Chatwoot };

/** Processed deliveries are kept this long: a retry of the same delivery id within it is still one row. */
const DELIVERIES_KEPT_MS = 30 * 24 * 3_600_000;

/** The Chatwoot connector's service and its outbox subscribers (chat's setup adds them to its own). */
export function chatwootParts(ctx: ModuleContext, hooks: { onChange: (tenantId: string) => void; onQueued: () => void }): { service: Chatwoot; subscribers: Subscription[]; jobs: Job[] } {
  const service = createChatwoot({ db: ctx.db, clock: ctx.clock, vault: ctx.use('vault'), egress: ctx.use('egress'), publicUrl: ctx.config.publicUrl, ...hooks });
  let timer: NodeJS.Timeout | null = null;
  const prune = () =>
    void service.pruneDeliveries(new Date(ctx.clock.now().getTime() - DELIVERIES_KEPT_MS)).catch((err: unknown) => ctx.log(`chatwoot deliveries retention: ${(err as Error).message}`));
  return {
    service,
    jobs: [
      {
        name: 'chat.chatwoot_deliveries_retention',
        start: () => {
          prune();
          timer = setInterval(prune, 3_600_000);
          timer.unref();
        },
        stop: () => {
          if (timer) clearInterval(timer);
          timer = null;
        },
      },
    ],
    subscribers: [
      {
        name: 'chat.chatwoot_ingest',
        topics: [chatwootWebhookReceived.name],
        maxAttempts: 20,
        handler: (event) => service.ingest(event.tenant_id, Number(event.payload.delivery_row_id)),
      },
      {
        // Ordered per conversation: replies reach Chatwoot in the order they were written.
        name: 'chat.chatwoot_sender',
        topics: [messageQueued.name],
        ordered: true,
        maxAttempts: 8,
        backoff: { baseMs: 2000, maxMs: 5 * 60_000 },
        handler: (event) => service.sendQueued(event.tenant_id, Number(event.payload.message_id)),
      },
      {
        // Ordered per conversation: one Chatwoot conversation is made for it, and its messages keep their order.
        name: 'chat.chatwoot_mirror',
        topics: [messageReceived.name, messageQueued.name],
        ordered: true,
        maxAttempts: 8,
        backoff: { baseMs: 2000, maxMs: 5 * 60_000 },
        handler: (event) => service.mirrorOut(event.tenant_id, Number(event.payload.message_id)),
      },
    ],
  };
}
