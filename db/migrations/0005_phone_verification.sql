-- Phone verification (the seed's identity layer: user_auth and validate_auth_code). A tenant sends a 6-digit code to a
-- phone (SMS or WhatsApp) and checks it. The code is stored nowhere in clear, not even in the outbox: it is derived
-- from the row id with an HMAC under a server key (recomputed by the outbox handler that sends it), and the row keeps
-- only sha256(salt || code). A code lives 10 minutes, allows 5 guesses and verifies once.

-- People's verified phone (E.164). users is global: it is written only through the named, audited platform operation
-- identity.phone_verified, after a code requested for that user was verified in one of their tenants.
alter table users add column phone text;
alter table users add column phone_verified_at timestamptz;
alter table users add constraint users_phone_check check (phone is null or phone ~ '^\+[1-9][0-9]{7,14}$');

create table user_auth (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  phone text not null,                                -- E.164, normalized by the service
  user_id uuid references users (id),                 -- the person whose phone this is, when known
  purpose text not null default 'verify_phone',
  channel text not null default 'sms',
  code_hash text not null,                            -- sha256(salt || code), hex; the code itself is never stored
  salt text not null,
  requested_by text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  attempts int not null default 0,                    -- guesses so far; validate_auth_code refuses after 5
  verified_at timestamptz,
  consumed_at timestamptz,                            -- the verification was applied (single use)
  primary key (tenant_id, id),
  constraint user_auth_phone_check check (phone ~ '^\+[1-9][0-9]{7,14}$'),
  constraint user_auth_purpose_check check (purpose in ('verify_phone', 'login')),
  constraint user_auth_channel_check check (channel in ('sms', 'whatsapp')),
  constraint user_auth_code_hash_check check (code_hash ~ '^[0-9a-f]{64}$'),
  constraint user_auth_salt_check check (length(salt) between 16 and 128),
  constraint user_auth_attempts_check check (attempts between 0 and 5),
  constraint user_auth_period_check check (expires_at > created_at)
);
-- The newest code of a phone, and the resend limits (sends per phone and tenant in the last minute and hour).
create index user_auth_phone on user_auth (tenant_id, phone, created_at desc);

-- No DELETE: the rows are the history the resend limits are counted from.
call make_tenant_owned('user_auth', 'select, insert, update');

-- validate_auth_code(p_code, p_phone, p_tenant_id, p_now): true when p_code is the code of the newest live code of
-- p_phone in p_tenant_id, which is then marked verified (verified_at = p_now); false otherwise.
--   * "Live": not verified, not consumed, expires_at > p_now. Only the newest such row counts: requesting a new code
--     retires the older ones.
--   * Every call that finds a live row spends one attempt, right or wrong, in the same UPDATE that checks the hash.
--     The row is locked by that UPDATE and `attempts < 5` is re-checked on the locked row, so concurrent guesses can
--     never spend more than 5 attempts; once 5 are spent the code is refused, even the right one.
--   * The hash is compared inside PostgreSQL: encode(sha256(convert_to(salt || code, 'UTF8')), 'hex'). A malformed
--     or null code is a wrong guess like any other.
--   * SECURITY INVOKER: it runs with the caller's rights, so row-level security applies. Called as smarteros_app in
--     tenant A with p_tenant_id = B it finds nothing and returns false.
--   * p_now is the caller's clock (the services pass theirs, so tests can move time); default now().
create function validate_auth_code(p_code text, p_phone text, p_tenant_id uuid, p_now timestamptz default now())
  returns boolean
  language plpgsql volatile security invoker as $$
declare
  v_ok boolean;
begin
  update user_auth u
     set attempts = u.attempts + 1,
         verified_at = case when u.code_hash = encode(sha256(convert_to(u.salt || p_code, 'UTF8')), 'hex') then p_now end
   where u.tenant_id = p_tenant_id
     and u.id = (select l.id from user_auth l
                  where l.tenant_id = p_tenant_id and l.phone = p_phone
                    and l.verified_at is null and l.consumed_at is null and l.expires_at > p_now
                  order by l.created_at desc, l.id desc limit 1)
     and u.attempts < 5
     and u.verified_at is null
     and u.consumed_at is null
  returning u.verified_at is not null into v_ok;
  return coalesce(v_ok, false);
end $$;
comment on function validate_auth_code(text, text, uuid, timestamptz) is
  'Checks a 6-digit phone code against the newest live user_auth row of the phone in the tenant; spends one attempt (at most 5); marks it verified on success. SECURITY INVOKER: row-level security applies.';
