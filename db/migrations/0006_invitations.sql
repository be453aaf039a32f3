-- Invitations: an owner or admin invites a person by e-mail or phone with a role. The token is not stored anywhere:
-- it is an HMAC of (tenant, invitation) under a server key, recomputed when the message is sent and when it is
-- presented. Single use (accepted_at), expiring (expires_at), revocable (revoked_at).
create table invitations (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  email text,
  phone text,
  role text not null,
  invited_by text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references users (id),
  revoked_at timestamptz,
  primary key (tenant_id, id),
  constraint invitations_role_check check (role in ('owner', 'admin', 'agent', 'viewer')),
  constraint invitations_contact_check check (email is not null or phone is not null),
  constraint invitations_email_check check (email is null or (email = lower(email) and email ~ '^[^@[:space:]]+@[^@[:space:]]+$')),
  constraint invitations_phone_check check (phone is null or phone ~ '^\+[1-9][0-9]{7,14}$'),
  constraint invitations_period_check check (expires_at > created_at)
);
call make_tenant_owned('invitations', 'select, insert, update');
