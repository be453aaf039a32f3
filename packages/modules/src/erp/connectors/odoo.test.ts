import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, createEgressGuard } from '@smarteros/kernel';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOdoo, type OdooFake } from '../../../../../test/fakes/odoo.ts';
import { createOdooClient, odooVatOfRut, OdooError, type OdooClient, type OdooProtocol } from './odoo.ts';

const egress = createEgressGuard({ allow: ['127.0.0.0/8'] });
const PROTOCOLS: OdooProtocol[] = ['json2', 'jsonrpc'];

let odoo: OdooFake;

function client(protocol: OdooProtocol, over: { apiKey?: string; password?: string; database?: string; baseUrl?: string; timeoutMs?: number } = {}): OdooClient {
  const baseUrl = over.baseUrl ?? odoo.url;
  const timeoutMs = over.timeoutMs ?? 5_000;
  if (protocol === 'json2') {
    return createOdooClient({ egress, timeoutMs, connection: { protocol, baseUrl, apiKey: over.apiKey ?? [...odoo.apiKeys][0]!, database: over.database ?? odoo.database } });
  }
  return createOdooClient({ egress, timeoutMs, connection: { protocol, baseUrl, database: over.database ?? odoo.database, login: odoo.login, password: over.password ?? odoo.password } });
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

async function odooFailure(p: Promise<unknown>): Promise<OdooError> {
  const err = await failure(p);
  if (!(err instanceof OdooError)) throw err;
  return err;
}

/** A small catalog: two products with stock in two internal locations, one archived, one without a code. */
function seedCatalog(): { mate: number; yerba: number; old: number; loose: number } {
  const mate = odoo.insert('product.product', { name: 'Mate de calabaza', default_code: 'MATE-01', list_price: 12990, taxes_id: [1], barcode: '7801234567890', categ_id: 2, write_date: '2026-03-01 10:00:00' });
  const yerba = odoo.insert('product.product', { name: 'Yerba 1 kg', default_code: 'YERBA-1K', list_price: 4990.5, taxes_id: [1], categ_id: 2, write_date: '2026-03-05 12:30:00' });
  const old = odoo.insert('product.product', { name: 'Bombilla antigua', default_code: 'BOMB-OLD', list_price: 2500, active: false, write_date: '2026-03-06 08:00:00' });
  const loose = odoo.insert('product.product', { name: 'Producto sin código', list_price: 100, write_date: '2026-02-01 00:00:00' });
  // Locations of the fake: 4 WH/Stock and 5 WH/Stock/Shelf 1 are internal; 3 customers, 6 inventory adjustment.
  odoo.insert('stock.quant', { product_id: mate, location_id: 4, quantity: 10, reserved_quantity: 2 });
  odoo.insert('stock.quant', { product_id: mate, location_id: 5, quantity: 2.5, reserved_quantity: 0.1 });
  odoo.insert('stock.quant', { product_id: mate, location_id: 3, quantity: 7, reserved_quantity: 0 });
  odoo.insert('stock.quant', { product_id: yerba, location_id: 4, quantity: 0.1, reserved_quantity: 0 });
  odoo.insert('stock.quant', { product_id: yerba, location_id: 5, quantity: 0.2, reserved_quantity: 0.2 });
  odoo.insert('stock.quant', { product_id: yerba, location_id: 6, quantity: -3, reserved_quantity: 0 });
  return { mate, yerba, old, loose };
}

beforeEach(async () => {
  odoo = await startOdoo();
});
afterEach(async () => {
  await odoo.close();
});

describe.each(PROTOCOLS)('Odoo client over %s', (protocol) => {
  it('reads, creates and writes records with named parameters', async () => {
    const c = client(protocol);
    expect(c.protocol).toBe(protocol);
    const id = await c.create('res.partner', { name: 'Comercial Los Andes SpA', ref: 'cus-1', vat: '76086428-5' });
    expect(await c.write('res.partner', [id], { email: 'ventas@losandes.cl' })).toBe(true);
    const rows = await c.searchRead('res.partner', [['name', 'ilike', 'andes']], ['name', 'email', 'vat', 'phone']);
    expect(rows).toEqual([{ id, name: 'Comercial Los Andes SpA', email: 'ventas@losandes.cl', vat: '76086428-5', phone: false }]);
    expect(await c.searchRead('res.partner', ['|', ['ref', '=', 'nope'], ['email', '=like', '%@losandes.cl']], ['ref'])).toEqual([{ id, ref: 'cus-1' }]);
    expect(await c.searchRead('res.partner', ['!', ['ref', '=', 'cus-1']], ['ref'])).toEqual([]);
  });

  it('pulls products in neutral shape: sku, price as decimal text, archived ones too, paged and since a time', async () => {
    const { mate, yerba, old, loose } = seedCatalog();
    const c = client(protocol);
    const all = await c.pullProducts({ limit: 10 });
    expect(all.map((p) => p.odoo_id)).toEqual([mate, yerba, old, loose]);
    expect(all[0]).toEqual({
      external_ref: String(mate),
      odoo_id: mate,
      sku: 'MATE-01',
      name: 'Mate de calabaza',
      price: '12990',
      tax_ids: [1],
      barcode: '7801234567890',
      category: { id: 2, name: 'All / Saleable' },
      active: true,
      updated_at: '2026-03-01T10:00:00Z',
    });
    expect(all[1]).toMatchObject({ sku: 'YERBA-1K', price: '4990.5', barcode: null });
    expect(all[2]).toMatchObject({ sku: 'BOMB-OLD', active: false, category: null });
    expect(all[3]).toMatchObject({ sku: null, tax_ids: [] });

    expect((await c.pullProducts({ limit: 2, offset: 2 })).map((p) => p.odoo_id)).toEqual([old, loose]);
    // At or after: the product written in that very second comes again.
    expect((await c.pullProducts({ since: new Date('2026-03-05T12:30:00Z'), limit: 10 })).map((p) => p.sku)).toEqual(['YERBA-1K', 'BOMB-OLD']);
    expect((await c.pullProducts({ since: '2026-03-05T12:30:01Z', limit: 10 })).map((p) => p.sku)).toEqual(['BOMB-OLD']);
    expect((await c.pullProducts({ since: '2026-03-01T10:00:00.900Z', limit: 10 })).map((p) => p.sku)).toEqual(['MATE-01', 'YERBA-1K', 'BOMB-OLD']);
  });

  it('refuses a bad page or since before calling Odoo, naming the field', async () => {
    const c = client(protocol);
    for (const [args, field] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 5000 }, 'limit'],
      [{ limit: 10, offset: -1 }, 'offset'],
      [{ limit: 10, since: 'ayer' }, 'since'],
    ] as const) {
      const err = await failure(c.pullProducts(args));
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('validation_failed');
      expect(err.message.startsWith(`${field}:`)).toBe(true);
    }
    expect(odoo.calls.filter((x) => x.service === 'object')).toEqual([]);
  });

  it('sums stock per product over internal locations only, exactly', async () => {
    const { mate, yerba } = seedCatalog();
    const stock = await client(protocol).pullStock();
    expect(stock).toEqual([
      // 10 + 2.5 (the customers' location is not ours); reserved 2 + 0.1
      { odoo_product_id: mate, sku: 'MATE-01', on_hand: '12.5', reserved: '2.1', available: '10.4' },
      // 0.1 + 0.2 is 0.3 (not 0.30000000000000004); the inventory adjustment location is left out
      { odoo_product_id: yerba, sku: 'YERBA-1K', on_hand: '0.3', reserved: '0.2', available: '0.1' },
    ]);
  });

  it('upserts a partner by ref: the second time writes the same record, with the RUT as l10n_cl keeps it', async () => {
    const c = client(protocol);
    const first = await c.upsertPartner({ rut: '76.086.428-5', name: 'Comercial Los Andes SpA', email: 'ventas@losandes.cl', phone: '+56 9 8765 4321', street: 'Av. Apoquindo 1234', city: 'Las Condes', ref: 'cus-1' });
    expect(first.created).toBe(true);
    const second = await c.upsertPartner({ rut: '76086428-5', name: 'Comercial Los Andes SpA', email: 'contacto@losandes.cl', ref: 'cus-1' });
    expect(second).toEqual({ id: first.id, created: false });
    const partners = odoo.records('res.partner');
    expect(partners).toHaveLength(1);
    expect(partners[0]).toMatchObject({ vat: '76086428-5', email: 'contacto@losandes.cl', phone: '+56 9 8765 4321', street: 'Av. Apoquindo 1234', city: 'Las Condes', ref: 'cus-1' });
    expect(odoo.count('res.partner', 'create')).toBe(1);
    expect(odoo.count('res.partner', 'write')).toBe(1);
    // A lower-case k becomes K; an archived partner is found again (not created twice).
    odoo.records('res.partner')[0]!.active = false;
    expect(await c.upsertPartner({ rut: '5.126.665-k', name: 'Juana Pérez', ref: 'cus-1', email: null })).toEqual({ id: first.id, created: false });
    expect(odoo.records('res.partner')[0]).toMatchObject({ vat: '5126665-K', email: false });
  });

  it('refuses an invalid RUT or a missing ref without calling Odoo', async () => {
    const c = client(protocol);
    const bad = await failure(c.upsertPartner({ rut: '76.086.428-4', name: 'X', ref: 'cus-9' }));
    expect(bad).toBeInstanceOf(AppError);
    expect(bad.message).toMatch(/^rut: /);
    const noRef = await failure(c.upsertPartner({ rut: '76086428-5', name: 'X', ref: ' ' }));
    expect(noRef.message).toMatch(/^ref: /);
    expect(odoo.calls.filter((x) => x.service === 'object')).toEqual([]);
  });

  it('creates a sale order once per external id, its lines found by default_code', async () => {
    const { mate, yerba } = seedCatalog();
    const c = client(protocol);
    const partner = await c.upsertPartner({ rut: '76086428-5', name: 'Comercial Los Andes SpA', ref: 'cus-1' });
    const input = {
      external_id: 'ord-1001',
      partner_id: partner.id,
      date_order: new Date('2026-03-10T15:04:05.678Z'),
      lines: [
        { sku: 'YERBA-1K', quantity: 3, price_unit: '4990', discount: '10' },
        { sku: 'MATE-01', quantity: '1', price_unit: 12990 },
      ],
    };
    const first = await c.upsertSaleOrder(input);
    expect(first.created).toBe(true);
    expect(await c.upsertSaleOrder(input)).toEqual({ id: first.id, created: false });
    expect(odoo.records('sale.order')).toHaveLength(1);
    expect(odoo.records('sale.order')[0]).toMatchObject({ id: first.id, partner_id: partner.id, client_order_ref: 'ord-1001', date_order: '2026-03-10 15:04:05', state: 'draft', name: 'S00001' });
    expect(odoo.records('sale.order.line').map((l) => [l.order_id, l.product_id, l.product_uom_qty, l.price_unit, l.discount])).toEqual([
      [first.id, yerba, 3, 4990, 10],
      [first.id, mate, 1, 12990, 0],
    ]);
    expect(odoo.count('sale.order', 'create')).toBe(1);
  });

  it('refuses a sale order with an unknown sku or a bad line, naming the line, and creates nothing', async () => {
    seedCatalog();
    const c = client(protocol);
    const partner = await c.upsertPartner({ rut: '76086428-5', name: 'Comercial Los Andes SpA', ref: 'cus-1' });
    const unknown = await failure(c.upsertSaleOrder({ external_id: 'ord-2', partner_id: partner.id, lines: [{ sku: 'MATE-01', quantity: 1, price_unit: 1 }, { sku: 'NO-EXISTE', quantity: 1, price_unit: 1 }] }));
    expect(unknown).toBeInstanceOf(AppError);
    expect(unknown.message).toMatch(/^lines\[1\]\.sku: .*NO-EXISTE/);
    const qty = await failure(c.upsertSaleOrder({ external_id: 'ord-2', partner_id: partner.id, lines: [{ sku: 'MATE-01', quantity: '1,5', price_unit: 1 }] }));
    expect(qty.message).toMatch(/^lines\[0\]\.quantity: /);
    const discount = await failure(c.upsertSaleOrder({ external_id: 'ord-2', partner_id: partner.id, lines: [{ sku: 'MATE-01', quantity: 1, price_unit: 1, discount: 120 }] }));
    expect(discount.message).toMatch(/^lines\[0\]\.discount: /);
    expect(odoo.records('sale.order')).toEqual([]);
  });
});

