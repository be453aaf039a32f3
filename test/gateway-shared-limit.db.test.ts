import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { generateMasterKey } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyOpenApi, startCompanyApi, type CompanyApi } from './fakes/company-api.ts';
import { createTestDatabase, TEST_DRIVER, type TestDatabase } from './support/test-db.ts';

/**
 * Two real server processes on one PostgreSQL and the machine's Redis share one rate-limit budget: a capability
 * limited to 5 calls a minute answers 5 successes in all, however the calls are spread over the two servers (with
 * per-process limits it would be 10). PostgreSQL and Redis only: PGlite is one process's database.
 */
const enabled = TEST_DRIVER === 'postgres' && Boolean(process.env.REDIS_URL);
const ROOT = resolve(import.meta.dirname, '..');
const ADMIN_PASSWORD = 'shared-limit-admin-password-01';

let db: TestDatabase;
let api: CompanyApi;
const servers: Array<{ child: ChildProcess; url: string }> = [];

function startServerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'apps/server/src/main.ts')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 40_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl({ child, url: m[1]!.replace('localhost', '127.0.0.1') });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

async function http(base: string, method: string, path: string, token: string | null, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.skipIf(!enabled)('rate limits shared by two server processes through Redis', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startCompanyApi();
    const env = {
      DATABASE_URL: db.url!,
      REDIS_URL: process.env.REDIS_URL!,
      PORT: '0',
      HOST: '127.0.0.1',
      SMARTEROS_JWT_SECRET: 'shared-limit-secret-shared-limit-secret-0',
      SMARTEROS_MASTER_KEY: generateMasterKey(),
      SMARTEROS_ADMIN_EMAIL: 'admin@shared.smarteros',
      SMARTEROS_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8',
      SMARTEROS_LOG_LEVEL: 'warn',
      SMARTEROS_JOBS_INTERVAL_SECONDS: '0',
      SMARTEROS_OUTBOX_POLL_MS: '0',
    };
    // One after the other: both find the schema migrated; then both serve.
    servers.push(await startServerProcess({ ...env, SMARTEROS_DATA_DIR: mkdtempSync(join(tmpdir(), 'smarteros-a-')) }));
    servers.push(await startServerProcess({ ...env, SMARTEROS_DATA_DIR: mkdtempSync(join(tmpdir(), 'smarteros-b-')) }));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((done) => {
            s.child.once('exit', () => done());
            s.child.kill('SIGTERM');
            setTimeout(() => {
              s.child.kill('SIGKILL');
              done();
            }, 5000).unref();
          }),
      ),
    );
    await api?.close();
    await db?.drop();
  });

  it('lets exactly the budget through, whichever server takes the calls', async () => {
    const [a, b] = [servers[0]!, servers[1]!];
    const login = await http(a.url, 'POST', '/api/v1/auth/login', null, { email: 'admin@shared.smarteros', password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    const admin = String(login.body.access_token);
    const tenant = await http(a.url, 'POST', '/api/v1/tenants', admin, { rut: '76.086.428-5', business_name: 'Compartida SpA', contact_email: 'c@compartida.cl' });
    expect(tenant.status).toBe(201);
    const key = String((await http(a.url, 'POST', `/api/v1/tenants/${String(tenant.body.id)}/api-keys`, admin, { name: 'k', role: 'owner' })).body.key);
    const created = await http(a.url, 'POST', '/api/v1/providers', key, {
      name: 'Tienda',
      base_url: api.url,
      openapi: companyOpenApi(),
      expose: [{ operation: 'listOrders', capability_name: 'orders.search', rate_limit_per_minute: 5 }],
    });
    expect(created.status).toBe(201);

    const calls = Array.from({ length: 20 }, (_, i) => http(i % 2 ? b.url : a.url, 'POST', '/api/v1/capabilities/orders.search/invoke', key, {}));
    const results = await Promise.all(calls);
    const ok = results.filter((r) => r.status === 200).length;
    const limited = results.filter((r) => r.status === 429).length;
    expect(ok).toBe(5);
    expect(limited).toBe(15);
    // Both servers answered some of the calls.
    expect(new Set(results.map((_, i) => i % 2)).size).toBe(2);

    // An MCP session on server B hears tools/list_changed when the registry changes through server A.
    let notified = 0;
    const client = new Client({ name: 'peer-test', version: '1' }, { listChanged: { tools: { onChanged: () => notified++, debounceMs: 0, autoRefresh: false } } });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${b.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('orders.search');
    const endpointId = ((await http(a.url, 'GET', '/api/v1/capabilities/orders.search', key)).body.endpoint as { id: string }).id;
    expect((await http(a.url, 'POST', '/api/v1/capabilities', key, { capability_name: 'orders.peer', endpoint_id: endpointId })).status).toBe(201);
    await expect.poll(() => notified, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('orders.peer');
    await client.close();
  });
});
