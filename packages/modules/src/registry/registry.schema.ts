import { API_AUTH_TYPES, API_CATEGORIES, ENDPOINT_METHODS } from '@smarteros/kernel';
import { z } from 'zod';

/**
 * Input and output shapes of the registry (providers, credentials, endpoints, capabilities, Cloudflare apps).
 * The HTTP routes, the OpenAPI document and the CLI use these declarations. No output shape has a field that could hold
 * a secret: credentials answer with a fingerprint and the last 4 characters.
 */

export const apiCategory = z.enum(API_CATEGORIES as [string, ...string[]]).meta({ description: 'erp, payments, ecommerce or custom' });
export const apiAuthType = z.enum(API_AUTH_TYPES as [string, ...string[]]).meta({ description: 'api_key, bearer, basic, oauth2 or none' });
export const endpointMethod = z.enum(ENDPOINT_METHODS as [string, ...string[]]);

const providerName = z.string().trim().min(1).max(100);
const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL without user:password');
export const capabilityName = z
  .string()
  .trim()
  .max(64)
  .regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/, 'must be lower-case words separated by dots, such as orders.search')
  .refine((v) => !v.startsWith('smarteros.'), 'names starting with smarteros. are the platform\'s own tools')
  .meta({ description: 'e.g. orders.search', example: 'orders.search' });
/** An HTTP header name that may carry a credential; the hop-by-hop and framing headers are refused. */
const headerName = z
  .string()
  .trim()
  .max(100)
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be an HTTP header name')
  .refine((v) => !['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'cookie', 'upgrade', 'te', 'trailer'].includes(v.toLowerCase()), 'cannot be a framing or hop-by-hop header');

export const credentialInput = z
  .object({
    secret: z.string().min(1).max(4096).meta({ description: 'The API key, token, password or OAuth2 client secret. Write-only: never returned.' }),
    header_name: headerName.optional().meta({ description: 'api_key: the header that carries it (default X-API-Key)' }),
    query_name: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_.~-]+$/, 'must be a query parameter name').optional().meta({ description: 'api_key: send it as this query parameter instead of a header' }),
    username: z.string().min(1).max(256).optional().meta({ description: 'basic: the user name' }),
    client_id: z.string().min(1).max(512).optional().meta({ description: 'oauth2: the client id' }),
    token_url: httpUrl.optional().meta({ description: 'oauth2: the token endpoint (client credentials grant)' }),
    scopes: z.array(z.string().trim().min(1).max(200)).max(50).optional().meta({ description: 'oauth2: scopes to request' }),
    audience: z.string().trim().min(1).max(512).optional().meta({ description: 'oauth2: audience to request (Auth0 style)' }),
    token_auth: z.enum(['basic', 'post']).optional().meta({ description: 'oauth2: client_secret_basic (default) or client_secret_post' }),
  })
  .strict();
export type CredentialInput = z.infer<typeof credentialInput>;

/** The OpenAPI document: JSON or YAML text, or the parsed object. */
const openapiDocument = z
  .union([z.string().min(1).max(5 * 1024 * 1024), z.record(z.string(), z.unknown())])
  .meta({ description: 'An OpenAPI 3.0 or 3.1 document: JSON or YAML text, or the parsed JSON object' });

