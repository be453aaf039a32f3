import { DAY_MS, HOUR_MS, rutFromBody } from '@smarteros/kernel';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

let t: TestServer;
const txt = new Map<string, string[][]>();

beforeAll(async () => {
  t = await createTestServer({ resolveTxt: async (name) => txt.get(name) ?? [] });
});
afterAll(async () => {
  await t?.close();
});

const countTenants = () =>
  t.testDb.db.asOwner(async (tx) => (await sql<{ n: number }>`select count(*)::int as n from tenants`.execute(tx)).rows[0]!.n);

async function create(body: Record<string, unknown>) {
  return t.request({ method: 'POST', url: '/api/v1/tenants', body });
}

describe('tenants', () => {
  it('has the infrastructure tenants from the first start', async () => {
    const smarterbot = await t.request({ method: 'GET', url: '/api/v1/tenants/99.999.999-9' });
    expect(smarterbot.status).toBe(200);
    expect(smarterbot.body).toMatchObject({ business_name: 'SMARTERBOT', type: 'infrastructure', plan: 'infinite', status: 'active' });
    const list = await t.request({ method: 'GET', url: '/api/v1/tenants?type=infrastructure' });
    expect((list.body.items as Array<{ business_name: string }>).map((x) => x.business_name).sort()).toEqual(['SMARTERBOT', 'SmarterMCP']);
  });

  it('rejects a wrong RUT naming the field, and writes nothing', async () => {
    const before = await countTenants();
    const res = await create({ rut: '76.086.428-4', business_name: 'Ferretería Los Andes', contact_email: 'contacto@losandes.cl' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed' });
    expect(res.body.error!.details!.issues).toEqual([expect.objectContaining({ path: 'body.rut' })]);
    expect(await countTenants()).toBe(before);
  });

  it('creates a tenant with chat, erp and automation on a 14-day trial', async () => {
    const res = await create({ rut: '76086428-5', business_name: '  Ferretería Los Andes SpA ', contact_email: 'Contacto@LosAndes.cl' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      rut: '76086428-5',
      rut_formatted: '76.086.428-5',
      business_name: 'Ferretería Los Andes SpA',
      contact_email: 'contacto@losandes.cl',
      status: 'trial',
      plan: 'trial',
      services_enabled: ['automation', 'chat', 'erp'],
    });
    const products = res.body.products as Array<{ product_code: string; status: string; trial_expires_at: string; trial_seconds_left: number }>;
    expect(products.map((p) => [p.product_code, p.status])).toEqual([
      ['automation', 'trial'],
      ['chat', 'trial'],
      ['erp', 'trial'],
    ]);
    expect(new Date(products[0]!.trial_expires_at).getTime()).toBe(t.clock.now().getTime() + 14 * DAY_MS);
    expect(products[0]!.trial_seconds_left).toBe(14 * 86_400);
    const events = await t.request({ method: 'GET', url: `/api/v1/tenants/${String(res.body.id)}/events` });
    expect((events.body.items as Array<{ topic: string }>).map((e) => e.topic).sort()).toEqual([
      'product.activated',
      'product.activated',
      'product.activated',
      'tenant.created',
    ]);
    const audit = await t.testDb.db.asOwner((tx) =>
      tx.selectFrom('platform_audit').select(['operation', 'actor']).where('operation', '=', 'tenant.create').execute(),
    );
    expect(audit.length).toBeGreaterThan(0);
  });

  it('answers 409 rut_taken for the same RUT in another spelling', async () => {
    const before = await countTenants();
    const res = await create({ rut: '76.086.428-5', business_name: 'Otra', contact_email: 'otra@x.cl' });
    expect(res.status).toBe(409);
    expect(res.body.error!.code).toBe('rut_taken');
    expect(await countTenants()).toBe(before);
  });

  it('replays the first answer for the same Idempotency-Key, and answers 422 for another body', async () => {
    const body = { rut: rutFromBody(77_123_456), business_name: 'Panadería Idempotente', contact_email: 'pan@x.cl' };
    const headers = { 'idempotency-key': 'create-pan-1' };
    const first = await t.request({ method: 'POST', url: '/api/v1/tenants', body, headers });
    expect(first.status).toBe(201);
    const again = await t.request({ method: 'POST', url: '/api/v1/tenants', body, headers });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const other = await t.request({ method: 'POST', url: '/api/v1/tenants', body: { ...body, business_name: 'Otro nombre' }, headers });
    expect(other.status).toBe(422);
    expect(other.body.error!.code).toBe('idempotency_key_reused');
    const rows = await t.testDb.db.asOwner((tx) => tx.selectFrom('tenants').select('id').where('rut', '=', body.rut).execute());
    expect(rows).toHaveLength(1);
  });

  it('lists with search by name or RUT, filters, and cursor pages without gaps or repeats', async () => {
    for (let i = 0; i < 7; i++) {
      t.clock.advance(1000);
      const res = await create({ rut: rutFromBody(78_000_000 + i), business_name: `Minimarket Paginado ${i}`, contact_email: `m${i}@x.cl`, products: i % 2 ? ['chat'] : [] });
      expect(res.status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request({ method: 'GET', url: `/api/v1/tenants?q=paginado&limit=3${cursor ? `&cursor=${cursor}` : ''}` });
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as Array<{ business_name: string }>).map((x) => x.business_name));
      cursor = res.body.next_cursor as string | null;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `Minimarket Paginado ${i}`));
    const withChat = await t.request({ method: 'GET', url: '/api/v1/tenants?q=paginado&product=chat' });
    expect((withChat.body.items as unknown[]).length).toBe(3);
    const byRut = await t.request({ method: 'GET', url: `/api/v1/tenants?q=${encodeURIComponent('78.000.003')}` });
    expect((byRut.body.items as Array<{ business_name: string }>).map((x) => x.business_name)).toEqual(['Minimarket Paginado 3']);
    const badCursor = await t.request({ method: 'GET', url: '/api/v1/tenants?cursor=bm9wZQ' });
    expect(badCursor.status).toBe(400);
  });

  it('search ignores accents and case; lists carry their total and sort by name in both directions', async () => {
    const names = ['Panadería Ñuñoa', 'Ferretería Ñandú', 'AMASANDERÍA ÑUÑOA ALTO', 'Botillería Providencia'];
    for (const [i, business_name] of names.entries()) {
      t.clock.advance(1000);
      expect((await create({ rut: rutFromBody(78_100_000 + i), business_name, contact_email: `acento${i}@x.cl`, products: [] })).status).toBe(201);
    }
    const nunoa = await t.request({ method: 'GET', url: '/api/v1/tenants?q=nunoa' });
    expect((nunoa.body.items as Array<{ business_name: string }>).map((x) => x.business_name).sort()).toEqual(['AMASANDERÍA ÑUÑOA ALTO', 'Panadería Ñuñoa']);
    expect(nunoa.body.total).toBe(2);
    const accented = await t.request({ method: 'GET', url: `/api/v1/tenants?q=${encodeURIComponent('ÑUÑOA')}` });
    expect(accented.body.total).toBe(2);
    const overview = await t.request({ method: 'GET', url: '/api/v1/overview?q=ferreteria%20nandu' });
    expect((overview.body.items as Array<{ business_name: string }>).map((x) => x.business_name)).toEqual(['Ferretería Ñandú']);
    expect(overview.body.total).toBe(1);

    // The total counts every page; pages by name, ascending and descending, without gaps or repeats.
    const walk = async (sort: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.request({ method: 'GET', url: `/api/v1/tenants?q=paginado&limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}` });
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(7);
        seen.push(...(res.body.items as Array<{ business_name: string }>).map((x) => x.business_name));
        cursor = res.body.next_cursor as string | null;
      } while (cursor);
      return seen;
    };
    const asc = [0, 1, 2, 3, 4, 5, 6].map((i) => `Minimarket Paginado ${i}`);
    expect(await walk('business_name')).toEqual(asc);
    expect(await walk('-business_name')).toEqual([...asc].reverse());
    expect(await walk('created_at')).toEqual(asc);
    // A cursor of one order is not a cursor of another.
    const page = await t.request({ method: 'GET', url: '/api/v1/tenants?q=paginado&limit=2&sort=business_name' });
    const mixed = await t.request({ method: 'GET', url: `/api/v1/tenants?q=paginado&limit=2&sort=-created_at&cursor=${String(page.body.next_cursor)}` });
    expect(mixed.status).toBe(400);
    const badSort = await t.request({ method: 'GET', url: '/api/v1/tenants?sort=rut' });
    expect(badSort.status).toBe(400);
    expect(badSort.body.error!.details!.issues).toEqual([expect.objectContaining({ path: 'querystring.sort' })]);
  });
});

