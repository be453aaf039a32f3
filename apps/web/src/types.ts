/** The API shapes the console reads, mirrored from packages/modules/src/tenancy/tenant.schema.ts (kept small on purpose). */

export const PRODUCT_CODES = ['chat', 'erp', 'automation', 'analytics', 'ai'] as const;
export type ProductCode = (typeof PRODUCT_CODES)[number];
export const DEFAULT_PRODUCTS: readonly ProductCode[] = ['chat', 'erp', 'automation'];
export const TENANT_STATUSES = ['trial', 'active', 'suspended', 'cancelled'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export interface LoginOutput {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  role: string;
  tenant_id: string | null;
  refresh_token?: string;
}

export const TENANT_ROLES = ['owner', 'admin', 'agent', 'viewer'] as const;

export interface MemberOutput {
  user_id: string;
  email: string;
  display_name: string | null;
  role: string;
  joined_at: string;
  last_login_at: string | null;
}

export interface InvitationOutput {
  id: string;
  email: string | null;
  phone: string | null;
  role: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  state: 'pending' | 'accepted' | 'revoked' | 'expired';
}

export interface InvitationPreview {
  tenant_id: string;
  business_name: string;
  role: string;
  email: string | null;
  phone: string | null;
  expires_at: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface OverviewRow {
  tenant_id: string;
  business_name: string;
  rut: string;
  rut_formatted: string;
  contact_email: string;
  tenant_type: string;
  tenant_status: string;
  tenant_plan: string;
  tenant_trial_expires_at: string | null;
  primary_domain: string | null;
  services_enabled: string[];
  products: Array<{ product_code: string; status: string; trial_expires_at: string | null }>;
  created_at: string;
}

export interface ProductOutput {
  product_code: string;
  status: string;
  plan: string | null;
  trial_expires_at: string | null;
  trial_seconds_left: number | null;
  activated_at: string;
  deactivated_at: string | null;
}

export interface DomainOutput {
  id: string;
  domain: string;
  subdomain: string | null;
  domain_type: string;
  verified: boolean;
  is_active: boolean;
  verification: { record_type: 'TXT'; name: string; value: string } | null;
  verified_at: string | null;
  created_at: string;
}

export interface IntegrationOutput {
  id: string;
  integration_type: string;
  external_id: string | null;
  is_active: boolean;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface TenantDetail {
  id: string;
  rut: string;
  rut_formatted: string;
  business_name: string;
  contact_email: string;
  type: string;
  status: string;
  plan: string;
  primary_domain: string | null;
  trial_expires_at: string | null;
  services_enabled: string[];
  created_at: string;
  updated_at: string;
  products: ProductOutput[];
  domains: DomainOutput[];
  integrations: IntegrationOutput[];
}

export interface EventOutput {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  occurred_at: string;
  published_at: string | null;
}

export interface CreateTenantBody {
  rut: string;
  business_name: string;
  contact_email: string;
  products: ProductCode[];
}

export interface ApiKeyOutput {
  id: string;
  name: string;
  role: string;
  hint: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CreatedApiKey {
  id: string;
  key: string;
  name: string;
  role: string;
  hint: string;
}

export interface MyTenant {
  tenant_id: string;
  role: string;
  business_name: string;
  rut: string;
  status: string;
}

export interface SessionOutput {
  id: string;
  tenant_id: string | null;
  last_used_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

export interface SecurityEventOutput {
  id: number;
  occurred_at: string;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

/** The API registry and the gateway, mirrored from packages/modules/src/registry/registry.schema.ts and gateway/gateway.schema.ts. */
export const API_CATEGORIES = ['erp', 'payments', 'ecommerce', 'custom'] as const;
export const API_AUTH_TYPES = ['api_key', 'bearer', 'basic', 'oauth2', 'none'] as const;
export type ApiAuthType = (typeof API_AUTH_TYPES)[number];
/** A capability's name: lower-case words separated by dots, such as orders.search (the server checks the same). */
export const CAPABILITY_NAME = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;

/** A credential as the API shows it: never the secret, only a fingerprint and its last 4 characters. */
export interface CredentialOutput {
  fingerprint: string;
  last4: string;
  header_name: string | null;
  query_name: string | null;
  username: string | null;
  client_id: string | null;
  token_url: string | null;
  scopes: string[];
  audience: string | null;
  updated_at: string;
}

/** What the console sends to set a credential (write-only). */
export interface CredentialInput {
  secret: string;
  header_name?: string;
  query_name?: string;
  username?: string;
  client_id?: string;
  token_url?: string;
  scopes?: string[];
}

export interface ProviderOutput {
  id: string;
  tenant_id: string;
  name: string;
  base_url: string;
  category: string;
  auth_type: string;
  description: string | null;
  enabled: boolean;
  openapi: { title: string | null; version: string | null; sha256: string | null; source_url: string | null; imported_at: string } | null;
  credential: CredentialOutput | null;
  endpoint_count: number;
  capability_count: number;
  created_at: string;
  updated_at: string;
}

export interface EndpointOutput {
  id: string;
  provider_id: string;
  operation_id: string | null;
  semantic_name: string;
  method: string;
  path: string;
  summary: string | null;
  schema_in: Record<string, unknown>;
  schema_out: Record<string, unknown> | null;
  deprecated: boolean;
  enabled: boolean;
  source: string;
  capabilities: string[];
}

export interface CapabilityOutput {
  id: string;
  capability_name: string;
  description: string | null;
  enabled: boolean;
  kind: 'read' | 'write';
  requires_confirmation: boolean;
  rate_limit_per_minute: number | null;
  endpoint: { id: string; semantic_name: string; method: string; path: string };
  provider: { id: string; name: string };
  schema_in: Record<string, unknown>;
  schema_out: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
}

export interface ImportResultOutput {
  provider_id: string;
  title: string;
  version: string;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
}

export interface InvokeOutput {
  capability: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  duration_ms: number;
}

export interface GatewayRequestOutput {
  id: string;
  created_at: string;
  capability_name: string;
  capability_id: string | null;
  provider_id: string | null;
  principal: string;
  source: string;
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

export interface GatewaySummary {
  from: string;
  to: string;
  calls: number;
  errors: number;
  items: Array<{ capability_name: string; calls: number; errors: number; p50_ms: number | null; p95_ms: number | null; bytes_out: number; last_at: string }>;
}

/** The AI controls for MCP clients and their audit, mirrored from packages/modules/src/mcp/mcp.schema.ts. */
export const MCP_OUTCOMES = ['ok', 'error', 'denied', 'confirmation_required'] as const;
export type McpOutcome = (typeof MCP_OUTCOMES)[number];
export const MCP_CONFIRM_ROLES = ['owner', 'admin', 'agent'] as const;
export type McpConfirmRole = (typeof MCP_CONFIRM_ROLES)[number];
/** The server's bounds for calls_per_minute. */
export const MCP_CALLS_PER_MINUTE = { min: 1, max: 1_000_000 } as const;
/** A tool name as the server accepts it in the policy's lists. */
export const MCP_TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

export interface McpPolicy {
  /** Only these tools (null: every tool). */
  allowed_tools: string[] | null;
  denied_tools: string[];
  read_only: boolean;
  confirm_writes: boolean;
  confirm_min_role: McpConfirmRole;
  redact_rut: boolean;
  redact_phone: boolean;
  redact_email: boolean;
  calls_per_minute: number;
  updated_by: string | null;
  updated_at: string | null;
}

export type McpPolicyInput = Omit<McpPolicy, 'updated_by' | 'updated_at'>;

export interface McpInvocation {
  id: string;
  created_at: string;
  principal: string;
  client_name: string | null;
  client_version: string | null;
  session_id: string | null;
  tool: string;
  arguments: Record<string, unknown>;
  outcome: McpOutcome;
  success: boolean;
  error_code: string | null;
  duration_ms: number;
}
