import { AppError, parseRut, type EgressGuard } from '@smarteros/kernel';
import Big from 'big.js';

/**
 * A client for Odoo (19 and earlier), for operators who keep Odoo as their ERP. One interface, two transports, both
 * through the egress guard:
 *
 * - JSON-2 (Odoo 19): `POST {baseUrl}/json/2/<model>/<method>` with `Authorization: bearer <api key>`, an optional
 *   `X-Odoo-Database`, a JSON object of named parameters (`ids`, `context` and the method's own), the bare JSON result
 *   with 200, and real HTTP errors: 4xx/5xx with `{ name, message, arguments, context, debug }`.
 * - Legacy JSON-RPC (`/jsonrpc`, deprecated since 19 and removed in 22): `{ jsonrpc: '2.0', method: 'call', params:
 *   { service, method, args }, id }`; the uid comes from `common.authenticate`, every call is `object.execute_kw(db,
 *   uid, password or API key, model, method, args, kwargs)`, and errors come inside an HTTP 200 as `{ error: { code,
 *   message, data: { name, message, arguments, debug } } }`. Newer Odoo versions serve it only where the deprecated RPC
 *   services are switched on (otherwise they answer a JSON-RPC 404: kind not_found).
 *
 * Every Odoo refusal becomes an OdooError whose kind says what it is, whatever the protocol. The traceback Odoo sends
 * (`debug`) is never kept: it is the remote server's internals. An egress refusal is the guard's AppError, unchanged.
 */

export type OdooProtocol = 'json2' | 'jsonrpc';
export type OdooErrorKind = 'auth' | 'not_found' | 'validation' | 'access' | 'server' | 'network';

export class OdooError extends Error {
  readonly kind: OdooErrorKind;
  readonly protocol: OdooProtocol;
  /** The HTTP status (JSON-2, or a JSON-RPC answer that was not a 200); null when no answer came. */
  readonly status: number | null;
  /** The Python exception's qualified name (`odoo.exceptions.ValidationError`), when Odoo said it. */
  readonly odooName: string | null;
  /** Worth trying again later (no answer, a 5xx, a 429 from a proxy); the others need a change first. */
  readonly retryable: boolean;
  constructor(kind: OdooErrorKind, message: string, info: { protocol: OdooProtocol; status?: number | null; odooName?: string | null; cause?: unknown }) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
    this.name = 'OdooError';
    this.kind = kind;
    this.protocol = info.protocol;
    this.status = info.status ?? null;
    this.odooName = info.odooName ?? null;
    this.retryable = kind === 'network' || (this.status !== null && (this.status >= 500 || this.status === 429));
  }
}

/** The kind of an Odoo exception by its qualified name (both protocols send it); undefined when the name says nothing. */
export function odooErrorKindOf(name: string | null | undefined): OdooErrorKind | undefined {
  if (!name) return undefined;
  const short = name.slice(name.lastIndexOf('.') + 1);
  switch (short) {
    case 'AccessDenied':
    case 'Unauthorized':
    case 'SessionExpiredException':
    case 'Forbidden':
      return 'auth';
    case 'AccessError':
      return 'access';
    case 'MissingError':
    case 'NotFound':
      return 'not_found';
    case 'ValidationError':
    case 'UserError':
    case 'RedirectWarning':
    case 'UnprocessableEntity':
    case 'BadRequest':
      return 'validation';
    default:
      return undefined;
  }
}

const kindOfStatus = (status: number): OdooErrorKind =>
  status === 401 || status === 403 ? 'auth' : status === 404 ? 'not_found' : status === 400 || status === 422 ? 'validation' : 'server';

export type OdooOperator = '=' | '!=' | 'in' | 'not in' | 'like' | 'ilike' | 'not ilike' | '=like' | '=ilike' | '>' | '>=' | '<' | '<=' | 'child_of';
export type OdooDomainTerm = readonly [field: string, operator: OdooOperator, value: unknown];
/** A search domain: terms joined by an implicit AND, with optional prefix operators `&`, `|`, `!`. */
export type OdooDomain = ReadonlyArray<OdooDomainTerm | '&' | '|' | '!'>;
export type OdooRecord = Record<string, unknown> & { id: number };
export type OdooContext = Record<string, unknown>;

