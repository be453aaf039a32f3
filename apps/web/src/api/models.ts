/**
 * The API shapes the console reads and sends, taken from the types generated from the server's OpenAPI document
 * (schema.d.ts, `npm run generate:web-api`). Nothing here is copied by hand: when a route changes, regenerating moves
 * these types with it and `npm run typecheck` points at every page that no longer fits.
 */
import type { components, paths } from './schema.d.ts';

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Operation<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];

/** The JSON body of an operation's success answer (200 or 201). */
export type Ok<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends { responses: infer R } ? (R extends { 200: infer A } ? Json<A> : R extends { 201: infer A } ? Json<A> : never) : never;

/** The JSON body an operation takes. */
export type Body<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** The query parameters an operation takes. */
export type Query<P extends keyof paths, M extends keyof paths[P]> = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

type Item<L> = L extends { items: Array<infer I> } ? I : L extends Array<infer I> ? I : never;

/** Every error code the server answers with (the kernel's one table); the client adds `network` and `http_<status>`. */
export type ServerErrorCode = components['schemas']['Error']['error']['code'];

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type LoginOutput = Ok<'/api/v1/auth/login', 'post'>;
export type MyTenant = Item<Ok<'/api/v1/me/tenants', 'get'>>;
export type SessionOutput = Item<Ok<'/api/v1/auth/sessions', 'get'>>;

export type OverviewRow = Item<Ok<'/api/v1/overview', 'get'>>;
export type TenantDetail = Ok<'/api/v1/tenants/{id}', 'get'>;
export type ProductOutput = TenantDetail['products'][number];
export type DomainOutput = TenantDetail['domains'][number];
export type IntegrationOutput = TenantDetail['integrations'][number];
export type EventOutput = Item<Ok<'/api/v1/tenants/{id}/events', 'get'>>;
export type CreateTenantBody = Body<'/api/v1/tenants', 'post'>;
export type ProductCode = NonNullable<CreateTenantBody['products']>[number];
export type TenantStatus = NonNullable<Query<'/api/v1/overview', 'get'>['status']>;

export type MemberOutput = Item<Ok<'/api/v1/tenants/{id}/members', 'get'>>;
export type TenantRole = Body<'/api/v1/tenants/{id}/invitations', 'post'>['role'];
export type InvitationOutput = Item<Ok<'/api/v1/tenants/{id}/invitations', 'get'>>;
export type InvitationPreview = Ok<'/api/v1/invitations/inspect', 'post'>;
export type SecurityEventOutput = Item<Ok<'/api/v1/tenants/{id}/security-events', 'get'>>;
export type ApiKeyOutput = Item<Ok<'/api/v1/tenants/{id}/api-keys', 'get'>>;
export type CreatedApiKey = Ok<'/api/v1/tenants/{id}/api-keys', 'post'>;

export type ProviderOutput = Item<Ok<'/api/v1/providers', 'get'>>;
export type ApiCategory = NonNullable<Body<'/api/v1/providers', 'post'>['category']>;
export type ApiAuthType = NonNullable<Body<'/api/v1/providers', 'post'>['auth_type']>;
export type CredentialOutput = NonNullable<ProviderOutput['credential']>;
export type CredentialInput = Body<'/api/v1/providers/{provider_id}/credential', 'put'>;
export type EndpointOutput = Item<Ok<'/api/v1/providers/{provider_id}/endpoints', 'get'>>;
export type CapabilityOutput = Item<Ok<'/api/v1/capabilities', 'get'>>;
export type ImportResultOutput = Ok<'/api/v1/providers/{provider_id}/openapi', 'post'>;
export type InvokeOutput = Ok<'/api/v1/capabilities/{name}/invoke', 'post'>;
export type GatewayRequestOutput = Item<Ok<'/api/v1/gateway/requests', 'get'>>;
export type GatewaySummary = Ok<'/api/v1/gateway/summary', 'get'>;

export type McpPolicy = Ok<'/api/v1/tenants/{id}/mcp/policy', 'get'>;
export type McpPolicyInput = Body<'/api/v1/tenants/{id}/mcp/policy', 'put'>;
export type McpInvocation = Item<Ok<'/api/v1/tenants/{id}/mcp/invocations', 'get'>>;
export type McpOutcome = McpInvocation['outcome'];
export type McpConfirmRole = McpPolicy['confirm_min_role'];

