import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyOpenApi, startCompanyApi, type CompanyApi } from '../../../../test/fakes/company-api.ts';
import { createTestServer, testNowSeconds, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * The MCP server with the SDK's own client over Streamable HTTP: tools per tenant from the registry, calls through the
 * gateway, the AI-control policy (denied, read-only, confirmation, redaction, calls per minute), the audit of every
 * call, notifications when the registry changes, Cloudflare Access, and the authorization answers of the MCP spec.
 */
const TEAM = 'equipo.cloudflareaccess.com';
const AUD = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';

let t: TestServer;
let api: CompanyApi;
let base: string;
let tenantA = '';
let tenantB = '';
const keys: Record<string, string> = {};
let cfKeys: Awaited<ReturnType<typeof generateKeyPair>>;
let cfJwks: ReturnType<typeof createLocalJWKSet>;

type ToolResult = { isError?: boolean; content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, unknown> };

async function connect(token: string, extraHeaders: Record<string, string> = {}, onToolsChanged?: () => void): Promise<Client> {
  const client = new Client(
    { name: 'vitest-client', version: '1.0.0' },
    onToolsChanged ? { listChanged: { tools: { onChanged: () => onToolsChanged(), debounceMs: 0, autoRefresh: false } } } : {},
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}`, ...extraHeaders } } }));
  return client;
}

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as ToolResult;
const setPolicy = (body: Record<string, unknown>) => t.request({ method: 'PUT', url: `/api/v1/tenants/${tenantA}/mcp/policy`, body, token: keys.owner! });

async function tenantWithKeys(rut: string, name: string, roles: string[], prefix: string): Promise<string> {
  const res = await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut, business_name: name, contact_email: 'ti@empresa.cl' } });
  const id = String(res.body.id);
  for (const role of roles) {
    keys[`${prefix}${role}`] = String((await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/api-keys`, body: { name: role, role } })).body.key);
  }
  return id;
}

