import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManualClock, rutFromBody } from '@smarteros/kernel';
import { loadConfig } from '../config.ts';
import { buildApp, startServer, type RunningServer } from '@smarteros/server';
import type * as FastifyModule from 'fastify';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestServer, type TestServer } from '../../../../test/support/test-server.ts';
import { createTestDatabase, TEST_DRIVER, type TestDatabase } from '../../../../test/support/test-db.ts';
// Not exported by '@smarteros/server' (see report): imported from its file.
import { assertAccessDeclared, type Access } from './access.ts';

/**
 * The HTTP adapter as a client sees it: the error shape for every kind of bad request, access declared on every
 * route, the OpenAPI document, health probes, and the login rate limit shared through Redis.
 */

/**
 * Every Fastify instance made in this file gets one extra onRoute hook, added before anything else is registered,
 * that records each route's options while `recorder.on` is set. That lets the test see every route a fresh buildApp()
 * registers (plugins' routes included) without changing product code.
 */
const recorder = vi.hoisted(() => ({ on: false, routes: [] as RouteOptions[] }));
vi.mock('fastify', async (importOriginal) => {
  const actual = await importOriginal<typeof FastifyModule>();
  // The factory is overloaded (http, https, http2); the wrapper passes its options through unchanged.
  const make = actual.default as unknown as (options?: FastifyServerOptions) => FastifyInstance;
  const wrapped = ((options?: FastifyServerOptions) => {
    const app = make(options);
    app.addHook('onRoute', (route) => {
      if (recorder.on) recorder.routes.push(route);
    });
    return app;
  }) as unknown as typeof actual.default;
  return { ...actual, default: wrapped, fastify: wrapped };
});

const ACCESS_KINDS: ReadonlyArray<Access['kind']> = ['public', 'authenticated', 'platform', 'tenant'];
const accessOf = (route: RouteOptions): Access | undefined => (route.config as { access?: Access } | undefined)?.access;
const methodsOf = (route: RouteOptions): string[] => (Array.isArray(route.method) ? route.method : [route.method]).map(String);

const withoutTrailingSlash = (url: string): string => (url.length > 1 ? url.replace(/\/$/, '') : url);

/** `METHOD /path` of every route in a printRoutes({ commonPrefix: false }) tree (nested lines continue their parent). */
function routesOfListing(listing: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of listing.split('\n')) {
    const m = /^((?:[│ ] {3})*)[└├]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const path = withoutTrailingSlash(stack.join('').replace(/^\/?/, '/'));
    for (const method of m[3]?.split(', ') ?? []) out.push(`${method} ${path}`);
  }
  return out;
}

