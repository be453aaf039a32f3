import { rutFromBody } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOdoo, type OdooFake } from '../../../../test/fakes/odoo.ts';
import { signShopifyWebhook, startShopify, type ShopifyFake } from '../../../../test/fakes/shopify.ts';
import { drainOutbox } from '../../../../test/support/chat.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * The ERP's Odoo and Shopify connectors against their contract fakes: connecting (credentials tried first, secrets
 * write-only), a sync that pulls products, stock, customers and orders and changes nothing when run again, an Odoo
 * refusal kept on the connection and answered by kind, confirmed orders pushed to Odoo once however often the event
 * comes, Shopify's webhooks (HMAC on the raw bytes, stored before the 200, one per webhook id), cart.abandoned once
 * per checkout, and tenants kept apart. No secret appears in any answer or log line.
 */
let t: TestServer;
let odoo: OdooFake;
let odooC: OdooFake;
let shop: ShopifyFake;
let tenantA = '';
let tenantB = '';
let tenantC = '';
let odooConn = '';
let shopConn = '';
const WEBHOOK_SECRET = 'shpss_webhook-secret-0a1b2c3d4e5f';
const logLines: string[] = [];
const answers: string[] = [];

const api = async (method: string, path: string, body?: unknown, tenant = tenantA) => {
  const res = await t.request({ method, url: `/api/v1/erp/${path}${path.includes('?') ? '&' : '?'}tenant_id=${tenant}`, ...(body === undefined ? {} : { body }) });
  answers.push(JSON.stringify(res));
  return res;
};
const ok = async (method: string, path: string, body?: unknown, status = 200, tenant = tenantA) => {
  const res = await api(method, path, body, tenant);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as Record<string, unknown> & { id: string };
};
const owner = <T>(fn: Parameters<TestServer['testDb']['db']['asOwner']>[0]) => t.testDb.db.asOwner(fn) as Promise<T>;
const drain = () => drainOutbox(t.server.services.relay, 'erp.odoo_push', 'erp.shopify_ingest');
const stockOf = async (sku: string, tenant: string) => ((await ok('GET', `stock?sku=${sku}`, undefined, 200, tenant)).items as Array<{ on_hand: string; reserved: string; available: string }>)[0]!;
const ordersOf = (tenant: string) => owner<Array<{ id: string; external_ref: string | null; status: string; channel: string; created_at: Date; amount_total: number; customer_id: string | null }>>((tx) =>
  tx.selectFrom('orders').select(['id', 'external_ref', 'status', 'channel', 'created_at', 'amount_total', 'customer_id']).where('tenant_id', '=', tenant).orderBy('number').execute(),
);
const receipts = (tenant: string) => owner<Array<{ webhook_id: string; processed_at: Date | null; error: string | null }>>((tx) => tx.selectFrom('erp_shopify_webhooks').select(['webhook_id', 'processed_at', 'error']).where('tenant_id', '=', tenant).execute());

function webhook(topic: string, body: unknown, opts: { id?: string; secret?: string; hmac?: string | null; raw?: string; connection?: string } = {}) {
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-shopify-topic': topic, 'x-shopify-webhook-id': opts.id ?? crypto.randomUUID(), 'x-shopify-shop-domain': 'ferreteria-b.myshopify.com' };
  const hmac = opts.hmac === undefined ? signShopifyWebhook(raw, opts.secret ?? WEBHOOK_SECRET) : opts.hmac;
  if (hmac !== null) headers['x-shopify-hmac-sha256'] = hmac;
  return t.request({ method: 'POST', url: `/webhooks/shopify/${opts.connection ?? shopConn}`, token: null, body: opts.raw ?? raw, headers }).then((res) => {
    answers.push(JSON.stringify(res));
    return res;
  });
}

const variant = (id: number, sku: string | null, price: string, inventory: number, title = 'Default Title') => ({ id, title, sku, price, inventory_quantity: inventory, inventory_item_id: id * 10, barcode: null });
const shopifyProduct = (id: number, title: string, variants: unknown[], over: Record<string, unknown> = {}) => ({ id, title, handle: `p-${id}`, status: 'active', product_type: 'Herramientas', updated_at: '2026-02-20T10:00:00-03:00', variants, ...over });
const line = (id: number, variantId: number, productId: number, sku: string | null, price: string, quantity: number) => ({ id, variant_id: variantId, product_id: productId, sku, title: `Producto ${productId}`, variant_title: null, quantity, price, discount_allocations: [] });
const shopifyOrder = (id: number, lines: unknown[], total: string, over: Record<string, unknown> = {}) => ({
  id,
  name: `#${id}`,
  order_number: id,
  email: 'ana@correo.cl',
  phone: null,
  currency: 'CLP',
  created_at: '2026-02-25T15:00:00-03:00',
  updated_at: '2026-02-25T15:05:00-03:00',
  cancelled_at: null,
  financial_status: 'paid',
  fulfillment_status: null,
  taxes_included: true,
  total_price: total,
  total_tax: '0.00',
  line_items: lines,
  shipping_lines: [],
  customer: { id: 501, email: 'ana@correo.cl', first_name: 'Ana', last_name: 'Pérez' },
  ...over,
});

