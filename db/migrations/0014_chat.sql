-- Chat, part 1: inboxes (their secrets sealed by the vault), contacts with one identity per channel, conversations,
-- messages, and the durable intake of channel webhooks. Every table is tenant-owned under forced RLS. Duplicates are
-- impossible by unique keys: a webhook body once per inbox (its sha256), a channel message once per inbox (its
-- external id), a contact once per channel identity.

create table chat_inboxes (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  channel text not null,
  name text not null,
  -- The channel's own id of this inbox: WhatsApp's phone_number_id, a Telegram bot's id. One inbox per id on the
  -- whole platform: another tenant cannot connect a number that is already connected (and so cannot read its traffic).
  external_id text,
  -- Settings that are not secrets (WhatsApp's waba_id, the display phone number).
  config jsonb not null default '{}',
  assistant_enabled boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint chat_inboxes_channel_check check (channel in ('whatsapp', 'telegram', 'web', 'api')),
  constraint chat_inboxes_name_check check (length(name) between 1 and 100),
  constraint chat_inboxes_external_key unique (channel, external_id)
);
call make_tenant_owned('chat_inboxes');

-- An inbox's secrets (WhatsApp's access token, app secret and verify token; a bot token), sealed with the tenant's data
-- key and bound to (inbox, name): write-only through every interface.
create table chat_inbox_secrets (
  tenant_id uuid not null references tenants (id),
  inbox_id uuid not null,
  name text not null,
  data_key_id uuid not null,
  ciphertext bytea not null,
  fingerprint text not null,
  last4 text not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, inbox_id, name),
  constraint chat_inbox_secrets_inbox_fk foreign key (tenant_id, inbox_id) references chat_inboxes (tenant_id, id) on delete cascade,
  constraint chat_inbox_secrets_data_key_fk foreign key (tenant_id, data_key_id) references tenant_data_keys (tenant_id, id),
  constraint chat_inbox_secrets_name_check check (name in ('access_token', 'app_secret', 'verify_token', 'bot_token', 'webhook_secret'))
);
call make_tenant_owned('chat_inbox_secrets');

create table chat_contacts (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  name text,
  phone text,
  email text,
  rut text,
  unreachable boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
call make_tenant_owned('chat_contacts');
create index chat_contacts_phone on chat_contacts (tenant_id, phone);

-- One identity per channel: WhatsApp's wa_id (and its business-scoped user id when Meta sends one), a Telegram user id.
create table chat_contact_identities (
  tenant_id uuid not null references tenants (id),
  inbox_id uuid not null,
  external_id text not null,
  contact_id uuid not null,
  business_scoped_id text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, inbox_id, external_id),
  constraint chat_contact_identities_inbox_fk foreign key (tenant_id, inbox_id) references chat_inboxes (tenant_id, id) on delete cascade,
  constraint chat_contact_identities_contact_fk foreign key (tenant_id, contact_id) references chat_contacts (tenant_id, id) on delete cascade
);
call make_tenant_owned('chat_contact_identities');

create table conversations (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  inbox_id uuid not null,
  contact_id uuid not null,
  channel text not null,
  status text not null default 'open',
  assignee_id uuid,
  priority text not null default 'normal',
  handled_by text not null default 'human',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_message_at timestamptz,
  -- The customer's last message (WhatsApp's 24-hour customer-service window runs from it).
  last_incoming_at timestamptz,
  first_response_at timestamptz,
  resolved_at timestamptz,
  unread_count integer not null default 0,
  csat_score smallint,
  primary key (tenant_id, id),
  constraint conversations_inbox_fk foreign key (tenant_id, inbox_id) references chat_inboxes (tenant_id, id),
  constraint conversations_contact_fk foreign key (tenant_id, contact_id) references chat_contacts (tenant_id, id),
  constraint conversations_channel_check check (channel in ('whatsapp', 'telegram', 'web', 'api')),
  constraint conversations_status_check check (status in ('open', 'pending', 'resolved', 'snoozed')),
  constraint conversations_priority_check check (priority in ('low', 'normal', 'high', 'urgent')),
  constraint conversations_handled_by_check check (handled_by in ('bot', 'human')),
  constraint conversations_csat_check check (csat_score between 1 and 5)
);
call make_tenant_owned('conversations');
create index conversations_list on conversations (tenant_id, status, last_message_at desc nulls last, id);
create index conversations_by_channel on conversations (tenant_id, channel, created_at);
-- At most one conversation that is not resolved per contact and inbox: a new message joins it.
create unique index conversations_one_active on conversations (tenant_id, inbox_id, contact_id) where status <> 'resolved';

create table chat_messages (
  tenant_id uuid not null references tenants (id),
  id bigint generated always as identity,
  conversation_id uuid not null,
  inbox_id uuid not null,
  -- The channel's id of the message (WhatsApp's wamid): one row per id and inbox, however often it is delivered.
  external_id text,
  direction text not null,
  sender_type text not null,
  sender_id text,
  content_type text not null,
  content text,
  -- The rest of what the channel sent (media ids and sha256, a location, contacts, an interactive reply...).
  payload jsonb not null default '{}',
  status text not null default 'sent',
  error_code text,
  error_message text,
  private boolean not null default false,
  sent_at timestamptz not null,
  created_at timestamptz not null default now(),
  status_at timestamptz,
  primary key (tenant_id, id),
  constraint chat_messages_conversation_fk foreign key (tenant_id, conversation_id) references conversations (tenant_id, id) on delete cascade,
  constraint chat_messages_external_key unique (tenant_id, inbox_id, external_id),
  constraint chat_messages_direction_check check (direction in ('incoming', 'outgoing')),
  constraint chat_messages_sender_check check (sender_type in ('contact', 'agent', 'bot', 'system')),
  constraint chat_messages_status_check check (status in ('received', 'pending', 'sent', 'delivered', 'read', 'failed'))
);
call make_tenant_owned('chat_messages');
create index chat_messages_conversation on chat_messages (tenant_id, conversation_id, id);

-- A status that arrived before its message (Meta does not promise order): applied when the message is stored.
create table chat_pending_statuses (
  tenant_id uuid not null references tenants (id),
  inbox_id uuid not null,
  external_id text not null,
  status text not null,
  status_at timestamptz not null,
  error_code text,
  error_message text,
  primary key (tenant_id, inbox_id, external_id, status)
);
call make_tenant_owned('chat_pending_statuses');

-- What a channel's webhook delivered to an inbox, written before the 200 (nothing accepted is lost) and processed from
-- here by the outbox's chat.ingest subscriber. The same body delivered again is the same row.
create table chat_webhook_receipts (
  tenant_id uuid not null references tenants (id),
  id bigint generated always as identity,
  inbox_id uuid not null,
  channel text not null,
  body_sha256 text not null,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  primary key (tenant_id, id),
  constraint chat_webhook_receipts_inbox_fk foreign key (tenant_id, inbox_id) references chat_inboxes (tenant_id, id) on delete cascade,
  constraint chat_webhook_receipts_body_key unique (tenant_id, inbox_id, body_sha256)
);
call make_tenant_owned('chat_webhook_receipts');
