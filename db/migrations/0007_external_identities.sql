-- External identities (Supabase Auth, Clerk, any OIDC provider): the first sign-in with a provider's token links the
-- token's subject to a SmarterOS user (the one with the same verified e-mail) or creates one, and makes them a member
-- of the tenant the token names. Google, GitHub and Slack sign-ins arrive this way, through the provider.
create table user_identities (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  provider text not null,            -- the token's issuer
  subject text not null,             -- the token's sub
  email text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  constraint user_identities_provider_subject_key unique (provider, subject)
);
create index user_identities_user on user_identities (user_id);
grant select, insert, update on user_identities to smarteros_platform;
