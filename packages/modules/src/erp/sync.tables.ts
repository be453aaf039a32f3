import type { ColumnType, Generated } from 'kysely';
import type { Json } from '@smarteros/kernel';

/** Row types of the ERP connectors' tables. Keep in step with db/migrations/0024_erp_connectors.sql. */

export type ConnectionKind = 'odoo' | 'shopify';
export type ConnectionStatus = 'connected' | 'synced' | 'error';
export type ConnectionSecretName = 'api_key' | 'password' | 'access_token' | 'webhook_secret';
export type ExternalLinkKind = 'partner' | 'sale_order';

/** What went wrong last on a connection, worded for people (never a secret, never a traceback). */
export interface ConnectionError {
  at: string;
  during: 'sync' | 'push' | 'webhook';
  /** The connector's error kind (auth, network, validation, ...). */
  kind: string;
  message: string;
}

type Stamp = ColumnType<Date, Date | undefined, Date>;
type NullableStamp = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface ErpConnectionsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: ConnectionKind;
  config: Json;
  status: ColumnType<ConnectionStatus, ConnectionStatus | undefined, ConnectionStatus>;
  last_sync_at: NullableStamp;
  last_error: ColumnType<ConnectionError | null, string | null | undefined, string | null>;
  last_result: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  cursors: ColumnType<Record<string, unknown>, string | undefined, string>;
  sync_lease_until: NullableStamp;
  created_by: string;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface ErpConnectionSecretsTable {
  tenant_id: string;
  connection_id: string;
  name: ConnectionSecretName;
  data_key_id: string;
  ciphertext: Buffer;
  fingerprint: string;
  last4: string;
  updated_at: Stamp;
}

export interface ErpShopifyWebhooksTable {
  tenant_id: string;
  id: Generated<number>;
  connection_id: string;
  webhook_id: string;
  topic: string;
  payload: Json;
  received_at: Stamp;
  processed_at: NullableStamp;
  error: string | null;
}

export interface ErpShopifyCheckoutsTable {
  tenant_id: string;
  id: Generated<string>;
  connection_id: string;
  checkout_id: string;
  checkout_token: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  items: ColumnType<Array<{ sku: string; name: string; quantity: number }>, string | undefined, string>;
  total: ColumnType<number, number | undefined, number>;
  recover_url: string | null;
  checkout_updated_at: ColumnType<Date, Date, Date>;
  completed_at: NullableStamp;
  notified_at: NullableStamp;
  created_at: Stamp;
}

export interface ErpExternalLinksTable {
  tenant_id: string;
  connection_id: string;
  kind: ExternalLinkKind;
  local_key: string;
  external_id: string | null;
  claimed_until: NullableStamp;
  last_error: string | null;
  created_at: Stamp;
  updated_at: Stamp;
}

declare module '@smarteros/kernel' {
  interface DB {
    erp_connections: ErpConnectionsTable;
    erp_connection_secrets: ErpConnectionSecretsTable;
    erp_shopify_webhooks: ErpShopifyWebhooksTable;
    erp_shopify_checkouts: ErpShopifyCheckoutsTable;
    erp_external_links: ErpExternalLinksTable;
  }
}
