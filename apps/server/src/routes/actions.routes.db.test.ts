import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createActionCatalog, TENANT_ROLES, type Action, type TenantRole } from '@smarteros/kernel';
import { createMemoryRateLimiter } from '@smarteros/modules/gateway';
import { createActionRunner } from '@smarteros/modules/mcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyOpenApi, startCompanyApi, type CompanyApi } from '../../../../test/fakes/company-api.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * The action catalog and its runner as REST callers see them, beside MCP: the same platform actions in both lists, each
 * declared in two languages with a schema that is checked before it runs; the AI-control policy, the budget, roles and
 * the audit (source api or cli); writes that wait as durable confirmations, approved or rejected once.
 */
let t: TestServer;
let api: CompanyApi;
let tenantA = '';
let tenantB = '';
const keys: Record<string, string> = {};

type Body = Record<string, unknown> & { error?: { code: string; message: string; details?: Record<string, unknown> } };
const as = (key: string) => ({
  get: (url: string) => t.request({ method: 'GET', url, token: keys[key]! }),
  post: (url: string, body?: unknown, headers?: Record<string, string>) => t.request({ method: 'POST', url, token: keys[key]!, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) }),
});
const setPolicy = (body: Record<string, unknown>) => t.request({ method: 'PUT', url: `/api/v1/tenants/${tenantA}/mcp/policy`, body, token: keys.owner! });

async function tenantWithKeys(rut: string, name: string, roles: readonly TenantRole[], prefix: string): Promise<string> {
  const res = await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut, business_name: name, contact_email: 'ti@empresa.cl' } });
  const id = String(res.body.id);
  for (const role of roles) keys[`${prefix}${role}`] = String((await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/api-keys`, body: { name: role, role } })).body.key);
  return id;
}

async function mcpTools(key: string): Promise<string[]> {
  const client = new Client({ name: 'actions-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${t.server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${keys[key]!}` } } }));
  const names = (await client.listTools()).tools.map((x) => x.name);
  await client.close();
  return names;
}

