import { randomUUID } from 'node:crypto';
import { getLang, type Lang } from './i18n.ts';
import type { ApiKeyOutput } from '@smarteros/modules/identity';
import type { DomainOutput, EventOutput, IntegrationOutput, OverviewRowOutput, ProductOutput, TenantDetailOutput, TenantOutput } from '@smarteros/modules/tenancy';
import type {
  CapabilityOutput,
  CloudflareAppOutput,
  CredentialInput,
  EndpointOutput,
  ExposeInput,
  ImportResultOutput,
  ProviderOutput,
  ProviderRegistrationOutput,
  VaultRotateOutput,
  VaultStatusOutput,
} from '@smarteros/modules/registry';
import type { InvokeOutput, RequestLogPage, RequestLogSummary } from '@smarteros/modules/gateway';
import type {
  ActionConfirmationOutput,
  ActionOutput,
  ConfirmationRequest,
  McpInvocationsPage,
  McpPolicy,
  McpPolicyInput,
} from '@smarteros/modules/mcp';
import type { KnowledgeEntryInput, KnowledgeEntryOutput } from '@smarteros/modules/ai';
import type { ConversationOutput, CreateInboxInput, InboxOutput, UpdateInboxInput } from '@smarteros/modules/chat';
import type { CustomerInput, CustomerOutput, OrderInput, OrderOutput, OrderSummaryOutput, ProductImportInput, ProductImportOutput, StockLevelOutput } from '@smarteros/modules/erp';
import type { DeliveryOutput, DeliveryStatus, SubscriberSummary } from '@smarteros/kernel';

/**
 * A typed wrapper over Node's fetch (undici) for the SmarterOS HTTP API: bearer token, JSON, a timeout, an
 * Idempotency-Key on creating POSTs, and the API's one error shape `{ error: { code, message, details } }` as ApiError.
 */

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** The API answered with an error. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
  }
  /** `details.issues` of a validation error: which field, what is wrong. */
  get issues(): Array<{ path: string; message: string }> {
    const issues = this.details?.issues;
    if (!Array.isArray(issues)) return [];
    return issues.flatMap((i: unknown) => {
      if (typeof i !== 'object' || i === null) return [];
      const { path, message } = i as Record<string, unknown>;
      return [{ path: typeof path === 'string' ? path : Array.isArray(path) ? path.join('.') : '', message: String(message ?? '') }];
    });
  }
}

export type NetworkProblem = 'refused' | 'not_found' | 'timeout' | 'not_json' | 'other';

