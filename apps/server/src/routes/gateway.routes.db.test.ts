import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, companyOpenApi, startCompanyApi, type CompanyApi } from '../../../../test/fakes/company-api.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * The registry and the gateway end to end, over HTTP: a company registers its API with a credential and an OpenAPI
 * document, publishes capabilities, and calls them; the company API is a real server on loopback that records what it
 * receives. Runs on PGlite and, with DATABASE_URL, on PostgreSQL (and with REDIS_URL the rate limits live in Redis).
 */
const API_KEY_SECRET = 'sk_live_company_Hx83nQ2vLz90aa';
const BEARER_SECRET = 'bearer-token-Pq7sW2xK99lm';
const BASIC_PASSWORD = 'basic-password-Yt5r3E1w';

let t: TestServer;
let api: CompanyApi;
let tenantId: string;
let otherTenantId: string;
let ownerKey: string;
let viewerKey: string;
let otherKey: string;
let providerId: string;

async function createTenant(rut: string, name: string): Promise<string> {
  const res = await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut, business_name: name, contact_email: 'ops@empresa.cl' } });
  expect(res.status).toBe(201);
  return String(res.body.id);
}

async function apiKey(tenant: string, role: string): Promise<string> {
  const res = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenant}/api-keys`, body: { name: `${role} key`, role } });
  expect(res.status).toBe(201);
  return String(res.body.key);
}

const invoke = (name: string, body: unknown = {}, token = ownerKey) => t.request({ method: 'POST', url: `/api/v1/capabilities/${name}/invoke`, body, token });

beforeAll(async () => {
  api = await startCompanyApi();
  t = await createTestServer({
    env: {
      SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8',
      SMARTEROS_GATEWAY_TIMEOUT_MS: '400',
      SMARTEROS_GATEWAY_MAX_RESPONSE_BYTES: String(1024 * 1024),
    },
  });
  tenantId = await createTenant('76.086.428-5', 'Ferretería Los Andes SpA');
  otherTenantId = await createTenant('12.345.678-5', 'Otra Empresa SpA');
  ownerKey = await apiKey(tenantId, 'owner');
  viewerKey = await apiKey(tenantId, 'viewer');
  otherKey = await apiKey(otherTenantId, 'owner');
});

afterAll(async () => {
  await t?.close();
  await api?.close();
});

describe('registering a provider', () => {
  it('registers the API with its credential, imports the document and publishes capabilities in one answer', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/providers',
      token: ownerKey,
      body: {
        name: 'Tienda',
        base_url: api.url,
        category: 'ecommerce',
        auth_type: 'api_key',
        credential: { secret: API_KEY_SECRET, header_name: 'X-Api-Key' },
        openapi: companyOpenApi(),
        expose: [
          { operation: 'listOrders', capability_name: 'orders.search' },
          { operation: 'createOrder', capability_name: 'orders.create' },
          { operation: 'flakyGet', capability_name: 'flaky.get' },
          { operation: 'flakyPost', capability_name: 'flaky.post' },
          { operation: 'slow', capability_name: 'slow.get' },
          { operation: 'reset', capability_name: 'reset.get' },
          { operation: 'wrongShape', capability_name: 'orders.wrong' },
          { operation: 'big', capability_name: 'big.get' },
          { operation: 'echo', capability_name: 'echo.get' },
          { operation: 'redirect', capability_name: 'redirect.get' },
          { operation: 'noContent', capability_name: 'nothing.get' },
        ],
      },
    });
    expect(res.status).toBe(201);
    providerId = String(res.body.id);
    expect(res.body.endpoints).toHaveLength(13);
    expect((res.body.capabilities as Array<{ capability_name: string }>).map((c) => c.capability_name)).toContain('orders.search');
    const credential = res.body.credential as Record<string, unknown>;
    expect(credential.last4).toBe(API_KEY_SECRET.slice(-4));
    expect(credential.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(credential.header_name).toBe('X-Api-Key');
    expect(JSON.stringify(res.body)).not.toContain(API_KEY_SECRET);
  });

  it('shows providers and capabilities without the secret; write capabilities ask for confirmation by default', async () => {
    const list = await t.request({ method: 'GET', url: '/api/v1/providers', token: viewerKey });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(API_KEY_SECRET);
    expect((list.body.items as Array<Record<string, unknown>>).find((p) => p.name === 'Tienda')).toMatchObject({ endpoint_count: 13, capability_count: 11 });
    const caps = await t.request({ method: 'GET', url: '/api/v1/capabilities', token: viewerKey });
    const byName = Object.fromEntries((caps.body.items as Array<{ capability_name: string; kind: string; requires_confirmation: boolean }>).map((c) => [c.capability_name, c]));
    expect(byName['orders.search']).toMatchObject({ kind: 'read', requires_confirmation: false });
    expect(byName['orders.create']).toMatchObject({ kind: 'write', requires_confirmation: true });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await t.request({ method: 'GET', url: '/api/v1/providers', token: ownerKey });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'X', base_url: 'ftp://example.cl' }, 'body.base_url'],
      [{ name: 'X', base_url: 'http://169.254.169.254/latest' }, 'body.base_url'],
      [{ name: 'X', base_url: 'https://api.example.cl', auth_type: 'bearer' }, 'body.credential'],
      [{ name: 'X', base_url: 'https://api.example.cl', auth_type: 'basic', credential: { secret: 'x' } }, 'body.credential.username'],
      [{ name: 'X', base_url: 'https://api.example.cl', auth_type: 'none', credential: { secret: 'x' } }, 'body.credential'],
      [{ name: 'X', base_url: 'https://api.example.cl', openapi: 'openapi: 3.0.0\ninfo: [' }, 'details.issues'],
      [{ name: 'X', base_url: 'https://api.example.cl', openapi: companyOpenApi(), expose: [{ operation: 'nope', capability_name: 'a.b' }] }, 'body.expose.0.operation'],
      [{ name: 'X', base_url: 'https://api.example.cl', openapi: companyOpenApi(), expose: [{ operation: 'listOrders', capability_name: 'Bad Name' }] }, 'body.expose.0.capability_name'],
    ];
    for (const [body, where] of cases) {
      const res = await t.request({ method: 'POST', url: '/api/v1/providers', token: ownerKey, body });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      if (where.startsWith('body')) expect(JSON.stringify(res.body.error?.details), JSON.stringify(res.body)).toContain(where);
      else expect(res.body.error?.details?.issues).toBeDefined();
    }
    // An OpenAPI import issue is worded in the request's language; its path stays.
    const yaml = { name: 'X', base_url: 'https://api.example.cl', openapi: 'openapi: 3.0.0\ninfo: [' };
    const es = await t.request({ method: 'POST', url: '/api/v1/providers', token: ownerKey, body: yaml });
    const en = await t.request({ method: 'POST', url: '/api/v1/providers', token: ownerKey, body: yaml, headers: { 'accept-language': 'en' } });
    expect(es.body.error!.message).toMatch(/^No se puede importar el documento OpenAPI: YAML no válido en la línea \d+, columna \d+: /);
    expect(en.body.error!.message).toMatch(/^The OpenAPI document cannot be imported: invalid YAML at line \d+, column \d+: /);
    expect((es.body.error!.details!.issues as Array<{ path: string }>).map((i) => i.path)).toEqual((en.body.error!.details!.issues as Array<{ path: string }>).map((i) => i.path));
    const after = await t.request({ method: 'GET', url: '/api/v1/providers', token: ownerKey });
    expect(after.body.items).toHaveLength((before.body.items as unknown[]).length);
  });

  it('keeps viewers out of changes', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/providers', token: viewerKey, body: { name: 'V', base_url: 'https://api.example.cl' } });
    expect(res.status).toBe(403);
  });

  it('re-importing the same document changes nothing; a changed one updates in place and disables what left', async () => {
    const again = await t.request({ method: 'POST', url: `/api/v1/providers/${providerId}/openapi`, token: ownerKey, body: { document: JSON.stringify(companyOpenApi()) } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 13, removed: 0 });
    const doc = companyOpenApi();
    const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;
    paths['/orders']!.get!.summary = 'Buscar pedidos por estado';
    delete paths['/no-content'];
    const changed = await t.request({ method: 'POST', url: `/api/v1/providers/${providerId}/openapi`, token: ownerKey, body: { document: doc } });
    expect(changed.body).toMatchObject({ created: 0, updated: 1, unchanged: 11, removed: 1 });
    const endpoints = await t.request({ method: 'GET', url: `/api/v1/providers/${providerId}/endpoints`, token: ownerKey });
    const items = endpoints.body.items as Array<{ path: string; enabled: boolean }>;
    expect(items).toHaveLength(13);
    expect(items.find((e) => e.path === '/no-content')?.enabled).toBe(false);
    const disabled = await invoke('nothing.get');
    expect(disabled.status).toBe(409);
    expect(disabled.body.error?.code).toBe('capability_disabled');
    // Back as it was.
    await t.request({ method: 'POST', url: `/api/v1/providers/${providerId}/openapi`, token: ownerKey, body: { document: companyOpenApi() } });
  });

  it('imports a document by URL through the egress guard', async () => {
    const created = await t.request({ method: 'POST', url: '/api/v1/providers', token: ownerKey, body: { name: 'Desde URL', base_url: api.url } });
    expect(created.status).toBe(201);
    const meta = await t.request({ method: 'POST', url: `/api/v1/providers/${String(created.body.id)}/openapi`, token: ownerKey, body: { url: 'http://169.254.169.254/openapi.json' } });
    expect(meta.status).toBe(422);
    expect(meta.body.error?.code).toBe('egress_refused');
    const missing = await t.request({ method: 'POST', url: `/api/v1/providers/${String(created.body.id)}/openapi`, token: ownerKey, body: { url: `${api.url}/openapi.json` } });
    expect(missing.status).toBe(422);
    expect(missing.body.error?.message).toContain('404');
  });
});

describe('a real-world document', () => {
  const yaml = readFileSync(new URL('../../../../test/fixtures/openapi/tienda.yaml', import.meta.url), 'utf8');

  it('imports a 40-operation YAML document with $refs by upload, then by URL, and a re-import changes nothing', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/providers',
      token: ownerKey,
      body: { name: 'Tienda Los Andes', base_url: 'https://api.tiendalosandes.cl/v1', category: 'erp', openapi: yaml, expose: [{ operation: 'getOrder', capability_name: 'tienda.orders.get' }, { operation: 'issueInvoice', capability_name: 'tienda.invoices.issue' }] },
    });
    expect(created.status).toBe(201);
    const endpoints = created.body.endpoints as Array<{ semantic_name: string; method: string; path: string }>;
    expect(endpoints.length).toBeGreaterThanOrEqual(30);
    const list = await t.request({ method: 'GET', url: `/api/v1/providers/${String(created.body.id)}/endpoints`, token: ownerKey });
    const items = list.body.items as Array<{ semantic_name: string; schema_in: Record<string, unknown>; schema_out: unknown; capabilities: string[] }>;
    // No $ref to the document is left: every schema stands alone.
    expect(JSON.stringify(items)).not.toContain('#/components/');
    expect(items.find((e) => e.semantic_name === 'getOrder')?.capabilities).toEqual(['tienda.orders.get']);
    const caps = await t.request({ method: 'GET', url: '/api/v1/capabilities/tienda.invoices.issue', token: ownerKey });
    expect(caps.body).toMatchObject({ kind: 'write', requires_confirmation: true, endpoint: { method: 'POST' } });

    // The same document served over HTTP (through the egress guard): nothing changes.
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/yaml' });
      res.end(yaml);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const byUrl = await t.request({
        method: 'POST',
        url: `/api/v1/providers/${String(created.body.id)}/openapi`,
        token: ownerKey,
        body: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.yaml` },
      });
      expect(byUrl.status).toBe(200);
      expect(byUrl.body).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: endpoints.length });
    } finally {
      server.close();
    }
  });

  it('answers 422 naming what is wrong with a broken document, and writes nothing', async () => {
    const broken = yaml.replace("$ref: '#/components/schemas/Order'", "$ref: '#/components/schemas/Pedido'");
    expect(broken).not.toBe(yaml);
    const res = await t.request({ method: 'POST', url: '/api/v1/providers', token: ownerKey, body: { name: 'Rota', base_url: 'https://api.example.cl', openapi: broken } });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.error?.details)).toContain('#/components/schemas/Pedido');
    const swagger = await t.request({ method: 'POST', url: '/api/v1/providers', token: ownerKey, body: { name: 'Vieja', base_url: 'https://api.example.cl', openapi: { swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} } } });
    expect(swagger.status).toBe(422);
    const names = ((await t.request({ method: 'GET', url: '/api/v1/providers', token: ownerKey })).body.items as Array<{ name: string }>).map((p) => p.name);
    expect(names).not.toContain('Rota');
    expect(names).not.toContain('Vieja');
  });
});

