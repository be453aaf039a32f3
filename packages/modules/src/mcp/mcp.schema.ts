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
  source: z.enum(['mcp', 'api', 'cli', 'assistant', 'automation']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(32).optional(),
});
export type McpInvocationsQuery = z.infer<typeof mcpInvocationsQuery>;

/** Where a write that asked for confirmation stands. */
export const confirmationStatus = z.enum(['pending', 'approved', 'rejected', 'expired', 'used']);

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
    source: z.enum(['mcp', 'api', 'cli', 'assistant', 'automation']).meta({ description: 'Who called: an MCP client, the REST API, the CLI, the assistant or an automation' }),
    confirmation_id: z.string().nullable().meta({ description: 'The confirmation this call asked for, or ran under (an approval or a token)' }),
    confirmation_status: confirmationStatus.nullable().meta({ description: "That confirmation's status now" }),
  })
  .meta({ id: 'McpInvocation' });
export type McpInvocationOutput = z.infer<typeof mcpInvocationOutput>;
export const mcpInvocationsPage = z.object({ items: z.array(mcpInvocationOutput), next_cursor: z.string().nullable() });
export type McpInvocationsPage = z.infer<typeof mcpInvocationsPage>;

// ---------------------------------------------------------------------------------------------------------------------
// The action catalog as callers see it, and writes waiting for confirmation.

const localized = z.object({ es: z.string(), en: z.string() });

export const actionOutput = z
  .object({
    name: z.string().meta({ example: 'smarteros.products' }),
    title: localized,
    description: z.string(),
    kind: z.enum(['read', 'write']),
    min_role: z.enum(['owner', 'admin', 'agent', 'viewer']),
    origin: z.enum(['platform', 'capability']).meta({ description: "platform: SmarterOS's own; capability: one of the company's registered APIs" }),
    confirm: z.boolean().meta({ description: 'Running it asks for confirmation first, under the current policy' }),
    input_schema: z.record(z.string(), z.unknown()).meta({ description: 'JSON Schema (2020-12) of the input' }),
  })
  .meta({ id: 'Action' });
export type ActionOutput = z.infer<typeof actionOutput>;
export const actionListOutput = z.object({ items: z.array(actionOutput) });


export const actionConfirmationOutput = z
  .object({
    id: z.string(),
    action: z.string(),
    kind: z.enum(['read', 'write']),
    arguments: z.record(z.string(), z.unknown()).meta({ description: 'What it would run with (redacted under the policy, secret keys removed)' }),
    effect: z.record(z.string(), z.unknown()).nullable(),
    requested_by: z.string(),
    source: z.enum(['mcp', 'api', 'cli', 'assistant', 'automation']),
    confirm_min_role: z.enum(['owner', 'admin', 'agent']),
    status: confirmationStatus,
    created_at: z.string(),
    expires_at: z.string(),
    decided_by: z.string().nullable(),
    decided_at: z.string().nullable(),
  })
  .meta({ id: 'ActionConfirmation' });
export type ActionConfirmationOutput = z.infer<typeof actionConfirmationOutput>;

export const actionConfirmationsQuery = z.object({
  status: confirmationStatus.default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ActionConfirmationsQuery = z.infer<typeof actionConfirmationsQuery>;
export const actionConfirmationList = z.object({ items: z.array(actionConfirmationOutput) });

/** A write that waits: what it would do, and the token that confirms it when the same call is made again. */
export const confirmationRequestOutput = z
  .object({
    confirmation_id: z.string(),
    action: z.string(),
    effect: z.record(z.string(), z.unknown()),
    arguments: z.record(z.string(), z.unknown()),
    token: z.string(),
    expires_at: z.string(),
    confirm_min_role: z.enum(['owner', 'admin', 'agent']),
  })
  .meta({ id: 'ConfirmationRequest' });
export type ConfirmationRequest = z.infer<typeof confirmationRequestOutput>;
