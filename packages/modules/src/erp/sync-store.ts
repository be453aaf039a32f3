import { AppError, findComuna, type Tx } from '@smarteros/kernel';
import { sql } from 'kysely';
import Big from 'big.js';
import { z } from 'zod';
import { chatContactFor } from './customers.ts';
import { IVA_RATE } from './money.ts';
import { cancelOrder, completeOrder, confirmOrder, createOrder, recordPayment } from './orders.ts';
import { applyStock, defaultWarehouse } from './stock.ts';
import type { ShopifyNeutralCheckout, ShopifyNeutralCustomer, ShopifyNeutralLine, ShopifyNeutralOrder } from './connectors/shopify.ts';
import type { OrderStatus } from './erp.tables.ts';

/**
 * What the connectors write into the ERP, shared by Odoo and Shopify, by pull and by webhook. Every write is an upsert
 * by a unique key (a product's SKU, a customer's or order's external_ref, a checkout's id), so a record that comes
 * twice changes nothing twice.
 */

const SKU_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const BARCODE_RE = /^[0-9A-Za-z-]{4,32}$/;
const ROUND_HALF_UP = 1;
const IVA_FACTOR = new Big(1).plus(IVA_RATE);
const validEmail = (v: string | null | undefined): string | null => (v && z.email().max(320).safeParse(v).success ? v.toLowerCase() : null);
const cut = (v: string | null | undefined, max: number): string | null => {
  const s = v?.trim();
  return s ? s.slice(0, max) : null;
};

/** A record that cannot come in as it is (a refusal no retry cures): skipped, and said why in the sync's answer. */
export class SyncSkip extends Error {
  readonly ref: string;
  constructor(ref: string, message: string) {
    super(message);
    this.name = 'SyncSkip';
    this.ref = ref;
  }
}

/** An order's lines name products not here yet (Shopify ids): the caller may pull them and try again. */
export class MissingProducts extends SyncSkip {
  readonly productIds: string[];
  constructor(ref: string, productIds: string[], message: string) {
    super(ref, message);
    this.name = 'MissingProducts';
    this.productIds = productIds;
  }
}

/** A usable SKU (the ERP's rule), or null. */
export const skuOf = (v: string | null | undefined): string | null => {
  const s = v?.trim();
  return s && SKU_RE.test(s) ? s : null;
};
export const barcodeOf = (v: string | null | undefined): string | null => {
  const s = v?.trim();
  return s && BARCODE_RE.test(s) ? s : null;
};
/** A price the ERP keeps (at most 6 decimals, 14 digits), or null for a negative or huge one. */
export function priceOf(v: string): string | null {
  let n: Big;
  try {
    n = new Big(v);
  } catch {
    return null;
  }
  if (n.lt(0) || n.gte('1e14')) return null;
  return n.round(6, ROUND_HALF_UP).toFixed();
}

export interface ConnectorProduct {
  /** odoo:<product.product id>, shopify:<variant id> */
  external_ref: string;
  sku: string;
  name: string;
  price: string;
  price_includes_tax: boolean;
  tax: 'iva' | 'exempt';
  barcode: string | null;
  category: string | null;
  active: boolean;
}

/**
 * Products by SKU: inserted, or updated when the SKU is here (its name, price, tax, barcode, category and state; the
 * description, images, unit and threshold the company gave it stay). external_ref is set unless the product is linked
 * to another system already; a product that held this external_ref under another SKU (the code changed there) lets it go.
 * Answers the product id per SKU.
 */
