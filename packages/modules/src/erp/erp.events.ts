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

/**
 * A cart with the buyer's contact was left unfinished (the storefront's, or a Shopify checkout): once per cart, for
 * automations to recover it (a WhatsApp or an e-mail with recover_url). source says where it came from when not the
 * storefront ('shopify').
 */
export const cartAbandoned = defineEvent(
  'cart.abandoned',
  z.object({
    cart_id: z.uuid(),
    name: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number().int().positive() })).min(1),
    total: z.number().int().meta({ description: 'What the cart costs with IVA, in pesos' }),
    store_url: z.string(),
    recover_url: z.string().optional().meta({ description: 'Opens this cart in any browser' }),
    source: z.string().optional().meta({ description: "Where the cart was left: 'shopify' for a Shopify checkout; absent for the storefront" }),
  }),
  { aggregate: (p) => p.cart_id },
);

export const ORDER_EVENTS = { confirmed: orderConfirmed, paid: orderPaid, completed: orderCompleted, cancelled: orderCancelled } as const;
export const ERP_EVENTS = [orderCreated, orderConfirmed, orderPaid, orderCompleted, orderCancelled, stockLow, paymentApproved, cartAbandoned];