export type ActionOutput = Item<Ok<'/api/v1/actions', 'get'>>;
export type ActionConfirmation = components['schemas']['ActionConfirmation'];
export type ConfirmationRequest = components['schemas']['ConfirmationRequest'];
export type OutboxDelivery = components['schemas']['OutboxDelivery'];
export type OutboxSubscriber = components['schemas']['OutboxSubscriber'];
export type OutboxStatus = components['schemas']['OutboxDeliveryStatus'];
export type RetryBody = Body<'/api/v1/outbox/deliveries/retry', 'post'>;
export type RetryOutput = Ok<'/api/v1/outbox/deliveries/retry', 'post'>;

export type ChatInbox = components['schemas']['ChatInbox'];
export type CreateInboxBody = Body<'/api/v1/chat/inboxes', 'post'>;
/** Connecting a WhatsApp number (the console's form; Telegram bots have their own body). */
export type CreateWhatsAppInboxBody = Extract<CreateInboxBody, { channel_type: 'whatsapp' }>;
export type Conversation = components['schemas']['Conversation'];
export type ConversationPage = components['schemas']['ConversationPage'];
export type ConversationStatus = components['schemas']['ConversationStatus'];
export type ConversationPatch = Body<'/api/v1/chat/conversations/{conversation_id}', 'patch'>;
export type ChatMessage = components['schemas']['ChatMessage'];
export type ChatMessagePage = components['schemas']['ChatMessagePage'];
export type ChatMessageStatus = ChatMessage['status'];
export type PostMessageBody = Body<'/api/v1/chat/conversations/{conversation_id}/messages', 'post'>;
export type ChatLabel = components['schemas']['ChatLabel'];
export type ChatCannedResponse = components['schemas']['ChatCannedResponse'];
export type ChatContact = components['schemas']['ChatContact'];
export type ChatCounts = components['schemas']['ChatCounts'];
export type ContactPatch = Body<'/api/v1/chat/contacts/{contact_id}', 'patch'>;
export type ConversationStatusBody = Body<'/api/v1/chat/conversations/{conversation_id}/status', 'post'>;

/**
 * A list of every member of a union, in the order the console shows them: `all<X>()([...])` fails to compile when a
 * value is missing or is not one of the union's (so a code the server adds or drops is caught here).
 */
const all =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : 'missing a value')): L =>
    list;

export const PRODUCT_CODES = all<ProductCode>()(['chat', 'erp', 'automation', 'analytics', 'ai']);
export const DEFAULT_PRODUCTS: readonly ProductCode[] = ['chat', 'erp', 'automation'];
export const TENANT_STATUSES = all<TenantStatus>()(['trial', 'active', 'suspended', 'cancelled']);
export const TENANT_ROLES = all<TenantRole>()(['owner', 'admin', 'agent', 'viewer']);
export const API_CATEGORIES = all<ApiCategory>()(['erp', 'payments', 'ecommerce', 'custom']);
export const API_AUTH_TYPES = all<ApiAuthType>()(['api_key', 'bearer', 'basic', 'oauth2', 'none']);
export const MCP_OUTCOMES = all<McpOutcome>()(['ok', 'error', 'denied', 'confirmation_required']);
export const OUTBOX_STATUSES = all<OutboxStatus>()(['dead', 'pending', 'delivered']);
export const CONVERSATION_STATUSES = all<ConversationStatus>()(['open', 'pending', 'resolved', 'snoozed']);
export const MCP_CONFIRM_ROLES = all<McpConfirmRole>()(['owner', 'admin', 'agent']);

/** A capability's name: lower-case words separated by dots, such as orders.search (the server checks the same). */
export const CAPABILITY_NAME = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;
/** The server's rule for a new password (identity.schema.ts): at least 12 characters. */
export const PASSWORD_MIN = 12;
/** The server's bounds for calls_per_minute. */
export const MCP_CALLS_PER_MINUTE = { min: 1, max: 1_000_000 } as const;
/** A tool name as the server accepts it in the policy's lists. */
export const MCP_TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
