import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A company's own API, as the gateway meets it: a small JSON server on loopback with an OAuth2 token endpoint, and
 * routes that misbehave on purpose (slow, flaky, resetting, 5xx, oversized, echoing credentials). It records every
 * request it receives so tests can see exactly what the gateway sent.
 */
export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface CompanyApi {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Counters by route (flaky counts down; token counts token grants). */
  counters: Record<string, number>;
  /** Lifetime in seconds of the tokens /oauth/token grants. */
  tokenLifetime: number;
  /** Tokens the API accepts (granted ones; revoke one to make the API answer 401 to it). */
  validTokens: Set<string>;
  /** How many times /flaky answers 503 before it answers 200. */
  flakyFailures: number;
  close(): Promise<void>;
}

export const CLIENT_ID = 'tienda-client';
export const CLIENT_SECRET = 'oauth-client-secret-Zq9f3K2mX7';

const ORDERS = [
  { id: 1, status: 'paid', total: 15990, customer_rut: '76.086.428-5' },
  { id: 2, status: 'pending', total: 4990, customer_rut: '12.345.678-5' },
];

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req-123', 'set-cookie': 'session=abc', server: 'fake/1.0', ...headers });
  res.end(text);
}

export async function startCompanyApi(): Promise<CompanyApi> {
  const state = {
    requests: [] as RecordedRequest[],
    counters: {} as Record<string, number>,
    tokenLifetime: 3600,
    validTokens: new Set<string>(),
    flakyFailures: 2,
  };
  const bump = (k: string) => (state.counters[k] = (state.counters[k] ?? 0) + 1);

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url ?? '/', 'http://fake');
      state.requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', path: u.pathname, query: u.searchParams, headers: req.headers, body });
      const route = `${req.method} ${u.pathname}`;
      bump(route);
      const auth = req.headers.authorization ?? '';

      if (route === 'POST /oauth/token') {
        const expected = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
        if (auth !== expected) return send(res, 401, { error: 'invalid_client' });
        const form = new URLSearchParams(body);
        if (form.get('grant_type') !== 'client_credentials') return send(res, 400, { error: 'unsupported_grant_type' });
        const token = `tok_${bump('token')}_${Math.random().toString(36).slice(2)}`;
        state.validTokens.add(token);
        // A little slow, so that concurrent callers overlap while it is in flight.
        setTimeout(() => send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: state.tokenLifetime, scope: form.get('scope') }), 30);
        return;
      }
      if (u.pathname.startsWith('/secure/')) {
        const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
        if (!state.validTokens.has(token)) return send(res, 401, { error: 'invalid_token' });
      }
      switch (route) {
        case 'GET /orders':
        case 'GET /secure/orders': {
          const status = u.searchParams.get('status');
          return send(res, 200, { items: ORDERS.filter((o) => !status || o.status === status), total: ORDERS.length }, { 'x-total-count': String(ORDERS.length) });
        }
        case 'POST /orders':
          return send(res, 201, { id: 3, ...(JSON.parse(body || '{}') as object) });
        case 'GET /slow':
          setTimeout(() => send(res, 200, { ok: true }), 2000);
          return;
        case 'GET /flaky':
        case 'POST /flaky':
          if (state.counters[route]! <= state.flakyFailures) return send(res, 503, { error: 'try later' });
          return send(res, 200, { ok: true, attempt: state.counters[route] });
        case 'GET /reset':
          req.socket.destroy();
          return;
        case 'GET /broken':
          return send(res, 500, { error: 'database is down', trace: 'at Foo.bar (/srv/app.js:1:1)' });
        case 'GET /wrong-shape':
          return send(res, 200, { items: 'not an array' });
        case 'GET /big':
          return send(res, 200, { blob: 'x'.repeat(2 * 1024 * 1024) });
        case 'GET /echo':
          // A careless API that echoes the credentials it got: the gateway must not pass them on.
          return send(res, 200, { you_sent: { authorization: auth, api_key: req.headers['x-api-key'] ?? null, query: u.search } }, { 'x-echo-key': String(req.headers['x-api-key'] ?? '') });
        case 'GET /redirect':
          res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
          return res.end();
        case 'GET /no-content':
          res.writeHead(204);
          return res.end();
        default:
          return send(res, 404, { error: 'not found', path: u.pathname });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return state.requests;
    },
    set requests(v) {
      state.requests = v;
    },
    counters: state.counters,
    get tokenLifetime() {
      return state.tokenLifetime;
    },
    set tokenLifetime(v) {
      state.tokenLifetime = v;
    },
    validTokens: state.validTokens,
    get flakyFailures() {
      return state.flakyFailures;
    },
    set flakyFailures(v) {
      state.flakyFailures = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A small OpenAPI 3.0 document describing the company API above (every route, for the gateway tests). */
export function companyOpenApi(): Record<string, unknown> {
  const ok = (schema: Record<string, unknown>) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });
  const orderList = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Order' } }, total: { type: 'integer' } } };
  const any = { type: 'object' };
  return {
    openapi: '3.0.3',
    info: { title: 'Tienda de prueba', version: '1.0.0' },
    paths: {
      '/orders': {
        get: {
          operationId: 'listOrders',
          summary: 'Buscar pedidos',
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['paid', 'pending'] } },
            { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
          ],
          responses: ok(orderList),
        },
        post: {
          operationId: 'createOrder',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['total'], properties: { total: { type: 'integer', minimum: 1 } } } } } },
          responses: { '201': { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } } },
        },
      },
      '/secure/orders': { get: { operationId: 'listOrdersSecure', responses: ok(orderList) } },
      '/slow': { get: { operationId: 'slow', responses: ok(any) } },
      '/flaky': { get: { operationId: 'flakyGet', responses: ok(any) }, post: { operationId: 'flakyPost', responses: ok(any) } },
      '/reset': { get: { operationId: 'reset', responses: ok(any) } },
      '/broken': { get: { operationId: 'broken', responses: ok(any) } },
      '/wrong-shape': { get: { operationId: 'wrongShape', responses: ok(orderList) } },
      '/big': { get: { operationId: 'big', responses: ok(any) } },
      '/echo': { get: { operationId: 'echo', responses: ok(any) } },
      '/redirect': { get: { operationId: 'redirect', responses: ok(any) } },
      '/no-content': { get: { operationId: 'noContent', responses: { '204': { description: 'nothing' } } } },
    },
    components: {
      schemas: {
        Order: { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, status: { type: 'string' }, total: { type: 'integer' }, customer_rut: { type: 'string' } } },
      },
    },
  };
}
