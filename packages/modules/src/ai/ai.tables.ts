import type { Generated } from 'kysely';

/** Row types of the ai module's tables, for Kysely. Keep in step with db/migrations/0016_ai.sql. */

export interface AiKnowledgeEntriesTable {
  tenant_id: string;
  id: Generated<string>;
  question: string;
  answer: string;
  tags: Generated<string[]>;
  enabled: Generated<boolean>;
  question_terms: string[];
  answer_terms: string[];
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

declare module '@smarteros/kernel' {
  interface DB {
    ai_knowledge_entries: AiKnowledgeEntriesTable;
  }
}