export const exposeInput = z
  .object({
    operation: z.string().trim().min(1).max(128).meta({ description: 'operationId or semantic_name of an imported endpoint' }),
    capability_name: capabilityName,
    description: z.string().trim().max(1000).optional(),
    kind: z.enum(['read', 'write']).optional().meta({ description: 'Default: read for GET and HEAD, write otherwise' }),
    requires_confirmation: z.boolean().optional().meta({ description: 'Default: true for write capabilities' }),
    rate_limit_per_minute: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();
export type ExposeInput = z.infer<typeof exposeInput>;

const exposeList = z
  .array(exposeInput)
  .max(500)
  .refine((a) => new Set(a.map((e) => e.capability_name)).size === a.length, 'must not repeat a capability_name');

export const createProviderInput = z
  .object({
    name: providerName,
    base_url: httpUrl.meta({ description: 'Where the API lives, e.g. https://api.miempresa.cl/v1' }),
    category: apiCategory.default('custom'),
    auth_type: apiAuthType.default('none'),
    description: z.string().trim().max(1000).optional(),
    credential: credentialInput.optional(),
    openapi: openapiDocument.optional(),
    openapi_url: httpUrl.optional().meta({ description: 'Fetch the OpenAPI document from this URL (through the egress guard)' }),
    expose: exposeList.optional().meta({ description: 'Imported operations to publish as capabilities' }),
  })
  .strict();
export type CreateProviderInput = z.infer<typeof createProviderInput>;

/** The seed's POST /api/providers: the same with the tenant in the body. */
export const seedCreateProviderInput = createProviderInput.extend({ tenant_id: z.string().min(1).max(64).meta({ description: 'Tenant id or RUT' }) });

export const updateProviderInput = z
  .object({
    name: providerName.optional(),
    base_url: httpUrl.optional(),
    category: apiCategory.optional(),
    auth_type: apiAuthType.optional(),
    description: z.string().trim().max(1000).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'give at least one field to change');
export type UpdateProviderInput = z.infer<typeof updateProviderInput>;

export const importOpenApiInput = z
  .object({
    document: openapiDocument.optional(),
    url: httpUrl.optional(),
    expose: exposeList.optional(),
  })
  .strict()
  .refine((v) => (v.document === undefined) !== (v.url === undefined), 'give either document or url');
export type ImportOpenApiInput = z.infer<typeof importOpenApiInput>;

const jsonSchemaObject = z.record(z.string(), z.unknown()).refine((s) => JSON.stringify(s).length <= 256 * 1024, 'must be at most 256 KB as JSON');

export const createEndpointInput = z
  .object({
    semantic_name: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'letters, digits, _ . and - (at most 128)'),
    method: endpointMethod,
    path: z.string().trim().max(2048).regex(/^\/[^\s?#]*$/, 'must start with / and have no query or fragment'),
    summary: z.string().trim().max(500).optional(),
    schema_in: jsonSchemaObject.optional().meta({ description: 'JSON Schema of the input; each property says where it goes with "x-in": path, query, header or body' }),
    schema_out: jsonSchemaObject.nullable().optional(),
  })
  .strict();
export type CreateEndpointInput = z.infer<typeof createEndpointInput>;

export const updateEndpointInput = z
  .object({
    enabled: z.boolean().optional(),
    summary: z.string().trim().max(500).nullable().optional(),
    schema_out: jsonSchemaObject.nullable().optional().meta({ description: 'null stops checking answers against a schema' }),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'give at least one field to change');
export type UpdateEndpointInput = z.infer<typeof updateEndpointInput>;

export const createCapabilityInput = z
  .object({
    capability_name: capabilityName,
    endpoint_id: z.uuid(),
    description: z.string().trim().max(1000).optional(),
    kind: z.enum(['read', 'write']).optional(),
    requires_confirmation: z.boolean().optional(),
    rate_limit_per_minute: z.number().int().min(1).max(1_000_000).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type CreateCapabilityInput = z.infer<typeof createCapabilityInput>;

export const updateCapabilityInput = z
  .object({
    description: z.string().trim().max(1000).nullable().optional(),
    kind: z.enum(['read', 'write']).optional(),
    requires_confirmation: z.boolean().optional(),
    rate_limit_per_minute: z.number().int().min(1).max(1_000_000).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'give at least one field to change');
export type UpdateCapabilityInput = z.infer<typeof updateCapabilityInput>;

export const createCloudflareAppInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    team_domain: z.string().trim().toLowerCase().regex(/^[a-z0-9-]+\.cloudflareaccess\.com$/, 'must be <team>.cloudflareaccess.com'),
    audience: z.string().trim().regex(/^[A-Za-z0-9]{16,128}$/, 'must be the application AUD tag'),
  })
  .strict();
export type CreateCloudflareAppInput = z.infer<typeof createCloudflareAppInput>;

// ---------------------------------------------------------------------------------------------------------------
// Outputs

export const credentialOutput = z
  .object({
    fingerprint: z.string().meta({ description: 'Tells secrets apart without revealing them' }),
    last4: z.string().meta({ description: 'The last 4 characters (empty for secrets under 12 characters)' }),
    header_name: z.string().nullable(),
    query_name: z.string().nullable(),
    username: z.string().nullable(),
    client_id: z.string().nullable(),
    token_url: z.string().nullable(),
    scopes: z.array(z.string()),
    audience: z.string().nullable(),
    updated_at: z.string(),
  })
  .meta({ id: 'Credential' });
export type CredentialOutput = z.infer<typeof credentialOutput>;

export const providerOutput = z
  .object({
    id: z.string(),
    tenant_id: z.string(),
    name: z.string(),
    base_url: z.string(),
    category: z.string(),
    auth_type: z.string(),
    description: z.string().nullable(),
    enabled: z.boolean(),
    openapi: z.object({ title: z.string().nullable(), version: z.string().nullable(), sha256: z.string().nullable(), source_url: z.string().nullable(), imported_at: z.string() }).nullable(),
    credential: credentialOutput.nullable(),
    endpoint_count: z.number().int(),
    capability_count: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'ApiProvider' });
export type ProviderOutput = z.infer<typeof providerOutput>;

export const endpointOutput = z
  .object({
    id: z.string(),
    provider_id: z.string(),
    operation_id: z.string().nullable(),
    semantic_name: z.string(),
    method: z.string(),
    path: z.string(),
    summary: z.string().nullable(),
    schema_in: z.record(z.string(), z.unknown()),
    schema_out: z.record(z.string(), z.unknown()).nullable(),
    deprecated: z.boolean(),
    enabled: z.boolean(),
    source: z.string(),
    capabilities: z.array(z.string()),
  })
  .meta({ id: 'ApiEndpoint' });
export type EndpointOutput = z.infer<typeof endpointOutput>;

export const capabilityOutput = z
  .object({
    id: z.string(),
    capability_name: z.string(),
    description: z.string().nullable(),
    enabled: z.boolean(),
    kind: z.enum(['read', 'write']),
    requires_confirmation: z.boolean(),
    rate_limit_per_minute: z.number().int().nullable(),
    endpoint: z.object({ id: z.string(), semantic_name: z.string(), method: z.string(), path: z.string() }),
    provider: z.object({ id: z.string(), name: z.string() }),
    schema_in: z.record(z.string(), z.unknown()),
    schema_out: z.record(z.string(), z.unknown()).nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Capability' });
export type CapabilityOutput = z.infer<typeof capabilityOutput>;

export const providerRegistrationOutput = providerOutput.extend({
  endpoints: z.array(z.object({ id: z.string(), semantic_name: z.string(), method: z.string(), path: z.string() })),
  capabilities: z.array(z.object({ id: z.string(), capability_name: z.string() })),
});
export type ProviderRegistrationOutput = z.infer<typeof providerRegistrationOutput>;

export const importResultOutput = z.object({
  provider_id: z.string(),
  title: z.string(),
  version: z.string(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  removed: z.number().int().meta({ description: 'Endpoints no longer in the document: disabled, never deleted (capabilities may use them)' }),
  endpoints: z.array(z.object({ id: z.string(), semantic_name: z.string(), method: z.string(), path: z.string() })),
  capabilities: z.array(z.object({ id: z.string(), capability_name: z.string() })),
});
export type ImportResultOutput = z.infer<typeof importResultOutput>;

export const cloudflareAppOutput = z.object({
  id: z.string(),
  name: z.string(),
  team_domain: z.string(),
  audience: z.string(),
  enabled: z.boolean(),
  created_at: z.string(),
});
export type CloudflareAppOutput = z.infer<typeof cloudflareAppOutput>;

export const vaultRotateInput = z.object({ batch_size: z.number().int().min(1).max(10_000).default(500) }).strict();
export const vaultRotateOutput = z.object({
  current_key_id: z.string(),
  rotated: z.number().int(),
  remaining: z.number().int(),
  total: z.number().int(),
});
export type VaultRotateOutput = z.infer<typeof vaultRotateOutput>;
export const vaultStatusOutput = z.object({
  current_key_id: z.string(),
  keys: z.array(z.object({ key_id: z.string(), configured: z.boolean(), current: z.boolean(), data_keys: z.number().int() })),
});
export type VaultStatusOutput = z.infer<typeof vaultStatusOutput>;