/** Named parameters of one model method: `ids` (the records it runs on), `context`, and the method's own. */
export interface OdooParams {
  ids?: number[];
  context?: OdooContext;
  [name: string]: unknown;
}

export type OdooConnection =
  | {
      protocol: 'json2';
      /** The Odoo server, e.g. https://mycompany.odoo.com (no path). */
      baseUrl: string;
      /** A user's API key (Preferences → Account Security → New API Key); the user should be a dedicated bot user. */
      apiKey: string;
      /** Sent as X-Odoo-Database; needed only where one server hosts several databases. */
      database?: string;
    }
  | {
      protocol: 'jsonrpc';
      baseUrl: string;
      database: string;
      /** The user's login (usually an email). */
      login: string;
      /** The user's password or, better, one of its API keys (Odoo accepts both for RPC). */
      password: string;
    };

export interface OdooClientOptions {
  egress: EgressGuard;
  connection: OdooConnection;
  /** Time allowed for one HTTP call (default 30 s). */
  timeoutMs?: number;
  /** Sent as User-Agent (Odoo recommends naming the software). */
  userAgent?: string;
}

export interface OdooSearchOptions {
  limit?: number;
  offset?: number;
  /** e.g. `'write_date asc, id asc'`. */
  order?: string;
  context?: OdooContext;
}

/** A product.product in neutral shape. */
export interface OdooProduct {
  /** product.product id. */
  external_ref: string;
  odoo_id: number;
  /** default_code; null when the product has none. */
  sku: string | null;
  name: string;
  /** list_price as a decimal string (Odoo keeps it as a float; printed exactly as Odoo sent it, never re-rounded). */
  price: string;
  /** taxes_id: the account.tax ids applied on sale. */
  tax_ids: number[];
  barcode: string | null;
  category: { id: number; name: string } | null;
  active: boolean;
  /** write_date as ISO 8601 (UTC). */
  updated_at: string | null;
}

/** Stock of one product summed over Odoo's internal locations. Quantities are decimal strings. */
export interface OdooStockLevel {
  odoo_product_id: number;
  sku: string | null;
  on_hand: string;
  reserved: string;
  available: string;
}

export interface OdooPartnerInput {
  /** The customer's RUT in any spelling; sent as `vat` in the form Odoo's Chilean localization keeps. */
  rut: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  street?: string | null;
  city?: string | null;
  /** Our external id, kept in the partner's `ref`: what makes the upsert idempotent. */
  ref: string;
}

export interface OdooSaleOrderLineInput {
  /** The product's default_code in Odoo. */
  sku: string;
  quantity: number | string;
  price_unit: number | string;
  /** Percent, 0 to 100. */
  discount?: number | string;
}

export interface OdooSaleOrderInput {
  /** Our order id, kept in `client_order_ref`: an order is created once per external id. */
  external_id: string;
  /** res.partner id (from upsertPartner). */
  partner_id: number;
  lines: OdooSaleOrderLineInput[];
  date_order?: Date | string;
}

export interface OdooUpsertResult {
  id: number;
  created: boolean;
}

export interface OdooClient {
  readonly protocol: OdooProtocol;
  /** One model method with named parameters (JSON-2's body; execute_kw's args and kwargs for JSON-RPC). */
  call<T = unknown>(model: string, method: string, params?: OdooParams): Promise<T>;
  searchRead<T extends OdooRecord = OdooRecord>(model: string, domain: OdooDomain, fields: string[], options?: OdooSearchOptions): Promise<T[]>;
  /** Creates one record; answers its id. */
  create(model: string, vals: Record<string, unknown>, context?: OdooContext): Promise<number>;
  write(model: string, ids: number[], vals: Record<string, unknown>, context?: OdooContext): Promise<boolean>;
  /** product.product in id order (archived ones too, `active: false`), written at or after `since` when given. */
  pullProducts(options: { since?: Date | string; limit: number; offset?: number }): Promise<OdooProduct[]>;
  /** stock.quant summed per product over internal locations (usage 'internal'), products in id order. */
  pullStock(): Promise<OdooStockLevel[]>;
  /** res.partner found by `ref` (archived ones too) and written, or created. */
  upsertPartner(input: OdooPartnerInput): Promise<OdooUpsertResult>;
  /** sale.order found by `client_order_ref` (left as it is), or created with its lines (products by default_code). */
  upsertSaleOrder(input: OdooSaleOrderInput): Promise<OdooUpsertResult>;
}

