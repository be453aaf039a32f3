import {
  customerInput,
  customerOutput,
  customerQuery,
  customersPage,
  customerUpdate,
  orderInput,
  orderOutput,
  type OrderOutput,
  orderQuery,
  ordersPage,
  paymentInput,
  productImportInput,
  productImportOutput,
  productInput,
  productOutput,
  productQuery,
  productsPage,
  productUpdate,
  stockLevelOutput,
  stockMoveInput,
  stockMoveOutput,
  stockQuery,
  warehouseInput,
  warehouseOutput,
} from '@smarteros/modules/erp';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ownTenantAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantSelector } from './common.ts';

/**
 * The ERP: products, stock, customers, orders and their payments, on the credential's tenant (platform admins add
 * ?tenant_id=). Agents (salespeople) read everything, create customers and orders and move orders along; admins manage
 * the catalog, warehouses and stock moves. Another tenant's record is not found.
 */
export function erpRoutes(app: FastifyInstance, services: Pick<AppServices, 'erp'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { erp } = services;
  const tags = ['erp'];
  const strip = <T extends { tenant_id?: string | undefined }>(q: T): Omit<T, 'tenant_id'> => {
    const { tenant_id: _t, ...rest } = q;
    return rest;
  };
  const productParams = z.object({ product_id: z.uuid() });
  const customerParams = z.object({ customer_id: z.uuid() });
  const orderParams = z.object({ order_id: z.uuid() });

  // Products.
  r.get('/api/v1/erp/products', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'Products with their price and stock, by name (search ignores accents and case), in pages',
      security: bearer,
      querystring: productQuery.extend(tenantSelector.shape),
      response: { 200: productsPage, ...errors(400, 401, 403, 404) },
    },
    handler: async (req) => erp.listProducts(req.tenantId!, strip(req.query)),
  });
  r.post('/api/v1/erp/products', {
    config: { access: ownTenantAccess('admin'), idempotent: true },
    schema: {
      tags,
      summary: 'Add a product: SKU unique per company, the price net or with IVA (price_includes_tax says which)',
      security: bearer,
      querystring: tenantSelector,
      body: productInput,
      response: { 201: productOutput, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) => reply.status(201).send(await erp.createProduct(req.tenantId!, req.body)),
  });
  r.post('/api/v1/erp/products/import', {
    config: { access: ownTenantAccess('admin'), idempotent: true },
    schema: {
      tags,
      summary: 'Import up to 1,000 products in one transaction: each is created, or updated when its SKU exists; stock sets the quantity on hand',
      description: 'Run again, an import changes nothing twice (the CLI sends a large file in batches of 500 and can be re-run after an interruption). Any bad row fails the batch with 400 naming rows.N and its field.',
      security: bearer,
      querystring: tenantSelector,
      body: productImportInput,
      response: { 200: productImportOutput, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (req) => erp.importProducts(req.tenantId!, actorOf(req).id, req.body),
  });
  r.get('/api/v1/erp/products/:product_id', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: 'A product with its stock', security: bearer, params: productParams, querystring: tenantSelector, response: { 200: productOutput, ...errors(400, 401, 403, 404) } },
    handler: async (req) => erp.getProduct(req.tenantId!, req.params.product_id),
  });
  r.patch('/api/v1/erp/products/:product_id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Change a product (what is given; the SKU stays)', security: bearer, params: productParams, querystring: tenantSelector, body: productUpdate, response: { 200: productOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: async (req) => erp.updateProduct(req.tenantId!, req.params.product_id, req.body),
  });

  // Warehouses and stock.
  r.get('/api/v1/erp/warehouses', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: 'Warehouses, the default first (a company starts with «principal»)', security: bearer, querystring: tenantSelector, response: { 200: z.object({ items: z.array(warehouseOutput) }), ...errors(400, 401, 403, 404) } },
    handler: async (req) => ({ items: await erp.listWarehouses(req.tenantId!) }),
  });
  r.post('/api/v1/erp/warehouses', {
    config: { access: ownTenantAccess('admin'), idempotent: true },
    schema: { tags, summary: 'Add a warehouse (is_default: orders and moves use it when none is named)', security: bearer, querystring: tenantSelector, body: warehouseInput, response: { 201: warehouseOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: async (req, reply) => reply.status(201).send(await erp.createWarehouse(req.tenantId!, req.body)),
  });
  r.get('/api/v1/erp/stock', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'On hand, reserved and available per product, in total and per warehouse (?sku= one product; ?low=true those below their threshold)',
      security: bearer,
      querystring: stockQuery.extend(tenantSelector.shape),
      response: { 200: z.object({ items: z.array(stockLevelOutput), total: z.number().int() }), ...errors(400, 401, 403, 404) },
    },
    handler: async (req) => erp.stockLevels(req.tenantId!, strip(req.query)),
  });
  r.post('/api/v1/erp/stock/moves', {
    config: { access: ownTenantAccess('admin'), idempotent: true },
    schema: {
      tags,
      summary: 'A stock move in the ledger: receipt, return, sale, a signed adjustment, or a transfer between warehouses',
      description: 'The ledger is append-only; 409 insufficient_stock names the product and what is available when a move would take away more than is free.',
      security: bearer,
      querystring: tenantSelector,
      body: stockMoveInput,
      response: { 201: stockLevelOutput, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) => reply.status(201).send(await erp.moveStock(req.tenantId!, actorOf(req).id, req.body)),
  });
  r.get('/api/v1/erp/stock/moves', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'The stock ledger, newest first',
      security: bearer,
      querystring: z.object({ product_id: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.coerce.number().int().positive().optional() }).extend(tenantSelector.shape),
      response: { 200: z.object({ items: z.array(stockMoveOutput), next_cursor: z.string().nullable() }), ...errors(400, 401, 403, 404) },
    },
    handler: async (req) => erp.stockMoves(req.tenantId!, strip(req.query)),
  });

  // Customers.
  r.get('/api/v1/erp/customers', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: 'Customers by name, RUT or e-mail', security: bearer, querystring: customerQuery.extend(tenantSelector.shape), response: { 200: customersPage, ...errors(400, 401, 403, 404) } },
    handler: async (req) => erp.listCustomers(req.tenantId!, strip(req.query)),
  });
  r.post('/api/v1/erp/customers', {
    config: { access: ownTenantAccess('agent'), idempotent: true },
    schema: {
      tags,
      summary: 'Add a customer: RUT unique per company, the comuna by name or CUT code; linked to the chat contact of the same phone or e-mail',
      security: bearer,
      querystring: tenantSelector,
      body: customerInput,
      response: { 201: customerOutput, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) => reply.status(201).send(await erp.createCustomer(req.tenantId!, req.body)),
  });
  r.get('/api/v1/erp/customers/:customer_id', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: 'A customer', security: bearer, params: customerParams, querystring: tenantSelector, response: { 200: customerOutput, ...errors(400, 401, 403, 404) } },
    handler: async (req) => erp.getCustomer(req.tenantId!, req.params.customer_id),
  });
  r.patch('/api/v1/erp/customers/:customer_id', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: 'Change a customer (what is given)', security: bearer, params: customerParams, querystring: tenantSelector, body: customerUpdate, response: { 200: customerOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: async (req) => erp.updateCustomer(req.tenantId!, req.params.customer_id, req.body),
  });

  // Orders.
  r.get('/api/v1/erp/orders', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: 'Orders, newest first (by status, channel, customer; ?q= a number or the buyer’s words)', security: bearer, querystring: orderQuery.extend(tenantSelector.shape), response: { 200: ordersPage, ...errors(400, 401, 403, 404) } },
    handler: async (req) => erp.listOrders(req.tenantId!, strip(req.query)),
  });
  r.post('/api/v1/erp/orders', {
    config: { access: ownTenantAccess('agent'), idempotent: true },
    schema: {
      tags,
      summary: 'A draft order with its lines and totals (net, IVA 19% by the SII’s rule, exempt, total in whole pesos)',
      description: 'With external_ref the order is created once per channel: the same reference answers the order already there.',
      security: bearer,
      querystring: tenantSelector,
      body: orderInput,
      response: { 201: orderOutput, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (req, reply) => reply.status(201).send(await erp.createOrder(req.tenantId!, actorOf(req).id, req.body)),
  });
  r.get('/api/v1/erp/orders/:order_id', {
    config: { access: ownTenantAccess('agent') },
    schema: { tags, summary: 'An order with its lines and payments', security: bearer, params: orderParams, querystring: tenantSelector, response: { 200: orderOutput, ...errors(400, 401, 403, 404) } },
    handler: async (req) => erp.getOrder(req.tenantId!, req.params.order_id),
  });
  const move = (path: 'confirm' | 'complete' | 'cancel', summary: string, run: (tenantId: string, orderId: string, actor: string) => Promise<OrderOutput>) =>
    r.post(`/api/v1/erp/orders/:order_id/${path}`, {
      config: { access: ownTenantAccess('agent') },
      schema: { tags, summary, security: bearer, params: orderParams, querystring: tenantSelector, response: { 200: orderOutput, ...errors(400, 401, 403, 404, 409) } },
      handler: async (req) => run(req.tenantId!, req.params.order_id, actorOf(req).id),
    });
  move('confirm', 'Confirm a draft: reserves the stock of every line, or nothing (409 insufficient_stock naming the product and what is available)', erp.confirmOrder);
  move('complete', 'Complete a confirmed or paid order: its reserved stock leaves the warehouse', erp.completeOrder);
  move('cancel', 'Cancel an order that is not completed: what it reserved is released', erp.cancelOrder);
  r.post('/api/v1/erp/orders/:order_id/pay', {
    config: { access: ownTenantAccess('agent'), idempotent: true },
    schema: {
      tags,
      summary: 'Record a payment by transfer, cash or card terminal (a draft is confirmed first); the order is paid when its payments cover the total',
      security: bearer,
      params: orderParams,
      querystring: tenantSelector,
      body: paymentInput,
      response: { 200: orderOutput, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (req) => erp.payOrder(req.tenantId!, req.params.order_id, actorOf(req).id, req.body),
  });
}
