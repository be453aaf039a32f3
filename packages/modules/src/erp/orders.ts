import { AppError, emitEvent, notFound, normalizeRut, type Tx } from '@smarteros/kernel';
import { sql, type Selectable } from 'kysely';
import Big from 'big.js';
import { orderCreated, ORDER_EVENTS, paymentApproved } from './erp.events.ts';
import { orderInput, orderQuery, type OrderInput, type OrderOutput, type OrderSummaryOutput, type PaymentOutput } from './erp.schema.ts';
import type { ErpPaymentsTable, OrdersTable, OrderStatus, PaymentMethod } from './erp.tables.ts';
import { decimalText, orderAmounts, parseDecimal } from './money.ts';
import { findProduct } from './products.ts';
import { applyStock, defaultWarehouse, warehouseExists } from './stock.ts';

/**
 * Orders: a draft with its lines and amounts (money.ts); confirming reserves the stock of every line (or nothing, with
 * 409 insufficient_stock naming the product), paying records payments until they cover the total, completing consumes
 * the reserved stock, cancelling releases it. The allowed moves are data (lifecycle_transitions, entity 'order'); each
 * move emits its event in the same transaction. Every move locks the order first, so two at once cannot both reserve.
 */

type OrderRow = Selectable<OrdersTable>;

const invalid = (field: string, message: string): AppError => new AppError('validation_failed', `${field}: ${message}`, { issues: [{ path: field, message }] });