describe('both protocols', () => {
  it('give the same pulls, and an upsert by one is found by the other', async () => {
    seedCatalog();
    const a = client('json2');
    const b = client('jsonrpc');
    expect(await b.pullProducts({ limit: 3, offset: 1 })).toEqual(await a.pullProducts({ limit: 3, offset: 1 }));
    expect(await b.pullStock()).toEqual(await a.pullStock());

    const partner = await a.upsertPartner({ rut: '76086428-5', name: 'Comercial Los Andes SpA', ref: 'cus-1' });
    expect(await b.upsertPartner({ rut: '76086428-5', name: 'Comercial Los Andes SpA', ref: 'cus-1' })).toEqual({ id: partner.id, created: false });
    const order = { external_id: 'ord-7', partner_id: partner.id, lines: [{ sku: 'MATE-01', quantity: 2, price_unit: 12990 }] };
    const made = await b.upsertSaleOrder(order);
    expect(await a.upsertSaleOrder(order)).toEqual({ id: made.id, created: false });
    expect(odoo.records('res.partner')).toHaveLength(1);
    expect(odoo.records('sale.order')).toHaveLength(1);
    expect(odoo.count('sale.order', 'create', 'jsonrpc')).toBe(1);
    expect(odoo.count('sale.order', 'create', 'json2')).toBe(0);
  });

  it('send the database: JSON-2 as X-Odoo-Database, JSON-RPC as execute_kw argument, after one login', async () => {
    seedCatalog();
    await client('json2').pullProducts({ limit: 1 });
    const rpc = client('jsonrpc');
    await rpc.pullProducts({ limit: 1 });
    await rpc.pullStock();
    expect(odoo.calls.map((c) => [c.protocol, c.service, c.method, c.database])).toEqual([
      ['json2', 'object', 'search_read', 'tienda'],
      ['jsonrpc', 'common', 'authenticate', 'tienda'],
      ['jsonrpc', 'object', 'search_read', 'tienda'],
      ['jsonrpc', 'object', 'search_read', 'tienda'],
      ['jsonrpc', 'object', 'search_read', 'tienda'],
    ]);
  });

  it('accept an API key in place of the JSON-RPC password', async () => {
    const c = client('jsonrpc', { password: [...odoo.apiKeys][0]! });
    expect(await c.create('res.partner', { name: 'Con llave' })).toBeGreaterThan(0);
  });
});