beforeAll(async () => {
  odoo = await startOdoo();
  odooC = await startOdoo({ database: 'otra', login: 'robot@otra.cl', password: 'clave-robot-1234' });
  shop = await startShopify({ accessToken: 'shpat_ferreteria-b-0123456789abcdef' });
  t = await createTestServer({ env: { SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8', SMARTEROS_LOG_LEVEL: 'trace' }, logStream: { write: (l) => void logLines.push(l) } });
  const tenant = async (body: number, name: string) => String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(body), business_name: name, contact_email: 'x@x.cl' } })).body.id);
  tenantA = await tenant(76_700_301, 'Ferretería Odoo');
  tenantB = await tenant(76_700_302, 'Ferretería Shopify');
  tenantC = await tenant(76_700_303, 'Ferretería Legacy');

  // Odoo A: three products with a code (one archived), one without; stock in two internal locations and a customer's.
  const martillo = odoo.insert('product.product', { name: 'Martillo carpintero 16 oz', default_code: 'MART-16', list_price: 8990, taxes_id: [1], barcode: '7801234567890', categ_id: 2, write_date: '2026-03-01 10:00:00' });
  const llave = odoo.insert('product.product', { name: 'Llave inglesa 10"', default_code: 'LLAVE-10', list_price: 5990.5, taxes_id: [1], categ_id: 2, write_date: '2026-03-01 11:00:00' });
  odoo.insert('product.product', { name: 'Producto sin código', list_price: 100, write_date: '2026-03-01 09:00:00' });
  odoo.insert('product.product', { name: 'Serrucho antiguo', default_code: 'SERR-OLD', list_price: 12000, active: false, write_date: '2026-03-01 08:00:00' });
  odoo.insert('stock.quant', { product_id: martillo, location_id: 4, quantity: 10, reserved_quantity: 2 });
  odoo.insert('stock.quant', { product_id: martillo, location_id: 5, quantity: 2.5, reserved_quantity: 0 });
  odoo.insert('stock.quant', { product_id: martillo, location_id: 3, quantity: 7, reserved_quantity: 0 });
  odoo.insert('stock.quant', { product_id: llave, location_id: 4, quantity: 4, reserved_quantity: 0 });
  odooC.insert('product.product', { name: 'Alicate', default_code: 'ALI-8', list_price: 4990, taxes_id: [1], write_date: '2026-03-01 10:00:00' });

  // Shopify B: a product with one variant, one with two (the second without SKU), an archived one.
  shop.products = [
    shopifyProduct(201, 'Taladro percutor 650W', [variant(2010, 'TAL-650', '49990.00', 7)]),
    shopifyProduct(202, 'Guantes de trabajo', [variant(2020, 'GUA-M', '3990.00', 20, 'M'), variant(2021, null, '3990.00', 5, 'L')]),
    shopifyProduct(203, 'Sierra antigua', [variant(2030, 'SIE-OLD', '15990.00', 0)], { status: 'archived' }),
  ];
  const customers = [{ id: 501, email: 'Ana@Correo.cl', phone: '+56987654321', first_name: 'Ana', last_name: 'Pérez', updated_at: '2026-02-20T10:00:00-03:00', default_address: { address1: 'Av. Providencia 1234', city: 'Providencia' } }];
  shop.customers = customers;
  shop.orders = [
    shopifyOrder(9001, [line(1, 2010, 201, 'TAL-650', '49990.00', 1)], '49990.00', { payment_gateway_names: ['shopify_payments'] }),
    shopifyOrder(9002, [line(2, 2020, 202, 'GUA-M', '3990.00', 2), line(3, 2021, 202, null, '3990.00', 1)], '15960.00', { fulfillment_status: 'fulfilled', shipping_lines: [{ title: 'Despacho', price: '3990.00' }] }),
    shopifyOrder(9003, [line(4, 2030, 203, 'SIE-OLD', '15990.00', 1)], '15990.00', { cancelled_at: '2026-02-26T10:00:00-03:00', financial_status: 'voided' }),
    shopifyOrder(9004, [line(5, 2010, 201, 'TAL-650', '49990.00', 2)], '99980.00', { financial_status: 'pending', customer: null, email: 'pedro@correo.cl' }),
  ];
  const checkouts = [
    { id: 7001, token: 'tok-7001', email: 'rosa@correo.cl', currency: 'CLP', abandoned_checkout_url: 'https://ferreteria-b.myshopify.com/checkouts/tok-7001/recover', created_at: '2026-03-01T08:00:00-03:00', updated_at: '2026-03-01T09:00:00-03:00', completed_at: null, taxes_included: true, total_price: '7980.00', line_items: [line(6, 2020, 202, 'GUA-M', '3990.00', 2)], customer: { id: 777, first_name: 'Rosa', last_name: 'Muñoz' } },
    { id: 7002, token: 'tok-7002', email: null, currency: 'CLP', created_at: '2026-03-01T08:00:00-03:00', updated_at: '2026-03-01T09:00:00-03:00', completed_at: null, taxes_included: true, total_price: '3990.00', line_items: [line(7, 2020, 202, 'GUA-M', '3990.00', 1)] },
  ];
  shop.checkouts = checkouts;
});
afterAll(async () => {
  await t?.close();
  await odoo?.close();
  await odooC?.close();
  await shop?.close();
});

