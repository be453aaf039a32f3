-- ERP, part 1: products (with optional variants), price lists per customer group, warehouses, the stock ledger and its
-- running levels, customers, orders with their lines, and payments. Every table is tenant-owned under forced RLS.
-- Money: CLP amounts are bigint pesos; unit prices numeric with up to 6 decimals (the SII's PrcItem); quantities
-- numeric with up to 3 decimals (kilos, metres). The application computes with a decimal library, never floats.

-- Per-tenant counters (order numbers): one row per (tenant, name), taken with an upsert in the order's transaction.
create table erp_counters (
  tenant_id uuid not null references tenants (id),
  name text not null,
  last_value bigint not null default 0,
  primary key (tenant_id, name)
);
call make_tenant_owned('erp_counters', 'select, insert, update');

create table erp_products (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  sku text not null,
  name text not null,
  description text,
  unit text not null default 'unidad',
  -- The unit price as the company writes it: with IVA included or not (price_includes_tax says which).
  price numeric(20, 6) not null,
  price_includes_tax boolean not null default false,
  tax text not null default 'iva',
  barcode text,
  category text,
  images text[] not null default '{}',
  active boolean not null default true,
  -- A variant (talla, color) points at the product it varies; its attributes name what it is.
  parent_id uuid,
  attributes jsonb not null default '{}',
  -- stock.low is emitted when the available quantity falls below it.
  low_stock_threshold numeric(16, 3),
  -- Where the product came from when a connector imported it (odoo:<id>, shopify:<gid>).
  external_ref text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint erp_products_sku_key unique (tenant_id, sku),
  constraint erp_products_external_key unique (tenant_id, external_ref),
  constraint erp_products_parent_fk foreign key (tenant_id, parent_id) references erp_products (tenant_id, id),
  constraint erp_products_sku_check check (sku ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$'),
  constraint erp_products_name_check check (length(name) between 1 and 200),
  constraint erp_products_price_check check (price >= 0),
  constraint erp_products_tax_check check (tax in ('iva', 'exempt')),
  constraint erp_products_threshold_check check (low_stock_threshold is null or low_stock_threshold >= 0),
  constraint erp_products_attributes_check check (jsonb_typeof(attributes) = 'object')
);
call make_tenant_owned('erp_products');
create index erp_products_by_name on erp_products (tenant_id, active, name, id);
create index erp_products_barcode on erp_products (tenant_id, barcode) where barcode is not null;

create table erp_price_lists (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  name text not null,
  customer_group text not null,
  -- Valid from starts_on to ends_on, both included, in the tenant's calendar; ends_on null is open-ended.
  starts_on date not null,
  ends_on date,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint erp_price_lists_dates_check check (ends_on is null or ends_on >= starts_on),
  constraint erp_price_lists_group_check check (length(customer_group) between 1 and 50)
);
call make_tenant_owned('erp_price_lists');

create table erp_price_list_items (
  tenant_id uuid not null references tenants (id),
  price_list_id uuid not null,
  product_id uuid not null,
  price numeric(20, 6) not null,
  primary key (tenant_id, price_list_id, product_id),
  constraint erp_price_list_items_list_fk foreign key (tenant_id, price_list_id) references erp_price_lists (tenant_id, id) on delete cascade,
  constraint erp_price_list_items_product_fk foreign key (tenant_id, product_id) references erp_products (tenant_id, id) on delete cascade,
  constraint erp_price_list_items_price_check check (price >= 0)
);
call make_tenant_owned('erp_price_list_items');

create table erp_warehouses (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  code text not null,
  name text not null,
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint erp_warehouses_code_key unique (tenant_id, code),
  constraint erp_warehouses_code_check check (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$')
);
call make_tenant_owned('erp_warehouses');
-- One default warehouse per tenant (the one orders and moves use when none is named).
create unique index erp_warehouses_one_default on erp_warehouses (tenant_id) where is_default;

-- The stock ledger: append-only. Each move changes on hand, reserved, or both; levels are its running sum.
create table erp_stock_moves (
  tenant_id uuid not null references tenants (id),
  id bigint generated always as identity,
  product_id uuid not null,
  warehouse_id uuid not null,
  kind text not null,
  on_hand_delta numeric(16, 3) not null default 0,
  reserved_delta numeric(16, 3) not null default 0,
  reason text,
  -- What caused it: order:<id>, transfer:<id>, import:<file>, odoo:<id>.
  reference text,
  order_id uuid,
  actor text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint erp_stock_moves_product_fk foreign key (tenant_id, product_id) references erp_products (tenant_id, id),
  constraint erp_stock_moves_warehouse_fk foreign key (tenant_id, warehouse_id) references erp_warehouses (tenant_id, id),
  constraint erp_stock_moves_kind_check check (kind in ('receipt', 'sale', 'return', 'adjustment', 'transfer', 'reserve', 'release')),
  constraint erp_stock_moves_nonzero_check check (on_hand_delta <> 0 or reserved_delta <> 0)
);
call make_tenant_owned('erp_stock_moves', 'select, insert');
create index erp_stock_moves_by_product on erp_stock_moves (tenant_id, product_id, id desc);

-- The ledger's running sum per (product, warehouse), written in the same transaction as each move. The check is the
-- last line against overselling: nothing is reserved that is not on hand.
create table erp_stock_levels (
  tenant_id uuid not null references tenants (id),
  product_id uuid not null,
  warehouse_id uuid not null,
  on_hand numeric(16, 3) not null default 0,
  reserved numeric(16, 3) not null default 0,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, product_id, warehouse_id),
  constraint erp_stock_levels_product_fk foreign key (tenant_id, product_id) references erp_products (tenant_id, id),
  constraint erp_stock_levels_warehouse_fk foreign key (tenant_id, warehouse_id) references erp_warehouses (tenant_id, id),
  constraint erp_stock_levels_available_check check (reserved >= 0 and on_hand >= reserved)
);
call make_tenant_owned('erp_stock_levels', 'select, insert, update');

create table erp_customers (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  rut rut,
  razon_social text not null,
  giro text,
  address text,
  -- The comuna's CUT code (Chile's official list, kernel/comunas.ts).
  comuna_code text,
  city text,
  -- Where tax documents go.
  email text,
  phone text,
  customer_group text,
  -- The chat contact with the same phone or e-mail, when there is one.
  chat_contact_id uuid,
  external_ref text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint erp_customers_rut_key unique (tenant_id, rut),
  constraint erp_customers_external_key unique (tenant_id, external_ref),
  constraint erp_customers_contact_fk foreign key (tenant_id, chat_contact_id) references chat_contacts (tenant_id, id) on delete set null (chat_contact_id),
  constraint erp_customers_razon_social_check check (length(razon_social) between 1 and 100),
  constraint erp_customers_comuna_check check (comuna_code is null or comuna_code ~ '^[0-9]{5}$')
);
call make_tenant_owned('erp_customers');
create index erp_customers_email on erp_customers (tenant_id, lower(email)) where email is not null;
create index erp_customers_phone on erp_customers (tenant_id, phone) where phone is not null;

create table orders (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  number bigint not null,
  status text not null default 'draft',
  channel text not null,
  customer_id uuid,
  -- The buyer as given at checkout when there is no customer record (storefront, chat).
  buyer jsonb not null default '{}',
  -- What the SII document will be: boleta (39/41) by default, factura (33/34) when the buyer gave RUT and giro.
  document_kind text not null default 'boleta',
  warehouse_id uuid not null,
  price_list_id uuid,
  currency text not null default 'CLP',
  amount_untaxed bigint not null default 0,
  amount_exempt bigint not null default 0,
  amount_tax bigint not null default 0,
  amount_total bigint not null default 0,
  amount_paid bigint not null default 0,
  external_ref text,
  notes text,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  confirmed_at timestamptz,
  paid_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz,
  primary key (tenant_id, id),
  constraint orders_number_key unique (tenant_id, number),
  constraint orders_external_key unique (tenant_id, channel, external_ref),
  constraint orders_customer_fk foreign key (tenant_id, customer_id) references erp_customers (tenant_id, id),
  constraint orders_warehouse_fk foreign key (tenant_id, warehouse_id) references erp_warehouses (tenant_id, id),
  constraint orders_price_list_fk foreign key (tenant_id, price_list_id) references erp_price_lists (tenant_id, id),
  constraint orders_status_check check (status in ('draft', 'confirmed', 'paid', 'completed', 'cancelled')),
  constraint orders_channel_check check (channel in ('pos', 'store', 'whatsapp', 'telegram', 'web', 'shopify', 'odoo', 'api')),
  constraint orders_document_kind_check check (document_kind in ('boleta', 'factura')),
  constraint orders_amounts_check check (amount_untaxed >= 0 and amount_exempt >= 0 and amount_tax >= 0 and amount_paid >= 0
    and amount_total = amount_untaxed + amount_tax)
);
call make_tenant_owned('orders');
create index orders_by_created on orders (tenant_id, created_at desc);
create index orders_by_status on orders (tenant_id, status, created_at desc);
create index orders_by_customer on orders (tenant_id, customer_id, created_at desc) where customer_id is not null;

-- The allowed moves of an order, as data (the same trigger as the tenancy lifecycle).
alter table lifecycle_transitions drop constraint lifecycle_transitions_entity_check;
alter table lifecycle_transitions add constraint lifecycle_transitions_entity_check check (entity in ('tenant', 'product', 'trial', 'order'));
insert into lifecycle_transitions (entity, from_status, to_status) values
  ('order', 'draft', 'confirmed'), ('order', 'draft', 'cancelled'),
  ('order', 'confirmed', 'paid'), ('order', 'confirmed', 'completed'), ('order', 'confirmed', 'cancelled'),
  ('order', 'paid', 'completed'), ('order', 'paid', 'cancelled');
create trigger orders_status_transition before update of status on orders
  for each row execute function enforce_status_transition('order');

create table order_lines (
  tenant_id uuid not null references tenants (id),
  order_id uuid not null,
  line_no int not null,
  product_id uuid not null,
  sku text not null,
  name text not null,
  quantity numeric(16, 3) not null,
  unit_price numeric(20, 6) not null,
  price_includes_tax boolean not null,
  discount_pct numeric(5, 2) not null default 0,
  tax text not null,
  -- The line's amount in integer pesos, in its price's basis (gross when price_includes_tax): the SII's MontoItem.
  line_total bigint not null,
  -- The line's share of the order's net amount and IVA (the order's IVA is computed on the sum, by the SII's rule).
  line_untaxed bigint not null,
  line_tax bigint not null,
  primary key (tenant_id, order_id, line_no),
  constraint order_lines_order_fk foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade,
  constraint order_lines_product_fk foreign key (tenant_id, product_id) references erp_products (tenant_id, id),
  constraint order_lines_quantity_check check (quantity > 0),
  constraint order_lines_price_check check (unit_price >= 0),
  constraint order_lines_discount_check check (discount_pct >= 0 and discount_pct <= 100),
  constraint order_lines_tax_check check (tax in ('iva', 'exempt'))
);
call make_tenant_owned('order_lines');
create index order_lines_by_product on order_lines (tenant_id, product_id);

create table erp_payments (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  order_id uuid not null,
  method text not null,
  amount bigint not null,
  status text not null default 'pending',
  -- The provider's reference: Webpay's token, a transfer's number, the card terminal's voucher.
  provider_ref text,
  -- Webpay's buy_order (<= 26 characters) and what the provider answered (without card data beyond its last digits).
  buy_order text,
  details jsonb not null default '{}',
  -- Webpay: when this server claimed the one commit of the token (a second return, or the reconciler, then only reads
  -- the transaction's status: a token is committed at most once).
  commit_started_at timestamptz,
  refunded_amount bigint not null default 0,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint erp_payments_order_fk foreign key (tenant_id, order_id) references orders (tenant_id, id),
  constraint erp_payments_method_check check (method in ('webpay', 'transfer', 'cash', 'card_terminal')),
  constraint erp_payments_status_check check (status in ('pending', 'approved', 'failed', 'refunded', 'cancelled')),
  constraint erp_payments_amount_check check (amount > 0),
  constraint erp_payments_refunded_check check (refunded_amount >= 0 and refunded_amount <= amount),
  constraint erp_payments_provider_key unique (tenant_id, method, provider_ref)
);
call make_tenant_owned('erp_payments');
create index erp_payments_by_order on erp_payments (tenant_id, order_id);
-- Webpay's return carries only the token (or, on a timeout, the buy order and session id = the payment's id): the
-- return handler finds the tenant by them (a platform read), so they are indexed across tenants.
create index erp_payments_webpay_token on erp_payments (provider_ref) where method = 'webpay';
create index erp_payments_id on erp_payments (id);
create index erp_payments_open on erp_payments (created_at) where status = 'pending' and method = 'webpay';

-- A tenant's own Webpay Plus commerce: its commerce code, environment and API key (sealed by the vault, write-only).
-- Without one, payments go to Transbank's public integration commerce (597055555532), which charges no real card.
create table erp_webpay_accounts (
  tenant_id uuid not null references tenants (id),
  commerce_code text not null,
  environment text not null default 'integration',
  data_key_id uuid not null,
  ciphertext bytea not null,
  fingerprint text not null,
  last4 text not null,
  updated_by text not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id),
  constraint erp_webpay_accounts_data_key_fk foreign key (tenant_id, data_key_id) references tenant_data_keys (tenant_id, id),
  constraint erp_webpay_accounts_code_check check (commerce_code ~ '^[0-9]{12}$'),
  constraint erp_webpay_accounts_environment_check check (environment in ('integration', 'production'))
);
call make_tenant_owned('erp_webpay_accounts');

