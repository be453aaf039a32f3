import { AppError, canonicalJson, isUuid, sha256Hex, type Clock, type Database, type EgressGuard, type EndpointMethod, type Tx } from '@smarteros/kernel';
import { recordSecurityEvent } from '../identity/index.ts';
import { sql, type Selectable } from 'kysely';
import type { DB } from '@smarteros/kernel';
import { parseOpenApi, type EndpointDraft, type ParsedApi } from './openapi.ts';
import type {
  CapabilityOutput,
  CloudflareAppOutput,
  CreateCapabilityInput,
  CreateCloudflareAppInput,
  CreateEndpointInput,
  CreateProviderInput,
  CredentialInput,
  CredentialOutput,
  EndpointOutput,
  ExposeInput,
  ImportOpenApiInput,
  ImportResultOutput,
  ProviderOutput,
  ProviderRegistrationOutput,
  UpdateCapabilityInput,
  UpdateEndpointInput,
  UpdateProviderInput,
} from './registry.schema.ts';
import type { Vault } from './vault.service.ts';

/**
 * The registry: a company's APIs (providers), their credentials (in the vault), endpoints (imported from OpenAPI or
 * declared) and the capabilities people, automations and AI models call. Every operation runs inside the tenant's
 * row-level security; each command is one transaction.
 */
export interface RegistryDeps {
  db: Database;
  clock: Clock;
  vault: Vault;
  egress: EgressGuard;
  /** Largest OpenAPI document fetched by URL (bytes). */
  maxDocumentBytes?: number;
}

export interface Actor {
  id: string;
}

type ProviderRow = Selectable<DB['api_providers']>;
type EndpointRow = Selectable<DB['api_endpoints']>;
type CapabilityRow = Selectable<DB['mcp_capabilities']>;
type CredentialRow = Selectable<DB['api_credentials']>;

/** Everything the gateway needs to call one capability, read in one query. */
export interface CapabilityForCall {
  capability: Pick<CapabilityRow, 'id' | 'capability_name' | 'kind' | 'requires_confirmation' | 'rate_limit_per_minute' | 'enabled' | 'description'>;
  endpoint: Pick<EndpointRow, 'id' | 'method' | 'path' | 'enabled' | 'semantic_name'> & { schema_in: Record<string, unknown>; schema_out: Record<string, unknown> | null; updated_at: Date };
  provider: Pick<ProviderRow, 'id' | 'name' | 'base_url' | 'auth_type' | 'enabled'>;
  credential:
    | {
        id: string;
        ciphertext: Buffer;
        metadata: Record<string, unknown>;
        updated_at: Date;
        data_key: { id: string; master_key_id: string; wrapped_key: Buffer };
      }
    | null;
}

const iso = (d: Date | string): string => new Date(d).toISOString();
const DEFAULT_SCHEMA_IN = { type: 'object', properties: {}, additionalProperties: false };
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const json = (v: unknown): string => JSON.stringify(v);

/** Checks a credential against its auth type. `at` is where the credential sits in the request body. */
function credentialMetadata(auth: string, c: CredentialInput, at: 'body.credential' | 'body'): Record<string, unknown> {
  const field = (name: string) => `${at}.${name}`;
  const bad = (name: string, message: string) => new AppError('validation_failed', `${field(name)}: ${message}`, { issues: [{ path: field(name), message }] });
  const only = (allowed: string[]) => {
    for (const key of ['header_name', 'query_name', 'username', 'client_id', 'token_url', 'scopes', 'audience', 'token_auth'] as const) {
      if (c[key] !== undefined && !allowed.includes(key)) throw bad(key, `does not apply to auth_type ${auth}`);
    }
  };
  switch (auth) {
    case 'none':
      throw new AppError('validation_failed', `${at}: auth_type none takes no credential`, { issues: [{ path: at, message: 'not allowed with auth_type none' }] });
    case 'api_key':
      only(['header_name', 'query_name']);
      if (c.header_name && c.query_name) throw bad('query_name', 'give header_name or query_name, not both');
      return c.query_name ? { query_name: c.query_name } : { header_name: c.header_name ?? 'X-API-Key' };
    case 'bearer':
      only([]);
      return {};
    case 'basic':
      only(['username']);
      if (!c.username) throw bad('username', 'is required for basic authentication');
      if (c.username.includes(':')) throw bad('username', 'cannot contain ":"');
      return { username: c.username };
    case 'oauth2':
      only(['client_id', 'token_url', 'scopes', 'audience', 'token_auth']);
      if (!c.client_id) throw bad('client_id', 'is required for oauth2 (client credentials)');
      if (!c.token_url) throw bad('token_url', 'is required for oauth2 (client credentials)');
      return { client_id: c.client_id, token_url: c.token_url, scopes: c.scopes ?? [], ...(c.audience ? { audience: c.audience } : {}), token_auth: c.token_auth ?? 'basic' };
    default:
      throw bad('secret', `unknown auth_type ${auth}`);
  }
}

