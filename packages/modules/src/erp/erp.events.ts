import { defineEvent } from '@smarteros/kernel';
import { z } from 'zod';

/** The ERP's events: every change of an order's state, low stock, and (from the storefront) abandoned carts. */

const orderPayload = z.object({
  order_id: z.uuid(),
  number: z.number().int(),
  channel: z.string(),
  status: z.string(),
  amount_total: z.number().int(),
  customer_id: z.uuid().nullable(),
});
const byOrder = { aggregate: (p: { order_id: string }) => p.order_id };

export const orderCreated = defineEvent('order.created', orderPayload, byOrder);
export const orderConfirmed = defineEvent('order.confirmed', orderPayload, byOrder);
export const orderPaid = defineEvent('order.paid', orderPayload, byOrder);
export const orderCompleted = defineEvent('order.completed', orderPayload, byOrder);
export const orderCancelled = defineEvent('order.cancelled', orderPayload, byOrder);

/** The available quantity of a product fell below its threshold (once per crossing, not on every sale below it). */
export const stockLow = defineEvent(
  'stock.low',
  z.object({ product_id: z.uuid(), sku: z.string(), name: z.string(), warehouse_id: z.uuid(), available: z.string(), threshold: z.string() }),
  { aggregate: (p) => p.product_id },
);

/** A payment was approved (Webpay, a transfer, cash, a card terminal). */
export const paymentApproved = defineEvent('payment.approved', z.object({ payment_id: z.uuid(), order_id: z.uuid(), method: z.string(), amount: z.number().int() }), byOrder);

export const ORDER_EVENTS = { confirmed: orderConfirmed, paid: orderPaid, completed: orderCompleted, cancelled: orderCancelled } as const;
export const ERP_EVENTS = [orderCreated, orderConfirmed, orderPaid, orderCompleted, orderCancelled, stockLow, paymentApproved];