async function tenantCount(t: TestServer): Promise<number> {
  const row = await t.testDb.db.asOwner((tx) => tx.selectFrom('tenants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow());
  return Number(row.n);
}

describe('HTTP adapter', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('errors always have the shape { error: { code, message } }', () => {
    const auth = () => ({ authorization: `Bearer ${t.adminToken}` });

    it('a body over 1 MB answers 413 payload_too_large and creates nothing', async () => {
      const before = await tenantCount(t);
      const payload = JSON.stringify({ rut: rutFromBody(76086428), business_name: 'Grande', contact_email: 'a@b.cl', metadata: { blob: 'x'.repeat(1024 * 1024) } });
      const res = await t.server.app.inject({ method: 'POST', url: '/api/v1/tenants', headers: { ...auth(), 'content-type': 'application/json' }, payload });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
      expect(await tenantCount(t)).toBe(before);
    });

    it('invalid JSON answers 400 validation_failed', async () => {
      const res = await t.server.app.inject({ method: 'POST', url: '/api/v1/tenants', headers: { ...auth(), 'content-type': 'application/json' }, payload: '{"rut": "76086428-5",' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'validation_failed', message: expect.any(String), details: { issues: [{ path: 'body' }] } } });
    });

    it('an unsupported content-type answers 415 unsupported_media_type', async () => {
      for (const contentType of ['application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const res = await t.server.app.inject({ method: 'POST', url: '/api/v1/tenants', headers: { ...auth(), 'content-type': contentType }, payload: 'rut=76086428-5' });
        expect(res.statusCode, contentType).toBe(415);
        expect(res.json(), contentType).toEqual({ error: { code: 'unsupported_media_type', message: expect.any(String) } });
      }
    });

    // Regression: Fastify's built-in text/plain parser once let a text body reach validation as a string.
    it('a text/plain body answers 415 unsupported_media_type', async () => {
      const res = await t.server.app.inject({
        method: 'POST',
        url: '/api/v1/tenants',
        headers: { ...auth(), 'content-type': 'text/plain' },
        payload: JSON.stringify({ rut: rutFromBody(76086428), business_name: 'Texto', contact_email: 'a@b.cl' }),
      });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toEqual({ error: { code: 'unsupported_media_type', message: expect.any(String) } });
    });

    it('an unknown route answers 404 not_found', async () => {
      for (const [method, url] of [['GET', '/api/v1/nothing-here'], ['POST', '/api/v2/tenants'], ['DELETE', '/api/v1/tenants']] as const) {
        const res = await t.request({ method, url });
        expect(res.status, `${method} ${url}`).toBe(404);
        expect(res.body, `${method} ${url}`).toEqual({ error: { code: 'not_found', message: expect.any(String), details: { method, path: url } } });
      }
    });

    it('no Authorization header, or a non-Bearer one, answers 401 unauthorized', async () => {
      for (const headers of [{}, { authorization: 'Basic x' }, { authorization: 'Bearer' }, { authorization: 'Bearer a b' }, { authorization: '' }]) {
        const res = await t.server.app.inject({ method: 'GET', url: '/api/v1/tenants', headers });
        expect(res.statusCode, JSON.stringify(headers)).toBe(401);
        expect(res.json(), JSON.stringify(headers)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      }
    });

    it('validation errors name every bad field path and write nothing', async () => {
      const before = await tenantCount(t);
      const res = await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76086428), business_name: '', contact_email: 'x' } });
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('validation_failed');
      const issues = res.body.error?.details?.issues as Array<{ path: string; message: string }>;
      expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['body.business_name', 'body.contact_email']));
      for (const issue of issues) expect(issue.message).toEqual(expect.any(String));
      expect(res.body.error?.message).toMatch(/^body\./);
      expect(await tenantCount(t)).toBe(before);
      // A bad RUT names its field too.
      const rut = await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: '76.086.428-0', business_name: 'Valida', contact_email: 'ok@valida.cl' } });
      expect(rut.status).toBe(400);
      expect((rut.body.error?.details?.issues as Array<{ path: string }>).map((i) => i.path)).toContain('body.rut');
      expect(await tenantCount(t)).toBe(before);
    });

    it('words messages in the request language (es-CL by default, en on request); code, paths and details stay', async () => {
      const body = { rut: '76.086.428-0', business_name: 'x', contact_email: 'no-es-correo', products: 'chat' };
      const es = await t.request({ method: 'POST', url: '/api/v1/tenants', body });
      const en = await t.request({ method: 'POST', url: '/api/v1/tenants', body, headers: { 'accept-language': 'en-US,en;q=0.9,es;q=0.5' } });
      expect(es.headers['content-language']).toBe('es-CL');
      expect(en.headers['content-language']).toBe('en');
      const esIssues = es.body.error!.details!.issues as Array<{ path: string; code: string; message: string }>;
      const enIssues = en.body.error!.details!.issues as Array<{ path: string; code: string; message: string }>;
      expect(esIssues.map((i) => [i.path, i.code])).toEqual(enIssues.map((i) => [i.path, i.code]));
      const byPath = (list: typeof esIssues, path: string) => list.find((i) => i.path === path)!.message;
      expect(byPath(esIssues, 'body.rut')).toBe('el dígito verificador del RUT no coincide (módulo 11)');
      expect(byPath(enIssues, 'body.rut')).toBe('RUT check digit does not match (modulo 11)');
      expect(byPath(esIssues, 'body.business_name')).toBe('debe tener al menos 2 caracteres');
      expect(byPath(esIssues, 'body.contact_email')).toBe('debe ser una dirección de correo');
      // zod's own words come from its Spanish locale, with the type actually received.
      expect(byPath(esIssues, 'body.products')).toBe('Entrada inválida: se esperaba arreglo, recibido texto');
      expect(byPath(enIssues, 'body.products')).toMatch(/^Invalid input: expected array, received string$/);
      expect(es.body.error!.message).toBe(`${esIssues[0]!.path}: ${esIssues[0]!.message}`);

      const missing = await t.request({ method: 'GET', url: '/api/v1/tenants/00000000-0000-4000-8000-000000000000' });
      expect(missing.body.error).toEqual({ code: 'not_found', message: 'No se encontró la empresa' });
      const noRoute = await t.request({ method: 'GET', url: '/api/v1/nada?x=1' });
      expect(noRoute.body.error).toEqual({ code: 'not_found', message: 'No existe la ruta GET /api/v1/nada', details: { method: 'GET', path: '/api/v1/nada' } });
      const noRouteEn = await t.request({ method: 'GET', url: '/api/v1/nada', headers: { 'accept-language': 'en' } });
      expect(noRouteEn.body.error!.message).toBe('No route GET /api/v1/nada');
    });

    it('an unknown tenant reference answers 404 with the plain error shape', async () => {
      const res = await t.request({ method: 'GET', url: '/api/v1/tenants/not-a-uuid-nor-a-rut' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: 'No se encontró la empresa' } });
    });
  });

  describe('every route declares who may call it', () => {
    const handler = async () => ({ ok: true });
    /** Every route a fresh buildApp() (same config, database and services as the running server) registers. */
    let routes: RouteOptions[];
    beforeAll(async () => {
      recorder.routes = [];
      recorder.on = true;
      let app: FastifyInstance;
      try {
        app = await buildApp({ config: t.config, db: t.testDb.db, clock: t.clock, services: t.server.services, logger: false });
      } finally {
        recorder.on = false;
      }
      await app.close();
      routes = recorder.routes;
      recorder.routes = [];
    });

    it('assertAccessDeclared throws for a route without config.access, naming method and URL', () => {
      expect(() => assertAccessDeclared({ method: 'POST', url: '/api/v1/secret-things', handler } as RouteOptions)).toThrow(
        /POST \/api\/v1\/secret-things does not declare config\.access/,
      );
      expect(() => assertAccessDeclared({ method: ['GET', 'HEAD'], url: '/api/v1/x', handler, config: {} } as RouteOptions)).toThrow(/GET,HEAD \/api\/v1\/x/);
      expect(() => assertAccessDeclared({ method: 'GET', url: '/api/v1/x', handler, config: { access: { kind: 'authenticated' } } } as RouteOptions)).not.toThrow();
      // The OpenAPI UI's own routes are stamped public instead.
      const docs = { method: 'GET', url: '/api/docs/static/x.js', handler } as RouteOptions;
      assertAccessDeclared(docs);
      expect(accessOf(docs)).toEqual({ kind: 'public' });
    });

    it('registering such a route on an app with the hook fails', async () => {
      const app = Fastify({ logger: false });
      app.addHook('onRoute', assertAccessDeclared);
      expect(() => app.get('/api/v1/undeclared', handler)).toThrow(/GET \/api\/v1\/undeclared does not declare config\.access/);
      expect(() => app.get('/api/v1/declared', { config: { access: { kind: 'public' } } }, handler)).not.toThrow();
      await app.close();
    });

    it('the recorded routes are all the routes of the running app (its printRoutes listing)', () => {
      const listed = routesOfListing(t.server.app.printRoutes({ commonPrefix: false, includeHooks: false }));
      expect(listed.length).toBeGreaterThan(30);
      expect(listed).toEqual(expect.arrayContaining(['GET /healthz', 'DELETE /api/v1/tenants/:id/api-keys/:key_id', 'POST /api/tenant/activate-product', 'GET /api/docs/json']));
      const recorded = new Set(routes.flatMap((r) => methodsOf(r).map((m) => `${m} ${withoutTrailingSlash(r.url)}`)));
      // Wildcard routes print under a shortened prefix in the listing; they are checked by name below.
      const missing = listed.filter((r) => !r.includes('*')).filter((r) => !recorded.has(r));
      expect(missing).toEqual([]);
      expect(recorded).toContain('GET /api/docs/static/*');
    });

    // Regression: the access check was once added after the docs plugin registered its routes, unchecked.
    it('every route of a fresh buildApp() has an access kind', () => {
      const seen = routes.map((r) => `${methodsOf(r).join(',')} ${r.url}`);
      expect(seen).toEqual(
        expect.arrayContaining(['GET /healthz', 'POST /api/v1/auth/login', 'GET /api/v1/tenants', 'DELETE /api/v1/tenants/:id/api-keys/:key_id', 'POST /api/tenant/create', 'GET /api/docs/json']),
      );
      const undeclared = routes.filter((r) => !ACCESS_KINDS.includes(accessOf(r)?.kind as Access['kind'])).map((r) => `${methodsOf(r).join(',')} ${r.url}`);
      expect(undeclared).toEqual([]);
    });

    it('every non-public route refuses a caller without credentials (401)', async () => {
      const sample = (url: string) =>
        url
          .replace(':id', '00000000-0000-4000-8000-000000000000')
          .replace(':key_id', '00000000-0000-4000-8000-000000000001')
          .replace(':domain_id', '00000000-0000-4000-8000-000000000002')
          .replace(':product_code', 'chat')
          .replace(':user_id', '00000000-0000-4000-8000-000000000003')
          .replace(':provider_id', '00000000-0000-4000-8000-000000000004')
          .replace(':endpoint_id', '00000000-0000-4000-8000-000000000005')
          .replace(':app_id', '00000000-0000-4000-8000-000000000006')
          .replace(':name', 'orders.search')
          .replace(':capability', 'orders.search')
          .replace(':conversation_id', '00000000-0000-4000-8000-000000000007')
          .replace(':connection_id', '00000000-0000-4000-8000-000000000008')
          .replace(':inbox_id', '00000000-0000-4000-8000-000000000008')
          .replace(':attachment_id', '00000000-0000-4000-8000-000000000009')
          .replace(':label_id', '00000000-0000-4000-8000-00000000000b')
          .replace(':canned_response_id', '00000000-0000-4000-8000-000000000009')
          .replace(':contact_id', '00000000-0000-4000-8000-00000000000a')
          .replace(':product_id', '00000000-0000-4000-8000-00000000000c')
          .replace(':customer_id', '00000000-0000-4000-8000-00000000000d')
          .replace(':order_id', '00000000-0000-4000-8000-00000000000e')
          .replace(':payment_id', '00000000-0000-4000-8000-00000000000f');
      const checked: string[] = [];
      const skipped: string[] = [];
      for (const route of routes) {
        const access = accessOf(route);
        if (!access || access.kind === 'public') continue;
        const schema = route.schema as { body?: { safeParse?: (v: unknown) => { success: boolean } } } | undefined;
        // Validation runs before the access preHandler, so a route whose body is required answers 400 to a caller
        // without a body, signed in or not; those routes are left out here (their 401s are covered route by route).
        const bodyOptional = !schema?.body || schema.body.safeParse?.(undefined).success === true;
        for (const method of methodsOf(route)) {
          if (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE' && !bodyOptional) {
            skipped.push(`${method} ${route.url}`);
            continue;
          }
          const res = await t.server.app.inject({ method: method as 'GET', url: sample(route.url) });
          expect(res.statusCode, `${method} ${route.url}`).toBe(401);
          if (method !== 'HEAD') expect(res.json(), `${method} ${route.url}`).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
          checked.push(`${method} ${route.url}`);
        }
      }
      expect(checked).toEqual(expect.arrayContaining(['GET /api/v1/tenants', 'GET /api/v1/overview', 'POST /api/v1/jobs/lifecycle/run', 'POST /api/v1/tenants/:id/suspend', 'DELETE /api/v1/tenants/:id/api-keys/:key_id']));
      expect(checked.length).toBeGreaterThan(skipped.length);
    });
  });

  describe('OpenAPI and probes (public)', () => {
    it('GET /api/docs/json is the OpenAPI 3 document', async () => {
      const res = await t.request({ method: 'GET', url: '/api/docs/json', token: null });
      expect(res.status).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/application\/json/);
      const doc = res.body as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { securitySchemes: Record<string, unknown> } };
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/tenants', '/api/v1/overview', '/api/tenant/create', '/api/v1/auth/login', '/api/v1/tenants/{id}']));
      expect(doc.paths['/api/v1/tenants']).toHaveProperty('post');
      expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    });

    it('GET /api/docs serves the UI (or redirects to it) without a token', async () => {
      const res = await t.server.app.inject({ method: 'GET', url: '/api/docs' });
      expect([200, 301, 302, 307, 308]).toContain(res.statusCode);
      if (res.statusCode === 200) expect(res.body).toMatch(/swagger/i);
      else expect(String(res.headers.location)).toMatch(/^(\/api\/docs|\.\/)/);
    });

    it('/healthz, /readyz and /api/system/info answer 200 without a token', async () => {
      const health = await t.request({ method: 'GET', url: '/healthz', token: null });
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok' });
      const ready = await t.request({ method: 'GET', url: '/readyz', token: null });
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok' } });
      const info = await t.request({ method: 'GET', url: '/api/system/info', token: null });
      expect(info.status).toBe(200);
      expect(info.body).toMatchObject({
        name: 'SmarterOS',
        database: TEST_DRIVER === 'postgres' ? 'postgresql' : 'embedded',
        cache: 'in-process',
        time_zone: 'America/Santiago',
        products: ['chat', 'erp', 'automation', 'analytics', 'ai'],
      });
    });
  });
});

