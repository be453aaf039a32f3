import type { ColumnType, Generated } from 'kysely';

/** Row types of the ERP's tables. Keep in step with db/migrations/0022_erp.sql. */

/** numeric columns: pg returns them as strings (exact); the application writes strings. */
type Numeric = ColumnType<string, string, string>;
type NumericDefault = ColumnType<string, string | undefined, string>;
/** bigint pesos: int8 is read as a number by both drivers (kernel/db/pool.ts); amounts stay far below 2^53. */
type Pesos = ColumnType<number, number | undefined, number>;

export interface ErpCountersTable {
  tenant_id: string;
  name: string;
  last_value: ColumnType<number, number | undefined, number>;
}

export interface ErpProductsTable {
  tenant_id: string;
  id: Generated<string>;
  sku: string;
  name: string;
  description: string | null;
  unit: Generated<string>;
  price: Numeric;
  price_includes_tax: Generated<boolean>;
  tax: Generated<'iva' | 'exempt'>;
  barcode: string | null;
  category: string | null;
  images: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  parent_id: string | null;
  attributes: ColumnType<Record<string, string>, string | undefined, string>;
  low_stock_threshold: ColumnType<string | null, string | null | undefined, string | null>;
  external_ref: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ErpPriceListsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  customer_group: string;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}

export interface ErpPriceListItemsTable {
  tenant_id: string;
  price_list_id: string;
  product_id: string;
  price: Numeric;
}

export interface ErpWarehousesTable {
  tenant_id: string;
  id: Generated<string>;
  code: string;
  name: string;
  is_default: Generated<boolean>;
  created_at: Generated<Date>;
}

export type StockMoveKind = 'receipt' | 'sale' | 'return' | 'adjustment' | 'transfer' | 'reserve' | 'release';

export interface ErpStockMovesTable {
  tenant_id: string;
  id: Generated<number>;
  product_id: string;
  warehouse_id: string;
  kind: StockMoveKind;
  on_hand_delta: NumericDefault;
  reserved_delta: NumericDefault;
  reason: string | null;
  reference: string | null;
  order_id: string | null;
  actor: string;
  created_at: Generated<Date>;
}

export interface ErpStockLevelsTable {
  tenant_id: string;
  product_id: string;
  warehouse_id: string;
  on_hand: NumericDefault;
  reserved: NumericDefault;
  updated_at: Generated<Date>;
}

export interface ErpCustomersTable {
  tenant_id: string;
  id: Generated<string>;
  rut: string | null;
  razon_social: string;
  giro: string | null;
  address: string | null;
  comuna_code: string | null;
  city: string | null;
  email: string | null;
  phone: string | null;
  customer_group: string | null;
  chat_contact_id: string | null;
  external_ref: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type OrderStatus = 'draft' | 'confirmed' | 'paid' | 'completed' | 'cancelled';
export type OrderChannel = 'pos' | 'store' | 'whatsapp' | 'telegram' | 'web' | 'shopify' | 'odoo' | 'api';

export interface OrdersTable {
  tenant_id: string;
  id: Generated<string>;
  number: ColumnType<number, number, never>;
  status: ColumnType<OrderStatus, OrderStatus | undefined, OrderStatus>;
  channel: OrderChannel;
  customer_id: string | null;
  buyer: ColumnType<Record<string, string>, string | undefined, string>;
  document_kind: ColumnType<'boleta' | 'factura', 'boleta' | 'factura' | undefined, 'boleta' | 'factura'>;
  warehouse_id: string;
  price_list_id: string | null;
  currency: Generated<string>;
  amount_untaxed: Pesos;
  amount_exempt: Pesos;
  amount_tax: Pesos;
  amount_total: Pesos;
  amount_paid: Pesos;
  external_ref: string | null;
  notes: string | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  confirmed_at: Date | null;
  paid_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
}

export interface OrderLinesTable {
  tenant_id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  sku: string;
  name: string;
  quantity: Numeric;
  unit_price: Numeric;
  price_includes_tax: boolean;
  discount_pct: NumericDefault;
  tax: 'iva' | 'exempt';
  line_total: Pesos;
  line_untaxed: Pesos;
  line_tax: Pesos;
}

export type PaymentMethod = 'webpay' | 'transfer' | 'cash' | 'card_terminal';
export type PaymentStatus = 'pending' | 'approved' | 'failed' | 'refunded' | 'cancelled';

export interface ErpPaymentsTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  method: PaymentMethod;
  amount: Pesos;
  status: ColumnType<PaymentStatus, PaymentStatus | undefined, PaymentStatus>;
  provider_ref: string | null;
  buy_order: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  commit_started_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  refunded_amount: ColumnType<number, number | undefined, number>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ErpWebpayAccountsTable {
  tenant_id: string;
  commerce_code: string;
  environment: 'integration' | 'production';
  data_key_id: string;
  ciphertext: Buffer;
  fingerprint: string;
  last4: string;
  updated_by: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

declare module '@smarteros/kernel' {
  interface DB {
    erp_counters: ErpCountersTable;
    erp_products: ErpProductsTable;
    erp_price_lists: ErpPriceListsTable;
    erp_price_list_items: ErpPriceListItemsTable;
    erp_warehouses: ErpWarehousesTable;
    erp_stock_moves: ErpStockMovesTable;
    erp_stock_levels: ErpStockLevelsTable;
    erp_customers: ErpCustomersTable;
    orders: OrdersTable;
    order_lines: OrderLinesTable;
    erp_payments: ErpPaymentsTable;
    erp_webpay_accounts: ErpWebpayAccountsTable;
  }
}
