import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError, type EgressGuard } from '@smarteros/kernel';
import Big from 'big.js';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A client for Shopify's REST Admin API (2025-01), for shops that sell on Shopify and keep their books in SmarterOS:
 * `GET {shopUrl}/admin/api/{version}/{products|customers|orders|checkouts}.json` with `X-Shopify-Access-Token`, through
 * the egress guard. Pages follow the `Link` header's `page_info` cursor (the next request carries only `limit`, `fields`
 * and `page_info`, as Shopify requires); a 429 is retried after its `Retry-After` (a bounded number of times, never
 * longer than maxRetryDelayMs); other refusals are ShopifyError with a kind, from Shopify's `{ errors }` body.
 *
 * Mappers turn Shopify's objects into neutral shapes for the ERP. Money: Shopify writes amounts as decimal strings
 * ("10990.00"); they are read with big.js and become whole pesos (CLP, half up) without a float in between, and an
 * order's or checkout's parts are rounded so that they add up to its total exactly (largest remainder).
 *
 * Webhooks: verifyShopifyWebhook checks X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body with the app's
 * client secret) in constant time.
 */

export const SHOPIFY_API_VERSION = '2025-01';
const MAX_LIMIT = 250;

export type ShopifyErrorKind = 'auth' | 'forbidden' | 'not_found' | 'validation' | 'rate_limited' | 'server' | 'network';

export class ShopifyError extends Error {
  readonly kind: ShopifyErrorKind;
  /** The HTTP status; null when no answer came. */
  readonly status: number | null;
  /** The `errors` member of Shopify's answer, as it came (a string, a list, or messages by field). */
  readonly errors: unknown;
  /** For rate_limited: how long Shopify asked to wait. */
  readonly retryAfterMs: number | null;
  readonly retryable: boolean;
  constructor(kind: ShopifyErrorKind, message: string, info: { status?: number | null; errors?: unknown; retryAfterMs?: number | null; cause?: unknown } = {}) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
    this.name = 'ShopifyError';
    this.kind = kind;
    this.status = info.status ?? null;
    this.errors = info.errors ?? null;
    this.retryAfterMs = info.retryAfterMs ?? null;
    this.retryable = kind === 'network' || kind === 'rate_limited' || kind === 'server';
  }
}