describe('products and lifecycle', () => {
  let id = '';
  beforeAll(async () => {
    const res = await create({ rut: rutFromBody(79_555_111), business_name: 'Botillería Ciclo', contact_email: 'ciclo@x.cl', products: ['chat'] });
    id = String(res.body.id);
  });

  it('activates a product on trial; activating it again is idempotent; a second trial is refused but a subscription works', async () => {
    const before = await t.request({ method: 'GET', url: `/api/v1/tenants/${id}/products` });
    expect(before.body.items).toEqual([expect.objectContaining({ product_code: 'chat', status: 'trial', trial_available: false, operable: true })]);
    const first = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/products`, body: { product_code: 'analytics' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ product_code: 'analytics', status: 'trial', trial_available: false, operable: true });
    const eventsBefore = await t.request({ method: 'GET', url: `/api/v1/tenants/${id}/events?limit=200` });
    const again = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/products`, body: { product_code: 'analytics' } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const seedAgain = await t.request({ method: 'POST', url: '/api/tenant/activate-product', body: { tenant_id: id, product_code: 'analytics' } });
    expect(seedAgain.status).toBe(200);
    expect(seedAgain.body).toMatchObject({ product_code: 'analytics', status: 'trial' });
    const eventsAfter = await t.request({ method: 'GET', url: `/api/v1/tenants/${id}/events?limit=200` });
    expect((eventsAfter.body.items as unknown[]).length).toBe((eventsBefore.body.items as unknown[]).length);
    const off = await t.request({ method: 'DELETE', url: `/api/v1/tenants/${id}/products/analytics` });
    expect(off.status).toBe(200);
    expect(off.body.status).toBe('inactive');
    const offAgain = await t.request({ method: 'DELETE', url: `/api/v1/tenants/${id}/products/analytics` });
    expect(offAgain.status).toBe(409);
    expect(offAgain.body.error).toMatchObject({ code: 'product_transition_not_allowed', details: { from: 'inactive', to: 'inactive' } });
    const listed = await t.request({ method: 'GET', url: `/api/v1/tenants/${id}/products` });
    expect((listed.body.items as Array<Record<string, unknown>>).find((p) => p.product_code === 'analytics')).toMatchObject({ status: 'inactive', trial_available: false, operable: false });
    const retrial = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/products`, body: { product_code: 'analytics' } });
    expect(retrial.status).toBe(409);
    expect(retrial.body.error).toMatchObject({ code: 'trial_already_used', details: { product_code: 'analytics', status: 'inactive', can_subscribe: true } });
    const paid = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/products`, body: { product_code: 'analytics', mode: 'subscription', plan: 'pro' } });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ status: 'active', plan: 'pro', trial_expires_at: null, operable: true });
    const paidAgain = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/products`, body: { product_code: 'analytics', mode: 'subscription' } });
    expect(paidAgain.status).toBe(200);
    expect(paidAgain.body).toMatchObject({ status: 'active', plan: 'pro' });
    const trialOnActive = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/products`, body: { product_code: 'analytics' } });
    expect(trialOnActive.status).toBe(200);
    expect(trialOnActive.body).toMatchObject({ status: 'active' });
    const unknownProduct = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/products`, body: { product_code: 'crm' } });
    expect(unknownProduct.status).toBe(400);
  });

  it('warns 3 days before the end, then expires the trial, once each even when run twice', async () => {
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 12 * DAY_MS));
    const warn = await t.request({ method: 'POST', url: '/api/v1/jobs/lifecycle/run' });
    expect(warn.body).toMatchObject({ ran: true, expired: 0 });
    expect(warn.body.warned as number).toBeGreaterThan(0);
    const again = await t.request({ method: 'POST', url: '/api/v1/jobs/lifecycle/run' });
    expect(again.body).toMatchObject({ warned: 0, expired: 0 });
    t.clock.set(new Date(start.getTime() + 14 * DAY_MS + HOUR_MS));
    const [a, b] = await Promise.all([t.server.services.lifecycle.runOnce(), t.server.services.lifecycle.runOnce()]);
    expect(a.expired + b.expired).toBeGreaterThan(0);
    const products = await t.request({ method: 'GET', url: `/api/v1/tenants/${id}/products` });
    const chat = (products.body.items as Array<{ product_code: string; status: string }>).find((p) => p.product_code === 'chat');
    expect(chat?.status).toBe('expired');
    const events = await t.request({ method: 'GET', url: `/api/v1/tenants/${id}/events?limit=200` });
    const topics = (events.body.items as Array<{ topic: string; payload: { product_code?: string } }>).filter((e) => e.payload.product_code === 'chat').map((e) => e.topic);
    expect(topics.filter((x) => x === 'trial.expiring')).toHaveLength(1);
    expect(topics.filter((x) => x === 'trial.expired')).toHaveLength(1);
    const tenant = await t.request({ method: 'GET', url: `/api/v1/tenants/${id}` });
    expect(tenant.body.services_enabled).toEqual(['analytics']);
    t.clock.set(start);
  });

  it('activates a tenant on trial (trial -> active)', async () => {
    const other = await create({ rut: rutFromBody(79_555_222), business_name: 'Activa SpA', contact_email: 'activa@x.cl', products: [] });
    const res = await t.request({ method: 'POST', url: `/api/v1/tenants/${String(other.body.id)}/activate` });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('active');
    const events = await t.request({ method: 'GET', url: `/api/v1/tenants/${String(other.body.id)}/events` });
    expect((events.body.items as Array<{ topic: string }>)[0]!.topic).toBe('tenant.activated');
  });

  it('moves tenants only through allowed transitions', async () => {
    const suspended = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/suspend`, body: { reason: 'impago' } });
    expect(suspended.status).toBe(200);
    expect(suspended.body.status).toBe('suspended');
    const blocked = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/products`, body: { product_code: 'ai' } });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error!.code).toBe('tenant_not_operational');
    const twice = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/suspend` });
    expect(twice.body.error).toMatchObject({ code: 'tenant_transition_not_allowed', details: { from: 'suspended', to: 'suspended' } });
    expect((await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/reactivate` })).body.status).toBe('active');
    const activateActive = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/activate` });
    expect(activateActive.body.error).toMatchObject({ code: 'tenant_transition_not_allowed', details: { from: 'active', to: 'active' } });
    expect((await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/cancel` })).body.status).toBe('cancelled');
    const back = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/reactivate` });
    expect(back.status).toBe(409);
    expect(back.body.error).toMatchObject({ code: 'tenant_transition_not_allowed', details: { from: 'cancelled', to: 'active' } });
    const events = await t.request({ method: 'GET', url: `/api/v1/tenants/${id}/events?limit=200` });
    const topics = (events.body.items as Array<{ topic: string }>).map((e) => e.topic);
    expect(topics).toEqual(expect.arrayContaining(['tenant.suspended', 'tenant.reactivated', 'tenant.cancelled']));
  });
});

