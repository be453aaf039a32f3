import type { Generated } from 'kysely';

/** Row types of the inbox operations' tables (labels, canned responses). Keep in step with db/migrations/0018_chat_inbox_ops.sql. */

export interface ChatLabelsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  color: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ConversationLabelsTable {
  tenant_id: string;
  conversation_id: string;
  label_id: string;
  created_at: Generated<Date>;
}

export interface ChatCannedResponsesTable {
  tenant_id: string;
  id: Generated<string>;
  short_code: string;
  content: string;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

declare module '@smarteros/kernel' {
  interface DB {
    chat_labels: ChatLabelsTable;
    conversation_labels: ConversationLabelsTable;
    chat_canned_responses: ChatCannedResponsesTable;
  }
}
