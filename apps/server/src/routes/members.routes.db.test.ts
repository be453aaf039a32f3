import { rutFromBody } from '@smarteros/kernel';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

let t: TestServer;
let tenantA = '';
let tenantB = '';
const OWNER = { email: 'duena@ferreteria.cl', password: 'una-clave-bien-larga-1' };

interface Tokens {
  access_token: string;
  refresh_token: string;
  role: string;
  tenant_id: string | null;
}

async function login(email: string, password: string, tenant_id?: string) {
  const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email, password, ...(tenant_id ? { tenant_id } : {}) }, token: null });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
}
const refresh = (refresh_token: string) => t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refresh_token }, token: null });

beforeAll(async () => {
  // Many sign-ins from one address in this file: the per-address limit is not under test here.
  t = await createTestServer({ env: { SMARTEROS_LOGIN_MAX_PER_MINUTE: '1000' } });
  tenantA = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_200_001), business_name: 'Ferretería A', contact_email: 'a@x.cl' } })).body.id);
  tenantB = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_200_002), business_name: 'Almacén B', contact_email: 'b@x.cl' } })).body.id);
  const added = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantA}/members`, body: { ...OWNER, role: 'owner', display_name: 'Dueña' } });
  expect(added.status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

describe('sessions', () => {
  it('logs in with a refresh token that rotates; a reused one ends the whole session', async () => {
    const first = (await login(OWNER.email, OWNER.password)).body as unknown as Tokens;
    expect(first).toMatchObject({ role: 'owner', tenant_id: tenantA });
    expect(first.refresh_token).toMatch(/^rt_/);
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    const rotated = second.body as unknown as Tokens;
    expect(rotated.refresh_token).not.toBe(first.refresh_token);
    // Used once more (the grace for tabs refreshing together is over once its successor is used): a reuse.
    const third = await refresh(rotated.refresh_token);
    expect(third.status).toBe(200);
    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(401);
    // The family is revoked: the newest token is refused too.
    expect((await refresh((third.body as unknown as Tokens).refresh_token)).status).toBe(401);
    const events = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantA}/security-events` });
    expect((events.body.items as Array<{ action: string }>).map((e) => e.action)).toContain('session.reuse_detected');
  });

  it('lists live sessions, logs out one, and logs out everywhere', async () => {
    const a = (await login(OWNER.email, OWNER.password)).body as unknown as Tokens;
    const b = (await login(OWNER.email, OWNER.password)).body as unknown as Tokens;
    const list = await t.request({ method: 'GET', url: '/api/v1/auth/sessions', token: a.access_token });
    const items = list.body.items as Array<{ current: boolean }>;
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/logout', token: a.access_token })).status).toBe(204);
    expect((await refresh(a.refresh_token)).status).toBe(401);
    expect((await refresh(b.refresh_token)).status).toBe(200);
    const c = (await login(OWNER.email, OWNER.password)).body as unknown as Tokens;
    const all = await t.request({ method: 'POST', url: '/api/v1/auth/logout-all', token: c.access_token });
    expect(all.body.revoked as number).toBeGreaterThanOrEqual(2);
    expect((await refresh(c.refresh_token)).status).toBe(401);
  });

  it('throttles an account after repeated failures, from any address, with Retry-After', async () => {
    const email = 'bloqueo@ferreteria.cl';
    await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantA}/members`, body: { email, password: 'otra-clave-bien-larga', role: 'viewer' } });
    for (let i = 0; i < 5; i++) {
      const res = await t.server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'wrong-password' }, remoteAddress: `10.9.0.${i}` });
      expect(res.statusCode).toBe(401);
    }
    const locked = await t.server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'otra-clave-bien-larga' }, remoteAddress: '10.9.0.99' });
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(locked.headers['retry-after']).toBe('900');
    // 16 minutes later (the failures are stamped by the database, so move them back there).
    await t.testDb.db.asOwner((tx) =>
      tx.updateTable('platform_audit').set({ created_at: sql<Date>`created_at - interval '16 minutes'` as never }).where('actor', '=', email).execute(),
    );
    await login(email, 'otra-clave-bien-larga');
  });
});

describe('members in several tenants', () => {
  it('lets one person belong to two tenants with a role in each, and switch between them', async () => {
    const add = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantB}/members`, body: { email: OWNER.email, role: 'viewer' } });
    expect(add.status).toBe(201);
    const s = (await login(OWNER.email, OWNER.password, tenantA)).body as unknown as Tokens;
    const mine = await t.request({ method: 'GET', url: '/api/v1/me/tenants', token: s.access_token });
    expect((mine.body.items as Array<{ tenant_id: string; role: string }>).map((m) => [m.tenant_id, m.role]).sort()).toEqual(
      [[tenantA, 'owner'], [tenantB, 'viewer']].sort(),
    );
    const switched = await t.request({ method: 'POST', url: '/api/v1/auth/switch', token: s.access_token, body: { tenant_id: tenantB, refresh_token: s.refresh_token } });
    expect(switched.status).toBe(200);
    const inB = switched.body as unknown as Tokens;
    expect(inB).toMatchObject({ tenant_id: tenantB, role: 'viewer' });
    expect((await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantB}`, token: inB.access_token })).status).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantA}`, token: inB.access_token })).status).toBe(404);
    expect((await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantB}/products`, token: inB.access_token, body: { product_code: 'ai' } })).status).toBe(403);
    const other = '00000000-0000-4000-8000-000000000009';
    const notMember = await t.request({ method: 'POST', url: '/api/v1/auth/switch', token: inB.access_token, body: { tenant_id: other, refresh_token: inB.refresh_token } });
    expect(notMember.status).toBe(403);
  });

  it('changes roles within limits, keeps the last owner, and logs each change', async () => {
    const owner = (await login(OWNER.email, OWNER.password, tenantA)).body as unknown as Tokens;
    const agent = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantA}/members`, token: owner.access_token, body: { email: 'agente@ferreteria.cl', password: 'clave-del-agente-1', role: 'agent' } });
    expect(agent.status).toBe(201);
    const userId = String(agent.body.user_id);
    const promoted = await t.request({ method: 'PATCH', url: `/api/v1/tenants/${tenantA}/members/${userId}`, token: owner.access_token, body: { role: 'admin' } });
    expect(promoted.body.role).toBe('admin');
    const adminTokens = (await login('agente@ferreteria.cl', 'clave-del-agente-1')).body as unknown as Tokens;
    expect(adminTokens.role).toBe('admin');
    const toOwner = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantA}/members`, token: adminTokens.access_token, body: { email: 'nuevo@x.cl', password: 'clave-bien-larga-9', role: 'owner' } });
    expect(toOwner.status).toBe(403);
    const ownerId = (await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantA}/members` })).body.items as Array<{ user_id: string; role: string; email: string }>;
    const soleOwner = ownerId.find((m) => m.email === OWNER.email)!;
    const demote = await t.request({ method: 'PATCH', url: `/api/v1/tenants/${tenantA}/members/${soleOwner.user_id}`, token: owner.access_token, body: { role: 'viewer' } });
    expect(demote.status).toBe(409);
    expect(demote.body.error!.code).toBe('last_owner');
    const events = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantA}/security-events`, token: owner.access_token });
    const actions = (events.body.items as Array<{ action: string }>).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['member.added', 'member.role_changed', 'auth.login']));
    expect((await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantA}/security-events`, token: adminTokens.access_token })).status).toBe(403);
    // Removing the member ends their sessions at the next refresh.
    expect((await t.request({ method: 'DELETE', url: `/api/v1/tenants/${tenantA}/members/${userId}`, token: owner.access_token })).status).toBe(204);
    expect((await refresh(adminTokens.refresh_token)).status).toBe(401);
  });

  it("shows a tenant's members only to that tenant", async () => {
    const owner = (await login(OWNER.email, OWNER.password, tenantA)).body as unknown as Tokens;
    const members = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantA}/members`, token: owner.access_token });
    expect((members.body.items as Array<{ email: string }>).map((m) => m.email)).toContain(OWNER.email);
    const foreign = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantB}/members`, token: owner.access_token });
    expect(foreign.status).toBe(404);
    const visible = await t.testDb.db.withTenant(tenantB, (tx) => tx.selectFrom('users').select('email').execute());
    expect(visible.map((u) => u.email)).toEqual([OWNER.email]);
  });

  it('records API key creation and revocation in the security log, and lets platform admins read the platform audit', async () => {
    const key = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantB}/api-keys`, body: { name: 'erp sync', role: 'viewer' } });
    await t.request({ method: 'DELETE', url: `/api/v1/tenants/${tenantB}/api-keys/${String(key.body.id)}` });
    const events = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantB}/security-events` });
    expect((events.body.items as Array<{ action: string }>).map((e) => e.action).slice(0, 2)).toEqual(['api_key.revoked', 'api_key.created']);
    const audit = await t.request({ method: 'GET', url: '/api/v1/audit?operation=tenant.create' });
    expect((audit.body.items as unknown[]).length).toBeGreaterThanOrEqual(2);
    const owner = (await login(OWNER.email, OWNER.password, tenantA)).body as unknown as Tokens;
    expect((await t.request({ method: 'GET', url: '/api/v1/audit', token: owner.access_token })).status).toBe(403);
  });
});
