import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from '@smarteros/kernel';

/** Row types of the chat module's tables, for Kysely. Keep in step with db/migrations/0014_chat.sql. */

/** A timestamp column that inserts may leave out (null). */
type OptionalTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type ChatChannel = 'whatsapp' | 'telegram' | 'web' | 'api' | 'chatwoot';
export type ConversationStatus = 'open' | 'pending' | 'resolved' | 'snoozed';
export type MessageStatus = 'received' | 'pending' | 'sent' | 'delivered' | 'read' | 'failed';
export type InboxSecretName = 'access_token' | 'app_secret' | 'verify_token' | 'bot_token' | 'webhook_secret' | 'identity_secret' | 'signing_secret';

export interface ChatInboxesTable {
  tenant_id: string;
  id: Generated<string>;
  channel: ChatChannel;
  name: string;
  external_id: string | null;
  config: Json;
  assistant_enabled: Generated<boolean>;
  csat_enabled: Generated<boolean>;
  /** The model provider its assistant uses (0017); null: the offline retrieval. */
  assistant_provider_id: Generated<string | null>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ChatInboxSecretsTable {
  tenant_id: string;
  inbox_id: string;
  name: InboxSecretName;
  data_key_id: string;
  ciphertext: Buffer;
  fingerprint: string;
  last4: string;
  updated_at: Generated<Date>;
}

export interface ChatContactsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string | null;
  phone: string | null;
  email: string | null;
  rut: string | null;
  unreachable: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ChatContactIdentitiesTable {
  tenant_id: string;
  inbox_id: string;
  external_id: string;
  contact_id: string;
  business_scoped_id: string | null;
  created_at: Generated<Date>;
}

export interface ConversationsTable {
  tenant_id: string;
  id: Generated<string>;
  inbox_id: string;
  contact_id: string;
  channel: ChatChannel;
  status: Generated<ConversationStatus>;
  assignee_id: string | null;
  priority: Generated<'low' | 'normal' | 'high' | 'urgent'>;
  handled_by: Generated<'bot' | 'human'>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  last_message_at: Timestamp | null;
  last_incoming_at: Timestamp | null;
  first_response_at: Timestamp | null;
  resolved_at: Timestamp | null;
  unread_count: Generated<number>;
  csat_score: number | null;
  snoozed_until: OptionalTimestamp;
  csat_requested_at: OptionalTimestamp;
}

export interface ChatMessagesTable {
  tenant_id: string;
  id: Generated<number>;
  conversation_id: string;
  inbox_id: string;
  external_id: string | null;
  direction: 'incoming' | 'outgoing';
  sender_type: 'contact' | 'agent' | 'bot' | 'system';
  sender_id: string | null;
  content_type: string;
  content: string | null;
  payload: Json;
  status: Generated<MessageStatus>;
  error_code: string | null;
  error_message: string | null;
  private: Generated<boolean>;
  sent_at: Timestamp;
  created_at: Generated<Date>;
  status_at: Timestamp | null;
}

export interface ChatPendingStatusesTable {
  tenant_id: string;
  inbox_id: string;
  external_id: string;
  status: MessageStatus;
  status_at: Timestamp;
  error_code: string | null;
  error_message: string | null;
}

export interface ChatWebhookReceiptsTable {
  tenant_id: string;
  id: Generated<number>;
  inbox_id: string;
  channel: ChatChannel;
  body_sha256: string;
  payload: Json;
  received_at: Generated<Date>;
  processed_at: Timestamp | null;
}

export type ChatEventKind = 'message.created' | 'message.updated' | 'conversation.updated';

export interface ChatEventsTable {
  tenant_id: string;
  id: Generated<number>;
  conversation_id: string;
  kind: ChatEventKind;
  data: Json;
  created_at: Generated<Date>;
}

declare module '@smarteros/kernel' {
  interface DB {
    chat_inboxes: ChatInboxesTable;
    chat_inbox_secrets: ChatInboxSecretsTable;
    chat_contacts: ChatContactsTable;
    chat_contact_identities: ChatContactIdentitiesTable;
    conversations: ConversationsTable;
    chat_messages: ChatMessagesTable;
    chat_pending_statuses: ChatPendingStatusesTable;
    chat_webhook_receipts: ChatWebhookReceiptsTable;
    chat_events: ChatEventsTable;
  }
}
