import { AppError, type ActionContext } from '@smarteros/kernel';
import { CONFIRMATION_ARG, type ActionRunner } from './action-runner.ts';
import type { McpInvocationsPage, McpInvocationsQuery, McpPolicy, McpPolicyInput } from './mcp.schema.ts';

/**
 * The MCP layer, free of any protocol library: the tools a tenant's AI clients see and what calling one does, both thin
 * over the action runner (the catalog under the tenant's AI-control policy). The MCP SDK adapter in apps/server turns
 * these into tools/list and tools/call.
 */
export type McpContext = Omit<ActionContext, 'source'>;

export interface McpTool {
  name: string;
  title?: string;
  description: string;
  inputSchema: { type: 'object'; [key: string]: unknown };
  kind: 'read' | 'write';
  /** Whether calling it asks for confirmation first (under the current policy). */
  confirm: boolean;
}

export interface McpToolResult {
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface McpDeps {
  runner: ActionRunner;
}

/** A tool this tenant does not have at all: a protocol error in MCP terms, not a tool result. */
export class UnknownToolError extends AppError {
  constructor(name: string) {
    super('not_found', `Unknown tool: ${name}`);
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function withConfirmation(schema: McpTool['inputSchema']): McpTool['inputSchema'] {
  const properties = { ...((schema.properties as Record<string, unknown> | undefined) ?? {}) };
  properties[CONFIRMATION_ARG] = { type: 'string', description: 'The confirmation token from a first call of this tool, given by someone allowed to confirm.' };
  return { ...schema, properties };
}

export function createMcpService(deps: McpDeps) {
  const { runner } = deps;
  return {
    /**
     * Called with a tenant id when the tools it sees may have changed: by this server (origin local: the registry or the
     * policy changed here) or, as another server reported, elsewhere (origin peer).
     */
    onToolsChanged: runner.onChange,

    /** Another server changed this tenant's tools: forget what is cached and tell this server's sessions. */
    peerChanged: runner.peerChanged,

    /** The tools this caller sees: allowed by the tenant's policy, and callable with the caller's role. */
    async listTools(ctx: McpContext): Promise<McpTool[]> {
      return (await runner.list(ctx)).map(({ action, confirm }) => ({
        name: action.name,
        ...(action.origin === 'platform' ? { title: action.title.es } : {}),
        description: action.description,
        inputSchema: confirm ? withConfirmation(action.inputSchema) : action.inputSchema,
        kind: action.kind,
        confirm,
      }));
    },

    /** Calls one tool. Never throws for the tool's own failures: they come back as isError results, and are audited. */
    async callTool(ctx: McpContext, name: string, rawArgs: Record<string, unknown> | undefined): Promise<McpToolResult> {
      const { [CONFIRMATION_ARG]: given, ...args } = rawArgs ?? {};
      const result = await runner.run({ ...ctx, source: 'mcp' }, name, args, { confirmation: typeof given === 'string' ? given : undefined });
      switch (result.outcome) {
        case 'ok': {
          const value = result.value;
          return {
            content: [{ type: 'text', text: text(value) }],
            ...(value && typeof value === 'object' && !Array.isArray(value) ? { structuredContent: value as Record<string, unknown> } : {}),
          };
        }
        case 'confirmation_required': {
          const c = result.confirmation;
          const effect = c.effect;
          const does = typeof effect.method === 'string' ? `call ${effect.method} ${String(effect.path)} on ${String(effect.provider)}` : 'change the company';
          return {
            content: [
              {
                type: 'text',
                text:
                  `Confirmation required: ${name} would ${does} with ${JSON.stringify(c.arguments)}. Nothing was done. To proceed, someone with the ${c.confirm_min_role} role or higher ` +
                  `calls ${name} again with the same arguments and "${CONFIRMATION_ARG}": "${c.token}" (valid until ${c.expires_at}), or approves confirmation ${c.confirmation_id} (POST /api/v1/actions/confirmations/${c.confirmation_id}/approve, or smarteros action approve ${c.confirmation_id}).`,
              },
            ],
            structuredContent: {
              confirmation_required: true,
              tool: name,
              action: effect,
              arguments: c.arguments,
              [CONFIRMATION_ARG]: c.token,
              confirmation_id: c.confirmation_id,
              expires_at: c.expires_at,
              confirm_min_role: c.confirm_min_role,
            },
          };
        }
        default:
          // A protocol error, as the MCP spec has it (the adapter answers JSON-RPC -32602); audited all the same.
          if (result.unknownAction) throw new UnknownToolError(name);
          return {
            isError: true,
            content: [{ type: 'text', text: `${result.error.code}: ${result.error.message}` }],
            structuredContent: result.error.toJSON() as unknown as Record<string, unknown>,
          };
      }
    },

    getPolicy: (tenantId: string): Promise<McpPolicy> => runner.getPolicy(tenantId),
    setPolicy: (actor: { id: string }, tenantId: string, input: McpPolicyInput): Promise<McpPolicy> => runner.setPolicy(actor, tenantId, input),
    listInvocations: (tenantId: string, q: McpInvocationsQuery): Promise<McpInvocationsPage> => runner.listInvocations(tenantId, q),
    flush: () => runner.flush(),
    close: () => runner.close(),
  };
}

export type McpService = ReturnType<typeof createMcpService>;
