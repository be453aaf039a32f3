import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Odoo 19's two external APIs on one loopback server, as Odoo documents and answers them:
 *
 * - JSON-2: `POST /json/2/<model>/<method>` with `Authorization: bearer <api key>` (401 `werkzeug.exceptions.Unauthorized`
 *   "Invalid apikey" otherwise) and an optional `X-Odoo-Database` (another database's name: 404, the route does not exist
 *   there). The body is a JSON object of named parameters (`ids`, `context`, the method's own); the answer is the bare
 *   JSON result with 200, or `{ name, message, arguments, context, debug }` with the exception's status: UserError and
 *   ValidationError 422, AccessError and AccessDenied 403, MissingError 404, werkzeug's NotFound 404 (unknown model or
 *   method), UnprocessableEntity 422 (ids given to an @api.model method, an unknown parameter), BadRequest 400 (a body
 *   that is not JSON), anything else 500.
 * - Legacy JSON-RPC: `POST /jsonrpc` with `{ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id }`.
 *   `common.login(db, login, password)` and `common.authenticate(db, login, password, env)` answer the uid, or false;
 *   `object.execute_kw(db, uid, password, model, method, args, kwargs)` (the password may be an API key). Every answer is
 *   an HTTP 200: `{ jsonrpc, id, result }` or `{ jsonrpc, id, error: { code: 200, message: 'Odoo Server Error', data:
 *   { name, debug, message, arguments, context } } }` (code 404 for werkzeug's NotFound). A wrong uid or password is
 *   odoo.exceptions.AccessDenied, an unknown model a UserError ("Object x doesn't exist"), an unknown database
 *   psycopg2's OperationalError.
 *
 * The store holds product.product, product.category, account.tax, stock.location, stock.quant, res.partner, sale.order
 * and sale.order.line; search_read, search, search_count, read, create, write and unlink work on all of them, with
 * domains of `=`, `!=`, `in`, `not in`, `like`, `ilike`, `not ilike`, `=like`, `=ilike`, `>`, `>=`, `<`, `<=`, dotted
 * paths through many2one fields (`location_id.usage`), prefix `&`, `|`, `!`, and `active_test` (archived records are
 * left out unless the context says `active_test: false` or the domain names `active`). Read answers many2one fields as
 * `[id, display_name]` or false, x2many as id lists, empty char fields as false, datetimes as 'YYYY-MM-DD HH:MM:SS'.
 * res.partner's `vat` is checked as l10n_cl does for a Chilean RUT (ValidationError otherwise); sale.order gets a name
 * S00001…, its order_line from `[0, 0, vals]` commands. The default order is by id.
 */

export type OdooFakeValue = string | number | boolean | number[] | null;
export type OdooFakeRecord = Record<string, OdooFakeValue> & { id: number };

export interface OdooFakeCall {
  protocol: 'json2' | 'jsonrpc';
  service: 'object' | 'common';
  model: string | null;
  method: string;
  /** The X-Odoo-Database header (JSON-2) or the database argument (JSON-RPC). */
  database: string | null;
}

export interface OdooFake {
  url: string;
  database: string;
  /** API keys accepted as bearer tokens (JSON-2) and in place of the password (JSON-RPC). */
  apiKeys: Set<string>;
  login: string;
  password: string;
  uid: number;
  /** Records by model, by id. */
  store: Map<string, Map<number, OdooFakeRecord>>;
  /** Every authenticated request, in order. */
  calls: OdooFakeCall[];
  /** Exceptions the next model method calls raise (either protocol), next first: `{ name: 'odoo.exceptions.ValidationError', message }`. */
  failNext: Array<{ name: string; message: string }>;
  /** Models whose records this user may not touch (AccessError). */
  denied: Set<string>;
  /** The time write_date and create_date are stamped with. */
  now: () => Date;
  /** Writes a record directly (defaults applied, no checks); answers its id. */
  insert(model: string, vals: Record<string, OdooFakeValue>): number;
  /** A model's stored records, in id order. */
  records(model: string): OdooFakeRecord[];
  /** How many calls of this model method came (both protocols, or one). */
  count(model: string, method: string, protocol?: 'json2' | 'jsonrpc'): number;
  close(): Promise<void>;
}

type FieldType = 'char' | 'float' | 'integer' | 'boolean' | 'datetime' | 'selection' | 'many2one' | 'many2many' | 'one2many';
interface FieldDef {
  type: FieldType;
  relation?: string;
  /** one2many: the many2one field on the related model. */
  inverse?: string;
  required?: boolean;
  readonly?: boolean;
}
interface ModelDef {
  description: string;
  fields: Record<string, FieldDef>;
  display(r: OdooFakeRecord, fake: Store): string;
}

type Store = Map<string, Map<number, OdooFakeRecord>>;

const COMMON: Record<string, FieldDef> = {
  id: { type: 'integer', readonly: true },
  display_name: { type: 'char', readonly: true },
  create_date: { type: 'datetime', readonly: true },
  write_date: { type: 'datetime', readonly: true },
};

const MODELS: Record<string, ModelDef> = {
  'product.category': {
    description: 'Product Category',
    fields: { name: { type: 'char', required: true }, complete_name: { type: 'char' } },
    display: (r) => String(r.complete_name || r.name),
  },
  'account.tax': {
    description: 'Tax',
    fields: { name: { type: 'char', required: true }, amount: { type: 'float' }, type_tax_use: { type: 'selection' }, price_include: { type: 'boolean' } },
    display: (r) => String(r.name),
  },
  'product.product': {
    description: 'Product Variant',
    fields: {
      name: { type: 'char', required: true },
      default_code: { type: 'char' },
      list_price: { type: 'float' },
      taxes_id: { type: 'many2many', relation: 'account.tax' },
      barcode: { type: 'char' },
      categ_id: { type: 'many2one', relation: 'product.category' },
      active: { type: 'boolean' },
      type: { type: 'selection' },
    },
    display: (r) => (r.default_code ? `[${r.default_code}] ${r.name}` : String(r.name)),
  },
  'stock.location': {
    description: 'Inventory Locations',
    fields: { name: { type: 'char', required: true }, complete_name: { type: 'char' }, usage: { type: 'selection', required: true }, active: { type: 'boolean' } },
    display: (r) => String(r.complete_name || r.name),
  },
  'stock.quant': {
    description: 'Quants',
    fields: {
      product_id: { type: 'many2one', relation: 'product.product', required: true },
      location_id: { type: 'many2one', relation: 'stock.location', required: true },
      quantity: { type: 'float' },
      reserved_quantity: { type: 'float' },
    },
    display: (r, s) => displayOf(s, 'product.product', r.product_id ?? false),
  },
  'res.partner': {
    description: 'Contact',
    fields: {
      name: { type: 'char', required: true },
      vat: { type: 'char' },
      email: { type: 'char' },
      phone: { type: 'char' },
      street: { type: 'char' },
      city: { type: 'char' },
      ref: { type: 'char' },
      is_company: { type: 'boolean' },
      active: { type: 'boolean' },
    },
    display: (r) => String(r.name),
  },
  'sale.order': {
    description: 'Sales Order',
    fields: {
      name: { type: 'char', readonly: true },
      partner_id: { type: 'many2one', relation: 'res.partner', required: true },
      client_order_ref: { type: 'char' },
      date_order: { type: 'datetime' },
      state: { type: 'selection', readonly: true },
      order_line: { type: 'one2many', relation: 'sale.order.line', inverse: 'order_id' },
      amount_untaxed: { type: 'float', readonly: true },
    },
    display: (r) => String(r.name),
  },
  'sale.order.line': {
    description: 'Sales Order Line',
    fields: {
      order_id: { type: 'many2one', relation: 'sale.order', required: true },
      product_id: { type: 'many2one', relation: 'product.product', required: true },
      name: { type: 'char' },
      product_uom_qty: { type: 'float' },
      price_unit: { type: 'float' },
      discount: { type: 'float' },
    },
    display: (r, s) => `${displayOf(s, 'sale.order', r.order_id ?? false)} - ${r.name}`,
  },
};

function fieldsOf(model: string): Record<string, FieldDef> {
  return { ...COMMON, ...MODELS[model]!.fields };
}

function displayOf(store: Store, model: string, id: OdooFakeValue): string {
  const r = typeof id === 'number' ? store.get(model)?.get(id) : undefined;
  return r ? MODELS[model]!.display(r, store) : '';
}

/** An exception as Odoo raises it: its qualified name, its message, and (werkzeug's) the HTTP code it carries. */
class Raised extends Error {
  readonly pyName: string;
  readonly code: number | undefined;
  constructor(pyName: string, message: string, code?: number) {
    super(message);
    this.pyName = pyName;
    this.code = code;
  }
}

const userError = (m: string) => new Raised('odoo.exceptions.UserError', m);
const validationError = (m: string) => new Raised('odoo.exceptions.ValidationError', m);
const valueError = (m: string) => new Raised('ValueError', m);
const notFound = (m: string) => new Raised('werkzeug.exceptions.NotFound', m, 404);
const unprocessable = (m: string) => new Raised('werkzeug.exceptions.UnprocessableEntity', m, 422);

/** The status JSON-2 answers an exception with (UserError.http_status and its subclasses', werkzeug's code, else 500). */
function json2Status(e: Raised): number {
  if (e.code !== undefined) return e.code;
  const short = e.pyName.slice(e.pyName.lastIndexOf('.') + 1);
  if (short === 'AccessError' || short === 'AccessDenied') return 403;
  if (short === 'MissingError') return 404;
  if (short === 'UserError' || short === 'ValidationError' || short === 'RedirectWarning') return 422;
  return 500;
}

const traceback = (e: Raised) =>
  `Traceback (most recent call last):\n  File "/opt/odoo/odoo/http.py", line 2212, in _transactioning\n    return service_model.retrying(func, env=self.env)\n  File "/opt/odoo/odoo/service/model.py", line 176, in retrying\n    result = func()\n${e.pyName}: ${e.message}\n`;

const serialize = (e: Raised, context: Record<string, unknown>) => ({
  name: e.pyName,
  message: e.message,
  arguments: e.code !== undefined ? [e.message, e.code] : [e.message],
  context,
  debug: traceback(e),
});

/** l10n_cl: a Chilean RUT is kept as digits, a hyphen and the check digit (76086428-5), and must pass modulo 11. */
function validChileanVat(vat: string): boolean {
  const m = /^(\d{1,8})-([\dK])$/.exec(vat);
  if (!m) return false;
  let sum = 0;
  let weight = 2;
  for (let i = m[1]!.length - 1; i >= 0; i--) {
    sum += Number(m[1]![i]) * weight;
    weight = weight === 7 ? 2 : weight + 1;
  }
  const dv = 11 - (sum % 11);
  return (dv === 11 ? '0' : dv === 10 ? 'K' : String(dv)) === m[2];
}

const odooDatetime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

interface MethodSpec {
  /** @api.model: no ids. */
  model: boolean;
  params: string[];
}
const METHODS: Record<string, MethodSpec> = {
  search_read: { model: true, params: ['domain', 'fields', 'offset', 'limit', 'order'] },
  search: { model: true, params: ['domain', 'offset', 'limit', 'order'] },
  search_count: { model: true, params: ['domain', 'limit'] },
  create: { model: true, params: ['vals_list'] },
  read: { model: false, params: ['fields'] },
  write: { model: false, params: ['vals'] },
  unlink: { model: false, params: [] },
};

export async function startOdoo(options: { database?: string; apiKey?: string; login?: string; password?: string } = {}): Promise<OdooFake> {
  const store: Store = new Map(Object.keys(MODELS).map((m) => [m, new Map<number, OdooFakeRecord>()]));
  const nextId = new Map<string, number>();
  let orderSeq = 0;

  // One object, handed out as it is: a test may change its fields (now, password, uid) while the server runs.
  const fake: OdooFake = {
    url: '',
    close: async () => undefined,
    database: options.database ?? 'tienda',
    apiKeys: new Set([options.apiKey ?? 'odoo-api-key-0123456789abcdef']),
    login: options.login ?? 'bot@tienda.cl',
    password: options.password ?? 'clave-secreta',
    uid: 7,
    store,
    calls: [],
    failNext: [],
    denied: new Set(),
    now: () => new Date(),
    insert: (model, vals) => insert(model, vals),
    records: (model) => [...(store.get(model)?.values() ?? [])].sort((a, b) => a.id - b.id),
    count: (model, method, protocol) => fake.calls.filter((c) => c.model === model && c.method === method && (!protocol || c.protocol === protocol)).length,
  };

  function defaults(model: string, id: number): OdooFakeRecord {
    const now = odooDatetime(fake.now());
    const r: OdooFakeRecord = { id, create_date: now, write_date: now };
    for (const [name, def] of Object.entries(MODELS[model]!.fields)) {
      if (def.type === 'one2many') continue;
      r[name] = def.type === 'many2many' ? [] : def.type === 'float' || def.type === 'integer' ? 0 : name === 'active' ? true : false;
    }
    return r;
  }

  function insert(model: string, vals: Record<string, OdooFakeValue>): number {
    const table = store.get(model);
    if (!table) throw new Error(`the fake has no model ${model}`);
    const id = (nextId.get(model) ?? 0) + 1;
    nextId.set(model, Math.max(id, typeof vals.id === 'number' ? vals.id : 0));
    const r = { ...defaults(model, id), ...vals, id: typeof vals.id === 'number' ? vals.id : id };
    table.set(r.id, r);
    return r.id;
  }

  // Reference data of a fresh database with the Chilean localization and Inventory.
  insert('product.category', { name: 'All', complete_name: 'All' });
  insert('product.category', { name: 'Saleable', complete_name: 'All / Saleable' });
  insert('account.tax', { name: 'IVA 19% Venta', amount: 19, type_tax_use: 'sale', price_include: false });
  for (const [name, complete_name, usage] of [
    ['Physical Locations', 'Physical Locations', 'view'],
    ['Vendors', 'Partners/Vendors', 'supplier'],
    ['Customers', 'Partners/Customers', 'customer'],
    ['Stock', 'WH/Stock', 'internal'],
    ['Shelf 1', 'WH/Stock/Shelf 1', 'internal'],
    ['Inventory adjustment', 'Virtual Locations/Inventory adjustment', 'inventory'],
  ] as const) {
    insert('stock.location', { name, complete_name, usage });
  }

  // ---- the ORM ----

  /** The values a path (`location_id.usage`) leads to from a record: one for plain fields, several through x2many. */
  function valuesAt(model: string, r: OdooFakeRecord, path: string[], leaf: string): OdooFakeValue[] {
    const [head, ...rest] = path;
    const def = fieldsOf(model)[head!];
    if (!def) throw valueError(`Invalid field ${model}.${head} in leaf ${leaf}`);
    const own = readRaw(model, r, head!);
    if (rest.length === 0) return [own];
    if (!def.relation) throw valueError(`Invalid field ${model}.${head} in leaf ${leaf}: not a relational field`);
    const ids = Array.isArray(own) ? own : typeof own === 'number' ? [own] : [];
    return ids.flatMap((id) => {
      const next = store.get(def.relation!)!.get(id);
      return next ? valuesAt(def.relation!, next, rest, leaf) : [];
    });
  }

  /** A stored value, with one2many fields and display_name computed. */
  function readRaw(model: string, r: OdooFakeRecord, field: string): OdooFakeValue {
    if (field === 'display_name') return MODELS[model]!.display(r, store);
    const def = fieldsOf(model)[field];
    if (def?.type === 'one2many') {
      return [...store.get(def.relation!)!.values()].filter((x) => x[def.inverse!] === r.id).map((x) => x.id).sort((a, b) => a - b);
    }
    return r[field] ?? false;
  }

  const likeRegex = (pattern: string, flags: string) =>
    new RegExp(`^${pattern.replace(/[.*+?^${}()[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, flags);

  function matchOne(model: string, field: string, v: OdooFakeValue, op: string, value: unknown, leaf: string): boolean {
    const def = fieldsOf(model)[field.split('.')[0]!];
    const empty = v === false || v === null || (Array.isArray(v) && v.length === 0);
    switch (op) {
      case '=':
        if (value === false || value === null) return empty;
        return Array.isArray(v) ? v.includes(value as number) : v === value;
      case '!=':
        if (value === false || value === null) return !empty;
        return Array.isArray(v) ? !v.includes(value as number) : v !== value;
      case 'in':
      case 'not in': {
        if (!Array.isArray(value)) throw valueError(`Invalid leaf ${leaf}: the value of ${op} must be a list`);
        const hit = Array.isArray(v) ? v.some((x) => value.includes(x)) : empty ? value.includes(false) : value.includes(v);
        return op === 'in' ? hit : !hit;
      }
      case 'like':
      case 'ilike':
      case 'not ilike':
      case '=like':
      case '=ilike': {
        if (typeof value !== 'string') throw valueError(`Invalid leaf ${leaf}: ${op} needs a string`);
        const textual = def?.type === 'many2one' && !field.includes('.') ? displayOf(store, def.relation!, v) : typeof v === 'string' ? v : '';
        const pattern = op.startsWith('=') ? value : `%${value}%`;
        const hit = likeRegex(pattern, op === 'like' || op === '=like' ? 's' : 'is').test(textual);
        return op === 'not ilike' ? !hit : hit;
      }
      case '>':
      case '>=':
      case '<':
      case '<=': {
        if (empty || (typeof v !== 'number' && typeof v !== 'string') || (typeof value !== 'number' && typeof value !== 'string')) return false;
        const a = v;
        const b = value;
        return op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
      }
      default:
        throw valueError(`Invalid leaf ${leaf}: unknown operator ${JSON.stringify(op)}`);
    }
  }

  function matchTerm(model: string, r: OdooFakeRecord, term: unknown): boolean {
    if (!Array.isArray(term) || term.length !== 3 || typeof term[0] !== 'string' || typeof term[1] !== 'string') {
      throw valueError(`Invalid leaf ${JSON.stringify(term)}`);
    }
    const [field, op, value] = term as [string, string, unknown];
    const leaf = `(${JSON.stringify(field)}, ${JSON.stringify(op)}, ${JSON.stringify(value)})`;
    const values = valuesAt(model, r, field.split('.'), leaf);
    const negative = op === '!=' || op === 'not in' || op === 'not ilike';
    if (values.length === 0) return matchOne(model, field, false, op, value, leaf);
    return negative ? values.every((v) => matchOne(model, field, v, op, value, leaf)) : values.some((v) => matchOne(model, field, v, op, value, leaf));
  }

  /** Prefix-notation domain with an implicit AND between top-level expressions. */
  function matches(model: string, r: OdooFakeRecord, domain: unknown[]): boolean {
    let i = 0;
    const expr = (): boolean => {
      if (i >= domain.length) throw valueError('Invalid domain: an operator is missing its operands');
      const t = domain[i++];
      if (t === '&') {
        const a = expr();
        const b = expr();
        return a && b;
      }
      if (t === '|') {
        const a = expr();
        const b = expr();
        return a || b;
      }
      if (t === '!') return !expr();
      return matchTerm(model, r, t);
    };
    let ok = true;
    while (i < domain.length) ok = expr() && ok;
    return ok;
  }

  const OPERATORS = new Set(['=', '!=', 'in', 'not in', 'like', 'ilike', 'not ilike', '=like', '=ilike', '>', '>=', '<', '<=']);

  /** Odoo checks a domain before it runs it: every leaf's shape, operator and field path (whatever the records). */
  function checkDomain(model: string, domain: unknown[]): void {
    for (const t of domain) {
      if (t === '&' || t === '|' || t === '!') continue;
      if (!Array.isArray(t) || t.length !== 3 || typeof t[0] !== 'string' || typeof t[1] !== 'string') throw valueError(`Invalid leaf ${JSON.stringify(t)}`);
      const leaf = `(${JSON.stringify(t[0])}, ${JSON.stringify(t[1])}, ${JSON.stringify(t[2])})`;
      if (!OPERATORS.has(t[1])) throw valueError(`Invalid leaf ${leaf}: unknown operator ${JSON.stringify(t[1])}`);
      let current = model;
      const path = t[0].split('.');
      path.forEach((name, i) => {
        const def = fieldsOf(current)[name];
        if (!def) throw valueError(`Invalid field ${current}.${name} in leaf ${leaf}`);
        if (i < path.length - 1) {
          if (!def.relation) throw valueError(`Invalid field ${current}.${name} in leaf ${leaf}: not a relational field`);
          current = def.relation;
        }
      });
    }
  }

  const mentions = (domain: unknown[], field: string) => domain.some((t) => Array.isArray(t) && t[0] === field);

  function search(model: string, domain: unknown, context: Record<string, unknown>, opts: { offset?: unknown; limit?: unknown; order?: unknown }): OdooFakeRecord[] {
    if (domain != null && !Array.isArray(domain)) throw valueError(`Invalid domain: ${JSON.stringify(domain)}`);
    const dom = (domain ?? []) as unknown[];
    checkDomain(model, dom);
    const fields = fieldsOf(model);
    const activeTest = 'active' in fields && context.active_test !== false && !mentions(dom, 'active');
    let rows = fake.records(model).filter((r) => (!activeTest || r.active !== false) && matches(model, r, dom));
    const order = typeof opts.order === 'string' && opts.order.trim() !== '' ? opts.order : 'id';
    const keys = order.split(',').map((part) => {
      const [f, dir = 'asc'] = part.trim().split(/\s+/);
      if (!f || !(f in fields) || !/^(asc|desc)$/i.test(dir)) throw valueError(`Invalid "order" specified (${order}).`);
      return { f, desc: dir.toLowerCase() === 'desc' };
    });
    rows = rows.sort((a, b) => {
      for (const { f, desc } of keys) {
        const x = readRaw(model, a, f);
        const y = readRaw(model, b, f);
        const c = x === y ? 0 : x === false ? -1 : y === false ? 1 : (x as number | string) < (y as number | string) ? -1 : 1;
        if (c !== 0) return desc ? -c : c;
      }
      return a.id - b.id;
    });
    const offset = typeof opts.offset === 'number' ? opts.offset : 0;
    const limit = typeof opts.limit === 'number' ? opts.limit : undefined;
    return rows.slice(offset, limit === undefined ? undefined : offset + limit);
  }

  function read(model: string, rows: OdooFakeRecord[], fieldsArg: unknown): Array<Record<string, unknown>> {
    const defs = fieldsOf(model);
    const names = Array.isArray(fieldsArg) && fieldsArg.length > 0 ? (fieldsArg as unknown[]) : Object.keys(defs);
    for (const f of names) if (typeof f !== 'string' || !(f in defs)) throw valueError(`Invalid field ${JSON.stringify(f)} on model ${JSON.stringify(model)}`);
    return rows.map((r) => {
      const out: Record<string, unknown> = { id: r.id };
      for (const f of names as string[]) {
        const def = defs[f]!;
        const v = readRaw(model, r, f);
        if (def.type === 'many2one') out[f] = typeof v === 'number' ? [v, displayOf(store, def.relation!, v)] : false;
        else if (def.type === 'char' || def.type === 'selection' || def.type === 'datetime') out[f] = v === '' || v === null ? false : v;
        else out[f] = v;
      }
      return out;
    });
  }

  /** Checks and converts vals for create or write (commands for x2many); answers the stored values and the one2many commands. */
  function prepare(model: string, vals: unknown, creating: boolean): { stored: Record<string, OdooFakeValue>; lines: Array<{ field: string; vals: Record<string, unknown> }> } {
    if (!vals || typeof vals !== 'object' || Array.isArray(vals)) throw valueError(`Invalid values for ${model}: ${JSON.stringify(vals)}`);
    const defs = fieldsOf(model);
    const stored: Record<string, OdooFakeValue> = {};
    const lines: Array<{ field: string; vals: Record<string, unknown> }> = [];
    for (const [f, v] of Object.entries(vals as Record<string, unknown>)) {
      const def = defs[f];
      if (!def) throw valueError(`Invalid field ${JSON.stringify(f)} in ${JSON.stringify(model)}`);
      if (def.readonly) continue; // Odoo ignores values for readonly fields
      switch (def.type) {
        case 'many2one':
          if (v === false || v === null) stored[f] = false;
          else if (typeof v === 'number' && store.get(def.relation!)!.has(v)) stored[f] = v;
          else throw validationError(`The operation cannot be completed: the ${def.relation} record ${JSON.stringify(v)} set on ${model}.${f} does not exist.`);
          break;
        case 'many2many': {
          if (!Array.isArray(v)) throw valueError(`Invalid value for ${model}.${f}: ${JSON.stringify(v)}`);
          let ids: number[] = [];
          for (const c of v) {
            if (typeof c === 'number') ids.push(c);
            else if (Array.isArray(c) && c[0] === 6 && Array.isArray(c[2])) ids = [...(c[2] as number[])];
            else if (Array.isArray(c) && c[0] === 4 && typeof c[1] === 'number') ids.push(c[1]);
            else if (Array.isArray(c) && c[0] === 5) ids = [];
            else throw valueError(`Invalid command for ${model}.${f}: ${JSON.stringify(c)}`);
          }
          stored[f] = [...new Set(ids)];
          break;
        }
        case 'one2many':
          if (!Array.isArray(v)) throw valueError(`Invalid value for ${model}.${f}: ${JSON.stringify(v)}`);
          for (const c of v) {
            if (!Array.isArray(c) || c[0] !== 0 || !c[2] || typeof c[2] !== 'object') throw valueError(`Invalid command for ${model}.${f}: ${JSON.stringify(c)}`);
            lines.push({ field: f, vals: c[2] as Record<string, unknown> });
          }
          break;
        case 'float':
        case 'integer':
          if (typeof v !== 'number' && v !== false) throw valueError(`Invalid value for ${model}.${f}: ${JSON.stringify(v)} is not a number`);
          stored[f] = v === false ? 0 : v;
          break;
        case 'boolean':
          stored[f] = Boolean(v);
          break;
        case 'datetime':
          if (v !== false && (typeof v !== 'string' || !/^\d{4}-\d\d-\d\d( \d\d:\d\d:\d\d)?$/.test(v))) {
            throw valueError(`time data ${JSON.stringify(v)} does not match format '%Y-%m-%d %H:%M:%S'`);
          }
          stored[f] = v === false ? false : (v as string).length === 10 ? `${v} 00:00:00` : (v as string);
          break;
        default:
          if (v !== false && typeof v !== 'string') throw valueError(`Invalid value for ${model}.${f}: ${JSON.stringify(v)}`);
          stored[f] = v === '' ? false : (v as string | false);
      }
    }
    if (creating) {
      for (const [f, def] of Object.entries(defs)) {
        if (def.required && !def.readonly && (stored[f] === undefined || stored[f] === false)) {
          throw validationError(`The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Model: ${MODELS[model]!.description} (${model})\n- Field: ${f}`);
        }
      }
    }
    return { stored, lines };
  }

  function checkModelRules(model: string, r: OdooFakeRecord): void {
    if (model === 'res.partner' && typeof r.vat === 'string' && !validChileanVat(r.vat)) {
      throw validationError(`The VAT number [${r.vat}] for partner [${r.name}] does not seem to be valid. \nNote: the expected format is 76086428-5`);
    }
  }

  function createOne(model: string, vals: unknown): number {
    const { stored, lines } = prepare(model, vals, true);
    if (model === 'sale.order') {
      stored.name = `S${String(++orderSeq).padStart(5, '0')}`;
      stored.state = 'draft';
      if (stored.date_order === undefined || stored.date_order === false) stored.date_order = odooDatetime(fake.now());
    }
    if (model === 'sale.order.line' && typeof stored.product_id === 'number') {
      const product = store.get('product.product')!.get(stored.product_id)!;
      if (vals && typeof vals === 'object' && !('price_unit' in vals)) stored.price_unit = product.list_price as number;
      if (vals && typeof vals === 'object' && !('product_uom_qty' in vals)) stored.product_uom_qty = 1;
      if (!stored.name) stored.name = displayOf(store, 'product.product', product.id);
    }
    const id = (nextId.get(model) ?? 0) + 1;
    const r: OdooFakeRecord = { ...defaults(model, id), ...stored };
    checkModelRules(model, r);
    nextId.set(model, id);
    store.get(model)!.set(id, r);
    for (const line of lines) {
      const def = fieldsOf(model)[line.field]!;
      try {
        createOne(def.relation!, { ...line.vals, [def.inverse!]: id });
      } catch (err) {
        // One transaction: the order goes with its lines.
        for (const l of [...store.get(def.relation!)!.values()]) if (l[def.inverse!] === id) store.get(def.relation!)!.delete(l.id);
        store.get(model)!.delete(id);
        throw err;
      }
    }
    if (model === 'sale.order') recompute(id);
    return id;
  }

  function recompute(orderId: number): void {
    const order = store.get('sale.order')!.get(orderId)!;
    let cents = 0;
    for (const l of store.get('sale.order.line')!.values()) {
      if (l.order_id !== orderId) continue;
      cents += Math.round((l.product_uom_qty as number) * (l.price_unit as number) * (1 - (l.discount as number) / 100) * 100);
    }
    order.amount_untaxed = cents / 100;
  }

  function browse(model: string, ids: unknown): OdooFakeRecord[] {
    if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'number')) throw valueError(`Invalid ids: ${JSON.stringify(ids)}`);
    const table = store.get(model)!;
    const missing = (ids as number[]).filter((id) => !table.has(id));
    if (missing.length > 0) {
      throw new Raised('odoo.exceptions.MissingError', `Record does not exist or has been deleted.\n(Record: ${model}(${missing.join(', ')},), User: ${fake.uid})`);
    }
    return (ids as number[]).map((id) => table.get(id)!);
  }

  /** One model method, bound to its named parameters (both protocols land here). */
  function invoke(model: string, method: string, ids: unknown, named: Record<string, unknown>, context: Record<string, unknown>): unknown {
    const injected = fake.failNext.shift();
    if (injected) throw new Raised(injected.name, injected.message);
    if (fake.denied.has(model)) {
      throw new Raised(
        'odoo.exceptions.AccessError',
        `You are not allowed to access '${MODELS[model]!.description}' (${model}) records.\n\nThis operation is allowed for the following groups:\n\t- Sales/Administrator\n\nContact your administrator to request access if necessary.`,
      );
    }
    switch (method) {
      case 'search_read':
        return read(model, search(model, named.domain, context, named), named.fields);
      case 'search':
        return search(model, named.domain, context, named).map((r) => r.id);
      case 'search_count':
        return search(model, named.domain, context, { limit: named.limit }).length;
      case 'read':
        return read(model, browse(model, ids), named.fields);
      case 'create': {
        const list = named.vals_list;
        if (Array.isArray(list)) return list.map((vals) => createOne(model, vals));
        return createOne(model, list);
      }
      case 'write': {
        const rows = browse(model, ids);
        const { stored, lines } = prepare(model, named.vals, false);
        if (lines.length > 0) throw valueError('The fake writes no one2many commands');
        for (const r of rows) checkModelRules(model, { ...r, ...stored });
        for (const r of rows) Object.assign(r, stored, { write_date: odooDatetime(fake.now()) });
        return true;
      }
      case 'unlink':
        for (const r of browse(model, ids)) store.get(model)!.delete(r.id);
        return true;
      default:
        throw new Error(`unreachable: ${method}`);
    }
  }

  // ---- HTTP ----

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  function json2(req: IncomingMessage, res: ServerResponse, raw: Buffer, model: string, method: string): void {
    const fail = (e: Raised, context: Record<string, unknown> = {}) => send(res, json2Status(e), serialize(e, context));
    const db = typeof req.headers['x-odoo-database'] === 'string' ? req.headers['x-odoo-database'] : null;
    if (db !== null && db !== fake.database) return fail(notFound('The requested URL was not found on the server.'));
    const auth = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!auth || !fake.apiKeys.has(auth[1]!.trim())) return fail(new Raised('werkzeug.exceptions.Unauthorized', 'Invalid apikey', 401));
    fake.calls.push({ protocol: 'json2', service: 'object', model, method, database: db });
    let body: Record<string, unknown> = {};
    if (raw.length > 0) {
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'));
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the body must be a JSON object');
        body = parsed as Record<string, unknown>;
      } catch (err) {
        return fail(new Raised('werkzeug.exceptions.BadRequest', `could not parse the body as json: ${(err as Error).message}`, 400));
      }
    }
    const { ids = [], context = {}, ...named } = body;
    const ctx = context && typeof context === 'object' ? (context as Record<string, unknown>) : {};
    try {
      if (!MODELS[model]) throw notFound(`the model '${model}' does not exist`);
      if (method.startsWith('_')) throw new Raised('odoo.exceptions.AccessError', `Private methods (such as '${model}.${method}') cannot be called remotely.`);
      const spec = METHODS[method];
      if (!spec) throw notFound(`The method '${method}' does not exist on the model '${model}'`);
      if (spec.model && Array.isArray(ids) && ids.length > 0) throw unprocessable(`cannot call ${model}.${method} with ids`);
      const unknown = Object.keys(named).find((k) => !spec.params.includes(k));
      if (unknown) throw unprocessable(`${method}() got an unexpected keyword argument '${unknown}'`);
      send(res, 200, invoke(model, method, ids, named, ctx));
    } catch (err) {
      if (!(err instanceof Raised)) throw err;
      fail(err, ctx);
    }
  }

  function jsonrpc(res: ServerResponse, raw: Buffer): void {
    let body: { id?: unknown; params?: { service?: unknown; method?: unknown; args?: unknown } };
    try {
      body = JSON.parse(raw.toString('utf8')) as typeof body;
    } catch {
      return send(res, 400, { jsonrpc: '2.0', id: null, error: { code: 400, message: 'Invalid JSON data', data: {} } });
    }
    const id = body?.id ?? null;
    const answer = (result: unknown) => send(res, 200, { jsonrpc: '2.0', id, result });
    const fail = (e: Raised) =>
      send(res, 200, {
        jsonrpc: '2.0',
        id,
        error: e.pyName === 'werkzeug.exceptions.NotFound' ? { code: 404, message: '404: Not Found', data: serialize(e, {}) } : { code: 200, message: 'Odoo Server Error', data: serialize(e, {}) },
      });
    const { service, method } = body?.params ?? {};
    const args = Array.isArray(body?.params?.args) ? (body.params.args as unknown[]) : [];
    try {
      if (service !== 'common' && service !== 'object') throw notFound('The requested URL was not found on the server.');
      if (service === 'common' && method === 'version') return answer({ server_version: '19.0', server_version_info: [19, 0, 0, 'final', 0, ''], server_serie: '19.0', protocol_version: 1 });
      const [db, who, password] = args;
      fake.calls.push({ protocol: 'jsonrpc', service, model: service === 'object' ? (typeof args[3] === 'string' ? args[3] : null) : null, method: service === 'object' ? String(args[4]) : String(method), database: typeof db === 'string' ? db : null });
      if (db !== fake.database) {
        throw new Raised('psycopg2.OperationalError', `connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "${String(db)}" does not exist\n`);
      }
      const passwordOk = typeof password === 'string' && (password === fake.password || fake.apiKeys.has(password));
      if (service === 'common') {
        if (method !== 'login' && method !== 'authenticate') throw new Raised('odoo.exceptions.UserError', `The method common.${String(method)} does not exist`);
        return answer(who === fake.login && passwordOk ? fake.uid : false);
      }
      if (method !== 'execute_kw') throw new Raised('AttributeError', `module 'odoo.service.model' has no attribute 'exp_${String(method)}'`);
      if (who !== fake.uid || !passwordOk) throw new Raised('odoo.exceptions.AccessDenied', 'Access Denied');
      const [, , , model, name, positional = [], kwargs = {}] = args as [unknown, unknown, unknown, unknown, unknown, unknown, unknown];
      if (typeof model !== 'string' || !MODELS[model]) throw userError(`Object ${String(model)} doesn't exist`);
      if (typeof name !== 'string') throw new Raised('TypeError', 'the method name must be a string');
      if (name.startsWith('_')) throw new Raised('odoo.exceptions.AccessError', `Private methods (such as '${model}.${name}') cannot be called remotely.`);
      const spec = METHODS[name];
      if (!spec) throw new Raised('AttributeError', `The method '${model}.${name}' does not exist`);
      if (!Array.isArray(positional) || !kwargs || typeof kwargs !== 'object') throw new Raised('TypeError', 'execute_kw takes a list of arguments and a dict of keyword arguments');
      const rest = [...positional];
      const ids = spec.model ? [] : rest.shift();
      const { context = {}, ...named } = kwargs as Record<string, unknown>;
      if (rest.length > spec.params.length) throw new Raised('TypeError', `${name}() takes ${spec.params.length + 1} positional arguments but ${rest.length + 1} were given`);
      rest.forEach((v, i) => {
        const p = spec.params[i]!;
        if (p in named) throw new Raised('TypeError', `${name}() got multiple values for argument '${p}'`);
        named[p] = v;
      });
      const unknown = Object.keys(named).find((k) => !spec.params.includes(k));
      if (unknown) throw new Raised('TypeError', `${name}() got an unexpected keyword argument '${unknown}'`);
      // execute_kw's create answers one id for one dict, a list for a list.
      answer(invoke(model, name, ids, named, context && typeof context === 'object' ? (context as Record<string, unknown>) : {}));
    } catch (err) {
      if (!(err instanceof Raised)) throw err;
      fail(err);
    }
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = (req.url ?? '/').split('?')[0]!;
      try {
        if (path === '/jsonrpc' && req.method === 'POST') return jsonrpc(res, raw);
        const m = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path);
        if (m && req.method === 'POST') return json2(req, res, raw, decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
        if (path === '/web/version') return send(res, 200, { version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' });
        const e = notFound('Did you mean POST /json/2/<model>/<method>?');
        send(res, 404, serialize(e, {}));
      } catch (err) {
        send(res, 500, serialize(new Raised('builtins.Exception', (err as Error).message), {}));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
