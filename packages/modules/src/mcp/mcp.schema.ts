import { z } from 'zod';

/** Shapes of the MCP layer: the tenant's AI-control policy and the invocation audit. */

const toolName = z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9_.-]+$/, 'must be a tool name such as orders.search');

export const mcpPolicyInput = z
  .object({
    allowed_tools: z.array(toolName).max(1000).nullable().optional().meta({ description: 'Only these tools (null: every tool)' }),
    denied_tools: z.array(toolName).max(1000).optional(),
    read_only: z.boolean().optional().meta({ description: 'No write tool is listed or runs' }),
    confirm_writes: z.boolean().optional().meta({ description: 'Every write tool asks for confirmation first' }),
    confirm_min_role: z.enum(['owner', 'admin', 'agent']).optional().meta({ description: 'Lowest role that may confirm' }),
    redact_rut: z.boolean().optional(),
    redact_phone: z.boolean().optional(),
    redact_email: z.boolean().optional(),
    calls_per_minute: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'give at least one field to change');
export type McpPolicyInput = z.infer<typeof mcpPolicyInput>;

export const mcpPolicyOutput = z
  .object({
    allowed_tools: z.array(z.string()).nullable(),
    denied_tools: z.array(z.string()),
    read_only: z.boolean(),
    confirm_writes: z.boolean(),
    confirm_min_role: z.enum(['owner', 'admin', 'agent']),
    redact_rut: z.boolean(),
    redact_phone: z.boolean(),
    redact_email: z.boolean(),
    calls_per_minute: z.number().int(),
    updated_by: z.string().nullable(),
    updated_at: z.string().nullable(),
  })
  .meta({ id: 'McpPolicy' });
export type McpPolicy = z.infer<typeof mcpPolicyOutput>;

export const mcpInvocationsQuery = z.object({
  tool: z.string().max(128).optional(),
  outcome: z.enum(['ok', 'error', 'denied', 'confirmation_required']).optional(),
  principal: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(32).optional(),
});
export type McpInvocationsQuery = z.infer<typeof mcpInvocationsQuery>;

export const mcpInvocationOutput = z
  .object({
    id: z.string(),
    created_at: z.string(),
    principal: z.string(),
    client_name: z.string().nullable(),
    client_version: z.string().nullable(),
    session_id: z.string().nullable(),
    tool: z.string(),
    arguments: z.record(z.string(), z.unknown()),
    outcome: z.enum(['ok', 'error', 'denied', 'confirmation_required']),
    success: z.boolean(),
    error_code: z.string().nullable(),
    duration_ms: z.number(),
  })
  .meta({ id: 'McpInvocation' });
export type McpInvocationOutput = z.infer<typeof mcpInvocationOutput>;
export const mcpInvocationsPage = z.object({ items: z.array(mcpInvocationOutput), next_cursor: z.string().nullable() });
export type McpInvocationsPage = z.infer<typeof mcpInvocationsPage>;
