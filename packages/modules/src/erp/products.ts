import { AppError, notFound, type Tx } from '@smarteros/kernel';
import { terms } from '../ai/index.ts';
import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import Big from 'big.js';
import { decimalText, grossUnitPrice, parseDecimal } from './money.ts';
import { productImportInput, productInput, productQuery, productUpdate, type ProductImportInput, type ProductImportOutput, type ProductInput, type ProductOutput, type ProductQuery, type ProductUpdate, type productImportRow } from './erp.schema.ts';
import { applyStock, defaultWarehouse } from './stock.ts';
import type { ErpProductsTable } from './erp.tables.ts';

/** Products (a variant is a product whose parent_id names the product it varies) and their stock over all warehouses. */

type ProductRow = Selectable<ErpProductsTable> & { on_hand: string | null; reserved: string | null };

export const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function productOut(row: ProductRow): ProductOutput {
  const onHand = new Big(row.on_hand ?? 0);
  const reserved = new Big(row.reserved ?? 0);
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    unit: row.unit,
    price: decimalText(row.price),
    price_includes_tax: row.price_includes_tax,
    tax: row.tax,
    gross_price: grossUnitPrice(row.price, row.tax, row.price_includes_tax),
    barcode: row.barcode,
    category: row.category,
    images: row.images,
    active: row.active,
    parent_id: row.parent_id,
    attributes: row.attributes,
    low_stock_threshold: row.low_stock_threshold === null ? null : decimalText(row.low_stock_threshold),
    stock: { on_hand: onHand.toFixed(), reserved: reserved.toFixed(), available: onHand.minus(reserved).toFixed() },
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Products with their stock summed over the warehouses. */
export function productQueryBase(tx: Tx) {
  return tx
    .selectFrom('erp_products as p')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('erp_stock_levels')
          .select(['product_id', sql<string>`sum(on_hand)`.as('on_hand'), sql<string>`sum(reserved)`.as('reserved')])
          .groupBy('product_id')
          .as('s'),
      (join) => join.onRef('s.product_id', '=', 'p.id'),
    )
    .selectAll('p')
    .select(['s.on_hand', 's.reserved']);
}

function validated(input: { price?: string | undefined; low_stock_threshold?: string | null | undefined }) {
  if (input.price !== undefined) parseDecimal(input.price, 'price', { maxDecimals: 6 });
  if (input.low_stock_threshold != null) parseDecimal(input.low_stock_threshold, 'low_stock_threshold', { maxDecimals: 3 });
}

/** A product's columns from a parsed input (create and import write the same ones). */
function productColumns(tenantId: string, input: z.output<typeof productImportRow>) {
  return {
    tenant_id: tenantId,
    sku: input.sku,
    name: input.name,
    description: input.description ?? null,
    unit: input.unit,
    price: input.price,
    price_includes_tax: input.price_includes_tax,
    tax: input.tax,
    barcode: input.barcode ?? null,
    category: input.category ?? null,
    images: input.images ?? [],
    active: input.active,
    low_stock_threshold: input.low_stock_threshold ?? null,
  };
}

export async function createProduct(tx: Tx, tenantId: string, raw: ProductInput): Promise<ProductOutput> {
  const input = productInput.parse(raw);
  validated(input);
  let parentId: string | null = null;
  if (input.parent_sku !== undefined) {
    const parent = await tx.selectFrom('erp_products').select(['id', 'parent_id']).where('sku', '=', input.parent_sku).executeTakeFirst();
    if (!parent) throw new AppError('validation_failed', 'parent_sku: no product with this SKU', { issues: [{ path: 'parent_sku', message: 'no product with this SKU' }] });
    if (parent.parent_id !== null) throw new AppError('validation_failed', 'parent_sku: a variant cannot have variants', { issues: [{ path: 'parent_sku', message: 'is a variant' }] });
    parentId = parent.id;
  }
  const row = await tx
    .insertInto('erp_products')
    .values({ ...productColumns(tenantId, input), parent_id: parentId, attributes: JSON.stringify(input.attributes ?? {}) })
    .returningAll()
    .executeTakeFirstOrThrow();
  return productOut({ ...row, on_hand: null, reserved: null });
}

export async function updateProduct(tx: Tx, productId: string, raw: ProductUpdate, now: Date): Promise<ProductOutput> {
  const input = productUpdate.parse(raw);
  validated(input);
  const patch: Record<string, unknown> = { updated_at: now };
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    patch[k] = k === 'attributes' ? JSON.stringify(v) : v;
  }
  const updated = await tx.updateTable('erp_products').set(patch).where('id', '=', productId).returning('id').executeTakeFirst();
  if (!updated) throw notFound('product');
  return getProduct(tx, productId);
}

export async function getProduct(tx: Tx, productId: string): Promise<ProductOutput> {
  const row = await productQueryBase(tx).where('p.id', '=', productId).executeTakeFirst();
  if (!row) throw notFound('product');
  return productOut(row as ProductRow);
}

