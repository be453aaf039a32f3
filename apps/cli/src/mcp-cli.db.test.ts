import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { KERNEL_ERRORS } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { companyOpenApi, startCompanyApi, type CompanyApi } from '../../../test/fakes/company-api.ts';
import { CLI_MAIN, cliNode, runCli, type CliRun } from '../../../test/support/cli-process.ts';
import { createTestServer, type TestServer } from '../../../test/support/test-server.ts';

// Each test here runs the CLI as a process several times (about a second each on a busy 2-core machine).
vi.setConfig({ testTimeout: 90_000 });

/**
 * The `smarteros mcp` commands end to end: a real server that listens (egress allowed to loopback), a tenant with an
 * owner API key and a provider whose capability calls a company API on 127.0.0.1. `mcp serve` is spawned by the SDK's
 * own stdio client, as Claude Desktop would; the other commands run as child processes.
 */
const MAIN = CLI_MAIN;
const NODE = cliNode();
const RUT = '76.086.428-5';
const CLIENT_NAME = 'claude-desktop-prueba';
const UPSTREAM_KEY = 'mcp-cli-upstream-key-7f3a9c';

let t: TestServer;
let api: CompanyApi;
let proxy: Server;
let proxyUrl = '';
/** What the proxy in front of the server plays: a server that is down, or one that restarted and forgot its sessions. */
const proxyState = { down: false, seen: new Set<string>(), lost: new Set<string>(), open: new Set<ServerResponse>() };
function restartServer(): void {
  for (const id of proxyState.seen) proxyState.lost.add(id);
  for (const res of proxyState.open) res.destroy();
}
let closedUrl = '';
let configDir = '';
let tenantId = '';
let ownerKey = '';
let endpointId = '';
const clients = new Set<Client>();

