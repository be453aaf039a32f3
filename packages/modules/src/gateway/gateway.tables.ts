import type { Generated } from 'kysely';
import type { Timestamp } from '@smarteros/kernel';

/** Row types of the gateway module's tables (the request log), for Kysely. Keep in step with db/migrations. */

export type GatewaySource = 'api' | 'proxy' | 'mcp' | 'cli' | 'assistant' | 'automation';

export interface GatewayRequestsTable {
  tenant_id: string;
  id: Generated<number>;
  created_at: Timestamp;
  capability_name: string;
  capability_id: string | null;
  provider_id: string | null;
  principal: string;
  source: GatewaySource;
  method: string;
  status: number;
  upstream_status: number | null;
  error_code: string | null;
  latency_ms: number;
  upstream_ms: number | null;
  bytes_in: number;
  bytes_out: number;
  attempts: number;
}

declare module '@smarteros/kernel' {
  interface DB {
    gateway_requests: GatewayRequestsTable;
  }
}