const PRODUCT_FIELDS = ['default_code', 'name', 'list_price', 'taxes_id', 'barcode', 'categ_id', 'active', 'write_date'];
const QUANT_PAGE = 500;
const PRODUCT_PAGE_MAX = 1000;
/** Leading named parameters the legacy execute_kw gets positionally (Odoo's own legacy clients pass them so: create reads args[0]). */
const POSITIONAL: Record<string, readonly string[]> = { create: ['vals_list'], write: ['vals'] };

const invalid = (path: string, message: string) => new AppError('validation_failed', `${path}: ${message}`, { issues: [{ path, message }] });
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const many2one = (v: unknown): { id: number; name: string } | null =>
  Array.isArray(v) && typeof v[0] === 'number' ? { id: v[0], name: typeof v[1] === 'string' ? v[1] : '' } : null;
const idOf = (v: unknown): number | null => (typeof v === 'number' ? v : many2one(v)?.id ?? null);
/** Odoo's float fields as exact decimal text: the shortest text of the double Odoo sent (4990.0 → '4990'). */
const decimalOf = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? new Big(String(v)).toFixed() : '0');

/** Odoo datetimes are naive UTC 'YYYY-MM-DD HH:MM:SS'. */
export function toOdooDatetime(value: Date | string, field: string): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) throw invalid(field, 'not a date and time (ISO 8601)');
  return d.toISOString().slice(0, 19).replace('T', ' ');
}
const fromOdooDatetime = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(v) ? `${v.slice(0, 19).replace(' ', 'T')}Z` : null);

/**
 * A RUT as `vat` for Odoo's Chilean localization (l10n_cl): digits without dots, a hyphen, the check digit in upper
 * case — '76086428-5'. l10n_cl normalizes a Chilean RUT to exactly this (stdnum's format with the dots and the 'CL'
 * prefix removed), so what we write is what Odoo keeps and a later search by vat finds it.
 */
export function odooVatOfRut(rut: string, field = 'rut'): string {
  const parsed = parseRut(rut);
  if (!parsed.ok) throw invalid(field, parsed.message);
  return parsed.rut;
}

function decimalInput(value: number | string, field: string, check: (n: Big) => string | null): number {
  let n: Big;
  try {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('not finite');
    if (typeof value === 'string' && !/^-?\d+(\.\d+)?$/.test(value.trim())) throw new Error('not a decimal');
    n = new Big(typeof value === 'string' ? value.trim() : String(value));
  } catch {
    throw invalid(field, 'a decimal number (a dot before the decimals)');
  }
  const problem = check(n);
  if (problem) throw invalid(field, problem);
  // Odoo's quantity, price and discount fields are floats: JSON numbers are what it reads.
  return Number(n.toString());
}

interface Transport {
  execute(model: string, method: string, params: OdooParams): Promise<unknown>;
}

