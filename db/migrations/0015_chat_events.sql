-- Chat's live updates: every change an agent's screen shows (a message in, a reply out, a delivery status, a
-- conversation's status) is a row here, written in the transaction that made the change. A screen that reconnects
-- asks for the rows after the last id it saw, so a short disconnect loses nothing (Chatwoot drops them).
create table chat_events (
  tenant_id uuid not null references tenants (id),
  id bigint generated always as identity,
  conversation_id uuid not null,
  kind text not null,
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint chat_events_kind_check check (kind in ('message.created', 'message.updated', 'conversation.updated'))
);
call make_tenant_owned('chat_events', 'select, insert, delete');