export async function upsertProducts(tx: Tx, tenantId: string, prefix: 'odoo' | 'shopify', rows: ConnectorProduct[], now: Date): Promise<{ ids: Map<string, string>; created: number; updated: number }> {
  const ids = new Map<string, string>();
  if (rows.length === 0) return { ids, created: 0, updated: 0 };
  const refs = rows.map((r) => r.external_ref);
  const holders = await tx.selectFrom('erp_products').select(['id', 'sku', 'external_ref']).where('external_ref', 'in', refs).execute();
  const skuOfRef = new Map(rows.map((r) => [r.external_ref, r.sku]));
  const moved = holders.filter((h) => skuOfRef.get(h.external_ref!) !== h.sku).map((h) => h.id);
  if (moved.length > 0) await tx.updateTable('erp_products').set({ external_ref: null, updated_at: now }).where('id', 'in', moved).execute();
  const out = await tx
    .insertInto('erp_products')
    .values(
      rows.map((r) => ({
        tenant_id: tenantId,
        sku: r.sku,
        name: r.name,
        price: r.price,
        price_includes_tax: r.price_includes_tax,
        tax: r.tax,
        barcode: r.barcode,
        category: r.category,
        active: r.active,
        external_ref: r.external_ref,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'sku']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        price: eb.ref('excluded.price'),
        price_includes_tax: eb.ref('excluded.price_includes_tax'),
        tax: eb.ref('excluded.tax'),
        barcode: eb.ref('excluded.barcode'),
        category: eb.ref('excluded.category'),
        active: eb.ref('excluded.active'),
        external_ref: sql<string>`case when erp_products.external_ref is null or erp_products.external_ref like ${`${prefix}:%`} then excluded.external_ref else erp_products.external_ref end`,
        updated_at: now,
      })),
    )
    .returning(['id', 'sku', sql<boolean>`(xmax = 0)`.as('inserted')])
    .execute();
  for (const r of out) ids.set(r.sku, r.id);
  const created = out.filter((r) => r.inserted).length;
  return { ids, created, updated: out.length - created };
}

/**
 * Sets the quantity of products in the default warehouse to what the other system says, by one adjustment of the
 * difference each: `on_hand` (Odoo's quantity on hand) or `available` (Shopify's inventory: on hand here becomes it plus
 * what is reserved here). What is reserved here is never left uncovered: the quantity on hand is at least that.
 */
export async function setStock(
  tx: Tx,
  tenantId: string,
  actor: string,
  targets: Array<{ product_id: string; on_hand?: Big; available?: Big }>,
  note: { reference: string; reason: string },
): Promise<number> {
  if (targets.length === 0) return 0;
  const warehouseId = await defaultWarehouse(tx, tenantId);
  const levels = await tx
    .selectFrom('erp_stock_levels')
    .select(['product_id', 'on_hand', 'reserved'])
    .where('warehouse_id', '=', warehouseId)
    .where(
      'product_id',
      'in',
      targets.map((t) => t.product_id),
    )
    .forUpdate()
    .execute();
  const level = new Map(levels.map((l) => [l.product_id, { on_hand: new Big(l.on_hand), reserved: new Big(l.reserved) }]));
  const deltas = [];
  for (const t of targets) {
    const now = level.get(t.product_id) ?? { on_hand: new Big(0), reserved: new Big(0) };
    let target = t.available !== undefined ? (t.available.lt(0) ? new Big(0) : t.available).plus(now.reserved) : (t.on_hand ?? new Big(0));
    target = target.round(3, ROUND_HALF_UP);
    if (target.lt(now.reserved)) target = now.reserved;
    if (target.lt(0)) target = new Big(0);
    const delta = target.minus(now.on_hand);
    if (!delta.eq(0)) deltas.push({ product_id: t.product_id, on_hand: delta, reserved: new Big(0) });
  }
  if (deltas.length > 0) await applyStock(tx, tenantId, { kind: 'adjustment', warehouse_id: warehouseId, deltas, reference: note.reference, reason: note.reason, actor });
  return deltas.length;
}

/** A Shopify customer, by its external_ref (shopify:<id>): created (linked to the chat contact of the same phone or e-mail) or updated. */
export async function upsertShopifyCustomer(tx: Tx, tenantId: string, c: ShopifyNeutralCustomer, now: Date): Promise<{ id: string; created: boolean }> {
  const email = validEmail(c.email);
  const phone = c.phone && c.phone.length <= 30 ? c.phone : null;
  const name = cut(c.name, 100) ?? email ?? phone ?? `Cliente Shopify ${c.external_ref}`;
  const city = cut(c.address?.city, 60);
  // In Chile the shop's «city» is usually the comuna.
  const comuna = city ? (findComuna(city)?.code ?? null) : null;
  const values = { razon_social: name, email, phone, address: cut(c.address?.street, 200), city, comuna_code: comuna, updated_at: now };
  const row = await tx
    .insertInto('erp_customers')
    .values({ tenant_id: tenantId, external_ref: `shopify:${c.external_ref}`, ...values, created_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'external_ref']).doUpdateSet(values))
    .returning(['id', 'chat_contact_id', sql<boolean>`(xmax = 0)`.as('inserted')])
    .executeTakeFirstOrThrow();
  if (row.chat_contact_id === null && (email || phone)) {
    const contact = await chatContactFor(tx, phone, email);
    if (contact) await tx.updateTable('erp_customers').set({ chat_contact_id: contact }).where('id', '=', row.id).execute();
  }
  return { id: row.id, created: row.inserted };
}

