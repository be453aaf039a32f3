// smarteros-cli as a library: the typed API client and the formatting the CLI uses.
export {
  createApiClient,
  ApiError,
  NetworkError,
  type ApiClient,
  type ApiClientOptions,
  type Page,
  type CreateProviderBody,
  type ImportOpenApiBody,
  type CreateCapabilityBody,
  type UpdateCapabilityBody,
  type GatewayLogParams,
  type McpAuditParams,
} from './api-client.ts';
export { createProgram, run, VERSION } from './main.ts';
export { formatClp, formatDate, formatDuration, displayRut, renderTable } from './output.ts';
// The MCP side: a connected SDK client of a server's /mcp, and the stdio bridge of `smarteros mcp serve`.
export { mcpTarget, connectMcp, type McpTarget, type McpConnection } from './mcp-client.ts';
export { startBridge, type Bridge, type BridgeOptions } from './mcp-bridge.ts';