describe('domains, integrations and the overview', () => {
  let id = '';
  let other = '';
  beforeAll(async () => {
    id = String((await create({ rut: rutFromBody(76_543_210), business_name: 'Tienda Dominio', contact_email: 'dominio@x.cl' })).body.id);
    other = String((await create({ rut: rutFromBody(76_543_211), business_name: 'Otra Tienda', contact_email: 'otra@x.cl' })).body.id);
  });

  it('assigns a subdomain under the base domain and makes it the primary domain', async () => {
    const res = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/domains`, body: { subdomain: 'Dominio' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ domain: 'dominio.smarterbot.cl', subdomain: 'dominio', verified: true, verification: null });
    const tenant = await t.request({ method: 'GET', url: `/api/v1/tenants/${id}` });
    expect(tenant.body.primary_domain).toBe('dominio.smarterbot.cl');
    const taken = await t.request({ method: 'POST', url: `/api/v1/tenants/${other}/domains`, body: { subdomain: 'dominio' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error!.code).toBe('domain_taken');
    const reserved = await t.request({ method: 'POST', url: `/api/v1/tenants/${other}/domains`, body: { subdomain: 'api' } });
    expect(reserved.status).toBe(400);
    const both = await t.request({ method: 'POST', url: `/api/v1/tenants/${other}/domains`, body: { subdomain: 'x', domain: 'x.cl' } });
    expect(both.status).toBe(400);
  });

  it('adds a custom domain with a TXT verification token and verifies it', async () => {
    const res = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/domains`, body: { domain: 'Tienda-Dominio.CL', domain_type: 'store' } });
    expect(res.status).toBe(201);
    const verification = res.body.verification as { name: string; value: string };
    expect(verification.name).toBe('_smarteros-verify.tienda-dominio.cl');
    const early = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/domains/${String(res.body.id)}/verify` });
    expect(early.status).toBe(422);
    txt.set(verification.name, [[verification.value]]);
    const ok = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/domains/${String(res.body.id)}/verify` });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ verified: true, verification: null });
    const foreign = await t.request({ method: 'POST', url: `/api/v1/tenants/${other}/domains/${String(res.body.id)}/verify` });
    expect(foreign.status).toBe(404);
  });

  it('sets integrations (one per type, updated in place)', async () => {
    const first = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/integrations`, body: { integration_type: 'chatwoot' } });
    expect(first.body).toMatchObject({ integration_type: 'chatwoot', status: 'pending', external_id: null });
    const second = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/integrations`, body: { integration_type: 'chatwoot', external_id: '42', external_ref: { inbox: 7 } } });
    expect(second.body).toMatchObject({ id: first.body.id, status: 'connected', external_id: '42', external_ref: { inbox: 7 } });
    const list = await t.request({ method: 'GET', url: `/api/v1/tenants/${id}/integrations` });
    expect(list.body.items).toHaveLength(1);
    const bad = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/integrations`, body: { integration_type: 'salesforce' } });
    expect(bad.status).toBe(400);
  });

  it('shows everything in /api/v1/overview', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/overview?q=tienda%20dominio' });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        tenant_id: id,
        rut_formatted: '76.543.210-3',
        tenant_status: 'trial',
        primary_domain: 'dominio.smarterbot.cl',
        domains: ['dominio.smarterbot.cl', 'tienda-dominio.cl'],
        subdomains: ['dominio'],
        integrations: [{ type: 'chatwoot', external_id: '42', status: 'connected', is_active: true }],
        has_chat: true,
        has_erp: true,
        has_automation: true,
        has_analytics: false,
        has_ai: false,
      }),
    ]);
  });

  it('updates name and contact; only platform admins change the plan', async () => {
    const res = await t.request({ method: 'PATCH', url: `/api/v1/tenants/${id}`, body: { business_name: 'Tienda Dominio Ltda', plan: 'pro' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ business_name: 'Tienda Dominio Ltda', plan: 'pro' });
    const empty = await t.request({ method: 'PATCH', url: `/api/v1/tenants/${id}`, body: {} });
    expect(empty.status).toBe(400);
    const key = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/api-keys`, body: { name: 'owner key', role: 'owner' } });
    const asOwner = await t.request({ method: 'PATCH', url: `/api/v1/tenants/${id}`, body: { plan: 'infinite' }, token: String(key.body.key) });
    expect(asOwner.status).toBe(403);
    const ownName = await t.request({ method: 'PATCH', url: `/api/v1/tenants/${id}`, body: { contact_email: 'nuevo@x.cl' }, token: String(key.body.key) });
    expect(ownName.body.contact_email).toBe('nuevo@x.cl');
  });

  it('answers 404 for ids that do not exist or are malformed', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/tenants/00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v1/tenants/not-a-tenant' })).status).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v1/tenants/11.111.111-1' })).status).toBe(404);
  });
});

