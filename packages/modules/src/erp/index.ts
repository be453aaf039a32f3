// erp: products (with variants and price lists), warehouses and the stock ledger, customers, orders and payments.
// The module's one door.
import { defineModule } from '@smarteros/kernel';
import { ERP_CONFIG } from './erp.config.ts';
import { ERP_ERRORS } from './erp.errors.ts';
import { ERP_EVENTS } from './erp.events.ts';
import { setupErp } from './erp.setup.ts';
import { SYNC_EVENTS } from './sync.ts';
export { createErpService, type ErpService, type ErpDeps } from './erp.service.ts';
export * from './erp.schema.ts';
export * from './erp.events.ts';
export { orderAmounts, lineTotal, grossUnitPrice, IVA_RATE, type OrderAmounts, type LineAmounts } from './money.ts';
export type * from './erp.tables.ts';
export { parseProductCsv, type ProductImportRow, type ProductImportError, type ProductCsvResult } from './product-csv.ts';
export { ERP_CONFIG, ERP_ERRORS, setupErp };
export { createWebpayPayments, type WebpayPayments, type WebpayOutcome, type WebpayReturnResult } from './webpay-payments.ts';
export { createErpSync, describeConnectorError, shopifyWebhookReceived, SHOPIFY_TOPICS, SYNC_EVENTS, type ErpSync, type ErpSyncDeps } from './sync.ts';
export * from './sync.schema.ts';
export type * from './sync.tables.ts';
export { WEBPAY_INTEGRATION, WEBPAY_REDIRECT_CSP, redirectForm, parseWebpayReturn, createWebpayClient, isApproved, WebpayError, type WebpayClient } from './webpay.ts';

/** What the ERP module brings besides its services (see ModuleManifest). */
export const erpModule = defineModule({
  name: 'erp',
  tables: ['erp_counters', 'erp_products', 'erp_price_lists', 'erp_price_list_items', 'erp_warehouses', 'erp_stock_moves', 'erp_stock_levels', 'erp_customers', 'orders', 'order_lines', 'erp_payments', 'erp_webpay_accounts', 'erp_connections', 'erp_connection_secrets', 'erp_shopify_webhooks', 'erp_shopify_checkouts', 'erp_external_links'],
  config: ERP_CONFIG,
  setup: setupErp,
  errors: ERP_ERRORS,
  events: [...ERP_EVENTS, ...SYNC_EVENTS],
});