/** The local product of each line with a quantity: by SKU, else by the Shopify variant it was imported from. */
async function productsOfLines(tx: Tx, lines: ShopifyNeutralLine[]): Promise<Map<ShopifyNeutralLine, { id: string; sku: string; name: string; tax: 'iva' | 'exempt'; price_includes_tax: boolean }>> {
  const skus = [...new Set(lines.map((l) => skuOf(l.sku)).filter((s): s is string => s !== null))];
  const refs = [...new Set(lines.map((l) => (l.variant_id ? `shopify:${l.variant_id}` : null)).filter((s): s is string => s !== null))];
  const found =
    skus.length + refs.length === 0
      ? []
      : await tx
          .selectFrom('erp_products')
          .select(['id', 'sku', 'name', 'tax', 'price_includes_tax', 'external_ref'])
          .where((eb) => eb.or([...(skus.length ? [eb('sku', 'in', skus)] : []), ...(refs.length ? [eb('external_ref', 'in', refs)] : [])]))
          .execute();
  const bySku = new Map(found.map((p) => [p.sku, p]));
  const byRef = new Map(found.filter((p) => p.external_ref).map((p) => [p.external_ref!, p]));
  const out = new Map<ShopifyNeutralLine, { id: string; sku: string; name: string; tax: 'iva' | 'exempt'; price_includes_tax: boolean }>();
  for (const l of lines) {
    const sku = skuOf(l.sku);
    const p = (sku ? bySku.get(sku) : undefined) ?? (l.variant_id ? byRef.get(`shopify:${l.variant_id}`) : undefined);
    if (p) out.set(l, p);
  }
  return out;
}

/** The unit price that makes the line's Shopify total, in the product's basis (net or with IVA), to 6 decimals. */
function unitPriceOf(line: ShopifyNeutralLine, taxesIncluded: boolean, product: { tax: 'iva' | 'exempt'; price_includes_tax: boolean }): string {
  let total = new Big(Math.max(0, line.total_clp));
  if (product.tax === 'iva' && taxesIncluded !== product.price_includes_tax) total = taxesIncluded ? total.div(IVA_FACTOR) : total.times(IVA_FACTOR);
  return total.div(line.quantity).round(6, ROUND_HALF_UP).toFixed();
}

type Outcome = 'created' | 'updated' | 'unchanged';

/**
 * A Shopify order, as an order of channel 'shopify' with external_ref shopify:<id> (idempotent), placed when Shopify
 * says, its lines by SKU (or by the variant the product came from) at the prices that make Shopify's line totals.
 * Shipping is not a product here: it is named in the notes. Then its state follows Shopify's, forward only: open →
 * confirmed, paid → paid (a card_terminal payment referenced shopify:<id>), fulfilled → completed, cancelled, voided
 * or refunded → cancelled. Shopify counted the sale in its stock already: the stock this order reserves and takes
 * here is given back by an adjustment of the same lines (reference shopify:<id>), so importing it moves nothing that
 * Shopify's inventory (set by the product sync) does not already say.
 */