describe('connecting', () => {
  it('refuses bad input naming the field, and credentials the other system refuses, writing nothing', async () => {
    const noKey = await api('POST', 'connections', { kind: 'odoo', config: { base_url: odoo.url }, secrets: {} });
    expect(noKey.status).toBe(400);
    expect(JSON.stringify(noKey.body.error?.details)).toContain('secrets');
    const noDb = await api('POST', 'connections', { kind: 'odoo', config: { base_url: odoo.url, protocol: 'jsonrpc', login: 'x@x.cl' }, secrets: { password: 'una-clave-larga' } });
    expect(noDb.status).toBe(400);
    expect(JSON.stringify(noDb.body.error?.details)).toContain('database');
    const badUrl = await api('POST', 'connections', { kind: 'shopify', config: { shop_url: 'ftp://tienda' }, secrets: { access_token: 'shpat_12345678', webhook_secret: 'secret-12345678' } }, tenantB);
    expect(badUrl.status).toBe(400);
    expect(JSON.stringify(badUrl.body.error?.details)).toContain('shop_url');
    const wrongKey = await api('POST', 'connections', { kind: 'odoo', config: { base_url: odoo.url }, secrets: { api_key: 'not-the-odoo-api-key' } });
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.body.error?.message).toContain('secrets.api_key');
    const wrongToken = await api('POST', 'connections', { kind: 'shopify', config: { shop_url: shop.url }, secrets: { access_token: 'shpat_not-the-token', webhook_secret: WEBHOOK_SECRET } }, tenantB);
    expect(wrongToken.status).toBe(400);
    expect(wrongToken.body.error?.message).toContain('secrets.access_token');
    expect((await ok('GET', 'connections')).items).toEqual([]);
    expect((await ok('GET', 'connections', undefined, 200, tenantB)).items).toEqual([]);
  });

  it('connects Odoo (JSON-2 and JSON-RPC) and Shopify; the answers name the secrets, never show them', async () => {
    const apiKey = [...odoo.apiKeys][0]!;
    const a = await ok('POST', 'connections', { kind: 'odoo', config: { base_url: `${odoo.url}/`, database: odoo.database }, secrets: { api_key: apiKey } }, 201);
    odooConn = a.id;
    expect(a).toMatchObject({ kind: 'odoo', status: 'connected', config: { base_url: odoo.url, protocol: 'json2', database: odoo.database }, webhook_url: null, last_error: null });
    expect(a.secrets).toEqual([{ name: 'api_key', last4: apiKey.slice(-4), fingerprint: expect.any(String) }]);
    const b = await ok('POST', 'connections', { kind: 'shopify', config: { shop_url: shop.url }, secrets: { access_token: shop.accessToken, webhook_secret: WEBHOOK_SECRET } }, 201, tenantB);
    shopConn = b.id;
    expect(b).toMatchObject({ kind: 'shopify', config: { shop_url: shop.url, prices_include_tax: true }, webhook_url: expect.stringMatching(new RegExp(`/webhooks/shopify/${shopConn}$`)) });
    expect((b.secrets as Array<{ name: string }>).map((s) => s.name)).toEqual(['access_token', 'webhook_secret']);
    const c = await ok('POST', 'connections', { kind: 'odoo', config: { base_url: odooC.url, protocol: 'jsonrpc', database: odooC.database, login: odooC.login }, secrets: { password: odooC.password } }, 201, tenantC);
    expect(c.secrets).toEqual([{ name: 'password', last4: odooC.password.slice(-4), fingerprint: expect.any(String) }]);
    // One connection per company and kind.
    expect((await api('POST', 'connections', { kind: 'odoo', config: { base_url: odoo.url }, secrets: { api_key: apiKey } })).status).toBe(409);
    const listed = JSON.stringify(await ok('GET', 'connections')) + JSON.stringify(await ok('GET', 'connections', undefined, 200, tenantB));
    for (const s of [apiKey, shop.accessToken, WEBHOOK_SECRET]) expect(listed).not.toContain(s);
    // Sealed at rest.
    const sealed = await owner<Array<{ ciphertext: Buffer }>>((tx) => tx.selectFrom('erp_connection_secrets').select('ciphertext').execute());
    for (const row of sealed) for (const s of [apiKey, shop.accessToken, WEBHOOK_SECRET, odooC.password]) expect(Buffer.from(row.ciphertext).includes(Buffer.from(s))).toBe(false);
  });
});

