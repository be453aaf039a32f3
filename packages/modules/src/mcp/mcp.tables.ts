import type { Generated } from 'kysely';
import type { ActionCaller, Json, Timestamp } from '@smarteros/kernel';

/** Row types of the mcp module's tables (the AI-control policy and the invocation audit), for Kysely. Keep in step with db/migrations. */

export interface McpPoliciesTable {
  tenant_id: string;
  allowed_tools: string[] | null;
  denied_tools: Generated<string[]>;
  read_only: Generated<boolean>;
  confirm_writes: Generated<boolean>;
  confirm_min_role: Generated<'owner' | 'admin' | 'agent'>;
  redact_rut: Generated<boolean>;
  redact_phone: Generated<boolean>;
  redact_email: Generated<boolean>;
  calls_per_minute: Generated<number>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export type McpOutcome = 'ok' | 'error' | 'denied' | 'confirmation_required';

export interface McpInvocationsTable {
  tenant_id: string;
  id: Generated<number>;
  created_at: Timestamp;
  principal: string;
  client_name: string | null;
  client_version: string | null;
  session_id: string | null;
  tool: string;
  arguments: Json;
  outcome: McpOutcome;
  success: boolean;
  error_code: string | null;
  duration_ms: number;
  /** Who called: mcp, api, cli, assistant or automation. */
  source: Generated<ActionCaller>;
  /** The confirmation this call asked for, or the one it ran under (an approval or a token). */
  confirmation_id: string | null;
}

export type ActionConfirmationStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'used';

export interface ActionConfirmationsTable {
  tenant_id: string;
  id: Generated<string>;
  action: string;
  kind: 'read' | 'write';
  /** The exact arguments, run on approval. */
  arguments: Json;
  /** What people are shown: redacted, secret keys removed. */
  display_arguments: Json;
  effect: Json | null;
  requested_by: string;
  source: ActionCaller;
  confirm_min_role: 'owner' | 'admin' | 'agent';
  status: Generated<ActionConfirmationStatus>;
  created_at: Timestamp;
  expires_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
}

declare module '@smarteros/kernel' {
  interface DB {
    mcp_policies: McpPoliciesTable;
    mcp_invocations: McpInvocationsTable;
    action_confirmations: ActionConfirmationsTable;
  }
}