/** The calendar date in Chile (price lists are valid by date). */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
export function chileDate(now: Date, timeZone = 'America/Santiago'): string {
  // One formatter per zone: building one costs more than the rest of an order's pricing (bench:erp's profile).
  let f = dateFormats.get(timeZone);
  if (!f) dateFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(now);
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function paymentOut(row: Selectable<ErpPaymentsTable>): PaymentOutput {
  return {
    id: row.id,
    order_id: row.order_id,
    method: row.method,
    amount: row.amount,
    status: row.status,
    provider_ref: row.provider_ref,
    details: row.details,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function summaryOut(row: OrderRow & { line_count: number; customer_name: string | null; customer_rut: string | null }): OrderSummaryOutput {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    channel: row.channel,
    customer_id: row.customer_id,
    customer: row.customer_id === null ? null : { id: row.customer_id, razon_social: row.customer_name ?? '', rut: row.customer_rut },
    buyer: row.buyer,
    document_kind: row.document_kind,
    warehouse_id: row.warehouse_id,
    currency: row.currency,
    amount_untaxed: row.amount_untaxed,
    amount_exempt: row.amount_exempt,
    amount_tax: row.amount_tax,
    amount_total: row.amount_total,
    amount_paid: row.amount_paid,
    external_ref: row.external_ref,
    notes: row.notes,
    created_at: row.created_at.toISOString(),
    confirmed_at: iso(row.confirmed_at),
    paid_at: iso(row.paid_at),
    completed_at: iso(row.completed_at),
    cancelled_at: iso(row.cancelled_at),
    line_count: row.line_count,
  };
}

function summaryQuery(tx: Tx) {
  return tx
    .selectFrom('orders as o')
    .leftJoin('erp_customers as c', (j) => j.onRef('c.id', '=', 'o.customer_id'))
    .selectAll('o')
    .select(['c.razon_social as customer_name', 'c.rut as customer_rut'])
    .select(sql<number>`(select count(*)::int from order_lines l where l.order_id = o.id)`.as('line_count'));
}

export async function getOrder(tx: Tx, orderId: string): Promise<OrderOutput> {
  const row = await summaryQuery(tx).where('o.id', '=', orderId).executeTakeFirst();
  if (!row) throw notFound('order');
  const lines = await tx.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('line_no').execute();
  const payments = await tx.selectFrom('erp_payments').selectAll().where('order_id', '=', orderId).orderBy('created_at').execute();
  const { line_count: _n, ...summary } = summaryOut(row);
  return {
    ...summary,
    customer: summary.customer === null ? null : { ...summary.customer, rut: summary.customer.rut },
    lines: lines.map((l) => ({
      line_no: l.line_no,
      product_id: l.product_id,
      sku: l.sku,
      name: l.name,
      quantity: decimalText(l.quantity),
      unit_price: decimalText(l.unit_price),
      price_includes_tax: l.price_includes_tax,
      discount_pct: decimalText(l.discount_pct),
      tax: l.tax,
      line_total: l.line_total,
      line_untaxed: l.line_untaxed,
      line_tax: l.line_tax,
    })),
    payments: payments.map(paymentOut),
  };
}

export async function listOrders(tx: Tx, raw: { status?: string; channel?: string; customer_id?: string; q?: string; limit?: number; cursor?: string }): Promise<{ items: OrderSummaryOutput[]; next_cursor: string | null }> {
  const query = orderQuery.parse(raw);
  let q = summaryQuery(tx);
  if (query.status !== undefined) q = q.where('o.status', '=', query.status);
  if (query.channel !== undefined) q = q.where('o.channel', '=', query.channel);
  if (query.customer_id !== undefined) q = q.where('o.customer_id', '=', query.customer_id);
  if (query.q !== undefined) {
    const text = query.q.replace(/^#/, '');
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        ...(/^\d{1,15}$/.test(text) ? [eb('o.number', '=', Number(text))] : []),
        eb(sql`search_text(coalesce(c.razon_social, '') || ' ' || coalesce(o.buyer->>'name', '') || ' ' || coalesce(o.buyer->>'email', ''))`, 'like', sql`search_text(${pattern})`),
      ]),
    );
  }
  if (query.cursor !== undefined) {
    if (!/^\d{1,15}$/.test(query.cursor)) throw invalid('querystring.cursor', 'not a cursor from this list');
    q = q.where('o.number', '<', Number(query.cursor));
  }
  const rows = await q.orderBy('o.number', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  return { items: page.map(summaryOut), next_cursor: rows.length > query.limit ? String(page[page.length - 1]!.number) : null };
}

async function nextNumber(tx: Tx, tenantId: string, name: string): Promise<number> {
  const row = await tx
    .insertInto('erp_counters')
    .values({ tenant_id: tenantId, name, last_value: 1 })
    .onConflict((oc) => oc.columns(['tenant_id', 'name']).doUpdateSet({ last_value: sql`erp_counters.last_value + 1` }))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value;
}

/**
 * A new order (a draft). `options.allowInactive`: a connector importing a sale made elsewhere (Shopify) records it even
 * when the product was archived since; everything else refuses an inactive product.
 */
export async function createOrder(tx: Tx, tenantId: string, actor: string, raw: OrderInput, now: Date, options: { allowInactive?: boolean } = {}): Promise<OrderOutput> {
  const input = orderInput.parse(raw);
  if (input.external_ref !== undefined) {
    // Imports are idempotent per (channel, external_ref): the order that is there is the answer.
    const existing = await tx.selectFrom('orders').select('id').where('channel', '=', input.channel).where('external_ref', '=', input.external_ref).executeTakeFirst();
    if (existing) return getOrder(tx, existing.id);
  }
  let customer: { id: string; rut: string | null; giro: string | null; customer_group: string | null } | null = null;
  if (input.customer_id !== undefined) {
    customer = (await tx.selectFrom('erp_customers').select(['id', 'rut', 'giro', 'customer_group']).where('id', '=', input.customer_id).executeTakeFirst()) ?? null;
    if (!customer) throw invalid('customer_id', 'no such customer');
  }
  const buyer: Record<string, string> = {};
  if (input.buyer) {
    for (const [k, v] of Object.entries(input.buyer)) if (v !== undefined) buyer[k] = v;
    if (input.buyer.rut !== undefined) {
      const rut = normalizeRut(input.buyer.rut);
      if (rut === null) throw invalid('buyer.rut', 'not a valid RUT (check digit)');
      buyer.rut = rut;
    }
  }
  const documentKind = input.document_kind ?? 'boleta';
  if (documentKind === 'factura') {
    const rut = customer?.rut ?? buyer.rut;
    const giro = customer?.giro ?? buyer.giro;
    if (!rut || !giro) throw invalid('document_kind', 'a factura needs the buyer’s RUT and giro (a customer with them, or buyer.rut and buyer.giro)');
  }
  const placedAt = input.placed_at === undefined ? now : new Date(input.placed_at);
  if (placedAt.getTime() > now.getTime() + 5 * 60_000) throw invalid('placed_at', 'is in the future');
  const warehouseId = input.warehouse_id === undefined ? await defaultWarehouse(tx, tenantId) : await warehouseExists(tx, input.warehouse_id, 'warehouse_id');
  // The customer's group's price list valid today, if any.
  const today = chileDate(placedAt);
  const priceList = customer?.customer_group
    ? await tx
        .selectFrom('erp_price_lists')
        .select('id')
        .where('customer_group', '=', customer.customer_group)
        .where('starts_on', '<=', today)
        .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)]))
        .orderBy('starts_on', 'desc')
        .executeTakeFirst()
    : undefined;
  const lines = [];
  for (const [i, line] of input.lines.entries()) {
    const field = `lines.${i}.${line.product_id !== undefined ? 'product_id' : 'sku'}`;
    const product = await findProduct(tx, line, field);
    if (!product.active && options.allowInactive !== true) throw new AppError('product_inactive', `${field}: ${product.sku} is inactive`, { product_id: product.id, sku: product.sku });
    const quantity = parseDecimal(line.quantity, `lines.${i}.quantity`, { maxDecimals: 3, positive: true });
    const discount = parseDecimal(line.discount_pct ?? '0', `lines.${i}.discount_pct`, { maxDecimals: 2, max: '100' });
    let unitPrice = line.unit_price === undefined ? null : parseDecimal(line.unit_price, `lines.${i}.unit_price`, { maxDecimals: 6 });
    if (unitPrice === null && priceList) {
      const listed = await tx.selectFrom('erp_price_list_items').select('price').where('price_list_id', '=', priceList.id).where('product_id', '=', product.id).executeTakeFirst();
      if (listed) unitPrice = new Big(listed.price);
    }
    lines.push({ product, quantity, discount, unitPrice: unitPrice ?? new Big(product.price) });
  }
  const amounts = orderAmounts(lines.map((l) => ({ quantity: l.quantity, unit_price: l.unitPrice, discount_pct: l.discount, tax: l.product.tax, price_includes_tax: l.product.price_includes_tax })));
  const number = await nextNumber(tx, tenantId, 'order');
  const order = await tx
    .insertInto('orders')
    .values({
      tenant_id: tenantId,
      number,
      channel: input.channel,
      customer_id: customer?.id ?? null,
      buyer: JSON.stringify(buyer),
      document_kind: documentKind,
      warehouse_id: warehouseId,
      price_list_id: priceList?.id ?? null,
      amount_untaxed: amounts.amount_untaxed,
      amount_exempt: amounts.amount_exempt,
      amount_tax: amounts.amount_tax,
      amount_total: amounts.amount_total,
      external_ref: input.external_ref ?? null,
      notes: input.notes ?? null,
      created_by: actor,
      created_at: placedAt,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('order_lines')
    .values(
      lines.map((l, i) => ({
        tenant_id: tenantId,
        order_id: order.id,
        line_no: i + 1,
        product_id: l.product.id,
        sku: l.product.sku,
        name: l.product.name,
        quantity: l.quantity.toFixed(),
        unit_price: l.unitPrice.toFixed(),
        price_includes_tax: l.product.price_includes_tax,
        discount_pct: l.discount.toFixed(),
        tax: l.product.tax,
        ...amounts.lines[i]!,
      })),
    )
    .execute();
  await emitEvent(tx, tenantId, orderCreated, eventPayload(order));
  return getOrder(tx, order.id);
}

const eventPayload = (o: OrderRow) => ({ order_id: o.id, number: o.number, channel: o.channel, status: o.status, amount_total: o.amount_total, customer_id: o.customer_id });

async function lockOrder(tx: Tx, orderId: string): Promise<OrderRow> {
  const row = await tx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!row) throw notFound('order');
  return row;
}