describe('Odoo: pull', () => {
  it('brings products by their code and Odoo’s quantity on hand, and run again changes nothing twice', async () => {
    const first = await ok('POST', `connections/${odooConn}/sync`);
    expect(first).toMatchObject({ kind: 'odoo', products: { created: 3, updated: 0, skipped: 1 }, stock: { adjusted: 2 } });
    expect(JSON.stringify(first.problems)).toContain('Producto sin código');
    const products = (await ok('GET', 'products?active=all')).items as Array<Record<string, unknown>>;
    expect(products.map((p) => p.sku).sort()).toEqual(['LLAVE-10', 'MART-16', 'SERR-OLD']);
    expect(products.find((p) => p.sku === 'LLAVE-10')).toMatchObject({ price: '5990.5', tax: 'iva', price_includes_tax: false, category: 'All / Saleable', active: true });
    expect(products.find((p) => p.sku === 'MART-16')).toMatchObject({ barcode: '7801234567890' });
    expect(products.find((p) => p.sku === 'SERR-OLD')).toMatchObject({ active: false });
    // Internal locations only: 10 + 2.5 (the 7 at the customer's location are not in stock).
    expect(await stockOf('MART-16', tenantA)).toMatchObject({ on_hand: '12.5', reserved: '0' });
    expect(await stockOf('LLAVE-10', tenantA)).toMatchObject({ on_hand: '4' });
    const refs = await owner<Array<{ sku: string; external_ref: string | null }>>((tx) => tx.selectFrom('erp_products').select(['sku', 'external_ref']).where('tenant_id', '=', tenantA).orderBy('sku').execute());
    expect(refs.every((r) => /^odoo:\d+$/.test(r.external_ref ?? ''))).toBe(true);

    const again = await ok('POST', `connections/${odooConn}/sync`, { full: true });
    expect(again).toMatchObject({ products: { created: 0, updated: 3 }, stock: { adjusted: 0 } });
    expect(((await ok('GET', 'products?active=all')).items as unknown[]).length).toBe(3);
    const moves = await owner<Array<{ n: number }>>((tx) => tx.selectFrom('erp_stock_moves').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantA).execute());
    expect(Number(moves[0]!.n)).toBe(2);

    // Odoo's stock moves: one adjustment of the difference.
    const quant = odoo.records('stock.quant').find((q) => q.location_id === 4 && q.quantity === 4)!;
    quant.quantity = 9;
    expect(await ok('POST', `connections/${odooConn}/sync`)).toMatchObject({ products: { created: 0 }, stock: { adjusted: 1 } });
    expect(await stockOf('LLAVE-10', tenantA)).toMatchObject({ on_hand: '9' });
    expect(await ok('GET', `connections/${odooConn}`)).toMatchObject({ status: 'synced', last_error: null, last_result: expect.objectContaining({ stock: { adjusted: 1 } }) });
  });

  it('over the legacy JSON-RPC too', async () => {
    const c = (await ok('GET', 'connections', undefined, 200, tenantC)).items as Array<{ id: string }>;
    expect(await ok('POST', `connections/${c[0]!.id}/sync`, undefined, 200, tenantC)).toMatchObject({ products: { created: 1 } });
    expect(odooC.count('product.product', 'search_read', 'jsonrpc')).toBeGreaterThan(0);
  });

  it('an Odoo refusal is kept on the connection and answered by its kind; the next good sync clears it', async () => {
    const keys = [...odoo.apiKeys];
    odoo.apiKeys.clear();
    const refused = await api('POST', `connections/${odooConn}/sync`);
    expect(refused.status).toBe(502);
    expect(refused.body.error).toMatchObject({ code: 'connector_sync_failed', details: { provider: 'Odoo', kind: 'auth', connection_id: odooConn } });
    expect(refused.body.error?.message).toContain('La sincronización con Odoo o Shopify falló');
    expect(String(refused.body.error?.details?.reason)).toContain('Odoo no acepta la credencial');
    const failing = await ok('GET', `connections/${odooConn}`);
    expect(failing).toMatchObject({ status: 'error', last_error: { during: 'sync', kind: 'auth', message: expect.stringContaining('Invalid apikey') } });
    for (const k of keys) odoo.apiKeys.add(k);

    odoo.failNext.push({ name: 'odoo.exceptions.AccessError', message: 'You are not allowed to access Product Variant (product.product) records.' });
    const denied = await api('POST', `connections/${odooConn}/sync`);
    expect(denied.status).toBe(502);
    expect(denied.body.error?.details).toMatchObject({ kind: 'access' });
    expect((await ok('GET', `connections/${odooConn}`)).last_error).toMatchObject({ kind: 'access', message: expect.stringContaining('no tiene permiso') });

    await ok('POST', `connections/${odooConn}/sync`);
    expect(await ok('GET', `connections/${odooConn}`)).toMatchObject({ status: 'synced', last_error: null });
  });
});

