import { AppError, notFound, type Clock, type Database, type Tx } from '@smarteros/kernel';
import { sql } from 'kysely';
import Big from 'big.js';
import { createCustomer, getCustomer, listCustomers, updateCustomer } from './customers.ts';
import {
  stockMoveInput,
  stockQuery,
  warehouseInput,
  type CustomerInput,
  type CustomerOutput,
  type OrderInput,
  type OrderOutput,
  type OrderSummaryOutput,
  type ProductImportInput,
  type ProductImportOutput,
  type ProductInput,
  type ProductOutput,
  type ProductQuery,
  type ProductUpdate,
  type StockLevelOutput,
  type StockMoveInput,
} from './erp.schema.ts';
import type { PaymentMethod } from './erp.tables.ts';
import { decimalText, parseDecimal } from './money.ts';
import { cancelOrder, completeOrder, confirmOrder, createOrder, getOrder, listOrders, recordPayment } from './orders.ts';
import { createProduct, findProduct, getProduct, importProducts, listProducts, updateProduct } from './products.ts';
import { applyStock, defaultWarehouse, warehouseExists } from './stock.ts';

export interface ErpDeps {
  db: Database;
  clock: Clock;
  /** Called after a transaction that emitted events committed (the relay wakes). */
  onEvents?: () => void;
}

const invalid = (field: string, message: string): AppError => new AppError('validation_failed', `${field}: ${message}`, { issues: [{ path: field, message }] });

export async function stockLevels(tx: Tx, query: { sku?: string | undefined; product_id?: string | undefined; low?: 'true' | 'false' | undefined; limit?: number; offset?: number }): Promise<{ items: StockLevelOutput[]; total: number }> {
  const q = stockQuery.parse(query);
  let products = tx.selectFrom('erp_products as p').leftJoin('erp_stock_levels as l', (j) => j.onRef('l.product_id', '=', 'p.id'));
  if (q.sku !== undefined) products = products.where('p.sku', '=', q.sku);
  if (q.product_id !== undefined) products = products.where('p.id', '=', q.product_id);
  const grouped = products
    .select(['p.id', 'p.sku', 'p.name', 'p.low_stock_threshold', sql<string>`coalesce(sum(l.on_hand), 0)`.as('on_hand'), sql<string>`coalesce(sum(l.reserved), 0)`.as('reserved')])
    .groupBy(['p.id', 'p.sku', 'p.name', 'p.low_stock_threshold']);
  let filtered = tx.selectFrom(grouped.as('g')).selectAll();
  if (q.low === 'true') filtered = filtered.where(sql<boolean>`g.low_stock_threshold is not null and g.on_hand - g.reserved < g.low_stock_threshold`);
  const rows = await filtered.orderBy('g.sku').limit(q.limit).offset(q.offset).execute();
  const total = await tx.selectFrom(grouped.as('g')).select(sql<number>`count(*)::int`.as('n')).$if(q.low === 'true', (b) => b.where(sql<boolean>`g.low_stock_threshold is not null and g.on_hand - g.reserved < g.low_stock_threshold`)).executeTakeFirstOrThrow();
  if ((q.sku !== undefined || q.product_id !== undefined) && rows.length === 0) throw notFound('product');
  const perWarehouse = rows.length === 0 ? [] : await tx
    .selectFrom('erp_stock_levels as l')
    .innerJoin('erp_warehouses as w', 'w.id', 'l.warehouse_id')
    .select(['l.product_id', 'l.warehouse_id', 'w.code', 'l.on_hand', 'l.reserved'])
    .where('l.product_id', 'in', rows.map((r) => r.id))
    .orderBy('w.code')
    .execute();
  return {
    total: total.n,
    items: rows.map((r) => {
      const available = new Big(r.on_hand).minus(r.reserved);
      return {
        product_id: r.id,
        sku: r.sku,
        name: r.name,
        on_hand: decimalText(r.on_hand),
        reserved: decimalText(r.reserved),
        available: available.toFixed(),
        low_stock_threshold: r.low_stock_threshold === null ? null : decimalText(r.low_stock_threshold),
        low: r.low_stock_threshold !== null && available.lt(r.low_stock_threshold),
        warehouses: perWarehouse
          .filter((w) => w.product_id === r.id)
          .map((w) => ({ warehouse_id: w.warehouse_id, code: w.code, on_hand: decimalText(w.on_hand), reserved: decimalText(w.reserved), available: new Big(w.on_hand).minus(w.reserved).toFixed() })),
      };
    }),
  };
}

