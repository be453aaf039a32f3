-- Kernel: roles, the RUT domain, the outbox and the platform audit.
-- Migrations run as the owner. The application never runs as the owner: every transaction it opens switches, with
-- set_config('role', ..., true), to one of two roles that own nothing, so row-level security always applies.
--   smarteros_app       tenant work; sees only the rows of app.tenant_id
--   smarteros_platform  named, audited platform operations (create tenant, list all tenants, workers)

do $$
begin
  begin
    create role smarteros_app nologin;
  exception when duplicate_object or unique_violation then null;
  end;
  begin
    create role smarteros_platform nologin;
  exception when duplicate_object or unique_violation then null;
  end;
end $$;

-- The migrating user must be able to switch to both roles (a no-op for superusers).
do $$
begin
  execute format('grant smarteros_app to %I', current_user);
  execute format('grant smarteros_platform to %I', current_user);
exception when others then
  raise notice 'could not grant application roles to %: %', current_user, sqlerrm;
end $$;

do $$
begin
  execute format('grant usage on schema %I to smarteros_app, smarteros_platform', current_schema());
end $$;

-- The tenant id of the current transaction, or null outside a tenant transaction.
create function current_tenant_id() returns uuid
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- Makes a table tenant-owned, the one way every migration does it: row-level security enabled and forced, the tenant
-- policy on (select current_setting('app.tenant_id', true))::uuid for smarteros_app, full access for the platform
-- role, and the given privileges for both roles. (test/rls-catalog.db.test.ts checks the result from the catalog.)
create procedure make_tenant_owned(p_table text, p_privileges text default 'select, insert, update, delete')
  language plpgsql as $$
begin
  execute format('alter table %I enable row level security', p_table);
  execute format('alter table %I force row level security', p_table);
  execute format($p$create policy %I on %I to smarteros_app
    using (tenant_id = (select current_setting('app.tenant_id', true))::uuid)
    with check (tenant_id = (select current_setting('app.tenant_id', true))::uuid)$p$, p_table || '_tenant', p_table);
  execute format('create policy %I on %I to smarteros_platform using (true) with check (true)', p_table || '_platform', p_table);
  execute format('grant %s on %I to smarteros_app, smarteros_platform', p_privileges, p_table);
end $$;

-- Errors raised by SQL functions and triggers that the application maps to its own codes:
-- SQLSTATE 'SO409' (conflict) and 'SO400' (bad input); MESSAGE is the error code, DETAIL a JSON object of details.

-- ---------------------------------------------------------------------------------------------------------------
-- RUT: modulo 11, canonical form '12345678-5' (no dots, no leading zeros, upper-case K). Same rule as kernel/rut.ts.
create function rut_check_digit(p_body text) returns text
  language plpgsql immutable strict parallel safe as $$
declare
  s int := 0;
  w int := 2;
  i int;
  r int;
begin
  for i in reverse length(p_body)..1 loop
    s := s + (ascii(substr(p_body, i, 1)) - 48) * w;
    w := case when w = 7 then 2 else w + 1 end;
  end loop;
  r := 11 - (s % 11);
  return case r when 11 then '0' when 10 then 'K' else r::text end;
end $$;

create function rut_is_canonical(p_rut text) returns boolean
  language sql immutable strict parallel safe as $$
  select p_rut ~ '^[1-9][0-9]{0,7}-[0-9K]$'
     and rut_check_digit(split_part(p_rut, '-', 1)) = split_part(p_rut, '-', 2)
$$;

-- Accepts the spellings people use (dots, spaces, hyphen, lower-case k, leading zeros); raises SO400 invalid_rut.
create function rut_normalize(p_input text) returns text
  language plpgsql immutable parallel safe as $$
declare
  -- the separator set of kernel/rut.ts (RUT_SEPARATORS), spelled out: \s is locale-dependent in PostgreSQL
  compact text := upper(regexp_replace(coalesce(p_input, ''), '[ \t\r\n\u00a0\u2007\u202f.\-\u2010-\u2015\u2212]', '', 'g'));
  body text;
  candidate text;
begin
  if compact ~ '^[0-9]+[0-9K]$' then
    body := ltrim(left(compact, -1), '0');
    candidate := body || '-' || right(compact, 1);
    if body <> '' and rut_is_canonical(candidate) then
      return candidate;
    end if;
  end if;
  raise exception using errcode = 'SO400', message = 'invalid_rut',
    detail = json_build_object('field', 'rut', 'value', p_input)::text;
end $$;

create domain rut as text check (rut_is_canonical(value));

-- ---------------------------------------------------------------------------------------------------------------
-- Platform audit: every platform-admin operation (create tenant, list all tenants, ...) leaves a row.
create table platform_audit (
  id bigint generated always as identity primary key,
  operation text not null,
  actor text not null,
  target_tenant uuid,
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index platform_audit_created_at on platform_audit (created_at desc);
create index platform_audit_target_tenant on platform_audit (target_tenant, created_at desc) where target_tenant is not null;
grant select, insert on platform_audit to smarteros_platform;

-- Opens a platform operation in one round trip: switches the transaction to smarteros_platform, names the operation,
-- and (when p_audit) writes its audit row. Read-only operations commit their audit row asynchronously
-- (synchronous_commit off for this transaction only): a crash may lose the last fraction of a second of read audits,
-- never a write.
create function begin_platform_operation(
  p_name text, p_actor text, p_target uuid, p_details jsonb, p_audit boolean, p_read_only boolean
) returns void
  language plpgsql as $$
begin
  perform set_config('role', 'smarteros_platform', true), set_config('app.operation', p_name, true);
  if p_read_only then
    perform set_config('synchronous_commit', 'off', true);
  end if;
  if p_audit then
    insert into platform_audit (operation, actor, target_tenant, details)
    values (p_name, p_actor, p_target, coalesce(p_details, '{}'));
  end if;
end $$;

-- Idempotency keys (Stripe semantics), scoped by principal. Platform bookkeeping; responses are only replayed to the
-- principal that made the request.
create table idempotency_keys (
  scope text not null,
  key text not null,
  request_hash text not null,
  status_code int,
  response jsonb,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  primary key (scope, key)
);
create index idempotency_keys_created_at on idempotency_keys (created_at);
grant select, insert, update, delete on idempotency_keys to smarteros_platform;
