import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { systemClock, type Clock } from './clock.ts';
import type { Database, Tx } from './db/database.ts';
import { AppError } from './errors.ts';
import { checkEvent, type EventDefinition, type EventPayload } from './events.ts';

/**
 * The transactional outbox. emitEvent writes an event in the caller's transaction; the relay fans each event out
 * into one delivery per subscriber that listens to its topic (outbox_deliveries), and every subscriber claims, runs
 * and settles its own deliveries:
 *
 * - claim: a short transaction takes due rows with FOR UPDATE SKIP LOCKED and leases them (locked_until, a claim
 *   token, attempts + 1), so several servers share the work and a crashed worker's claim comes back when the lease
 *   runs out;
 * - run: the handler runs outside any transaction, with the idempotency key (tenant, event, subscriber);
 * - settle: delivered, or pending again after an exponential backoff with jitter, or dead after maxAttempts (a dead
 *   letter: listed and retryable by HTTP and the CLI).
 *
 * Delivery is at least once. A subscriber's failures only ever delay that subscriber's own deliveries; with
 * `ordered: true` a later event of the same tenant and aggregate waits for the earlier one (a dead letter blocks
 * only its own aggregate, for that subscriber), and without it nothing is ordered.
 */

/** Writes an event to the outbox, inside the caller's transaction. The topic must be declared (defineEvent). */
export async function emitEvent<D extends EventDefinition>(tx: Tx, tenantId: string, topic: D, payload: EventPayload<D>, options?: { aggregate?: string | null }): Promise<void>;
export async function emitEvent(tx: Tx, tenantId: string, topic: string, payload: Record<string, unknown>, options?: { aggregate?: string | null }): Promise<void>;
export async function emitEvent(
  tx: Tx,
  tenantId: string,
  topic: string | EventDefinition,
  payload: Record<string, unknown>,
  options: { aggregate?: string | null } = {},
): Promise<void> {
  const checked = checkEvent(topic, tenantId, payload);
  const aggregate = options.aggregate !== undefined ? options.aggregate : checked.aggregate;
  await sql`select outbox_emit(${tenantId}::uuid, ${checked.name}, ${JSON.stringify(checked.payload)}::jsonb, ${aggregate})`.execute(tx);
}

/**
 * Writes several events of one topic in one statement, inside the caller's transaction, in the order given (their ids
 * follow it). Each payload is checked like emitEvent's.
 */
export async function emitEvents<D extends EventDefinition>(tx: Tx, tenantId: string, topic: D, payloads: Array<EventPayload<D>>): Promise<void> {
  if (payloads.length === 0) return;
  const rows = payloads.map((p) => {
    const checked = checkEvent(topic, tenantId, p as Record<string, unknown>);
    return { topic: checked.name, payload: checked.payload, aggregate: checked.aggregate };
  });
  await sql`select outbox_emit(${tenantId}::uuid, e.topic, e.payload, e.aggregate)
              from (select x.topic, x.payload, x.aggregate
                      from rows from (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as (topic text, payload jsonb, aggregate text))
                           with ordinality as x(topic, payload, aggregate, n)
                     order by x.n) e`.execute(tx);
}

export interface OutboxEvent {
  tenant_id: string;
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
  aggregate: string | null;
}

export interface DeliveryContext {
  subscriber: string;
  /** `<tenant id>:<event id>:<subscriber>`: the same for every attempt of this delivery, unique across deliveries. */
  idempotencyKey: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the claim's lease runs out: the delivery then counts as failed, and may run elsewhere. */
  signal: AbortSignal;
}

export type EventHandler = (event: OutboxEvent, delivery: DeliveryContext) => Promise<void> | void;

/** A batch's context: the lease's signal covers the whole batch. */
export interface BatchDeliveryContext {
  subscriber: string;
  signal: AbortSignal;
}

/** How long wake() waits to gather a burst of commits into one wake-up. */
const WAKE_COALESCE_MS = 20;

