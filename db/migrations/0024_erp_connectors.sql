-- ERP, connectors: a tenant's connection to its Odoo (products and stock in, confirmed orders out as sale.order) or
-- its Shopify shop (products, customers, orders and abandoned checkouts in, by pull and by webhook). Secrets are
-- sealed by the vault (write-only); Shopify's webhooks are written before the 200, one row per X-Shopify-Webhook-Id;
-- what SmarterOS pushed to Odoo is linked to Odoo's id, so a redelivery makes nothing twice. Every table is
-- tenant-owned under forced RLS.

create table erp_connections (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  kind text not null,
  -- Odoo: { base_url, protocol (json2 | jsonrpc), database, login }; Shopify: { shop_url, prices_include_tax }.
  config jsonb not null,
  -- connected (never synced), synced (the last sync ended well), error (the last sync or push failed: last_error).
  status text not null default 'connected',
  last_sync_at timestamptz,
  -- { at, during (sync | push | webhook), kind, message }: what went wrong last, in words for people.
  last_error jsonb,
  -- What the last sync did (its counts).
  last_result jsonb,
  -- Where the next pull starts, per resource (an updated-since time, a page cursor).
  cursors jsonb not null default '{}',
  -- One sync at a time per connection: the one that set this owns it until then (a crashed one's lease runs out).
  sync_lease_until timestamptz,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint erp_connections_kind_key unique (tenant_id, kind),
  constraint erp_connections_kind_check check (kind in ('odoo', 'shopify')),
  constraint erp_connections_status_check check (status in ('connected', 'synced', 'error')),
  constraint erp_connections_config_check check (jsonb_typeof(config) = 'object' and jsonb_typeof(cursors) = 'object')
);
call make_tenant_owned('erp_connections');
-- Shopify's webhook names the connection in its path and knows no tenant: found by id across tenants.
create index erp_connections_id on erp_connections (id);
-- The scheduled sync's scan (across tenants): connections by when they last synced.
create index erp_connections_due on erp_connections (last_sync_at nulls first);

-- Odoo: api_key (JSON-2) or password (JSON-RPC: a password or an API key); Shopify: access_token and webhook_secret.
create table erp_connection_secrets (
  tenant_id uuid not null references tenants (id),
  connection_id uuid not null,
  name text not null,
  data_key_id uuid not null,
  ciphertext bytea not null,
  fingerprint text not null,
  last4 text not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, connection_id, name),
  constraint erp_connection_secrets_connection_fk foreign key (tenant_id, connection_id) references erp_connections (tenant_id, id) on delete cascade,
  constraint erp_connection_secrets_data_key_fk foreign key (tenant_id, data_key_id) references tenant_data_keys (tenant_id, id),
  constraint erp_connection_secrets_name_check check (name in ('api_key', 'password', 'access_token', 'webhook_secret'))
);
call make_tenant_owned('erp_connection_secrets');

-- A Shopify webhook, its HMAC verified and written before the 200; processed from here by the outbox's
-- erp.shopify_ingest. Shopify sends the same X-Shopify-Webhook-Id on every retry: one row however often it comes.
create table erp_shopify_webhooks (
  tenant_id uuid not null references tenants (id),
  id bigint generated always as identity,
  connection_id uuid not null,
  webhook_id text not null,
  topic text not null,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  -- Why processing gave up on it (a refusal that a retry would not cure), in words for people.
  error text,
  primary key (tenant_id, id),
  constraint erp_shopify_webhooks_connection_fk foreign key (tenant_id, connection_id) references erp_connections (tenant_id, id) on delete cascade,
  constraint erp_shopify_webhooks_webhook_key unique (tenant_id, connection_id, webhook_id),
  constraint erp_shopify_webhooks_topic_check check (length(topic) between 1 and 100)
);
call make_tenant_owned('erp_shopify_webhooks');
create index erp_shopify_webhooks_processed on erp_shopify_webhooks (received_at) where processed_at is not null;

-- Shopify's checkouts (by webhook or pull): cart.abandoned is emitted once per checkout that sat unchanged and
-- unfinished long enough with the buyer's contact: notified_at is set by one conditional update, in the transaction
-- that emits the event. The row's id is the event's cart_id.
create table erp_shopify_checkouts (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  connection_id uuid not null,
  checkout_id text not null,
  checkout_token text,
  name text,
  email text,
  phone text,
  -- [{ sku, name, quantity }]
  items jsonb not null default '[]',
  total bigint not null default 0,
  recover_url text,
  -- Shopify's updated_at: what «idle» is measured from.
  checkout_updated_at timestamptz not null,
  completed_at timestamptz,
  notified_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint erp_shopify_checkouts_connection_fk foreign key (tenant_id, connection_id) references erp_connections (tenant_id, id) on delete cascade,
  constraint erp_shopify_checkouts_checkout_key unique (tenant_id, connection_id, checkout_id),
  constraint erp_shopify_checkouts_items_check check (jsonb_typeof(items) = 'array')
);
call make_tenant_owned('erp_shopify_checkouts');
create index erp_shopify_checkouts_token on erp_shopify_checkouts (tenant_id, connection_id, checkout_token) where checkout_token is not null;
-- The abandoned-checkout scan (across tenants, every minute): open checkouts with a contact, not announced yet.
create index erp_shopify_checkouts_due on erp_shopify_checkouts (checkout_updated_at)
  where notified_at is null and completed_at is null and (email is not null or phone is not null);

-- What SmarterOS made in the other system, by our key: an Odoo res.partner per customer (local_key customer:<id>,
-- rut:<rut> for a buyer without a customer record, or consumidor-final), an Odoo sale.order per order (order:<id>).
-- external_id is null while a push holds the claim (claimed_until) or after a refusal (last_error): the claim keeps
-- two servers from creating the same partner at once, the link keeps a redelivery from creating it again.
create table erp_external_links (
  tenant_id uuid not null references tenants (id),
  connection_id uuid not null,
  kind text not null,
  local_key text not null,
  external_id text,
  claimed_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, connection_id, kind, local_key),
  constraint erp_external_links_connection_fk foreign key (tenant_id, connection_id) references erp_connections (tenant_id, id) on delete cascade,
  constraint erp_external_links_external_key unique (tenant_id, connection_id, kind, external_id),
  constraint erp_external_links_kind_check check (kind in ('partner', 'sale_order'))
);
call make_tenant_owned('erp_external_links');
