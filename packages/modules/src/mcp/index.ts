// mcp: what AI models and every other caller may do (the action runner: the catalog under the tenant's AI-control
// policy, confirmation of writes, redaction, the invocation audit), MCP's tools over it, and Cloudflare Access. Free of
// the protocol library: the MCP SDK adapter lives in apps/server. Chat and automation run actions through this runner.
// The module's one door.
import { defineModule } from '@smarteros/kernel';
import { setupMcp } from './mcp.setup.ts';
import { MCP_ERRORS } from './mcp.errors.ts';
import { MCP_CONFIG } from './mcp.config.ts';
export { createActionRunner, DEFAULT_POLICY, CONFIRMATION_ARG, type ActionRunner, type ActionRunnerDeps, type RunnableAction, type RunResult, type RunOptions } from './action-runner.ts';
export { createMcpService, UnknownToolError, type McpService, type McpDeps, type McpContext, type McpTool, type McpToolResult } from './mcp.service.ts';
export { redactText, redactValue, auditArguments, type RedactionRules } from './redact.ts';
export * from './mcp.schema.ts';
export { createCloudflareAccessVerifier, type CloudflareAccessVerifier, type CloudflareAccessDeps } from './cloudflare-access.ts';
export type * from './mcp.tables.ts';
export { MCP_ERRORS, MCP_CONFIG };

export { setupMcp };

/** What the mcp module brings besides its services (see ModuleManifest). */
export const mcpModule = defineModule({ name: 'mcp', tables: ['mcp_policies', 'mcp_invocations', 'action_confirmations'], setup: setupMcp, errors: MCP_ERRORS, config: MCP_CONFIG });