describe('Odoo: push', () => {
  let orderId = '';
  let customerId = '';

  it('a confirmed order becomes one res.partner and one sale.order, however often the event is delivered', async () => {
    const customer = await ok('POST', 'customers', { rut: '76.086.428-5', razon_social: 'Constructora Los Andes SpA', giro: 'Construcción', email: 'compras@losandes.cl', city: 'Santiago' }, 201);
    customerId = customer.id;
    const order = await ok('POST', 'orders', { customer_id: customerId, channel: 'store', lines: [{ sku: 'MART-16', quantity: 2 }, { sku: 'LLAVE-10', quantity: 1, discount_pct: '10' }] }, 201);
    orderId = order.id;
    await drain();
    expect(odoo.records('sale.order')).toEqual([]); // a draft is not pushed
    await ok('POST', `orders/${orderId}/confirm`);
    await drain();
    const partners = odoo.records('res.partner').filter((p) => p.ref === customerId);
    expect(partners).toHaveLength(1);
    expect(partners[0]).toMatchObject({ vat: '76086428-5', name: 'Constructora Los Andes SpA', email: 'compras@losandes.cl' });
    const sales = odoo.records('sale.order');
    expect(sales).toHaveLength(1);
    expect(sales[0]).toMatchObject({ client_order_ref: `SmarterOS-${String(order.number)}`, partner_id: partners[0]!.id });
    const lines = odoo.records('sale.order.line').filter((l) => l.order_id === sales[0]!.id);
    expect(lines.map((l) => [l.product_uom_qty, l.price_unit, l.discount])).toEqual([
      [2, 8990, 0],
      [1, 5990.5, 10],
    ]);

    // Delivered again (the outbox is at least once), and again with the link lost: Odoo's own search finds them.
    const before = odoo.count('sale.order', 'create');
    await t.server.services.erpSync.pushOrder(tenantA, orderId);
    await owner((tx) => tx.deleteFrom('erp_external_links').where('tenant_id', '=', tenantA).execute());
    await t.server.services.erpSync.pushOrder(tenantA, orderId);
    expect(odoo.count('sale.order', 'create')).toBe(before);
    expect(odoo.records('sale.order')).toHaveLength(1);
    expect(odoo.records('res.partner').filter((p) => p.ref === customerId)).toHaveLength(1);
  });

  it('a buyer without a RUT goes to the SII’s Consumidor Final; a second order of the customer reuses its partner', async () => {
    const walkIn = await ok('POST', 'orders', { channel: 'pos', lines: [{ sku: 'MART-16', quantity: 1 }] }, 201);
    await ok('POST', `orders/${walkIn.id}/pay`, { method: 'cash' });
    const again = await ok('POST', 'orders', { customer_id: customerId, channel: 'store', lines: [{ sku: 'LLAVE-10', quantity: 1 }] }, 201);
    await ok('POST', `orders/${again.id}/confirm`);
    await drain();
    expect(odoo.records('res.partner').filter((p) => p.vat === '66666666-6')).toEqual([expect.objectContaining({ name: 'Consumidor Final Anónimo' })]);
    expect(odoo.records('res.partner').filter((p) => p.ref === customerId)).toHaveLength(1);
    expect(odoo.records('sale.order')).toHaveLength(3);
  });

  it('an order with a product Odoo does not have is kept as a refusal (not retried), on its link and the connection', async () => {
    await ok('POST', 'products', { sku: 'LOCAL-1', name: 'Producto solo local', price: 1000 }, 201);
    await ok('POST', 'stock/moves', { sku: 'LOCAL-1', kind: 'receipt', quantity: 5 }, 201);
    const order = await ok('POST', 'orders', { customer_id: customerId, channel: 'store', lines: [{ sku: 'LOCAL-1', quantity: 1 }] }, 201);
    await ok('POST', `orders/${order.id}/confirm`);
    await drain();
    expect(odoo.records('sale.order')).toHaveLength(3);
    const link = await owner<Array<{ external_id: string | null; last_error: string | null }>>((tx) => tx.selectFrom('erp_external_links').select(['external_id', 'last_error']).where('tenant_id', '=', tenantA).where('local_key', '=', `order:${order.id}`).execute());
    expect(link).toEqual([{ external_id: null, last_error: expect.stringContaining('LOCAL-1') }]);
    expect((await ok('GET', `connections/${odooConn}`)).last_error).toMatchObject({ during: 'push', message: expect.stringContaining(`N° ${String(order.number)}`) });
    const dead = await owner<Array<{ status: string }>>((tx) => tx.selectFrom('outbox_deliveries').select('status').where('tenant_id', '=', tenantA).where('subscriber', '=', 'erp.odoo_push').where('status', '<>', 'delivered').execute());
    expect(dead).toEqual([]);
  });

  it('orders that came from Shopify or Odoo are not pushed to Odoo', async () => {
    const before = odoo.count('sale.order', 'create');
    for (const channel of ['shopify', 'odoo']) {
      const order = await ok('POST', 'orders', { customer_id: customerId, channel, external_ref: `${channel}:1`, lines: [{ sku: 'MART-16', quantity: 1 }] }, 201);
      await ok('POST', `orders/${order.id}/confirm`);
    }
    await drain();
    expect(odoo.count('sale.order', 'create')).toBe(before);
    expect(odoo.count('sale.order', 'search_read')).toBeGreaterThan(0);
  });

  it('Odoo down: the push is retried by the outbox and goes through once Odoo answers', async () => {
    const order = await ok('POST', 'orders', { customer_id: customerId, channel: 'store', lines: [{ sku: 'MART-16', quantity: 1 }] }, 201);
    odoo.failNext.push({ name: 'builtins.Exception', message: 'database is restarting' });
    await ok('POST', `orders/${order.id}/confirm`);
    await drainOutbox(t.server.services.relay, 'erp.odoo_push');
    const pending = await owner<Array<{ status: string; attempts: number }>>((tx) => tx.selectFrom('outbox_deliveries').select(['status', 'attempts']).where('tenant_id', '=', tenantA).where('subscriber', '=', 'erp.odoo_push').where('status', '=', 'pending').execute());
    expect(pending).toEqual([{ status: 'pending', attempts: 1 }]);
    t.clock.advance(60 * 60_000);
    await drain();
    expect(odoo.records('sale.order').filter((s) => s.client_order_ref === `SmarterOS-${String(order.number)}`)).toHaveLength(1);
  });
});

