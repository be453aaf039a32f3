import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, createEgressGuard } from '@smarteros/kernel';
import Big from 'big.js';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signShopifyWebhook, startShopify, type ShopifyFake } from '../../../../../test/fakes/shopify.ts';
import {
  allocatePesos,
  clpOf,
  createShopifyClient,
  mapShopifyCheckout,
  mapShopifyCustomer,
  mapShopifyOrder,
  mapShopifyProduct,
  parseShopifyLink,
  ShopifyError,
  verifyShopifyWebhook,
  type ShopifyCheckout,
  type ShopifyClientOptions,
  type ShopifyOrder,
} from './shopify.ts';

const egress = createEgressGuard({ allow: ['127.0.0.0/8'] });
let shop: ShopifyFake;
let waits: number[];

function client(over: Partial<ShopifyClientOptions> = {}) {
  return createShopifyClient({
    egress,
    shopUrl: shop.url,
    accessToken: shop.accessToken,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...over,
  });
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

async function shopifyFailure(p: Promise<unknown>): Promise<ShopifyError> {
  const err = await failure(p);
  if (!(err instanceof ShopifyError)) throw err;
  return err;
}

const product = (id: number, over: Record<string, unknown> = {}) => ({
  id,
  title: `Producto ${id}`,
  handle: `producto-${id}`,
  status: 'active',
  vendor: 'Tienda Demo',
  product_type: 'Mate',
  updated_at: `2026-03-${String(id % 28 || 1).padStart(2, '0')}T10:00:00-03:00`,
  variants: [{ id: id * 10, product_id: id, title: 'Default Title', sku: `SKU-${id}`, price: '4990.00', compare_at_price: null, inventory_quantity: id, inventory_item_id: id * 100, barcode: null }],
  ...over,
});

const order = (id: number, over: Partial<ShopifyOrder> = {}): ShopifyOrder => ({
  id,
  name: `#${1000 + id}`,
  order_number: 1000 + id,
  email: 'Cliente@Correo.cl',
  phone: null,
  currency: 'CLP',
  created_at: '2026-03-10T12:00:00-03:00',
  updated_at: '2026-03-10T12:05:00-03:00',
  cancelled_at: null,
  financial_status: 'paid',
  fulfillment_status: null,
  taxes_included: true,
  total_price: '17980.00',
  total_tax: '2870.77',
  total_discounts: '0.00',
  line_items: [{ id: id * 10, variant_id: 1010, product_id: 101, sku: 'SKU-101', title: 'Mate', variant_title: null, quantity: 2, price: '4990.00', discount_allocations: [] }],
  shipping_lines: [{ title: 'Despacho', price: '8000.00' }],
  customer: { id: 555, email: 'cliente@correo.cl', phone: '+56987654321' },
  ...over,
});

beforeEach(async () => {
  shop = await startShopify();
  waits = [];
});
afterEach(async () => {
  await shop.close();
});

describe('Shopify client', () => {
  it('follows the Link header over several pages, sending only limit and page_info after the first', async () => {
    shop.products = [1, 2, 3, 4, 5, 6, 7].map((i) => product(100 + i));
    shop.products.push(product(199, { status: 'draft' }));
    const out = await client().products({ limit: 3, status: 'active' });
    expect(out.items.map((p) => p.id)).toEqual([101, 102, 103, 104, 105, 106, 107]);
    expect(out.next_page_info).toBeNull();
    expect(shop.requests.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(shop.requests[0]!.query).toEqual({ limit: '3', status: 'active' });
    for (const r of shop.requests.slice(1)) expect(Object.keys(r.query).sort()).toEqual(['limit', 'page_info']);
  });

  it('stops after maxPages with the cursor to go on from, and pages carry both cursors', async () => {
    shop.customers = [1, 2, 3, 4, 5].map((i) => ({ id: i, email: `c${i}@correo.cl`, updated_at: '2026-03-01T00:00:00Z' }));
    const c = client();
    const first = await c.customers({ limit: 2 }, { maxPages: 2 });
    expect(first.items.map((x) => x.id)).toEqual([1, 2, 3, 4]);
    expect(first.next_page_info).not.toBeNull();
    const rest = await c.customers({ limit: 2 }, { pageInfo: first.next_page_info! });
    expect(rest).toEqual({ items: [expect.objectContaining({ id: 5 })], next_page_info: null });

    const seen: Array<[number[], boolean, boolean]> = [];
    for await (const p of c.pages('customers', { limit: 2 })) seen.push([p.items.map((x) => x.id), p.previous_page_info !== null, p.next_page_info !== null]);
    expect(seen).toEqual([
      [[1, 2], false, true],
      [[3, 4], true, true],
      [[5], true, false],
    ]);
  });

  it('keeps the first request’s filters across pages (the cursor carries them)', async () => {
    shop.products = [1, 2, 3, 4, 5, 6].map((i) => product(100 + i, { updated_at: `2026-03-0${i}T00:00:00Z` }));
    const out = await client().products({ limit: 2, updated_at_min: '2026-03-03T00:00:00Z' });
    expect(out.items.map((p) => p.id)).toEqual([103, 104, 105, 106]);
  });

  it('asks for orders of every status, and abandoned checkouts that are still open', async () => {
    shop.orders = [order(1), order(2, { cancelled_at: '2026-03-11T00:00:00Z' }), order(3, { closed_at: '2026-03-12T00:00:00Z' })];
    const checkouts: ShopifyCheckout[] = [
      { id: 1, token: 'a', currency: 'CLP', total_price: '0', line_items: [], completed_at: null },
      { id: 2, token: 'b', currency: 'CLP', total_price: '0', line_items: [], completed_at: '2026-03-10T00:00:00Z' },
    ];
    shop.checkouts = checkouts;
    const c = client();
    expect((await c.orders()).items.map((o) => o.id)).toEqual([1, 2, 3]);
    expect(shop.requests[0]!.query).toEqual({ limit: '250', status: 'any' });
    expect((await c.orders({ status: 'open' })).items.map((o) => o.id)).toEqual([1]);
    expect((await c.abandonedCheckouts()).items.map((x) => x.id)).toEqual([1]);
  });

  it('waits as Retry-After says on a 429 and tries again, a bounded number of times', async () => {
    shop.products = [product(101)];
    shop.throttleNext.push(1.5, 0.5);
    const out = await client().products();
    expect(out.items).toHaveLength(1);
    expect(waits).toEqual([1500, 500]);
    expect(shop.requests.map((r) => r.status)).toEqual([429, 429, 200]);

    shop.requests = [];
    waits = [];
    shop.throttleNext.push(1, 1, 1, 1, 1);
    const err = await shopifyFailure(client({ maxRetries: 3 }).products());
    expect([err.kind, err.status, err.retryAfterMs, err.retryable]).toEqual(['rate_limited', 429, 1000, true]);
    expect(err.message).toContain('Exceeded 2 calls per second');
    expect(shop.requests).toHaveLength(4);
    expect(waits).toEqual([1000, 1000, 1000]);
  });

  it('does not sleep longer than maxRetryDelayMs: a long Retry-After fails at once, saying how long', async () => {
    shop.throttleNext.push(30);
    const err = await shopifyFailure(client({ maxRetryDelayMs: 5_000 }).products());
    expect([err.kind, err.retryAfterMs]).toEqual(['rate_limited', 30_000]);
    expect(waits).toEqual([]);
    expect(shop.requests).toHaveLength(1);
  });

  it('types Shopify’s refusals by kind, with its errors', async () => {
    const wrong = await shopifyFailure(client({ accessToken: 'shpat_wrong' }).products());
    expect([wrong.kind, wrong.status, wrong.retryable]).toEqual(['auth', 401, false]);
    expect(wrong.errors).toBe('[API] Invalid API key or access token (unrecognized login or wrong password)');
    expect(shop.requests[0]!.token).toBe('shpat_wrong');

    shop.failNext.push(403, 402, 500);
    expect((await shopifyFailure(client().orders())).kind).toBe('forbidden');
    expect((await shopifyFailure(client().orders())).kind).toBe('forbidden');
    const down = await shopifyFailure(client().orders());
    expect([down.kind, down.status, down.retryable]).toEqual(['server', 500, true]);

    const version = await shopifyFailure(client({ apiVersion: '2019-04' }).products());
    expect([version.kind, version.status, version.errors]).toEqual(['not_found', 404, 'Not Found']);

    const cursor = await shopifyFailure(client().page('products', {}, 'not-a-cursor'));
    expect([cursor.kind, cursor.status]).toEqual(['validation', 400]);
    expect(cursor.message).toContain('page_info: Invalid value.');
    expect(cursor.errors).toEqual({ page_info: ['Invalid value.'] });
  });

  it('refuses a bad limit before calling, naming it', async () => {
    for (const limit of [0, 251, 2.5]) {
      const err = await failure(client().products({ limit }));
      expect(err).toBeInstanceOf(AppError);
      expect(err.message).toMatch(/^limit: /);
    }
    expect(shop.requests).toEqual([]);
  });

  it('surfaces an egress refusal as the guard’s error, and a closed port as network', async () => {
    const strict = await failure(client({ egress: createEgressGuard() }).products());
    expect(strict).toBeInstanceOf(AppError);
    expect((strict as AppError).code).toBe('egress_refused');
    expect(shop.requests).toEqual([]);

    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await shopifyFailure(client({ shopUrl: url }).products());
    expect([err.kind, err.status, err.retryable]).toEqual(['network', null, true]);
  });

  it('reads the cursors of a Link header', () => {
    const h = '<https://t.myshopify.com/admin/api/2025-01/products.json?limit=2&fields=id,title&page_info=abc>; rel="previous", <https://t.myshopify.com/admin/api/2025-01/products.json?limit=2&page_info=def>; rel="next"';
    expect(parseShopifyLink(h)).toEqual({ previous: 'abc', next: 'def' });
    expect(parseShopifyLink(null)).toEqual({ previous: null, next: null });
    expect(parseShopifyLink('<not a url>; rel="next"')).toEqual({ previous: null, next: null });
  });
});

describe('Shopify mappers', () => {
  it('maps a product’s variants to sku, price and inventory quantity', () => {
    const p = mapShopifyProduct({
      id: 8001,
      title: 'Mate de calabaza',
      handle: 'mate',
      status: 'active',
      vendor: 'Artesanía',
      product_type: '',
      updated_at: '2026-03-01T10:00:00-03:00',
      variants: [
        { id: 1, sku: 'MATE-S', title: 'Chico', price: '4990.50', compare_at_price: '5990.00', inventory_quantity: -2, inventory_item_id: 77, barcode: '780' },
        { id: 2, sku: '', title: 'Grande', price: '12990', compare_at_price: null, inventory_quantity: 5 },
      ],
    });
    expect(p).toEqual({
      external_ref: '8001',
      title: 'Mate de calabaza',
      handle: 'mate',
      status: 'active',
      vendor: 'Artesanía',
      product_type: null,
      updated_at: '2026-03-01T13:00:00.000Z',
      variants: [
        { external_ref: '1', sku: 'MATE-S', title: 'Chico', price: '4990.5', price_clp: 4991, compare_at_price_clp: 5990, inventory_quantity: -2, barcode: '780', inventory_item_id: '77' },
        { external_ref: '2', sku: null, title: 'Grande', price: '12990', price_clp: 12990, compare_at_price_clp: null, inventory_quantity: 5, barcode: null, inventory_item_id: null },
      ],
    });
  });

  it('maps an order: lines after their discounts, shipping, tax inside prices, parts adding up to the total', () => {
    const o = mapShopifyOrder(
      order(9, {
        total_price: '19470.00',
        total_tax: '3108.66',
        total_discounts: '1500.00',
        line_items: [
          { id: 1, variant_id: 11, product_id: 1, sku: 'YERBA-1K', title: 'Yerba', variant_title: '1 kg', quantity: 3, price: '4990.00', discount_allocations: [{ amount: '1000.00' }, { amount: '500.00' }] },
          { id: 2, variant_id: 12, product_id: 2, sku: null, title: 'Bombilla', quantity: 1, price: '0.00', discount_allocations: [] },
        ],
        shipping_lines: [{ title: 'Despacho', price: '4000.00', discounted_price: '3000.00' }],
      }),
    );
    expect(o.lines).toEqual([
      { external_ref: '1', sku: 'YERBA-1K', variant_id: '11', product_id: '1', title: 'Yerba - 1 kg', quantity: 3, unit_price_clp: 4990, discount_clp: 1500, total_clp: 13470 },
      { external_ref: '2', sku: null, variant_id: '12', product_id: '2', title: 'Bombilla', quantity: 1, unit_price_clp: 0, discount_clp: 0, total_clp: 0 },
    ]);
    expect(o).toMatchObject({ external_ref: '9', name: '#1009', number: 1009, email: 'cliente@correo.cl', phone: '+56987654321', customer_ref: '555', currency: 'CLP' });
    expect([o.shipping_clp, o.tax_clp, o.discount_clp, o.adjustment_clp, o.total_clp]).toEqual([3000, 3109, 1500, 3000, 19470]);
    // 13470 + 0 + 3000 = 16470: the 3000 beyond lines and shipping (a tip, say) is the adjustment.
    expect(o.lines.reduce((s, l) => s + l.total_clp, 0) + o.shipping_clp + o.adjustment_clp).toBe(o.total_clp);
  });

  it('adds the tax as a part when prices do not include it', () => {
    const o = mapShopifyOrder(order(3, { taxes_included: false, total_price: '12691.05', total_tax: '1900.05', line_items: [{ quantity: 1, price: '10791.00' }], shipping_lines: [] }));
    expect([o.lines[0]!.total_clp, o.shipping_clp, o.tax_clp, o.adjustment_clp, o.total_clp]).toEqual([10791, 0, 1900, 0, 12691]);
  });

  it('refuses an order that is not in CLP, or an amount that is not a decimal string, naming the field', () => {
    expect(() => mapShopifyOrder(order(1, { currency: 'USD' }))).toThrow(/^currency: .*USD/);
    // A float is refused: amounts are read from Shopify's strings only.
    expect(() => mapShopifyOrder(order(1, { line_items: [{ quantity: 1, price: 4990 as unknown as string }] }))).toThrow(AppError);
    expect(() => mapShopifyOrder(order(1, { line_items: [{ quantity: 1, price: 4990 as unknown as string }] }))).toThrow(/^line_items\[0\]\.price: /);
    expect(() => mapShopifyOrder(order(1, { total_price: '17.980,00' }))).toThrow(/^total_price: /);
    expect(() => mapShopifyOrder(order(1, { line_items: [{ quantity: 1.5, price: '1' }] }))).toThrow(/^line_items\[0\]\.quantity: /);
    expect(() => mapShopifyOrder(order(1, { line_items: [{ quantity: 1, price: '1', discount_allocations: [{ amount: '1e3' }] }] }))).toThrow(/^line_items\[0\]\.discount_allocations\[0\]\.amount: /);
  });

  it('maps customers with email and phone in E.164 (Chilean numbers without +56 too)', () => {
    expect(
      mapShopifyCustomer({
        id: 1,
        email: ' Juana@Correo.CL ',
        phone: '9 8765 4321',
        first_name: 'Juana',
        last_name: 'Pérez',
        updated_at: '2026-03-01T00:00:00Z',
        email_marketing_consent: { state: 'subscribed' },
        default_address: { address1: 'Av. Providencia 1234', address2: 'Depto 5', city: 'Providencia', province: 'Región Metropolitana', country_code: 'cl', zip: '7500000' },
      }),
    ).toEqual({
      external_ref: '1',
      email: 'juana@correo.cl',
      phone: '+56987654321',
      first_name: 'Juana',
      last_name: 'Pérez',
      name: 'Juana Pérez',
      accepts_marketing: true,
      address: { street: 'Av. Providencia 1234, Depto 5', city: 'Providencia', region: 'Región Metropolitana', country_code: 'CL', zip: '7500000' },
      updated_at: '2026-03-01T00:00:00.000Z',
    });
    // No phone of its own: the address's; a number that is not one gives null.
    expect(mapShopifyCustomer({ id: 2, phone: null, default_address: { phone: '+56 2 2345 6789' } }).phone).toBe('+56223456789');
    expect(mapShopifyCustomer({ id: 3, phone: '123', email: null }).phone).toBeNull();
    expect(mapShopifyCustomer({ id: 3, phone: '123', email: null }).address).toBeNull();
  });

  it('maps an abandoned checkout: who, the way back, what and when', () => {
    const c = mapShopifyCheckout({
      id: 4242,
      token: 'tok123',
      email: null,
      phone: null,
      abandoned_checkout_url: 'https://tienda.cl/checkouts/tok123/recover?key=k',
      currency: 'CLP',
      created_at: '2026-03-09T20:00:00-03:00',
      updated_at: '2026-03-09T20:10:00-03:00',
      completed_at: null,
      taxes_included: true,
      total_price: '9980.00',
      total_tax: '1593.45',
      line_items: [{ sku: 'MATE-01', title: 'Mate', variant_id: 1010, product_id: 101, quantity: 2, price: '4990.00' }],
      customer: { id: 77, email: 'Comprador@Correo.cl', phone: '+56911112222' },
    });
    expect(c).toEqual({
      external_ref: '4242',
      token: 'tok123',
      email: 'comprador@correo.cl',
      phone: '+56911112222',
      abandoned_checkout_url: 'https://tienda.cl/checkouts/tok123/recover?key=k',
      customer_ref: '77',
      currency: 'CLP',
      taxes_included: true,
      lines: [{ external_ref: null, sku: 'MATE-01', variant_id: '1010', product_id: '101', title: 'Mate', quantity: 2, unit_price_clp: 4990, discount_clp: 0, total_clp: 9980 }],
      shipping_clp: 0,
      tax_clp: 1593,
      adjustment_clp: 0,
      total_clp: 9980,
      created_at: '2026-03-09T23:00:00.000Z',
      updated_at: '2026-03-09T23:10:00.000Z',
      completed_at: null,
    });
  });

  it('rounds half up to whole pesos, exactly', () => {
    expect([clpOf('4990.50', 'x'), clpOf('4990.49', 'x'), clpOf('1.005', 'x'), clpOf('0', 'x'), clpOf('999999999999999.5', 'x')]).toEqual([4991, 4990, 1, 0, 1_000_000_000_000_000]);
    expect(allocatePesos(['0.5', '0.5', '0.5'].map((x) => new Big(x)))).toEqual({ total: 2, parts: [1, 1, 0] });
    expect(allocatePesos(['1000.4', '-0.4'].map((x) => new Big(x)))).toEqual({ total: 1000, parts: [1000, 0] });
  });

  /** Decimal text of an amount in hundredths, as Shopify writes it ("4990.05"), or without decimals when whole and asked. */
  const text = (hundredths: bigint, bare: boolean) => (bare && hundredths % 100n === 0n ? String(hundredths / 100n) : `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`);
  const line = fc.record({ price: fc.bigInt({ min: 0n, max: 300_000_000n }), quantity: fc.integer({ min: 1, max: 40 }), share: fc.integer({ min: 0, max: 1000 }), bare: fc.boolean() });

  it('property: the lines and the other parts add up to the total, each within a peso of its exact amount', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.bigInt({ min: 0n, max: 10_000_000n }),
        fc.bigInt({ min: 0n, max: 50_000_000n }),
        fc.bigInt({ min: 0n, max: 2_000_000n }),
        fc.boolean(),
        (lines, shipping, tax, tip, taxesIncluded) => {
          const nets = lines.map((l) => {
            const gross = l.price * BigInt(l.quantity);
            const discount = (gross * BigInt(l.share)) / 1000n;
            return { ...l, discount, net: gross - discount };
          });
          const totalHundredths = nets.reduce((s, l) => s + l.net, 0n) + shipping + (taxesIncluded ? 0n : tax) + tip;
          const o = mapShopifyOrder(
            order(1, {
              taxes_included: taxesIncluded,
              total_price: text(totalHundredths, false),
              total_tax: text(tax, false),
              shipping_lines: [{ price: text(shipping, true) }],
              line_items: nets.map((l) => ({ quantity: l.quantity, price: text(l.price, l.bare), discount_allocations: l.discount > 0n ? [{ amount: text(l.discount, false) }] : [] })),
            }),
          );
          const sum = o.lines.reduce((s, l) => s + l.total_clp, 0) + o.shipping_clp + (taxesIncluded ? 0 : o.tax_clp) + o.adjustment_clp;
          expect(sum).toBe(o.total_clp);
          // Half up, computed apart from the code under test (amounts are never negative here).
          expect(BigInt(o.total_clp)).toBe((totalHundredths + 50n) / 100n);
          o.lines.forEach((l, i) => {
            const diff = BigInt(l.total_clp) * 100n - nets[i]!.net;
            expect(diff > -100n && diff < 100n).toBe(true);
          });
          const adj = BigInt(o.adjustment_clp) * 100n - tip;
          expect(adj > -100n && adj < 100n).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('verifyShopifyWebhook', () => {
  const secret = 'shpss_0123456789abcdef0123456789abcdef';
  // Non-ASCII bytes as Shopify sends them: the HMAC is over the raw body, never over re-serialized JSON.
  const raw = Buffer.from('{"id":820982911946154508,"email":"jon@example.com","note":"Despacho a Ñuñoa ✓"}', 'utf8');
  const header = createHmac('sha256', secret).update(raw).digest('base64');

  it('accepts the base64 HMAC-SHA256 of the raw body with the app secret, as the fake signs it', () => {
    expect(signShopifyWebhook(raw, secret)).toBe(header);
    expect(verifyShopifyWebhook(raw, header, secret)).toBe(true);
    expect(verifyShopifyWebhook(raw, ` ${header} `, secret)).toBe(true);
    const other = Buffer.from('{}');
    expect(verifyShopifyWebhook(other, signShopifyWebhook(other, secret), secret)).toBe(true);
  });

  it('refuses a tampered byte, another secret, a missing header, a header that is not base64 of 32 bytes', () => {
    const tampered = Buffer.from(raw);
    const at = tampered.length - 2;
    tampered.writeUInt8(tampered.readUInt8(at) ^ 0x01, at);
    expect(verifyShopifyWebhook(tampered, header, secret)).toBe(false);
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))), 'utf8');
    expect(reserialized.equals(raw)).toBe(false);
    expect(verifyShopifyWebhook(reserialized, header, secret)).toBe(false);
    expect(verifyShopifyWebhook(raw, header, 'shpss_another_secret')).toBe(false);
    expect(verifyShopifyWebhook(raw, header, '')).toBe(false);
    expect(verifyShopifyWebhook(raw, undefined, secret)).toBe(false);
    expect(verifyShopifyWebhook(raw, '', secret)).toBe(false);
    expect(verifyShopifyWebhook(raw, 'not base64 at all!!', secret)).toBe(false);
    expect(verifyShopifyWebhook(raw, header.slice(0, -4), secret)).toBe(false);
    expect(verifyShopifyWebhook(raw, `${header}AAAA`, secret)).toBe(false);
    // The same digest in hex is not what Shopify sends.
    expect(verifyShopifyWebhook(raw, createHmac('sha256', secret).update(raw).digest('hex'), secret)).toBe(false);
    // One base64 character changed.
    const flipped = (header[0] === 'A' ? 'B' : 'A') + header.slice(1);
    expect(verifyShopifyWebhook(raw, flipped, secret)).toBe(false);
  });
});