describe('Odoo errors', () => {
  it('auth: a refused API key (401), a refused login, a password changed after the login', async () => {
    const json2 = await odooFailure(client('json2', { apiKey: 'wrong' }).searchRead('res.partner', [], ['name']));
    expect([json2.kind, json2.status, json2.odooName, json2.protocol]).toEqual(['auth', 401, 'werkzeug.exceptions.Unauthorized', 'json2']);
    expect(json2.message).toContain('Invalid apikey');

    const login = await odooFailure(client('jsonrpc', { password: 'wrong' }).searchRead('res.partner', [], ['name']));
    expect([login.kind, login.protocol]).toEqual(['auth', 'jsonrpc']);

    const rpc = client('jsonrpc');
    await rpc.searchRead('res.partner', [], ['name']);
    odoo.password = 'rotated';
    const denied = await odooFailure(rpc.searchRead('res.partner', [], ['name']));
    expect([denied.kind, denied.status, denied.odooName]).toEqual(['auth', 200, 'odoo.exceptions.AccessDenied']);
    // The next call logs in again (and is refused: the client still has the old password): the refused client's
    // login, rpc's first, and rpc's second.
    const again = await odooFailure(rpc.searchRead('res.partner', [], ['name']));
    expect([again.kind, again.odooName]).toEqual(['auth', null]);
    expect(odoo.calls.filter((c) => c.method === 'authenticate')).toHaveLength(3);
  });

  it.each(PROTOCOLS)('not_found: a record that does not exist (%s), and on JSON-2 an unknown model or another database', async (protocol) => {
    const c = client(protocol);
    const missing = await odooFailure(c.write('res.partner', [999], { name: 'x' }));
    expect([missing.kind, missing.odooName]).toEqual(['not_found', 'odoo.exceptions.MissingError']);
    expect(missing.status).toBe(protocol === 'json2' ? 404 : 200);
    if (protocol === 'json2') {
      const model = await odooFailure(c.searchRead('x.nope', [], ['name']));
      expect([model.kind, model.status, model.odooName]).toEqual(['not_found', 404, 'werkzeug.exceptions.NotFound']);
      const db = await odooFailure(client('json2', { database: 'otra' }).searchRead('res.partner', [], ['name']));
      expect([db.kind, db.status]).toEqual(['not_found', 404]);
    } else {
      // execute_kw names an unknown model with a UserError.
      const model = await odooFailure(c.searchRead('x.nope', [], ['name']));
      expect([model.kind, model.odooName]).toEqual(['validation', 'odoo.exceptions.UserError']);
    }
  });

  it.each(PROTOCOLS)('validation: ValidationError and UserError, a constraint Odoo checks, bad parameters (%s)', async (protocol) => {
    const c = client(protocol);
    odoo.failNext.push({ name: 'odoo.exceptions.ValidationError', message: 'El RUT ya existe' }, { name: 'odoo.exceptions.UserError', message: 'No se puede confirmar' });
    const v = await odooFailure(c.searchRead('res.partner', [], ['name']));
    expect([v.kind, v.odooName, v.retryable]).toEqual(['validation', 'odoo.exceptions.ValidationError', false]);
    expect(v.message).toContain('El RUT ya existe');
    if (protocol === 'json2') expect(v.status).toBe(422);
    const u = await odooFailure(c.searchRead('res.partner', [], ['name']));
    expect([u.kind, u.odooName]).toEqual(['validation', 'odoo.exceptions.UserError']);

    const vat = await odooFailure(c.create('res.partner', { name: 'Sin RUT válido', vat: '76.086.428-5' }));
    expect([vat.kind, vat.odooName]).toEqual(['validation', 'odoo.exceptions.ValidationError']);
    const required = await odooFailure(c.create('sale.order', { client_order_ref: 'x' }));
    expect(required.kind).toBe('validation');
    expect(odoo.records('res.partner')).toEqual([]);
    if (protocol === 'json2') {
      const extra = await odooFailure(c.call('res.partner', 'search_read', { domain: [], colour: 'red' }));
      expect([extra.kind, extra.status, extra.odooName]).toEqual(['validation', 422, 'werkzeug.exceptions.UnprocessableEntity']);
    }
  });

  it.each(PROTOCOLS)('access: a model the user may not touch, a private method (%s)', async (protocol) => {
    odoo.denied.add('sale.order');
    const c = client(protocol);
    const err = await odooFailure(c.searchRead('sale.order', [], ['name']));
    expect([err.kind, err.odooName]).toEqual(['access', 'odoo.exceptions.AccessError']);
    if (protocol === 'json2') expect(err.status).toBe(403);
    const priv = await odooFailure(c.call('res.partner', '_compute_display_name', {}));
    expect(priv.kind).toBe('access');
  });

  it.each(PROTOCOLS)('server: an exception Odoo does not name as a user error, never with its traceback (%s)', async (protocol) => {
    const c = client(protocol);
    const err = await odooFailure(c.searchRead('res.partner', [['colour', '=', 'red']], ['name']));
    expect([err.kind, err.odooName]).toEqual(['server', 'ValueError']);
    expect(err.message).toContain('colour');
    expect(err.message).not.toContain('Traceback');
    if (protocol === 'json2') expect([err.status, err.retryable]).toEqual([500, true]);
    if (protocol === 'jsonrpc') {
      const db = await odooFailure(client('jsonrpc', { database: 'otra' }).searchRead('res.partner', [], ['name']));
      expect([db.kind, db.odooName]).toEqual(['server', 'psycopg2.OperationalError']);
    }
  });

  it.each(PROTOCOLS)('network: nothing listening, or no answer in time (%s)', async (protocol) => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await odooFailure(client(protocol, { baseUrl: closedUrl }).searchRead('res.partner', [], ['name']));
    expect([refused.kind, refused.status, refused.retryable]).toEqual(['network', null, true]);

    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const slow = await odooFailure(client(protocol, { baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 100 }).searchRead('res.partner', [], ['name']));
      expect(slow.kind).toBe('network');
      expect(slow.message).toContain('no answer within 100 ms');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it.each(PROTOCOLS)('an egress refusal is the guard’s own error, and nothing is sent (%s)', async (protocol) => {
    const strict = createEgressGuard();
    const c =
      protocol === 'json2'
        ? createOdooClient({ egress: strict, connection: { protocol, baseUrl: odoo.url, apiKey: 'k' } })
        : createOdooClient({ egress: strict, connection: { protocol, baseUrl: odoo.url, database: odoo.database, login: odoo.login, password: odoo.password } });
    const err = await failure(c.pullStock());
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('egress_refused');
    expect(odoo.calls).toEqual([]);
  });
});

describe('odooVatOfRut', () => {
  it('is the RUT without dots, with a hyphen and an upper-case check digit', () => {
    expect(odooVatOfRut('76.086.428-5')).toBe('76086428-5');
    expect(odooVatOfRut('  5126665k ')).toBe('5126665-K');
    expect(() => odooVatOfRut('76.086.428-0', 'customer.rut')).toThrow(/^customer\.rut: /);
  });
});
