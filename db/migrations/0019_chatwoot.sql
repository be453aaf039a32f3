-- Chat, Chatwoot connector: a tenant's connection to a Chatwoot account (its tokens and webhook secret sealed by the
-- vault), the deliveries of its webhooks (written before the 200, one row per X-Chatwoot-Delivery id), and the links
-- between Chatwoot's conversations and messages and SmarterOS's (one each way, by unique keys, so a message mirrored
-- in one direction is never mirrored back). Every table is tenant-owned under forced RLS.

-- Mirrored conversations live in an inbox of their own, of channel 'chatwoot'.
alter table chat_inboxes drop constraint chat_inboxes_channel_check;
alter table chat_inboxes add constraint chat_inboxes_channel_check check (channel in ('whatsapp', 'telegram', 'web', 'api', 'chatwoot'));
alter table conversations drop constraint conversations_channel_check;
alter table conversations add constraint conversations_channel_check check (channel in ('whatsapp', 'telegram', 'web', 'api', 'chatwoot'));

create table chatwoot_connections (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  base_url text not null,
  account_id bigint not null,
  -- The API inbox created in Chatwoot for this connection.
  chatwoot_inbox_id bigint,
  -- The SmarterOS inbox (channel 'chatwoot') that holds the mirrored conversations.
  inbox_id uuid not null,
  -- The assistant answers the conversations Chatwoot keeps pending (Chatwoot's agent-bot convention).
  agent_bot boolean not null default true,
  -- The conversations of the company's other inboxes (WhatsApp, Telegram...) are mirrored into the API inbox, so
  -- Chatwoot's agents see and answer them; their answers go out through SmarterOS's channel.
  mirror_inboxes boolean not null default true,
  created_by text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint chatwoot_connections_inbox_fk foreign key (tenant_id, inbox_id) references chat_inboxes (tenant_id, id) on delete cascade,
  constraint chatwoot_connections_account_key unique (tenant_id, base_url, account_id),
  constraint chatwoot_connections_base_url_check check (base_url ~ '^https?://' and length(base_url) <= 500)
);
call make_tenant_owned('chatwoot_connections');

-- The account webhook's secret signs what it sends; the API inbox has a secret of its own for its webhook_url.
create table chatwoot_secrets (
  tenant_id uuid not null references tenants (id),
  connection_id uuid not null,
  name text not null,
  data_key_id uuid not null,
  ciphertext bytea not null,
  fingerprint text not null,
  last4 text not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, connection_id, name),
  constraint chatwoot_secrets_connection_fk foreign key (tenant_id, connection_id) references chatwoot_connections (tenant_id, id) on delete cascade,
  constraint chatwoot_secrets_data_key_fk foreign key (tenant_id, data_key_id) references tenant_data_keys (tenant_id, id),
  constraint chatwoot_secrets_name_check check (name in ('platform_token', 'api_access_token', 'webhook_secret', 'inbox_secret'))
);
call make_tenant_owned('chatwoot_secrets');

-- A webhook delivery, verified and written before the 200; processed from here by the outbox's chatwoot.ingest.
-- Chatwoot reuses the delivery id on its retries: the same delivery is one row however often it comes.
create table chatwoot_deliveries (
  tenant_id uuid not null references tenants (id),
  id bigint generated always as identity,
  connection_id uuid not null,
  delivery_id text not null,
  event text not null,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  primary key (tenant_id, id),
  constraint chatwoot_deliveries_connection_fk foreign key (tenant_id, connection_id) references chatwoot_connections (tenant_id, id) on delete cascade,
  constraint chatwoot_deliveries_delivery_key unique (tenant_id, connection_id, delivery_id)
);
call make_tenant_owned('chatwoot_deliveries');

-- One Chatwoot conversation is one SmarterOS conversation, and back.
create table chatwoot_conversation_links (
  tenant_id uuid not null references tenants (id),
  connection_id uuid not null,
  chatwoot_conversation_id bigint not null,
  conversation_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, connection_id, chatwoot_conversation_id),
  constraint chatwoot_conversation_links_connection_fk foreign key (tenant_id, connection_id) references chatwoot_connections (tenant_id, id) on delete cascade,
  constraint chatwoot_conversation_links_conversation_fk foreign key (tenant_id, conversation_id) references conversations (tenant_id, id) on delete cascade,
  constraint chatwoot_conversation_links_conversation_key unique (tenant_id, connection_id, conversation_id)
);
call make_tenant_owned('chatwoot_conversation_links');

-- One Chatwoot message is one SmarterOS message, and back: the link written when a message crosses is what keeps it
-- from crossing again (Chatwoot's webhook for a message SmarterOS posted; the outbox event of one Chatwoot sent).
create table chatwoot_message_links (
  tenant_id uuid not null references tenants (id),
  connection_id uuid not null,
  chatwoot_message_id bigint not null,
  message_id bigint not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, connection_id, chatwoot_message_id),
  constraint chatwoot_message_links_connection_fk foreign key (tenant_id, connection_id) references chatwoot_connections (tenant_id, id) on delete cascade,
  constraint chatwoot_message_links_message_fk foreign key (tenant_id, message_id) references chat_messages (tenant_id, id) on delete cascade,
  constraint chatwoot_message_links_message_key unique (tenant_id, connection_id, message_id)
);
call make_tenant_owned('chatwoot_message_links');
