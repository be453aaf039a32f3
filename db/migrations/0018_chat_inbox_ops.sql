-- Chat, the agent's inbox operations: per-tenant labels on conversations, canned responses, snoozing (a conversation
-- wakes at snoozed_until or when the customer writes), the CSAT survey on resolve (an inbox setting), and the search
-- of conversations by contact and message text (accent-insensitive, with search_text() from 0012).

create table chat_labels (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  name text not null,
  color text not null default '#64748b',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint chat_labels_name_check check (length(name) between 1 and 50),
  constraint chat_labels_color_check check (color ~ '^#[0-9a-f]{6}$')
);
call make_tenant_owned('chat_labels');
-- One label of each name per tenant, whatever its case: "Urgente" and "urgente" are the same label.
create unique index chat_labels_name_key on chat_labels (tenant_id, lower(name));

create table conversation_labels (
  tenant_id uuid not null references tenants (id),
  conversation_id uuid not null,
  label_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, conversation_id, label_id),
  constraint conversation_labels_conversation_fk foreign key (tenant_id, conversation_id) references conversations (tenant_id, id) on delete cascade,
  constraint conversation_labels_label_fk foreign key (tenant_id, label_id) references chat_labels (tenant_id, id) on delete cascade
);
call make_tenant_owned('conversation_labels');
create index conversation_labels_by_label on conversation_labels (tenant_id, label_id, conversation_id);

create table chat_canned_responses (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  short_code text not null,
  content text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint chat_canned_responses_short_code_check check (short_code ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
  constraint chat_canned_responses_content_check check (length(content) between 1 and 4096),
  constraint chat_canned_responses_short_code_key unique (tenant_id, short_code)
);
call make_tenant_owned('chat_canned_responses');

-- A snoozed conversation wakes (back to open) at snoozed_until, by the chat.snooze_wake job, or when the customer writes.
-- snoozed_until means something only while the status is snoozed (a hand-off that opens it may leave it behind).
alter table conversations add column snoozed_until timestamptz;
-- When the CSAT survey was queued on resolve: the customer's next message, a digit 1-5, is its answer.
alter table conversations add column csat_requested_at timestamptz;
create index conversations_snoozed on conversations (snoozed_until) where status = 'snoozed';
create index conversations_by_assignee on conversations (tenant_id, assignee_id, last_message_at desc nulls last);

-- The inbox sends the CSAT survey when a conversation is resolved.
alter table chat_inboxes add column csat_enabled boolean not null default false;

-- Search of conversations by message text, accent-insensitive (the same search_text() the tenants' search indexes).
do $do$
declare
  trgm_schema text;
begin
  select n.nspname into trgm_schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm';
  execute format('create index chat_messages_search_trgm on chat_messages using gin (search_text(content) %I.gin_trgm_ops)', trgm_schema);
  execute format('create index chat_contacts_search_trgm on chat_contacts using gin (search_text(coalesce(name, '''') || '' '' || coalesce(email, '''') || '' '' || coalesce(phone, '''')) %I.gin_trgm_ops)', trgm_schema);
end $do$;
