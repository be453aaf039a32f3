import { AppError, formatRut, type Database, type Tx } from '@smarteros/kernel';
import Big from 'big.js';
import { OdooError, type OdooClient, type OdooProduct } from './connectors/odoo.ts';
import { IVA_RATE } from './money.ts';
import { barcodeOf, priceOf, setStock, skuOf, upsertProducts, type ConnectorProduct } from './sync-store.ts';
import type { SyncResultOutput } from './sync.schema.ts';

/**
 * Odoo: products and their stock come in; confirmed orders go out.
 *
 * - Products (product.product, archived ones too) written at or after the last sync's newest write_date, in pages, by
 *   their internal reference (default_code) as SKU, external_ref odoo:<id>. A product without a usable code is skipped
 *   (the ERP keys products by SKU; the answer names it). list_price is the price; the product's sale taxes say whether
 *   it carries IVA (no tax, or only 0% taxes: exento) and whether the price includes it (price_include on all of them).
 * - Stock: Odoo's quantity on hand over its internal locations (stock.quant) becomes the quantity on hand of each linked
 *   product in the default warehouse here, by one adjustment of the difference; a linked product Odoo has no quant of
 *   has none on hand. What orders reserved here is never left uncovered.
 * - Push: an order confirmed here becomes a sale.order (a quotation) with client_order_ref SmarterOS-<number>, for a
 *   res.partner found or made by our key (ref = our customer id, vat = the RUT; a buyer without a customer record by
 *   its RUT; without a RUT, the SII's «Consumidor Final Anónimo» 66.666.666-6). Links keep a redelivery from making
 *   anything twice; claims keep two servers from making the same partner at once.
 */

export const PAGE = 200;
export const CONSUMIDOR_FINAL = { rut: '66666666-6', name: 'Consumidor Final Anónimo', ref: 'smarteros:consumidor-final' } as const;
const IVA_FACTOR = new Big(1).plus(IVA_RATE);

export interface OdooPullContext {
  db: Database;
  tenantId: string;
  actor: string;
  now: () => Date;
  client: OdooClient;
  cursors: Record<string, unknown>;
  full: boolean;
  result: SyncResultOutput;
  problem: (ref: string, message: string) => void;
}

/** The sale taxes of the products: whether each tax is IVA (amount > 0) and included in the price. */
async function taxesOf(client: OdooClient, ids: number[], known: Map<number, { iva: boolean; included: boolean }>): Promise<void> {
  const wanted = ids.filter((id) => !known.has(id));
  if (wanted.length === 0) return;
  try {
    const rows = await client.searchRead('account.tax', [['id', 'in', wanted]], ['amount', 'price_include'], { context: { active_test: false } });
    for (const r of rows) known.set(r.id, { iva: typeof r.amount === 'number' && r.amount > 0, included: r.price_include === true });
  } catch (err) {
    // A user who may not read taxes: IVA on a net price, Chile's usual case.
    if (!(err instanceof OdooError) || (err.kind !== 'access' && err.kind !== 'not_found')) throw err;
  }
  for (const id of wanted) if (!known.has(id)) known.set(id, { iva: true, included: false });
}

function toConnectorProduct(p: OdooProduct, taxes: Map<number, { iva: boolean; included: boolean }>): ConnectorProduct | { skip: string } {
  const sku = skuOf(p.sku);
  if (!sku) return { skip: p.sku ? `el código interno «${p.sku}» no sirve de SKU (letras, dígitos y . _ / -, hasta 64)` : 'no tiene código interno (default_code): aquí los productos se identifican por SKU' };
  const price = priceOf(p.price);
  if (price === null) return { skip: `el precio ${p.price} no es válido` };
  const own = p.tax_ids.map((id) => taxes.get(id) ?? { iva: true, included: false });
  const iva = own.filter((t) => t.iva);
  return {
    external_ref: `odoo:${p.odoo_id}`,
    sku,
    name: (p.name.trim() || sku).slice(0, 200),
    price,
    tax: iva.length > 0 ? 'iva' : 'exempt',
    price_includes_tax: iva.length > 0 && iva.every((t) => t.included),
    barcode: barcodeOf(p.barcode),
    category: p.category?.name ? p.category.name.slice(0, 100) : null,
    active: p.active,
  };
}

