import { createHmac } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Shopify's REST Admin API on loopback, as Shopify documents it: `GET /admin/api/{version}/{products|customers|orders|
 * checkouts}.json` with `X-Shopify-Access-Token` (401 `{ errors: '[API] Invalid API key or access token (unrecognized
 * login or wrong password)' }` otherwise), answering `{ <resource>: [...] }` in id order with
 * `X-Shopify-Shop-Api-Call-Limit`.
 *
 * Pages: `limit` (default 50, at most 250, 400 beyond), and when there are more a `Link` header
 * `<…?limit=N&page_info=…>; rel="next"` (and rel="previous" after the first page). The page_info cursor carries the
 * first request's filters; a request with page_info may give only limit and fields besides (400 otherwise), and a
 * cursor the fake did not make is a 400. Filters: ids, since_id, created_at_min/max, updated_at_min/max, fields; orders'
 * status (open by default: neither closed nor cancelled; closed, cancelled, any), products' status (a list), and
 * checkouts' status (open by default: not completed; closed, any).
 *
 * Throttling: each number in throttleNext answers one request with 429, `Retry-After: <seconds>` and
 * `{ errors: 'Exceeded 2 calls per second for api client. …' }`. failNext answers with other statuses (402, 403, 404,
 * 500, 503) in Shopify's `{ errors }` shape. signShopifyWebhook signs a body as Shopify signs its webhooks.
 */

/** A Shopify object as the REST API answers it (any fields; an id). */
export type ShopifyFakeRecord = object & { id: number };

export interface ShopifyFake {
  /** The shop's URL (https://{shop}.myshopify.com in life). */
  url: string;
  version: string;
  accessToken: string;
  products: ShopifyFakeRecord[];
  customers: ShopifyFakeRecord[];
  orders: ShopifyFakeRecord[];
  checkouts: ShopifyFakeRecord[];
  /** Retry-After seconds for the next requests, each answered 429 (next first). */
  throttleNext: number[];
  /** HTTP statuses for the next requests (after any throttling). */
  failNext: number[];
  /** Every request that reached the API, with its query and the status answered. */
  requests: Array<{ resource: string; query: Record<string, string>; token: string | null; status: number }>;
  close(): Promise<void>;
}

/** X-Shopify-Hmac-Sha256 for a webhook body: base64 of HMAC-SHA256 over the raw bytes with the app's client secret. */
export function signShopifyWebhook(body: Buffer | string, secret: string): string {
  return createHmac('sha256', secret)
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('base64');
}

const RESOURCES = ['products', 'customers', 'orders', 'checkouts'] as const;
type Resource = (typeof RESOURCES)[number];
const FILTERS = new Set(['ids', 'since_id', 'created_at_min', 'created_at_max', 'updated_at_min', 'updated_at_max', 'status', 'fields', 'limit', 'financial_status', 'fulfillment_status']);

