-- AI, part 2: the model providers a tenant's assistant may use (Ollama, any OpenAI-compatible endpoint), their usage,
-- and which provider an inbox's assistant uses. Tenant-owned under forced RLS. A provider's API key is sealed by the
-- vault with the tenant's data key, bound to (provider id): write-only through every interface (only its fingerprint
-- and last four characters are shown).

create table ai_providers (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  name text not null,
  kind text not null,
  base_url text not null,
  model text not null,
  data_key_id uuid,
  api_key_ciphertext bytea,
  api_key_fingerprint text,
  api_key_last4 text,
  -- What the last probe found: null until probed; whether the endpoint answered; whether it made a tool call.
  probed_at timestamptz,
  reachable boolean,
  supports_tools boolean,
  probe_error text,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint ai_providers_name_key unique (tenant_id, name),
  constraint ai_providers_data_key_fk foreign key (tenant_id, data_key_id) references tenant_data_keys (tenant_id, id),
  constraint ai_providers_name_check check (length(name) between 1 and 100),
  constraint ai_providers_kind_check check (kind in ('ollama', 'openai_compatible')),
  constraint ai_providers_base_url_check check (length(base_url) between 8 and 2000 and base_url ~ '^https?://'),
  constraint ai_providers_model_check check (length(model) between 1 and 200),
  constraint ai_providers_api_key_check check (
    (data_key_id is null and api_key_ciphertext is null and api_key_fingerprint is null and api_key_last4 is null)
    or (data_key_id is not null and api_key_ciphertext is not null and api_key_fingerprint is not null and api_key_last4 is not null)
  )
);
call make_tenant_owned('ai_providers');

-- Usage per tenant, provider and day (UTC): one row upserted per call, so counting never reads then writes. A
-- provider's usage outlives the provider (no foreign key): it is what the tenant consumed.
create table ai_usage (
  tenant_id uuid not null references tenants (id),
  provider_id uuid not null,
  day date not null,
  requests bigint not null default 0,
  failures bigint not null default 0,
  prompt_tokens bigint not null default 0,
  completion_tokens bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, provider_id, day)
);
call make_tenant_owned('ai_usage');

-- Which provider an inbox's assistant uses (none: the offline retrieval). Deleting the provider puts the inbox back on
-- retrieval.
alter table chat_inboxes add column assistant_provider_id uuid;
alter table chat_inboxes add constraint chat_inboxes_assistant_provider_fk
  foreign key (tenant_id, assistant_provider_id) references ai_providers (tenant_id, id) on delete set null (assistant_provider_id);
