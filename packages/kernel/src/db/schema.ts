import type { ColumnType, Generated } from 'kysely';

/** Row types of the tables, for Kysely. Keep in step with db/migrations. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T = Record<string, unknown>> = ColumnType<T, string, string>;

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

export interface PlansTable {
  code: string;
  name: string;
  trial_duration: string | null;
  is_unlimited: boolean;
  created_at: CreatedAt;
}

export interface TenantsTable {
  id: Generated<string>;
  rut: string;
  business_name: string;
  contact_email: string;
  type: TenantType;
  status: TenantStatus;
  plan: string;
  primary_domain: string | null;
  trial_expires_at: Timestamp | null;
  services_enabled: string[];
  metadata: Json;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TenantProductsTable {
  tenant_id: string;
  id: Generated<string>;
  product_code: ProductCode;
  status: ProductStatus;
  plan: string | null;
  trial_expires_at: Timestamp | null;
  activated_at: Timestamp;
  deactivated_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TrialsTable {
  tenant_id: string;
  id: Generated<string>;
  product_code: ProductCode;
  started_at: Timestamp;
  expires_at: Timestamp;
  status: TrialStatus;
  warned_at: Timestamp | null;
  ended_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface TenantDomainsTable {
  tenant_id: string;
  id: Generated<string>;
  domain: string;
  subdomain: string | null;
  domain_type: DomainType;
  verified: boolean;
  is_active: boolean;
  verification_token: string | null;
  verified_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TenantIntegrationsTable {
  tenant_id: string;
  id: Generated<string>;
  integration_type: IntegrationType;
  external_id: string | null;
  external_ref: Json;
  is_active: boolean;
  status: IntegrationStatus;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface OutboxTable {
  tenant_id: string;
  id: Generated<number>;
  topic: string;
  payload: Json;
  occurred_at: CreatedAt;
  published_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
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

export interface UsersTable {
  id: Generated<string>;
  email: string;
  password_hash: string | null;
  display_name: string | null;
  is_platform_admin: boolean;
  created_at: CreatedAt;
  last_login_at: Timestamp | null;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: TenantRole;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  role: TenantRole;
  key_hash: string;
  key_hint: string;
  created_by: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface SessionsTable {
  id: Generated<string>;
  family_id: string;
  user_id: string;
  acting_tenant: string | null;
  refresh_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  rotated_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoke_reason: 'logout' | 'logout_all' | 'reuse_detected' | 'membership_removed' | 'password_changed' | 'password_reset' | 'closed' | null;
  ip: string | null;
  user_agent: string | null;
}

/** A password reset request (its token is an HMAC of the id: nothing secret is stored). */
export interface PasswordResetsTable {
  id: Generated<string>;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  ip: string | null;
}

export interface SecurityEventsTable {
  tenant_id: string;
  id: Generated<number>;
  occurred_at: CreatedAt;
  actor: string;
  action: string;
  details: Json;
}

export interface InvitationsTable {
  tenant_id: string;
  id: Generated<string>;
  email: string | null;
  phone: string | null;
  role: TenantRole;
  invited_by: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  revoked_at: Timestamp | null;
}

export interface UserIdentitiesTable {
  id: Generated<string>;
  user_id: string;
  provider: string;
  subject: string;
  email: string | null;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
}

export interface TenantOverviewView {
  tenant_id: string;
  business_name: string;
  rut: string;
  contact_email: string;
  tenant_type: TenantType;
  tenant_status: TenantStatus;
  tenant_plan: string;
  tenant_trial_expires_at: Date | null;
  primary_domain: string | null;
  services_enabled: string[];
  domains: string[];
  subdomains: string[];
  integrations: Array<{ type: IntegrationType; external_id: string | null; status: IntegrationStatus; is_active: boolean }>;
  products: Array<{ product_code: ProductCode; status: ProductStatus; trial_expires_at: string | null }>;
  has_chat: boolean;
  has_erp: boolean;
  has_automation: boolean;
  has_analytics: boolean;
  has_ai: boolean;
  created_at: Date;
  updated_at: Date;
}