const FAILURES: Record<number, string> = {
  402: 'Unavailable Shop',
  403: '[API] This action requires merchant approval for read_orders scope.',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export async function startShopify(options: { accessToken?: string; version?: string } = {}): Promise<ShopifyFake> {
  const fake: ShopifyFake = {
    url: '',
    version: options.version ?? '2025-01',
    accessToken: options.accessToken ?? 'shpat_0123456789abcdef0123456789abcdef',
    products: [],
    customers: [],
    orders: [],
    checkouts: [],
    throttleNext: [],
    failNext: [],
    requests: [],
    close: async () => undefined,
  };
  let calls = 0;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-shopify-shop-api-call-limit': `${Math.min(40, ++calls)}/40`, ...headers });
    res.end(JSON.stringify(body));
  };

  const time = (v: unknown) => (typeof v === 'string' ? new Date(v).getTime() : NaN);
  const get = (r: ShopifyFakeRecord, field: string): unknown => (r as Record<string, unknown>)[field];

  function select(resource: Resource, filters: Record<string, string>): ShopifyFakeRecord[] {
    let rows = [...fake[resource]].sort((a, b) => a.id - b.id);
    if (filters.ids) {
      const ids = new Set(filters.ids.split(',').map(Number));
      rows = rows.filter((r) => ids.has(r.id));
    }
    if (filters.since_id) rows = rows.filter((r) => r.id > Number(filters.since_id));
    for (const [param, field, cmp] of [
      ['created_at_min', 'created_at', 1],
      ['created_at_max', 'created_at', -1],
      ['updated_at_min', 'updated_at', 1],
      ['updated_at_max', 'updated_at', -1],
    ] as const) {
      const bound = filters[param];
      if (bound) rows = rows.filter((r) => (cmp === 1 ? time(get(r, field)) >= time(bound) : time(get(r, field)) <= time(bound)));
    }
    const status = filters.status;
    if (resource === 'orders') {
      const s = status ?? 'open';
      if (s === 'open') rows = rows.filter((r) => !get(r, 'closed_at') && !get(r, 'cancelled_at'));
      else if (s === 'closed') rows = rows.filter((r) => Boolean(get(r, 'closed_at')));
      else if (s === 'cancelled') rows = rows.filter((r) => Boolean(get(r, 'cancelled_at')));
    } else if (resource === 'checkouts') {
      const s = status ?? 'open';
      if (s === 'open') rows = rows.filter((r) => !get(r, 'completed_at'));
      else if (s === 'closed') rows = rows.filter((r) => Boolean(get(r, 'completed_at')));
    } else if (resource === 'products' && status) {
      const wanted = new Set(status.split(','));
      rows = rows.filter((r) => wanted.has(String(get(r, 'status') ?? 'active')));
    }
    if (resource === 'orders' && filters.financial_status && filters.financial_status !== 'any') rows = rows.filter((r) => get(r, 'financial_status') === filters.financial_status);
    return rows;
  }

  const encode = (cursor: { r: Resource; f: Record<string, string>; o: number }) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
  function decode(pageInfo: string, resource: Resource): { f: Record<string, string>; o: number } | null {
    try {
      const c = JSON.parse(Buffer.from(pageInfo, 'base64url').toString('utf8')) as { r?: unknown; f?: unknown; o?: unknown };
      if (c.r !== resource || !c.f || typeof c.f !== 'object' || typeof c.o !== 'number' || !Number.isInteger(c.o) || c.o < 0) return null;
      return { f: c.f as Record<string, string>, o: c.o };
    } catch {
      return null;
    }
  }

  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://shop.invalid');
      const query = Object.fromEntries(url.searchParams);
      const m = /^\/admin\/api\/([^/]+)\/(\w+)\.json$/.exec(url.pathname);
      const resource = m?.[2] as Resource | undefined;
      const tokenHeader = req.headers['x-shopify-access-token'];
      const token = typeof tokenHeader === 'string' ? tokenHeader : null;
      const record = (status: number) => fake.requests.push({ resource: resource ?? url.pathname, query, token, status });
      if (req.method !== 'GET' || !m || m[1] !== fake.version || !RESOURCES.includes(resource!)) {
        record(404);
        return send(res, 404, { errors: 'Not Found' });
      }
      if (token !== fake.accessToken) {
        record(401);
        return send(res, 401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      }
      const throttle = fake.throttleNext.shift();
      if (throttle !== undefined) {
        record(429);
        return send(res, 429, { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' }, { 'retry-after': throttle.toFixed(1) });
      }
      const failure = fake.failNext.shift();
      if (failure !== undefined) {
        record(failure);
        return send(res, failure, { errors: FAILURES[failure] ?? 'Error' });
      }
      const limitText = query.limit ?? '50';
      const limit = /^\d+$/.test(limitText) ? Number(limitText) : NaN;
      if (!(limit >= 1 && limit <= 250)) {
        record(400);
        return send(res, 400, { errors: { limit: ['must be between 1 and 250'] } });
      }
      let filters: Record<string, string>;
      let offset = 0;
      if (query.page_info !== undefined) {
        const extra = Object.keys(query).filter((k) => k !== 'page_info' && k !== 'limit' && k !== 'fields');
        const cursor = decode(query.page_info, resource!);
        if (extra.length > 0 || !cursor) {
          record(400);
          return send(res, 400, { errors: { page_info: [extra.length > 0 ? `cannot be given with ${extra.join(', ')} (only limit and fields)` : 'Invalid value.'] } });
        }
        filters = cursor.f;
        offset = cursor.o;
      } else {
        const unknown = Object.keys(query).find((k) => !FILTERS.has(k));
        if (unknown) {
          record(400);
          return send(res, 400, { errors: { [unknown]: ['is not a valid parameter'] } });
        }
        const { limit: _limit, fields: _fields, ...rest } = query;
        filters = rest;
      }
      const rows = select(resource!, filters);
      const pageRows = rows.slice(offset, offset + limit);
      const fields = query.fields?.split(',').map((f) => f.trim());
      const items = fields ? pageRows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => fields.includes(k)))) : pageRows;
      const base = `${fake.url}/admin/api/${fake.version}/${resource}.json`;
      const linkOf = (o: number, rel: string) => `<${base}?limit=${limit}${fields ? `&fields=${encodeURIComponent(fields.join(','))}` : ''}&page_info=${encode({ r: resource!, f: filters, o })}>; rel="${rel}"`;
      const links: string[] = [];
      if (offset > 0) links.push(linkOf(Math.max(0, offset - limit), 'previous'));
      if (offset + limit < rows.length) links.push(linkOf(offset + limit, 'next'));
      record(200);
      send(res, 200, { [resource!]: items }, links.length > 0 ? { link: links.join(', ') } : {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
