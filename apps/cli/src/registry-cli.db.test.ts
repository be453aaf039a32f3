import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMasterKey, parseMasterKeys, KERNEL_ERRORS, errorSpec } from '@smarteros/kernel';
import { startServer } from '@smarteros/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli, type CliRun as Run } from '../../../test/support/cli-process.ts';
import { createTestServer, type TestServer } from '../../../test/support/test-server.ts';

// Each test here runs the CLI as a process several times (about a second each on a busy 2-core machine).
vi.setConfig({ testTimeout: 90_000 });

/**
 * The registry commands end to end: a real server (egress allowed to loopback) on a fresh test database, a tiny JSON
 * API on 127.0.0.1 playing the company's upstream, and `smarteros` run as a child process against both.
 */

/** The credentials under test: no command may ever print them. */
const SECRET = 'sk_live_Tienda-S3cr3t-9f8e7d6c5b4a';
const SECRET_2 = 'sk_live_Rotated-0a1b2c3d4e5f-Zq7w';
const RUT = '76.086.428-5';

const OPENAPI = `openapi: 3.0.3
info:
  title: Tienda Los Andes
  version: 1.2.0
paths:
  /orders:
    get:
      operationId: listOrders
      summary: Pedidos
      parameters:
        - name: status
          in: query
          schema: { type: string }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: object }
  /orders/{id}:
    get:
      operationId: getOrder
      summary: Un pedido
      parameters:
        - name: id
          in: path
          required: true
          schema: { type: integer }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: object }
`;

interface Hit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

let t: TestServer;
let upstream: Server;
let upstreamUrl: string;
let closedUrl: string;
let configDir: string;
let openapiFile: string;
const hits: Hit[] = [];
const outputs: string[] = [];

/** The company's API: GET /orders and GET /orders/:id, in JSON. */
function startUpstream(): Promise<Server> {
  const server = createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const one = /^\/orders\/(\d+)$/.exec(url.pathname);
    if (one) return send(200, { id: Number(one[1]), status: 'pagado', total_clp: 12990 });
    if (url.pathname === '/orders') return send(200, { items: [{ id: 1, status: url.searchParams.get('status') ?? 'any' }] });
    send(404, { error: 'not found' });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A port nothing listens on: a command that sent a request there would exit with `unavailable`. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  upstream = await startUpstream();
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
  closedUrl = `http://127.0.0.1:${await closedPort()}`;
  t = await createTestServer({ listen: true, env: { SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8' } });
  configDir = mkdtempSync(join(tmpdir(), 'smarteros-registry-cli-'));
  openapiFile = join(configDir, 'tienda.yaml');
  writeFileSync(openapiFile, OPENAPI);
  const created = await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: RUT, business_name: 'Tienda Los Andes SpA', contact_email: 'ti@losandes.cl' } });
  if (created.status !== 201) throw new Error(`tenant: ${JSON.stringify(created.body)}`);
});
afterAll(async () => {
  await t?.close();
  await new Promise((r) => upstream?.close(r));
});

/** Runs `smarteros <args>` against the test server; `stdin` is piped in (and closed) when given. */
async function cli(args: string[], opts: { env?: Record<string, string | undefined>; stdin?: string } = {}): Promise<Run> {
  const run = await runCli(args, { url: t.server.url, token: t.adminToken, configDir, ...opts });
  outputs.push(run.stdout, run.stderr);
  return run;
}

const json = <T>(run: Run): T => {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
};

const leaks = (run: Run): boolean => [SECRET, SECRET_2].some((s) => run.stdout.includes(s) || run.stderr.includes(s));