function createTransport(options: OdooClientOptions): Transport {
  const { egress, connection } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const protocol = connection.protocol;
  const base = connection.baseUrl.replace(/\/+$/, '');

  async function post(url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; json: unknown }> {
    let res: Response;
    try {
      res = await egress.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', 'user-agent': options.userAgent ?? 'SmarterOS', ...headers },
        body: JSON.stringify(body),
        maxRedirects: 0,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'egress_refused') throw err;
      const why = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err as Error).message;
      throw new OdooError('network', `Odoo did not answer: ${why}`, { protocol, cause: err });
    }
    const raw = await res.text().catch(() => '');
    let json: unknown;
    try {
      json = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      // An HTML page from a proxy, or a cut answer: judged by its status alone.
    }
    return { status: res.status, json };
  }

  const describe = (message: unknown, fallback: string) => (typeof message === 'string' && message !== '' ? message : fallback).slice(0, 500);

  if (connection.protocol === 'json2') {
    const headers: Record<string, string> = { authorization: `bearer ${connection.apiKey}` };
    if (connection.database) headers['x-odoo-database'] = connection.database;
    return {
      async execute(model, method, params) {
        const { status, json } = await post(`${base}/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`, headers, params);
        if (status === 200 && json !== undefined) return json;
        if (status === 200) throw new OdooError('server', 'Odoo answered 200 without a JSON body', { protocol, status });
        const err = (json && typeof json === 'object' ? json : {}) as { name?: unknown; message?: unknown };
        const name = typeof err.name === 'string' ? err.name : null;
        const kind = odooErrorKindOf(name) ?? kindOfStatus(status);
        throw new OdooError(kind, `Odoo refused ${model}.${method} (${status}): ${describe(err.message, 'no details')}`, { protocol, status, odooName: name });
      },
    };
  }

  const { database, login, password } = connection;
  let nextId = 1;
  let uid: Promise<number> | null = null;

  async function rpc(service: string, method: string, args: unknown[], what: string): Promise<unknown> {
    const id = nextId++;
    const { status, json } = await post(`${base}/jsonrpc`, {}, { jsonrpc: '2.0', method: 'call', params: { service, method, args }, id });
    const out = (json && typeof json === 'object' ? json : undefined) as
      | { id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown; data?: { name?: unknown; message?: unknown } } }
      | undefined;
    if (out?.error && typeof out.error === 'object') {
      const { code, data } = out.error;
      const name = typeof data?.name === 'string' ? data.name : null;
      const kind = odooErrorKindOf(name) ?? (code === 404 ? 'not_found' : code === 100 ? 'auth' : 'server');
      throw new OdooError(kind, `Odoo refused ${what}: ${describe(data?.message ?? out.error.message, 'no details')}`, { protocol, status, odooName: name });
    }
    if (status !== 200 || !out) {
      throw new OdooError(status === 200 ? 'server' : kindOfStatus(status), `Odoo answered ${status} to ${what} without a JSON-RPC answer`, { protocol, status });
    }
    if (out.id !== id) throw new OdooError('server', `Odoo answered ${what} with another request's id`, { protocol, status });
    // Odoo leaves `result` out when the method returned None.
    return out.result ?? null;
  }

  /** The uid, from common.authenticate once (shared by concurrent calls); a failed login is tried again next time. */
  function authenticate(): Promise<number> {
    if (uid) return uid;
    const pending = rpc('common', 'authenticate', [database, login, password, {}], 'common.authenticate').then((result) => {
      // authenticate answers false (not an error) for a wrong login or password.
      if (typeof result !== 'number') throw new OdooError('auth', `Odoo does not accept the login ${login} on the database ${database}`, { protocol, status: 200 });
      return result;
    });
    uid = pending;
    pending.catch(() => {
      if (uid === pending) uid = null;
    });
    return pending;
  }

  return {
    async execute(model, method, params) {
      const user = await authenticate();
      const { ids, ...rest } = params;
      const positional: unknown[] = ids !== undefined ? [ids] : [];
      const leading: string[] = [];
      for (const name of POSITIONAL[method] ?? []) {
        if (!(name in rest)) break;
        positional.push(rest[name]);
        leading.push(name);
      }
      const named = Object.fromEntries(Object.entries(rest).filter(([name]) => !leading.includes(name)));
      try {
        return await rpc('object', 'execute_kw', [database, user, password, model, method, positional, named], `${model}.${method}`);
      } catch (err) {
        // A password or key changed since the login: log in again on the next call.
        if (err instanceof OdooError && err.kind === 'auth') uid = null;
        throw err;
      }
    },
  };
}