describe('Shopify: pull', () => {
  it('brings products (a product per variant), customers and orders with their state, and run again duplicates nothing', async () => {
    const first = await ok('POST', `connections/${shopConn}/sync`, undefined, 200, tenantB);
    expect(first).toMatchObject({ kind: 'shopify', products: { created: 4, updated: 0, skipped: 0 }, customers: { created: 1 }, orders: { created: 4, skipped: 0 }, checkouts: { seen: 2 }, more: false });
    const products = (await ok('GET', 'products?active=all', undefined, 200, tenantB)).items as Array<Record<string, unknown>>;
    expect(products.map((p) => p.sku).sort()).toEqual(['GUA-M', 'SHOPIFY-2021', 'SIE-OLD', 'TAL-650']);
    expect(products.find((p) => p.sku === 'GUA-M')).toMatchObject({ name: 'Guantes de trabajo - M', price: '3990', price_includes_tax: true, gross_price: 3990, category: 'Herramientas' });
    expect(products.find((p) => p.sku === 'SIE-OLD')).toMatchObject({ active: false });

    const orders = await ordersOf(tenantB);
    expect(orders.map((o) => [o.external_ref, o.channel, o.status])).toEqual([
      ['shopify:9001', 'shopify', 'paid'],
      ['shopify:9002', 'shopify', 'completed'],
      ['shopify:9003', 'shopify', 'cancelled'],
      ['shopify:9004', 'shopify', 'confirmed'],
    ]);
    expect(orders[0]!.created_at.toISOString()).toBe('2026-02-25T18:00:00.000Z');
    expect(orders[0]!.amount_total).toBe(49_990);
    expect(orders[1]!.amount_total).toBe(11_970); // shipping is named in the notes, not a line
    const customer = ((await ok('GET', 'customers', undefined, 200, tenantB)).items as Array<Record<string, unknown>>)[0]!;
    expect(customer).toMatchObject({ razon_social: 'Ana Pérez', email: 'ana@correo.cl', phone: '+56987654321', comuna: expect.objectContaining({ name: 'Providencia' }) });
    expect(orders[0]!.customer_id).toBe(customer.id);
    const paid = await ok('GET', `orders/${orders[0]!.id}`, undefined, 200, tenantB);
    expect(paid.payments).toEqual([expect.objectContaining({ method: 'card_terminal', amount: 49_990, status: 'approved', provider_ref: 'shopify:9001', details: expect.objectContaining({ source: 'shopify' }) })]);

    // Shopify keeps the stock: what is available here is Shopify's inventory, whatever the orders reserved.
    expect(await stockOf('TAL-650', tenantB)).toMatchObject({ reserved: '3', available: '7' });
    expect(await stockOf('GUA-M', tenantB)).toMatchObject({ reserved: '0', available: '20' });

    const again = await ok('POST', `connections/${shopConn}/sync`, { full: true }, 200, tenantB);
    expect(again).toMatchObject({ products: { created: 0, updated: 4 }, customers: { created: 0, updated: 1 }, orders: { created: 0, updated: 0, unchanged: 4 }, stock: { adjusted: 0 } });
    expect(await ordersOf(tenantB)).toHaveLength(4);
    expect(await stockOf('TAL-650', tenantB)).toMatchObject({ available: '7' });
    // A sync that starts from its cursor asks Shopify for what changed since.
    await ok('POST', `connections/${shopConn}/sync`, undefined, 200, tenantB);
    expect(shop.requests.at(-1)!.query).toMatchObject({ updated_at_min: expect.any(String) });
  });

});

