import { rutFromBody } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

let t: TestServer;
let tenantA = '';
let tenantB = '';
let adminKeyA = '';
let viewerKeyA = '';
let failing = true;
const delivered: string[] = [];

interface Delivery {
  tenant_id: string;
  event_id: number;
  subscriber: string;
  topic: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

beforeAll(async () => {
  t = await createTestServer();
  // The infrastructure tenants' events, written at the first start, go out before the test's subscribers exist.
  while ((await t.server.services.relay.relayOnce()) > 0);
  // A subscriber whose downstream is down, beside one that works: the first ends in dead letters, the second flows.
  t.server.services.relay.subscribe({
    name: 'test.webhook',
    topics: ['tenant.created'],
    maxAttempts: 1,
    handler: () => {
      if (failing) throw new Error('webhook answered 503');
    },
  });
  t.server.services.relay.subscribe({ name: 'test.audit', topics: ['tenant.*'], handler: (e) => void delivered.push(`${e.topic}:${e.tenant_id}`) });
  const create = async (body: number, name: string) =>
    String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(body), business_name: name, contact_email: 'x@x.cl' } })).body.id);
  tenantA = await create(76_400_001, 'Ferretería A');
  tenantB = await create(76_400_002, 'Librería B');
  const key = async (role: string) => String((await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantA}/api-keys`, body: { name: `outbox ${role}`, role } })).body.key);
  adminKeyA = await key('admin');
  viewerKeyA = await key('viewer');
  while ((await t.server.services.relay.relayOnce()) > 0);
});
afterAll(async () => {
  await t?.close();
});

const list = async (query: string, token?: string) => {
  const res = await t.request({ method: 'GET', url: `/api/v1/outbox/deliveries${query}`, ...(token ? { token } : {}) });
  return { status: res.status, body: res.body as { items: Delivery[]; next_cursor: string | null } };
};

describe('outbox deliveries over HTTP', () => {
  it('lists the dead letters of every tenant for a platform admin, with filters and cursor pages, while the others flow', async () => {
    expect(delivered).toEqual(expect.arrayContaining([`tenant.created:${tenantA}`, `tenant.created:${tenantB}`]));
    const dead = await list('?status=dead&subscriber=test.webhook');
    expect(dead.status).toBe(200);
    expect(dead.body.items.map((d) => [d.tenant_id, d.topic, d.status, d.attempts, d.last_error]).sort()).toEqual(
      [
        [tenantA, 'tenant.created', 'dead', 1, 'webhook answered 503'],
        [tenantB, 'tenant.created', 'dead', 1, 'webhook answered 503'],
      ].sort(),
    );
    const one = await list(`?status=dead&tenant_id=${tenantB}`);
    expect(one.body.items.map((d) => d.tenant_id)).toEqual([tenantB]);
    expect(one.body.items[0]).toMatchObject({ aggregate: tenantB, payload: { tenant_id: tenantB, rut: rutFromBody(76_400_002) } });
    // Each row names its tenant, as people know it.
    expect(one.body.items[0]).toMatchObject({ tenant_name: 'Librería B', tenant_rut: '76.400.002-' + rutFromBody(76_400_002).slice(-1) });
    const page1 = await list('?subscriber=test.audit&limit=1');
    expect(page1.body.items).toHaveLength(1);
    const page2 = await list(`?subscriber=test.audit&limit=1&cursor=${page1.body.next_cursor!}`);
    expect(page2.body.items[0]!.event_id).toBeLessThan(page1.body.items[0]!.event_id);
    expect((await list('?cursor=not-a-cursor')).status).toBe(400);
    expect((await list('?status=lost')).status).toBe(400);
  });

  it("shows a tenant admin only their own tenant's deliveries, and refuses viewers and other tenants", async () => {
    const own = await list('?status=dead', adminKeyA);
    expect(own.status).toBe(200);
    expect(own.body.items.map((d) => d.tenant_id)).toEqual([tenantA]);
    expect((await list(`?tenant_id=${tenantB}`, adminKeyA)).status).toBe(404);
    expect((await list('', viewerKeyA)).status).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/outbox/deliveries', token: null })).status).toBe(401);
  });

  it('summarizes each subscriber: registered ones and their counts', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/outbox/subscribers' });
    expect(res.status).toBe(200);
    const items = (res.body as { items: Array<{ subscriber: string; registered: boolean; dead: number; pending: number; max_attempts: number | null }> }).items;
    expect(items.map((i) => i.subscriber)).toEqual(expect.arrayContaining(['identity.invitation_message', 'identity.phone_code_message', 'test.audit', 'test.webhook']));
    expect(items.find((i) => i.subscriber === 'test.webhook')).toMatchObject({ registered: true, dead: 2, pending: 0, max_attempts: 1 });
    const mine = await t.request({ method: 'GET', url: '/api/v1/outbox/subscribers', token: adminKeyA });
    expect((mine.body as { items: Array<{ subscriber: string; dead: number }> }).items.find((i) => i.subscriber === 'test.webhook')!.dead).toBe(1);
  });

  it('retries one dead letter (tenant admin) and then all of a subscriber (platform admin)', async () => {
    failing = false;
    const [deadA] = (await list('?status=dead', adminKeyA)).body.items;
    const body = { subscriber: 'test.webhook', event_id: deadA!.event_id };
    // Tenant B's admin view would not find it; a viewer may not retry.
    expect((await t.request({ method: 'POST', url: '/api/v1/outbox/deliveries/retry', body, token: viewerKeyA })).status).toBe(403);
    const retried = await t.request({ method: 'POST', url: '/api/v1/outbox/deliveries/retry', body, token: adminKeyA });
    expect(retried).toMatchObject({ status: 200, body: { retried: 1 } });
    const again = await t.request({ method: 'POST', url: '/api/v1/outbox/deliveries/retry', body, token: adminKeyA });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'delivery_not_dead', details: { status: 'pending' } } });
    const unknown = await t.request({ method: 'POST', url: '/api/v1/outbox/deliveries/retry', body: { subscriber: 'test.webhook', event_id: 999_999 }, token: adminKeyA });
    expect(unknown.status).toBe(404);
    const both = await t.request({ method: 'POST', url: '/api/v1/outbox/deliveries/retry', body: { ...body, all_dead: true } });
    expect(both.status).toBe(400);

    const all = await t.request({ method: 'POST', url: '/api/v1/outbox/deliveries/retry', body: { subscriber: 'test.webhook', all_dead: true } });
    expect(all).toMatchObject({ status: 200, body: { retried: 1 } });
    while ((await t.server.services.relay.relayOnce()) > 0);
    expect((await list('?status=dead&subscriber=test.webhook')).body.items).toEqual([]);
    expect((await list('?status=delivered&subscriber=test.webhook')).body.items).toHaveLength(2);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await t.server.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/outbox/deliveries', '/api/v1/outbox/deliveries/retry', '/api/v1/outbox/subscribers']));
  });
});