export async function findProduct(tx: Tx, ref: { sku?: string | undefined; product_id?: string | undefined }, field: string): Promise<Selectable<ErpProductsTable>> {
  const q = tx.selectFrom('erp_products').selectAll();
  const row = ref.product_id !== undefined ? await q.where('id', '=', ref.product_id).executeTakeFirst() : await q.where('sku', '=', ref.sku ?? '').executeTakeFirst();
  if (!row) {
    const message = ref.product_id !== undefined ? 'no such product' : `no product with SKU ${ref.sku}`;
    throw new AppError('validation_failed', `${field}: ${message}`, { issues: [{ path: field, message }] });
  }
  return row;
}

export async function listProducts(tx: Tx, raw: ProductQuery): Promise<{ items: ProductOutput[]; total: number }> {
  const query = productQuery.parse(raw);
  let q = productQueryBase(tx);
  if (query.active !== 'all') q = q.where('p.active', '=', query.active === 'true');
  if (query.category !== undefined) q = q.where('p.category', '=', query.category);
  if (query.q !== undefined) {
    // The whole text as typed, or every word of it (Spanish stop words dropped, plurals stemmed: «¿tienen martillos?»
    // finds «Martillo carpintero»), in the SKU, name or barcode, ignoring accents and case.
    const haystack = sql`search_text(p.sku || ' ' || p.name || ' ' || coalesce(p.barcode, ''))`;
    const words = terms(query.q).slice(0, 8);
    q = q.where((eb) =>
      eb.or([
        eb(haystack, 'like', sql`search_text(${likePattern(query.q!)})`),
        ...(words.length > 0 ? [eb.and(words.map((w) => eb(haystack, 'like', likePattern(w))))] : []),
      ]),
    );
  }
  if (query.in_stock !== undefined) q = q.where(sql<boolean>`coalesce(s.on_hand - s.reserved, 0) ${sql.raw(query.in_stock === 'true' ? '>' : '<=')} 0`);
  const rows = await q.orderBy('p.name').orderBy('p.id').limit(query.limit).offset(query.offset).execute();
  const count = await q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return { items: rows.map((r) => productOut(r as ProductRow)), total: count.n };
}

/**
 * Imports products in one transaction: each row is inserted or, when its SKU exists, updated (so an import run again
 * after an interruption finishes it and changes nothing twice). A row with `stock` leaves that quantity on hand in the
 * default warehouse, by one adjustment of the difference in the ledger. Any bad row fails the whole batch, naming it.
 */
export async function importProducts(tx: Tx, tenantId: string, actor: string, raw: ProductImportInput, now: Date): Promise<ProductImportOutput> {
  const input = productImportInput.parse(raw);
  const seen = new Map<string, number>();
  input.rows.forEach((r, i) => {
    const first = seen.get(r.sku);
    if (first !== undefined) throw new AppError('validation_failed', `rows.${i}.sku: ${r.sku} is also in rows.${first}`, { issues: [{ path: `rows.${i}.sku`, message: `repeats rows.${first}` }] });
    seen.set(r.sku, i);
    try {
      validated(r);
      if (r.stock !== undefined) parseDecimal(r.stock, 'stock', { maxDecimals: 3 });
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation_failed') throw new AppError('validation_failed', `rows.${i}.${err.message}`, { issues: [{ path: `rows.${i}.${String((err.details?.issues as Array<{ path: string }> | undefined)?.[0]?.path ?? '')}`, message: err.message }] });
      throw err;
    }
  });
  const rows = await tx
    .insertInto('erp_products')
    .values(
      input.rows.map((r) => ({ ...productColumns(tenantId, r), created_at: now, updated_at: now })),
    )
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'sku']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        description: eb.ref('excluded.description'),
        unit: eb.ref('excluded.unit'),
        price: eb.ref('excluded.price'),
        price_includes_tax: eb.ref('excluded.price_includes_tax'),
        tax: eb.ref('excluded.tax'),
        barcode: eb.ref('excluded.barcode'),
        category: eb.ref('excluded.category'),
        images: eb.ref('excluded.images'),
        active: eb.ref('excluded.active'),
        low_stock_threshold: eb.ref('excluded.low_stock_threshold'),
        updated_at: now,
      })),
    )
    .returning(['id', 'sku', sql<boolean>`(xmax = 0)`.as('inserted')])
    .execute();
  const created = rows.filter((r) => r.inserted).length;
  const withStock = input.rows.filter((r) => r.stock !== undefined);
  let adjusted = 0;
  if (withStock.length > 0) {
    const warehouseId = await defaultWarehouse(tx, tenantId);
    const ids = new Map(rows.map((r) => [r.sku, r.id]));
    const levels = await tx.selectFrom('erp_stock_levels').select(['product_id', 'on_hand']).where('warehouse_id', '=', warehouseId).where('product_id', 'in', [...ids.values()]).execute();
    const onHand = new Map(levels.map((l) => [l.product_id, new Big(l.on_hand)]));
    const deltas = withStock
      .map((r) => {
        const productId = ids.get(r.sku)!;
        return { product_id: productId, on_hand: new Big(r.stock!).minus(onHand.get(productId) ?? 0), reserved: new Big(0) };
      })
      .filter((d) => !d.on_hand.eq(0));
    if (deltas.length > 0) await applyStock(tx, tenantId, { kind: 'adjustment', warehouse_id: warehouseId, deltas, reason: 'Importación de productos', reference: input.reference ?? 'import', actor });
    adjusted = deltas.length;
  }
  return { created, updated: rows.length - created, stock_adjusted: adjusted };
}