export async function importShopifyOrder(
  tx: Tx,
  tenantId: string,
  actor: string,
  o: ShopifyNeutralOrder,
  raw: { customer?: unknown; checkout_id?: unknown; checkout_token?: unknown; payment_gateway_names?: unknown },
  connectionId: string,
  now: Date,
  customerOf: (raw: unknown) => ShopifyNeutralCustomer | null,
): Promise<Outcome> {
  const ref = `shopify:${o.external_ref}`;
  const label = o.name ?? ref;
  let order = await tx.selectFrom('orders').selectAll().where('channel', '=', 'shopify').where('external_ref', '=', ref).forUpdate().executeTakeFirst();
  let outcome: Outcome = 'unchanged';
  const financial = o.financial_status ?? '';
  const cancelled = o.cancelled || financial === 'voided' || financial === 'refunded';
  const paid = financial === 'paid' || financial === 'partially_refunded';
  const fulfilled = o.fulfillment_status === 'fulfilled';

  if (!order) {
    const lines = o.lines.filter((l) => l.quantity > 0);
    if (lines.length === 0) throw new SyncSkip(ref, `Pedido ${label}: no tiene líneas con cantidad`);
    const products = await productsOfLines(tx, lines);
    const missing = lines.filter((l) => !products.has(l));
    if (missing.length > 0) {
      const productIds = [...new Set(missing.map((l) => l.product_id).filter((p): p is string => p !== null))];
      throw new MissingProducts(ref, productIds, `Pedido ${label}: sin producto aquí para ${missing.map((l) => l.sku ?? l.title).join(', ')} (importe los productos primero)`);
    }
    let customerId: string | null = null;
    if (o.customer_ref) {
      const known = await tx.selectFrom('erp_customers').select('id').where('external_ref', '=', `shopify:${o.customer_ref}`).executeTakeFirst();
      const neutral = known ? null : customerOf(raw.customer);
      customerId = known?.id ?? (neutral ? (await upsertShopifyCustomer(tx, tenantId, neutral, now)).id : null);
    }
    const email = validEmail(o.email);
    const buyerName = cut(customerOf(raw.customer)?.name, 100) ?? email ?? o.phone ?? 'Cliente Shopify';
    const placed = o.created_at && new Date(o.created_at).getTime() <= now.getTime() ? o.created_at : now.toISOString();
    const clp = new Intl.NumberFormat('es-CL', { style: 'currency', currency: 'CLP', maximumFractionDigits: 0 });
    const notes = [`Pedido Shopify ${label}`, o.shipping_clp > 0 ? `envío ${clp.format(o.shipping_clp)} (no incluido en las líneas)` : null, o.adjustment_clp !== 0 ? `otros cargos ${clp.format(o.adjustment_clp)}` : null].filter(Boolean).join(' · ');
    const created = await createOrder(
      tx,
      tenantId,
      actor,
      {
        channel: 'shopify',
        external_ref: ref,
        placed_at: placed,
        ...(customerId ? { customer_id: customerId } : { buyer: { name: buyerName, ...(email ? { email } : {}), ...(o.phone ? { phone: o.phone } : {}) } }),
        notes,
        lines: lines.map((l) => {
          const p = products.get(l)!;
          return { product_id: p.id, quantity: String(l.quantity), unit_price: unitPriceOf(l, o.taxes_included, p) };
        }),
      },
      now,
      { allowInactive: true },
    );
    order = await tx.selectFrom('orders').selectAll().where('id', '=', created.id).forUpdate().executeTakeFirstOrThrow();
    outcome = 'created';
  }
  // The checkout it came from is finished: no cart.abandoned for it.
  const checkoutId = typeof raw.checkout_id === 'number' || typeof raw.checkout_id === 'string' ? String(raw.checkout_id) : null;
  const checkoutToken = typeof raw.checkout_token === 'string' ? raw.checkout_token : null;
  if (checkoutId) {
    // The order may come before its checkout: the checkout is written finished, and stays so when it comes.
    await tx
      .insertInto('erp_shopify_checkouts')
      .values({ tenant_id: tenantId, connection_id: connectionId, checkout_id: checkoutId, checkout_token: checkoutToken, checkout_updated_at: now, completed_at: now, created_at: now })
      .onConflict((oc) => oc.columns(['tenant_id', 'connection_id', 'checkout_id']).doUpdateSet({ completed_at: sql<Date>`coalesce(erp_shopify_checkouts.completed_at, ${now})` }))
      .execute();
  } else if (checkoutToken) {
    await tx
      .updateTable('erp_shopify_checkouts')
      .set({ completed_at: now })
      .where('connection_id', '=', connectionId)
      .where('completed_at', 'is', null)
      .where((eb) => eb.or([...(checkoutId ? [eb('checkout_id', '=', checkoutId)] : []), ...(checkoutToken ? [eb('checkout_token', '=', checkoutToken)] : [])]))
      .execute();
  }

  const start: OrderStatus = order.status;
  if (start === 'completed' || start === 'cancelled') return outcome;
  const lines = await tx.selectFrom('order_lines').select(['product_id', 'quantity']).where('order_id', '=', order.id).execute();
  const giveBack = (sign: 1 | -1) =>
    applyStock(tx, tenantId, {
      kind: 'adjustment',
      warehouse_id: order!.warehouse_id,
      deltas: lines.map((l) => ({ product_id: l.product_id, on_hand: new Big(l.quantity).times(sign), reserved: new Big(0) })),
      order_id: order!.id,
      reference: ref,
      reason: sign > 0 ? 'Vendido en Shopify: Shopify ya lo descontó de su inventario' : 'Pedido de Shopify anulado',
      actor,
    });
  let status: OrderStatus = start;
  if (cancelled) {
    await cancelOrder(tx, tenantId, order.id, actor, now);
    if (status !== 'draft') await giveBack(-1);
    status = 'cancelled';
  } else {
    if (status === 'draft') {
      await giveBack(1);
      status = (await confirmOrder(tx, tenantId, order.id, actor, now)).status;
    }
    if (status === 'confirmed' && paid) {
      const gateways = Array.isArray(raw.payment_gateway_names) ? raw.payment_gateway_names.filter((g): g is string => typeof g === 'string').slice(0, 5) : [];
      status = (await recordPayment(tx, tenantId, order.id, { method: 'card_terminal', reference: ref, details: { source: 'shopify', financial_status: financial, gateways } }, actor, now)).status;
    }
    if (fulfilled && (status === 'confirmed' || status === 'paid')) status = (await completeOrder(tx, tenantId, order.id, actor, now)).status;
  }
  return outcome === 'created' ? 'created' : status !== start ? 'updated' : 'unchanged';
}

