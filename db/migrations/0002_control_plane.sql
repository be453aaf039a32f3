-- The seed's control plane: tenants, products, trials, domains, integrations, the overview view and the lifecycle.
-- Every tenant-owned table: tenant_id not null referencing tenants, a primary key that leads with tenant_id, row-level
-- security enabled and forced, and a policy on (select current_setting('app.tenant_id', true))::uuid.

create table plans (
  code text primary key check (code ~ '^[a-z][a-z0-9_-]{1,31}$'),
  name text not null,
  trial_duration interval,           -- null on unlimited plans: products start active, no trial
  is_unlimited boolean not null default false,
  created_at timestamptz not null default now(),
  check (is_unlimited or trial_duration is not null)
);
insert into plans (code, name, trial_duration, is_unlimited) values
  ('trial', 'Trial', interval '14 days', false),
  ('demo', 'Demo', interval '24 hours', false),
  ('starter', 'Starter', interval '14 days', false),
  ('pro', 'Pro', interval '14 days', false),
  ('infinite', 'Infinite', null, true);
grant select on plans to smarteros_app, smarteros_platform;

create table tenants (
  id uuid primary key default gen_random_uuid(),
  rut rut not null,
  business_name text not null,
  contact_email text not null,
  type text not null default 'customer',
  status text not null default 'trial',
  plan text not null default 'trial' references plans (code),
  primary_domain text,
  trial_expires_at timestamptz,
  services_enabled text[] not null default '{}',
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint tenants_rut_key unique (rut),
  constraint tenants_business_name_check check (length(btrim(business_name)) between 2 and 200),
  constraint tenants_contact_email_check check (length(contact_email) <= 254 and contact_email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  constraint tenants_type_check check (type in ('customer', 'infrastructure')),
  constraint tenants_status_check check (status in ('trial', 'active', 'suspended', 'cancelled')),
  constraint tenants_metadata_check check (jsonb_typeof(metadata) = 'object')
);
create index tenants_created_at_id on tenants (created_at desc, id desc);
create index tenants_status_created_at on tenants (status, created_at desc, id desc);
-- Search by any part of the name: trigram index (pg_trgm ships with PostgreSQL, Supabase and PGlite). The extension
-- may already live in another schema (Supabase keeps extensions in `extensions`), so the operator class is qualified.
create extension if not exists pg_trgm;
do $$
declare
  ext_schema text;
begin
  select n.nspname into ext_schema
    from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm';
  execute format('create index tenants_business_name_trgm on tenants using gin (lower(business_name) %I.gin_trgm_ops)', ext_schema);
end $$;
create index tenants_rut_compact on tenants (replace(rut, '-', '') text_pattern_ops);

alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenants_tenant on tenants to smarteros_app
  using (id = (select current_setting('app.tenant_id', true))::uuid);
create policy tenants_platform on tenants to smarteros_platform using (true) with check (true);
grant select on tenants to smarteros_app;
grant update (business_name, contact_email, primary_domain, services_enabled, metadata, updated_at) on tenants to smarteros_app;
grant select, insert, update on tenants to smarteros_platform;

-- ---------------------------------------------------------------------------------------------------------------
create table tenant_products (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  product_code text not null,
  status text not null,
  plan text references plans (code),
  trial_expires_at timestamptz,
  activated_at timestamptz not null default now(),
  deactivated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint tenant_products_tenant_product_key unique (tenant_id, product_code),
  constraint tenant_products_code_check check (product_code in ('chat', 'erp', 'automation', 'analytics', 'ai')),
  constraint tenant_products_status_check check (status in ('trial', 'active', 'inactive', 'expired')),
  constraint tenant_products_trial_check check (status <> 'trial' or trial_expires_at is not null)
);
create index tenant_products_trial_due on tenant_products (trial_expires_at) where status = 'trial';

create table trials (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  product_code text not null,
  started_at timestamptz not null,
  expires_at timestamptz not null,
  status text not null default 'active',
  warned_at timestamptz,
  ended_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  -- one trial per product and tenant, ever: a second one answers trial_already_used
  constraint trials_tenant_product_key unique (tenant_id, product_code),
  foreign key (tenant_id, product_code) references tenant_products (tenant_id, product_code),
  constraint trials_status_check check (status in ('active', 'expired', 'converted', 'cancelled')),
  constraint trials_period_check check (expires_at > started_at)
);
create index trials_warn_due on trials (expires_at) where status = 'active' and warned_at is null;

create table tenant_domains (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  domain text not null,
  subdomain text,
  domain_type text not null default 'primary',
  verified boolean not null default false,
  is_active boolean not null default true,
  verification_token text,
  verified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint tenant_domains_tenant_domain_key unique (tenant_id, domain),
  constraint tenant_domains_domain_check check (
    length(domain) <= 253 and domain = lower(domain)
    and domain ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$'),
  constraint tenant_domains_subdomain_check check (subdomain is null or subdomain ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
  constraint tenant_domains_type_check check (domain_type in ('primary', 'chat', 'erp', 'automation', 'store'))
);
-- Routing needs one owner per domain across all tenants: the one unique key without tenant_id
-- (under Citus it moves to a reference table; see docs/architecture.md).
create unique index tenant_domains_domain_key on tenant_domains (domain);

create table tenant_integrations (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  integration_type text not null,
  external_id text,
  external_ref jsonb not null default '{}',
  is_active boolean not null default true,
  status text not null default 'pending',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint tenant_integrations_tenant_type_key unique (tenant_id, integration_type),
  constraint tenant_integrations_type_check check (integration_type in
    ('chatwoot', 'odoo', 'n8n', 'metabase', 'meta', 'telegram', 'transbank', 'sii', 'custom')),
  constraint tenant_integrations_status_check check (status in ('pending', 'connected', 'error', 'disabled')),
  constraint tenant_integrations_ref_check check (jsonb_typeof(external_ref) = 'object')
);

-- Transactional outbox: every change of state writes an event here in the same transaction.
create table outbox (
  tenant_id uuid not null references tenants (id),
  id bigint generated always as identity,
  topic text not null check (topic ~ '^[a-z_]+(\.[a-z_]+)+$'),
  payload jsonb not null default '{}',
  occurred_at timestamptz not null default now(),
  published_at timestamptz,
  attempts int not null default 0,
  last_error text,
  primary key (tenant_id, id)
);
create index outbox_pending on outbox (id) where published_at is null;

call make_tenant_owned('tenant_products');
call make_tenant_owned('trials');
call make_tenant_owned('tenant_domains');
call make_tenant_owned('tenant_integrations');
call make_tenant_owned('outbox');
revoke update, delete on outbox from smarteros_app;

-- ---------------------------------------------------------------------------------------------------------------
-- Lifecycle: states move only through these transitions. The trigger below enforces them for every path.
create table lifecycle_transitions (
  entity text not null check (entity in ('tenant', 'product', 'trial')),
  from_status text not null,
  to_status text not null,
  primary key (entity, from_status, to_status)
);
insert into lifecycle_transitions (entity, from_status, to_status) values
  ('tenant', 'trial', 'active'), ('tenant', 'trial', 'suspended'), ('tenant', 'trial', 'cancelled'),
  ('tenant', 'active', 'suspended'), ('tenant', 'active', 'cancelled'),
  ('tenant', 'suspended', 'active'), ('tenant', 'suspended', 'cancelled'),
  ('product', 'trial', 'active'), ('product', 'trial', 'inactive'), ('product', 'trial', 'expired'),
  ('product', 'active', 'inactive'),
  ('product', 'inactive', 'active'), ('product', 'inactive', 'trial'),
  ('product', 'expired', 'active'), ('product', 'expired', 'inactive'),
  ('trial', 'active', 'expired'), ('trial', 'active', 'converted'), ('trial', 'active', 'cancelled');
grant select on lifecycle_transitions to smarteros_app, smarteros_platform;

create function raise_transition_not_allowed(p_entity text, p_from text, p_to text) returns void
  language plpgsql as $$
begin
  raise exception using errcode = 'SO409', message = p_entity || '_transition_not_allowed',
    detail = json_build_object('entity', p_entity, 'from', p_from, 'to', p_to)::text;
end $$;

-- Strict: an UPDATE that names the status column must move it along an allowed transition (a same-state
-- "move" such as inactive -> inactive is refused too, so callers learn that nothing happened).
create function enforce_status_transition() returns trigger
  language plpgsql as $$
begin
  if not exists (
    select 1 from lifecycle_transitions
     where entity = tg_argv[0] and from_status = old.status and to_status = new.status) then
    perform raise_transition_not_allowed(tg_argv[0], old.status, new.status);
  end if;
  return new;
end $$;

create trigger tenants_status_transition before update of status on tenants
  for each row execute function enforce_status_transition('tenant');
create trigger tenant_products_status_transition before update of status on tenant_products
  for each row execute function enforce_status_transition('product');
create trigger trials_status_transition before update of status on trials
  for each row execute function enforce_status_transition('trial');

-- tenants.services_enabled (a seed column) follows the products that are in trial or active.
create function refresh_services_enabled() returns trigger
  language plpgsql as $$
begin
  update tenants t
     set services_enabled = coalesce((
           select array_agg(p.product_code order by p.product_code)
             from tenant_products p
            where p.tenant_id = t.id and p.status in ('trial', 'active')), '{}')
   where t.id in (select distinct tenant_id from changed_rows);
  return null;
end $$;
create trigger tenant_products_services_insert after insert on tenant_products
  referencing new table as changed_rows for each statement execute function refresh_services_enabled();
create trigger tenant_products_services_update after update on tenant_products
  referencing new table as changed_rows for each statement execute function refresh_services_enabled();

create function outbox_emit(p_tenant_id uuid, p_topic text, p_payload jsonb) returns void
  language sql as $$
  insert into outbox (tenant_id, topic, payload) values (p_tenant_id, p_topic, coalesce(p_payload, '{}'))
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- The seed's functions. Services call these; they do not repeat them.

create function create_tenant_minimal(
  p_business_name text, p_contact_email text, p_rut text,
  p_plan text default 'trial', p_type text default 'customer', p_now timestamptz default now()
) returns uuid
  language plpgsql as $$
declare
  v_plan plans;
  v_id uuid;
begin
  select * into v_plan from plans where code = p_plan;
  if not found then
    raise exception using errcode = 'SO400', message = 'validation_failed',
      detail = json_build_object('field', 'plan', 'problem', 'unknown plan', 'value', p_plan)::text;
  end if;
  insert into tenants (rut, business_name, contact_email, type, status, plan, trial_expires_at, created_at, updated_at)
  values (rut_normalize(p_rut), btrim(p_business_name), lower(btrim(p_contact_email)), p_type,
          case when v_plan.is_unlimited then 'active' else 'trial' end, p_plan,
          case when v_plan.is_unlimited then null else p_now + v_plan.trial_duration end, p_now, p_now)
  returning id into v_id;
  perform outbox_emit(v_id, 'tenant.created', jsonb_build_object(
    'tenant_id', v_id, 'rut', rut_normalize(p_rut), 'plan', p_plan, 'type', p_type));
  return v_id;
end $$;

-- Activates one product. p_mode 'trial' starts a trial (until p_trial_expires_at, or the tenant plan's trial length);
-- 'subscription' makes it active. Tenants on an unlimited plan get active products directly.
create function activate_product_for_tenant(
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

  if v_mode = 'trial' then
    if exists (select 1 from trials where tenant_id = p_tenant_id and product_code = p_product_code) then
      raise exception using errcode = 'SO409', message = 'trial_already_used',
        detail = json_build_object('product_code', p_product_code, 'status', v_row.status)::text;
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

-- The seed's default activation: chat, erp and automation, on trial until p_trial_expires_at
-- (null: the tenant plan's trial length; unlimited plans: active).
create function activate_default_products_for_tenant(
  p_tenant_id uuid, p_trial_expires_at timestamptz default null,
  p_products text[] default array['chat', 'erp', 'automation'], p_now timestamptz default now()
) returns setof tenant_products
  language plpgsql as $$
declare
  v_code text;
begin
  foreach v_code in array p_products loop
    return next activate_product_for_tenant(p_tenant_id, v_code, 'trial', p_trial_expires_at, null, p_now);
  end loop;
end $$;

create function deactivate_product_for_tenant(p_tenant_id uuid, p_product_code text, p_now timestamptz default now())
  returns tenant_products
  language plpgsql as $$
declare
  v_row tenant_products;
begin
  select * into v_row from tenant_products where tenant_id = p_tenant_id and product_code = p_product_code for update;
  if not found then
    raise exception using errcode = 'SO404', message = 'not_found', detail = '{"entity":"product"}';
  end if;
  update tenant_products set status = 'inactive', deactivated_at = p_now, updated_at = p_now
   where tenant_id = p_tenant_id and id = v_row.id returning * into v_row;
  update trials set status = 'cancelled', ended_at = p_now
   where tenant_id = p_tenant_id and product_code = p_product_code and status = 'active';
  perform outbox_emit(p_tenant_id, 'product.deactivated', jsonb_build_object(
    'tenant_id', p_tenant_id, 'product_code', p_product_code));
  return v_row;
end $$;

-- Tenant status changes (suspend, reactivate, cancel, activate); events tenant.<action>.
create function set_tenant_status(p_tenant_id uuid, p_status text, p_reason text default null, p_now timestamptz default now())
  returns tenants
  language plpgsql as $$
declare
  v_row tenants;
  v_from text;
begin
  select status into v_from from tenants where id = p_tenant_id for update;
  if not found then
    raise exception using errcode = 'SO404', message = 'not_found', detail = '{"entity":"tenant"}';
  end if;
  update tenants set status = p_status, updated_at = p_now where id = p_tenant_id returning * into v_row;
  if p_status = 'cancelled' then
    update tenant_products set status = 'inactive', deactivated_at = p_now, updated_at = p_now
     where tenant_id = p_tenant_id and status in ('trial', 'active');
    update trials set status = 'cancelled', ended_at = p_now where tenant_id = p_tenant_id and status = 'active';
    update tenant_domains set is_active = false, updated_at = p_now where tenant_id = p_tenant_id and is_active;
  end if;
  perform outbox_emit(p_tenant_id,
    'tenant.' || case p_status when 'suspended' then 'suspended' when 'cancelled' then 'cancelled'
                               when 'active' then case when v_from = 'suspended' then 'reactivated' else 'activated' end
                               else p_status end,
    jsonb_build_object('tenant_id', p_tenant_id, 'from', v_from, 'to', p_status, 'reason', p_reason));
  return v_row;
end $$;

-- The scheduled lifecycle job: expires due trials (trial -> expired, the product expired) and warns before expiry.
-- Safe on several servers at once: each row changes state in a single UPDATE, so one runner wins each row and each
-- event is written exactly once.
create function run_trial_lifecycle(p_now timestamptz, p_warn_before interval)
  returns table (expired int, warned int)
  language plpgsql as $$
declare
  r record;
  n_expired int := 0;
  n_warned int := 0;
begin
  for r in
    update tenant_products set status = 'expired', updated_at = p_now
     where status = 'trial' and trial_expires_at <= p_now
    returning tenant_id, product_code, trial_expires_at
  loop
    update trials set status = 'expired', ended_at = p_now
     where tenant_id = r.tenant_id and product_code = r.product_code and status = 'active';
    perform outbox_emit(r.tenant_id, 'trial.expired', jsonb_build_object(
      'tenant_id', r.tenant_id, 'product_code', r.product_code, 'expired_at', r.trial_expires_at));
    n_expired := n_expired + 1;
  end loop;
  for r in
    update trials set warned_at = p_now
     where status = 'active' and warned_at is null and expires_at > p_now and expires_at <= p_now + p_warn_before
    returning tenant_id, product_code, expires_at
  loop
    perform outbox_emit(r.tenant_id, 'trial.expiring', jsonb_build_object(
      'tenant_id', r.tenant_id, 'product_code', r.product_code, 'expires_at', r.expires_at));
    n_warned := n_warned + 1;
  end loop;
  return query select n_expired, n_warned;
end $$;

-- ---------------------------------------------------------------------------------------------------------------
-- The seed's overview. security_invoker: it reads through the caller's row-level security.
create view v_tenant_overview with (security_invoker = true) as
select
  t.id as tenant_id,
  t.business_name,
  t.rut,
  t.contact_email,
  t.type as tenant_type,
  t.status as tenant_status,
  t.plan as tenant_plan,
  t.trial_expires_at as tenant_trial_expires_at,
  t.primary_domain,
  t.services_enabled,
  coalesce((select array_agg(d.domain order by d.created_at, d.domain)
              from tenant_domains d where d.tenant_id = t.id and d.is_active), '{}') as domains,
  coalesce((select array_agg(d.subdomain order by d.created_at, d.domain)
              from tenant_domains d where d.tenant_id = t.id and d.is_active and d.subdomain is not null), '{}') as subdomains,
  coalesce((select jsonb_agg(jsonb_build_object('type', i.integration_type, 'external_id', i.external_id,
                                                'status', i.status, 'is_active', i.is_active) order by i.integration_type)
              from tenant_integrations i where i.tenant_id = t.id), '[]') as integrations,
  coalesce((select jsonb_agg(jsonb_build_object('product_code', p.product_code, 'status', p.status,
                                                'trial_expires_at', p.trial_expires_at) order by p.product_code)
              from tenant_products p where p.tenant_id = t.id), '[]') as products,
  'chat' = any (t.services_enabled) as has_chat,
  'erp' = any (t.services_enabled) as has_erp,
  'automation' = any (t.services_enabled) as has_automation,
  'analytics' = any (t.services_enabled) as has_analytics,
  'ai' = any (t.services_enabled) as has_ai,
  t.created_at,
  t.updated_at
from tenants t;
grant select on v_tenant_overview to smarteros_app, smarteros_platform;
