import type { Generated } from 'kysely';
import type { Json, Timestamp } from '@smarteros/kernel';

/** Row types of the Chatwoot connector's tables, for Kysely. Keep in step with db/migrations/0019_chatwoot.sql. */

export type ChatwootSecretName = 'platform_token' | 'api_access_token' | 'webhook_secret' | 'inbox_secret';

export interface ChatwootConnectionsTable {
  tenant_id: string;
  id: Generated<string>;
  base_url: string;
  account_id: number;
  chatwoot_inbox_id: number | null;
  inbox_id: string;
  agent_bot: Generated<boolean>;
  mirror_inboxes: Generated<boolean>;
  created_by: string;
  created_at: Generated<Date>;
}

export interface ChatwootSecretsTable {
  tenant_id: string;
  connection_id: string;
  name: ChatwootSecretName;
  data_key_id: string;
  ciphertext: Buffer;
  fingerprint: string;
  last4: string;
  updated_at: Generated<Date>;
}

export interface ChatwootDeliveriesTable {
  tenant_id: string;
  id: Generated<number>;
  connection_id: string;
  delivery_id: string;
  event: string;
  payload: Json;
  received_at: Generated<Date>;
  processed_at: Timestamp | null;
}

export interface ChatwootConversationLinksTable {
  tenant_id: string;
  connection_id: string;
  chatwoot_conversation_id: number;
  conversation_id: string;
  created_at: Generated<Date>;
}

export interface ChatwootMessageLinksTable {
  tenant_id: string;
  connection_id: string;
  chatwoot_message_id: number;
  message_id: number;
  created_at: Generated<Date>;
}

declare module '@smarteros/kernel' {
  interface DB {
    chatwoot_connections: ChatwootConnectionsTable;
    chatwoot_secrets: ChatwootSecretsTable;
    chatwoot_deliveries: ChatwootDeliveriesTable;
    chatwoot_conversation_links: ChatwootConversationLinksTable;
    chatwoot_message_links: ChatwootMessageLinksTable;
  }
}