-- Search of products by SKU, name and barcode, accent-insensitive (search_text() from 0012).
do $do$
declare
  trgm_schema text;
begin
  select n.nspname into trgm_schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm';
  execute format('create index erp_products_search_trgm on erp_products using gin (search_text(sku || '' '' || name || '' '' || coalesce(barcode, '''')) %I.gin_trgm_ops)', trgm_schema);
  execute format('create index erp_customers_search_trgm on erp_customers using gin (search_text(razon_social || '' '' || coalesce(rut, '''') || '' '' || coalesce(email, '''')) %I.gin_trgm_ops)', trgm_schema);
end $do$;

-- Applies stock moves of one kind to one warehouse in one round trip, in product order (so two orders never wait on
-- each other's rows in opposite orders): each level changes only if nothing is reserved beyond what is on hand, else
-- SO409 insufficient_stock names the product and what is available. Writes one ledger row per product. Returns the
-- available quantity before and after each move (the caller emits stock.low on a crossing of the threshold).
create function erp_apply_stock(
  p_kind text, p_warehouse uuid, p_products uuid[], p_on_hand numeric[], p_reserved numeric[],
  p_order uuid, p_reference text, p_reason text, p_actor text
) returns table (product_id uuid, available_before numeric, available_after numeric)
  language plpgsql as $$
#variable_conflict use_column
declare
  t uuid := current_setting('app.tenant_id', true)::uuid;
  r record;
  after_available numeric;
  have numeric;
  p_sku text;
begin
  for r in
    select u.p, sum(u.dh) as dh, sum(u.dr) as dr
      from unnest(p_products, p_on_hand, p_reserved) as u(p, dh, dr)
     group by u.p order by u.p
  loop
    after_available := null;
    if r.dh >= 0 and r.dr >= 0 and r.dh >= r.dr then
      -- Nothing here can oversell on its own: a first move creates the level.
      insert into erp_stock_levels as l (tenant_id, product_id, warehouse_id, on_hand, reserved)
      values (t, r.p, p_warehouse, r.dh, r.dr)
      on conflict (tenant_id, product_id, warehouse_id) do update
         set on_hand = l.on_hand + excluded.on_hand, reserved = l.reserved + excluded.reserved, updated_at = now()
       where l.reserved + excluded.reserved >= 0 and l.on_hand + excluded.on_hand >= l.reserved + excluded.reserved
      returning l.on_hand - l.reserved into after_available;
    else
      update erp_stock_levels l
         set on_hand = l.on_hand + r.dh, reserved = l.reserved + r.dr, updated_at = now()
       where l.tenant_id = t and l.product_id = r.p and l.warehouse_id = p_warehouse
         and l.reserved + r.dr >= 0 and l.on_hand + r.dh >= l.reserved + r.dr
      returning l.on_hand - l.reserved into after_available;
    end if;
    if after_available is null then
      select l.on_hand - l.reserved into have from erp_stock_levels l
       where l.tenant_id = t and l.product_id = r.p and l.warehouse_id = p_warehouse;
      select sku into p_sku from erp_products where tenant_id = t and id = r.p;
      raise exception using errcode = 'SO409', message = 'insufficient_stock',
        detail = json_build_object('product_id', r.p, 'sku', p_sku, 'warehouse_id', p_warehouse,
                                   'requested', trim_scale(r.dr - r.dh)::text, 'available', trim_scale(coalesce(have, 0))::text)::text;
    end if;
    insert into erp_stock_moves (tenant_id, product_id, warehouse_id, kind, on_hand_delta, reserved_delta, reason, reference, order_id, actor)
    values (t, r.p, p_warehouse, p_kind, r.dh, r.dr, p_reason, p_reference, p_order, p_actor);
    product_id := r.p;
    available_before := after_available - (r.dh - r.dr);
    available_after := after_available;
    return next;
  end loop;
end $$;