/** No answer from the API: nothing listening, unknown host, timeout, or an answer that is not the API's. */
export class NetworkError extends Error {
  readonly problem: NetworkProblem;
  readonly url: string;
  readonly status: number | undefined;
  readonly timeoutMs: number | undefined;
  constructor(problem: NetworkProblem, url: string, message: string, extra: { status?: number; timeoutMs?: number } = {}) {
    super(message);
    this.name = 'NetworkError';
    this.problem = problem;
    this.url = url;
    this.status = extra.status;
    this.timeoutMs = extra.timeoutMs;
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  token?: string | undefined;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Base of the Idempotency-Key of this run's creating POSTs (default a random UUID). */
  idempotencyBase?: string;
  /** Language of the server's messages, sent as Accept-Language (default the CLI's --lang). */
  lang?: Lang;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** A creating POST: send an Idempotency-Key, and retry it once if the connection drops. */
  create?: boolean;
  /** Send no Authorization header (login). */
  anonymous?: boolean;
  /** More request headers. */
  headers?: Record<string, string>;
}

/** What running an action answers: its result, or (202) the confirmation it waits for. */
export type ActionRunOutput = { result: unknown; confirmation?: undefined } | { confirmation: ConfirmationRequest; result?: undefined };

/** Action calls say they come from the CLI, so the audit can tell (a label, not a credential). */
const FROM_CLI = { 'x-smarteros-source': 'cli' };

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface LoginResult {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  role: string;
  tenant_id: string | null;
}

export interface PrincipalResult {
  kind: string;
  id: string;
  role: string;
  tenant_id: string | null;
}

export interface CreatedApiKey {
  id: string;
  key: string;
  name: string;
  role: string;
  hint: string;
}

export interface CreateTenantBody {
  rut: string;
  business_name: string;
  contact_email: string;
  plan?: string;
  products?: string[];
}

export interface ListTenantsParams {
  q?: string | undefined;
  status?: string | undefined;
  plan?: string | undefined;
  product?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface SetIntegrationBody {
  integration_type: string;
  external_id?: string;
  external_ref?: Record<string, unknown>;
  status?: string;
}

export type StatusAction = 'suspend' | 'reactivate' | 'cancel';

/** POST /api/v1/providers (the credential's secret travels only in this body, never in a URL). */
export interface CreateProviderBody {
  name: string;
  base_url: string;
  category?: string;
  auth_type?: string;
  description?: string;
  credential?: CredentialInput;
  openapi?: string;
  openapi_url?: string;
  expose?: ExposeInput[];
}

export interface ImportOpenApiBody {
  document?: string;
  url?: string;
  expose?: ExposeInput[];
}

export interface CreateCapabilityBody {
  capability_name: string;
  endpoint_id: string;
  description?: string;
  kind?: 'read' | 'write';
  requires_confirmation?: boolean;
  rate_limit_per_minute?: number;
  enabled?: boolean;
}

export interface UpdateCapabilityBody {
  description?: string | null;
  kind?: 'read' | 'write';
  requires_confirmation?: boolean;
  rate_limit_per_minute?: number | null;
  enabled?: boolean;
}

export interface DeliveriesParams {
  status?: DeliveryStatus | undefined;
  subscriber?: string | undefined;
  topic?: string | undefined;
  tenant_id?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export type RetryDeliveriesBody = { subscriber: string; tenant_id?: string | undefined } & ({ event_id: number } | { all_dead: true });

export interface GatewayLogParams {
  capability?: string | undefined;
  outcome?: 'ok' | 'error' | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** GET /api/v1/tenants/:id/mcp/invocations: the MCP audit, newest first. */
export interface McpAuditParams {
  tool?: string | undefined;
  outcome?: 'ok' | 'error' | 'denied' | 'confirmation_required' | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

const RETRYABLE = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function causeCode(err: unknown): string | undefined {
  const cause = (err as { cause?: unknown }).cause;
  if (typeof cause === 'object' && cause !== null) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const nested = (cause as { errors?: unknown }).errors;
    if (Array.isArray(nested)) {
      for (const e of nested) {
        const c = (e as { code?: unknown }).code;
        if (typeof c === 'string') return c;
      }
    }
  }
  return undefined;
}

const isAbort = (err: unknown): boolean => {
  const name = (err as { name?: unknown }).name;
  return name === 'TimeoutError' || name === 'AbortError';
};

/**
 * What a failed fetch() to the API means, as a NetworkError: a timeout (or abort), nothing listening, an unknown host,
 * or another socket problem. Also used by the MCP commands, whose requests the MCP SDK makes.
 */
export function fetchFailure(err: unknown, baseUrl: string, timeoutMs?: number): NetworkError {
  if (isAbort(err)) return new NetworkError('timeout', baseUrl, `timeout after ${timeoutMs ?? 0} ms`, timeoutMs !== undefined ? { timeoutMs } : {});
  const code = causeCode(err);
  if (code === 'ECONNREFUSED') return new NetworkError('refused', baseUrl, 'connection refused');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new NetworkError('not_found', baseUrl, 'host not found');
  const cause = (err as { cause?: unknown }).cause;
  const why = code ?? (cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err));
  return new NetworkError('other', baseUrl, why);
}

/** The API's one error shape `{ error: { code, message, details } }` as an ApiError; undefined for any other body. */
export function apiErrorOf(status: number, body: unknown): ApiError | undefined {
  const error = (body as { error?: Partial<ApiErrorBody> } | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(status, { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
  }
  return undefined;
}

const seg = (value: string): string => encodeURIComponent(value);

export function createApiClient(options: ApiClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const idempotencyBase = options.idempotencyBase ?? randomUUID();
  let creates = 0;

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const url = new URL(`${baseUrl}${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-language': (options.lang ?? getLang()) === 'en' ? 'en' : 'es-CL',
      // The sessions list shows this as "SmarterOS CLI".
      'user-agent': `smarteros-cli node/${process.versions.node}`,
    };
    if (options.token && !opts.anonymous) headers.authorization = `Bearer ${options.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    // One key per creating POST of this run; a retry of that POST reuses it, so the server answers the first result.
    if (opts.create) headers['idempotency-key'] = `${idempotencyBase}.${++creates}`;
    Object.assign(headers, opts.headers);
    const retries = opts.create || method === 'GET' ? 1 : 0;

    let res: Response | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        res = await doFetch(url, {
          method,
          headers,
          ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
        break;
      } catch (err) {
        const code = causeCode(err);
        if (attempt < retries && code && RETRYABLE.has(code) && !isAbort(err)) continue;
        throw fetchFailure(err, baseUrl, timeoutMs);
      }
    }

    const text = await res.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new NetworkError('not_json', baseUrl, `HTTP ${res.status}`, { status: res.status });
      }
    }
    if (!res.ok) {
      const apiError = apiErrorOf(res.status, parsed);
      if (apiError) throw apiError;
      throw new ApiError(res.status, { code: res.status === 401 ? 'unauthorized' : 'internal', message: `HTTP ${res.status} ${res.statusText}`.trim() });
    }
    return parsed as T;
  }

  const tenantPath = (ref: string) => `/api/v1/tenants/${seg(ref)}`;
  /** Registry and gateway routes take the tenant from the credential; platform admins name it with ?tenant_id=. */
  const sel = (tenant: string | undefined) => ({ tenant_id: tenant });
  const providerPath = (id: string) => `/api/v1/providers/${seg(id)}`;
  const capabilityPath = (name: string) => `/api/v1/capabilities/${seg(name)}`;

  return {
    baseUrl,
    request,
    login: (email: string, password: string) =>
      request<LoginResult>('POST', '/api/v1/auth/login', { body: { email, password }, anonymous: true }),
    me: () => request<PrincipalResult>('GET', '/api/v1/auth/me'),

    listTenants: (params: ListTenantsParams) => request<Page<TenantOutput>>('GET', '/api/v1/tenants', { query: { ...params } }),
    overview: (params: ListTenantsParams) => request<Page<OverviewRowOutput>>('GET', '/api/v1/overview', { query: { ...params } }),
    createTenant: (body: CreateTenantBody) => request<TenantDetailOutput>('POST', '/api/v1/tenants', { body, create: true }),
    getTenant: (ref: string) => request<TenantDetailOutput>('GET', tenantPath(ref)),
    changeStatus: (ref: string, action: StatusAction, reason?: string) =>
      request<TenantDetailOutput>('POST', `${tenantPath(ref)}/${action}`, { body: reason ? { reason } : {} }),

    listProducts: (ref: string) => request<{ items: ProductOutput[] }>('GET', `${tenantPath(ref)}/products`),
    activateProduct: (ref: string, body: { product_code: string; mode: 'trial' | 'subscription'; plan?: string }) =>
      request<ProductOutput>('POST', `${tenantPath(ref)}/products`, { body, create: true }),
    deactivateProduct: (ref: string, product: string) => request<ProductOutput>('DELETE', `${tenantPath(ref)}/products/${seg(product)}`),

    listDomains: (ref: string) => request<{ items: DomainOutput[] }>('GET', `${tenantPath(ref)}/domains`),
    addDomain: (ref: string, body: { subdomain?: string; domain?: string; domain_type?: string }) =>
      request<DomainOutput>('POST', `${tenantPath(ref)}/domains`, { body, create: true }),
    verifyDomain: (ref: string, domainId: string) => request<DomainOutput>('POST', `${tenantPath(ref)}/domains/${seg(domainId)}/verify`),

    listIntegrations: (ref: string) => request<{ items: IntegrationOutput[] }>('GET', `${tenantPath(ref)}/integrations`),
    setIntegration: (ref: string, body: SetIntegrationBody) => request<IntegrationOutput>('POST', `${tenantPath(ref)}/integrations`, { body }),

    createApiKey: (ref: string, body: { name: string; role?: string }) =>
      request<CreatedApiKey>('POST', `${tenantPath(ref)}/api-keys`, { body, create: true }),
    listApiKeys: (ref: string) => request<{ items: ApiKeyOutput[] }>('GET', `${tenantPath(ref)}/api-keys`),
    revokeApiKey: (ref: string, keyId: string) => request<null>('DELETE', `${tenantPath(ref)}/api-keys/${seg(keyId)}`),

    listEvents: (ref: string, limit?: number) => request<{ items: EventOutput[] }>('GET', `${tenantPath(ref)}/events`, { query: { limit } }),
    listDeliveries: (params: DeliveriesParams) => request<{ items: DeliveryOutput[]; next_cursor: string | null }>('GET', '/api/v1/outbox/deliveries', { query: { ...params } }),
    outboxSubscribers: (tenant: string | undefined) => request<{ items: SubscriberSummary[] }>('GET', '/api/v1/outbox/subscribers', { query: sel(tenant) }),
    /** Not retried on a dropped connection: retrying twice is harmless (the second finds nothing dead) but says 409. */
    retryDeliveries: (body: RetryDeliveriesBody) => request<{ retried: number }>('POST', '/api/v1/outbox/deliveries/retry', { body }),

    // The API registry. Not marked `create`: these routes keep no Idempotency-Key, so a dropped POST is not retried.
    listProviders: (tenant: string | undefined) => request<{ items: ProviderOutput[] }>('GET', '/api/v1/providers', { query: sel(tenant) }),
    createProvider: (tenant: string | undefined, body: CreateProviderBody) =>
      request<ProviderRegistrationOutput>('POST', '/api/v1/providers', { query: sel(tenant), body }),
    getProvider: (tenant: string | undefined, id: string) => request<ProviderOutput>('GET', providerPath(id), { query: sel(tenant) }),
    deleteProvider: (tenant: string | undefined, id: string) => request<null>('DELETE', providerPath(id), { query: sel(tenant) }),
    setCredential: (tenant: string | undefined, id: string, body: CredentialInput) =>
      request<ProviderOutput>('PUT', `${providerPath(id)}/credential`, { query: sel(tenant), body }),
    importOpenApi: (tenant: string | undefined, id: string, body: ImportOpenApiBody) =>
      request<ImportResultOutput>('POST', `${providerPath(id)}/openapi`, { query: sel(tenant), body }),
    listEndpoints: (tenant: string | undefined, id: string) => request<{ items: EndpointOutput[] }>('GET', `${providerPath(id)}/endpoints`, { query: sel(tenant) }),

    listCapabilities: (tenant: string | undefined) => request<{ items: CapabilityOutput[] }>('GET', '/api/v1/capabilities', { query: sel(tenant) }),
    getCapability: (tenant: string | undefined, name: string) => request<CapabilityOutput>('GET', capabilityPath(name), { query: sel(tenant) }),
    createCapability: (tenant: string | undefined, body: CreateCapabilityBody) =>
      request<CapabilityOutput>('POST', '/api/v1/capabilities', { query: sel(tenant), body }),
    updateCapability: (tenant: string | undefined, name: string, body: UpdateCapabilityBody) =>
      request<CapabilityOutput>('PATCH', capabilityPath(name), { query: sel(tenant), body }),
    deleteCapability: (tenant: string | undefined, name: string) => request<null>('DELETE', capabilityPath(name), { query: sel(tenant) }),
    /** Calls the capability once: never retried (a write capability must not run twice). */
    invokeCapability: (tenant: string | undefined, name: string, input: Record<string, unknown>) =>
      request<InvokeOutput>('POST', `${capabilityPath(name)}/invoke`, { query: sel(tenant), body: input }),

    gatewayLog: (tenant: string | undefined, params: GatewayLogParams) =>
      request<RequestLogPage>('GET', '/api/v1/gateway/requests', { query: { ...params, ...sel(tenant) } }),
    gatewaySummary: (tenant: string | undefined, window: { from?: string | undefined; to?: string | undefined } = {}) =>
      request<RequestLogSummary>('GET', '/api/v1/gateway/summary', { query: { ...window, ...sel(tenant) } }),

    listCloudflareApps: (tenant: string | undefined) =>
      request<{ items: CloudflareAppOutput[] }>('GET', '/api/v1/cloudflare-apps', { query: sel(tenant) }),

    // MCP: the tenant's AI-control policy and the invocation audit (the tenant in the path: id or RUT).
    mcpPolicy: (ref: string) => request<McpPolicy>('GET', `${tenantPath(ref)}/mcp/policy`),
    setMcpPolicy: (ref: string, body: McpPolicyInput) => request<McpPolicy>('PUT', `${tenantPath(ref)}/mcp/policy`, { body }),
    mcpInvocations: (ref: string, params: McpAuditParams) =>
      request<McpInvocationsPage>('GET', `${tenantPath(ref)}/mcp/invocations`, { query: { ...params } }),

    // Actions: the catalog under the tenant's AI-control policy, running one, and writes waiting for confirmation.
    listActions: (tenant: string | undefined) => request<{ items: ActionOutput[] }>('GET', '/api/v1/actions', { query: sel(tenant) }),
    /** Runs it once: never retried (a write must not run twice). */
    runAction: (tenant: string | undefined, name: string, input: Record<string, unknown>) =>
      request<ActionRunOutput>('POST', `/api/v1/actions/${seg(name)}/run`, { query: sel(tenant), body: input, headers: FROM_CLI }),
    listConfirmations: (tenant: string | undefined, status: string | undefined) =>
      request<{ items: ActionConfirmationOutput[] }>('GET', '/api/v1/actions/confirmations', { query: { ...sel(tenant), status } }),
    approveConfirmation: (tenant: string | undefined, id: string) =>
      request<{ confirmation: ActionConfirmationOutput; result: unknown }>('POST', `/api/v1/actions/confirmations/${seg(id)}/approve`, { query: sel(tenant), headers: FROM_CLI }),
    rejectConfirmation: (tenant: string | undefined, id: string) =>
      request<ActionConfirmationOutput>('POST', `/api/v1/actions/confirmations/${seg(id)}/reject`, { query: sel(tenant), headers: FROM_CLI }),

    // The assistant's knowledge (the credential's tenant; platform admins name it). Not marked `create`: no Idempotency-Key.
    listKnowledge: (tenant: string | undefined, tag?: string) => request<{ items: KnowledgeEntryOutput[] }>('GET', '/api/v1/ai/knowledge', { query: { ...sel(tenant), tag } }),
    addKnowledge: (tenant: string | undefined, body: KnowledgeEntryInput) => request<KnowledgeEntryOutput>('POST', '/api/v1/ai/knowledge', { query: sel(tenant), body }),

    // Chat inboxes (the credential's tenant; platform admins name it). Secrets go in, never come back.
    listInboxes: (tenant: string | undefined) => request<{ items: InboxOutput[] }>('GET', '/api/v1/chat/inboxes', { query: sel(tenant) }),
    createInbox: (tenant: string | undefined, body: CreateInboxInput) => request<InboxOutput>('POST', '/api/v1/chat/inboxes', { query: sel(tenant), body }),
    updateInbox: (tenant: string | undefined, id: string, body: UpdateInboxInput) => request<InboxOutput>('PATCH', `/api/v1/chat/inboxes/${seg(id)}`, { query: sel(tenant), body }),
    listConversations: (tenant: string | undefined, query: Record<string, string | undefined>) =>
      request<{ items: ConversationOutput[]; next_cursor: string | null }>('GET', '/api/v1/chat/conversations', { query: { ...sel(tenant), ...query } }),

    // The ERP (the credential's tenant; platform admins name it). An import batch is an upsert by SKU: safe to retry.
    importProducts: (tenant: string | undefined, body: ProductImportInput) => request<ProductImportOutput>('POST', '/api/v1/erp/products/import', { query: sel(tenant), body, create: true }),
    stockLevels: (tenant: string | undefined, query: Record<string, string | undefined>) =>
      request<{ items: StockLevelOutput[]; total: number }>('GET', '/api/v1/erp/stock', { query: { ...sel(tenant), ...query } }),
    listOrders: (tenant: string | undefined, query: Record<string, string | undefined>) =>
      request<{ items: OrderSummaryOutput[]; next_cursor: string | null }>('GET', '/api/v1/erp/orders', { query: { ...sel(tenant), ...query } }),
    getOrder: (tenant: string | undefined, id: string) => request<OrderOutput>('GET', `/api/v1/erp/orders/${seg(id)}`, { query: sel(tenant) }),
    createOrder: (tenant: string | undefined, body: OrderInput) => request<OrderOutput>('POST', '/api/v1/erp/orders', { query: sel(tenant), body, create: true }),
    moveOrder: (tenant: string | undefined, id: string, to: 'confirm' | 'complete' | 'cancel') => request<OrderOutput>('POST', `/api/v1/erp/orders/${seg(id)}/${to}`, { query: sel(tenant) }),
    payOrder: (tenant: string | undefined, id: string, body: { method: 'transfer' | 'cash' | 'card_terminal'; amount?: number; reference?: string }) =>
      request<OrderOutput>('POST', `/api/v1/erp/orders/${seg(id)}/pay`, { query: sel(tenant), body, create: true }),
    listCustomers: (tenant: string | undefined, query: Record<string, string | undefined>) =>
      request<{ items: CustomerOutput[]; total: number }>('GET', '/api/v1/erp/customers', { query: { ...sel(tenant), ...query } }),
    createCustomer: (tenant: string | undefined, body: CustomerInput) => request<CustomerOutput>('POST', '/api/v1/erp/customers', { query: sel(tenant), body, create: true }),

    vaultStatus: () => request<VaultStatusOutput>('GET', '/api/v1/vault/status'),
    vaultRotate: (batchSize?: number) =>
      request<VaultRotateOutput>('POST', '/api/v1/vault/rotate', { body: batchSize !== undefined ? { batch_size: batchSize } : {} }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
