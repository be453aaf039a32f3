import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWidgetBuilt, WIDGET_FILE } from '../../../../test/support/widget.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/** The widget script as the server serves it: built from apps/widget, at most 30 KB gzip, no framework in it. */
let t: TestServer;
beforeAll(async () => {
  ensureWidgetBuilt();
  t = await createTestServer();
});
afterAll(async () => {
  await t?.close();
});

describe('GET /widget.js', () => {
  it('serves the built widget gzipped, at most 30 KB on the wire, as JavaScript any site may load', async () => {
    const res = await t.server.app.inject({ method: 'GET', url: '/widget.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/javascript/);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(String(res.headers['cache-control'])).toContain('max-age=');
    const wire = res.rawPayload;
    expect(wire.length).toBeLessThanOrEqual(30 * 1024);
    const js = gunzipSync(wire);
    expect(js.equals(readFileSync(WIDGET_FILE))).toBe(true);
    const text = js.toString('utf8');
    // Plain DOM, no React (its markers would be in any bundle that carries it).
    expect(text).not.toMatch(/\breact(-dom)?\b|__SECRET_INTERNALS|__REACT_DEVTOOLS/i);
    // It talks to the visitor endpoints and knows both languages.
    expect(text).toContain('/api/v1/chat/web/');
    expect(text).toContain('Escriba su mensaje');
    expect(text).toContain('Type your message');
  });

  it('serves it uncompressed to a client that does not take gzip', async () => {
    const res = await t.server.app.inject({ method: 'GET', url: '/widget.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.rawPayload.equals(readFileSync(WIDGET_FILE))).toBe(true);
  });
});
