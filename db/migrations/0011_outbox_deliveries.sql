-- The outbox delivers per subscriber. An event is written once (outbox); the relay fans it out into one delivery row
-- per subscriber that listens to its topic, and each subscriber claims, runs and settles its own rows: a subscriber
-- that keeps failing backs off and ends in dead letters without delaying any other subscriber or tenant.
-- (tenant_id, event_id, subscriber) is the idempotency key handed to the handler.

-- The aggregate an event is about (ordering is kept per tenant and aggregate for subscribers that ask for it).
alter table outbox add column aggregate text;
-- Events not yet fanned out, oldest first (published_at: when the relay wrote the event's deliveries).
create index outbox_undispatched on outbox (tenant_id, aggregate, id) where published_at is null;

-- With an explicit aggregate (emitEvent passes one).
create function outbox_emit(p_tenant_id uuid, p_topic text, p_payload jsonb, p_aggregate text) returns void
  language sql as $$
  insert into outbox (tenant_id, topic, payload, aggregate) values (p_tenant_id, p_topic, coalesce(p_payload, '{}'), p_aggregate)
$$;

-- The lifecycle functions call the three-argument form: their events are about the tenant, so the tenant id is the
-- aggregate (tenant.created comes before that tenant's product.activated for an ordered subscriber).
create or replace function outbox_emit(p_tenant_id uuid, p_topic text, p_payload jsonb) returns void
  language sql as $$
  select outbox_emit(p_tenant_id, p_topic, p_payload, p_tenant_id::text)
$$;

create table outbox_deliveries (
  tenant_id uuid not null references tenants (id),
  event_id bigint not null,
  subscriber text not null check (subscriber ~ '^[a-z0-9_.:-]{1,100}$'),
  topic text not null,
  aggregate text,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
  attempts int not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null,
  -- The lease of the worker running it: until locked_until nobody else claims it; after, a crashed worker's claim
  -- comes back. claim_token names the claim, so a worker whose lease ran out cannot settle another's claim.
  locked_until timestamptz,
  claim_token uuid,
  last_error text check (length(last_error) <= 500),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  delivered_at timestamptz,
  primary key (tenant_id, event_id, subscriber),
  foreign key (tenant_id, event_id) references outbox (tenant_id, id)
);
-- What a subscriber can claim, soonest first.
create index outbox_deliveries_due on outbox_deliveries (subscriber, next_attempt_at) where status = 'pending';
-- Ordered subscribers: is an earlier event of the same tenant and aggregate still undelivered?
create index outbox_deliveries_open_by_aggregate on outbox_deliveries (tenant_id, subscriber, aggregate, event_id)
  where status <> 'delivered';
-- The dead letters and the console's list (newest first).
create index outbox_deliveries_by_status on outbox_deliveries (status, subscriber, event_id);
create index outbox_deliveries_by_event on outbox_deliveries (event_id, subscriber);
-- Retention: delivered rows, oldest first.
create index outbox_deliveries_delivered on outbox_deliveries (delivered_at) where status = 'delivered';

-- Tenants read their deliveries and retry their dead letters; the relay (smarteros_platform) writes them.
call make_tenant_owned('outbox_deliveries', 'select, update');
-- The relay inserts them, and deletes delivered ones past the retention.
grant insert, delete on outbox_deliveries to smarteros_platform;
