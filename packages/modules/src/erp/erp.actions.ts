import { AppError, defineAction, normalizeRut, notFound, type Action, type Database } from '@smarteros/kernel';
import { z } from 'zod';
import { listCustomers } from './customers.ts';
import { customerOutput, orderChannel, orderLineInput, orderOutput, productOutput, stockLevelOutput } from './erp.schema.ts';
import type { ErpService } from './erp.service.ts';
import type { WebpayPayments } from './webpay-payments.ts';
import { stockLevels } from './erp.service.ts';
import { listProducts } from './products.ts';

/**
 * The ERP's actions in the catalog (MCP, REST /api/v1/actions, the CLI, the chat assistant, automations): search
 * products with their price and available stock, a product's stock, find a customer, create an order (a write: the
 * AI-control policy's confirmation applies), an order's status. Reads need the agent role (what an agent answers a
 * customer); creating an order needs agent too (a salesperson takes orders).
 */

export const searchProductsInput = z
  .object({
    q: z.string().trim().min(2).max(100).meta({ description: 'Words of the product’s name, its SKU or barcode (e.g. "martillo")' }),
    in_stock: z.boolean().default(false).meta({ description: 'true: only products with stock available' }),
    limit: z.number().int().min(1).max(20).default(10),
  })
  .strict();

const productHit = productOutput.pick({ id: true, sku: true, name: true, unit: true, gross_price: true, price: true, price_includes_tax: true, tax: true, category: true }).extend({ available: z.string() });