/** Products, then stock. Cursors: products_since (the newest write_date seen). */
export async function pullOdoo(ctx: OdooPullContext): Promise<void> {
  const { db, tenantId, client } = ctx;
  const since = ctx.full ? undefined : typeof ctx.cursors.products_since === 'string' ? ctx.cursors.products_since : undefined;
  const taxes = new Map<number, { iva: boolean; included: boolean }>();
  let newest = since ?? null;
  for (let offset = 0; ; offset += PAGE) {
    const page = await client.pullProducts({ ...(since ? { since } : {}), limit: PAGE, offset });
    await taxesOf(client, [...new Set(page.flatMap((p) => p.tax_ids))], taxes);
    const rows: ConnectorProduct[] = [];
    const seen = new Set<string>();
    for (const p of page) {
      if (p.updated_at && (newest === null || p.updated_at > newest)) newest = p.updated_at;
      const row = toConnectorProduct(p, taxes);
      if ('skip' in row) {
        ctx.result.products.skipped += 1;
        ctx.problem(`odoo:${p.odoo_id}`, `Producto de Odoo «${p.name}»: ${row.skip}`);
      } else if (seen.has(row.sku)) {
        // default_code is not unique in Odoo: the oldest product with the code is the one here.
        ctx.result.products.skipped += 1;
        ctx.problem(`odoo:${p.odoo_id}`, `Producto de Odoo «${p.name}»: otro producto de Odoo ya usa el código ${row.sku}`);
      } else {
        seen.add(row.sku);
        rows.push(row);
      }
    }
    if (rows.length > 0) {
      const out = await db.withTenant(tenantId, (tx) => upsertProducts(tx, tenantId, 'odoo', rows, ctx.now()));
      ctx.result.products.created += out.created;
      ctx.result.products.updated += out.updated;
    }
    if (page.length < PAGE) break;
  }
  if (newest) ctx.cursors.products_since = newest;

  const stock = await client.pullStock();
  const onHand = new Map(stock.map((s) => [`odoo:${s.odoo_product_id}`, new Big(s.on_hand)]));
  ctx.result.stock.adjusted += await db.withTenant(tenantId, async (tx: Tx) => {
    const linked = await tx.selectFrom('erp_products').select(['id', 'external_ref']).where('external_ref', 'like', 'odoo:%').execute();
    const targets = linked.map((p) => ({ product_id: p.id, on_hand: onHand.get(p.external_ref!) ?? new Big(0) }));
    return setStock(tx, tenantId, ctx.actor, targets, { reference: 'odoo:stock', reason: 'Sincronización con Odoo: cantidad a mano en Odoo' });
  });
}

/** A push refused for good (a retry would not cure it): recorded on its link, never retried. */
export class PushRefused extends Error {
  readonly kind: string;
  constructor(kind: string, message: string) {
    super(message);
    this.name = 'PushRefused';
    this.kind = kind;
  }
}

/** Whether an error of the push is one a later attempt may cure (Odoo down or busy, a key being fixed). */
export function pushRetryable(err: unknown): boolean {
  if (err instanceof OdooError) return err.kind === 'network' || err.kind === 'server' || err.kind === 'auth' || err.kind === 'access';
  return !(err instanceof AppError) && !(err instanceof PushRefused);
}

export interface PushOrder {
  id: string;
  number: number;
  created_at: Date;
  customer: { id: string; rut: string | null; razon_social: string; email: string | null; phone: string | null; address: string | null; city: string | null } | null;
  buyer: Record<string, string>;
  lines: Array<{ sku: string; quantity: string; unit_price: string; price_includes_tax: boolean; tax: 'iva' | 'exempt'; discount_pct: string }>;
}

/** Our key of the partner an order goes to. */
export function partnerKeyOf(o: PushOrder): string {
  if (o.customer) return `customer:${o.customer.id}`;
  if (o.buyer.rut) return `rut:${o.buyer.rut}`;
  return 'consumidor-final';
}

/** Finds or makes the order's res.partner in Odoo; answers its id. */
export async function upsertOdooPartner(client: OdooClient, o: PushOrder): Promise<number> {
  const c = o.customer;
  if (c?.rut) {
    return (await client.upsertPartner({ rut: c.rut, name: c.razon_social, email: c.email, phone: c.phone, street: c.address, city: c.city, ref: c.id })).id;
  }
  if (c) {
    // A customer without a RUT: the same upsert by ref, without vat.
    const vals: Record<string, unknown> = { name: c.razon_social, ref: c.id, email: c.email ?? false, phone: c.phone ?? false, street: c.address ?? false, city: c.city ?? false };
    const found = await client.searchRead('res.partner', [['ref', '=', c.id]], ['id'], { limit: 1, order: 'id asc', context: { active_test: false } });
    if (found[0]) {
      await client.write('res.partner', [found[0].id], vals);
      return found[0].id;
    }
    return client.create('res.partner', vals);
  }
  if (o.buyer.rut) {
    return (await client.upsertPartner({ rut: o.buyer.rut, name: o.buyer.name ?? formatRut(o.buyer.rut), email: o.buyer.email ?? null, phone: o.buyer.phone ?? null, ref: `rut:${o.buyer.rut}` })).id;
  }
  return (await client.upsertPartner({ rut: CONSUMIDOR_FINAL.rut, name: CONSUMIDOR_FINAL.name, ref: CONSUMIDOR_FINAL.ref })).id;
}

/** The sale.order of an order (found by client_order_ref, or made): Odoo's prices are net, so a gross price is taken apart. */
export async function upsertOdooSaleOrder(client: OdooClient, o: PushOrder, partnerId: number): Promise<number> {
  const lines = o.lines.map((l) => {
    const gross = l.tax === 'iva' && l.price_includes_tax;
    const net = gross ? new Big(l.unit_price).div(IVA_FACTOR).round(6, 1) : new Big(l.unit_price);
    return { sku: l.sku, quantity: l.quantity, price_unit: net.toFixed(), discount: l.discount_pct };
  });
  return (await client.upsertSaleOrder({ external_id: `SmarterOS-${o.number}`, partner_id: partnerId, lines, date_order: o.created_at })).id;
}
