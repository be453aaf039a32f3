-- Cognitive connectivity, part 2: the MCP layer's AI controls (a policy per tenant) and its invocation audit.

-- What AI models may do through MCP, per tenant. No row: the defaults (every enabled capability, writes confirmed).
create table mcp_policies (
  tenant_id uuid not null references tenants (id),
  allowed_tools text[],                          -- null: every tool; otherwise only these
  denied_tools text[] not null default '{}',
  read_only boolean not null default false,      -- no write tool is listed or runs
  confirm_writes boolean not null default true,  -- every write tool asks for confirmation (besides requires_confirmation)
  confirm_min_role text not null default 'admin',
  redact_rut boolean not null default false,
  redact_phone boolean not null default false,
  redact_email boolean not null default false,
  calls_per_minute integer not null default 120,
  updated_by text,
  updated_at timestamptz not null default now(),
  primary key (tenant_id),
  constraint mcp_policies_confirm_min_role_check check (confirm_min_role in ('owner', 'admin', 'agent')),
  constraint mcp_policies_calls_check check (calls_per_minute between 1 and 1000000)
);
call make_tenant_owned('mcp_policies', 'select, insert, update');

-- Every tool call: who, from which client, what (arguments without secrets or redacted fields), how it ended.
create table mcp_invocations (
  tenant_id uuid not null references tenants (id),
  id bigint generated always as identity,
  created_at timestamptz not null default now(),
  principal text not null,
  client_name text,
  client_version text,
  session_id text,
  tool text not null,
  arguments jsonb not null default '{}',
  outcome text not null,
  success boolean not null,
  error_code text,
  duration_ms real not null,
  primary key (tenant_id, id),
  constraint mcp_invocations_outcome_check check (outcome in ('ok', 'error', 'denied', 'confirmation_required'))
);
create index mcp_invocations_recent on mcp_invocations (tenant_id, created_at desc);
create index mcp_invocations_tool on mcp_invocations (tenant_id, tool, created_at desc);
call make_tenant_owned('mcp_invocations', 'select, insert');
grant delete on mcp_invocations to smarteros_platform;
