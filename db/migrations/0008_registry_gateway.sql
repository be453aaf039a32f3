-- Cognitive connectivity, part 1: the API registry (the seed's MCP tables), the credential vault and the gateway's
-- request log. Every table is tenant-owned, under the same row-level security as the control plane.

-- ---------------------------------------------------------------------------------------------------------------
-- Vault: data keys of a tenant (AES-256), stored wrapped (AES-256-GCM) by a master key named by master_key_id. The
-- tenant's oldest key seals new secrets; each credential names the key it was sealed with, so a second key (two first
-- uses at once, or a later data-key rotation) never strands a secret. Rotating the master key re-wraps these rows;
-- the secrets encrypted under a data key never change.
create table tenant_data_keys (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  master_key_id text not null,
  wrapped_key bytea not null,
  created_at timestamptz not null default now(),
  rewrapped_at timestamptz,
  primary key (tenant_id, id),
  constraint tenant_data_keys_master_key_id_check check (master_key_id ~ '^[A-Za-z0-9_-]{1,32}$')
);
create index tenant_data_keys_master_key on tenant_data_keys (master_key_id, tenant_id);
call make_tenant_owned('tenant_data_keys', 'select, insert, update');

-- ---------------------------------------------------------------------------------------------------------------
-- Registry: a company's APIs, their endpoints and the capabilities built on them.
create table api_providers (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  name text not null,
  base_url text not null,
  category text not null default 'custom',
  auth_type text not null default 'none',
  description text,
  enabled boolean not null default true,
  openapi_title text,
  openapi_version text,
  openapi_sha256 text,
  openapi_source_url text,
  imported_at timestamptz,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint api_providers_tenant_name_key unique (tenant_id, name),
  constraint api_providers_name_check check (length(btrim(name)) between 1 and 100),
  constraint api_providers_base_url_check check (base_url ~ '^https?://' and length(base_url) <= 2048),
  constraint api_providers_category_check check (category in ('erp', 'payments', 'ecommerce', 'custom')),
  constraint api_providers_auth_type_check check (auth_type in ('api_key', 'bearer', 'basic', 'oauth2', 'none'))
);
call make_tenant_owned('api_providers');

-- The secret is AES-256-GCM ciphertext under the tenant's data key, bound (AAD) to the tenant and this credential.
-- Only the fingerprint (HMAC under the data key) and the last 4 characters are ever shown.
create table api_credentials (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  provider_id uuid not null,
  data_key_id uuid not null,
  ciphertext bytea not null,
  fingerprint text not null,
  last4 text not null,
  metadata jsonb not null default '{}',
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint api_credentials_tenant_provider_key unique (tenant_id, provider_id),
  constraint api_credentials_provider_fk foreign key (tenant_id, provider_id) references api_providers (tenant_id, id) on delete cascade,
  constraint api_credentials_data_key_fk foreign key (tenant_id, data_key_id) references tenant_data_keys (tenant_id, id)
);
call make_tenant_owned('api_credentials');

create table api_endpoints (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  provider_id uuid not null,
  operation_id text,
  semantic_name text not null,
  method text not null,
  path text not null,
  summary text,
  description text,
  schema_in jsonb not null default '{"type":"object","properties":{},"additionalProperties":false}',
  schema_out jsonb,
  deprecated boolean not null default false,
  enabled boolean not null default true,
  source text not null default 'manual',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint api_endpoints_provider_route_key unique (tenant_id, provider_id, method, path),
  constraint api_endpoints_provider_semantic_key unique (tenant_id, provider_id, semantic_name),
  constraint api_endpoints_provider_fk foreign key (tenant_id, provider_id) references api_providers (tenant_id, id) on delete cascade,
  constraint api_endpoints_method_check check (method in ('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS')),
  constraint api_endpoints_path_check check (path ~ '^/' and length(path) <= 2048),
  constraint api_endpoints_semantic_name_check check (semantic_name ~ '^[A-Za-z0-9_.-]{1,128}$'),
  constraint api_endpoints_source_check check (source in ('openapi', 'manual'))
);
call make_tenant_owned('api_endpoints');

-- A capability is what people, automations and AI models call: a name such as orders.search over one endpoint.
create table mcp_capabilities (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  capability_name text not null,
  endpoint_id uuid not null,
  description text,
  enabled boolean not null default true,
  kind text not null default 'read',
  requires_confirmation boolean not null default false,
  rate_limit_per_minute integer,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint mcp_capabilities_tenant_name_key unique (tenant_id, capability_name),
  constraint mcp_capabilities_endpoint_fk foreign key (tenant_id, endpoint_id) references api_endpoints (tenant_id, id) on delete cascade,
  constraint mcp_capabilities_name_check check (capability_name ~ '^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$' and length(capability_name) <= 64),
  constraint mcp_capabilities_kind_check check (kind in ('read', 'write')),
  constraint mcp_capabilities_rate_check check (rate_limit_per_minute is null or rate_limit_per_minute between 1 and 1000000)
);
create index mcp_capabilities_endpoint on mcp_capabilities (tenant_id, endpoint_id);
call make_tenant_owned('mcp_capabilities');

-- Cloudflare Access applications a tenant links (the MCP server checks Cf-Access-Jwt-Assertion against them).
create table cloudflare_linked_apps (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  name text not null,
  team_domain text not null,
  audience text not null,
  enabled boolean not null default true,
  created_by text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint cloudflare_linked_apps_tenant_audience_key unique (tenant_id, audience),
  constraint cloudflare_linked_apps_team_domain_check check (team_domain ~ '^[a-z0-9-]+\.cloudflareaccess\.com$'),
  constraint cloudflare_linked_apps_audience_check check (audience ~ '^[A-Za-z0-9]{16,128}$'),
  constraint cloudflare_linked_apps_name_check check (length(btrim(name)) between 1 and 100)
);
call make_tenant_owned('cloudflare_linked_apps');

-- ---------------------------------------------------------------------------------------------------------------
-- Gateway request log: one row per call (never secrets, no bodies). Append-only for the application.
create table gateway_requests (
  tenant_id uuid not null references tenants (id),
  id bigint generated always as identity,
  created_at timestamptz not null default now(),
  capability_name text not null,
  capability_id uuid,
  provider_id uuid,
  principal text not null,
  source text not null,
  method text not null,
  status integer not null,
  upstream_status integer,
  error_code text,
  latency_ms real not null,
  upstream_ms real,
  bytes_in integer not null default 0,
  bytes_out integer not null default 0,
  attempts smallint not null default 0,
  primary key (tenant_id, id),
  constraint gateway_requests_source_check check (source in ('api', 'proxy', 'mcp', 'automation'))
);
create index gateway_requests_recent on gateway_requests (tenant_id, created_at desc);
create index gateway_requests_capability on gateway_requests (tenant_id, capability_name, created_at desc);
call make_tenant_owned('gateway_requests', 'select, insert');
-- Retention: old rows are deleted by the platform's request-log job, never by a tenant.
grant delete on gateway_requests to smarteros_platform;