async function invocations(query: string): Promise<Array<Record<string, unknown>>> {
  const res = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantA}/mcp/invocations?limit=200&${query}`, token: keys.owner! });
  expect(res.status).toBe(200);
  return res.body.items as Array<Record<string, unknown>>;
}

async function products(): Promise<Array<{ product_code: string; status: string }>> {
  const res = await as('owner').post('/api/v1/actions/smarteros.products/run', {});
  return (res.body.result as { items: Array<{ product_code: string; status: string }> }).items;
}

beforeAll(async () => {
  api = await startCompanyApi();
  t = await createTestServer({ listen: true, env: { SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8' } });
  tenantA = await tenantWithKeys('76.086.428-5', 'Tienda Los Andes SpA', TENANT_ROLES, '');
  tenantB = await tenantWithKeys('12.345.678-5', 'Otra SpA', ['owner'], 'b_');
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/providers',
    token: keys.owner!,
    body: {
      name: 'Tienda',
      base_url: api.url,
      auth_type: 'api_key',
      credential: { secret: 'actions-test-api-key-123456' },
      openapi: companyOpenApi(),
      expose: [
        { operation: 'listOrders', capability_name: 'orders.search', description: 'Buscar pedidos por estado' },
        { operation: 'createOrder', capability_name: 'orders.create' },
      ],
    },
  });
  expect(created.status).toBe(201);
  await setPolicy({ calls_per_minute: 1000 });
});

afterAll(async () => {
  await t?.close();
  await api?.close();
});

describe('the catalog', () => {
  it('declares every platform action in Spanish and English, with a description and an object input schema', () => {
    const platform = t.server.services.actions.platform;
    expect(platform.map((a) => a.name)).toEqual([
      'smarteros.tenant_profile',
      'smarteros.products',
      'smarteros.activate_product',
      'smarteros.request_log_summary',
      'chat.find_contact',
      'chat.search_conversations',
      'chat.read_conversation',
      'chat.send_message',
      'chat.handoff',
      'erp.search_products',
      'erp.stock_level',
      'erp.find_customer',
      'erp.create_order',
      'erp.order_status',
      'erp.payment_link',
    ]);
    for (const a of platform) {
      expect(a.title.es.length, a.name).toBeGreaterThan(0);
      expect(a.title.en.length, a.name).toBeGreaterThan(0);
      expect(a.title.es, a.name).not.toBe(a.title.en);
      expect(a.description.length, a.name).toBeGreaterThan(10);
      expect(a.inputSchema.type, a.name).toBe('object');
      expect(a.inputSchema, a.name).not.toHaveProperty('$schema');
      expect(a.inputSchema.additionalProperties, a.name).toBe(false);
    }
    const activate = platform.find((a) => a.name === 'smarteros.activate_product')!;
    expect(activate.inputSchema).toMatchObject({ required: ['product_code'], properties: { product_code: { enum: ['chat', 'erp', 'automation', 'analytics', 'ai'] }, mode: { default: 'trial' } } });
  });

  it('checks every action\'s input before it runs: a bad input never reaches run()', async () => {
    const reached: string[] = [];
    const counted = t.server.services.actions.platform.map(
      (a): Action => ({ ...a, run: (ctx, input, extra) => (reached.push(a.name), a.run(ctx, input, extra)) }),
    );
    const runner = createActionRunner({ db: t.server.db, clock: t.clock, catalog: createActionCatalog({ actions: [counted] }), limiter: createMemoryRateLimiter(), secret: 'another-server-secret-0123456789' });
    const ctx = { tenantId: tenantA, principal: { id: 'test', role: 'owner' as const }, principalLabel: 'test:owner', source: 'automation' as const };
    const bad: Record<string, Record<string, unknown>> = {
      'smarteros.tenant_profile': { surprise: 1 },
      'smarteros.products': { surprise: 1 },
      'smarteros.activate_product': { product_code: 'fax' },
      'smarteros.request_log_summary': { from: 'yesterday' },
      'chat.find_contact': { phone: '+56911112222', surprise: 1 },
      'chat.search_conversations': { surprise: 1 },
      'chat.read_conversation': { conversation_id: '00000000-0000-4000-8000-000000000001', surprise: 1 },
      'chat.send_message': { conversation_id: '00000000-0000-4000-8000-000000000001', content: 'hola', surprise: 1 },
      'chat.handoff': { conversation_id: '00000000-0000-4000-8000-000000000001', surprise: 1 },
      'erp.search_products': { q: 'martillo', surprise: 1 },
      'erp.stock_level': { sku: 'MART-16', surprise: 1 },
      'erp.find_customer': { q: 'constructora', surprise: 1 },
      'erp.create_order': { lines: [{ sku: 'MART-16', quantity: 1 }], surprise: 1 },
      'erp.order_status': { number: 1, surprise: 1 },
      'erp.payment_link': { number: 1, surprise: 1 },
    };
    for (const a of counted) {
      const run = await runner.run(ctx, a.name, bad[a.name]!);
      expect(run.outcome, a.name).toBe('error');
      if (run.outcome !== 'error') continue;
      expect(run.error.code, a.name).toBe('validation_failed');
      const field = a.name === 'smarteros.activate_product' ? 'product_code' : a.name === 'smarteros.request_log_summary' ? 'from' : 'surprise';
      expect(run.error.details?.issues, a.name).toEqual([expect.objectContaining({ path: field })]);
      expect(run.error.message, a.name).toMatch(new RegExp(`^${field}: `));
    }
    expect(reached).toEqual([]);
    // Good input runs.
    expect((await runner.run(ctx, 'smarteros.products', {})).outcome).toBe('ok');
    expect(reached).toEqual(['smarteros.products']);
    await runner.close();
  });

  it('GET /api/v1/actions and MCP tools/list show the same actions, for each role only those it may run', async () => {
    for (const role of TENANT_ROLES) {
      const res = await as(role).get('/api/v1/actions');
      expect(res.status, role).toBe(200);
      const items = res.body.items as Array<{ name: string; min_role: TenantRole; title: { es: string; en: string }; kind: string; input_schema: Record<string, unknown>; origin: string }>;
      const names = items.map((i) => i.name);
      expect(names.sort(), role).toEqual((await mcpTools(role)).sort());
      for (const a of t.server.services.actions.platform) {
        const allowed = TENANT_ROLES.indexOf(role) <= TENANT_ROLES.indexOf(a.minRole);
        expect(names.includes(a.name), `${role} ${a.name}`).toBe(allowed);
      }
      const profile = items.find((i) => i.name === 'smarteros.tenant_profile')!;
      expect(profile).toMatchObject({ title: { es: 'Perfil de la empresa', en: 'Company profile' }, kind: 'read', origin: 'platform', input_schema: { type: 'object' } });
    }
    const owner = (await as('owner').get('/api/v1/actions')).body.items as Array<{ name: string; origin: string; confirm: boolean }>;
    expect(owner.find((i) => i.name === 'orders.search')).toMatchObject({ origin: 'capability', confirm: false });
    expect(owner.find((i) => i.name === 'orders.create')).toMatchObject({ origin: 'capability', confirm: true });
  });

  it('platform admins name the tenant; another tenant never shows through', async () => {
    const admin = await t.request({ method: 'GET', url: `/api/v1/actions?tenant_id=${tenantA}` });
    expect(admin.status).toBe(200);
    expect((admin.body.items as Array<{ name: string }>).map((i) => i.name)).toContain('orders.search');
    const missing = await t.request({ method: 'GET', url: '/api/v1/actions' });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.details?.issues).toEqual([expect.objectContaining({ path: 'querystring.tenant_id' })]);
    const other = (await t.request({ method: 'GET', url: `/api/v1/actions?tenant_id=${tenantB}` })).body.items as Array<{ name: string }>;
    expect(other.map((i) => i.name)).not.toContain('orders.search');
    expect((await as('b_owner').get('/api/v1/actions')).body.items).toEqual(other);
    expect((await as('b_owner').get(`/api/v1/actions?tenant_id=${tenantA}`)).status).toBe(404);
  });
});

describe('POST /api/v1/actions/:name/run', () => {
  it('runs a read and audits it with source api, or cli when the CLI calls', async () => {
    const res = await as('viewer').post('/api/v1/actions/smarteros.tenant_profile/run', {});
    expect(res.status).toBe(200);
    expect(res.body.result).toMatchObject({ id: tenantA, business_name: 'Tienda Los Andes SpA' });
    const cli = await as('viewer').post('/api/v1/actions/orders.search/run', { status: 'paid' }, { 'x-smarteros-source': 'cli' });
    expect(cli.status).toBe(200);
    expect(cli.body.result).toMatchObject({ status: 200, body: { items: [{ id: 1, status: 'paid' }] } });
    const rows = await invocations('outcome=ok');
    expect(rows.find((r) => r.tool === 'smarteros.tenant_profile')).toMatchObject({ source: 'api', success: true });
    expect(rows.find((r) => r.tool === 'orders.search')).toMatchObject({ source: 'cli', arguments: { status: 'paid' } });
    expect((await invocations('source=cli')).every((r) => r.source === 'cli')).toBe(true);
  });

  it('answers 400 naming the field for bad input, and writes nothing', async () => {
    const before = (await products()).length;
    const res = await as('owner').post('/api/v1/actions/smarteros.activate_product/run', { product_code: 'fax', mode: 'trial' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/^product_code: /), details: { issues: [{ path: 'product_code', message: expect.any(String) }] } });
    const extra = await as('owner').post('/api/v1/actions/smarteros.products/run', { unexpected: true });
    expect(extra.body.error?.details?.issues).toEqual([expect.objectContaining({ path: 'unexpected' })]);
    expect((await products()).length).toBe(before);
    expect((await as('owner').get('/api/v1/actions/confirmations')).body.items).toEqual([]);
  });

  it('refuses what the policy or the role does not allow, and an unknown action is 404', async () => {
    expect((await as('viewer').post('/api/v1/actions/smarteros.activate_product/run', { product_code: 'ai' })).body.error).toMatchObject({ code: 'forbidden', details: { required_role: 'admin' } });
    await setPolicy({ denied_tools: ['smarteros.products'] });
    const denied = await as('owner').post('/api/v1/actions/smarteros.products/run', {}, { 'accept-language': 'en' });
    expect(denied.status).toBe(403);
    expect(denied.body.error?.message).toMatch(/not allowed by this company's AI policy/);
    // In the default language (es-CL) the same refusal, worded in Spanish; the code does not change.
    const deniedEs = await as('owner').post('/api/v1/actions/smarteros.products/run', {});
    expect(deniedEs.body.error).toMatchObject({ code: 'forbidden' });
    expect(deniedEs.body.error?.message).toMatch(/política de IA/);
    await setPolicy({ denied_tools: [], read_only: true });
    const readOnly = await as('owner').post('/api/v1/actions/smarteros.activate_product/run', { product_code: 'ai' }, { 'accept-language': 'en' });
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error?.message).toMatch(/read-only/);
    expect(((await as('owner').get('/api/v1/actions')).body.items as Array<{ kind: string }>).every((i) => i.kind === 'read')).toBe(true);
    await setPolicy({ read_only: false });
    const unknown = await as('owner').post('/api/v1/actions/smarteros.nothing/run', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe('not_found');
    const outcomes = (await invocations('source=api')).filter((r) => r.tool === 'smarteros.products' || r.tool === 'smarteros.activate_product').map((r) => r.outcome);
    expect(outcomes).toContain('denied');
  });

  it('spends the calls-per-minute budget shared with MCP: 429 with Retry-After', async () => {
    await setPolicy({ calls_per_minute: 2 });
    const statuses: number[] = [];
    let retryAfter: unknown;
    for (let i = 0; i < 3; i++) {
      const res = await as('viewer').post('/api/v1/actions/smarteros.products/run', {});
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers['retry-after'];
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // A capability takes the same bucket in the gateway's round trip.
    const cap = await as('viewer').post('/api/v1/actions/orders.search/run', {});
    expect(cap.status).toBe(429);
    await setPolicy({ calls_per_minute: 1000 });
  });
});

describe('confirmations', () => {
  it('a write waits as a durable request; an agent cannot approve it; the owner approves it once and it runs as the owner', async () => {
    const asked = await as('admin').post('/api/v1/actions/smarteros.activate_product/run', { product_code: 'ai' });
    expect(asked.status).toBe(202);
    const request = (asked.body as Body & { confirmation: Record<string, unknown> }).confirmation;
    expect(request).toMatchObject({ action: 'smarteros.activate_product', arguments: { product_code: 'ai' }, confirm_min_role: 'admin', effect: { tool: 'smarteros.activate_product' } });
    expect((await products()).find((p) => p.product_code === 'ai')).toBeUndefined();
    const id = String(request.confirmation_id);
    // The audit row of the request names it, with its status now (the console offers approve/reject from there).
    const askedRow = (await invocations('tool=smarteros.activate_product&outcome=confirmation_required'))[0]!;
    expect(askedRow).toMatchObject({ confirmation_id: id, confirmation_status: 'pending' });
    const pending = (await as('viewer').get('/api/v1/actions/confirmations')).body.items as Array<Record<string, unknown>>;
    expect(pending).toEqual([expect.objectContaining({ id, status: 'pending', requested_by: expect.stringMatching(/^api_key:/), source: 'api', arguments: { product_code: 'ai' } })]);
    expect((await as('agent').post(`/api/v1/actions/confirmations/${id}/approve`)).status).toBe(403);
    expect((await as('viewer').post(`/api/v1/actions/confirmations/${id}/approve`)).status).toBe(403);
    expect((await as('b_owner').post(`/api/v1/actions/confirmations/${id}/approve`)).status).toBe(404);
    expect((await as('b_owner').get(`/api/v1/actions/confirmations/${id}`)).status).toBe(404);
    expect((await as('owner').get('/api/v1/actions/confirmations/not-an-id')).status).toBe(404);
    const approved = await as('owner').post(`/api/v1/actions/confirmations/${id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ confirmation: { id, status: 'approved', decided_by: expect.stringMatching(/^api_key:/) }, result: { product_code: 'ai', status: 'trial' } });
    const again = await as('owner').post(`/api/v1/actions/confirmations/${id}/approve`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'confirmation_not_pending', details: { status: 'approved' } });
    expect((await as('owner').post(`/api/v1/actions/confirmations/${id}/reject`)).status).toBe(409);
    // Its MCP token no longer works either.
    const mcp = await t.server.services.mcp.callTool({ tenantId: tenantA, principal: { id: 'o', role: 'owner' }, principalLabel: 'test:owner' }, 'smarteros.activate_product', { product_code: 'ai', _confirmation: String(request.token) });
    expect(mcp.structuredContent).toMatchObject({ error: { code: 'validation_failed' } });
    const audited = (await invocations('tool=smarteros.activate_product&outcome=ok'))[0]!;
    expect(audited).toMatchObject({ source: 'api', principal: (approved.body.confirmation as { decided_by: string }).decided_by, confirmation_id: id, confirmation_status: 'approved' });
    expect((await invocations('tool=smarteros.activate_product&outcome=confirmation_required')).find((r) => r.confirmation_id === id)).toMatchObject({ confirmation_status: 'approved' });
    // A call that asked for nothing names no confirmation.
    expect((await invocations('outcome=ok')).find((r) => r.tool === 'smarteros.tenant_profile')).toMatchObject({ confirmation_id: null, confirmation_status: null });
    expect((await as('owner').get('/api/v1/actions/confirmations?status=approved')).body.items).toEqual([expect.objectContaining({ id })]);
  });

  it('a rejected request never runs, and its token stops working', async () => {
    const asked = await as('owner').post('/api/v1/actions/orders.create/run', { body: { total: 4990 } });
    expect(asked.status).toBe(202);
    const request = (asked.body as Body & { confirmation: Record<string, unknown> }).confirmation;
    expect(request.effect).toMatchObject({ method: 'POST', path: '/orders', provider: 'Tienda' });
    const before = api.counters['POST /orders'] ?? 0;
    expect((await as('agent').post(`/api/v1/actions/confirmations/${String(request.confirmation_id)}/reject`)).status).toBe(403);
    const rejected = await as('owner').post(`/api/v1/actions/confirmations/${String(request.confirmation_id)}/reject`);
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected' });
    expect((await as('owner').post(`/api/v1/actions/confirmations/${String(request.confirmation_id)}/approve`)).body.error).toMatchObject({ code: 'confirmation_not_pending', details: { status: 'rejected' } });
    const mcp = await t.server.services.mcp.callTool({ tenantId: tenantA, principal: { id: 'o', role: 'owner' }, principalLabel: 'test:owner' }, 'orders.create', { body: { total: 4990 }, _confirmation: String(request.token) });
    expect(mcp.structuredContent).toMatchObject({ error: { code: 'validation_failed', message: expect.stringMatching(/rejected/) } });
    expect(api.counters['POST /orders'] ?? 0).toBe(before);
  });

  it('a token is single-use across servers: one conditional UPDATE, not a check in memory', async () => {
    const first = await t.server.services.mcp.callTool({ tenantId: tenantA, principal: { id: 'a', role: 'agent' }, principalLabel: 'test:agent' }, 'orders.create', { body: { total: 1990 } });
    const token = String(first.structuredContent?._confirmation);
    // A second server: its own runner, cache and memory over the same database and secret.
    const other = createActionRunner({ db: t.server.db, clock: t.clock, catalog: t.server.services.actions, limiter: createMemoryRateLimiter(), secret: t.config.jwt.secret });
    const ctx = { tenantId: tenantA, principal: { id: 'o', role: 'owner' as const }, principalLabel: 'test:owner', source: 'mcp' as const };
    const before = api.counters['POST /orders'] ?? 0;
    const [a, b] = await Promise.all([other.run(ctx, 'orders.create', { body: { total: 1990 } }, { confirmation: token }), t.server.services.runner.run(ctx, 'orders.create', { body: { total: 1990 } }, { confirmation: token })]);
    expect([a.outcome, b.outcome].sort()).toEqual(['error', 'ok']);
    expect((api.counters['POST /orders'] ?? 0) - before).toBe(1);
    const used = (await as('owner').get('/api/v1/actions/confirmations?status=used')).body.items as Array<Record<string, unknown>>;
    const usedRow = used.find((c) => c.action === 'orders.create');
    expect(usedRow).toMatchObject({ status: 'used', decided_by: 'test:owner', source: 'mcp', requested_by: 'test:agent' });
    await other.flush();
    expect((await invocations('tool=orders.create&outcome=ok')).filter((r) => r.confirmation_id === usedRow!.id)).toHaveLength(1);
    await other.close();
  });

  it('a request expires: listed as expired, and neither approvable nor usable', async () => {
    const asked = await as('owner').post('/api/v1/actions/smarteros.activate_product/run', { product_code: 'erp', mode: 'subscription' });
    const request = (asked.body as Body & { confirmation: Record<string, unknown> }).confirmation;
    t.clock.advance(11 * 60_000);
    const expired = (await as('owner').get('/api/v1/actions/confirmations?status=expired')).body.items as Array<Record<string, unknown>>;
    expect(expired.map((c) => c.id)).toContain(request.confirmation_id);
    expect((await invocations('outcome=confirmation_required')).find((r) => r.confirmation_id === request.confirmation_id)).toMatchObject({ confirmation_status: 'expired' });
    expect((await as('owner').get('/api/v1/actions/confirmations')).body.items).toEqual([]);
    expect((await as('owner').post(`/api/v1/actions/confirmations/${String(request.confirmation_id)}/approve`)).body.error).toMatchObject({ code: 'confirmation_not_pending', details: { status: 'expired' } });
  });
});
