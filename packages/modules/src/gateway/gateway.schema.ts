import { z } from 'zod';

/** Shapes of the gateway: a capability call's answer, and the request log. */

export const invokeInput = z.record(z.string(), z.unknown()).meta({ description: "The capability's input, as its schema_in describes" });

export const invokeOutput = z
  .object({
    capability: z.string(),
    status: z.number().int().meta({ description: 'The upstream HTTP status' }),
    headers: z.record(z.string(), z.string()).meta({ description: 'A safe subset of the upstream headers' }),
    body: z.unknown().meta({ description: 'JSON when the upstream answered JSON; text otherwise; { base64 } for binary' }),
    duration_ms: z.number(),
  })
  .meta({ id: 'CapabilityResult' });
export type InvokeOutput = z.infer<typeof invokeOutput>;

export const requestLogQuery = z.object({
  capability: z.string().max(64).optional(),
  source: z.enum(['api', 'proxy', 'mcp', 'automation']).optional(),
  principal: z.string().max(100).optional(),
  outcome: z.enum(['ok', 'error']).optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
  error_code: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(32).optional(),
});
export type RequestLogQuery = z.infer<typeof requestLogQuery>;

export const requestLogRow = z
  .object({
    id: z.string(),
    created_at: z.string(),
    capability_name: z.string(),
    capability_id: z.string().nullable(),
    provider_id: z.string().nullable(),
    principal: z.string(),
    source: z.string(),
    method: z.string(),
    status: z.number().int(),
    upstream_status: z.number().int().nullable(),
    error_code: z.string().nullable(),
    latency_ms: z.number(),
    upstream_ms: z.number().nullable(),
    bytes_in: z.number().int(),
    bytes_out: z.number().int(),
    attempts: z.number().int(),
  })
  .meta({ id: 'GatewayRequest' });

export const requestLogPage = z.object({ items: z.array(requestLogRow), next_cursor: z.string().nullable() });
export type RequestLogPage = z.infer<typeof requestLogPage>;

export const requestLogSummaryQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const requestLogSummary = z.object({
  from: z.string(),
  to: z.string(),
  calls: z.number().int(),
  errors: z.number().int(),
  items: z.array(
    z.object({
      capability_name: z.string(),
      calls: z.number().int(),
      errors: z.number().int(),
      p50_ms: z.number().nullable(),
      p95_ms: z.number().nullable(),
      bytes_out: z.number().int(),
      last_at: z.string(),
    }),
  ),
});
export type RequestLogSummary = z.infer<typeof requestLogSummary>;
