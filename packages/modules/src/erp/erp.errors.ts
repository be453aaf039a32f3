import { defineErrors, ERROR_KINDS, type CodesOf } from '@smarteros/kernel';

/** The ERP's codes, and what its constraints mean. */
export const ERP_ERRORS = defineErrors({
  owner: 'erp',
  codes: {
    insufficient_stock: {
      ...ERROR_KINDS.conflict,
      message: 'Not enough stock available for this product',
      words: { en: 'There is not enough stock of this product available', es: 'No hay stock disponible suficiente de este producto' },
    },
    order_transition_not_allowed: {
      ...ERROR_KINDS.conflict,
      words: { en: 'This change of the order state is not allowed', es: 'Este cambio de estado del pedido no está permitido' },
    },
    product_inactive: {
      ...ERROR_KINDS.conflict,
      message: 'The product is not active: it cannot be sold',
      words: { en: 'This product is inactive and cannot be sold', es: 'Este producto está inactivo y no se puede vender' },
    },
    payment_exceeds_balance: {
      ...ERROR_KINDS.conflict,
      message: 'The payment is larger than what the order still owes',
      words: { en: 'The payment is larger than what the order still owes', es: 'El pago supera el saldo pendiente del pedido' },
    },
    connector_sync_running: {
      ...ERROR_KINDS.conflict,
      message: 'A sync of this connection is running',
      words: { en: 'A sync of this connection is running; try again when it ends', es: 'Ya hay una sincronización de esta conexión en curso; intente de nuevo cuando termine' },
    },
    connector_sync_failed: {
      ...ERROR_KINDS.upstream,
      message: 'The sync with the other system failed',
      // details: provider, kind (auth, network, ...), reason (in Spanish, as last_error.message), connection_id, result.
      words: { en: 'The sync with the other system failed: see details.kind and details.reason', es: 'La sincronización con Odoo o Shopify falló: el motivo está en details.reason y en el último error de la conexión' },
    },
    payment_not_refundable: {
      ...ERROR_KINDS.conflict,
      message: 'Only an approved payment can be refunded',
      words: { en: 'Only an approved payment can be refunded', es: 'Solo se puede reembolsar un pago aprobado' },
    },
  },
  unique: {
    erp_products_sku_key: ['already_exists', 'A product with this SKU already exists'],
    erp_products_external_key: ['already_exists', 'This external product is already imported'],
    erp_customers_rut_key: ['already_exists', 'A customer with this RUT already exists'],
    erp_customers_external_key: ['already_exists', 'This external customer is already imported'],
    erp_warehouses_code_key: ['already_exists', 'A warehouse with this code already exists'],
    erp_warehouses_one_default: ['already_exists', 'The tenant already has a default warehouse'],
    orders_number_key: ['already_exists', 'An order with this number already exists'],
    orders_external_key: ['already_exists', 'This external order is already imported'],
    erp_payments_provider_key: ['already_exists', 'This payment reference is already recorded'],
    erp_connections_kind_key: ['already_exists', 'The company already has a connection of this kind (one Odoo, one Shopify)'],
    erp_shopify_webhooks_webhook_key: ['already_exists', 'This Shopify webhook is already received'],
    erp_shopify_checkouts_checkout_key: ['already_exists', 'This Shopify checkout is already recorded'],
    erp_external_links_external_key: ['already_exists', 'This record of the other system is already linked'],
  },
  checks: {
    erp_products_sku_check: 'sku',
    erp_products_name_check: 'name',
    erp_products_price_check: 'price',
    erp_products_threshold_check: 'low_stock_threshold',
    erp_customers_razon_social_check: 'razon_social',
    erp_customers_comuna_check: 'comuna',
    erp_warehouses_code_check: 'code',
    erp_price_lists_dates_check: 'ends_on',
    erp_webpay_accounts_code_check: 'commerce_code',
    order_lines_quantity_check: 'quantity',
    order_lines_discount_check: 'discount_pct',
  },
});

declare module '@smarteros/kernel' {
  interface ModuleErrorCodes extends CodesOf<typeof ERP_ERRORS> {}
}