describe('login rate limit shared through Redis', () => {
  const redisUrl = process.env.REDIS_URL;
  const KEY_PREFIX = 'smarteros:ratelimit:';
  /** A client address of this run only, so concurrent runs (both drivers, other machines' CI) do not share a budget. */
  const address = `10.${randomBytes(3).join('.')}`;
  const servers: RunningServer[] = [];
  const databases: TestDatabase[] = [];
  let redis: Redis | undefined;

  async function keysOfAddress(): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis!.scan(cursor, 'MATCH', `${KEY_PREFIX}*-${address}`, 'COUNT', 1000);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
    return found;
  }

  /**
   * Two servers with the same configuration (REDIS_URL, 4 logins per minute) on two different databases: what they
   * share is Redis only. Started with startServer directly: createTestServer's admin login would come from 127.0.0.1
   * and spend the shared budget of that address for every run at once.
   */
  beforeAll(async () => {
    if (!redisUrl) return;
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    const dataDir = mkdtempSync(join(tmpdir(), 'smarteros-test-'));
    for (let i = 0; i < 2; i++) {
      const testDb = await createTestDatabase();
      databases.push(testDb);
      const config = loadConfig({
        SMARTEROS_DATA_DIR: dataDir,
        SMARTEROS_JWT_SECRET: 'test-secret-test-secret-test-secret-000',
        SMARTEROS_ADMIN_EMAIL: ADMIN_EMAIL,
        SMARTEROS_ADMIN_PASSWORD: ADMIN_PASSWORD,
        SMARTEROS_LOG_LEVEL: 'silent',
        SMARTEROS_JOBS_INTERVAL_SECONDS: '0',
        SMARTEROS_LOGIN_MAX_PER_MINUTE: '4',
        REDIS_URL: redisUrl,
      });
      servers.push(await startServer({ config, clock: createManualClock('2026-03-02T12:00:00Z'), db: testDb.db, listen: false, logger: false }));
    }
  });
  afterAll(async () => {
    if (redis) {
      const keys = await keysOfAddress();
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    for (const s of servers) await s.close();
    for (const d of databases) await d.drop();
  });

  const attempt = async (server: RunningServer) => {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: address, payload: { email: ADMIN_EMAIL, password: 'wrong-password' } });
    return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
  };

  // Without REDIS_URL there is no shared store to test: skipped, with the reason in its name. CI sets REDIS_URL.
  const itWithRedis = redisUrl ? it : it.skip;
  itWithRedis('2 failed attempts on server 1 and 2 on server 2 spend the budget: the 5th, on either, answers 429 (needs REDIS_URL)', async () => {
    const [one, two] = servers as [RunningServer, RunningServer];
    for (const server of [one, two]) {
      const info = await server.app.inject({ method: 'GET', url: '/api/system/info' });
      expect(info.json()).toMatchObject({ cache: 'redis' });
      const ready = await server.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
    }
    expect((await attempt(one)).status).toBe(401);
    expect((await attempt(one)).status).toBe(401);
    expect((await attempt(two)).status).toBe(401);
    expect((await attempt(two)).status).toBe(401);
    const fifth = await attempt(one);
    expect(fifth.status).toBe(429);
    expect(fifth.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    const sixth = await attempt(two);
    expect(sixth.status).toBe(429);
    expect(sixth.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    // The count lives in Redis under the configured prefix, one key for this route and address.
    const keys = await keysOfAddress();
    expect(keys).toEqual([`${KEY_PREFIX}POST/api/v1/auth/login-${address}`]);
    expect(Number(await redis!.get(keys[0]!))).toBe(6);
  });
});
