import type { Database } from '@smarteros/kernel';
import type { Redis } from 'ioredis';
import type { ChatEventKind } from './chat.tables.ts';

/**
 * Live updates of the inbox. Every change is a chat_events row written with it; this hub tells the screens of a tenant
 * about new rows. One query per tenant and wake-up serves all of its screens on this server; servers wake each other
 * through Redis pub/sub (a tenant id on one channel); a poll every few seconds catches a wake-up that was lost. A
 * screen that reconnects gives the last id it saw and gets what it missed first, in order (or `reset` when it missed
 * too much to replay: it reloads).
 */
export interface LiveEvent {
  id: number;
  kind: ChatEventKind;
  conversation_id: string;
  data: Record<string, unknown>;
  created_at: string;
}

export type LiveMessage = { type: 'events'; events: LiveEvent[] } | { type: 'reset' };

export interface ChatLiveOptions {
  db: Database;
  /** Wakes the other servers (and is woken by them); without it, only this server's changes wake its screens. */
  redis?: Redis | undefined;
  /** How often each followed tenant is checked even without a wake-up (default 5 s). */
  pollMs?: number;
  /** Most events replayed to a screen that reconnects; beyond it the screen is told to reload (default 1,000). */
  replayMax?: number;
  onError?: (err: unknown) => void;
}

const CHANNEL = 'smarteros:chat:events';
const PAGE = 500;

interface Listener {
  seen: number;
  /** Events that arrived while its backlog was being read. */
  buffer: LiveEvent[] | null;
  send(message: LiveMessage): void;
}

interface Hub {
  lastId: number;
  ready: Promise<void>;
  listeners: Set<Listener>;
  running: Promise<void> | null;
  again: boolean;
}

export function createChatLive(options: ChatLiveOptions) {
  const { db } = options;
  const replayMax = options.replayMax ?? 1000;
  const onError = options.onError ?? (() => {});
  const hubs = new Map<string, Hub>();
  let subscriber: Redis | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const read = (tenantId: string, after: number, limit: number): Promise<LiveEvent[]> =>
    db.withTenant(tenantId, async (tx) => {
      const rows = await tx.selectFrom('chat_events').selectAll().where('tenant_id', '=', tenantId).where('id', '>', after).orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ id: Number(r.id), kind: r.kind, conversation_id: r.conversation_id, data: r.data, created_at: new Date(r.created_at).toISOString() }));
    });

  function deliver(listener: Listener, events: LiveEvent[]): void {
    if (listener.buffer) {
      listener.buffer.push(...events);
      return;
    }
    const fresh = events.filter((e) => e.id > listener.seen);
    if (fresh.length === 0) return;
    listener.seen = fresh[fresh.length - 1]!.id;
    listener.send({ type: 'events', events: fresh });
  }

  /** Reads the tenant's new rows once for all its screens; a wake-up during a read reads again after it. */
  function pump(tenantId: string): void {
    const hub = hubs.get(tenantId);
    if (!hub) return;
    if (hub.running) {
      hub.again = true;
      return;
    }
    hub.running = (async () => {
      await hub.ready;
      do {
        hub.again = false;
        const events = await read(tenantId, hub.lastId, PAGE);
        if (events.length === 0) continue;
        hub.lastId = events[events.length - 1]!.id;
        for (const l of hub.listeners) deliver(l, events);
        if (events.length === PAGE) hub.again = true;
      } while (hub.again && !closed);
    })()
      .catch(onError)
      .finally(() => {
        hub.running = null;
      });
  }

  function ensureSubscriber(): void {
    if (subscriber || !options.redis || closed) return;
    subscriber = options.redis.duplicate();
    subscriber.on('error', onError);
    subscriber.on('message', (_channel: string, tenantId: string) => pump(tenantId));
    void subscriber.subscribe(CHANNEL).catch(onError);
  }

  function ensureTimer(): void {
    if (timer || closed) return;
    timer = setInterval(() => {
      for (const tenantId of hubs.keys()) pump(tenantId);
    }, options.pollMs ?? 5000);
    timer.unref();
  }

  return {
    /** A change was committed for this tenant: wake its screens here and on the other servers. */
    notify(tenantId: string): void {
      pump(tenantId);
      if (options.redis) void options.redis.publish(CHANNEL, tenantId).catch(onError);
    },

    /**
     * Follows a tenant's events from `after` (the last id the screen saw; null: from now). Answers the function that
     * stops following.
     */
    async follow(tenantId: string, after: number | null, send: (message: LiveMessage) => void): Promise<() => void> {
      ensureSubscriber();
      ensureTimer();
      let hub = hubs.get(tenantId);
      if (!hub) {
        const created: Hub = { lastId: 0, ready: Promise.resolve(), listeners: new Set(), running: null, again: false };
        created.ready = db
          .withTenant(tenantId, (tx) => tx.selectFrom('chat_events').select((eb) => eb.fn.max('id').as('last')).where('tenant_id', '=', tenantId).executeTakeFirst())
          .then((row) => {
            created.lastId = Number(row?.last ?? 0);
          });
        hubs.set(tenantId, created);
        hub = created;
      }
      await hub.ready;
      const listener: Listener = { seen: after ?? hub.lastId, buffer: after === null ? null : [], send };
      hub.listeners.add(listener);
      if (after !== null) {
        // The backlog first, then what arrived meanwhile; a screen too far behind reloads instead.
        const backlog = await read(tenantId, after, replayMax + 1);
        const meanwhile = listener.buffer ?? [];
        listener.buffer = null;
        if (backlog.length > replayMax) {
          listener.seen = Math.max(hub.lastId, ...meanwhile.map((e) => e.id));
          send({ type: 'reset' });
        } else {
          deliver(listener, [...new Map([...backlog, ...meanwhile].map((e) => [e.id, e])).values()].sort((a, b) => a.id - b.id));
        }
      }
      const current = hub;
      return () => {
        current.listeners.delete(listener);
        if (current.listeners.size === 0 && !current.running) hubs.delete(tenantId);
      };
    },

    async close(): Promise<void> {
      closed = true;
      if (timer) clearInterval(timer);
      timer = null;
      hubs.clear();
      if (subscriber) subscriber.disconnect();
      subscriber = null;
    },
  };
}

export type ChatLive = ReturnType<typeof createChatLive>;