async function lineDeltas(tx: Tx, orderId: string) {
  return tx.selectFrom('order_lines').select(['product_id', 'quantity']).where('order_id', '=', orderId).execute();
}

const notAllowed = (from: OrderStatus, to: OrderStatus): AppError => new AppError('order_transition_not_allowed', `An order cannot go from ${from} to ${to}`, { entity: 'order', from, to });

async function moveTo(tx: Tx, tenantId: string, order: OrderRow, to: Exclude<OrderStatus, 'draft'>, now: Date, extra: Partial<Record<'amount_paid', number>> = {}): Promise<OrderRow> {
  const stamp = { confirmed: 'confirmed_at', paid: 'paid_at', completed: 'completed_at', cancelled: 'cancelled_at' } as const;
  const updated = await tx
    .updateTable('orders')
    .set({ status: to, updated_at: now, [stamp[to]]: now, ...extra })
    .where('id', '=', order.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await emitEvent(tx, tenantId, ORDER_EVENTS[to], eventPayload(updated));
  return updated;
}

/** Confirms a draft: reserves every line's quantity in the order's warehouse, or nothing (409 insufficient_stock). */
export async function confirmOrder(tx: Tx, tenantId: string, orderId: string, actor: string, now: Date): Promise<OrderRow> {
  const order = await lockOrder(tx, orderId);
  if (order.status !== 'draft') throw notAllowed(order.status, 'confirmed');
  const lines = await lineDeltas(tx, orderId);
  await applyStock(tx, tenantId, { kind: 'reserve', warehouse_id: order.warehouse_id, deltas: lines.map((l) => ({ product_id: l.product_id, on_hand: new Big(0), reserved: new Big(l.quantity) })), order_id: orderId, reference: `order:${order.number}`, actor });
  return moveTo(tx, tenantId, order, 'confirmed', now);
}

/** Completes a confirmed or paid order: its reserved stock leaves (a sale in the ledger). */
export async function completeOrder(tx: Tx, tenantId: string, orderId: string, actor: string, now: Date): Promise<OrderRow> {
  const order = await lockOrder(tx, orderId);
  if (order.status !== 'confirmed' && order.status !== 'paid') throw notAllowed(order.status, 'completed');
  const lines = await lineDeltas(tx, orderId);
  await applyStock(tx, tenantId, { kind: 'sale', warehouse_id: order.warehouse_id, deltas: lines.map((l) => ({ product_id: l.product_id, on_hand: new Big(l.quantity).neg(), reserved: new Big(l.quantity).neg() })), order_id: orderId, reference: `order:${order.number}`, actor });
  return moveTo(tx, tenantId, order, 'completed', now);
}

/** Cancels a draft, confirmed or paid order; what it had reserved is released. (A paid order's money is refunded apart.) */
export async function cancelOrder(tx: Tx, tenantId: string, orderId: string, actor: string, now: Date): Promise<OrderRow> {
  const order = await lockOrder(tx, orderId);
  if (order.status === 'completed' || order.status === 'cancelled') throw notAllowed(order.status, 'cancelled');
  if (order.status !== 'draft') {
    const lines = await lineDeltas(tx, orderId);
    await applyStock(tx, tenantId, { kind: 'release', warehouse_id: order.warehouse_id, deltas: lines.map((l) => ({ product_id: l.product_id, on_hand: new Big(0), reserved: new Big(l.quantity).neg() })), order_id: orderId, reference: `order:${order.number}`, actor });
  }
  await tx.updateTable('erp_payments').set({ status: 'cancelled', updated_at: now }).where('order_id', '=', orderId).where('status', '=', 'pending').execute();
  return moveTo(tx, tenantId, order, 'cancelled', now);
}

/**
 * Records an approved payment of a confirmed order (a draft is confirmed first, reserving its stock); the order is paid
 * when its approved payments cover the total. A payment above what is owed is refused.
 */
export async function recordPayment(
  tx: Tx,
  tenantId: string,
  orderId: string,
  payment: { method: PaymentMethod; amount?: number | undefined; reference?: string | undefined; details?: Record<string, unknown>; paymentId?: string },
  actor: string,
  now: Date,
): Promise<OrderRow> {
  let order = await lockOrder(tx, orderId);
  if (order.status === 'draft') order = await confirmOrder(tx, tenantId, orderId, actor, now);
  if (order.status !== 'confirmed') throw notAllowed(order.status, 'paid');
  const owed = order.amount_total - order.amount_paid;
  const amount = payment.amount ?? owed;
  if (amount <= 0 || amount > owed) throw new AppError('payment_exceeds_balance', `amount: ${amount} is more than the ${owed} the order owes`, { owed, amount });
  let paymentId = payment.paymentId;
  if (paymentId === undefined) {
    const row = await tx
      .insertInto('erp_payments')
      .values({ tenant_id: tenantId, order_id: orderId, method: payment.method, amount, status: 'approved', provider_ref: payment.reference ?? null, details: JSON.stringify(payment.details ?? {}), created_by: actor, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    paymentId = row.id;
  }
  await emitEvent(tx, tenantId, paymentApproved, { payment_id: paymentId, order_id: orderId, method: payment.method, amount });
  const paid = order.amount_paid + amount;
  if (paid >= order.amount_total) return moveTo(tx, tenantId, order, 'paid', now, { amount_paid: paid });
  return tx.updateTable('orders').set({ amount_paid: paid, updated_at: now }).where('id', '=', orderId).returningAll().executeTakeFirstOrThrow();
}
