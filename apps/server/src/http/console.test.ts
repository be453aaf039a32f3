import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { assertAccessDeclared } from './access.ts';
import { registerConsole } from './console.ts';

async function appWith(dir: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.addHook('onRoute', assertAccessDeclared);
  app.get('/api/v1/thing', { config: { access: { kind: 'public' } } }, () => ({ ok: true }));
  app.setNotFoundHandler((_req, reply) => reply.status(404).send({ error: { code: 'not_found', message: 'no route' } }));
  await registerConsole(app, { dir });
  await app.ready();
  return app;
}

describe('the web console at /', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('serves index.html at / and for console paths, assets with a long cache, and leaves /api, /healthz and /readyz alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smarteros-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'index-abc.js.gz'), gzipSync('console.log(1)'));
    app = await appWith(dir);

    for (const url of ['/', '/tenants', '/tenants/76086428-5', '/login?next=%2Ftenants']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.body, url).toContain('<title>console</title>');
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const gz = await app.inject({ method: 'GET', url: '/assets/index-abc.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.statusCode).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/assets/../index.html' })).body).not.toContain('secret');

    for (const url of ['/api/v1/nothing', '/api', '/healthz/x', '/readyz/x']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toEqual({ error: { code: 'not_found', message: 'no route' } });
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/thing' })).json()).toEqual({ ok: true });
  });

  it('answers 503 with how to build it when the console is not built', async () => {
    app = await appWith(mkdtempSync(join(tmpdir(), 'smarteros-no-console-')));
    for (const url of ['/', '/tenants']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(503);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.body, url).toContain('npm run build:web');
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/nothing' })).statusCode).toBe(404);
  });
});
