-- Identity, first version: users (the platform admin for now), memberships and tenant API keys.
-- Full identity (invitations, sessions, phone OTP) builds on these tables later.

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  password_hash text,
  display_name text,
  is_platform_admin boolean not null default false,
  created_at timestamptz not null default now(),
  last_login_at timestamptz,
  constraint users_email_key unique (email),
  constraint users_email_check check (email = lower(email) and length(email) <= 254 and email ~ '^[^@[:space:]]+@[^@[:space:]]+$')
);
-- Users are global (one person, several tenants): only the platform role reads them, through named operations.
grant select, insert, update on users to smarteros_platform;

create table memberships (
  tenant_id uuid not null references tenants (id),
  user_id uuid not null references users (id),
  role text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, user_id),
  constraint memberships_role_check check (role in ('owner', 'admin', 'agent', 'viewer'))
);
create index memberships_user on memberships (user_id);

create table api_keys (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  name text not null,
  role text not null,
  key_hash text not null,          -- sha256 of the whole key, hex; the key itself is shown once and never stored
  key_hint text not null,          -- last 4 characters, to tell keys apart
  created_by text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (tenant_id, id),
  constraint api_keys_tenant_hash_key unique (tenant_id, key_hash),
  constraint api_keys_name_check check (length(btrim(name)) between 1 and 100),
  constraint api_keys_role_check check (role in ('owner', 'admin', 'agent', 'viewer'))
);

call make_tenant_owned('memberships');
call make_tenant_owned('api_keys');
