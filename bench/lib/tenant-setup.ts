/**
 * The setup the gateway and MCP benchmarks share: a SmarterOS server in a child process that may call the loopback
 * upstream (bench/lib/upstream.child.ts), a tenant with an owner's access token, and the upstream registered as its
 * provider with one exposed capability; and the small HTTP helpers they use for setup and checks.
 */
import { randomUUID } from 'node:crypto';
import type { ChildHandle } from './child.ts';
import { openBackendMonitor, type ScratchDatabase } from './postgres.ts';
import { findProcessByName, type PidSource } from './proc-cpu.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.ts';
import { RUT_BASE, tenantInput } from './tenants.ts';

/** The upstream's API key: the tenant's credential, injected by the gateway. */
export const API_KEY = 'sk_live_bench_upstream_Qx81mZ2vLk07';

/** A file of bench/lib, for startChild. */
export const lib = (file: string): URL => new URL(`./${file}`, import.meta.url);

export async function api(baseUrl: string, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export function expectStatus(what: string, res: { status: number; body: unknown }, status: number): void {
  if (res.status !== status) throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 1000)}`);
}

/** The upstream's OpenAPI document, as the tenant registers it. */
export function upstreamOpenApi(): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: { title: 'Tienda (benchmark)', version: '1.0.0' },
    paths: {
      '/orders': {
        get: {
          operationId: 'listOrders',
          summary: 'Buscar pedidos',
          parameters: [{ name: 'status', in: 'query', schema: { type: 'string', enum: ['paid', 'pending'] } }],
          responses: {
            '200': {
              description: 'ok',
              content: {
                'application/json': {
                  schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Order' } }, total: { type: 'integer' } } },
                },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Order: { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, status: { type: 'string' }, total: { type: 'integer' }, customer_rut: { type: 'string' } } },
      },
    },
  };
}

/**
 * The server's environment: egress to loopback allowed, gateway rate limits at `ratePerMinute` (high enough never to
 * refuse), and on PostgreSQL the scratch database with Redis.
 */
export function serverEnv(ratePerMinute: number, scratch: ScratchDatabase | undefined, redisUrl: string): Record<string, string> {
  return {
    SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8',
    SMARTEROS_GATEWAY_TENANT_RATE_PER_MINUTE: String(ratePerMinute),
    SMARTEROS_GATEWAY_CAPABILITY_RATE_PER_MINUTE: String(ratePerMinute),
    ...(scratch ? { DATABASE_URL: scratch.url, REDIS_URL: redisUrl } : {}),
  };
}

/**
 * A tenant (as the platform admin would create it), an owner's access token (issued by the server child), and the
 * upstream registered as its provider with its credential, its OpenAPI document and `capability` exposed.
 */
export async function setupTenantWithUpstream(
  server: ChildHandle<{ url: string }>,
  upstreamUrl: string,
  capability: string,
): Promise<{ tenantId: string; token: string }> {
  const base = server.info.url;
  const adminLogin = await api(base, 'POST', '/api/v1/auth/login', null, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  expectStatus('admin login', adminLogin, 200);
  const tenant = await api(base, 'POST', '/api/v1/tenants', String(adminLogin.body.access_token), tenantInput(RUT_BASE.http + 1));
  expectStatus('creating the tenant', tenant, 201);
  const tenantId = String(tenant.body.id);
  const token = await server.call<string>('issueToken', { sub: randomUUID(), tenantId, role: 'owner' });
  const provider = await api(base, 'POST', '/api/v1/providers', token, {
    name: 'Tienda',
    base_url: upstreamUrl,
    category: 'ecommerce',
    auth_type: 'api_key',
    credential: { secret: API_KEY, header_name: 'X-Api-Key' },
    openapi: upstreamOpenApi(),
    expose: [{ operation: 'listOrders', capability_name: capability }],
  });
  expectStatus('registering the provider', provider, 201);
  return { tenantId, token };
}

/**
 * Adds the PostgreSQL backends of the scratch database and the Redis server (when one runs here) to `groups`, for
 * CPU accounting; returns the monitor's close, registered with `onCleanup`.
 */
export async function watchDatabaseProcesses(
  scratch: ScratchDatabase,
  groups: Record<string, PidSource>,
  onCleanup: (fn: () => Promise<void>) => () => Promise<void>,
): Promise<() => Promise<void>> {
  const monitor = await openBackendMonitor(scratch.url);
  const close = onCleanup(() => monitor.close());
  groups.postgres = () => monitor.pids();
  const redisPid = findProcessByName('redis-server');
  if (redisPid) groups.redis = redisPid;
  return close;
}