/** Shopify's `errors` in one line: a string as it is, a list joined, `{ field: [messages] }` as `field: message`. */
export function shopifyErrorsText(errors: unknown): string | null {
  if (typeof errors === 'string') return errors;
  if (Array.isArray(errors)) return errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('; ');
  if (errors && typeof errors === 'object') {
    return Object.entries(errors as Record<string, unknown>)
      .map(([field, v]) => `${field}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('; ');
  }
  return null;
}

const kindOfStatus = (status: number): ShopifyErrorKind =>
  status === 401
    ? 'auth'
    : status === 402 || status === 403 || status === 423
      ? 'forbidden'
      : status === 404
        ? 'not_found'
        : status === 400 || status === 406 || status === 422
          ? 'validation'
          : status === 429
            ? 'rate_limited'
            : 'server';

// ---- Shopify's objects (the fields read here) ----

export interface ShopifyVariant {
  id: number;
  product_id?: number;
  title?: string;
  sku?: string | null;
  price?: string;
  compare_at_price?: string | null;
  inventory_quantity?: number;
  inventory_item_id?: number;
  barcode?: string | null;
  updated_at?: string;
}
export interface ShopifyProduct {
  id: number;
  title?: string;
  handle?: string;
  status?: string;
  vendor?: string;
  product_type?: string;
  updated_at?: string;
  variants?: ShopifyVariant[];
}
export interface ShopifyAddress {
  first_name?: string | null;
  last_name?: string | null;
  company?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  country_code?: string | null;
  zip?: string | null;
  phone?: string | null;
}
export interface ShopifyCustomer {
  id: number;
  email?: string | null;
  phone?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  created_at?: string;
  updated_at?: string;
  default_address?: ShopifyAddress | null;
  email_marketing_consent?: { state?: string } | null;
}
export interface ShopifyLineItem {
  id?: number;
  variant_id?: number | null;
  product_id?: number | null;
  sku?: string | null;
  title?: string;
  variant_title?: string | null;
  quantity: number;
  price: string;
  total_discount?: string;
  discount_allocations?: Array<{ amount: string }>;
}
export interface ShopifyShippingLine {
  title?: string;
  price: string;
  discounted_price?: string;
}
export interface ShopifyOrder {
  id: number;
  name?: string;
  order_number?: number;
  email?: string | null;
  phone?: string | null;
  currency: string;
  created_at?: string;
  updated_at?: string;
  cancelled_at?: string | null;
  closed_at?: string | null;
  financial_status?: string | null;
  fulfillment_status?: string | null;
  taxes_included?: boolean;
  total_price: string;
  total_tax?: string;
  total_discounts?: string;
  line_items: ShopifyLineItem[];
  shipping_lines?: ShopifyShippingLine[];
  customer?: ShopifyCustomer | null;
  shipping_address?: ShopifyAddress | null;
  billing_address?: ShopifyAddress | null;
}
/** An abandoned checkout (checkouts.json). */
export interface ShopifyCheckout {
  id: number;
  token?: string;
  email?: string | null;
  phone?: string | null;
  abandoned_checkout_url?: string | null;
  currency: string;
  created_at?: string;
  updated_at?: string;
  completed_at?: string | null;
  taxes_included?: boolean;
  total_price: string;
  total_tax?: string;
  line_items: ShopifyLineItem[];
  shipping_lines?: ShopifyShippingLine[];
  customer?: ShopifyCustomer | null;
  shipping_address?: ShopifyAddress | null;
  billing_address?: ShopifyAddress | null;
}

export interface ShopifyResources {
  products: ShopifyProduct;
  customers: ShopifyCustomer;
  orders: ShopifyOrder;
  checkouts: ShopifyCheckout;
}
export type ShopifyResource = keyof ShopifyResources;
export type ShopifyQuery = Record<string, string | number | boolean | undefined>;

export interface ShopifyPage<T> {
  items: T[];
  /** The cursor of the next page; null on the last one. */
  next_page_info: string | null;
  previous_page_info: string | null;
}

export interface ShopifyListOptions {
  /** Start from this cursor (a next_page_info from before) instead of the first page. */
  pageInfo?: string;
  /** At most this many pages (default 50); the answer's next_page_info says where to go on. */
  maxPages?: number;
}

export interface ShopifyClientOptions {
  egress: EgressGuard;
  /** https://{shop}.myshopify.com */
  shopUrl: string;
  /** The app's Admin API access token. */
  accessToken: string;
  apiVersion?: string;
  /** Time allowed for one HTTP call (default 30 s). */
  timeoutMs?: number;
  /** How many times a 429 is retried (default 3). */
  maxRetries?: number;
  /** The longest wait a Retry-After may ask for (default 10 s); longer, the call fails at once as rate_limited. */
  maxRetryDelayMs?: number;
  /** Waits between retries (injectable in tests). */
  sleep?: (ms: number) => Promise<void>;
}

export interface ShopifyClient {
  page<R extends ShopifyResource>(resource: R, query?: ShopifyQuery, pageInfo?: string): Promise<ShopifyPage<ShopifyResources[R]>>;
  pages<R extends ShopifyResource>(resource: R, query?: ShopifyQuery, options?: ShopifyListOptions): AsyncGenerator<ShopifyPage<ShopifyResources[R]>>;
  list<R extends ShopifyResource>(resource: R, query?: ShopifyQuery, options?: ShopifyListOptions): Promise<{ items: Array<ShopifyResources[R]>; next_page_info: string | null }>;
  products(query?: ShopifyQuery, options?: ShopifyListOptions): Promise<{ items: ShopifyProduct[]; next_page_info: string | null }>;
  customers(query?: ShopifyQuery, options?: ShopifyListOptions): Promise<{ items: ShopifyCustomer[]; next_page_info: string | null }>;
  /** Orders of every status (`status=any`) unless the query says otherwise; Shopify's default is open ones only. */
  orders(query?: ShopifyQuery, options?: ShopifyListOptions): Promise<{ items: ShopifyOrder[]; next_page_info: string | null }>;
  abandonedCheckouts(query?: ShopifyQuery, options?: ShopifyListOptions): Promise<{ items: ShopifyCheckout[]; next_page_info: string | null }>;
}

const invalid = (path: string, message: string) => new AppError('validation_failed', `${path}: ${message}`, { issues: [{ path, message }] });
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The page_info cursors of a Link header, by rel. */
export function parseShopifyLink(header: string | null): { next: string | null; previous: string | null } {
  const out: { next: string | null; previous: string | null } = { next: null, previous: null };
  if (!header) return out;
  for (const m of header.matchAll(/<([^>]*)>\s*;\s*rel="?(next|previous)"?/g)) {
    try {
      out[m[2] as 'next' | 'previous'] = new URL(m[1]!).searchParams.get('page_info');
    } catch {
      // a link that is not a URL gives no cursor
    }
  }
  return out;
}

/** Retry-After in milliseconds (Shopify sends seconds, "2.0"); null when absent or unreadable. */
function retryAfterMs(header: string | null): number | null {
  if (header === null || !/^\d+(\.\d+)?$/.test(header.trim())) return null;
  return Math.ceil(Number(header.trim()) * 1000);
}

export function createShopifyClient(options: ShopifyClientOptions): ShopifyClient {
  const { egress } = options;
  const base = `${options.shopUrl.replace(/\/+$/, '')}/admin/api/${options.apiVersion ?? SHOPIFY_API_VERSION}`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 3;
  const maxDelay = options.maxRetryDelayMs ?? 10_000;
  const sleep = options.sleep ?? defaultSleep;

  async function get(path: string, params: URLSearchParams): Promise<{ body: Record<string, unknown>; link: string | null }> {
    const url = `${base}/${path}${params.size > 0 ? `?${params}` : ''}`;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await egress.fetch(url, {
          method: 'GET',
          headers: { 'x-shopify-access-token': options.accessToken, accept: 'application/json' },
          maxRedirects: 0,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        if (err instanceof AppError && err.code === 'egress_refused') throw err;
        const why = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err as Error).message;
        throw new ShopifyError('network', `Shopify did not answer: ${why}`, { cause: err });
      }
      const raw = await res.text().catch(() => '');
      let body: unknown;
      try {
        body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        // not JSON (a proxy's page): judged by the status alone
      }
      const errors = body && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
      if (res.status === 429) {
        const wait = retryAfterMs(res.headers.get('retry-after')) ?? 2000;
        if (attempt < maxRetries && wait <= maxDelay) {
          await sleep(wait);
          continue;
        }
        throw new ShopifyError('rate_limited', `Shopify is rate limiting this app: ${shopifyErrorsText(errors) ?? 'too many requests'}`.slice(0, 500), {
          status: 429,
          errors,
          retryAfterMs: wait,
        });
      }
      if (res.ok && body && typeof body === 'object' && !Array.isArray(body)) return { body: body as Record<string, unknown>, link: res.headers.get('link') };
      if (res.ok) throw new ShopifyError('server', `Shopify answered ${res.status} without a JSON object`, { status: res.status });
      const why = shopifyErrorsText(errors) ?? `Shopify answered ${res.status}`;
      throw new ShopifyError(kindOfStatus(res.status), `Shopify refused ${path} (${res.status}): ${why}`.slice(0, 500), { status: res.status, errors });
    }
  }

  async function page<R extends ShopifyResource>(resource: R, query: ShopifyQuery = {}, pageInfo?: string): Promise<ShopifyPage<ShopifyResources[R]>> {
    const params = new URLSearchParams();
    const limit = query.limit;
    if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)) throw invalid('limit', `an integer from 1 to ${MAX_LIMIT}`);
    if (pageInfo !== undefined) {
      // With page_info Shopify takes only limit and fields: the cursor carries the first request's filters.
      if (limit !== undefined) params.set('limit', String(limit));
      if (query.fields !== undefined) params.set('fields', String(query.fields));
      params.set('page_info', pageInfo);
    } else {
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    }
    const { body, link } = await get(`${resource}.json`, params);
    const items = body[resource];
    if (!Array.isArray(items)) throw new ShopifyError('server', `Shopify's answer has no ${resource} list`, { status: 200 });
    const cursors = parseShopifyLink(link);
    return { items: items as Array<ShopifyResources[R]>, next_page_info: cursors.next, previous_page_info: cursors.previous };
  }

  async function* pages<R extends ShopifyResource>(resource: R, query: ShopifyQuery = {}, opts: ShopifyListOptions = {}): AsyncGenerator<ShopifyPage<ShopifyResources[R]>> {
    const maxPages = opts.maxPages ?? 50;
    if (!Number.isInteger(maxPages) || maxPages < 1) throw invalid('maxPages', 'an integer, 1 or more');
    let cursor = opts.pageInfo;
    for (let n = 0; n < maxPages; n++) {
      const p = await page(resource, query, cursor);
      yield p;
      if (p.next_page_info === null) return;
      cursor = p.next_page_info;
    }
  }

  async function list<R extends ShopifyResource>(resource: R, query: ShopifyQuery = {}, opts: ShopifyListOptions = {}) {
    const items: Array<ShopifyResources[R]> = [];
    let next: string | null = null;
    for await (const p of pages(resource, query, opts)) {
      items.push(...p.items);
      next = p.next_page_info;
    }
    return { items, next_page_info: next };
  }

  return {
    page,
    pages,
    list,
    products: (query = {}, opts = {}) => list('products', { limit: MAX_LIMIT, ...query }, opts),
    customers: (query = {}, opts = {}) => list('customers', { limit: MAX_LIMIT, ...query }, opts),
    orders: (query = {}, opts = {}) => list('orders', { limit: MAX_LIMIT, status: 'any', ...query }, opts),
    abandonedCheckouts: (query = {}, opts = {}) => list('checkouts', { limit: MAX_LIMIT, ...query }, opts),
  };
}

// ---- money ----

const ROUND_DOWN = 0;
const ROUND_HALF_UP = 1;
const ROUND_UP = 3;

/** A money amount as Shopify writes it ("10990.00"): exact, or a validation error naming the field. Floats are refused. */
export function shopifyDecimal(value: unknown, field: string): Big {
  if (typeof value !== 'string' || !/^-?\d{1,15}(\.\d{1,10})?$/.test(value.trim())) throw invalid(field, 'a decimal amount as a string, such as "10990.00"');
  return new Big(value.trim());
}

/** Whole pesos, half up ("4990.50" → 4991). */
export function clpOf(value: unknown, field: string): number {
  return pesos(shopifyDecimal(value, field));
}

const pesos = (n: Big): number => Number(n.round(0, ROUND_HALF_UP).toFixed(0));
const floorOf = (n: Big): Big => (n.gte(0) ? n.round(0, ROUND_DOWN) : n.round(0, ROUND_UP));

/**
 * Whole pesos for each part, adding up to the whole of their exact sum rounded half up: each part is its floor or its
 * ceiling, the ones with the largest fractions (the first of equal ones) taking the ceiling.
 */
export function allocatePesos(parts: Big[]): { total: number; parts: number[] } {
  const exact = parts.reduce((s, p) => s.plus(p), new Big(0));
  const total = pesos(exact);
  const floors = parts.map(floorOf);
  const rests = parts.map((p, i) => p.minus(floors[i]!));
  let missing = total - floors.reduce((s, f) => s + Number(f.toFixed(0)), 0);
  const out = floors.map((f) => Number(f.toFixed(0)));
  const order = rests.map((r, i) => ({ r, i })).sort((a, b) => b.r.cmp(a.r) || a.i - b.i);
  for (const { r, i } of order) {
    if (missing <= 0 || r.eq(0)) break;
    out[i]! += 1;
    missing -= 1;
  }
  return { total, parts: out };
}

// ---- mappers ----

export interface ShopifyNeutralVariant {
  external_ref: string;
  sku: string | null;
  title: string;
  /** The price as exact decimal text ("4990.5"). */
  price: string;
  price_clp: number;
  compare_at_price_clp: number | null;
  inventory_quantity: number | null;
  barcode: string | null;
  inventory_item_id: string | null;
}

export interface ShopifyNeutralProduct {
  external_ref: string;
  title: string;
  handle: string | null;
  /** active, draft or archived. */
  status: string;
  vendor: string | null;
  product_type: string | null;
  updated_at: string | null;
  variants: ShopifyNeutralVariant[];
}

export interface ShopifyNeutralAddress {
  street: string | null;
  city: string | null;
  region: string | null;
  country_code: string | null;
  zip: string | null;
}

export interface ShopifyNeutralCustomer {
  external_ref: string;
  email: string | null;
  /** E.164 (+56987654321); null when Shopify has none or it is not a valid number. */
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  name: string | null;
  accepts_marketing: boolean;
  address: ShopifyNeutralAddress | null;
  updated_at: string | null;
}

export interface ShopifyNeutralLine {
  external_ref: string | null;
  sku: string | null;
  variant_id: string | null;
  product_id: string | null;
  title: string;
  quantity: number;
  /** The unit price rounded to pesos (informative where the price has decimals: total_clp is what counts). */
  unit_price_clp: number;
  /** The discounts allocated to the line, rounded. */
  discount_clp: number;
  /** price × quantity − discounts, in whole pesos, the lines and the other parts adding up to the total. */
  total_clp: number;
}

/**
 * An order in neutral shape. Its parts add up to the total, always:
 * Σ lines.total_clp + shipping_clp + (taxes_included ? 0 : tax_clp) + adjustment_clp === total_clp.
 * adjustment_clp is what Shopify's total holds beyond the lines, shipping and tax (tips, duties, a discount not
 * allocated to lines); 0 for most orders. Amounts are as the order was placed (refunds are not subtracted).
 */
export interface ShopifyNeutralOrder {
  external_ref: string;
  name: string | null;
  number: number | null;
  email: string | null;
  phone: string | null;
  customer_ref: string | null;
  currency: 'CLP';
  taxes_included: boolean;
  financial_status: string | null;
  fulfillment_status: string | null;
  cancelled: boolean;
  created_at: string | null;
  updated_at: string | null;
  lines: ShopifyNeutralLine[];
  shipping_clp: number;
  /** The tax; inside the line totals when taxes_included, one of the parts otherwise. */
  tax_clp: number;
  discount_clp: number;
  adjustment_clp: number;
  total_clp: number;
}

/** An abandoned checkout: who (email, phone), where to come back (abandoned_checkout_url), what, and when. Parts add up as an order's. */
export interface ShopifyNeutralCheckout {
  external_ref: string;
  token: string | null;
  email: string | null;
  phone: string | null;
  abandoned_checkout_url: string | null;
  customer_ref: string | null;
  currency: 'CLP';
  taxes_included: boolean;
  lines: ShopifyNeutralLine[];
  shipping_clp: number;
  tax_clp: number;
  adjustment_clp: number;
  total_clp: number;
  created_at: string | null;
  updated_at: string | null;
  completed_at: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const idText = (v: unknown): string | null => (typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' && /^\d+$/.test(v) ? v : null);
const isoOf = (v: unknown): string | null => {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};
const emailOf = (v: unknown): string | null => str(v)?.toLowerCase() ?? null;
/** E.164 for a phone Shopify keeps (Chilean numbers may lack +56). */
export function shopifyPhone(...candidates: unknown[]): string | null {
  for (const c of candidates) {
    const s = str(c);
    const parsed = s ? parsePhoneNumberFromString(s, 'CL') : undefined;
    if (parsed?.isValid()) return parsed.number;
  }
  return null;
}

function requireId(v: unknown, field: string): string {
  const id = idText(v);
  if (id === null) throw invalid(field, 'a Shopify id');
  return id;
}

function clpCurrency(v: unknown, field: string): 'CLP' {
  if (v !== 'CLP') throw invalid(field, `the shop's currency must be CLP (it is ${typeof v === 'string' ? v : 'missing'})`);
  return 'CLP';
}

function addressOf(a: ShopifyAddress | null | undefined): ShopifyNeutralAddress | null {
  if (!a) return null;
  const street = [str(a.address1), str(a.address2)].filter(Boolean).join(', ') || null;
  const out = { street, city: str(a.city), region: str(a.province), country_code: str(a.country_code)?.toUpperCase() ?? null, zip: str(a.zip) };
  return Object.values(out).some((v) => v !== null) ? out : null;
}

export function mapShopifyProduct(p: ShopifyProduct): ShopifyNeutralProduct {
  const ref = requireId(p?.id, 'id');
  const variants = Array.isArray(p.variants) ? p.variants : [];
  return {
    external_ref: ref,
    title: str(p.title) ?? '',
    handle: str(p.handle),
    status: str(p.status) ?? 'active',
    vendor: str(p.vendor),
    product_type: str(p.product_type),
    updated_at: isoOf(p.updated_at),
    variants: variants.map((v, i) => {
      const price = shopifyDecimal(v.price, `variants[${i}].price`);
      return {
        external_ref: requireId(v.id, `variants[${i}].id`),
        sku: str(v.sku),
        title: str(v.title) ?? '',
        price: price.toFixed(),
        price_clp: pesos(price),
        compare_at_price_clp: v.compare_at_price == null ? null : clpOf(v.compare_at_price, `variants[${i}].compare_at_price`),
        inventory_quantity: typeof v.inventory_quantity === 'number' && Number.isInteger(v.inventory_quantity) ? v.inventory_quantity : null,
        barcode: str(v.barcode),
        inventory_item_id: idText(v.inventory_item_id),
      };
    }),
  };
}

export function mapShopifyCustomer(c: ShopifyCustomer): ShopifyNeutralCustomer {
  const first = str(c?.first_name);
  const last = str(c?.last_name);
  return {
    external_ref: requireId(c?.id, 'id'),
    email: emailOf(c.email),
    phone: shopifyPhone(c.phone, c.default_address?.phone),
    first_name: first,
    last_name: last,
    name: [first, last].filter(Boolean).join(' ') || null,
    accepts_marketing: c.email_marketing_consent?.state === 'subscribed',
    address: addressOf(c.default_address),
    updated_at: isoOf(c.updated_at),
  };
}

interface Amounts {
  lines: ShopifyNeutralLine[];
  shipping_clp: number;
  tax_clp: number;
  adjustment_clp: number;
  total_clp: number;
  taxes_included: boolean;
}

/** The lines, shipping and tax of an order or checkout, in pesos that add up to its total. */
function amountsOf(o: { line_items: ShopifyLineItem[]; shipping_lines?: ShopifyShippingLine[]; total_price: string; total_tax?: string; taxes_included?: boolean }): Amounts {
  if (!Array.isArray(o.line_items)) throw invalid('line_items', 'a list');
  const taxesIncluded = o.taxes_included === true;
  const total = shopifyDecimal(o.total_price, 'total_price');
  const tax = o.total_tax === undefined ? new Big(0) : shopifyDecimal(o.total_tax, 'total_tax');
  const lines = o.line_items.map((l, i) => {
    const at = `line_items[${i}]`;
    if (!Number.isInteger(l.quantity) || l.quantity < 0) throw invalid(`${at}.quantity`, 'a whole number, 0 or more');
    const price = shopifyDecimal(l.price, `${at}.price`);
    const discount = Array.isArray(l.discount_allocations)
      ? l.discount_allocations.reduce((s, d, j) => s.plus(shopifyDecimal(d?.amount, `${at}.discount_allocations[${j}].amount`)), new Big(0))
      : l.total_discount === undefined
        ? new Big(0)
        : shopifyDecimal(l.total_discount, `${at}.total_discount`);
    return { l, price, discount, net: price.times(l.quantity).minus(discount) };
  });
  const shipping = (Array.isArray(o.shipping_lines) ? o.shipping_lines : []).reduce(
    (s, sl, i) => s.plus(shopifyDecimal(sl.discounted_price ?? sl.price, `shipping_lines[${i}].${sl.discounted_price === undefined ? 'price' : 'discounted_price'}`)),
    new Big(0),
  );
  const taxPart = taxesIncluded ? new Big(0) : tax;
  const known = lines.reduce((s, x) => s.plus(x.net), new Big(0)).plus(shipping).plus(taxPart);
  const adjustment = total.minus(known);
  const { total: totalClp, parts } = allocatePesos([...lines.map((x) => x.net), shipping, taxPart, adjustment]);
  const n = lines.length;
  return {
    lines: lines.map(({ l, price, discount }, i) => ({
      external_ref: idText(l.id),
      sku: str(l.sku),
      variant_id: idText(l.variant_id),
      product_id: idText(l.product_id),
      title: [str(l.title), str(l.variant_title)].filter(Boolean).join(' - '),
      quantity: l.quantity,
      unit_price_clp: pesos(price),
      discount_clp: pesos(discount),
      total_clp: parts[i]!,
    })),
    shipping_clp: parts[n]!,
    tax_clp: taxesIncluded ? pesos(tax) : parts[n + 1]!,
    adjustment_clp: parts[n + 2]!,
    total_clp: totalClp,
    taxes_included: taxesIncluded,
  };
}

export function mapShopifyOrder(o: ShopifyOrder): ShopifyNeutralOrder {
  const ref = requireId(o?.id, 'id');
  const currency = clpCurrency(o.currency, 'currency');
  const amounts = amountsOf(o);
  return {
    external_ref: ref,
    name: str(o.name),
    number: typeof o.order_number === 'number' ? o.order_number : null,
    email: emailOf(o.email) ?? emailOf(o.customer?.email),
    phone: shopifyPhone(o.phone, o.customer?.phone, o.billing_address?.phone, o.shipping_address?.phone),
    customer_ref: idText(o.customer?.id),
    currency,
    taxes_included: amounts.taxes_included,
    financial_status: str(o.financial_status),
    fulfillment_status: str(o.fulfillment_status),
    cancelled: typeof o.cancelled_at === 'string' && o.cancelled_at !== '',
    created_at: isoOf(o.created_at),
    updated_at: isoOf(o.updated_at),
    lines: amounts.lines,
    shipping_clp: amounts.shipping_clp,
    tax_clp: amounts.tax_clp,
    discount_clp: o.total_discounts === undefined ? 0 : clpOf(o.total_discounts, 'total_discounts'),
    adjustment_clp: amounts.adjustment_clp,
    total_clp: amounts.total_clp,
  };
}

export function mapShopifyCheckout(c: ShopifyCheckout): ShopifyNeutralCheckout {
  const ref = requireId(c?.id, 'id');
  const currency = clpCurrency(c.currency, 'currency');
  const amounts = amountsOf(c);
  return {
    external_ref: ref,
    token: str(c.token),
    email: emailOf(c.email) ?? emailOf(c.customer?.email),
    phone: shopifyPhone(c.phone, c.customer?.phone, c.billing_address?.phone, c.shipping_address?.phone),
    abandoned_checkout_url: str(c.abandoned_checkout_url),
    customer_ref: idText(c.customer?.id),
    currency,
    taxes_included: amounts.taxes_included,
    lines: amounts.lines,
    shipping_clp: amounts.shipping_clp,
    tax_clp: amounts.tax_clp,
    adjustment_clp: amounts.adjustment_clp,
    total_clp: amounts.total_clp,
    created_at: isoOf(c.created_at),
    updated_at: isoOf(c.updated_at),
    completed_at: isoOf(c.completed_at),
  };
}

// ---- webhooks ----

const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * X-Shopify-Hmac-Sha256: the base64 HMAC-SHA256 of the raw request body (the bytes as they came, before any JSON
 * parsing) with the app's client secret. Compared in constant time; false for a missing, malformed or wrong header,
 * or an empty secret.
 */
export function verifyShopifyWebhook(rawBody: Buffer, hmacHeader: string | undefined, secret: string): boolean {
  if (typeof hmacHeader !== 'string' || typeof secret !== 'string' || secret === '' || !Buffer.isBuffer(rawBody)) return false;
  const given = hmacHeader.trim();
  if (!BASE64_SHA256.test(given)) return false;
  const a = Buffer.from(given, 'base64');
  const b = createHmac('sha256', secret).update(rawBody).digest();
  return a.length === b.length && timingSafeEqual(a, b);
}
