import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { childArg, serveParent } from './child.ts';

/**
 * The upstream of the gateway benchmark: a bare node:http JSON server on loopback, in its own process. It answers
 * GET /orders?status=paid with two orders, and only with the API key the tenant registered (X-Api-Key), so that a
 * call the gateway made without injecting the credential shows up as an error. It counts what it answered.
 */
const { apiKey } = childArg<{ apiKey: string }>();

const ORDERS_BODY = JSON.stringify({
  items: [
    { id: 1, status: 'paid', total: 15990, customer_rut: '76.086.428-5' },
    { id: 2, status: 'paid', total: 4990, customer_rut: '12.345.678-5' },
  ],
  total: 2,
});

const counts = { ok: 0, unauthorized: 0, not_found: 0 };

const server = createServer((req, res) => {
  if (req.method !== 'GET' || req.url !== '/orders?status=paid') {
    counts.not_found++;
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not found"}');
    return;
  }
  if (req.headers['x-api-key'] !== apiKey) {
    counts.unauthorized++;
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"error":"invalid api key"}');
    return;
  }
  counts.ok++;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ORDERS_BODY) });
  res.end(ORDERS_BODY);
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

serveParent(
  { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
  {
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  },
);