describe('smarteros provider / capability / gateway / vault', () => {
  let providerId = '';

  it('registers a provider with the secret on stdin and an OpenAPI file, showing only its fingerprint and last 4', async () => {
    const res = await cli(
      [
        'provider', 'register', 'Tienda Los Andes', upstreamUrl,
        '--tenant', RUT,
        '--category', 'ecommerce',
        '--auth', 'api_key',
        '--header-name', 'X-Api-Key',
        '--secret-stdin',
        '--openapi', openapiFile,
        '--expose', 'getOrder=orders.get',
      ],
      { stdin: `${SECRET}\n` },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(leaks(res)).toBe(false);
    expect(res.stdout).toContain('Proveedor registrado: Tienda Los Andes');
    expect(res.stdout).toMatch(/huella [0-9a-f]{16}, termina en …5b4a/);
    expect(res.stdout).toContain('header X-Api-Key');
    expect(res.stdout).toMatch(/Endpoints \(2\):/);
    expect(res.stdout).toMatch(/GET +│ \/orders\/\{id\} +│ getOrder/);
    expect(res.stdout).toContain('Capacidades: orders.get');
  });

  it('lists providers (table and JSON), by RUT or id', async () => {
    const table = await cli(['provider', 'list', '--tenant', '760864285']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/Tienda Los Andes +│ http:\/\/127\.0\.0\.1:\d+ +│ api_key +│ [0-9a-f]{16} …5b4a +│ 2 +│ 1 /);
    const list = json<{ items: Array<{ id: string; name: string; credential: { fingerprint: string; last4: string } }> }>(
      await cli(['--json', 'provider', 'list', '--tenant', RUT]),
    );
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ name: 'Tienda Los Andes', credential: { last4: SECRET.slice(-4) } });
    expect(JSON.stringify(list)).not.toContain(SECRET);
    providerId = list.items[0]!.id;
    const byName = await cli(['provider', 'show', 'tienda los andes', '--tenant', RUT]);
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.stdout).toContain(providerId);
    expect(byName.stdout).toContain('Tienda Los Andes 1.2.0');
  });

  it('imports the same document again: everything unchanged', async () => {
    const res = await cli(['provider', 'import', providerId, openapiFile, '--tenant', RUT]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('0 creados, 0 actualizados, 2 sin cambios, 0 quitados');
    const again = json<{ created: number; updated: number; unchanged: number; removed: number }>(
      await cli(['--json', 'provider', 'import', providerId, openapiFile, '--tenant', RUT]),
    );
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, removed: 0 });
  });

  it('replaces the credential from --secret-env; the fingerprint changes and neither secret is printed', async () => {
    const before = json<{ credential: { fingerprint: string } }>(await cli(['--json', 'provider', 'show', providerId, '--tenant', RUT]));
    const res = await cli(['provider', 'credential', providerId, '--tenant', RUT, '--secret-env', 'TIENDA_KEY', '--header-name', 'X-Api-Key'], {
      env: { TIENDA_KEY: SECRET_2 },
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('termina en …Zq7w');
    const after = json<{ credential: { fingerprint: string; last4: string } }>(await cli(['--json', 'provider', 'show', providerId, '--tenant', RUT]));
    expect(after.credential.fingerprint).not.toBe(before.credential.fingerprint);
    expect(after.credential.last4).toBe('Zq7w');
    // Back to the first secret (stdin), which the invocation below checks upstream.
    const back = await cli(['provider', 'credential', providerId, '--tenant', RUT, '--secret-stdin'], { stdin: SECRET });
    expect(back.code, back.stderr).toBe(0);
  });

  it('creates a capability on an endpoint, disables and enables it', async () => {
    const endpoints = json<{ items: Array<{ id: string; operation_id: string; capabilities: string[] }> }>(
      await cli(['--json', 'provider', 'endpoints', providerId, '--tenant', RUT]),
    );
    const listOrders = endpoints.items.find((e) => e.operation_id === 'listOrders')!;
    expect(endpoints.items.find((e) => e.operation_id === 'getOrder')!.capabilities).toEqual(['orders.get']);

    const created = await cli(['capability', 'create', 'orders.list', '--endpoint', listOrders.id, '--kind', 'read', '--rate', '30', '--tenant', RUT]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Capacidad creada: orders.list');
    expect(created.stdout).toContain('GET /orders');

    const disabled = await cli(['capability', 'disable', 'orders.list', '--tenant', RUT]);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(disabled.stdout).toContain('deshabilitada');
    const refused = await cli(['capability', 'invoke', 'orders.list', '--tenant', RUT]);
    expect(refused.code).toBe(errorSpec('capability_disabled').exit);
    expect(refused.stderr).toMatch(/^error: /m);

    const enabled = await cli(['--lang', 'en', 'capability', 'enable', 'orders.list', '--tenant', RUT]);
    expect(enabled.code, enabled.stderr).toBe(0);
    expect(enabled.stdout).toContain('Capability orders.list enabled.');
    const list = await cli(['capability', 'list', '--tenant', RUT]);
    expect(list.stdout).toMatch(/orders\.list +│ sí +│ read +│ no +│ 30 +│ Tienda Los Andes +│ GET \/orders/);
    expect(list.stdout).toMatch(/orders\.get +│ sí +│ read/);
  });

  it('invokes a capability: the upstream gets the credential, the CLI prints status, duration and body', async () => {
    const before = hits.length;
    const res = await cli(['capability', 'invoke', 'orders.get', '--input', '{"id": 42}', '--tenant', RUT]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^orders\.get: HTTP 200 en \d+ ms$/m);
    expect(res.stdout).toContain('"status": "pagado"');
    expect(res.stdout).toContain('"total_clp": 12990');
    expect(hits.length).toBe(before + 1);
    expect(hits.at(-1)).toMatchObject({ method: 'GET', url: '/orders/42' });
    expect(hits.at(-1)!.headers['x-api-key']).toBe(SECRET);

    const input = join(configDir, 'input.json');
    writeFileSync(input, '{"status": "pagado"}');
    const fromFile = json<{ status: number; body: { items: Array<{ status: string }> } }>(
      await cli(['--json', 'capability', 'invoke', 'orders.list', '--input-file', input, '--tenant', RUT]),
    );
    expect(fromFile).toMatchObject({ status: 200, body: { items: [{ status: 'pagado' }] } });
  });

  it('shows the calls in the gateway log and summary', async () => {
    const log = await cli(['gateway', 'log', '--tenant', RUT]);
    expect(log.code, log.stderr).toBe(0);
    expect(log.stdout).toContain('Hora (Santiago)');
    expect(log.stdout).toMatch(/\d{2}-\d{2}-\d{4},? \d{2}:\d{2}:\d{2} +│ orders\.get +│ \S+ +│ 200 +│ 200 +│ +│ \d+/);
    const page = json<{ items: Array<{ capability_name: string; status: number }>; next_cursor: string | null }>(
      await cli(['--json', 'gateway', 'log', '--tenant', RUT, '--capability', 'orders.get', '--all', '--limit', '1']),
    );
    expect(page.items.map((r) => [r.capability_name, r.status])).toEqual([['orders.get', 200]]);
    expect(page.next_cursor).toBeNull();

    // The summary's default window ends at the server's now, exclusive; the test clock stands still, so step past the call.
    t.clock.advance(1000);
    const summary = await cli(['gateway', 'summary', '--tenant', RUT]);
    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout).toMatch(/orders\.get +│ 1 +│ 0 /);
  });

  it('asks platform admins for --tenant', async () => {
    const res = await cli(['capability', 'list']);
    expect(res.code).toBe(KERNEL_ERRORS.validation_failed.exit);
    expect(res.stderr).toContain('--tenant');
  });

  it('refuses bad input with the validation exit code, naming the option, before any request', async () => {
    const offline = { env: { SMARTEROS_URL: closedUrl } };
    const cases: Array<[string[], string]> = [
      [['capability', 'invoke', 'orders.get', '--input', '{"id": 42', '--tenant', RUT], '--input'],
      [['capability', 'invoke', 'orders.get', '--input', '[1, 2]', '--tenant', RUT], '--input'],
      [['capability', 'invoke', 'Orders Get', '--tenant', RUT], 'name'],
      [['capability', 'create', 'orders.x', '--endpoint', 'nope', '--tenant', RUT], '--endpoint'],
      [['provider', 'register', 'X', 'ftp://example.cl', '--tenant', RUT], 'base-url'],
      [['provider', 'register', 'X', 'https://example.cl', '--openapi-url', 'not a url', '--tenant', RUT], '--openapi-url'],
      [['provider', 'register', 'X', 'https://example.cl', '--auth', 'api_key', '--secret-stdin', '--username', 'u', '--tenant', RUT], '--username'],
      [['provider', 'register', 'X', 'https://example.cl', '--auth', 'bearer', '--tenant', RUT], '--secret-stdin'],
      [['provider', 'register', 'X', 'https://example.cl', '--openapi', openapiFile, '--expose', 'getOrder=Bad Name', '--tenant', RUT], '--expose'],
      [['provider', 'import', providerId, '--tenant', RUT], '--openapi-url'],
      [['gateway', 'log', '--limit', '500', '--tenant', RUT], '--limit'],
      [['vault', 'rotate', '--batch-size', '0'], '--batch-size'],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args, offline)));
    for (const [i, [args, option]] of cases.entries()) {
      const res = runs[i]!;
      expect(res.code, `${args.join(' ')}\n${res.stderr}`).toBe(KERNEL_ERRORS.validation_failed.exit);
      expect(res.stderr).toMatch(/^error: /m);
      expect(res.stderr).toContain(option);
      expect(res.stdout).toBe('');
    }
    // The same bad JSON against the live server: refused all the same.
    const live = await cli(['capability', 'invoke', 'orders.get', '--input', "{id: 42}", '--tenant', RUT]);
    expect(live.code).toBe(2);
    expect(live.stderr).toContain('--input: no es un JSON válido');
  }, 60_000);

  it('shows the vault and rotates it (one master key: nothing remains)', async () => {
    const status = await cli(['vault', 'status']);
    expect(status.code, status.stderr).toBe(0);
    const current = t.config.masterKeys.current.id;
    expect(status.stdout).toContain(`Llave maestra actual: ${current}`);
    expect(status.stdout).toMatch(new RegExp(`${current} +│ sí +│ sí +│ 1 `));

    const rotate = await cli(['vault', 'rotate', '--batch-size', '10']);
    expect(rotate.code, rotate.stderr).toBe(0);
    expect(rotate.stdout).toContain(`Rotación completa: 0 llaves de datos reenvueltas; las 1 están bajo ${current}.`);
    const rotated = json<{ remaining: number; total: number; current_key_id: string }>(await cli(['--json', 'vault', 'rotate']));
    expect(rotated).toMatchObject({ remaining: 0, total: 1, current_key_id: current });
  });

  it('generates a master key locally, in the SMARTEROS_MASTER_KEY format', async () => {
    const res = await cli(['vault', 'keygen'], { env: { SMARTEROS_URL: closedUrl, SMARTEROS_TOKEN: undefined } });
    expect(res.code, res.stderr).toBe(0);
    const ring = parseMasterKeys(res.stdout.trim());
    expect(ring.current.key).toHaveLength(32);
    expect(res.stdout.trim().startsWith(`${ring.current.id}:`)).toBe(true);
    expect(res.stderr).toContain('vault rotate');
    const help = await cli(['--lang', 'en', 'vault', 'keygen', '--help']);
    expect(help.stdout).toContain('put the new key FIRST in SMARTEROS_MASTER_KEY');
  });

  it('rotates every data key to a new master key in batches; credentials still open afterwards', async () => {
    // Two more tenants with a credential each: three data keys under the first master key.
    for (const [rut, name] of [['11.111.111-1', 'Otra Tienda SpA'], ['12.345.678-5', 'Tercera SpA']] as const) {
      expect((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut, business_name: name, contact_email: 'ti@otra.cl' } })).status).toBe(201);
      const p = await t.request({
        method: 'POST',
        url: `/api/v1/providers?tenant_id=${encodeURIComponent(rut)}`,
        body: { name: 'ERP', base_url: upstreamUrl, auth_type: 'bearer', credential: { secret: SECRET_2 } },
      });
      expect(p.status, JSON.stringify(p.body)).toBe(201);
    }
    // A second server on the same database, restarted the documented way: SMARTEROS_MASTER_KEY=<new>,<old>.
    const oldKey = readFileSync(join(t.config.dataDir, 'master-key'), 'utf8').trim();
    const ring = parseMasterKeys(`${generateMasterKey()},${oldKey}`);
    const oldId = t.config.masterKeys.current.id;
    const next = await startServer({ config: { ...t.config, masterKeys: ring, outboxPollMs: 0 }, clock: t.clock, db: t.testDb.db, listen: true, logger: false });
    try {
      const env = { env: { SMARTEROS_URL: next.url } };
      const before = await cli(['vault', 'status'], env);
      expect(before.code, before.stderr).toBe(0);
      expect(before.stdout).toContain(`Llave maestra actual: ${ring.current.id}`);
      expect(before.stdout).toMatch(new RegExp(`${oldId} +│ no +│ sí +│ 3 `));
      expect(before.stdout).toContain('3 llaves de datos aún bajo otra llave maestra');

      const rotate = await cli(['vault', 'rotate', '--batch-size', '1'], env);
      expect(rotate.code, rotate.stderr).toBe(0);
      expect(rotate.stderr).toContain('lote 1: 1 reenvueltas, quedan 2');
      expect(rotate.stderr).toContain('lote 3: 1 reenvueltas, quedan 0');
      expect(rotate.stdout).toContain(`Rotación completa: 3 llaves de datos reenvueltas; las 3 están bajo ${ring.current.id}.`);

      const after = json<{ keys: Array<{ key_id: string; data_keys: number }> }>(await cli(['--json', 'vault', 'status'], env));
      expect(after.keys.find((k) => k.key_id === oldId)?.data_keys ?? 0).toBe(0);
      expect(after.keys.find((k) => k.key_id === ring.current.id)?.data_keys).toBe(3);

      const call = await cli(['capability', 'invoke', 'orders.get', '--input', '{"id": 7}', '--tenant', RUT], env);
      expect(call.code, call.stderr).toBe(0);
      expect(hits.at(-1)!.headers['x-api-key']).toBe(SECRET);
    } finally {
      await next.close();
    }
  }, 60_000);

  it('deletes the capability and the provider', async () => {
    const cap = await cli(['capability', 'delete', 'orders.list', '--tenant', RUT]);
    expect(cap.code, cap.stderr).toBe(0);
    const del = await cli(['provider', 'delete', providerId, '--tenant', RUT]);
    expect(del.code, del.stderr).toBe(0);
    const list = json<{ items: unknown[] }>(await cli(['--json', 'provider', 'list', '--tenant', RUT]));
    expect(list.items).toEqual([]);
  });

  it('never printed a secret, in any command of this file', () => {
    expect(outputs.length).toBeGreaterThan(40);
    for (const text of outputs) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SECRET_2);
    }
  });
});