describe('calling a capability', () => {
  it('validates, injects the credential, calls and normalizes the answer', async () => {
    api.requests = [];
    const res = await invoke('orders.search', { status: 'paid', 'X-Trace': 'abc' }, viewerKey);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ capability: 'orders.search', status: 200, body: { items: [{ id: 1, status: 'paid' }], total: 2 } });
    const headers = res.body.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-total-count']).toBe('2');
    expect(headers['set-cookie']).toBeUndefined();
    expect(headers.server).toBeUndefined();
    const seen = api.requests.at(-1)!;
    expect(seen.path).toBe('/orders');
    expect(seen.query.get('status')).toBe('paid');
    expect(seen.headers['x-api-key']).toBe(API_KEY_SECRET);
    expect(seen.headers['x-trace']).toBe('abc');
    // The client's own token never goes upstream.
    expect(seen.headers.authorization).toBeUndefined();
  });

  it('refuses input that does not match schema_in with the path, before calling anything', async () => {
    api.requests = [];
    const res = await invoke('orders.search', { status: 'lost' });
    expect(res.status).toBe(400);
    expect(res.body.error?.details?.issues).toEqual([expect.objectContaining({ path: 'body.status', keyword: 'enum', params: { allowedValues: expect.any(Array) } })]);
    expect(res.body.error?.message).toMatch(/^body\.status: debe ser uno de: "/);
    const body = await invoke('orders.create', { body: { total: 0 } });
    expect(body.status).toBe(400);
    expect(JSON.stringify(body.body.error?.details)).toContain('body.body.total');
    expect(api.requests).toHaveLength(0);
  });

  it('sends a JSON body for writes, and needs the agent role for them', async () => {
    const denied = await invoke('orders.create', { body: { total: 1000 } }, viewerKey);
    expect(denied.status).toBe(403);
    const res = await invoke('orders.create', { body: { total: 1000 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 201, body: { id: 3, total: 1000 } });
    expect(api.requests.at(-1)!.headers['content-type']).toBe('application/json');
  });

  it('answers upstream failures as upstream_error with the status, without internals of ours', async () => {
    const res = await invoke('orders.wrong');
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: 'upstream_error', details: { status: 200, reason: 'schema_out' } });
    const notFound = await t.request({ method: 'POST', url: '/api/v1/capabilities/nothing.get/invoke', body: {}, token: ownerKey });
    expect(notFound.status).toBe(200);
    expect(notFound.body).toMatchObject({ status: 204, body: null });
  });

  it('retries idempotent methods on 503 with backoff, and never retries a POST', async () => {
    api.flakyFailures = 2;
    const get = await invoke('flaky.get');
    expect(get.status).toBe(200);
    expect(get.body.body).toMatchObject({ ok: true, attempt: 3 });
    const post = await invoke('flaky.post');
    expect(post.status).toBe(502);
    expect(post.body.error).toMatchObject({ code: 'upstream_error', details: { status: 503 } });
    expect(api.counters['POST /flaky']).toBe(1);
  });

  it('answers 504 when the upstream is slower than the timeout, and 502 when it resets the connection', async () => {
    const slow = await invoke('slow.get');
    expect(slow.status).toBe(504);
    expect(slow.body.error?.code).toBe('upstream_timeout');
    const reset = await invoke('reset.get');
    expect(reset.status).toBe(502);
    expect(reset.body.error?.code).toBe('upstream_error');
    expect(api.counters['GET /reset']).toBe(3);
  });

  it('refuses an answer larger than the limit, and follows no redirect', async () => {
    const big = await invoke('big.get');
    expect(big.status).toBe(502);
    expect(big.body.error?.details).toMatchObject({ reason: 'too_large' });
    const redirect = await invoke('redirect.get');
    expect(redirect.status).toBe(502);
    expect(redirect.body.error?.details).toMatchObject({ status: 302 });
  });

  it('scrubs the credential from an answer that echoes it', async () => {
    const res = await invoke('echo.get');
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain(API_KEY_SECRET);
    expect(JSON.stringify(res.body)).toContain('[redacted]');
  });

  it('answers 404 for another tenant\'s capability, and for a name that does not exist', async () => {
    const other = await invoke('orders.search', {}, otherKey);
    expect(other.status).toBe(404);
    const missing = await invoke('orders.nope');
    expect(missing.status).toBe(404);
    const otherList = await t.request({ method: 'GET', url: '/api/v1/capabilities', token: otherKey });
    expect(otherList.body.items).toEqual([]);
    const otherProvider = await t.request({ method: 'GET', url: `/api/v1/providers/${providerId}`, token: otherKey });
    expect(otherProvider.status).toBe(404);
    // A platform admin names the tenant.
    const admin = await t.request({ method: 'POST', url: `/api/v1/capabilities/orders.search/invoke?tenant_id=76.086.428-5`, body: {} });
    expect(admin.status).toBe(200);
    const adminNoTenant = await t.request({ method: 'POST', url: '/api/v1/capabilities/orders.search/invoke', body: {} });
    expect(adminNoTenant.status).toBe(400);
  });

  it('limits calls per capability with a token bucket: 429 with Retry-After', async () => {
    const set = await t.request({ method: 'PATCH', url: '/api/v1/capabilities/orders.search', token: ownerKey, body: { rate_limit_per_minute: 2 } });
    expect(set.status).toBe(200);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await invoke('orders.search'));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    const limited = results.find((r) => r.status === 429)!;
    expect(limited.body.error?.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await t.request({ method: 'PATCH', url: '/api/v1/capabilities/orders.search', token: ownerKey, body: { rate_limit_per_minute: null } });
  });

  it('opens the circuit of a provider after consecutive failures', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/providers',
      token: ownerKey,
      body: { name: 'Frágil', base_url: api.url, openapi: companyOpenApi(), expose: [{ operation: 'broken', capability_name: 'fragile.broken' }] },
    });
    expect(created.status).toBe(201);
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await invoke('fragile.broken')).body.error?.code);
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('upstream_error'));
    expect(codes[5]).toBe('circuit_open');
    const broken = await invoke('fragile.broken');
    expect(broken.status).toBe(503);
    // Another provider on the same host is not affected.
    expect((await invoke('echo.get')).status).toBe(200);
  });

  it('keeps the seed routes: POST /api/providers and POST /api/tenant/:id/proxy/:capability', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/providers',
      token: ownerKey,
      body: { tenant_id: '76.086.428-5', name: 'Seed', base_url: api.url, auth_type: 'bearer', credential: { secret: BEARER_SECRET }, openapi: companyOpenApi(), expose: [{ operation: 'listOrders', capability_name: 'seed.orders' }] },
    });
    expect(created.status).toBe(201);
    expect(created.body.capabilities).toEqual([expect.objectContaining({ capability_name: 'seed.orders' })]);
    const res = await t.request({ method: 'POST', url: `/api/tenant/${tenantId}/proxy/seed.orders`, token: ownerKey, body: { status: 'pending' } });
    expect(res.status).toBe(200);
    expect(res.body.body).toMatchObject({ items: [{ id: 2 }] });
    expect(api.requests.at(-1)!.headers.authorization).toBe(`Bearer ${BEARER_SECRET}`);
    const other = await t.request({ method: 'POST', url: `/api/tenant/${tenantId}/proxy/seed.orders`, token: otherKey, body: {} });
    expect(other.status).toBe(404);
  });

  it('sends basic credentials', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/providers',
      token: ownerKey,
      body: { name: 'Básica', base_url: api.url, auth_type: 'basic', credential: { username: 'erp', secret: BASIC_PASSWORD }, openapi: companyOpenApi(), expose: [{ operation: 'listOrders', capability_name: 'basic.orders' }] },
    });
    expect(created.status).toBe(201);
    expect((await invoke('basic.orders')).status).toBe(200);
    expect(api.requests.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from(`erp:${BASIC_PASSWORD}`).toString('base64')}`);
  });
});

describe('OAuth2 client credentials', () => {
  it('fetches one token for many concurrent calls, reuses it, and fetches a new one when it is refused', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/providers',
      token: ownerKey,
      body: {
        name: 'OAuth',
        base_url: api.url,
        auth_type: 'oauth2',
        credential: { client_id: CLIENT_ID, secret: CLIENT_SECRET, token_url: `${api.url}/oauth/token`, scopes: ['orders:read'] },
        openapi: companyOpenApi(),
        expose: [{ operation: 'listOrdersSecure', capability_name: 'secure.orders', rate_limit_per_minute: 1000 }],
      },
    });
    expect(created.status).toBe(201);
    const before = api.counters.token ?? 0;
    const results = await Promise.all(Array.from({ length: 10 }, () => invoke('secure.orders')));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((api.counters.token ?? 0) - before).toBe(1);
    expect((await invoke('secure.orders')).status).toBe(200);
    expect((api.counters.token ?? 0) - before).toBe(1);
    // The provider forgets the token: the gateway gets a new one and the call still succeeds.
    api.validTokens.clear();
    expect((await invoke('secure.orders')).status).toBe(200);
    expect((api.counters.token ?? 0) - before).toBe(2);
  });

  it('refreshes a token shortly before it expires', async () => {
    const before = api.counters.token ?? 0;
    api.tokenLifetime = 120;
    api.validTokens.clear();
    expect((await invoke('secure.orders')).status).toBe(200);
    expect((api.counters.token ?? 0) - before).toBe(1);
    // 120 s tokens are refreshed 12 s before they expire.
    t.clock.advance(100_000);
    expect((await invoke('secure.orders')).status).toBe(200);
    expect((api.counters.token ?? 0) - before).toBe(1);
    t.clock.advance(10_000);
    expect((await invoke('secure.orders')).status).toBe(200);
    expect((api.counters.token ?? 0) - before).toBe(2);
  });

  it('answers upstream_error when the token endpoint refuses the client', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/providers',
      token: ownerKey,
      body: {
        name: 'OAuth mala',
        base_url: api.url,
        auth_type: 'oauth2',
        credential: { client_id: CLIENT_ID, secret: 'wrong-secret-123456', token_url: `${api.url}/oauth/token` },
        openapi: companyOpenApi(),
        expose: [{ operation: 'listOrdersSecure', capability_name: 'secure.bad' }],
      },
    });
    expect(res.status).toBe(201);
    const call = await invoke('secure.bad');
    expect(call.status).toBe(502);
    expect(call.body.error?.details).toMatchObject({ reason: 'oauth2_token', status: 401, oauth_error: 'invalid_client' });
  });
});

describe('credentials', () => {
  it('replaces a credential (new fingerprint), and a call uses the new one at once', async () => {
    const before = await t.request({ method: 'GET', url: `/api/v1/providers/${providerId}`, token: ownerKey });
    const replaced = await t.request({ method: 'PUT', url: `/api/v1/providers/${providerId}/credential`, token: ownerKey, body: { secret: `${API_KEY_SECRET}-v2`, header_name: 'X-Api-Key' } });
    expect(replaced.status).toBe(200);
    const cred = replaced.body.credential as Record<string, string>;
    expect(cred.fingerprint).not.toBe((before.body.credential as Record<string, string>).fingerprint);
    expect((await invoke('orders.search')).status).toBe(200);
    expect(api.requests.at(-1)!.headers['x-api-key']).toBe(`${API_KEY_SECRET}-v2`);
    await t.request({ method: 'PUT', url: `/api/v1/providers/${providerId}/credential`, token: ownerKey, body: { secret: API_KEY_SECRET, header_name: 'X-Api-Key' } });
  });

  it('stores the secret only as ciphertext', async () => {
    const rows = await t.testDb.db.asOwner((tx) => tx.selectFrom('api_credentials').select(['ciphertext', 'fingerprint', 'metadata']).execute());
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const text = `${Buffer.from(row.ciphertext).toString('latin1')} ${row.fingerprint} ${JSON.stringify(row.metadata)}`;
      for (const secret of [API_KEY_SECRET, BEARER_SECRET, BASIC_PASSWORD, CLIENT_SECRET]) expect(text).not.toContain(secret);
    }
  });
});

describe('the request log', () => {
  it('has one row per call, with filters and pages, and no secrets', async () => {
    const all = await t.request({ method: 'GET', url: '/api/v1/gateway/requests?limit=200', token: viewerKey });
    expect(all.status).toBe(200);
    const items = all.body.items as Array<Record<string, unknown>>;
    expect(items.length).toBeGreaterThan(20);
    expect(JSON.stringify(items)).not.toContain(API_KEY_SECRET);
    const flaky = items.find((r) => r.capability_name === 'flaky.get' && r.status === 200)!;
    expect(flaky).toMatchObject({ attempts: 3, upstream_status: 200, source: 'api', method: 'GET' });
    expect(items.find((r) => r.capability_name === 'orders.nope')).toMatchObject({ status: 404, error_code: 'not_found' });
    expect(items.find((r) => r.error_code === 'rate_limited')).toBeDefined();

    const errorsOnly = await t.request({ method: 'GET', url: '/api/v1/gateway/requests?outcome=error&capability=slow.get', token: viewerKey });
    expect((errorsOnly.body.items as Array<Record<string, unknown>>).every((r) => r.capability_name === 'slow.get' && Number(r.status) >= 400)).toBe(true);
    expect(errorsOnly.body.items).toHaveLength(1);

    const page1 = await t.request({ method: 'GET', url: '/api/v1/gateway/requests?limit=5', token: viewerKey });
    const page2 = await t.request({ method: 'GET', url: `/api/v1/gateway/requests?limit=5&cursor=${String(page1.body.next_cursor)}`, token: viewerKey });
    const ids = [...(page1.body.items as Array<{ id: string }>), ...(page2.body.items as Array<{ id: string }>)].map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(10);

    const other = await t.request({ method: 'GET', url: '/api/v1/gateway/requests', token: otherKey });
    expect((other.body.items as Array<Record<string, unknown>>).every((r) => r.capability_name !== 'orders.search' || r.status === 404)).toBe(true);
  });

  it('summarizes calls and errors per capability', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/gateway/summary', token: viewerKey });
    expect(res.status).toBe(200);
    const search = (res.body.items as Array<Record<string, unknown>>).find((r) => r.capability_name === 'orders.search')!;
    expect(Number(search.calls)).toBeGreaterThan(3);
    expect(Number(search.errors)).toBeGreaterThan(0);
    expect(search.p50_ms).toEqual(expect.any(Number));
  });
});