export interface Subscription {
  /** Stable name (the delivery rows carry it): lower-case letters, digits, `_ . : -`. */
  name: string;
  /** Exact topics, families (`trial.*`) or `*`. */
  topics: string[];
  handler: EventHandler;
  /**
   * Runs a claimed batch at once (one transaction for many events, say). All or nothing: when it throws, each event of
   * the batch is run alone by `handler`, so a bad event fails only itself. It must be idempotent like `handler`.
   */
  handleBatch?: (events: OutboxEvent[], delivery: BatchDeliveryContext) => Promise<void>;
  /** Keep the order of events per tenant and aggregate for this subscriber. Default false. */
  ordered?: boolean;
  /** Attempts before the delivery is dead. Default 10. */
  maxAttempts?: number;
  /** Backoff before attempt n+1: min(maxMs, baseMs * 2^(n-1)), of which a random half (jitter). Default 1 s, 15 min. */
  backoff?: { baseMs: number; maxMs: number };
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface DeliveryOutput {
  tenant_id: string;
  event_id: number;
  subscriber: string;
  topic: string;
  aggregate: string | null;
  /** The event's payload (events carry no secrets; a tenant's viewers see them on its events list). */
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  /** The subscriber's maxAttempts in this server (null: the subscriber is not registered here). */
  max_attempts: number | null;
  next_attempt_at: string | null;
  /** A worker holds it until then (a handler is running). */
  leased_until: string | null;
  last_error: string | null;
  occurred_at: string;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

export interface DeliveryQuery {
  status?: DeliveryStatus | undefined;
  subscriber?: string | undefined;
  topic?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Who lists or retries: a tenant (its own rows, under its RLS), or a platform admin (all tenants, or one). */
export type DeliveryScope = { kind: 'tenant'; tenantId: string } | { kind: 'platform'; actor: string; tenantId?: string | undefined };

export interface SubscriberSummary {
  subscriber: string;
  registered: boolean;
  topics: string[];
  ordered: boolean | null;
  max_attempts: number | null;
  pending: number;
  dead: number;
  delivered: number;
  oldest_pending_at: string | null;
}

export type RetryInput = { event_id: number; subscriber: string } | { subscriber: string; all_dead: true };

const DEFAULT_MAX_ATTEMPTS = 10;
const DEFAULT_BACKOFF = { baseMs: 1000, maxMs: 15 * 60_000 };
const NAME_RE = /^[a-z0-9_.:-]{1,100}$/;
const ERROR_MAX = 500;

/** The delay before the attempt after `attempt`: exponential, capped, the upper half of it random (jitter). */
export function backoffMs(attempt: number, backoff: { baseMs: number; maxMs: number }, random: () => number = Math.random): number {
  const full = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + random() * (full / 2));
}

/**
 * A handler's error as stored in last_error: the message only (no stack), at most 500 characters, with what could be
 * a secret cut out (credentials in URLs, bearer tokens, API keys, invitation tokens, long opaque strings).
 */
export function deliveryError(err: unknown): string {
  const message = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : typeof err === 'string' ? err : 'handler failed';
  const clean = message
    .replace(/(\w+:\/\/)[^/\s:@]*:[^@\s]*@/g, '$1***@')
    .replace(/\b(bearer|basic)\s+[\w.~+/=-]+/gi, '$1 ***')
    .replace(/\b(sk|inv|rt)_[\w-]+/g, '$1_***')
    .replace(/\b(password|passwd|secret|token|api[_-]?key)(["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi, '$1$2***')
    .replace(/[A-Za-z0-9+/_-]{40,}={0,2}/g, '***')
    .replace(/\s+/g, ' ')
    .trim();
  return (clean || 'handler failed').slice(0, ERROR_MAX);
}

function matches(topics: string[], topic: string): boolean {
  const family = `${topic.split('.')[0]}.*`;
  return topics.some((t) => t === '*' || t === topic || t === family);
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function encodeCursor(eventId: number, subscriber: string): string {
  return Buffer.from(`${eventId}:${subscriber}`).toString('base64url');
}
function decodeCursor(cursor: string): { eventId: number; subscriber: string } {
  const raw = Buffer.from(cursor, 'base64url').toString();
  const i = raw.indexOf(':');
  const eventId = Number(raw.slice(0, i));
  const subscriber = raw.slice(i + 1);
  if (i <= 0 || !Number.isSafeInteger(eventId) || eventId <= 0 || !NAME_RE.test(subscriber)) {
    throw new AppError('validation_failed', 'querystring.cursor: not a cursor from this list', { issues: [{ path: 'querystring.cursor', message: 'invalid' }] });
  }
  return { eventId, subscriber };
}

interface ClaimedRow {
  tenant_id: string;
  event_id: number | string;
  attempts: number;
  topic: string;
  aggregate: string | null;
  payload: Record<string, unknown>;
  occurred_at: Date | string;
}

interface Registered extends Required<Omit<Subscription, 'backoff' | 'handleBatch'>> {
  backoff: { baseMs: number; maxMs: number };
  handleBatch: Subscription['handleBatch'];
}

export interface OutboxRelayOptions {
  db: Database;
  clock?: Clock;
  /** Events fanned out per dispatch transaction, and deliveries claimed per subscriber and claim. Default 50. */
  batchSize?: number;
  /** How long a claim is held before another worker may take it again. Default 60 s. */
  leaseMs?: number;
  /** For the jitter (tests pin it). */
  random?: () => number;
  /** Delivered rows older than this are deleted (dead and pending ones are kept). Default 30 days. */
  retentionMs?: number;
}

export function createOutboxRelay(deps: OutboxRelayOptions) {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const batchSize = deps.batchSize ?? 50;
  const leaseMs = deps.leaseMs ?? 60_000;
  const random = deps.random ?? Math.random;
  const retentionMs = deps.retentionMs ?? 30 * 24 * 3_600_000;
  const PRUNE_EVERY_MS = 3_600_000;
  const PRUNE_BATCH = 1000;
  let lastPrune = 0;
  const subscribers = new Map<string, Registered>();
  const system = { actor: 'system', audit: false } as const;

  /** Fans out up to batchSize undispatched events into their deliveries; returns how many events it took. */
  async function dispatchOnce(): Promise<number> {
    return db.platform({ name: 'outbox.dispatch', ...system }, async (tx) => {
      const events = await tx
        .selectFrom('outbox')
        .select(['tenant_id', 'id', 'topic', 'aggregate'])
        .where('published_at', 'is', null)
        .orderBy('id')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (events.length === 0) return 0;
      // The subscribers as they are now, after the read: one registered while this dispatch was waiting for the
      // database gets the events it read (all committed after that subscriber existed, or before: either way due).
      const subs = [...subscribers.values()];
      const now = clock.now();
      const rows = events.flatMap((e) =>
        subs
          .filter((s) => matches(s.topics, e.topic))
          .map((s) => ({
            tenant_id: e.tenant_id,
            event_id: Number(e.id),
            subscriber: s.name,
            topic: e.topic,
            aggregate: e.aggregate,
            status: 'pending' as const,
            next_attempt_at: now,
            created_at: now,
            updated_at: now,
          })),
      );
      if (rows.length) await tx.insertInto('outbox_deliveries').values(rows).onConflict((oc) => oc.doNothing()).execute();
      await tx
        .updateTable('outbox')
        .set({ published_at: now })
        .where('id', 'in', events.map((e) => Number(e.id)))
        .where('published_at', 'is', null)
        .execute();
      return events.length;
    });
  }

  async function claim(sub: Registered, token: string): Promise<ClaimedRow[]> {
    const now = clock.now();
    const leaseEnd = new Date(now.getTime() + leaseMs);
    // Ordered: nothing earlier of the same tenant and aggregate may be open for this subscriber (pending, leased or
    // dead), nor still waiting to be fanned out.
    const orderedOnly = sub.ordered
      ? sql`and (d.aggregate is null or (
              not exists (select 1 from outbox_deliveries e
                           where e.tenant_id = d.tenant_id and e.subscriber = d.subscriber and e.aggregate = d.aggregate
                             and e.event_id < d.event_id and e.status <> 'delivered')
              and not exists (select 1 from outbox o
                               where o.tenant_id = d.tenant_id and o.aggregate = d.aggregate
                                 and o.id < d.event_id and o.published_at is null)))`
      : sql``;
    return db.platform({ name: 'outbox.claim', ...system }, async (tx) => {
      const { rows } = await sql<ClaimedRow>`
        with due as (
          select d.tenant_id, d.event_id, d.subscriber
            from outbox_deliveries d
           where d.subscriber = ${sub.name} and d.status = 'pending' and d.next_attempt_at <= ${now}
             and (d.locked_until is null or d.locked_until <= ${now})
             ${orderedOnly}
           order by d.next_attempt_at, d.event_id
           limit ${batchSize}
           for update of d skip locked
        )
        update outbox_deliveries d
           set locked_until = ${leaseEnd}, claim_token = ${token}::uuid, attempts = d.attempts + 1, updated_at = ${now}
          from due, outbox o
         where d.tenant_id = due.tenant_id and d.event_id = due.event_id and d.subscriber = due.subscriber
           and o.tenant_id = d.tenant_id and o.id = d.event_id
        returning d.tenant_id, d.event_id, d.attempts, d.topic, d.aggregate, o.payload, o.occurred_at`.execute(tx);
      return rows.sort((a, b) => Number(a.event_id) - Number(b.event_id));
    });
  }

  /** error null: delivered; released: not started before the lease ran out (back to pending, the attempt not counted). */
  type Outcome = { row: ClaimedRow; error: string | null; released?: true };

  async function settle(sub: Registered, token: string, outcomes: Outcome[]): Promise<void> {
    const now = clock.now();
    const delivered = outcomes.filter((o) => o.error === null && !o.released).map((o) => Number(o.row.event_id));
    const failed = outcomes.filter((o) => o.error !== null);
    const released = outcomes.filter((o) => o.released).map((o) => Number(o.row.event_id));
    await db.platform({ name: 'outbox.settle', ...system }, async (tx) => {
      if (released.length) {
        await tx
          .updateTable('outbox_deliveries')
          .set((eb) => ({ attempts: eb('attempts', '-', 1), updated_at: now, locked_until: null, claim_token: null }))
          .where('subscriber', '=', sub.name)
          .where('claim_token', '=', token)
          .where('event_id', 'in', released)
          .execute();
      }
      if (delivered.length) {
        await tx
          .updateTable('outbox_deliveries')
          .set({ status: 'delivered', delivered_at: now, updated_at: now, locked_until: null, claim_token: null })
          .where('subscriber', '=', sub.name)
          .where('claim_token', '=', token)
          .where('event_id', 'in', delivered)
          .execute();
      }
      if (failed.length) {
        // One statement for the batch's failures: each with its own backoff, or dead after its last attempt.
        const values = sql.join(
          failed.map(({ row, error }) => {
            const dead = row.attempts >= sub.maxAttempts;
            const next = dead ? now : new Date(now.getTime() + backoffMs(row.attempts, sub.backoff, random));
            return sql`(${row.tenant_id}::uuid, ${Number(row.event_id)}::bigint, ${dead ? 'dead' : 'pending'}::text, ${next}::timestamptz, ${error}::text)`;
          }),
        );
        await sql`
          update outbox_deliveries d
             set status = v.status, next_attempt_at = v.next_attempt_at, last_error = v.last_error, updated_at = ${now},
                 locked_until = null, claim_token = null
            from (values ${values}) as v (tenant_id, event_id, status, next_attempt_at, last_error)
           where d.tenant_id = v.tenant_id and d.event_id = v.event_id and d.subscriber = ${sub.name} and d.claim_token = ${token}::uuid`.execute(tx);
      }
    });
  }

  /** Claims one batch of a subscriber's due deliveries, runs them and settles them; returns how many it claimed and delivered. */
  async function deliverBatch(sub: Registered): Promise<{ claimed: number; delivered: number }> {
    const token = randomUUID();
    const rows = await claim(sub, token);
    if (rows.length === 0) return { claimed: 0, delivered: 0 };
    // The batch's lease, in this process's time: a handler still running then is failed (and told through its
    // signal), and rows not started by then go back unattempted, since another worker may take them from then on.
    const deadline = Date.now() + leaseMs;
    // Set when a handler's lease timer fires: the timer runs on the monotonic clock, and Date.now() may still read a
    // millisecond short of the deadline then, so the flag, not the wall clock alone, says the lease is over.
    let leaseOver = false;
    const outcomes: Outcome[] = [];
    const eventOf = (row: ClaimedRow): OutboxEvent => ({
      tenant_id: row.tenant_id,
      id: Number(row.event_id),
      topic: row.topic,
      payload: row.payload,
      occurred_at: new Date(row.occurred_at),
      aggregate: row.aggregate,
    });
    const runnable = rows.filter((row) => row.attempts <= sub.maxAttempts);
    if (sub.handleBatch && runnable.length > 1) {
      const handleBatch = sub.handleBatch;
      const controller = new AbortController();
      const timer = setTimeout(() => {
        leaseOver = true;
        controller.abort(new Error(`batch still running when its lease ran out (${leaseMs} ms)`));
      }, deadline - Date.now());
      timer.unref();
      const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true }));
      try {
        await Promise.race([Promise.resolve().then(() => handleBatch(runnable.map(eventOf), { subscriber: sub.name, signal: controller.signal })), aborted]);
        for (const row of rows) outcomes.push(row.attempts > sub.maxAttempts ? { row, error: 'lease expired during the last attempt (the worker stopped)' } : { row, error: null });
        await settle(sub, token, outcomes);
        return { claimed: rows.length, delivered: runnable.length };
      } catch {
        // One by one below: each event's own outcome (the batch's lease, if it ran out, releases the rest).
      } finally {
        clearTimeout(timer);
      }
    }
    for (const row of rows) {
      if (leaseOver || Date.now() >= deadline) {
        outcomes.push({ row, error: null, released: true });
        continue;
      }
      if (row.attempts > sub.maxAttempts) {
        // Claimed again after its last attempt's lease ran out (the worker stopped mid-run): dead, not run again.
        outcomes.push({ row, error: 'lease expired during the last attempt (the worker stopped)' });
        continue;
      }
      const event = eventOf(row);
      const controller = new AbortController();
      const timer = setTimeout(() => {
        leaseOver = true;
        controller.abort(new Error(`handler still running when its lease ran out (${leaseMs} ms)`));
      }, deadline - Date.now());
      timer.unref();
      const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true }));
      try {
        const context = { subscriber: sub.name, idempotencyKey: `${row.tenant_id}:${event.id}:${sub.name}`, attempt: row.attempts, signal: controller.signal };
        await Promise.race([Promise.resolve().then(() => sub.handler(event, context)), aborted]);
        outcomes.push({ row, error: null });
      } catch (err) {
        outcomes.push({ row, error: deliveryError(err) });
      } finally {
        clearTimeout(timer);
      }
    }
    await settle(sub, token, outcomes);
    return { claimed: rows.length, delivered: outcomes.filter((o) => o.error === null && !o.released).length };
  }