describe("the seed's routes", () => {
  it('create, read, activate a product, set an integration and provision a domain', async () => {
    const created = await t.request({ method: 'POST', url: '/api/tenant/create', body: { rut: '12.345.678-5', business_name: 'Cliente Semilla', contact_email: 'semilla@x.cl' } });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    expect((await t.request({ method: 'GET', url: `/api/tenant/${id}` })).body.rut).toBe('12345678-5');
    const product = await t.request({ method: 'POST', url: '/api/tenant/activate-product', body: { tenant_id: '12.345.678-5', product_code: 'ai' } });
    expect(product.status).toBe(201);
    expect(product.body).toMatchObject({ product_code: 'ai', status: 'trial' });
    const integration = await t.request({ method: 'POST', url: '/api/tenant/set-integration', body: { tenant_id: id, type: 'odoo', external_id: 'db-semilla' } });
    expect(integration.body).toMatchObject({ integration_type: 'odoo', external_id: 'db-semilla', status: 'connected' });
    const domain = await t.request({ method: 'POST', url: '/api/tenant/provision-domain', body: { tenant_id: id, subdomain: 'semilla' } });
    expect(domain.body).toMatchObject({ domain: 'semilla.smarterbot.cl' });
    const missing = await t.request({ method: 'POST', url: '/api/tenant/activate-product', body: { product_code: 'ai' } });
    expect(missing.status).toBe(400);
    const info = await t.request({ method: 'GET', url: '/api/system/info', token: null });
    expect(info.body).toMatchObject({ name: 'SmarterOS', products: ['chat', 'erp', 'automation', 'analytics', 'ai'] });
  });
});

