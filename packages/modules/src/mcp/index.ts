// mcp: what AI models see and may do through MCP (tools from capabilities and the platform, the tenant's AI-control
// policy, confirmation of writes, redaction) and the invocation audit. Free of the protocol library: the MCP SDK
// adapter lives in apps/server. The module's one door.
export { createMcpService, UnknownToolError, type McpService, type McpDeps, type McpContext, type McpTool, type McpToolResult } from './mcp.service.ts';
export { redactText, redactValue, auditArguments, type RedactionRules } from './redact.ts';
export * from './mcp.schema.ts';
export { createCloudflareAccessVerifier, type CloudflareAccessVerifier, type CloudflareAccessDeps } from './cloudflare-access.ts';