/** The items of a checkout as cart.abandoned names them: the local SKU and name where the product is here. */
async function checkoutItems(tx: Tx, c: ShopifyNeutralCheckout): Promise<Array<{ sku: string; name: string; quantity: number }>> {
  const lines = c.lines.filter((l) => Number.isInteger(l.quantity) && l.quantity > 0);
  const products = await productsOfLines(tx, lines);
  return lines.map((l) => {
    const p = products.get(l);
    return {
      sku: p?.sku ?? skuOf(l.sku) ?? (l.variant_id ? `SHOPIFY-${l.variant_id}` : 'SHOPIFY'),
      name: (p?.name ?? cut(l.title, 200) ?? 'Producto').slice(0, 200),
      quantity: Math.min(l.quantity, 999_999),
    };
  });
}

/** A Shopify checkout, by its id: written, or updated when this is newer than what is here (a completed one stays so). */
export async function upsertShopifyCheckout(tx: Tx, tenantId: string, connectionId: string, c: ShopifyNeutralCheckout, name: string | null, now: Date): Promise<void> {
  const values = {
    checkout_token: cut(c.token, 200),
    name: cut(name, 100),
    email: validEmail(c.email),
    phone: c.phone && c.phone.length <= 30 ? c.phone : null,
    items: JSON.stringify(await checkoutItems(tx, c)),
    total: Math.max(0, c.total_clp),
    recover_url: c.abandoned_checkout_url && /^https?:\/\//.test(c.abandoned_checkout_url) ? c.abandoned_checkout_url.slice(0, 2000) : null,
    checkout_updated_at: new Date(c.updated_at ?? c.created_at ?? now.toISOString()),
    completed_at: c.completed_at ? new Date(c.completed_at) : null,
  };
  await tx
    .insertInto('erp_shopify_checkouts')
    .values({ tenant_id: tenantId, connection_id: connectionId, checkout_id: c.external_ref, ...values, created_at: now })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'connection_id', 'checkout_id'])
        .doUpdateSet((eb) => ({
          checkout_token: eb.ref('excluded.checkout_token'),
          name: eb.ref('excluded.name'),
          email: eb.ref('excluded.email'),
          phone: eb.ref('excluded.phone'),
          items: eb.ref('excluded.items'),
          total: eb.ref('excluded.total'),
          recover_url: eb.ref('excluded.recover_url'),
          checkout_updated_at: eb.ref('excluded.checkout_updated_at'),
          completed_at: sql<Date | null>`coalesce(erp_shopify_checkouts.completed_at, excluded.completed_at)`,
        }))
        .where(sql<boolean>`excluded.checkout_updated_at >= erp_shopify_checkouts.checkout_updated_at`),
    )
    .execute();
}

export const invalidField = (field: string, message: string): AppError => new AppError('validation_failed', `${field}: ${message}`, { issues: [{ path: field, message }] });