function toCredential(row: Pick<CredentialRow, 'fingerprint' | 'last4' | 'metadata' | 'updated_at'>): CredentialOutput {
  const m = row.metadata as Record<string, unknown>;
  const s = (k: string) => (typeof m[k] === 'string' ? (m[k] as string) : null);
  return {
    fingerprint: row.fingerprint,
    last4: row.last4,
    header_name: s('header_name'),
    query_name: s('query_name'),
    username: s('username'),
    client_id: s('client_id'),
    token_url: s('token_url'),
    scopes: Array.isArray(m.scopes) ? (m.scopes as string[]) : [],
    audience: s('audience'),
    updated_at: iso(row.updated_at),
  };
}

function toEndpoint(row: EndpointRow, capabilities: string[] = []): EndpointOutput {
  return {
    id: row.id,
    provider_id: row.provider_id,
    operation_id: row.operation_id,
    semantic_name: row.semantic_name,
    method: row.method,
    path: row.path,
    summary: row.summary,
    schema_in: row.schema_in,
    schema_out: row.schema_out,
    deprecated: row.deprecated,
    enabled: row.enabled,
    source: row.source,
    capabilities,
  };
}

export function createRegistryService(deps: RegistryDeps) {
  const { db, clock, vault, egress } = deps;
  const maxDocumentBytes = deps.maxDocumentBytes ?? 5 * 1024 * 1024;
  const listeners = new Set<(tenantId: string) => void>();
  const changed = (tenantId: string) => {
    for (const fn of listeners) fn(tenantId);
  };

  /** A URL the platform will call must be one the egress guard accepts (the DNS check runs again at every call). */
  function checkUrl(url: string, path = 'body.base_url'): void {
    try {
      egress.checkUrl(url);
    } catch (err) {
      if (err instanceof AppError) throw new AppError(err.code, `${path}: ${err.message}`, { ...err.details, field: path.split('.').at(-1), issues: [{ path, message: err.message }] });
      throw err;
    }
  }

  async function fetchDocument(url: string, path: string): Promise<string> {
    checkUrl(url, path);
    const res = await egress.fetch(url, { headers: { accept: 'application/json, application/yaml, text/yaml, */*' }, signal: AbortSignal.timeout(15_000) });
    if (!res.ok) {
      await res.body?.cancel();
      throw new AppError('unprocessable', `The OpenAPI document could not be fetched: the server answered ${res.status}`, { status: res.status });
    }
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > maxDocumentBytes) {
      await res.body?.cancel();
      throw new AppError('unprocessable', `The OpenAPI document is larger than ${maxDocumentBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body ?? []) {
      size += (chunk as Uint8Array).length;
      if (size > maxDocumentBytes) throw new AppError('unprocessable', `The OpenAPI document is larger than ${maxDocumentBytes} bytes`);
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Parses the document (given or fetched) before any transaction opens: a broken document writes nothing. */
  async function loadDocument(
    input: { document?: string | Record<string, unknown> | undefined; url?: string | undefined },
    urlPath = 'body.url',
  ): Promise<{ api: ParsedApi; sha256: string; sourceUrl: string | null }> {
    const text = input.url ? await fetchDocument(input.url, urlPath) : input.document!;
    const api = await parseOpenApi(text);
    const sha256 = sha256Hex(typeof text === 'string' ? text : JSON.stringify(text));
    return { api, sha256, sourceUrl: input.url ?? null };
  }

  async function requireProvider(tx: Tx, tenantId: string, providerId: string): Promise<ProviderRow> {
    if (!isUuid(providerId)) throw new AppError('not_found', 'Provider not found');
    const row = await tx.selectFrom('api_providers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', providerId).executeTakeFirst();
    if (!row) throw new AppError('not_found', 'Provider not found');
    return row;
  }

  /** Providers as answered: their credentials and counts read in two queries, however many providers. */
  async function providersOut(tx: Tx, tenantId: string, rows: ProviderRow[]): Promise<ProviderOutput[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [creds, counts] = await Promise.all([
      tx.selectFrom('api_credentials').select(['provider_id', 'fingerprint', 'last4', 'metadata', 'updated_at']).where('tenant_id', '=', tenantId).where('provider_id', 'in', ids).execute(),
      sql<{ provider_id: string; endpoints: number; capabilities: number }>`
        select e.provider_id, count(distinct e.id)::int as endpoints, count(c.id)::int as capabilities
          from api_endpoints e left join mcp_capabilities c on c.tenant_id = e.tenant_id and c.endpoint_id = e.id
         where e.tenant_id = ${tenantId}::uuid and e.provider_id = any(${ids}::uuid[])
         group by e.provider_id`.execute(tx),
    ]);
    const credOf = new Map(creds.map((c) => [c.provider_id, c]));
    const countOf = new Map(counts.rows.map((c) => [c.provider_id, c]));
    return rows.map((row) => {
      const cred = credOf.get(row.id);
      const count = countOf.get(row.id);
      return {
        id: row.id,
        tenant_id: row.tenant_id,
        name: row.name,
        base_url: row.base_url,
        category: row.category,
        auth_type: row.auth_type,
        description: row.description,
        enabled: row.enabled,
        openapi: row.imported_at
          ? { title: row.openapi_title, version: row.openapi_version, sha256: row.openapi_sha256, source_url: row.openapi_source_url, imported_at: iso(row.imported_at) }
          : null,
        credential: cred ? toCredential(cred) : null,
        endpoint_count: count?.endpoints ?? 0,
        capability_count: count?.capabilities ?? 0,
        created_at: iso(row.created_at),
        updated_at: iso(row.updated_at),
      };
    });
  }

  const providerOut = async (tx: Tx, tenantId: string, row: ProviderRow): Promise<ProviderOutput> => (await providersOut(tx, tenantId, [row]))[0]!;

  async function writeCredential(tx: Tx, actor: Actor, tenantId: string, provider: ProviderRow, input: CredentialInput, at: 'body.credential' | 'body'): Promise<void> {
    const metadata = credentialMetadata(provider.auth_type, input, at);
    if (typeof metadata.token_url === 'string') checkUrl(metadata.token_url, `${at}.token_url`);
    const existing = await tx.selectFrom('api_credentials').select('id').where('tenant_id', '=', tenantId).where('provider_id', '=', provider.id).executeTakeFirst();
    const id = existing?.id ?? crypto.randomUUID();
    const sealed = await vault.seal(tx, tenantId, id, input.secret);
    const now = clock.now();
    if (existing) {
      await tx
        .updateTable('api_credentials')
        .set({ ...sealed, metadata: json(metadata), updated_at: now })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute();
    } else {
      await tx
        .insertInto('api_credentials')
        .values({ tenant_id: tenantId, id, provider_id: provider.id, ...sealed, metadata: json(metadata), created_by: actor.id, created_at: now, updated_at: now })
        .execute();
    }
    await securityEvent(tx, tenantId, actor, existing ? 'credential.replaced' : 'credential.set', { provider_id: provider.id, fingerprint: sealed.fingerprint });
  }

  async function securityEvent(tx: Tx, tenantId: string, actor: Actor, action: string, details: Record<string, unknown>): Promise<void> {
    await recordSecurityEvent(tx, tenantId, actor.id, action, details);
  }

  /** Inserts or updates the endpoints of a parsed document; endpoints that left the document are disabled. */
  async function upsertEndpoints(tx: Tx, tenantId: string, providerId: string, drafts: EndpointDraft[]) {
    const existing = await tx.selectFrom('api_endpoints').selectAll().where('tenant_id', '=', tenantId).where('provider_id', '=', providerId).execute();
    const byRoute = new Map(existing.map((e) => [`${e.method} ${e.path}`, e]));
    const now = clock.now();
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    const seen = new Set<string>();
    const rows: EndpointRow[] = [];
    // Names move between routes rarely; park every changing name first so the unique key never trips mid-way.
    const renamed = drafts.filter((d) => {
      const e = byRoute.get(`${d.method} ${d.path}`);
      return e && e.semantic_name !== d.semantic_name;
    });
    for (const d of renamed) {
      const e = byRoute.get(`${d.method} ${d.path}`)!;
      await tx.updateTable('api_endpoints').set({ semantic_name: `tmp.${e.id}` }).where('tenant_id', '=', tenantId).where('id', '=', e.id).execute();
    }
    for (const d of drafts) {
      const key = `${d.method} ${d.path}`;
      seen.add(key);
      const e = byRoute.get(key);
      const values = {
        operation_id: d.operation_id,
        semantic_name: d.semantic_name,
        summary: d.summary,
        description: d.description,
        schema_in: json(d.schema_in),
        schema_out: d.schema_out ? json(d.schema_out) : null,
        deprecated: d.deprecated,
      };
      if (!e) {
        const row = await tx
          .insertInto('api_endpoints')
          .values({ tenant_id: tenantId, provider_id: providerId, method: d.method as EndpointMethod, path: d.path, source: 'openapi', created_at: now, updated_at: now, ...values })
          .returningAll()
          .executeTakeFirstOrThrow();
        rows.push(row);
        created++;
        continue;
      }
      const same =
        e.operation_id === d.operation_id &&
        e.semantic_name === d.semantic_name &&
        e.summary === d.summary &&
        e.description === d.description &&
        canonicalJson(e.schema_in) === canonicalJson(d.schema_in) &&
        canonicalJson(e.schema_out) === canonicalJson(d.schema_out) &&
        e.deprecated === d.deprecated &&
        e.source === 'openapi' &&
        e.enabled;
      if (same) {
        rows.push(e);
        unchanged++;
        continue;
      }
      const row = await tx
        .updateTable('api_endpoints')
        .set({ ...values, source: 'openapi', enabled: true, updated_at: now })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', e.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      rows.push(row);
      updated++;
    }
    const gone = existing.filter((e) => e.source === 'openapi' && e.enabled && !seen.has(`${e.method} ${e.path}`));
    for (const e of gone) {
      await tx.updateTable('api_endpoints').set({ enabled: false, updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', e.id).execute();
    }
    return { rows, created, updated, unchanged, removed: gone.length };
  }

  /** Publishes chosen endpoints as capabilities (creating or updating each by name). */
  async function expose(tx: Tx, actor: Actor, tenantId: string, endpoints: EndpointRow[], items: ExposeInput[]) {
    const out: Array<{ id: string; capability_name: string }> = [];
    const now = clock.now();
    for (const [index, item] of items.entries()) {
      const endpoint = endpoints.find((e) => e.operation_id === item.operation) ?? endpoints.find((e) => e.semantic_name === item.operation);
      if (!endpoint) {
        throw new AppError('validation_failed', `body.expose.${index}.operation: no operation "${item.operation}" in the document`, {
          issues: [{ path: `body.expose.${index}.operation`, message: `no operation "${item.operation}" in the document` }],
        });
      }
      const kind = item.kind ?? (READ_METHODS.has(endpoint.method) ? 'read' : 'write');
      const values = {
        endpoint_id: endpoint.id,
        description: item.description ?? endpoint.summary ?? endpoint.description,
        kind,
        requires_confirmation: item.requires_confirmation ?? kind === 'write',
        rate_limit_per_minute: item.rate_limit_per_minute ?? null,
      };
      const row = await tx
        .insertInto('mcp_capabilities')
        .values({ tenant_id: tenantId, capability_name: item.capability_name, created_by: actor.id, created_at: now, updated_at: now, ...values })
        .onConflict((oc) => oc.constraint('mcp_capabilities_tenant_name_key').doUpdateSet({ ...values, updated_at: now }))
        .returning(['id', 'capability_name'])
        .executeTakeFirstOrThrow();
      out.push(row);
    }
    return out;
  }

  async function capabilityRows(tx: Tx, tenantId: string, filter: { name?: string; id?: string } = {}) {
    let q = tx
      .selectFrom('mcp_capabilities as c')
      .innerJoin('api_endpoints as e', (j) => j.onRef('e.tenant_id', '=', 'c.tenant_id').onRef('e.id', '=', 'c.endpoint_id'))
      .innerJoin('api_providers as p', (j) => j.onRef('p.tenant_id', '=', 'e.tenant_id').onRef('p.id', '=', 'e.provider_id'))
      .select([
        'c.id',
        'c.capability_name',
        'c.description',
        'c.enabled',
        'c.kind',
        'c.requires_confirmation',
        'c.rate_limit_per_minute',
        'c.created_at',
        'c.updated_at',
        'e.id as endpoint_id',
        'e.semantic_name',
        'e.method',
        'e.path',
        'e.schema_in',
        'e.schema_out',
        'p.id as provider_id',
        'p.name as provider_name',
      ])
      .where('c.tenant_id', '=', tenantId);
    if (filter.name) q = q.where('c.capability_name', '=', filter.name);
    if (filter.id) q = q.where('c.id', '=', filter.id);
    const rows = await q.orderBy('c.capability_name').execute();
    return rows.map(
      (r): CapabilityOutput => ({
        id: r.id,
        capability_name: r.capability_name,
        description: r.description,
        enabled: r.enabled,
        kind: r.kind,
        requires_confirmation: r.requires_confirmation,
        rate_limit_per_minute: r.rate_limit_per_minute,
        endpoint: { id: r.endpoint_id, semantic_name: r.semantic_name, method: r.method, path: r.path },
        provider: { id: r.provider_id, name: r.provider_name },
        schema_in: r.schema_in,
        schema_out: r.schema_out,
        created_at: iso(r.created_at),
        updated_at: iso(r.updated_at),
      }),
    );
  }

  async function requireCapability(tx: Tx, tenantId: string, name: string): Promise<CapabilityOutput> {
    const [row] = await capabilityRows(tx, tenantId, { name });
    if (!row) throw new AppError('not_found', `Capability ${name} not found`);
    return row;
  }

  return {
    /** Called with the tenant id after every change to its providers, credentials, endpoints or capabilities. */
    onChange(listener: (tenantId: string) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async listProviders(tenantId: string): Promise<ProviderOutput[]> {
      return db.withTenant(tenantId, async (tx) => {
        const rows = await tx.selectFrom('api_providers').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
        return providersOut(tx, tenantId, rows);
      });
    },

    getProvider(tenantId: string, providerId: string): Promise<ProviderOutput> {
      return db.withTenant(tenantId, async (tx) => providerOut(tx, tenantId, await requireProvider(tx, tenantId, providerId)));
    },

    /**
     * Registers a provider with its credential, imports its OpenAPI document (given or fetched through the egress
     * guard) and publishes the chosen operations as capabilities, in one transaction.
     */
    async createProvider(actor: Actor, tenantId: string, input: CreateProviderInput): Promise<ProviderRegistrationOutput> {
      checkUrl(input.base_url);
      if (input.openapi !== undefined && input.openapi_url !== undefined) {
        throw new AppError('validation_failed', 'body.openapi_url: give openapi or openapi_url, not both', { issues: [{ path: 'body.openapi_url', message: 'give openapi or openapi_url, not both' }] });
      }
      if (input.auth_type !== 'none' && !input.credential) {
        throw new AppError('validation_failed', `body.credential: required for auth_type ${input.auth_type}`, { issues: [{ path: 'body.credential', message: `required for auth_type ${input.auth_type}` }] });
      }
      if (input.expose?.length && input.openapi === undefined && input.openapi_url === undefined) {
        throw new AppError('validation_failed', 'body.expose: needs an OpenAPI document (openapi or openapi_url)', { issues: [{ path: 'body.expose', message: 'needs openapi or openapi_url' }] });
      }
      const doc = input.openapi !== undefined || input.openapi_url !== undefined ? await loadDocument({ document: input.openapi, url: input.openapi_url }, 'body.openapi_url') : null;
      const result = await db.withTenant(tenantId, async (tx) => {
        const now = clock.now();
        const provider = await tx
          .insertInto('api_providers')
          .values({
            tenant_id: tenantId,
            name: input.name,
            base_url: input.base_url,
            category: input.category as ProviderRow['category'],
            auth_type: input.auth_type as ProviderRow['auth_type'],
            description: input.description ?? null,
            created_by: actor.id,
            created_at: now,
            updated_at: now,
            ...(doc ? { openapi_title: doc.api.title, openapi_version: doc.api.version, openapi_sha256: doc.sha256, openapi_source_url: doc.sourceUrl, imported_at: now } : {}),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (input.credential) await writeCredential(tx, actor, tenantId, provider, input.credential, 'body.credential');
        const imported = doc ? await upsertEndpoints(tx, tenantId, provider.id, doc.api.endpoints) : { rows: [] };
        const capabilities = input.expose?.length ? await expose(tx, actor, tenantId, imported.rows, input.expose) : [];
        await securityEvent(tx, tenantId, actor, 'provider.created', { provider_id: provider.id, name: provider.name, endpoints: imported.rows.length, capabilities: capabilities.length });
        return {
          ...(await providerOut(tx, tenantId, provider)),
          endpoints: imported.rows.map((e) => ({ id: e.id, semantic_name: e.semantic_name, method: e.method, path: e.path })),
          capabilities,
        };
      });
      changed(tenantId);
      return result;
    },

    async updateProvider(actor: Actor, tenantId: string, providerId: string, input: UpdateProviderInput): Promise<ProviderOutput> {
      if (input.base_url) checkUrl(input.base_url);
      const out = await db.withTenant(tenantId, async (tx) => {
        const current = await requireProvider(tx, tenantId, providerId);
        if (input.auth_type && input.auth_type !== current.auth_type) {
          // A credential of another kind would be injected the wrong way: it goes, and must be set again.
          await tx.deleteFrom('api_credentials').where('tenant_id', '=', tenantId).where('provider_id', '=', providerId).execute();
        }
        const row = await tx
          .updateTable('api_providers')
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.base_url !== undefined ? { base_url: input.base_url } : {}),
            ...(input.category !== undefined ? { category: input.category as ProviderRow['category'] } : {}),
            ...(input.auth_type !== undefined ? { auth_type: input.auth_type as ProviderRow['auth_type'] } : {}),
            ...(input.description !== undefined ? { description: input.description } : {}),
            ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
            updated_at: clock.now(),
          })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', providerId)
          .returningAll()
          .executeTakeFirstOrThrow();
        await securityEvent(tx, tenantId, actor, 'provider.updated', { provider_id: providerId, fields: Object.keys(input) });
        return providerOut(tx, tenantId, row);
      });
      changed(tenantId);
      return out;
    },

    async deleteProvider(actor: Actor, tenantId: string, providerId: string): Promise<void> {
      await db.withTenant(tenantId, async (tx) => {
        const p = await requireProvider(tx, tenantId, providerId);
        await tx.deleteFrom('api_providers').where('tenant_id', '=', tenantId).where('id', '=', providerId).execute();
        await securityEvent(tx, tenantId, actor, 'provider.deleted', { provider_id: providerId, name: p.name });
      });
      changed(tenantId);
    },

    /** Sets or replaces the provider's credential. The answer shows only its fingerprint and last 4 characters. */
    async setCredential(actor: Actor, tenantId: string, providerId: string, input: CredentialInput): Promise<ProviderOutput> {
      const out = await db.withTenant(tenantId, async (tx) => {
        const provider = await requireProvider(tx, tenantId, providerId);
        await writeCredential(tx, actor, tenantId, provider, input, 'body');
        return providerOut(tx, tenantId, provider);
      });
      changed(tenantId);
      return out;
    },

    async deleteCredential(actor: Actor, tenantId: string, providerId: string): Promise<void> {
      await db.withTenant(tenantId, async (tx) => {
        await requireProvider(tx, tenantId, providerId);
        const done = await tx.deleteFrom('api_credentials').where('tenant_id', '=', tenantId).where('provider_id', '=', providerId).executeTakeFirst();
        if (done.numDeletedRows === 0n) throw new AppError('not_found', 'This provider has no credential');
        await securityEvent(tx, tenantId, actor, 'credential.deleted', { provider_id: providerId });
      });
      changed(tenantId);
    },

    /** (Re-)imports an OpenAPI document: endpoints are matched by method and path, so a re-import updates, never duplicates. */
    async importOpenApi(actor: Actor, tenantId: string, providerId: string, input: ImportOpenApiInput): Promise<ImportResultOutput> {
      if (!isUuid(providerId)) throw new AppError('not_found', 'Provider not found');
      // The provider must exist (and be this tenant's) before anything is fetched on its behalf.
      await db.withTenant(tenantId, (tx) => requireProvider(tx, tenantId, providerId));
      const doc = await loadDocument(input);
      const out = await db.withTenant(tenantId, async (tx) => {
        await requireProvider(tx, tenantId, providerId);
        const result = await upsertEndpoints(tx, tenantId, providerId, doc.api.endpoints);
        const capabilities = input.expose?.length ? await expose(tx, actor, tenantId, result.rows, input.expose) : [];
        await tx
          .updateTable('api_providers')
          .set({ openapi_title: doc.api.title, openapi_version: doc.api.version, openapi_sha256: doc.sha256, openapi_source_url: doc.sourceUrl, imported_at: clock.now(), updated_at: clock.now() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', providerId)
          .execute();
        await securityEvent(tx, tenantId, actor, 'provider.openapi_imported', { provider_id: providerId, created: result.created, updated: result.updated, removed: result.removed });
        return {
          provider_id: providerId,
          title: doc.api.title,
          version: doc.api.version,
          created: result.created,
          updated: result.updated,
          unchanged: result.unchanged,
          removed: result.removed,
          endpoints: result.rows.map((e) => ({ id: e.id, semantic_name: e.semantic_name, method: e.method, path: e.path })),
          capabilities,
        };
      });
      changed(tenantId);
      return out;
    },

    async listEndpoints(tenantId: string, providerId: string): Promise<EndpointOutput[]> {
      return db.withTenant(tenantId, async (tx) => {
        await requireProvider(tx, tenantId, providerId);
        const rows = await tx.selectFrom('api_endpoints').selectAll().where('tenant_id', '=', tenantId).where('provider_id', '=', providerId).orderBy('path').orderBy('method').execute();
        const caps = await tx
          .selectFrom('mcp_capabilities')
          .select(['endpoint_id', 'capability_name'])
          .where('tenant_id', '=', tenantId)
          .where('endpoint_id', 'in', rows.length ? rows.map((r) => r.id) : ['00000000-0000-0000-0000-000000000000'])
          .execute();
        return rows.map((r) => toEndpoint(r, caps.filter((c) => c.endpoint_id === r.id).map((c) => c.capability_name)));
      });
    },

    async createEndpoint(actor: Actor, tenantId: string, providerId: string, input: CreateEndpointInput): Promise<EndpointOutput> {
      const out = await db.withTenant(tenantId, async (tx) => {
        await requireProvider(tx, tenantId, providerId);
        const now = clock.now();
        const row = await tx
          .insertInto('api_endpoints')
          .values({
            tenant_id: tenantId,
            provider_id: providerId,
            semantic_name: input.semantic_name,
            method: input.method as EndpointMethod,
            path: input.path,
            summary: input.summary ?? null,
            schema_in: json(input.schema_in ?? DEFAULT_SCHEMA_IN),
            schema_out: input.schema_out ? json(input.schema_out) : null,
            source: 'manual',
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await securityEvent(tx, tenantId, actor, 'endpoint.created', { endpoint_id: row.id, method: row.method, path: row.path });
        return toEndpoint(row);
      });
      changed(tenantId);
      return out;
    },

    async updateEndpoint(actor: Actor, tenantId: string, endpointId: string, input: UpdateEndpointInput): Promise<EndpointOutput> {
      if (!isUuid(endpointId)) throw new AppError('not_found', 'Endpoint not found');
      const out = await db.withTenant(tenantId, async (tx) => {
        const row = await tx
          .updateTable('api_endpoints')
          .set({
            ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
            ...(input.summary !== undefined ? { summary: input.summary } : {}),
            ...(input.schema_out !== undefined ? { schema_out: input.schema_out ? json(input.schema_out) : null } : {}),
            updated_at: clock.now(),
          })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', endpointId)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new AppError('not_found', 'Endpoint not found');
        await securityEvent(tx, tenantId, actor, 'endpoint.updated', { endpoint_id: endpointId, fields: Object.keys(input) });
        return toEndpoint(row);
      });
      changed(tenantId);
      return out;
    },

    listCapabilities(tenantId: string): Promise<CapabilityOutput[]> {
      return db.withTenant(tenantId, (tx) => capabilityRows(tx, tenantId));
    },

    getCapability(tenantId: string, name: string): Promise<CapabilityOutput> {
      return db.withTenant(tenantId, (tx) => requireCapability(tx, tenantId, name));
    },

    async createCapability(actor: Actor, tenantId: string, input: CreateCapabilityInput): Promise<CapabilityOutput> {
      const out = await db.withTenant(tenantId, async (tx) => {
        const endpoint = await tx.selectFrom('api_endpoints').selectAll().where('tenant_id', '=', tenantId).where('id', '=', input.endpoint_id).executeTakeFirst();
        if (!endpoint) {
          throw new AppError('validation_failed', 'body.endpoint_id: no such endpoint', { issues: [{ path: 'body.endpoint_id', message: 'no such endpoint' }] });
        }
        const kind = input.kind ?? (READ_METHODS.has(endpoint.method) ? 'read' : 'write');
        const now = clock.now();
        await tx
          .insertInto('mcp_capabilities')
          .values({
            tenant_id: tenantId,
            capability_name: input.capability_name,
            endpoint_id: endpoint.id,
            description: input.description ?? endpoint.summary,
            kind,
            requires_confirmation: input.requires_confirmation ?? kind === 'write',
            rate_limit_per_minute: input.rate_limit_per_minute ?? null,
            enabled: input.enabled ?? true,
            created_by: actor.id,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await securityEvent(tx, tenantId, actor, 'capability.created', { capability_name: input.capability_name, endpoint_id: endpoint.id });
        return requireCapability(tx, tenantId, input.capability_name);
      });
      changed(tenantId);
      return out;
    },

    async updateCapability(actor: Actor, tenantId: string, name: string, input: UpdateCapabilityInput): Promise<CapabilityOutput> {
      const out = await db.withTenant(tenantId, async (tx) => {
        const done = await tx
          .updateTable('mcp_capabilities')
          .set({
            ...(input.description !== undefined ? { description: input.description } : {}),
            ...(input.kind !== undefined ? { kind: input.kind } : {}),
            ...(input.requires_confirmation !== undefined ? { requires_confirmation: input.requires_confirmation } : {}),
            ...(input.rate_limit_per_minute !== undefined ? { rate_limit_per_minute: input.rate_limit_per_minute } : {}),
            ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
            updated_at: clock.now(),
          })
          .where('tenant_id', '=', tenantId)
          .where('capability_name', '=', name)
          .executeTakeFirst();
        if (done.numUpdatedRows === 0n) throw new AppError('not_found', `Capability ${name} not found`);
        await securityEvent(tx, tenantId, actor, 'capability.updated', { capability_name: name, fields: Object.keys(input) });
        return requireCapability(tx, tenantId, name);
      });
      changed(tenantId);
      return out;
    },

    async deleteCapability(actor: Actor, tenantId: string, name: string): Promise<void> {
      await db.withTenant(tenantId, async (tx) => {
        const done = await tx.deleteFrom('mcp_capabilities').where('tenant_id', '=', tenantId).where('capability_name', '=', name).executeTakeFirst();
        if (done.numDeletedRows === 0n) throw new AppError('not_found', `Capability ${name} not found`);
        await securityEvent(tx, tenantId, actor, 'capability.deleted', { capability_name: name });
      });
      changed(tenantId);
    },

    /** The gateway's read: capability, endpoint, provider, encrypted credential and data key in one query. */
    async loadForCall(tenantId: string, name: string): Promise<CapabilityForCall | null> {
      return db.withTenant(tenantId, async (tx) => {
        const r = await tx
          .selectFrom('mcp_capabilities as c')
          .innerJoin('api_endpoints as e', (j) => j.onRef('e.tenant_id', '=', 'c.tenant_id').onRef('e.id', '=', 'c.endpoint_id'))
          .innerJoin('api_providers as p', (j) => j.onRef('p.tenant_id', '=', 'e.tenant_id').onRef('p.id', '=', 'e.provider_id'))
          .leftJoin('api_credentials as k', (j) => j.onRef('k.tenant_id', '=', 'p.tenant_id').onRef('k.provider_id', '=', 'p.id'))
          .leftJoin('tenant_data_keys as d', (j) => j.onRef('d.tenant_id', '=', 'k.tenant_id').onRef('d.id', '=', 'k.data_key_id'))
          .select([
            'c.id as c_id',
            'c.capability_name',
            'c.kind',
            'c.requires_confirmation',
            'c.rate_limit_per_minute',
            'c.enabled as c_enabled',
            'c.description',
            'e.id as e_id',
            'e.method',
            'e.path',
            'e.enabled as e_enabled',
            'e.semantic_name',
            'e.schema_in',
            'e.schema_out',
            'e.updated_at as e_updated_at',
            'p.id as p_id',
            'p.name as p_name',
            'p.base_url',
            'p.auth_type',
            'p.enabled as p_enabled',
            'k.id as k_id',
            'k.ciphertext',
            'k.metadata as k_metadata',
            'k.updated_at as k_updated_at',
            'd.id as d_id',
            'd.master_key_id',
            'd.wrapped_key',
          ])
          .where('c.tenant_id', '=', tenantId)
          .where('c.capability_name', '=', name)
          .executeTakeFirst();
        if (!r) return null;
        return {
          capability: { id: r.c_id, capability_name: r.capability_name, kind: r.kind, requires_confirmation: r.requires_confirmation, rate_limit_per_minute: r.rate_limit_per_minute, enabled: r.c_enabled, description: r.description },
          endpoint: { id: r.e_id, method: r.method, path: r.path, enabled: r.e_enabled, semantic_name: r.semantic_name, schema_in: r.schema_in, schema_out: r.schema_out, updated_at: new Date(r.e_updated_at) },
          provider: { id: r.p_id, name: r.p_name, base_url: r.base_url, auth_type: r.auth_type, enabled: r.p_enabled },
          credential:
            r.k_id && r.ciphertext && r.d_id && r.master_key_id && r.wrapped_key
              ? {
                  id: r.k_id,
                  ciphertext: r.ciphertext,
                  metadata: (r.k_metadata ?? {}) as Record<string, unknown>,
                  updated_at: new Date(r.k_updated_at!),
                  data_key: { id: r.d_id, master_key_id: r.master_key_id, wrapped_key: r.wrapped_key },
                }
              : null,
        };
      });
    },

    listCloudflareApps(tenantId: string): Promise<CloudflareAppOutput[]> {
      return db.withTenant(tenantId, async (tx) =>
        (await tx.selectFrom('cloudflare_linked_apps').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').execute()).map((r) => ({
          id: r.id,
          name: r.name,
          team_domain: r.team_domain,
          audience: r.audience,
          enabled: r.enabled,
          created_at: iso(r.created_at),
        })),
      );
    },

    async linkCloudflareApp(actor: Actor, tenantId: string, input: CreateCloudflareAppInput): Promise<CloudflareAppOutput> {
      const out = await db.withTenant(tenantId, async (tx) => {
        const r = await tx
          .insertInto('cloudflare_linked_apps')
          .values({ tenant_id: tenantId, name: input.name, team_domain: input.team_domain, audience: input.audience, created_by: actor.id, created_at: clock.now() })
          .returningAll()
          .executeTakeFirstOrThrow();
        await securityEvent(tx, tenantId, actor, 'cloudflare_app.linked', { app_id: r.id, team_domain: r.team_domain });
        return { id: r.id, name: r.name, team_domain: r.team_domain, audience: r.audience, enabled: r.enabled, created_at: iso(r.created_at) };
      });
      changed(tenantId);
      return out;
    },

    async unlinkCloudflareApp(actor: Actor, tenantId: string, appId: string): Promise<void> {
      if (!isUuid(appId)) throw new AppError('not_found', 'Cloudflare application not found');
      await db.withTenant(tenantId, async (tx) => {
        const done = await tx.deleteFrom('cloudflare_linked_apps').where('tenant_id', '=', tenantId).where('id', '=', appId).executeTakeFirst();
        if (done.numDeletedRows === 0n) throw new AppError('not_found', 'Cloudflare application not found');
        await securityEvent(tx, tenantId, actor, 'cloudflare_app.unlinked', { app_id: appId });
      });
      changed(tenantId);
    },
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