export function createErpActions(deps: { db: Database; erp: ErpService; webpay: WebpayPayments }): Action[] {
  const { db, erp, webpay } = deps;
  return [
    defineAction({
      name: 'erp.search_products',
      title: { es: 'Buscar productos', en: 'Search products' },
      description: 'Active products whose name, SKU or barcode contain the words, with the price a buyer pays (IVA included, CLP) and the quantity available now; at most 20.',
      input: searchProductsInput,
      output: z.object({ items: z.array(productHit), total: z.number().int() }),
      kind: 'read',
      minRole: 'agent',
      run: async (ctx, input) => {
        const page = await db.withTenant(ctx.tenantId, (tx) => listProducts(tx, { q: input.q, limit: input.limit, ...(input.in_stock ? { in_stock: 'true' as const } : {}) }));
        return {
          total: page.total,
          items: page.items.map((p) => ({ id: p.id, sku: p.sku, name: p.name, unit: p.unit, gross_price: p.gross_price, price: p.price, price_includes_tax: p.price_includes_tax, tax: p.tax, category: p.category, available: p.stock.available })),
        };
      },
    }),
    defineAction({
      name: 'erp.stock_level',
      title: { es: 'Stock de un producto', en: 'Stock of a product' },
      description: 'On hand, reserved and available quantity of one product (by SKU or id), in total and per warehouse.',
      input: z
        .object({ sku: z.string().trim().min(1).max(64).optional(), product_id: z.uuid().optional() })
        .strict()
        .refine((v) => (v.sku === undefined) !== (v.product_id === undefined), { message: 'give sku or product_id (one of them)', path: ['sku'] }),
      output: stockLevelOutput,
      kind: 'read',
      minRole: 'agent',
      run: async (ctx, input) => (await db.withTenant(ctx.tenantId, (tx) => stockLevels(tx, input))).items[0]!,
    }),
    defineAction({
      name: 'erp.find_customer',
      title: { es: 'Buscar un cliente', en: 'Find a customer' },
      description: 'Customers by RUT (any spelling) or words of the razón social or e-mail; at most 10.',
      input: z
        .object({ rut: z.string().trim().min(3).max(15).optional(), q: z.string().trim().min(2).max(100).optional() })
        .strict()
        .refine((v) => v.rut !== undefined || v.q !== undefined, { message: 'give rut or q', path: ['rut'] }),
      output: z.object({ items: z.array(customerOutput) }),
      kind: 'read',
      minRole: 'agent',
      run: async (ctx, input) => {
        if (input.rut !== undefined && normalizeRut(input.rut) === null) return { items: [] };
        const page = await db.withTenant(ctx.tenantId, (tx) => listCustomers(tx, { rut: input.rut, q: input.q, limit: 10 }));
        return { items: page.items };
      },
    }),
    defineAction({
      name: 'erp.create_order',
      title: { es: 'Crear un pedido', en: 'Create an order' },
      description: 'Creates a draft order with its lines (by SKU), priced from the catalog (IVA 19% unless exempt), for a customer or a buyer; confirm it to reserve the stock.',
      input: z
        .object({
          customer_id: z.uuid().optional(),
          buyer: z.object({ name: z.string().trim().min(1).max(100), email: z.email().optional(), phone: z.string().trim().min(6).max(30).optional() }).strict().optional(),
          channel: orderChannel.default('api'),
          lines: z.array(orderLineInput).min(1).max(50),
          confirm: z.boolean().default(false).meta({ description: 'true: confirm it at once, reserving the stock (409 insufficient_stock when there is not enough)' }),
        })
        .strict(),
      output: orderOutput,
      kind: 'write',
      minRole: 'agent',
      run: async (ctx, input) => {
        const actor = ctx.principalLabel;
        const { confirm, ...order } = input;
        const created = await erp.createOrder(ctx.tenantId, actor, order);
        return confirm ? erp.confirmOrder(ctx.tenantId, created.id, actor) : created;
      },
    }),
    defineAction({
      name: 'erp.order_status',
      title: { es: 'Estado de un pedido', en: 'Status of an order' },
      description: 'An order by its number or id: status, lines, amounts (CLP) and payments.',
      input: z
        .object({ number: z.number().int().positive().optional(), order_id: z.uuid().optional() })
        .strict()
        .refine((v) => (v.number === undefined) !== (v.order_id === undefined), { message: 'give number or order_id (one of them)', path: ['number'] }),
      output: orderOutput,
      kind: 'read',
      minRole: 'agent',
      run: async (ctx, input) => {
        if (input.order_id !== undefined) return erp.getOrder(ctx.tenantId, input.order_id);
        const found = await db.withTenant(ctx.tenantId, (tx) => tx.selectFrom('orders').select('id').where('number', '=', input.number!).executeTakeFirst());
        return erp.getOrder(ctx.tenantId, found?.id ?? '00000000-0000-0000-0000-000000000000');
      },
    }),
    defineAction({
      name: 'erp.payment_link',
      title: { es: 'Link de pago Webpay', en: 'Webpay payment link' },
      description:
        'A link to pay an order (by number or id) with Webpay, to send to the customer (e.g. by WhatsApp): opening it starts a Webpay Plus payment of what the order owes (a draft is confirmed first, reserving its stock). Valid 7 days.',
      input: z
        .object({ number: z.number().int().positive().optional(), order_id: z.uuid().optional() })
        .strict()
        .refine((v) => (v.number === undefined) !== (v.order_id === undefined), { message: 'give number or order_id (one of them)', path: ['number'] }),
      output: z.object({ url: z.string(), expires_at: z.string(), order_number: z.number().int(), amount_owed: z.number().int() }),
      kind: 'write',
      minRole: 'agent',
      run: async (ctx, input) => {
        const order = await db.withTenant(ctx.tenantId, (tx) => {
          const q = tx.selectFrom('orders').select(['id', 'number', 'status', 'amount_total', 'amount_paid']);
          return (input.order_id !== undefined ? q.where('id', '=', input.order_id) : q.where('number', '=', input.number!)).executeTakeFirst();
        });
        if (!order) throw notFound('order');
        if (order.status !== 'draft' && order.status !== 'confirmed') throw new AppError('order_transition_not_allowed', `An order cannot go from ${order.status} to paid`, { entity: 'order', from: order.status, to: 'paid' });
        const link = webpay.paymentLink(ctx.tenantId, order.id);
        return { ...link, order_number: order.number, amount_owed: order.amount_total - order.amount_paid };
      },
    }),
  ];
}