describe('an operator runs a tenant', () => {
  it('lists plans, creates on a plan, edits name, contact and plan, and follows the lifecycle', async () => {
    const plans = await t.request({ method: 'GET', url: '/api/v1/plans' });
    expect(plans.body.items).toEqual(expect.arrayContaining([{ code: 'pro', name: 'Pro', trial_days: 14, is_unlimited: false }, { code: 'infinite', name: 'Infinite', trial_days: null, is_unlimited: true }]));
    const created = await create({ rut: rutFromBody(79_777_001), business_name: 'Carnicería El Roble', contact_email: 'roble@x.cl', plan: 'starter', products: ['chat', 'erp'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ plan: 'starter', status: 'trial', operational: true, status_actions: ['activate', 'suspend', 'cancel'] });
    const id = String(created.body.id);

    const edited = await t.request({ method: 'PATCH', url: `/api/v1/tenants/${id}`, body: { business_name: 'Carnicería El Roble SpA', contact_email: 'Ventas@Roble.cl', plan: 'pro' } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ business_name: 'Carnicería El Roble SpA', contact_email: 'ventas@roble.cl', plan: 'pro' });
    const unknownPlan = await t.request({ method: 'PATCH', url: `/api/v1/tenants/${id}`, body: { plan: 'gold' } });
    expect(unknownPlan.status).toBe(400);
    expect((await t.request({ method: 'GET', url: `/api/v1/tenants/${id}` })).body.plan).toBe('pro');

    const suspended = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/suspend`, body: { reason: 'pago pendiente' } });
    expect(suspended.body).toMatchObject({ status: 'suspended', operational: false, status_actions: ['reactivate', 'cancel'] });
    // The console hides what would fail: a suspended tenant's products are not operable.
    expect((suspended.body.products as Array<{ operable: boolean }>).every((p) => !p.operable)).toBe(true);
    const listed = await t.request({ method: 'GET', url: `/api/v1/tenants/${id}/products` });
    expect((listed.body.items as Array<{ status: string; operable: boolean }>).map((p) => [p.status, p.operable])).toEqual([
      ['trial', false],
      ['trial', false],
    ]);
    const refused = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/products`, body: { product_code: 'chat' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'tenant_not_operational', details: { tenant_status: 'suspended' } });
    // A suspended tenant can still be corrected.
    expect((await t.request({ method: 'PATCH', url: `/api/v1/tenants/${id}`, body: { contact_email: 'pagos@roble.cl' } })).status).toBe(200);

    const back = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/reactivate` });
    expect(back.body).toMatchObject({ status: 'active', operational: true, status_actions: ['suspend', 'cancel'] });
    expect((back.body.products as Array<{ operable: boolean }>).every((p) => p.operable)).toBe(true);

    const cancelled = await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/cancel`, body: { reason: 'cierre' } });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', operational: false, status_actions: [] });
    const frozen = await t.request({ method: 'PATCH', url: `/api/v1/tenants/${id}`, body: { business_name: 'Otro nombre' } });
    expect(frozen.status).toBe(409);
    expect(frozen.body.error).toMatchObject({ code: 'tenant_not_operational', message: 'Una empresa cancelada no se puede modificar', details: { tenant_status: 'cancelled' } });
    expect((await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/reactivate` })).status).toBe(409);
  });
});
