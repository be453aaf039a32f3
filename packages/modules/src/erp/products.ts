import { AppError, notFound, type Tx } from '@smarteros/kernel';
import { terms } from '../ai/index.ts';
import { sql, type Selectable } from 'kysely';
import Big from 'big.js';
import { decimalText, grossUnitPrice, parseDecimal } from './money.ts';
import { productInput, productQuery, productUpdate, type ProductInput, type ProductOutput, type ProductQuery, type ProductUpdate } from './erp.schema.ts';
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
    .values({
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
      parent_id: parentId,
      attributes: JSON.stringify(input.attributes ?? {}),
      low_stock_threshold: input.low_stock_threshold ?? null,
    })
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