beforeAll(async () => {
  api = await startCompanyApi();
  cfKeys = await generateKeyPair('RS256');
  cfJwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(cfKeys.publicKey)), kid: 'k1', alg: 'RS256' }] });
  t = await createTestServer({ listen: true, env: { SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8' }, cloudflareJwks: () => cfJwks });
  base = t.server.url;
  tenantA = await tenantWithKeys('76.086.428-5', 'Tienda Los Andes SpA', ['owner', 'agent', 'viewer'], '');
  tenantB = await tenantWithKeys('12.345.678-5', 'Otra SpA', ['owner'], 'b_');
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/providers',
    token: keys.owner!,
    body: {
      name: 'Tienda',
      base_url: api.url,
      auth_type: 'api_key',
      credential: { secret: 'mcp-test-api-key-123456' },
      openapi: companyOpenApi(),
      expose: [
        { operation: 'listOrders', capability_name: 'orders.search', description: 'Buscar pedidos por estado' },
        { operation: 'createOrder', capability_name: 'orders.create' },
        { operation: 'broken', capability_name: 'orders.broken' },
      ],
    },
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await t?.close();
  await api?.close();
});

describe('the MCP endpoint', () => {
  it('answers 401 with WWW-Authenticate and publishes the protected-resource metadata', async () => {
    const res = await fetch(`${base}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata=".*\/\.well-known\/oauth-protected-resource\/mcp"$/);
    const meta = (await (await fetch(`${base}/.well-known/oauth-protected-resource/mcp`)).json()) as Record<string, unknown>;
    expect(meta.resource).toMatch(/\/mcp$/);
    expect(meta.authorization_servers).toHaveLength(1);
    const badToken = await fetch(`${base}/mcp`, { method: 'POST', headers: { authorization: 'Bearer not-a-token', 'content-type': 'application/json' }, body: '{}' });
    expect(badToken.status).toBe(401);
  });

  it('refuses a foreign Host or Origin before anything else (DNS rebinding)', async () => {
    const { request } = await import('undici');
    const res = await request(`${base}/mcp`, { method: 'POST', headers: { host: 'evil.example.com', authorization: `Bearer ${keys.owner}`, 'content-type': 'application/json' }, body: '{}' });
    expect(res.statusCode).toBe(403);
    await res.body.dump();
    const origin = await fetch(`${base}/mcp`, { method: 'POST', headers: { origin: 'http://evil.example.com', authorization: `Bearer ${keys.owner}`, 'content-type': 'application/json' }, body: '{}' });
    expect(origin.status).toBe(403);
  });

  it("lists the tenant's capabilities and the platform tools, with their JSON Schemas", async () => {
    const client = await connect(keys.owner!);
    const { tools } = await client.listTools();
    const names = tools.map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['orders.search', 'orders.create', 'smarteros.tenant_profile', 'smarteros.products', 'smarteros.activate_product', 'smarteros.request_log_summary']));
    const search = tools.find((x) => x.name === 'orders.search')!;
    expect(search.description).toBe('Buscar pedidos por estado');
    expect(search.inputSchema.properties).toHaveProperty('status');
    expect(search.annotations).toMatchObject({ readOnlyHint: true });
    const create = tools.find((x) => x.name === 'orders.create')!;
    expect(create.inputSchema.properties).toHaveProperty('_confirmation');
    expect(client.getServerCapabilities()?.tools?.listChanged).toBe(true);
    await client.close();
  });

  it('calls a capability through the gateway; the client token never goes upstream', async () => {
    const client = await connect(keys.viewer!);
    // A viewer is not shown what it may not call.
    const visible = (await client.listTools()).tools.map((x) => x.name);
    expect(visible).toContain('orders.search');
    expect(visible).not.toContain('orders.create');
    expect(visible).not.toContain('smarteros.activate_product');
    const result = await call(client, 'orders.search', { status: 'paid' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ status: 200, body: { items: [{ id: 1, status: 'paid' }] } });
    const seen = api.requests.at(-1)!;
    expect(seen.headers['x-api-key']).toBe('mcp-test-api-key-123456');
    expect(seen.headers.authorization).toBeUndefined();
    const logged = await t.request({ method: 'GET', url: '/api/v1/gateway/requests?capability=orders.search', token: keys.owner! });
    expect((logged.body.items as Array<{ source: string }>)[0]!.source).toBe('mcp');
    const bad = await call(client, 'orders.search', { status: 'lost' });
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent).toMatchObject({ error: { code: 'validation_failed' } });
    const upstream = await call(client, 'orders.broken');
    expect(upstream.structuredContent).toMatchObject({ error: { code: 'upstream_error', details: { status: 500 } } });
    await client.close();
  });

  it("never lists or calls another tenant's tools", async () => {
    const client = await connect(keys.b_owner!);
    const names = (await client.listTools()).tools.map((x) => x.name);
    expect(names.filter((n) => !n.startsWith('smarteros.') && !n.startsWith('chat.') && !n.startsWith('erp.'))).toEqual([]);
    // Another tenant's tool does not exist here: a protocol error (-32602), as for any unknown tool.
    await expect(call(client, 'orders.search')).rejects.toThrow(/Unknown tool: orders.search/);
    const profile = await call(client, 'smarteros.tenant_profile');
    expect(profile.structuredContent).toMatchObject({ id: tenantB });
    await client.close();
  });

  it("does not let one principal use another's session", async () => {
    const owner = await connect(keys.owner!);
    const transport = (owner as unknown as { _transport: StreamableHTTPClientTransport })._transport;
    const sessionId = transport.sessionId!;
    const res = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.b_owner}`, 'mcp-session-id': sessionId, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
    await owner.close();
  });

  it('applies a lowered role to an open session at once (a refreshed token after a demotion)', async () => {
    const sub = '00000000-0000-4000-8000-0000000000aa';
    const asOwner = (await t.server.services.tokens.issue({ sub, role: 'owner', tenantId: tenantA })).token;
    const asViewer = (await t.server.services.tokens.issue({ sub, role: 'viewer', tenantId: tenantA })).token;
    let token = asOwner;
    const client = new Client({ name: 'vitest-client', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { fetch: (url, init) => fetch(url, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers).entries()), authorization: `Bearer ${token}` } }) }));
    expect((await client.listTools()).tools.map((x) => x.name)).toContain('smarteros.activate_product');
    token = asViewer;
    expect((await client.listTools()).tools.map((x) => x.name)).not.toContain('smarteros.activate_product');
    const refused = await call(client, 'smarteros.activate_product', { product_code: 'ai' });
    expect(refused.structuredContent).toMatchObject({ error: { code: 'forbidden' } });
    await client.close();
  });

  it('tells open sessions when the registry changes, and the new tool shows without a restart', async () => {
    let notified = 0;
    const client = await connect(keys.owner!, {}, () => notified++);
    await client.listTools();
    const endpoints = await t.request({ method: 'GET', url: '/api/v1/capabilities/orders.search', token: keys.owner! });
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/capabilities',
      token: keys.owner!,
      body: { capability_name: 'orders.search2', endpoint_id: (endpoints.body.endpoint as { id: string }).id },
    });
    expect(created.status).toBe(201);
    await expect.poll(() => notified, { timeout: 5000 }).toBeGreaterThan(0);
    expect((await client.listTools()).tools.map((x) => x.name)).toContain('orders.search2');
    await client.close();
  });
});

