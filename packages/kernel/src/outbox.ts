import { sql } from 'kysely';
import type { Database, Tx } from './db/database.ts';

/** Writes an event to the transactional outbox, inside the caller's transaction. */
export async function emitEvent(tx: Tx, tenantId: string, topic: string, payload: Record<string, unknown>): Promise<void> {
  await sql`select outbox_emit(${tenantId}::uuid, ${topic}, ${JSON.stringify(payload)}::jsonb)`.execute(tx);
}

export interface OutboxEvent {
  tenant_id: string;
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

export type EventHandler = (event: OutboxEvent) => Promise<void> | void;

/**
 * Delivers outbox events to in-process subscribers, in order, at least once. Several servers may relay at once:
 * each batch is claimed with FOR UPDATE SKIP LOCKED, so an event goes to one relay at a time. A handler that throws
 * leaves the event pending (attempts and last_error recorded) and the batch stops there, keeping the order.
 */
export function createOutboxRelay(deps: { db: Database; batchSize?: number }) {
  const handlers = new Map<string, EventHandler[]>();
  const batchSize = deps.batchSize ?? 100;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  return {
    /** topic may end in '.*' (e.g. 'trial.*') or be '*'. */
    subscribe(topic: string, handler: EventHandler): void {
      handlers.set(topic, [...(handlers.get(topic) ?? []), handler]);
    },
    async relayOnce(): Promise<number> {
      return deps.db.platform({ name: 'outbox.relay', actor: 'system', audit: false }, async (tx) => {
        const events = await tx
          .selectFrom('outbox')
          .select(['tenant_id', 'id', 'topic', 'payload', 'occurred_at'])
          .where('published_at', 'is', null)
          .orderBy('id')
          .limit(batchSize)
          .forUpdate()
          .skipLocked()
          .execute();
        let delivered = 0;
        for (const event of events as OutboxEvent[]) {
          const family = `${event.topic.split('.')[0]}.*`;
          const targets = [...(handlers.get(event.topic) ?? []), ...(handlers.get(family) ?? []), ...(handlers.get('*') ?? [])];
          try {
            for (const handler of targets) await handler(event);
          } catch (err) {
            await tx
              .updateTable('outbox')
              .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: err instanceof Error ? err.message.slice(0, 500) : 'error' }))
              .where('tenant_id', '=', event.tenant_id)
              .where('id', '=', event.id)
              .execute();
            break;
          }
          await tx
            .updateTable('outbox')
            .set({ published_at: new Date() })
            .where('tenant_id', '=', event.tenant_id)
            .where('id', '=', event.id)
            .execute();
          delivered++;
        }
        return delivered;
      });
    },
    /** Polls every intervalMs (several servers may run it; batches are claimed with SKIP LOCKED). */
    start(intervalMs: number, onError: (err: unknown) => void = () => {}): void {
      if (intervalMs <= 0 || timer) return;
      const tick = () => {
        if (running) return;
        running = (async () => {
          // Drain: a full batch means there may be more right away.
          while ((await this.relayOnce()) === batchSize);
        })()
          .catch(onError)
          .finally(() => {
            running = undefined;
          });
      };
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