export type ApiCategory = 'erp' | 'payments' | 'ecommerce' | 'custom';
export type ApiAuthType = 'api_key' | 'bearer' | 'basic' | 'oauth2' | 'none';
export type EndpointMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
export type CapabilityKind = 'read' | 'write';
export type GatewaySource = 'api' | 'proxy' | 'mcp' | 'automation';
export const API_CATEGORIES: readonly ApiCategory[] = ['erp', 'payments', 'ecommerce', 'custom'];
export const API_AUTH_TYPES: readonly ApiAuthType[] = ['api_key', 'bearer', 'basic', 'oauth2', 'none'];
export const ENDPOINT_METHODS: readonly EndpointMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export interface TenantDataKeysTable {
  tenant_id: string;
  id: Generated<string>;
  master_key_id: string;
  wrapped_key: Buffer;
  created_at: CreatedAt;
  rewrapped_at: Timestamp | null;
}

export interface ApiProvidersTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  base_url: string;
  category: ApiCategory;
  auth_type: ApiAuthType;
  description: string | null;
  enabled: Generated<boolean>;
  openapi_title: string | null;
  openapi_version: string | null;
  openapi_sha256: string | null;
  openapi_source_url: string | null;
  imported_at: Timestamp | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface ApiCredentialsTable {
  tenant_id: string;
  id: Generated<string>;
  provider_id: string;
  data_key_id: string;
  ciphertext: Buffer;
  fingerprint: string;
  last4: string;
  metadata: Json;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface ApiEndpointsTable {
  tenant_id: string;
  id: Generated<string>;
  provider_id: string;
  operation_id: string | null;
  semantic_name: string;
  method: EndpointMethod;
  path: string;
  summary: string | null;
  description: string | null;
  schema_in: Json;
  schema_out: Json | null;
  deprecated: Generated<boolean>;
  enabled: Generated<boolean>;
  source: 'openapi' | 'manual';
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface McpCapabilitiesTable {
  tenant_id: string;
  id: Generated<string>;
  capability_name: string;
  endpoint_id: string;
  description: string | null;
  enabled: Generated<boolean>;
  kind: CapabilityKind;
  requires_confirmation: Generated<boolean>;
  rate_limit_per_minute: number | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface CloudflareLinkedAppsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  team_domain: string;
  audience: string;
  enabled: Generated<boolean>;
  created_by: string;
  created_at: CreatedAt;
}

export interface GatewayRequestsTable {
  tenant_id: string;
  id: Generated<number>;
  created_at: Timestamp;
  capability_name: string;
  capability_id: string | null;
  provider_id: string | null;
  principal: string;
  source: GatewaySource;
  method: string;
  status: number;
  upstream_status: number | null;
  error_code: string | null;
  latency_ms: number;
  upstream_ms: number | null;
  bytes_in: number;
  bytes_out: number;
  attempts: number;
}

export interface McpPoliciesTable {
  tenant_id: string;
  allowed_tools: string[] | null;
  denied_tools: Generated<string[]>;
  read_only: Generated<boolean>;
  confirm_writes: Generated<boolean>;
  confirm_min_role: Generated<'owner' | 'admin' | 'agent'>;
  redact_rut: Generated<boolean>;
  redact_phone: Generated<boolean>;
  redact_email: Generated<boolean>;
  calls_per_minute: Generated<number>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export type McpOutcome = 'ok' | 'error' | 'denied' | 'confirmation_required';

export interface McpInvocationsTable {
  tenant_id: string;
  id: Generated<number>;
  created_at: Timestamp;
  principal: string;
  client_name: string | null;
  client_version: string | null;
  session_id: string | null;
  tool: string;
  arguments: Json;
  outcome: McpOutcome;
  success: boolean;
  error_code: string | null;
  duration_ms: number;
}

export interface DB {
  plans: PlansTable;
  tenants: TenantsTable;
  tenant_products: TenantProductsTable;
  trials: TrialsTable;
  tenant_domains: TenantDomainsTable;
  tenant_integrations: TenantIntegrationsTable;
  outbox: OutboxTable;
  platform_audit: PlatformAuditTable;
  idempotency_keys: IdempotencyKeysTable;
  users: UsersTable;
  memberships: MembershipsTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  security_events: SecurityEventsTable;
  invitations: InvitationsTable;
  user_identities: UserIdentitiesTable;
  tenant_data_keys: TenantDataKeysTable;
  api_providers: ApiProvidersTable;
  api_credentials: ApiCredentialsTable;
  api_endpoints: ApiEndpointsTable;
  mcp_capabilities: McpCapabilitiesTable;
  cloudflare_linked_apps: CloudflareLinkedAppsTable;
  gateway_requests: GatewayRequestsTable;
  mcp_policies: McpPoliciesTable;
  mcp_invocations: McpInvocationsTable;
  v_tenant_overview: TenantOverviewView;
}
