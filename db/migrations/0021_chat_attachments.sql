-- Chat: the files customers send (WhatsApp images, audio, video, documents, stickers), downloaded from Meta within the
-- 5 minutes its URL lives and checked against the sha256 Meta announced. One row per message (a redelivered event or
-- two workers at once still give one); the bytes live here, under the tenant's row-level security, so they are backed
-- up, restored and deleted with the conversation (docs/decisions/0008-chat.md). A failed download keeps its reason and
-- no bytes.
create table chat_attachments (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  message_id bigint not null,
  conversation_id uuid not null,
  -- The channel's id of the media (WhatsApp's media id).
  media_id text not null,
  status text not null,
  mime_type text,
  file_name text,
  byte_size integer,
  sha256 text,
  content bytea,
  error_code text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint chat_attachments_message_fk foreign key (tenant_id, message_id) references chat_messages (tenant_id, id) on delete cascade,
  constraint chat_attachments_message_key unique (tenant_id, message_id),
  constraint chat_attachments_status_check check (status in ('stored', 'failed')),
  constraint chat_attachments_content_check check ((status = 'stored') = (content is not null))
);
call make_tenant_owned('chat_attachments');