describe('AI controls', () => {
  it('asks for confirmation before a write, and acts only when a role allowed to confirm calls again', async () => {
    const agent = await connect(keys.agent!);
    const first = await call(agent, 'orders.create', { body: { total: 1990 } });
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent).toMatchObject({ confirmation_required: true, action: { method: 'POST', path: '/orders' }, confirm_min_role: 'admin' });
    const token = String(first.structuredContent!._confirmation);
    const before = api.counters['POST /orders'] ?? 0;
    // An agent cannot confirm (the policy's minimum is admin).
    const agentTry = await call(agent, 'orders.create', { body: { total: 1990 }, _confirmation: token });
    expect(agentTry.structuredContent).toMatchObject({ error: { code: 'forbidden' } });
    const owner = await connect(keys.owner!);
    // Other arguments than the ones confirmed: refused.
    const changed = await call(owner, 'orders.create', { body: { total: 99_990 }, _confirmation: token });
    expect(changed.structuredContent).toMatchObject({ error: { code: 'validation_failed' } });
    const done = await call(owner, 'orders.create', { body: { total: 1990 }, _confirmation: token });
    expect(done.isError).toBeFalsy();
    expect(done.structuredContent).toMatchObject({ status: 201, body: { total: 1990 } });
    expect((api.counters['POST /orders'] ?? 0) - before).toBe(1);
    const again = await call(owner, 'orders.create', { body: { total: 1990 }, _confirmation: token });
    expect(again.structuredContent).toMatchObject({ error: { code: 'validation_failed' } });
    expect((api.counters['POST /orders'] ?? 0) - before).toBe(1);
    await agent.close();
    await owner.close();
  });

  it('hides and refuses denied tools, and every write in read-only mode', async () => {
    expect((await setPolicy({ denied_tools: ['orders.search'] })).status).toBe(200);
    const client = await connect(keys.owner!);
    expect((await client.listTools()).tools.map((x) => x.name)).not.toContain('orders.search');
    const denied = await call(client, 'orders.search');
    expect(denied.structuredContent).toMatchObject({ error: { code: 'forbidden' } });
    await setPolicy({ denied_tools: [], read_only: true });
    const names = (await client.listTools()).tools.map((x) => x.name);
    expect(names).toContain('orders.search');
    expect(names).not.toContain('orders.create');
    expect(names).not.toContain('smarteros.activate_product');
    const write = await call(client, 'smarteros.activate_product', { product_code: 'analytics' });
    expect(write.structuredContent).toMatchObject({ error: { code: 'forbidden' } });
    await setPolicy({ read_only: false });
    await client.close();
  });

  it('redacts RUTs, phone numbers and e-mail addresses in results when the policy says so', async () => {
    await setPolicy({ redact_rut: true, redact_email: true, redact_phone: true });
    const client = await connect(keys.owner!);
    const res = await call(client, 'orders.search', { status: 'paid' });
    const textOut = JSON.stringify(res);
    expect(textOut).not.toContain('76.086.428-5');
    expect(textOut).toContain('[rut]');
    const profile = await call(client, 'smarteros.tenant_profile');
    expect(JSON.stringify(profile)).not.toContain('ti@empresa.cl');
    await setPolicy({ redact_rut: false, redact_email: false, redact_phone: false });
    await client.close();
  });

  it('limits calls per minute', async () => {
    await setPolicy({ calls_per_minute: 3 });
    const client = await connect(keys.viewer!);
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await call(client, 'smarteros.products')).structuredContent?.error);
    expect(codes.filter((c) => (c as { code?: string } | undefined)?.code === 'rate_limited').length).toBeGreaterThanOrEqual(1);
    // One budget for every tool: a capability call (its bucket taken with the gateway's) is limited too, and never
    // reaches the company's API.
    const before = api.counters['GET /orders'] ?? 0;
    expect((await call(client, 'orders.search')).structuredContent).toMatchObject({ error: { code: 'rate_limited' } });
    expect(api.counters['GET /orders'] ?? 0).toBe(before);
    await setPolicy({ calls_per_minute: 1000 });
    await client.close();
  });

  it('keeps built-in writes to the roles that may do them', async () => {
    await setPolicy({ confirm_writes: false });
    const viewer = await connect(keys.viewer!);
    const res = await call(viewer, 'smarteros.activate_product', { product_code: 'analytics' });
    expect(res.structuredContent).toMatchObject({ error: { code: 'forbidden' } });
    const owner = await connect(keys.owner!);
    const ok = await call(owner, 'smarteros.activate_product', { product_code: 'analytics' });
    expect(ok.structuredContent).toMatchObject({ product_code: 'analytics', status: 'trial' });
    await setPolicy({ confirm_writes: true });
    await viewer.close();
    await owner.close();
  });

  it('audits every call, failures as well as successes, without secrets', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantA}/mcp/invocations?limit=200`, token: keys.owner! });
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{ tool: string; outcome: string; success: boolean; error_code: string | null; client_name: string; arguments: Record<string, unknown>; principal: string }>;
    const outcomes = new Set(items.map((i) => i.outcome));
    expect([...outcomes].sort()).toEqual(['confirmation_required', 'denied', 'error', 'ok']);
    expect(items.find((i) => i.outcome === 'error' && i.error_code === 'upstream_error')).toBeDefined();
    expect(items.every((i) => i.client_name === 'vitest-client')).toBe(true);
    const confirmed = items.filter((i) => i.tool === 'orders.create');
    expect(JSON.stringify(confirmed)).not.toContain('_confirmation');
    const other = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantA}/mcp/invocations`, token: keys.b_owner! });
    expect(other.status).toBe(404);
    const filtered = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantA}/mcp/invocations?outcome=denied`, token: keys.owner! });
    expect((filtered.body.items as Array<{ outcome: string }>).every((i) => i.outcome === 'denied')).toBe(true);
  });
});

describe('Cloudflare Access', () => {
  const assertion = (aud: string, iss = `https://${TEAM}`) =>
    new SignJWT({ email: 'ops@empresa.cl' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(iss)
      .setAudience(aud)
      .setIssuedAt(testNowSeconds())
      .setExpirationTime(testNowSeconds() + 600)
      .sign(cfKeys.privateKey);

  it('requires a valid Cf-Access-Jwt-Assertion once the tenant links an Access application', async () => {
    const linked = await t.request({ method: 'POST', url: '/api/v1/cloudflare-apps', token: keys.owner!, body: { name: 'MCP', team_domain: TEAM, audience: AUD } });
    expect(linked.status).toBe(201);
    await expect(connect(keys.owner!)).rejects.toThrow();
    await expect(connect(keys.owner!, { 'cf-access-jwt-assertion': await assertion('someone-else-audience') })).rejects.toThrow();
    await expect(connect(keys.owner!, { 'cf-access-jwt-assertion': await assertion(AUD, 'https://other.cloudflareaccess.com') })).rejects.toThrow();
    const client = await connect(keys.owner!, { 'cf-access-jwt-assertion': await assertion(AUD) });
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
    // Tenants without a linked application are not affected.
    const b = await connect(keys.b_owner!);
    await b.close();
    await t.request({ method: 'DELETE', url: `/api/v1/cloudflare-apps/${String(linked.body.id)}`, token: keys.owner! });
  });
});
