import { z } from 'zod';

/** The ERP's inputs and outputs (REST, actions, the CLI, the console's generated types). */

const decimal = (dp: number, description: string) =>
  z
    .union([z.string().trim(), z.number()])
    .transform((v) => (typeof v === 'number' ? String(v) : v))
    .pipe(z.string().regex(new RegExp(`^\\d{1,14}(\\.\\d{1,${dp}})?$`), `a number with at most ${dp} decimals, a dot before them`))
    .meta({ description });

export const priceValue = decimal(6, 'Unit price in CLP; up to 6 decimals (the SII allows them), e.g. 1990 or "1990.5"');
export const quantityValue = decimal(3, 'Quantity; up to 3 decimals (kilos, metres)');
export const taxKind = z.enum(['iva', 'exempt']).meta({ description: 'iva: IVA 19%; exempt: exento' });
export const skuValue = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/, 'letters, digits and . _ / - (at most 64)')
  .meta({ description: 'Stock keeping unit: unique per company' });

export const productInput = z
  .object({
    sku: skuValue,
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4000).optional(),
    unit: z.string().trim().min(1).max(20).default('unidad'),
    price: priceValue,
    price_includes_tax: z.boolean().default(false).meta({ description: 'true when price already includes IVA (what a shop shows); false for a net price' }),
    tax: taxKind.default('iva'),
    barcode: z.string().trim().regex(/^[0-9A-Za-z-]{4,32}$/, '4 to 32 letters or digits').optional(),
    category: z.string().trim().min(1).max(100).optional(),
    images: z.array(z.url({ protocol: /^https?$/ }).max(2000)).max(10).optional(),
    active: z.boolean().default(true),
    parent_sku: skuValue.optional().meta({ description: 'A variant: the SKU of the product it varies' }),
    attributes: z.record(z.string().trim().min(1).max(30), z.string().trim().min(1).max(60)).optional().meta({ description: 'A variant’s attributes, e.g. { "talla": "M", "color": "rojo" }' }),
    low_stock_threshold: quantityValue.nullable().optional().meta({ description: 'stock.low is emitted when the available quantity falls below it' }),
  })
  .strict();
export type ProductInput = z.input<typeof productInput>;

export const productUpdate = productInput.omit({ sku: true, parent_sku: true }).partial().strict();
export type ProductUpdate = z.input<typeof productUpdate>;

export const stockOutput = z.object({
  on_hand: z.string(),
  reserved: z.string(),
  available: z.string(),
});

export const productOutput = z
  .object({
    id: z.uuid(),
    sku: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    unit: z.string(),
    price: z.string().meta({ description: 'The unit price as written (net or gross, see price_includes_tax)' }),
    price_includes_tax: z.boolean(),
    tax: taxKind,
    gross_price: z.number().int().meta({ description: 'The unit price with IVA, in whole pesos: what a buyer pays' }),
    barcode: z.string().nullable(),
    category: z.string().nullable(),
    images: z.array(z.string()),
    active: z.boolean(),
    parent_id: z.uuid().nullable(),
    attributes: z.record(z.string(), z.string()),
    low_stock_threshold: z.string().nullable(),
    stock: stockOutput,
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'ErpProduct' });
export type ProductOutput = z.output<typeof productOutput>;

