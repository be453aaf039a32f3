-- Identity, part two: sessions with rotating refresh tokens, people in several tenants, and the tenant security log.

-- One row per refresh token. Rotation marks the used row and adds its successor to the same family; presenting a
-- used (rotated) token again is theft or a bug, and revokes the whole family.
create table sessions (
  id uuid primary key default gen_random_uuid(),
  family_id uuid not null,
  user_id uuid not null references users (id),
  acting_tenant uuid references tenants (id),    -- the tenant the session works in (null: a platform admin's session)
  refresh_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  rotated_at timestamptz,
  revoked_at timestamptz,
  revoke_reason text,
  ip text,
  user_agent text,
  constraint sessions_refresh_hash_key unique (refresh_hash),
  constraint sessions_revoke_reason_check check (revoke_reason is null or revoke_reason in
    ('logout', 'logout_all', 'reuse_detected', 'membership_removed', 'password_changed'))
);
create index sessions_user on sessions (user_id, created_at desc);
create index sessions_family on sessions (family_id);
grant select, insert, update on sessions to smarteros_platform;

-- Failed logins per account are counted from the platform audit (shared by every server).
create index platform_audit_login_failed on platform_audit (actor, created_at desc) where operation = 'identity.login_failed';

-- Security events of a tenant (logins, failed logins, role changes, members, API keys), readable by its owners.
create table security_events (
  tenant_id uuid not null references tenants (id),
  id bigint generated always as identity,
  occurred_at timestamptz not null default now(),
  actor text not null,
  action text not null check (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  details jsonb not null default '{}',
  primary key (tenant_id, id)
);
call make_tenant_owned('security_events', 'select, insert');

-- A tenant keeps at least one owner: removing or demoting the last one is refused.
create function keep_one_owner() returns trigger
  language plpgsql as $$
begin
  if old.role = 'owner' and (tg_op = 'DELETE' or new.role <> 'owner') and not exists (
    select 1 from memberships where tenant_id = old.tenant_id and role = 'owner' and user_id <> old.user_id) then
    raise exception using errcode = 'SO409', message = 'last_owner',
      detail = json_build_object('tenant_id', old.tenant_id)::text;
  end if;
  return coalesce(new, old);
end $$;
create trigger memberships_keep_one_owner before update of role or delete on memberships
  for each row execute function keep_one_owner();

-- Members of a tenant can see each other's e-mail and name (and nothing else of users): row-level security on users
-- lets smarteros_app read exactly the users that are members of the current tenant.
alter table users enable row level security;
alter table users force row level security;
create policy users_members on users to smarteros_app
  using (exists (select 1 from memberships m
                  where m.user_id = users.id
                    and m.tenant_id = (select current_setting('app.tenant_id', true))::uuid));
create policy users_platform on users to smarteros_platform using (true) with check (true);
grant select (id, email, display_name, created_at, last_login_at) on users to smarteros_app;