  function subscriberOf(name: string): Registered {
    const sub = subscribers.get(name);
    if (!sub) throw new Error(`outbox: no subscriber '${name}'`);
    return sub;
  }

  /** Deletes delivered rows past the retention, a thousand at a time; returns how many. */
  async function prune(): Promise<number> {
    const before = new Date(clock.now().getTime() - retentionMs);
    let total = 0;
    for (;;) {
      const n = await db.platform({ name: 'outbox.prune', ...system }, async (tx) => {
        const r = await sql<{ event_id: number }>`
          delete from outbox_deliveries d
           where (d.tenant_id, d.event_id, d.subscriber) in (
             select tenant_id, event_id, subscriber from outbox_deliveries
              where status = 'delivered' and delivered_at < ${before}
              limit ${PRUNE_BATCH})
          returning d.event_id`.execute(tx);
        return r.rows.length;
      });
      total += n;
      if (n < PRUNE_BATCH) return total;
    }
  }

  async function drainDispatch(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await dispatchOnce();
      total += n;
      if (n < batchSize) return total;
    }
  }

  let loops: Promise<void>[] = [];
  let stopping = false;
  /** While started: how the loops poll (a subscriber registered then gets its loop at once). */
  let started: { intervalMs: number; onError: (err: unknown) => void } | undefined;
  const subscriberLoop = (s: Registered, intervalMs: number, onError: (err: unknown) => void) =>
    loop(intervalMs, async () => (await deliverBatch(s)).claimed === batchSize, onError);
  const wakers = new Set<() => void>();
  let wakeTimer: NodeJS.Timeout | undefined;
  const wakeAll = () => {
    for (const w of wakers) w();
  };

  /** Runs work until stop(): again at once while it reports more, else after intervalMs (or when woken). */
  async function loop(intervalMs: number, work: () => Promise<boolean>, onError: (err: unknown) => void): Promise<void> {
    while (!stopping) {
      let more = false;
      try {
        more = await work();
      } catch (err) {
        onError(err);
      }
      if (more || stopping) continue;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wakers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, intervalMs);
        timer.unref();
        wakers.add(done);
      });
    }
  }

  function scopeTx<T>(scope: DeliveryScope, name: string, fn: (tx: Tx) => Promise<T>, audit: { details?: Record<string, unknown>; write: boolean }): Promise<T> {
    if (scope.kind === 'tenant') return db.withTenant(scope.tenantId, fn);
    return db.platform(
      { name, actor: scope.actor, audit: audit.write, readOnly: !audit.write, targetTenant: scope.tenantId ?? null, ...(audit.details ? { details: audit.details } : {}) },
      fn,
    );
  }
  const scopeTenant = (scope: DeliveryScope): string | undefined => scope.tenantId;

  return {
    subscribe(subscription: Subscription): void {
      if (!NAME_RE.test(subscription.name)) throw new Error(`outbox: subscriber name '${subscription.name}' must match ${NAME_RE}`);
      if (subscribers.has(subscription.name)) throw new Error(`outbox: subscriber '${subscription.name}' is registered twice`);
      if (subscription.topics.length === 0) throw new Error(`outbox: subscriber '${subscription.name}' listens to no topic`);
      const maxAttempts = subscription.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`outbox: subscriber '${subscription.name}': maxAttempts must be a positive integer`);
      const registered: Registered = {
        name: subscription.name,
        topics: [...subscription.topics],
        handler: subscription.handler,
        handleBatch: subscription.handleBatch,
        ordered: subscription.ordered ?? false,
        maxAttempts,
        backoff: subscription.backoff ?? DEFAULT_BACKOFF,
      };
      subscribers.set(subscription.name, registered);
      if (started) loops.push(subscriberLoop(registered, started.intervalMs, started.onError));
    },

    /** The registered subscribers. */
    subscribers(): Array<{ name: string; topics: string[]; ordered: boolean; max_attempts: number }> {
      return [...subscribers.values()].map((s) => ({ name: s.name, topics: s.topics, ordered: s.ordered, max_attempts: s.maxAttempts }));
    },

    dispatchOnce,
    prune,

    /** One batch of one subscriber's due deliveries; returns how many were delivered. */
    async deliverOnce(name: string): Promise<number> {
      return (await deliverBatch(subscriberOf(name))).delivered;
    },

    /**
     * Fans out every waiting event, then runs one batch per subscriber, all subscribers at once. Returns how many
     * deliveries succeeded. (Tests call it; servers run start().)
     */
    async relayOnce(): Promise<number> {
      await drainDispatch();
      const results = await Promise.all([...subscribers.values()].map((s) => deliverBatch(s)));
      return results.reduce((n, r) => n + r.delivered, 0);
    },

    /**
     * Runs a dispatcher loop and one loop per subscriber, each polling every intervalMs (at once again while it
     * finds a full batch): a slow or failing subscriber holds up only its own loop. Several servers may run it.
     */
    start(intervalMs: number, onError: (err: unknown) => void = () => {}): void {
      if (intervalMs <= 0 || started) return;
      stopping = false;
      started = { intervalMs, onError };
      loops = [
        loop(
          intervalMs,
          async () => {
            const n = await dispatchOnce();
            if (n > 0) wakeAll();
            if (Date.now() - lastPrune >= PRUNE_EVERY_MS) {
              lastPrune = Date.now();
              await prune();
            }
            return n === batchSize;
          },
          onError,
        ),
        ...[...subscribers.values()].map((s) => subscriberLoop(s, intervalMs, onError)),
      ];
    },

    /**
     * An event was just committed on this server: look now rather than at the next poll (a webhook's processing, a
     * reply's sending). Other servers still find it at their next poll; a wake-up while idle costs one query.
     */
    wake(): void {
      // Coalesced: a burst of commits wakes the loops once, and the loops keep going by themselves while there is work.
      if (!started || wakeTimer) return;
      wakeTimer = setTimeout(() => {
        wakeTimer = undefined;
        wakeAll();
      }, WAKE_COALESCE_MS);
      wakeTimer.unref();
    },

    /** Stops the loops; a handler that is running finishes and is settled first. */
    async stop(): Promise<void> {
      stopping = true;
      started = undefined;
      wakeAll();
      await Promise.all(loops);
      loops = [];
    },

    /** Deliveries, newest event first, with filters and cursor pages. */
    async listDeliveries(scope: DeliveryScope, query: DeliveryQuery): Promise<{ items: DeliveryOutput[]; next_cursor: string | null }> {
      const after = query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
      const tenantId = scopeTenant(scope);
      const rows = await scopeTx(
        scope,
        'outbox.deliveries_list',
        (tx) => {
          let q = tx
            .selectFrom('outbox_deliveries as d')
            .innerJoin('outbox as o', (j) => j.onRef('o.tenant_id', '=', 'd.tenant_id').onRef('o.id', '=', 'd.event_id'))
            .select([
              'd.tenant_id',
              'd.event_id',
              'd.subscriber',
              'd.topic',
              'd.aggregate',
              'd.status',
              'd.attempts',
              'd.next_attempt_at',
              'd.locked_until',
              'd.last_error',
              'd.created_at',
              'd.updated_at',
              'd.delivered_at',
              'o.occurred_at',
              'o.payload',
            ])
            .orderBy('d.event_id', 'desc')
            .orderBy('d.subscriber', 'desc')
            .limit(query.limit + 1);
          if (tenantId !== undefined) q = q.where('d.tenant_id', '=', tenantId);
          if (query.status) q = q.where('d.status', '=', query.status);
          if (query.subscriber) q = q.where('d.subscriber', '=', query.subscriber);
          if (query.topic) q = q.where('d.topic', '=', query.topic);
          if (after) q = q.where(sql<boolean>`(d.event_id, d.subscriber) < (${after.eventId}::bigint, ${after.subscriber})`);
          return q.execute();
        },
        { write: false },
      );
      const now = clock.now().getTime();
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({
          tenant_id: r.tenant_id,
          event_id: Number(r.event_id),
          subscriber: r.subscriber,
          topic: r.topic,
          aggregate: r.aggregate,
          payload: r.payload as Record<string, unknown>,
          status: r.status,
          attempts: r.attempts,
          max_attempts: subscribers.get(r.subscriber)?.maxAttempts ?? null,
          next_attempt_at: r.status === 'pending' ? iso(r.next_attempt_at) : null,
          leased_until: r.locked_until !== null && new Date(r.locked_until).getTime() > now ? iso(r.locked_until) : null,
          last_error: r.last_error,
          occurred_at: iso(r.occurred_at)!,
          created_at: iso(r.created_at)!,
          updated_at: iso(r.updated_at)!,
          delivered_at: iso(r.delivered_at),
        })),
        next_cursor: rows.length > query.limit && last ? encodeCursor(Number(last.event_id), last.subscriber) : null,
      };
    },

    /** Per subscriber (registered here, or with rows): deliveries pending, dead and delivered, and the oldest pending. */
    async summary(scope: DeliveryScope): Promise<SubscriberSummary[]> {
      const tenantId = scopeTenant(scope);
      const rows = await scopeTx(
        scope,
        'outbox.subscribers',
        (tx) => {
          let q = tx
            .selectFrom('outbox_deliveries')
            .select((eb) => [
              'subscriber',
              sql<number>`count(*) filter (where status = 'pending')::int`.as('pending'),
              sql<number>`count(*) filter (where status = 'dead')::int`.as('dead'),
              sql<number>`count(*) filter (where status = 'delivered')::int`.as('delivered'),
              eb.fn.min(sql<Date>`case when status = 'pending' then created_at end`).as('oldest_pending_at'),
            ])
            .groupBy('subscriber');
          if (tenantId !== undefined) q = q.where('tenant_id', '=', tenantId);
          return q.execute();
        },
        { write: false },
      );
      const byName = new Map(rows.map((r) => [r.subscriber, r]));
      const names = [...new Set([...subscribers.keys(), ...byName.keys()])].sort();
      return names.map((name) => {
        const sub = subscribers.get(name);
        const r = byName.get(name);
        return {
          subscriber: name,
          registered: sub !== undefined,
          topics: sub?.topics ?? [],
          ordered: sub?.ordered ?? null,
          max_attempts: sub?.maxAttempts ?? null,
          pending: r?.pending ?? 0,
          dead: r?.dead ?? 0,
          delivered: r?.delivered ?? 0,
          oldest_pending_at: iso(r?.oldest_pending_at ?? null),
        };
      });
    },

    /**
     * Dead letters back to pending, due now with their attempts reset: one (event id and subscriber), or every dead
     * delivery of a subscriber in the scope. One that exists but is not dead answers delivery_not_dead.
     */
    async retry(scope: DeliveryScope, input: RetryInput): Promise<{ retried: number }> {
      const tenantId = scopeTenant(scope);
      const one = 'event_id' in input;
      return scopeTx(
        scope,
        'outbox.retry',
        async (tx) => {
          const now = clock.now();
          let q = tx
            .updateTable('outbox_deliveries')
            .set({ status: 'pending', attempts: 0, next_attempt_at: now, updated_at: now, locked_until: null, claim_token: null })
            .where('subscriber', '=', input.subscriber)
            .where('status', '=', 'dead');
          if (tenantId !== undefined) q = q.where('tenant_id', '=', tenantId);
          if (one) q = q.where('event_id', '=', input.event_id);
          const retried = Number((await q.executeTakeFirst()).numUpdatedRows);
          if (one && retried === 0) {
            let exists = tx.selectFrom('outbox_deliveries').select('status').where('subscriber', '=', input.subscriber).where('event_id', '=', input.event_id);
            if (tenantId !== undefined) exists = exists.where('tenant_id', '=', tenantId);
            const found = await exists.executeTakeFirst();
            if (!found) throw new AppError('not_found', 'Delivery not found');
            throw new AppError('delivery_not_dead', `This delivery is ${found.status}, not dead: only dead letters are retried`, { status: found.status });
          }
          return { retried };
        },
        { write: true, details: { subscriber: input.subscriber, ...(one ? { event_id: input.event_id } : { all_dead: true }) } },
      );
    },
  };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
