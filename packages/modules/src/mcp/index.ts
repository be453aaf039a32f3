// mcp: what AI models see and may do through MCP (tools from capabilities and the platform, the tenant's AI-control
// policy, confirmation of writes, redaction) and the invocation audit. Free of the protocol library: the MCP SDK
// adapter lives in apps/server. The module's one door.
import { defineModule } from '@smarteros/kernel';
import { MCP_CONFIG } from './mcp.config.ts';
export { createMcpService, UnknownToolError, type McpService, type McpDeps, type McpContext, type McpTool, type McpToolResult } from './mcp.service.ts';
export { redactText, redactValue, auditArguments, type RedactionRules } from './redact.ts';
export * from './mcp.schema.ts';
export { createCloudflareAccessVerifier, type CloudflareAccessVerifier, type CloudflareAccessDeps } from './cloudflare-access.ts';
export type * from './mcp.tables.ts';
export { MCP_CONFIG };

/** What the mcp module brings besides its services (see ModuleManifest). */
export const mcpModule = defineModule({ name: 'mcp', tables: ['mcp_policies', 'mcp_invocations'], config: MCP_CONFIG });