describe('Shopify: webhooks', () => {
  const created = (id: number) => shopifyOrder(id, [line(10, 2040, 204, 'NIV-60', '12990.00', 1)], '12990.00', { financial_status: 'pending', checkout_id: 7003 });

  it('refuses a missing or wrong signature, a changed body and an unknown connection (401), writing nothing', async () => {
    const body = created(9100);
    expect((await webhook('orders/create', body, { hmac: null })).status).toBe(401);
    expect((await webhook('orders/create', body, { secret: 'not-the-webhook-secret' })).status).toBe(401);
    expect((await webhook('orders/create', body, { hmac: 'zz' })).status).toBe(401);
    const raw = JSON.stringify(body);
    expect((await webhook('orders/create', body, { hmac: signShopifyWebhook(raw, WEBHOOK_SECRET), raw: raw.replace('12990.00', '1.00') })).status).toBe(401);
    expect((await webhook('orders/create', body, { connection: '00000000-0000-4000-8000-000000000000' })).status).toBe(401);
    expect((await webhook('orders/create', body, { connection: 'not-a-uuid' })).status).toBe(401);
    expect(await receipts(tenantB)).toEqual([]);
    // Signed, but without a webhook id: 400 naming the header.
    const res = await t.request({ method: 'POST', url: `/webhooks/shopify/${shopConn}`, token: null, body: raw, headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': signShopifyWebhook(raw, WEBHOOK_SECRET) } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('x-shopify-webhook-id');
    expect(await receipts(tenantB)).toEqual([]);
  });

  it('stores before the 200, processes by the outbox (pulling a product it does not have), and a redelivery is one order', async () => {
    shop.products.push(shopifyProduct(204, 'Nivel de burbuja 60 cm', [variant(2040, 'NIV-60', '12990.00', 3)]));
    const res = await webhook('orders/create', created(9100), { id: 'wh-9100-create' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false, ignored: false });
    expect(await receipts(tenantB)).toEqual([{ webhook_id: 'wh-9100-create', processed_at: null, error: null }]);
    // Shopify retries with the same id: one row.
    expect((await webhook('orders/create', created(9100), { id: 'wh-9100-create' })).body).toMatchObject({ duplicate: true });
    // Shopify also sends the same event under another id: one order all the same.
    await webhook('orders/create', created(9100), { id: 'wh-9100-create-bis' });
    await drain();
    const orders = (await ordersOf(tenantB)).filter((o) => o.external_ref === 'shopify:9100');
    expect(orders).toEqual([expect.objectContaining({ status: 'confirmed' })]);
    expect((await receipts(tenantB)).every((r) => r.processed_at !== null && r.error === null)).toBe(true);
    expect(await stockOf('NIV-60', tenantB)).toMatchObject({ available: '3', reserved: '1' });

    await webhook('orders/updated', { ...created(9100), financial_status: 'paid', fulfillment_status: 'fulfilled', updated_at: '2026-02-26T10:00:00-03:00' }, { id: 'wh-9100-updated' });
    await drain();
    expect((await ordersOf(tenantB)).filter((o) => o.external_ref === 'shopify:9100')).toEqual([expect.objectContaining({ status: 'completed' })]);
    expect(await stockOf('NIV-60', tenantB)).toMatchObject({ available: '3', reserved: '0' });
  });

  it('a product webhook updates the product and its stock; an unknown topic is answered and dropped', async () => {
    await webhook('products/update', shopifyProduct(201, 'Taladro percutor 650W (2026)', [variant(2010, 'TAL-650', '45990.00', 4)], { updated_at: '2026-03-01T10:00:00-03:00' }));
    await drain();
    const p = ((await ok('GET', 'products?q=TAL-650', undefined, 200, tenantB)).items as Array<Record<string, unknown>>)[0]!;
    expect(p).toMatchObject({ name: 'Taladro percutor 650W (2026)', price: '45990' });
    expect(await stockOf('TAL-650', tenantB)).toMatchObject({ available: '4' });
    const before = (await receipts(tenantB)).length;
    expect((await webhook('app/uninstalled', { id: 1 })).body).toMatchObject({ received: true, ignored: true });
    expect(await receipts(tenantB)).toHaveLength(before);
  });

  it('an order Shopify cannot be read for is kept as the webhook’s error, not retried forever', async () => {
    await webhook('orders/create', { ...created(9200), currency: 'USD' }, { id: 'wh-9200' });
    await drain();
    const r = (await receipts(tenantB)).find((x) => x.webhook_id === 'wh-9200')!;
    expect(r).toMatchObject({ processed_at: expect.any(Date), error: expect.stringContaining('CLP') });
    expect((await ordersOf(tenantB)).some((o) => o.external_ref === 'shopify:9200')).toBe(false);
  });
});

describe('Shopify: abandoned checkouts', () => {
  const abandoned = () => owner<Array<{ payload: Record<string, unknown> }>>((tx) => tx.selectFrom('outbox').select('payload').where('tenant_id', '=', tenantB).where('topic', '=', 'cart.abandoned').orderBy('id').execute());

  it('emits cart.abandoned once per checkout left unfinished with the buyer’s contact', async () => {
    // 7001 (from the pull) is old enough and has an e-mail; 7002 has no contact.
    expect(await t.server.services.erpSync.sweepAbandoned()).toBe(1);
    expect(await t.server.services.erpSync.sweepAbandoned()).toBe(0);
    const events = await abandoned();
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({
      cart_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Rosa Muñoz',
      email: 'rosa@correo.cl',
      items: [{ sku: 'GUA-M', name: 'Guantes de trabajo - M', quantity: 2 }],
      total: 7980,
      store_url: shop.url,
      recover_url: 'https://ferreteria-b.myshopify.com/checkouts/tok-7001/recover',
      source: 'shopify',
    });

    // A fresh one by webhook: not before it has sat for SMARTEROS_ERP_SHOPIFY_ABANDON_MINUTES; its updates are one.
    const now = t.clock.now().toISOString();
    const checkout = { id: 7004, token: 'tok-7004', phone: '+56911112222', currency: 'CLP', created_at: now, updated_at: now, completed_at: null, taxes_included: true, total_price: '45990.00', line_items: [line(11, 2010, 201, 'TAL-650', '45990.00', 1)] };
    await webhook('checkouts/create', checkout);
    await webhook('checkouts/update', checkout);
    // 7003's order came (the orders/create above named it): finished, never announced.
    await webhook('checkouts/create', { ...checkout, id: 7003, token: 'tok-7003', phone: '+56933334444' });
    await drain();
    expect(await t.server.services.erpSync.sweepAbandoned()).toBe(0);
    t.clock.advance(121 * 60_000);
    await webhook('checkouts/create', { ...checkout, id: 7003, token: 'tok-7003', phone: '+56933334444' }, { id: 'again-7003' });
    await drain();
    expect(await t.server.services.erpSync.sweepAbandoned()).toBe(1);
    expect(await t.server.services.erpSync.sweepAbandoned()).toBe(0);
    const all = await abandoned();
    expect(all.map((e) => e.payload.phone ?? e.payload.email)).toEqual(['rosa@correo.cl', '+56911112222']);
  });
});

describe('tenants apart', () => {
  it('another tenant’s connection is not found, its webhook does not open with another’s secret', async () => {
    expect((await api('GET', `connections/${odooConn}`, undefined, tenantB)).status).toBe(404);
    expect((await api('POST', `connections/${odooConn}/sync`, undefined, tenantB)).status).toBe(404);
    expect((await api('DELETE', `connections/${shopConn}`, undefined, tenantA)).status).toBe(404);
    expect((await ok('GET', 'connections', undefined, 200, tenantB)).items).toHaveLength(1);
    // Tenant A's Odoo connection has no webhook: a signed body for it is 401.
    expect((await webhook('orders/create', shopifyOrder(9300, [], '0.00'), { connection: odooConn })).status).toBe(401);
    expect(await receipts(tenantA)).toEqual([]);
    expect((await ok('GET', 'products?active=all', undefined, 200, tenantC)).items).toEqual([expect.objectContaining({ sku: 'ALI-8' })]);
  });

  it('a sync runs once at a time; a disconnected connection takes its webhooks with it', async () => {
    await owner((tx) => tx.updateTable('erp_connections').set({ sync_lease_until: new Date(t.clock.now().getTime() + 60_000) }).where('id', '=', shopConn).execute());
    const busy = await api('POST', `connections/${shopConn}/sync`, undefined, tenantB);
    expect(busy.status).toBe(409);
    expect(busy.body.error?.code).toBe('connector_sync_running');
    await owner((tx) => tx.updateTable('erp_connections').set({ sync_lease_until: null }).where('id', '=', shopConn).execute());
    expect((await api('DELETE', `connections/${shopConn}`, undefined, tenantB)).status).toBe(204);
    expect(await receipts(tenantB)).toEqual([]);
    expect((await ordersOf(tenantB)).length).toBeGreaterThan(0);
    t.clock.advance(10_000);
    expect((await webhook('orders/create', shopifyOrder(9400, [], '0.00'))).status).toBe(401);
  });

  it('no secret appears in any answer or log line', () => {
    const text = answers.join('\n') + logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    for (const s of [[...odoo.apiKeys][0]!, shop.accessToken, WEBHOOK_SECRET, odooC.password]) expect(text).not.toContain(s);
  });
});
