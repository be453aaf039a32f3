-- 0012: issue 9 §5 (what a user test of the console found), the server side.

-- ---------------------------------------------------------------------------------------------------------------
-- Activation is idempotent: a product that is already on trial (asked for a trial) or active (asked for anything)
-- is returned as it is, with no event. A trial asked for once the trial is used still answers trial_already_used,
-- and its details say that a subscription is possible.
create or replace function activate_product_for_tenant(
  p_tenant_id uuid, p_product_code text, p_mode text default 'trial',
  p_trial_expires_at timestamptz default null, p_plan text default null, p_now timestamptz default now()
) returns tenant_products
  language plpgsql as $$
declare
  v_tenant tenants;
  v_plan plans;
  v_row tenant_products;
  v_mode text := p_mode;
  v_expires timestamptz;
begin
  if p_mode not in ('trial', 'subscription') then
    raise exception using errcode = 'SO400', message = 'validation_failed',
      detail = json_build_object('field', 'mode', 'problem', 'must be trial or subscription')::text;
  end if;
  select * into v_tenant from tenants where id = p_tenant_id;
  if not found then
    raise exception using errcode = 'SO404', message = 'not_found', detail = '{"entity":"tenant"}';
  end if;
  if v_tenant.status not in ('trial', 'active') then
    raise exception using errcode = 'SO409', message = 'tenant_not_operational',
      detail = json_build_object('tenant_status', v_tenant.status)::text;
  end if;
  select * into v_plan from plans where code = v_tenant.plan;
  if v_mode = 'trial' and v_plan.is_unlimited then
    v_mode := 'subscription';
  end if;
  select * into v_row from tenant_products where tenant_id = p_tenant_id and product_code = p_product_code for update;

  if v_row.status = 'active' or (v_row.status = 'trial' and v_mode = 'trial') then
    return v_row;
  end if;

  if v_mode = 'trial' then
    if exists (select 1 from trials where tenant_id = p_tenant_id and product_code = p_product_code) then
      raise exception using errcode = 'SO409', message = 'trial_already_used',
        detail = json_build_object('product_code', p_product_code, 'status', v_row.status, 'can_subscribe', true)::text;
    end if;
    v_expires := coalesce(p_trial_expires_at, p_now + v_plan.trial_duration);
    if v_expires <= p_now then
      raise exception using errcode = 'SO400', message = 'validation_failed',
        detail = json_build_object('field', 'trial_expires_at', 'problem', 'must be in the future')::text;
    end if;
    if v_row.id is null then
      insert into tenant_products (tenant_id, product_code, status, plan, trial_expires_at, activated_at, created_at, updated_at)
      values (p_tenant_id, p_product_code, 'trial', v_tenant.plan, v_expires, p_now, p_now, p_now)
      returning * into v_row;
    else
      update tenant_products set status = 'trial', trial_expires_at = v_expires, activated_at = p_now,
             deactivated_at = null, updated_at = p_now
       where tenant_id = p_tenant_id and id = v_row.id returning * into v_row;
    end if;
    insert into trials (tenant_id, product_code, started_at, expires_at)
    values (p_tenant_id, p_product_code, p_now, v_expires);
  else
    if v_row.id is null then
      insert into tenant_products (tenant_id, product_code, status, plan, activated_at, created_at, updated_at)
      values (p_tenant_id, p_product_code, 'active', coalesce(p_plan, v_tenant.plan), p_now, p_now, p_now)
      returning * into v_row;
    else
      update tenant_products set status = 'active', plan = coalesce(p_plan, v_tenant.plan), trial_expires_at = null,
             activated_at = p_now, deactivated_at = null, updated_at = p_now
       where tenant_id = p_tenant_id and id = v_row.id returning * into v_row;
      update trials set status = 'converted', ended_at = p_now
       where tenant_id = p_tenant_id and product_code = p_product_code and status = 'active';
    end if;
  end if;

  perform outbox_emit(p_tenant_id, 'product.activated', jsonb_build_object(
    'tenant_id', p_tenant_id, 'product_code', p_product_code, 'status', v_row.status,
    'plan', v_row.plan, 'trial_expires_at', v_row.trial_expires_at));
  return v_row;
end $$;

-- ---------------------------------------------------------------------------------------------------------------
-- People: password reset and change, one session closed by id.
alter table sessions drop constraint sessions_revoke_reason_check;
alter table sessions add constraint sessions_revoke_reason_check check (revoke_reason is null or revoke_reason in
  ('logout', 'logout_all', 'reuse_detected', 'membership_removed', 'password_changed', 'password_reset', 'closed'));

-- A reset request. The token is an HMAC of the id under a key derived from the server secret (as invitations):
-- nothing secret is stored, the outbox event carries only the id. Single use (used_at), expiring (expires_at).
create table password_resets (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  ip text,
  constraint password_resets_period_check check (expires_at > created_at)
);
create index password_resets_user on password_resets (user_id, created_at desc);
grant select, insert, update on password_resets to smarteros_platform;

-- Inviting an address again revokes its older pending invitation: at most one open invitation per (tenant, address).
update invitations i set revoked_at = coalesce(i.revoked_at, now())
 where i.accepted_at is null and i.revoked_at is null and i.email is not null
   and exists (select 1 from invitations n where n.tenant_id = i.tenant_id and n.email = i.email
                and n.accepted_at is null and n.revoked_at is null and (n.created_at, n.id) > (i.created_at, i.id));
update invitations i set revoked_at = coalesce(i.revoked_at, now())
 where i.accepted_at is null and i.revoked_at is null and i.phone is not null
   and exists (select 1 from invitations n where n.tenant_id = i.tenant_id and n.phone = i.phone
                and n.accepted_at is null and n.revoked_at is null and (n.created_at, n.id) > (i.created_at, i.id));
create unique index invitations_open_email_key on invitations (tenant_id, email) where accepted_at is null and revoked_at is null and email is not null;
create unique index invitations_open_phone_key on invitations (tenant_id, phone) where accepted_at is null and revoked_at is null and phone is not null;

-- ---------------------------------------------------------------------------------------------------------------
-- Search ignores accents: "nunoa" finds "Ñuñoa". unaccent ships with PostgreSQL, Supabase and PGlite; unaccent()
-- itself is only stable (its dictionary could change), so an immutable wrapper with the dictionary named is what
-- the index and the query use. Both are qualified with the extension's schema (Supabase keeps it in `extensions`).
create extension if not exists unaccent;
do $do$
declare
  ua_schema text;
  trgm_schema text;
begin
  select n.nspname into ua_schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent';
  select n.nspname into trgm_schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm';
  execute format($f$create function search_text(p text) returns text language sql immutable parallel safe strict
                    as $b$select lower(%I.unaccent(%L::regdictionary, p))$b$$f$, ua_schema, ua_schema || '.unaccent');
  execute format('create index tenants_business_name_search_trgm on tenants using gin (search_text(business_name) %I.gin_trgm_ops)', trgm_schema);
end $do$;
grant execute on function search_text(text) to smarteros_app, smarteros_platform;
