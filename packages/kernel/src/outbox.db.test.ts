import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.ts';
import { createManualClock } from './clock.ts';
import { AppError } from './errors.ts';
import { configureEventValidation, defineEvent } from './events.ts';
import { createOutboxRelay, emitEvent, emitEvents, type DeliveryContext, type OutboxEvent, type OutboxRelayOptions } from './outbox.ts';

const happened = defineEvent('relay_test.happened', z.object({ n: z.number().int() }), { aggregate: (p) => `n:${p.n % 2}` });
const other = defineEvent('relay_test.other', z.object({ n: z.number().int() }));
const keyed = defineEvent('relay_test.keyed', z.object({ n: z.number().int(), key: z.string() }), { aggregate: (p) => p.key });

let t: TestDatabase;
let tenantA = '';
let tenantB = '';
const clock = createManualClock('2026-01-15T12:00:00Z');
const SECOND = 1000;

async function createTenant(name: string, rut: string): Promise<string> {
  return t.db.platform({ name: 'test', actor: 'test' }, async (tx) => {
    const r = await sql<{ id: string }>`select create_tenant_minimal(${name}, 'relay@x.cl', ${rut}) as id`.execute(tx);
    return r.rows[0]!.id;
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  tenantA = await createTenant('Relay A SpA', '76.086.428-5');
  tenantB = await createTenant('Relay B SpA', '11.111.111-1');
});
afterAll(async () => {
  await t?.drop();
});

/** A relay on the test's clock, with no jitter (random() = 1: the full delay) unless told. */
const relayOf = (options: Partial<OutboxRelayOptions> = {}) => createOutboxRelay({ db: t.db, clock, random: () => 1, ...options });

async function emit(tenantId: string, events: Array<[typeof happened | typeof other | typeof keyed, Record<string, unknown>]>): Promise<void> {
  await t.db.withTenant(tenantId, async (tx) => {
    for (const [def, payload] of events) await emitEvent(tx, tenantId, def.name, payload);
  });
}

async function deliveries(subscriber: string) {
  const rows = await t.db.asOwner((tx) =>
    tx
      .selectFrom('outbox_deliveries')
      .select(['tenant_id', 'event_id', 'status', 'attempts', 'next_attempt_at', 'last_error', 'locked_until'])
      .where('subscriber', '=', subscriber)
      .orderBy('event_id')
      .execute(),
  );
  return rows.map((r) => ({ ...r, event_id: Number(r.event_id) }));
}

describe('emitEvent', () => {
  it('writes a declared event with its aggregate, from the definition or given', async () => {
    await t.db.withTenant(tenantA, async (tx) => {
      await emitEvent(tx, tenantA, happened, { n: 3 });
      await emitEvent(tx, tenantA, other, { n: 4 });
      await emitEvent(tx, tenantA, 'relay_test.other', { n: 5 }, { aggregate: 'order:5' });
    });
    const rows = await t.db.asOwner((tx) =>
      tx.selectFrom('outbox').select(['topic', 'payload', 'aggregate']).where('topic', 'like', 'relay_test.%').orderBy('id').execute(),
    );
    expect(rows).toEqual([
      { topic: 'relay_test.happened', payload: { n: 3 }, aggregate: 'n:1' },
      { topic: 'relay_test.other', payload: { n: 4 }, aggregate: tenantA },
      { topic: 'relay_test.other', payload: { n: 5 }, aggregate: 'order:5' },
    ]);
    // Settle them, so later tests start from an empty outbox.
    await relayOf().relayOnce();
  });

  it('refuses an undeclared topic, and a payload that fails its schema while validation is strict', async () => {
    await expect(t.db.withTenant(tenantA, (tx) => emitEvent(tx, tenantA, 'relay_test.undeclared', {}))).rejects.toThrow(/not declared/);
    await expect(t.db.withTenant(tenantA, (tx) => emitEvent(tx, tenantA, happened.name, { n: 'x' }))).rejects.toMatchObject({ code: 'internal' });
    const problems: string[] = [];
    configureEventValidation({ strict: false, onInvalid: (topic, problem) => problems.push(`${topic}: ${problem}`) });
    try {
      await t.db.withTenant(tenantA, (tx) => emitEvent(tx, tenantA, happened.name, { n: 'lenient' }));
    } finally {
      configureEventValidation({ strict: true });
    }
    expect(problems).toEqual([expect.stringMatching(/^relay_test\.happened: n: /)]);
    const written = await t.db.asOwner((tx) => tx.selectFrom('outbox').select('payload').where('topic', '=', happened.name).orderBy('id', 'desc').executeTakeFirstOrThrow());
    expect(written.payload).toEqual({ n: 'lenient' });
    await relayOf().relayOnce();
  });

  it('refuses an event for another tenant inside a tenant transaction', async () => {
    const stranger = '00000000-0000-4000-8000-000000000001';
    await expect(t.db.withTenant(tenantA, (tx) => emitEvent(tx, stranger, other, { n: 1 }))).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('outbox relay', () => {
  it('delivers each event once to every subscriber of its topic (exact, family, *), with the idempotency key', async () => {
    const relay = relayOf();
    const seen: Record<string, string[]> = { exact: [], family: [], all: [] };
    const keys: DeliveryContext[] = [];
    relay.subscribe({ name: 'fan.exact', topics: ['relay_test.happened'], handler: (e) => void seen.exact!.push(`${e.topic}:${String(e.payload.n)}`) });
    relay.subscribe({ name: 'fan.family', topics: ['relay_test.*'], handler: (e) => void seen.family!.push(`${e.topic}:${String(e.payload.n)}`) });
    relay.subscribe({
      name: 'fan.all',
      topics: ['*'],
      handler: (e: OutboxEvent, d) => {
        seen.all!.push(e.topic);
        keys.push(d);
      },
    });
    await emit(tenantA, [
      [happened, { n: 1 }],
      [other, { n: 2 }],
    ]);
    expect(await relay.relayOnce()).toBe(5);
    expect(seen.exact).toEqual(['relay_test.happened:1']);
    expect(seen.family).toEqual(['relay_test.happened:1', 'relay_test.other:2']);
    expect(seen.all).toEqual(['relay_test.happened', 'relay_test.other']);
    const rows = await deliveries('fan.all');
    expect(keys.map(({ subscriber, idempotencyKey, attempt }) => ({ subscriber, idempotencyKey, attempt }))).toEqual(
      rows.map((r) => ({ subscriber: 'fan.all', idempotencyKey: `${tenantA}:${r.event_id}:fan.all`, attempt: 1 })),
    );
    expect(rows.every((r) => r.status === 'delivered' && r.attempts === 1 && r.locked_until === null)).toBe(true);
    expect(await relay.relayOnce()).toBe(0);
  });

  it('runs a claimed batch at once with handleBatch; when the batch throws, each event alone, so a bad one fails only itself', async () => {
    const relay = relayOf();
    const batches: number[][] = [];
    const alone: number[] = [];
    relay.subscribe({
      name: 'batch.sub',
      topics: ['relay_test.other'],
      handler: (e) => {
        if (e.payload.n === 23) throw new Error('bad event 23');
        alone.push(Number(e.payload.n));
      },
      handleBatch: async (events) => {
        batches.push(events.map((e) => Number(e.payload.n)));
        if (events.some((e) => e.payload.n === 23)) throw new Error('a bad event in the batch');
      },
    });
    // emitEvents: one statement, ids in the order given.
    await t.db.withTenant(tenantA, (tx) => emitEvents(tx, tenantA, other, [{ n: 20 }, { n: 21 }, { n: 22 }]));
    expect(await relay.relayOnce()).toBe(3);
    expect(batches).toEqual([[20, 21, 22]]);
    expect(alone).toEqual([]);
    expect((await deliveries('batch.sub')).map((r) => [r.status, r.attempts])).toEqual([
      ['delivered', 1],
      ['delivered', 1],
      ['delivered', 1],
    ]);
    await t.db.withTenant(tenantA, (tx) => emitEvents(tx, tenantA, other, [{ n: 23 }, { n: 24 }]));
    // relayOnce counts what was delivered: 24, not 23.
    expect(await relay.relayOnce()).toBe(1);
    expect(batches).toEqual([[20, 21, 22], [23, 24]]);
    expect(alone).toEqual([24]);
    const rows = await deliveries('batch.sub');
    expect(rows.slice(3).map((r) => [r.status, r.attempts, r.last_error])).toEqual([
      ['pending', 1, 'bad event 23'],
      ['delivered', 1, null],
    ]);
    // A lone event goes to handler, not handleBatch.
    await emit(tenantA, [[other, { n: 25 }]]);
    expect(await relay.relayOnce()).toBe(1);
    expect(batches).toHaveLength(2);
    expect(alone).toEqual([24, 25]);
  });

  it('isolates subscribers and tenants: a failing handler backs off alone while the others are delivered', async () => {
    const relay = relayOf({ random: () => 0.5 });
    const ok: string[] = [];
    const failingSeen: string[] = [];
    relay.subscribe({ name: 'iso.ok', topics: ['relay_test.happened'], handler: (e) => void ok.push(`${e.tenant_id === tenantA ? 'A' : 'B'}${String(e.payload.n)}`) });
    relay.subscribe({
      name: 'iso.failing',
      topics: ['relay_test.happened'],
      backoff: { baseMs: 10 * SECOND, maxMs: 60 * SECOND },
      handler: (e) => {
        failingSeen.push(`${e.tenant_id === tenantA ? 'A' : 'B'}${String(e.payload.n)}`);
        // Tenant A's downstream is broken; tenant B's works.
        if (e.tenant_id === tenantA) throw new Error('downstream unavailable for https://user:hunter2@mail.example.cl');
      },
    });
    await emit(tenantA, [
      [happened, { n: 1 }],
      [happened, { n: 2 }],
    ]);
    await emit(tenantB, [[happened, { n: 3 }]]);
    expect(await relay.relayOnce()).toBe(4);
    expect(ok.sort()).toEqual(['A1', 'A2', 'B3']);
    expect(failingSeen.sort()).toEqual(['A1', 'A2', 'B3']);
    const failing = await deliveries('iso.failing');
    const now = clock.now().getTime();
    expect(failing.map((r) => [r.tenant_id === tenantA ? 'A' : 'B', r.status, r.attempts])).toEqual([
      ['A', 'pending', 1],
      ['A', 'pending', 1],
      ['B', 'delivered', 1],
    ]);
    // Backoff 10 s for the first retry, jitter keeping 75 % of it with random() = 0.5; no secret in the error.
    for (const r of failing.filter((r) => r.status === 'pending')) {
      expect(new Date(r.next_attempt_at).getTime() - now).toBe(7500);
      expect(r.last_error).toBe('downstream unavailable for https://***@mail.example.cl');
    }
    // Nothing is due until then, for the failing subscriber; the other has nothing left.
    expect(await relay.relayOnce()).toBe(0);
    expect(failingSeen).toHaveLength(3);
  });

  it('backs off exponentially up to the cap, then the delivery is dead; a retry delivers it', async () => {
    const relay = relayOf();
    let broken = true;
    const attempts: number[] = [];
    relay.subscribe({
      name: 'dead.sub',
      topics: ['relay_test.other'],
      maxAttempts: 4,
      backoff: { baseMs: 10 * SECOND, maxMs: 30 * SECOND },
      handler: (_e, d) => {
        attempts.push(d.attempt);
        if (broken) throw new Error('still failing');
      },
    });
    await emit(tenantA, [[other, { n: 7 }]]);
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      expect(await relay.relayOnce()).toBe(0);
      const [row] = await deliveries('dead.sub');
      delays.push(new Date(row!.next_attempt_at).getTime() - clock.now().getTime());
      clock.advance(60 * SECOND);
    }
    expect(attempts).toEqual([1, 2, 3, 4]);
    // 10 s, 20 s, then capped at 30 s; the fourth attempt was the last: dead, due no more.
    expect(delays).toEqual([10 * SECOND, 20 * SECOND, 30 * SECOND, 0]);
    const [dead] = await deliveries('dead.sub');
    expect(dead).toMatchObject({ status: 'dead', attempts: 4, last_error: 'still failing' });
    expect(await relay.relayOnce()).toBe(0);
    expect(attempts).toHaveLength(4);

    const listed = await relay.listDeliveries({ kind: 'tenant', tenantId: tenantA }, { status: 'dead', subscriber: 'dead.sub', limit: 10 });
    expect(listed.items).toEqual([
      expect.objectContaining({ tenant_id: tenantA, event_id: dead!.event_id, subscriber: 'dead.sub', topic: 'relay_test.other', status: 'dead', attempts: 4, max_attempts: 4, next_attempt_at: null, last_error: 'still failing' }),
    ]);
    // Tenant B sees none of tenant A's dead letters, and cannot retry them.
    expect((await relay.listDeliveries({ kind: 'tenant', tenantId: tenantB }, { status: 'dead', limit: 10 })).items).toEqual([]);
    await expect(relay.retry({ kind: 'tenant', tenantId: tenantB }, { event_id: dead!.event_id, subscriber: 'dead.sub' })).rejects.toMatchObject({ code: 'not_found' });

    broken = false;
    expect(await relay.retry({ kind: 'tenant', tenantId: tenantA }, { event_id: dead!.event_id, subscriber: 'dead.sub' })).toEqual({ retried: 1 });
    expect(await relay.relayOnce()).toBe(1);
    expect(attempts).toEqual([1, 2, 3, 4, 1]);
    const err = await relay.retry({ kind: 'tenant', tenantId: tenantA }, { event_id: dead!.event_id, subscriber: 'dead.sub' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'delivery_not_dead', details: { status: 'delivered' } });
  });

  it('retries every dead letter of a subscriber at once (platform: across tenants), leaving other subscribers alone', async () => {
    const relay = relayOf();
    let broken = true;
    relay.subscribe({
      name: 'bulk.sub',
      topics: ['relay_test.happened'],
      maxAttempts: 1,
      handler: () => {
        if (broken) throw new Error('no');
      },
    });
    relay.subscribe({ name: 'bulk.other', topics: ['relay_test.happened'], maxAttempts: 1, handler: () => { throw new Error('also no'); } });
    await emit(tenantA, [[happened, { n: 1 }]]);
    await emit(tenantB, [[happened, { n: 2 }]]);
    await relay.relayOnce();
    expect((await deliveries('bulk.sub')).map((r) => r.status)).toEqual(['dead', 'dead']);
    const page1 = await relay.listDeliveries({ kind: 'platform', actor: 'test' }, { status: 'dead', subscriber: 'bulk.sub', limit: 1 });
    expect(page1.items).toHaveLength(1);
    const page2 = await relay.listDeliveries({ kind: 'platform', actor: 'test' }, { status: 'dead', subscriber: 'bulk.sub', limit: 1, cursor: page1.next_cursor! });
    expect(page2.items).toHaveLength(1);
    expect(page2.next_cursor).toBeNull();
    expect(new Set([...page1.items, ...page2.items].map((i) => i.tenant_id))).toEqual(new Set([tenantA, tenantB]));

    broken = false;
    expect(await relay.retry({ kind: 'platform', actor: 'test' }, { subscriber: 'bulk.sub', all_dead: true })).toEqual({ retried: 2 });
    expect(await relay.relayOnce()).toBe(2);
    expect((await deliveries('bulk.sub')).map((r) => r.status)).toEqual(['delivered', 'delivered']);
    expect((await deliveries('bulk.other')).map((r) => r.status)).toEqual(['dead', 'dead']);
    const audit = await t.db.asOwner((tx) => tx.selectFrom('platform_audit').select(['operation', 'details']).where('operation', '=', 'outbox.retry').execute());
    expect(audit).toEqual([{ operation: 'outbox.retry', details: { subscriber: 'bulk.sub', all_dead: true } }]);
  });

  it("gives a crashed worker's claim back when its lease runs out, and ignores that worker's late outcome", async () => {
    let release: () => void = () => {};
    let entered: () => void = () => {};
    const inHandler = new Promise<void>((r) => (entered = r));
    const stuck = relayOf({ leaseMs: 30 * SECOND });
    stuck.subscribe({
      name: 'lease.sub',
      topics: ['relay_test.other'],
      handler: () => {
        entered();
        return new Promise<void>((r) => (release = r));
      },
    });
    const rescuer = relayOf({ leaseMs: 30 * SECOND });
    const rescued: DeliveryContext[] = [];
    rescuer.subscribe({ name: 'lease.sub', topics: ['relay_test.other'], handler: (_e, d) => void rescued.push(d) });

    await emit(tenantA, [[other, { n: 9 }]]);
    const first = stuck.relayOnce();
    await inHandler;
    // Leased: the other relay does not take it.
    expect(await rescuer.relayOnce()).toBe(0);
    clock.advance(31 * SECOND);
    expect(await rescuer.relayOnce()).toBe(1);
    expect(rescued).toEqual([expect.objectContaining({ attempt: 2 })]);
    // The stuck worker finishes late: its claim token is no longer the row's, so it changes nothing.
    release();
    expect(await first).toBe(1);
    const [row] = await deliveries('lease.sub');
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, locked_until: null });
  });

  it('marks dead, without running it again, a delivery whose last attempt was lost with its worker', async () => {
    let entered: () => void = () => {};
    const inHandler = new Promise<void>((r) => (entered = r));
    const stuck = relayOf({ leaseMs: 30 * SECOND });
    stuck.subscribe({
      name: 'lease.last',
      topics: ['relay_test.other'],
      maxAttempts: 1,
      handler: () => {
        entered();
        return new Promise<void>(() => {});
      },
    });
    const next = relayOf({ leaseMs: 30 * SECOND });
    const ran: number[] = [];
    next.subscribe({ name: 'lease.last', topics: ['relay_test.other'], maxAttempts: 1, handler: (_e, d) => void ran.push(d.attempt) });
    await emit(tenantA, [[other, { n: 10 }]]);
    void stuck.relayOnce().catch(() => {});
    await inHandler;
    clock.advance(31 * SECOND);
    expect(await next.relayOnce()).toBe(0);
    expect(ran).toEqual([]);
    const [row] = await deliveries('lease.last');
    expect(row).toMatchObject({ status: 'dead', attempts: 2, last_error: 'lease expired during the last attempt (the worker stopped)' });
  });

  it('fails a handler still running when the lease runs out, and puts back unattempted what it had not started', async () => {
    const relay = relayOf({ leaseMs: 1 });
    const signals: AbortSignal[] = [];
    relay.subscribe({
      name: 'lease.timeout',
      topics: ['relay_test.other'],
      handler: (_e, d) => {
        signals.push(d.signal);
        return new Promise<void>(() => {});
      },
    });
    await emit(tenantA, [
      [other, { n: 13 }],
      [other, { n: 14 }],
    ]);
    expect(await relay.relayOnce()).toBe(0);
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(true);
    const rows = await deliveries('lease.timeout');
    expect(rows.map((r) => [r.status, r.attempts, r.last_error, r.locked_until])).toEqual([
      ['pending', 1, 'handler still running when its lease ran out (1 ms)', null],
      ['pending', 0, null, null],
    ]);
  });

  it('keeps the order per tenant and aggregate for an ordered subscriber: a dead letter blocks only its aggregate', async () => {
    const relay = relayOf();
    const orderedSeen: string[] = [];
    const unorderedSeen: string[] = [];
    const failOnce = new Set(['x1']);
    let deadX = true;
    relay.subscribe({
      name: 'ord.sub',
      topics: ['relay_test.keyed'],
      ordered: true,
      maxAttempts: 2,
      backoff: { baseMs: SECOND, maxMs: SECOND },
      handler: (e) => {
        const label = `${String(e.payload.key)}${String(e.payload.n)}`;
        orderedSeen.push(label);
        if (failOnce.delete(label)) throw new Error('first try fails');
        if (label === 'x2' && deadX) throw new Error('x2 is broken');
      },
    });
    relay.subscribe({ name: 'ord.unordered', topics: ['relay_test.keyed'], handler: (e) => void unorderedSeen.push(`${String(e.payload.key)}${String(e.payload.n)}`) });
    await emit(tenantA, [
      [keyed, { key: 'x', n: 1 }],
      [keyed, { key: 'x', n: 2 }],
      [keyed, { key: 'y', n: 1 }],
      [keyed, { key: 'x', n: 3 }],
      [keyed, { key: 'y', n: 2 }],
    ]);
    // Tenant B's aggregate 'x' is another aggregate: not held up by tenant A's.
    await emit(tenantB, [[keyed, { key: 'x', n: 9 }]]);
    await relay.relayOnce();
    // Pass 1: the head of each aggregate only; x1 fails.
    expect(orderedSeen).toEqual(['x1', 'y1', 'x9']);
    expect(unorderedSeen).toEqual(['x1', 'x2', 'y1', 'x3', 'y2', 'x9']);
    await relay.relayOnce();
    // x1 is not due yet (backoff); y2 follows y1.
    expect(orderedSeen).toEqual(['x1', 'y1', 'x9', 'y2']);
    for (let i = 0; i < 4; i++) {
      clock.advance(2 * SECOND);
      await relay.relayOnce();
    }
    // x1 delivered on its retry; x2 fails twice and is dead: x3 waits behind it.
    expect(orderedSeen).toEqual(['x1', 'y1', 'x9', 'y2', 'x1', 'x2', 'x2']);
    const byLabel = async () => {
      const rows = await t.db.asOwner((tx) =>
        tx
          .selectFrom('outbox_deliveries as d')
          .innerJoin('outbox as o', (j) => j.onRef('o.tenant_id', '=', 'd.tenant_id').onRef('o.id', '=', 'd.event_id'))
          .select(['o.payload', 'd.status', 'd.tenant_id'])
          .where('d.subscriber', '=', 'ord.sub')
          .orderBy('d.event_id')
          .execute(),
      );
      return rows.map((r) => `${(r.payload as { key: string }).key}${String((r.payload as { n: number }).n)}:${r.status}`);
    };
    expect(await byLabel()).toEqual(['x1:delivered', 'x2:dead', 'y1:delivered', 'x3:pending', 'y2:delivered', 'x9:delivered']);
    deadX = false;
    const x2 = (await relay.listDeliveries({ kind: 'tenant', tenantId: tenantA }, { subscriber: 'ord.sub', status: 'dead', limit: 5 })).items[0]!;
    await relay.retry({ kind: 'tenant', tenantId: tenantA }, { event_id: x2.event_id, subscriber: 'ord.sub' });
    await relay.relayOnce();
    await relay.relayOnce();
    expect(orderedSeen.slice(7)).toEqual(['x2', 'x3']);
    expect(await byLabel()).toEqual(['x1:delivered', 'x2:delivered', 'y1:delivered', 'x3:delivered', 'y2:delivered', 'x9:delivered']);
  });

  it('with two relays on one database, delivers every event exactly once to each subscriber', async () => {
    const seen = new Map<string, number>();
    const record = (who: string) => (e: OutboxEvent, d: DeliveryContext) => {
      seen.set(d.idempotencyKey, (seen.get(d.idempotencyKey) ?? 0) + 1);
      expect(d.subscriber).toBe(who);
      expect(e.topic).toBe('relay_test.happened');
    };
    const make = () => {
      const relay = relayOf({ batchSize: 7 });
      relay.subscribe({ name: 'two.a', topics: ['relay_test.happened'], handler: record('two.a') });
      relay.subscribe({ name: 'two.b', topics: ['relay_test.happened'], ordered: true, handler: record('two.b') });
      return relay;
    };
    const [one, two] = [make(), make()];
    const N = 60;
    for (let i = 0; i < N; i += 10) {
      await emit(tenantA, Array.from({ length: 10 }, (_, j) => [happened, { n: i + j }] as [typeof happened, Record<string, unknown>]));
    }
    const drain = async (relay: ReturnType<typeof make>) => {
      let total = 0;
      for (;;) {
        const n = await relay.relayOnce();
        total += n;
        if (n === 0) return total;
      }
    };
    // Both drain at once; a relay that finds nothing stops, so drain the other again until nothing is left.
    const [a, b] = await Promise.all([drain(one), drain(two)]);
    const rest = (await drain(one)) + (await drain(two));
    expect(a + b + rest).toBe(2 * N);
    expect(seen.size).toBe(2 * N);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const open = await t.db.asOwner((tx) => tx.selectFrom('outbox_deliveries').select('status').where('subscriber', 'in', ['two.a', 'two.b']).where('status', '<>', 'delivered').execute());
    expect(open).toEqual([]);
  });

  it('stops its loops cleanly, letting a running handler finish and be settled', async () => {
    const relay = relayOf();
    let entered: () => void = () => {};
    const inHandler = new Promise<void>((r) => (entered = r));
    let release: () => void = () => {};
    relay.subscribe({
      name: 'loop.sub',
      topics: ['relay_test.other'],
      handler: () => {
        entered();
        return new Promise<void>((r) => (release = r));
      },
    });
    await emit(tenantA, [[other, { n: 11 }]]);
    relay.start(5);
    await inHandler;
    const stopped = relay.stop();
    release();
    await stopped;
    const [row] = await deliveries('loop.sub');
    expect(row).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('gives a subscriber registered after start() its own loop', async () => {
    const relay = relayOf();
    relay.start(5);
    let got: (n: unknown) => void = () => {};
    const received = new Promise<unknown>((r) => (got = r));
    relay.subscribe({ name: 'loop.late', topics: ['relay_test.other'], handler: (e) => got(e.payload.n) });
    await emit(tenantA, [[other, { n: 12 }]]);
    expect(await received).toBe(12);
    await relay.stop();
  });

  it('deletes delivered rows past the retention, keeping dead and pending ones', async () => {
    const relay = relayOf({ retentionMs: 7 * 24 * 3_600_000 });
    relay.subscribe({ name: 'prune.ok', topics: ['relay_test.other'], handler: () => {} });
    relay.subscribe({ name: 'prune.dead', topics: ['relay_test.other'], maxAttempts: 1, handler: () => { throw new Error('no'); } });
    await emit(tenantA, [[other, { n: 15 }]]);
    await relay.relayOnce();
    const before = await relay.prune();
    expect(await deliveries('prune.ok')).toHaveLength(1);
    clock.advance(8 * 24 * 3_600_000);
    // (Earlier tests' delivered rows are past the retention now too.)
    expect(await relay.prune()).toBeGreaterThan(before);
    expect(await deliveries('prune.ok')).toEqual([]);
    expect((await deliveries('prune.dead')).map((r) => r.status)).toEqual(['dead']);
  });

  it('refuses a subscriber without a valid name, registered twice, or with no topic', () => {
    const relay = relayOf();
    relay.subscribe({ name: 'ok.sub', topics: ['*'], handler: () => {} });
    expect(() => relay.subscribe({ name: 'ok.sub', topics: ['*'], handler: () => {} })).toThrow(/twice/);
    expect(() => relay.subscribe({ name: 'Bad Name', topics: ['*'], handler: () => {} })).toThrow(/must match/);
    expect(() => relay.subscribe({ name: 'no.topics', topics: [], handler: () => {} })).toThrow(/no topic/);
    expect(() => relay.subscribe({ name: 'zero', topics: ['*'], maxAttempts: 0, handler: () => {} })).toThrow(/maxAttempts/);
  });
});