export const productQuery = z
  .object({
    q: z.string().trim().min(1).max(100).optional().meta({ description: 'Words in the SKU, name or barcode (accents and case do not matter)' }),
    category: z.string().trim().min(1).max(100).optional(),
    active: z.enum(['true', 'false', 'all']).default('true'),
    in_stock: z.enum(['true', 'false']).optional().meta({ description: 'true: only products with stock available' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type ProductQuery = z.input<typeof productQuery>;
export const productsPage = z.object({ items: z.array(productOutput), total: z.number().int() }).meta({ id: 'ErpProductPage' });

export const warehouseInput = z.object({ code: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/), name: z.string().trim().min(1).max(100), is_default: z.boolean().default(false) }).strict();
export const warehouseOutput = z.object({ id: z.uuid(), code: z.string(), name: z.string(), is_default: z.boolean() }).meta({ id: 'ErpWarehouse' });

export const moveKind = z.enum(['receipt', 'sale', 'return', 'adjustment', 'transfer']);
export const stockMoveInput = z
  .object({
    sku: skuValue.optional(),
    product_id: z.uuid().optional(),
    quantity: z
      .union([z.string().trim(), z.number()])
      .transform((v) => (typeof v === 'number' ? String(v) : v))
      .pipe(z.string().regex(/^-?\d{1,14}(\.\d{1,3})?$/, 'a number with at most 3 decimals'))
      .meta({ description: 'receipt and return add it; sale takes it away; an adjustment is signed (-3 takes 3 away); a transfer moves it to to_warehouse_id' }),
    kind: moveKind,
    warehouse_id: z.uuid().optional().meta({ description: 'By default the default warehouse' }),
    to_warehouse_id: z.uuid().optional().meta({ description: 'A transfer’s destination' }),
    reason: z.string().trim().min(1).max(500).optional(),
    reference: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((v) => (v.sku === undefined) !== (v.product_id === undefined), { message: 'give sku or product_id (one of them)', path: ['sku'] })
  .refine((v) => v.kind !== 'transfer' || v.to_warehouse_id !== undefined, { message: 'a transfer needs to_warehouse_id', path: ['to_warehouse_id'] });
export type StockMoveInput = z.input<typeof stockMoveInput>;

export const stockMoveOutput = z
  .object({
    id: z.number().int(),
    product_id: z.uuid(),
    sku: z.string(),
    warehouse_id: z.uuid(),
    kind: z.string(),
    on_hand_delta: z.string(),
    reserved_delta: z.string(),
    reason: z.string().nullable(),
    reference: z.string().nullable(),
    order_id: z.uuid().nullable(),
    actor: z.string(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'ErpStockMove' });

export const stockLevelOutput = z
  .object({
    product_id: z.uuid(),
    sku: z.string(),
    name: z.string(),
    on_hand: z.string(),
    reserved: z.string(),
    available: z.string(),
    low_stock_threshold: z.string().nullable(),
    low: z.boolean(),
    warehouses: z.array(z.object({ warehouse_id: z.uuid(), code: z.string(), on_hand: z.string(), reserved: z.string(), available: z.string() })),
  })
  .meta({ id: 'ErpStockLevel' });
export type StockLevelOutput = z.output<typeof stockLevelOutput>;

export const stockQuery = z
  .object({
    sku: skuValue.optional(),
    product_id: z.uuid().optional(),
    low: z.enum(['true', 'false']).optional().meta({ description: 'true: only products below their threshold' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const customerInput = z
  .object({
    rut: z.string().trim().min(3).max(15).optional().meta({ description: 'RUT with check digit, in any spelling (12.345.678-5, 123456785)' }),
    razon_social: z.string().trim().min(1).max(100),
    giro: z.string().trim().min(1).max(80).optional(),
    address: z.string().trim().min(1).max(200).optional(),
    comuna: z.string().trim().min(1).max(60).optional().meta({ description: 'Name or CUT code of the comuna (Ñuñoa, nunoa, 13120)' }),
    city: z.string().trim().min(1).max(60).optional(),
    email: z.email().max(320).optional().meta({ description: 'Where tax documents are sent' }),
    phone: z.string().trim().min(6).max(30).optional(),
    customer_group: z.string().trim().min(1).max(50).optional(),
  })
  .strict();
export type CustomerInput = z.input<typeof customerInput>;
export const customerUpdate = customerInput.partial().strict();

export const customerOutput = z
  .object({
    id: z.uuid(),
    rut: z.string().nullable().meta({ description: 'Formatted 12.345.678-5' }),
    razon_social: z.string(),
    giro: z.string().nullable(),
    address: z.string().nullable(),
    comuna: z.object({ code: z.string(), name: z.string(), region: z.string() }).nullable(),
    city: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    customer_group: z.string().nullable(),
    chat_contact_id: z.uuid().nullable(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'ErpCustomer' });
export type CustomerOutput = z.output<typeof customerOutput>;
export const customerQuery = z
  .object({ q: z.string().trim().min(1).max(100).optional(), rut: z.string().trim().min(3).max(15).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) })
  .strict();
export const customersPage = z.object({ items: z.array(customerOutput), total: z.number().int() }).meta({ id: 'ErpCustomerPage' });

export const orderChannel = z.enum(['pos', 'store', 'whatsapp', 'telegram', 'web', 'shopify', 'odoo', 'api']);
export const orderStatus = z.enum(['draft', 'confirmed', 'paid', 'completed', 'cancelled']);

export const orderLineInput = z
  .object({
    sku: skuValue.optional(),
    product_id: z.uuid().optional(),
    quantity: quantityValue,
    unit_price: priceValue.optional().meta({ description: 'By default the product’s price (or its price list’s for the customer’s group)' }),
    discount_pct: decimal(2, 'Discount in percent, 0 to 100').optional(),
  })
  .strict()
  .refine((v) => (v.sku === undefined) !== (v.product_id === undefined), { message: 'give sku or product_id (one of them)', path: ['sku'] });

export const buyerInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    email: z.email().max(320).optional(),
    phone: z.string().trim().min(6).max(30).optional(),
    rut: z.string().trim().min(3).max(15).optional(),
    giro: z.string().trim().min(1).max(80).optional(),
  })
  .strict();

export const orderInput = z
  .object({
    customer_id: z.uuid().optional(),
    buyer: buyerInput.optional().meta({ description: 'The buyer when there is no customer record (checkout, chat)' }),
    channel: orderChannel.default('api'),
    document_kind: z.enum(['boleta', 'factura']).optional().meta({ description: 'factura needs a customer with RUT and giro; boleta by default' }),
    warehouse_id: z.uuid().optional(),
    notes: z.string().trim().max(2000).optional(),
    external_ref: z.string().trim().min(1).max(200).optional().meta({ description: 'The order’s id in another system (idempotent per channel)' }),
    placed_at: z.iso.datetime({ offset: true }).optional().meta({ description: 'Only with external_ref: when the order was placed in the other system (its created_at); by default now' }),
    lines: z.array(orderLineInput).min(1).max(200),
  })
  .strict()
  .refine((v) => v.placed_at === undefined || v.external_ref !== undefined, { message: 'placed_at is only for an imported order (with external_ref)', path: ['placed_at'] });
export type OrderInput = z.input<typeof orderInput>;

export const orderLineOutput = z.object({
  line_no: z.number().int(),
  product_id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  quantity: z.string(),
  unit_price: z.string(),
  price_includes_tax: z.boolean(),
  discount_pct: z.string(),
  tax: taxKind,
  line_total: z.number().int(),
  line_untaxed: z.number().int(),
  line_tax: z.number().int(),
});

export const paymentOutput = z
  .object({
    id: z.uuid(),
    order_id: z.uuid(),
    method: z.enum(['webpay', 'transfer', 'cash', 'card_terminal']),
    amount: z.number().int(),
    status: z.enum(['pending', 'approved', 'failed', 'refunded', 'cancelled']),
    provider_ref: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'ErpPayment' });
export type PaymentOutput = z.output<typeof paymentOutput>;

export const orderOutput = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    status: orderStatus,
    channel: orderChannel,
    customer_id: z.uuid().nullable(),
    customer: z.object({ id: z.uuid(), razon_social: z.string(), rut: z.string().nullable() }).nullable(),
    buyer: z.record(z.string(), z.string()),
    document_kind: z.enum(['boleta', 'factura']),
    warehouse_id: z.uuid(),
    currency: z.string(),
    amount_untaxed: z.number().int(),
    amount_exempt: z.number().int(),
    amount_tax: z.number().int(),
    amount_total: z.number().int(),
    amount_paid: z.number().int(),
    external_ref: z.string().nullable(),
    notes: z.string().nullable(),
    lines: z.array(orderLineOutput),
    payments: z.array(paymentOutput),
    created_at: z.iso.datetime(),
    confirmed_at: z.iso.datetime().nullable(),
    paid_at: z.iso.datetime().nullable(),
    completed_at: z.iso.datetime().nullable(),
    cancelled_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ErpOrder' });
export type OrderOutput = z.output<typeof orderOutput>;

export const orderSummaryOutput = orderOutput.omit({ lines: true, payments: true }).extend({ line_count: z.number().int() }).meta({ id: 'ErpOrderSummary' });
export type OrderSummaryOutput = z.output<typeof orderSummaryOutput>;

export const orderQuery = z
  .object({
    status: orderStatus.optional(),
    channel: orderChannel.optional(),
    customer_id: z.uuid().optional(),
    q: z.string().trim().min(1).max(100).optional().meta({ description: 'An order number, or words of the customer or buyer' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(30).optional().meta({ description: 'next_cursor of the previous page' }),
  })
  .strict();
export const ordersPage = z.object({ items: z.array(orderSummaryOutput), next_cursor: z.string().nullable() }).meta({ id: 'ErpOrderPage' });

export const paymentInput = z
  .object({
    method: z.enum(['transfer', 'cash', 'card_terminal']),
    amount: z.number().int().positive().optional().meta({ description: 'By default what the order still owes' }),
    reference: z.string().trim().min(1).max(200).optional().meta({ description: 'The transfer’s number or the voucher' }),
  })
  .strict();

export const productImportRow = productInput
  .omit({ parent_sku: true, attributes: true })
  .extend({
    stock: quantityValue.optional().meta({ description: 'The quantity on hand in the default warehouse after the import (an adjustment by the difference)' }),
  })
  .strict();
export const productImportInput = z
  .object({
    rows: z.array(productImportRow).min(1).max(1000).meta({ description: 'At most 1,000 rows a request; send a large file in batches' }),
    reference: z.string().trim().min(1).max(200).optional().meta({ description: 'What the stock moves are referenced by, e.g. import:catalogo.csv' }),
  })
  .strict();
export type ProductImportInput = z.input<typeof productImportInput>;
export const productImportOutput = z
  .object({ created: z.number().int(), updated: z.number().int(), stock_adjusted: z.number().int() })
  .meta({ id: 'ErpProductImport' });
export type ProductImportOutput = z.output<typeof productImportOutput>;

export const webpayAccountInput = z
  .object({
    commerce_code: z.string().trim().regex(/^\d{12}$/, '12 digits (Transbank’s código de comercio)'),
    api_key: z.string().trim().min(16).max(200).meta({ description: 'Transbank’s API key secret (Tbk-Api-Key-Secret): write-only, sealed by the vault' }),
    environment: z.enum(['integration', 'production']).default('integration'),
  })
  .strict();
export type WebpayAccountInput = z.input<typeof webpayAccountInput>;
export const webpayAccountOutput = z
  .object({
    own: z.boolean().meta({ description: 'false: payments go to Transbank’s public integration commerce (no real card is charged)' }),
    commerce_code: z.string(),
    environment: z.enum(['integration', 'production']),
    api_key_last4: z.string().nullable(),
    updated_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ErpWebpayAccount' });
export type WebpayAccountOutput = z.output<typeof webpayAccountOutput>;
export const webpayStartOutput = z
  .object({
    payment_id: z.uuid(),
    token: z.string(),
    url: z.string().meta({ description: 'Webpay’s form: POST token_ws there (GET /pay/… does it for a browser)' }),
    amount: z.number().int(),
    buy_order: z.string(),
    environment: z.enum(['integration', 'production']),
  })
  .meta({ id: 'ErpWebpayStart' });
export const paymentLinkOutput = z.object({ url: z.string(), expires_at: z.iso.datetime() }).meta({ id: 'ErpPaymentLink' });
export const refundInput = z.object({ amount: z.number().int().positive().optional().meta({ description: 'By default all that is left' }) }).strict();
