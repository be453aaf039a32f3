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
} from './api-client.ts';
export { createProgram, run, VERSION } from './main.ts';
export { formatClp, formatDate, formatDuration, displayRut, renderTable } from './output.ts';
