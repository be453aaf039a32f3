-- One action catalog, one runner: the audit says who called (MCP, the REST API, the CLI, the assistant, an automation),
-- and writes that wait for confirmation are durable rows that someone allowed to confirm approves or rejects.

alter table mcp_invocations add column source text not null default 'mcp';
alter table mcp_invocations add constraint mcp_invocations_source_check
  check (source in ('mcp', 'api', 'cli', 'assistant', 'automation'));

alter table gateway_requests drop constraint gateway_requests_source_check;
alter table gateway_requests add constraint gateway_requests_source_check
  check (source in ('api', 'proxy', 'mcp', 'cli', 'assistant', 'automation'));

-- A write that asked for confirmation. The exact arguments are kept to run it on approval; display_arguments is the
-- copy shown to people (redacted under the policy, secret keys removed). A row moves once out of pending: to used
-- (confirmed by calling again with the token), approved, rejected or expired, by a conditional UPDATE, so a token or
-- an approval takes effect once across every server.
create table action_confirmations (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  action text not null,
  kind text not null,
  arguments jsonb not null default '{}',
  display_arguments jsonb not null default '{}',
  effect jsonb,
  requested_by text not null,
  source text not null,
  confirm_min_role text not null,
  status text not null default 'pending',
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  decided_by text,
  decided_at timestamptz,
  primary key (tenant_id, id),
  constraint action_confirmations_status_check check (status in ('pending', 'approved', 'rejected', 'expired', 'used')),
  constraint action_confirmations_source_check check (source in ('mcp', 'api', 'cli', 'assistant', 'automation')),
  constraint action_confirmations_role_check check (confirm_min_role in ('owner', 'admin', 'agent')),
  constraint action_confirmations_decided_check check ((status = 'pending') = (decided_at is null))
);
create index action_confirmations_pending on action_confirmations (tenant_id, status, created_at desc);
call make_tenant_owned('action_confirmations', 'select, insert, update');
