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

/** Keep in step with db/migrations/0017_ai_providers.sql. */
export interface AiProvidersTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  kind: AiProviderKind;
  base_url: string;
  model: string;
  data_key_id: string | null;
  api_key_ciphertext: Buffer | null;
  api_key_fingerprint: string | null;
  api_key_last4: string | null;
  probed_at: Date | null;
  reachable: boolean | null;
  supports_tools: boolean | null;
  probe_error: string | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type AiProviderKind = 'ollama' | 'openai_compatible';

export interface AiUsageTable {
  tenant_id: string;
  provider_id: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  requests: Generated<number>;
  failures: Generated<number>;
  prompt_tokens: Generated<number>;
  completion_tokens: Generated<number>;
  updated_at: Generated<Date>;
}

declare module '@smarteros/kernel' {
  interface DB {
    ai_providers: AiProvidersTable;
    ai_usage: AiUsageTable;
  }
}