/** A stock move by hand or by import: receipt, return (+), sale (−), adjustment (signed), transfer between warehouses. */
export async function moveStock(tx: Tx, tenantId: string, actor: string, raw: StockMoveInput): Promise<StockLevelOutput> {
  const input = stockMoveInput.parse(raw);
  const product = await findProduct(tx, input, input.product_id !== undefined ? 'product_id' : 'sku');
  const quantity = parseDecimal(input.quantity, 'quantity', { maxDecimals: 3 });
  if (quantity.eq(0)) throw invalid('quantity', 'must not be 0');
  if (input.kind !== 'adjustment' && quantity.lt(0)) throw invalid('quantity', `must be positive for a ${input.kind} (only an adjustment is signed)`);
  const from = input.warehouse_id === undefined ? await defaultWarehouse(tx, tenantId) : await warehouseExists(tx, input.warehouse_id, 'warehouse_id');
  const common = { reason: input.reason ?? null, reference: input.reference ?? null, actor };
  const delta = (onHand: Big) => [{ product_id: product.id, on_hand: onHand, reserved: new Big(0) }];
  switch (input.kind) {
    case 'receipt':
    case 'return':
      await applyStock(tx, tenantId, { kind: input.kind, warehouse_id: from, deltas: delta(quantity), ...common });
      break;
    case 'sale':
      await applyStock(tx, tenantId, { kind: 'sale', warehouse_id: from, deltas: delta(quantity.neg()), ...common });
      break;
    case 'adjustment':
      await applyStock(tx, tenantId, { kind: 'adjustment', warehouse_id: from, deltas: delta(quantity), ...common });
      break;
    case 'transfer': {
      const to = await warehouseExists(tx, input.to_warehouse_id!, 'to_warehouse_id');
      if (to === from) throw invalid('to_warehouse_id', 'is the same warehouse');
      const reference = input.reference ?? `transfer:${crypto.randomUUID()}`;
      await applyStock(tx, tenantId, { kind: 'transfer', warehouse_id: from, deltas: delta(quantity.neg()), ...common, reference });
      await applyStock(tx, tenantId, { kind: 'transfer', warehouse_id: to, deltas: delta(quantity), ...common, reference });
      break;
    }
  }
  return (await stockLevels(tx, { product_id: product.id })).items[0]!;
}

