import type { ColumnType, Generated } from 'kysely';

/** Row types of the tables, for Kysely. Keep in step with db/migrations. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Json<T = Record<string, unknown>> = ColumnType<T, string, string>;

export type TenantType = 'customer' | 'infrastructure';
export type TenantStatus = 'trial' | 'active' | 'suspended' | 'cancelled';
export type ProductCode = 'chat' | 'erp' | 'automation' | 'analytics' | 'ai';
export type ProductStatus = 'trial' | 'active' | 'inactive' | 'expired';
export type TrialStatus = 'active' | 'expired' | 'converted' | 'cancelled';
export type DomainType = 'primary' | 'chat' | 'erp' | 'automation' | 'store';
export type IntegrationType = 'chatwoot' | 'odoo' | 'n8n' | 'metabase' | 'meta' | 'telegram' | 'transbank' | 'sii' | 'custom';
export type IntegrationStatus = 'pending' | 'connected' | 'error' | 'disabled';
export type TenantRole = 'owner' | 'admin' | 'agent' | 'viewer';

export const PRODUCT_CODES: readonly ProductCode[] = ['chat', 'erp', 'automation', 'analytics', 'ai'];
export const DEFAULT_PRODUCTS: readonly ProductCode[] = ['chat', 'erp', 'automation'];
export const TENANT_STATUSES: readonly TenantStatus[] = ['trial', 'active', 'suspended', 'cancelled'];
export const PRODUCT_STATUSES: readonly ProductStatus[] = ['trial', 'active', 'inactive', 'expired'];
export const DOMAIN_TYPES: readonly DomainType[] = ['primary', 'chat', 'erp', 'automation', 'store'];
export const INTEGRATION_TYPES: readonly IntegrationType[] = [
  'chatwoot', 'odoo', 'n8n', 'metabase', 'meta', 'telegram', 'transbank', 'sii', 'custom',
];
export const INTEGRATION_STATUSES: readonly IntegrationStatus[] = ['pending', 'connected', 'error', 'disabled'];
export const TENANT_ROLES: readonly TenantRole[] = ['owner', 'admin', 'agent', 'viewer'];

// The words of the API registry (the CLI and the console offer them as choices).
export type ApiCategory = 'erp' | 'payments' | 'ecommerce' | 'custom';
export type ApiAuthType = 'api_key' | 'bearer' | 'basic' | 'oauth2' | 'none';
export type EndpointMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
export type CapabilityKind = 'read' | 'write';
export const API_CATEGORIES: readonly ApiCategory[] = ['erp', 'payments', 'ecommerce', 'custom'];
export const API_AUTH_TYPES: readonly ApiAuthType[] = ['api_key', 'bearer', 'basic', 'oauth2', 'none'];
export const ENDPOINT_METHODS: readonly EndpointMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export interface OutboxTable {
  tenant_id: string;
  id: Generated<number>;
  topic: string;
  payload: Json;
  occurred_at: CreatedAt;
  published_at: Timestamp | null;
  /** attempts and last_error: the single-stream relay's; unused since 0011 (outbox_deliveries carries them per subscriber). */
  attempts: Generated<number>;
  last_error: string | null;
  /** What the event is about (ordering per tenant and aggregate); the tenant id for lifecycle events. */
  aggregate: string | null;
}

/** One row per (event, subscriber): the idempotency key, and the delivery's state (0011_outbox_deliveries.sql). */
export interface OutboxDeliveriesTable {
  tenant_id: string;
  event_id: number;
  subscriber: string;
  topic: string;
  aggregate: string | null;
  status: 'pending' | 'delivered' | 'dead';
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  claim_token: string | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface PlatformAuditTable {
  id: Generated<number>;
  operation: string;
  actor: string;
  target_tenant: string | null;
  details: Json;
  created_at: CreatedAt;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response: Json<unknown> | null;
  created_at: CreatedAt;
  completed_at: Timestamp | null;
}

/**
 * The database, as Kysely sees it. The kernel declares its own tables here; each module adds its own in its
 * `<module>.tables.ts` (declaration merging on this interface), so a module's tables live with the module.
 */
export interface DB {
  outbox: OutboxTable;
  outbox_deliveries: OutboxDeliveriesTable;
  platform_audit: PlatformAuditTable;
  idempotency_keys: IdempotencyKeysTable;
}