export function createOdooClient(options: OdooClientOptions): OdooClient {
  const transport = createTransport(options);
  const protocol = options.connection.protocol;

  async function call<T>(model: string, method: string, params: OdooParams = {}): Promise<T> {
    return (await transport.execute(model, method, params)) as T;
  }

  async function searchRead<T extends OdooRecord>(model: string, domain: OdooDomain, fields: string[], opts: OdooSearchOptions = {}): Promise<T[]> {
    const params: OdooParams = { domain, fields };
    if (opts.limit !== undefined) params.limit = opts.limit;
    if (opts.offset !== undefined) params.offset = opts.offset;
    if (opts.order !== undefined) params.order = opts.order;
    if (opts.context !== undefined) params.context = opts.context;
    const out = await call<unknown>(model, 'search_read', params);
    if (!Array.isArray(out)) throw new OdooError('server', `Odoo answered ${model}.search_read with something other than a list`, { protocol });
    return out as T[];
  }

  async function create(model: string, vals: Record<string, unknown>, context?: OdooContext): Promise<number> {
    const out = await call<unknown>(model, 'create', { vals_list: [vals], ...(context ? { context } : {}) });
    const id = Array.isArray(out) ? out[0] : out;
    if (typeof id !== 'number') throw new OdooError('server', `Odoo answered ${model}.create without an id`, { protocol });
    return id;
  }

  async function write(model: string, ids: number[], vals: Record<string, unknown>, context?: OdooContext): Promise<boolean> {
    return (await call<unknown>(model, 'write', { ids, vals, ...(context ? { context } : {}) })) === true;
  }

  return {
    protocol,
    call,
    searchRead,
    create,
    write,

    async pullProducts({ since, limit, offset = 0 }) {
      if (!Number.isInteger(limit) || limit < 1 || limit > PRODUCT_PAGE_MAX) throw invalid('limit', `an integer from 1 to ${PRODUCT_PAGE_MAX}`);
      if (!Number.isInteger(offset) || offset < 0) throw invalid('offset', 'an integer, 0 or more');
      // At or after `since`: Odoo keeps whole seconds, so a product written in the same second as the last one seen
      // comes again rather than never (taking it twice is harmless, taking it never is not).
      const domain: OdooDomainTerm[] = since === undefined ? [] : [['write_date', '>=', toOdooDatetime(since, 'since')]];
      // active_test false: archived products come too, so a deactivation in Odoo reaches us.
      const rows = await searchRead('product.product', domain, PRODUCT_FIELDS, { limit, offset, order: 'id asc', context: { active_test: false } });
      return rows.map((r) => ({
        external_ref: String(r.id),
        odoo_id: r.id,
        sku: text(r.default_code),
        name: typeof r.name === 'string' ? r.name : '',
        price: decimalOf(r.list_price),
        tax_ids: Array.isArray(r.taxes_id) ? r.taxes_id.filter((t): t is number => typeof t === 'number') : [],
        barcode: text(r.barcode),
        category: many2one(r.categ_id),
        active: r.active !== false,
        updated_at: fromOdooDatetime(r.write_date),
      }));
    },

    async pullStock() {
      const sums = new Map<number, { on_hand: Big; reserved: Big }>();
      for (let offset = 0; ; offset += QUANT_PAGE) {
        const quants = await searchRead('stock.quant', [['location_id.usage', '=', 'internal']], ['product_id', 'location_id', 'quantity', 'reserved_quantity'], {
          limit: QUANT_PAGE,
          offset,
          order: 'id asc',
        });
        for (const q of quants) {
          const productId = idOf(q.product_id);
          if (productId === null) continue;
          const sum = sums.get(productId) ?? { on_hand: new Big(0), reserved: new Big(0) };
          sum.on_hand = sum.on_hand.plus(decimalOf(q.quantity));
          sum.reserved = sum.reserved.plus(decimalOf(q.reserved_quantity));
          sums.set(productId, sum);
        }
        if (quants.length < QUANT_PAGE) break;
      }
      const ids = [...sums.keys()].sort((a, b) => a - b);
      const skus = new Map<number, string | null>();
      for (let i = 0; i < ids.length; i += PRODUCT_PAGE_MAX) {
        const chunk = ids.slice(i, i + PRODUCT_PAGE_MAX);
        const products = await searchRead('product.product', [['id', 'in', chunk]], ['default_code'], { context: { active_test: false } });
        for (const p of products) skus.set(p.id, text(p.default_code));
      }
      return ids.map((id) => {
        const { on_hand, reserved } = sums.get(id)!;
        return { odoo_product_id: id, sku: skus.get(id) ?? null, on_hand: on_hand.toFixed(), reserved: reserved.toFixed(), available: on_hand.minus(reserved).toFixed() };
      });
    },

    async upsertPartner(input) {
      const ref = input.ref?.trim();
      if (!ref) throw invalid('ref', 'required (our external id)');
      const name = input.name?.trim();
      if (!name) throw invalid('name', 'required');
      const vals: Record<string, unknown> = { name, vat: odooVatOfRut(input.rut), ref };
      for (const key of ['email', 'phone', 'street', 'city'] as const) {
        const v = input[key];
        // Only what was given is written; null clears the field in Odoo (false).
        if (v !== undefined) vals[key] = v === null || v.trim() === '' ? false : v.trim();
      }
      const found = await searchRead('res.partner', [['ref', '=', ref]], ['id'], { limit: 1, order: 'id asc', context: { active_test: false } });
      const existing = found[0];
      if (existing) {
        await write('res.partner', [existing.id], vals);
        return { id: existing.id, created: false };
      }
      return { id: await create('res.partner', vals), created: true };
    },

    async upsertSaleOrder(input) {
      const ref = input.external_id?.trim();
      if (!ref) throw invalid('external_id', 'required');
      if (!Number.isSafeInteger(input.partner_id) || input.partner_id < 1) throw invalid('partner_id', 'a res.partner id');
      if (!Array.isArray(input.lines) || input.lines.length === 0) throw invalid('lines', 'at least one line');
      const lines = input.lines.map((l, i) => {
        const sku = typeof l.sku === 'string' ? l.sku.trim() : '';
        if (!sku) throw invalid(`lines[${i}].sku`, 'required');
        return {
          sku,
          quantity: decimalInput(l.quantity, `lines[${i}].quantity`, (n) => (n.gt(0) ? null : 'must be greater than 0')),
          price_unit: decimalInput(l.price_unit, `lines[${i}].price_unit`, (n) => (n.gte(0) ? null : 'must be 0 or more')),
          discount: l.discount === undefined ? 0 : decimalInput(l.discount, `lines[${i}].discount`, (n) => (n.gte(0) && n.lte(100) ? null : 'a percent from 0 to 100')),
        };
      });
      const dateOrder = input.date_order === undefined ? undefined : toOdooDatetime(input.date_order, 'date_order');

      const found = await searchRead('sale.order', [['client_order_ref', '=', ref]], ['id'], { limit: 1, order: 'id asc', context: { active_test: false } });
      if (found[0]) return { id: found[0].id, created: false };

      const skus = [...new Set(lines.map((l) => l.sku))];
      const products = await searchRead('product.product', [['default_code', 'in', skus]], ['default_code'], { order: 'id asc', context: { active_test: false } });
      const productOf = new Map<string, number>();
      // default_code is not unique in Odoo: the oldest product with the code wins.
      for (const p of products) if (typeof p.default_code === 'string' && !productOf.has(p.default_code)) productOf.set(p.default_code, p.id);
      const orderLines = lines.map((l, i) => {
        const productId = productOf.get(l.sku);
        if (productId === undefined) throw invalid(`lines[${i}].sku`, `no product in Odoo has the internal reference (default_code) ${l.sku}`);
        return [0, 0, { product_id: productId, product_uom_qty: l.quantity, price_unit: l.price_unit, discount: l.discount }];
      });
      const vals: Record<string, unknown> = { partner_id: input.partner_id, client_order_ref: ref, order_line: orderLines };
      if (dateOrder !== undefined) vals.date_order = dateOrder;
      return { id: await create('sale.order', vals), created: true };
    },
  };
}
