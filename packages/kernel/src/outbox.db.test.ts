import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.ts';
import { createOutboxRelay, emitEvent, type OutboxEvent } from './outbox.ts';

let t: TestDatabase;
let tenantId = '';

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = await t.db.platform({ name: 'test', actor: 'test' }, async (tx) => {
    const r = await sql<{ id: string }>`select create_tenant_minimal('Relay SpA', 'relay@x.cl', '76.086.428-5') as id`.execute(tx);
    return r.rows[0]!.id;
  });
});
afterAll(async () => {
  await t?.drop();
});

describe('outbox relay', () => {
  it('delivers pending events in order, once, to exact and family subscribers', async () => {
    await t.db.withTenant(tenantId, async (tx) => {
      await emitEvent(tx, tenantId, 'trial.expiring', { n: 1 });
      await emitEvent(tx, tenantId, 'trial.expired', { n: 2 });
    });
    const relay = createOutboxRelay({ db: t.db });
    const exact: string[] = [];
    const family: string[] = [];
    relay.subscribe('tenant.created', (e: OutboxEvent) => void exact.push(e.topic));
    relay.subscribe('trial.*', (e: OutboxEvent) => void family.push(`${e.topic}:${String(e.payload.n)}`));
    expect(await relay.relayOnce()).toBe(3);
    expect(exact).toEqual(['tenant.created']);
    expect(family).toEqual(['trial.expiring:1', 'trial.expired:2']);
    expect(await relay.relayOnce()).toBe(0);
  });

  it('keeps a failing event pending with its error, and stops the batch there to keep the order', async () => {
    await t.db.withTenant(tenantId, async (tx) => {
      await emitEvent(tx, tenantId, 'domain.added', { n: 3 });
      await emitEvent(tx, tenantId, 'domain.verified', { n: 4 });
    });
    const relay = createOutboxRelay({ db: t.db });
    const seen: string[] = [];
    let fail = true;
    relay.subscribe('domain.*', (e: OutboxEvent) => {
      if (fail) throw new Error('downstream unavailable');
      seen.push(e.topic);
    });
    expect(await relay.relayOnce()).toBe(0);
    const pending = await t.db.asOwner((tx) =>
      tx.selectFrom('outbox').select(['topic', 'attempts', 'last_error']).where('published_at', 'is', null).orderBy('id').execute(),
    );
    expect(pending).toEqual([
      { topic: 'domain.added', attempts: 1, last_error: 'downstream unavailable' },
      { topic: 'domain.verified', attempts: 0, last_error: null },
    ]);
    fail = false;
    expect(await relay.relayOnce()).toBe(2);
    expect(seen).toEqual(['domain.added', 'domain.verified']);
  });

  it('refuses an event for another tenant inside a tenant transaction', async () => {
    const other = '00000000-0000-4000-8000-000000000001';
    await expect(t.db.withTenant(tenantId, (tx) => emitEvent(tx, other, 'tenant.updated', {}))).rejects.toMatchObject({ code: 'not_found' });
  });
});