/** Runs `smarteros <args>` with the owner's key; killed if it runs for more than 30 s. */
const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> => runCli(args, { url: t.server.url, token: ownerKey, configDir, env });

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A pass-through proxy to the server (SSE included) that can play a server that is down or restarted (see proxyState). */
function startProxy(target: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (proxyState.down) return req.socket.destroy();
    const sid = req.headers['mcp-session-id'];
    if (typeof sid === 'string' && proxyState.lost.has(sid)) {
      req.resume();
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
      return;
    }
    const url = new URL(req.url ?? '/', target);
    const up = httpRequest(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (r) => {
      const id = r.headers['mcp-session-id'];
      if (typeof id === 'string') proxyState.seen.add(id);
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    proxyState.open.add(res);
    up.on('error', () => res.destroy());
    res.on('close', () => {
      proxyState.open.delete(res);
      up.destroy();
    });
    req.pipe(up);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The SDK's stdio client spawning `smarteros mcp serve`, as a desktop MCP client would. */
async function stdioClient(env: Record<string, string>, onToolsChanged?: () => void): Promise<{ client: Client; transport: StdioClientTransport; stderr: () => string; errors: Error[] }> {
  const transport = new StdioClientTransport({
    command: NODE,
    args: [MAIN, 'mcp', 'serve'],
    env: { ...getDefaultEnvironment(), LANG: 'es_CL.UTF-8', SMARTEROS_CONFIG_DIR: configDir, ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const client = new Client(
    { name: CLIENT_NAME, version: '0.9.1' },
    onToolsChanged ? { listChanged: { tools: { onChanged: () => onToolsChanged(), debounceMs: 0, autoRefresh: false } } } : {},
  );
  const errors: Error[] = [];
  client.onerror = (err) => errors.push(err);
  clients.add(client);
  await client.connect(transport);
  return { client, transport, stderr: () => stderr, errors };
}

const gone = (pid: number | null | undefined): boolean => {
  if (!pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

beforeAll(async () => {
  api = await startCompanyApi();
  t = await createTestServer({ listen: true, env: { SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8' } });
  proxy = await startProxy(t.server.url);
  proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  closedUrl = `http://127.0.0.1:${await closedPort()}`;
  configDir = mkdtempSync(join(tmpdir(), 'smarteros-mcp-cli-'));
  const created = await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: RUT, business_name: 'Tienda Los Andes SpA', contact_email: 'ti@losandes.cl' } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  tenantId = String(created.body.id);
  ownerKey = String((await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantId}/api-keys`, body: { name: 'mcp', role: 'owner' } })).body.key);
  const provider = await t.request({
    method: 'POST',
    url: '/api/v1/providers',
    token: ownerKey,
    body: {
      name: 'Tienda',
      base_url: api.url,
      auth_type: 'api_key',
      credential: { secret: UPSTREAM_KEY },
      openapi: companyOpenApi(),
      expose: [{ operation: 'listOrders', capability_name: 'orders.search', description: 'Buscar pedidos por estado' }],
    },
  });
  expect(provider.status, JSON.stringify(provider.body)).toBe(201);
  const capability = await t.request({ method: 'GET', url: '/api/v1/capabilities/orders.search', token: ownerKey });
  endpointId = (capability.body.endpoint as { id: string }).id;
});

afterAll(async () => {
  await Promise.all([...clients].map((c) => c.close().catch(() => {})));
  await new Promise((r) => proxy?.close(r));
  proxy?.closeAllConnections();
  await t?.close();
  await api?.close();
});

describe('smarteros mcp serve (stdio bridge)', () => {
  it("lists the tenant's tools, calls a capability through the gateway, relays list_changed, and ends when stdin closes", async () => {
    let changed = 0;
    const { client, transport, stderr, errors } = await stdioClient({ SMARTEROS_URL: t.server.url, SMARTEROS_TOKEN: ownerKey }, () => changed++);
    expect(client.getServerVersion()?.name).toBe('smarteros');
    expect(client.getServerCapabilities()?.tools?.listChanged).toBe(true);

    const names = (await client.listTools()).tools.map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['orders.search', 'smarteros.tenant_profile']));

    const before = api.requests.length;
    const result = (await client.callTool({ name: 'orders.search', arguments: { status: 'paid' } })) as { isError?: boolean; structuredContent?: Record<string, unknown> };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ status: 200, body: { items: [{ id: 1, status: 'paid' }] } });
    expect(api.requests.length).toBe(before + 1);
    expect(api.requests.at(-1)).toMatchObject({ method: 'GET', path: '/orders' });
    expect(api.requests.at(-1)!.headers['x-api-key']).toBe(UPSTREAM_KEY);
    expect(api.requests.at(-1)!.headers.authorization).toBeUndefined();

    // A new capability: the server's notification reaches the local client through the bridge.
    const created = await t.request({ method: 'POST', url: '/api/v1/capabilities', token: ownerKey, body: { capability_name: 'orders.pending', endpoint_id: endpointId } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await expect.poll(() => changed, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await client.listTools()).tools.map((x) => x.name)).toContain('orders.pending');

    expect(stderr()).toContain('puente listo');
    expect(errors).toEqual([]);
    const child = (transport as unknown as { _process: ChildProcess })._process;
    await client.close();
    clients.delete(client);
    // StdioClientTransport closes stdin, then waits 2 s before SIGTERM: the bridge must have ended by itself, with 0.
    expect(gone(child.pid)).toBe(true);
    expect(child.signalCode).toBeNull();
    expect(child.exitCode).toBe(0);
    expect(stderr()).toContain('terminado');

    const audit = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantId}/mcp/invocations?tool=orders.search`, token: ownerKey });
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ tool: 'orders.search', outcome: 'ok', client_name: CLIENT_NAME, client_version: '0.9.1' })]));
  }, 60_000);

  it('survives the server going down (errors answered, the bridge stays) and restarting (a new session, unnoticed)', async () => {
    let changed = 0;
    const { client, stderr, errors } = await stdioClient({ SMARTEROS_URL: proxyUrl, SMARTEROS_TOKEN: ownerKey }, () => changed++);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);

    proxyState.down = true;
    await expect(client.callTool({ name: 'smarteros.tenant_profile', arguments: {} })).rejects.toThrow(/no se pudo hablar con http:\/\/127\.0\.0\.1/);
    expect(stderr()).toMatch(/^error: no se pudo hablar con/m);

    proxyState.down = false;
    restartServer();
    const result = (await client.callTool({ name: 'smarteros.tenant_profile', arguments: {} })) as { isError?: boolean; structuredContent?: Record<string, unknown> };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ id: tenantId });
    expect(stderr()).toContain('se abrió una nueva');
    expect(stderr().match(/se abrió una nueva/g)).toHaveLength(1);
    // The client is told to list the tools again (the new session may see others).
    await expect.poll(() => changed, { timeout: 5000 }).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await client.close();
    clients.delete(client);
  }, 60_000);

  it('stops with the auth exit code when the credential is revoked during the session', async () => {
    const created = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantId}/api-keys`, body: { name: 'temporal', role: 'viewer' } });
    const { client, transport, stderr } = await stdioClient({ SMARTEROS_URL: t.server.url, SMARTEROS_TOKEN: String(created.body.key) });
    const child = (transport as unknown as { _process: ChildProcess })._process;
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    const revoked = await t.request({ method: 'DELETE', url: `/api/v1/tenants/${tenantId}/api-keys/${String(created.body.id)}` });
    expect(revoked.status).toBe(204);
    await expect(client.callTool({ name: 'smarteros.tenant_profile', arguments: {} })).rejects.toThrow(/unauthorized/);
    await expect.poll(() => child.exitCode, { timeout: 5000 }).toBe(KERNEL_ERRORS.unauthorized.exit);
    expect(stderr()).toMatch(/^error: /m);
    await client.close();
    clients.delete(client);
  }, 60_000);

  it('says on stderr that the credential is refused or the server unreachable, with the exit code, and nothing on stdout', async () => {
    const bad = await cli(['mcp', 'serve'], { SMARTEROS_TOKEN: 'sk_live_not-a-real-key-000000000000' });
    expect(bad.code, bad.stderr).toBe(KERNEL_ERRORS.unauthorized.exit);
    expect(bad.stderr).toMatch(/^error: /m);
    expect(bad.stdout).toBe('');
    const offline = await cli(['mcp', 'serve'], { SMARTEROS_URL: closedUrl });
    expect(offline.code).toBe(KERNEL_ERRORS.unavailable.exit);
    expect(offline.stderr).toContain(`no hay un servidor SmarterOS escuchando en ${closedUrl}`);
    expect(offline.stdout).toBe('');
  }, 60_000);
});

describe('smarteros mcp test / policy / audit', () => {
  it('test: prints the report (server, protocol, tools, one read call) and exits 0', async () => {
    const res = await cli(['mcp', 'test']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Endpoint MCP: +http:\/\/127\.0\.0\.1:\d+\/mcp/);
    expect(res.stdout).toMatch(/Cloudflare Access: +no vinculada/);
    expect(res.stdout).toMatch(/Servidor: +smarteros \S+ \(SmarterOS\)/);
    expect(res.stdout).toMatch(/Protocolo MCP: +\d{4}-\d{2}-\d{2}/);
    expect(res.stdout).toMatch(/Herramientas \(\d+\):/);
    expect(res.stdout).toMatch(/orders\.search +│ lectura/);
    expect(res.stdout).toMatch(/smarteros\.activate_product +│ escritura/);
    expect(res.stdout).toMatch(/^Llamada smarteros\.tenant_profile: ok en \d+ ms$/m);

    const en = await cli(['--lang', 'en', '--json', 'mcp', 'test', '--tool', 'orders.search', '--args', '{"status": "pending"}']);
    expect(en.code, en.stderr).toBe(0);
    const report = JSON.parse(en.stdout) as { ok: boolean; protocol_version: string; tools: Array<{ name: string; kind: string }>; call: { tool: string; ok: boolean; duration_ms: number } };
    expect(report.ok).toBe(true);
    expect(report.tools).toEqual(expect.arrayContaining([{ name: 'orders.search', kind: 'read' }]));
    expect(report.call).toMatchObject({ tool: 'orders.search', ok: true });
    expect(api.requests.at(-1)!.url).toBe('/orders?status=pending');
  }, 60_000);

  it('test: a bad key exits with the auth exit code; a platform admin is asked for --tenant, and may name it', async () => {
    const bad = await cli(['mcp', 'test'], { SMARTEROS_TOKEN: 'sk_live_not-a-real-key-000000000000' });
    expect(bad.code).toBe(KERNEL_ERRORS.unauthorized.exit);
    expect(bad.stderr).toMatch(/^error: /m);
    const admin = await cli(['mcp', 'test'], { SMARTEROS_TOKEN: t.adminToken });
    expect(admin.code).toBe(KERNEL_ERRORS.validation_failed.exit);
    expect(admin.stderr).toContain('--tenant');
    const named = await cli(['mcp', 'test', '--tenant', '760864285'], { SMARTEROS_TOKEN: t.adminToken });
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toContain('?tenant_id=76086428-5');
    expect(named.stdout).toMatch(/Llamada smarteros\.tenant_profile: ok/);
  }, 60_000);

  it('test: reports a linked Cloudflare Access application and fails without the assertion header', async () => {
    const linked = await t.request({ method: 'POST', url: '/api/v1/cloudflare-apps', token: ownerKey, body: { name: 'MCP', team_domain: 'equipo.cloudflareaccess.com', audience: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6' } });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    try {
      const res = await cli(['mcp', 'test']);
      expect(res.code).toBe(KERNEL_ERRORS.unauthorized.exit);
      expect(res.stdout).toMatch(/Cloudflare Access: +vinculada: MCP \(equipo\.cloudflareaccess\.com\); el encabezado Cf-Access-Jwt-Assertion debe estar presente \(FALTA/);
      expect(res.stderr).toContain('--cf-assertion');
      const badJwt = await cli(['mcp', 'test', '--cf-assertion', 'not a jwt']);
      expect(badJwt.code).toBe(KERNEL_ERRORS.validation_failed.exit);
      expect(badJwt.stderr).toContain('--cf-assertion');
    } finally {
      await t.request({ method: 'DELETE', url: `/api/v1/cloudflare-apps/${String(linked.body.id)}`, token: ownerKey });
    }
  }, 60_000);

  it('policy set --deny: the tool is hidden, and mcp test --tool fails with the denial', async () => {
    const set = await cli(['mcp', 'policy', 'set', '--deny', 'orders.search', '--calls-per-minute', '500']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('Política MCP guardada.');
    expect(set.stdout).toMatch(/Herramientas denegadas: +orders\.search/);
    expect(set.stdout).toMatch(/Llamadas por minuto: +500/);

    const denied = await cli(['mcp', 'test', '--tool', 'orders.search']);
    expect(denied.code).toBe(KERNEL_ERRORS.forbidden.exit);
    expect(denied.stdout).toContain('orders.search no está en la lista');
    expect(denied.stdout).toMatch(/^Llamada orders\.search: error forbidden en \d+ ms$/m);
    expect(denied.stderr).toContain("not allowed by this company's AI policy");

    const show = await cli(['--lang', 'en', 'mcp', 'policy', 'show', '--tenant', RUT]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/Denied tools: +orders\.search/);
    expect(show.stdout).toMatch(/Allowed tools: +all/);

    const json = await cli(['--json', 'mcp', 'policy', 'set', '--deny', 'none', '--redact', 'rut,email', '--confirm-role', 'owner', '--read-only']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ denied_tools: [], redact_rut: true, redact_email: true, redact_phone: false, confirm_min_role: 'owner', read_only: true });
    const back = await cli(['--json', 'mcp', 'policy', 'set', '--no-redact', '--no-read-only', '--confirm-role', 'admin', '--allow-all']);
    expect(JSON.parse(back.stdout)).toMatchObject({ allowed_tools: null, redact_rut: false, redact_email: false, read_only: false, confirm_min_role: 'admin' });
  }, 60_000);

  it('audit: a table of the calls, filtered and as JSON', async () => {
    const res = await cli(['mcp', 'audit']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Hora (Santiago)');
    expect(res.stdout).toMatch(new RegExp(`\\d{2}-\\d{2}-\\d{4},? \\d{2}:\\d{2}:\\d{2} +│ \\S+ +│ ${CLIENT_NAME} 0\\.9\\.1 +│ orders\\.search +│ ok +│ +│ \\d+`));
    expect(res.stdout).toMatch(/smarteros-cli \S+ +│ orders\.search +│ denied +│ forbidden +│ \d+/);
    expect(res.stdout).toMatch(/\d+ llamadas/);

    const denied = await cli(['--json', 'mcp', 'audit', '--outcome', 'denied', '--all', '--limit', '1', '--tenant', tenantId]);
    expect(denied.code, denied.stderr).toBe(0);
    const page = JSON.parse(denied.stdout) as { items: Array<{ outcome: string; tool: string }>; next_cursor: string | null };
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((i) => i.outcome === 'denied')).toBe(true);
    expect(page.next_cursor).toBeNull();
    const en = await cli(['--lang', 'en', 'mcp', 'audit', '--tool', 'orders.pending']);
    expect(en.stdout).toContain('No MCP calls logged.');
  }, 60_000);

  it('refuses bad input with the validation exit code, naming the option, before any request', async () => {
    const offline = { SMARTEROS_URL: closedUrl };
    const cases: Array<[string[], string]> = [
      [['mcp', 'policy', 'set', '--calls-per-minute', 'abc'], '--calls-per-minute'],
      [['mcp', 'policy', 'set', '--calls-per-minute', '0'], '--calls-per-minute'],
      [['mcp', 'policy', 'set', '--deny', 'orders search'], '--deny'],
      [['mcp', 'policy', 'set', '--allow', 'a', '--allow-all'], '--allow'],
      [['mcp', 'policy', 'set', '--redact', 'rut,ssn'], '--redact'],
      [['mcp', 'policy', 'set', '--confirm-role', 'viewer'], '--confirm-role'],
      [['mcp', 'policy', 'set'], '--calls-per-minute'],
      [['mcp', 'policy', 'show', '--tenant', '76.086.428-0'], '--tenant'],
      [['mcp', 'test', '--args', '{"status": '], '--args'],
      [['mcp', 'test', '--args', '[1]'], '--args'],
      [['mcp', 'test', '--tool', 'orders/search'], '--tool'],
      [['mcp', 'audit', '--outcome', 'maybe'], '--outcome'],
      [['mcp', 'audit', '--limit', '500'], '--limit'],
      [['mcp', 'serve', '--cf-assertion', 'x'], '--cf-assertion'],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args, offline)));
    for (const [i, [args, option]] of cases.entries()) {
      const res = runs[i]!;
      expect(res.code, `${args.join(' ')}\n${res.stderr}`).toBe(KERNEL_ERRORS.validation_failed.exit);
      expect(res.stderr).toMatch(/^error: /m);
      expect(res.stderr).toContain(option);
      expect(res.stdout).toBe('');
    }
  }, 60_000);
});
