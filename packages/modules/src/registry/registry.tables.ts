import type { Generated } from 'kysely';
import type { ApiAuthType, ApiCategory, CapabilityKind, CreatedAt, EndpointMethod, Json, Timestamp } from '@smarteros/kernel';

/** Row types of the registry module's tables (API providers, the vault (data keys, credentials), endpoints, capabilities and Cloudflare Access applications), for Kysely. Keep in step with db/migrations. */

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

declare module '@smarteros/kernel' {
  interface DB {
    tenant_data_keys: TenantDataKeysTable;
    api_providers: ApiProvidersTable;
    api_credentials: ApiCredentialsTable;
    api_endpoints: ApiEndpointsTable;
    mcp_capabilities: McpCapabilitiesTable;
    cloudflare_linked_apps: CloudflareLinkedAppsTable;
  }
}
