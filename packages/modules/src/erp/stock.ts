import { AppError, emitEvent, mapDbError, type Tx } from '@smarteros/kernel';
import { sql } from 'kysely';
import Big from 'big.js';
import { stockLow } from './erp.events.ts';
import type { StockMoveKind } from './erp.tables.ts';

/**
 * The stock ledger's one writer: erp_apply_stock (db/migrations/0022_erp.sql) changes the levels and appends the moves
 * in one round trip, in product order, refusing anything that would reserve or take away more than is available.
 * stock.low is emitted here, in the same transaction, when a product's available quantity crosses below its threshold.
 */

export interface StockDelta {
  product_id: string;
  /** Change of the quantity on hand (a receipt +, a sale −). */
  on_hand: Big;
  /** Change of the reserved quantity (an order's confirmation +, its completion or cancellation −). */
  reserved: Big;
}

export interface ApplyStock {
  kind: StockMoveKind;
  warehouse_id: string;
  deltas: readonly StockDelta[];
  order_id?: string | null;
  reference?: string | null;
  reason?: string | null;
  actor: string;
}

export async function applyStock(tx: Tx, tenantId: string, move: ApplyStock): Promise<Array<{ product_id: string; available_before: string; available_after: string }>> {
  if (move.deltas.length === 0) return [];
  let rows: Array<{ product_id: string; available_before: string; available_after: string }>;
  try {
    const result = await sql<{ product_id: string; available_before: string; available_after: string }>`
      select * from erp_apply_stock(${move.kind}, ${move.warehouse_id}::uuid, ${move.deltas.map((d) => d.product_id)}::uuid[],
        ${move.deltas.map((d) => d.on_hand.toFixed())}::numeric[], ${move.deltas.map((d) => d.reserved.toFixed())}::numeric[],
        ${move.order_id ?? null}::uuid, ${move.reference ?? null}, ${move.reason ?? null}, ${move.actor})`.execute(tx);
    rows = result.rows;
  } catch (raw) {
    // The driver's error is mapped to the AppError here (not only at the transaction's end) to word its message.
    const err = mapDbError(raw);
    if (err instanceof AppError && err.code === 'insufficient_stock') {
      const d = (err.details ?? {}) as { sku?: string; requested?: string; available?: string };
      throw new AppError('insufficient_stock', `${d.sku ?? 'product'}: ${new Big(d.available ?? '0').toFixed()} available, ${new Big(d.requested ?? '0').toFixed()} asked`, {
        ...err.details,
        available: new Big(d.available ?? '0').toFixed(),
        requested: new Big(d.requested ?? '0').toFixed(),
      });
    }
    throw err;
  }
  await emitLowStock(tx, tenantId, move.warehouse_id, rows);
  return rows;
}

async function emitLowStock(tx: Tx, tenantId: string, warehouseId: string, rows: Array<{ product_id: string; available_before: string; available_after: string }>): Promise<void> {
  const falling = rows.filter((r) => new Big(r.available_after).lt(r.available_before));
  if (falling.length === 0) return;
  const products = await tx
    .selectFrom('erp_products')
    .select(['id', 'sku', 'name', 'low_stock_threshold'])
    .where('id', 'in', falling.map((r) => r.product_id))
    .where('low_stock_threshold', 'is not', null)
    .execute();
  for (const p of products) {
    const r = falling.find((x) => x.product_id === p.id)!;
    const threshold = new Big(p.low_stock_threshold!);
    // Once per crossing: from at or above the threshold to below it.
    if (new Big(r.available_before).gte(threshold) && new Big(r.available_after).lt(threshold)) {
      await emitEvent(tx, tenantId, stockLow, { product_id: p.id, sku: p.sku, name: p.name, warehouse_id: warehouseId, available: new Big(r.available_after).toFixed(), threshold: threshold.toFixed() });
    }
  }
}

/** The tenant's default warehouse, created (code «principal») the first time one is needed. */
export async function defaultWarehouse(tx: Tx, tenantId: string): Promise<string> {
  const found = await tx.selectFrom('erp_warehouses').select('id').where('is_default', '=', true).executeTakeFirst();
  if (found) return found.id;
  const created = await tx
    .insertInto('erp_warehouses')
    .values({ tenant_id: tenantId, code: 'principal', name: 'Bodega principal', is_default: true })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (created) return created.id;
  // Another transaction made it first.
  const again = await tx.selectFrom('erp_warehouses').select('id').where('is_default', '=', true).executeTakeFirstOrThrow();
  return again.id;
}

export async function warehouseExists(tx: Tx, warehouseId: string, field: string): Promise<string> {
  const w = await tx.selectFrom('erp_warehouses').select('id').where('id', '=', warehouseId).executeTakeFirst();
  if (!w) throw new AppError('validation_failed', `${field}: no such warehouse`, { issues: [{ path: field, message: 'no such warehouse' }] });
  return w.id;
}