/** The ERP's operations, each in the tenant's transaction (RLS). */
export function createErpService(deps: ErpDeps) {
  const { db, clock } = deps;
  /** A write that emits events: the relay is woken after it commits. */
  const write = async <T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const out = await db.withTenant(tenantId, fn);
    deps.onEvents?.();
    return out;
  };
  const read = <T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> => db.withTenant(tenantId, fn);

  return {
    createProduct: (tenantId: string, input: ProductInput): Promise<ProductOutput> => read(tenantId, (tx) => createProduct(tx, tenantId, input)),
    updateProduct: (tenantId: string, productId: string, input: ProductUpdate): Promise<ProductOutput> => read(tenantId, (tx) => updateProduct(tx, productId, input, clock.now())),
    getProduct: (tenantId: string, productId: string): Promise<ProductOutput> => read(tenantId, (tx) => getProduct(tx, productId)),
    importProducts: (tenantId: string, actor: string, input: ProductImportInput): Promise<ProductImportOutput> => write(tenantId, (tx) => importProducts(tx, tenantId, actor, input, clock.now())),
    listProducts: (tenantId: string, query: ProductQuery): Promise<{ items: ProductOutput[]; total: number }> => read(tenantId, (tx) => listProducts(tx, query)),

    listWarehouses: (tenantId: string) =>
      write(tenantId, async (tx) => {
        await defaultWarehouse(tx, tenantId);
        return tx.selectFrom('erp_warehouses').select(['id', 'code', 'name', 'is_default']).orderBy('is_default', 'desc').orderBy('code').execute();
      }),
    createWarehouse: (tenantId: string, raw: { code: string; name: string; is_default?: boolean }) =>
      read(tenantId, async (tx) => {
        const input = warehouseInput.parse(raw);
        if (input.is_default) await tx.updateTable('erp_warehouses').set({ is_default: false }).where('is_default', '=', true).execute();
        return tx.insertInto('erp_warehouses').values({ tenant_id: tenantId, ...input }).returning(['id', 'code', 'name', 'is_default']).executeTakeFirstOrThrow();
      }),

    moveStock: (tenantId: string, actor: string, input: StockMoveInput): Promise<StockLevelOutput> => write(tenantId, (tx) => moveStock(tx, tenantId, actor, input)),
    stockLevels: (tenantId: string, query: Parameters<typeof stockLevels>[1]) => read(tenantId, (tx) => stockLevels(tx, query)),
    stockMoves: (tenantId: string, query: { product_id?: string | undefined; limit?: number; cursor?: number | undefined }) =>
      read(tenantId, async (tx) => {
        let q = tx.selectFrom('erp_stock_moves as m').innerJoin('erp_products as p', 'p.id', 'm.product_id').selectAll('m').select('p.sku');
        if (query.product_id !== undefined) q = q.where('m.product_id', '=', query.product_id);
        if (query.cursor !== undefined) q = q.where('m.id', '<', query.cursor);
        const limit = query.limit ?? 50;
        const rows = await q.orderBy('m.id', 'desc').limit(limit + 1).execute();
        const page = rows.slice(0, limit);
        return {
          items: page.map((m) => ({ id: m.id, product_id: m.product_id, sku: m.sku, warehouse_id: m.warehouse_id, kind: m.kind, on_hand_delta: decimalText(m.on_hand_delta), reserved_delta: decimalText(m.reserved_delta), reason: m.reason, reference: m.reference, order_id: m.order_id, actor: m.actor, created_at: m.created_at.toISOString() })),
          next_cursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
        };
      }),

    createCustomer: (tenantId: string, input: CustomerInput): Promise<CustomerOutput> => read(tenantId, (tx) => createCustomer(tx, tenantId, input)),
    updateCustomer: (tenantId: string, customerId: string, input: Partial<CustomerInput>): Promise<CustomerOutput> => read(tenantId, (tx) => updateCustomer(tx, customerId, input, clock.now())),
    getCustomer: (tenantId: string, customerId: string): Promise<CustomerOutput> => read(tenantId, (tx) => getCustomer(tx, customerId)),
    listCustomers: (tenantId: string, query: Parameters<typeof listCustomers>[1]) => read(tenantId, (tx) => listCustomers(tx, query)),

    createOrder: (tenantId: string, actor: string, input: OrderInput): Promise<OrderOutput> => write(tenantId, (tx) => createOrder(tx, tenantId, actor, input, clock.now())),
    getOrder: (tenantId: string, orderId: string): Promise<OrderOutput> => read(tenantId, (tx) => getOrder(tx, orderId)),
    listOrders: (tenantId: string, query: Parameters<typeof listOrders>[1]): Promise<{ items: OrderSummaryOutput[]; next_cursor: string | null }> => read(tenantId, (tx) => listOrders(tx, query)),
    confirmOrder: (tenantId: string, orderId: string, actor: string): Promise<OrderOutput> =>
      write(tenantId, async (tx) => {
        await confirmOrder(tx, tenantId, orderId, actor, clock.now());
        return getOrder(tx, orderId);
      }),
    completeOrder: (tenantId: string, orderId: string, actor: string): Promise<OrderOutput> =>
      write(tenantId, async (tx) => {
        await completeOrder(tx, tenantId, orderId, actor, clock.now());
        return getOrder(tx, orderId);
      }),
    cancelOrder: (tenantId: string, orderId: string, actor: string): Promise<OrderOutput> =>
      write(tenantId, async (tx) => {
        await cancelOrder(tx, tenantId, orderId, actor, clock.now());
        return getOrder(tx, orderId);
      }),
    /** Records a payment by transfer, cash or card terminal (Webpay pays through its own flow). */
    payOrder: (tenantId: string, orderId: string, actor: string, payment: { method: Exclude<PaymentMethod, 'webpay'>; amount?: number | undefined; reference?: string | undefined }): Promise<OrderOutput> =>
      write(tenantId, async (tx) => {
        await recordPayment(tx, tenantId, orderId, payment, actor, clock.now());
        return getOrder(tx, orderId);
      }),
  };
}

export type ErpService = ReturnType<typeof createErpService>;
