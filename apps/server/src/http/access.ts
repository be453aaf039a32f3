import { AppError, isUuid, normalizeRut, type TenantRole } from '@smarteros/kernel';
import { authorizeTenant, requirePlatformAdmin, type Principal } from '@smarteros/modules/identity';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AppServices } from '../services.ts';

/**
 * Every route declares who may call it (config.access). A route without a declaration does not start: see
 * assertAccessDeclared, and the test that lists every route.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'platform'; tenantFrom?: 'params' }
  | { kind: 'tenant'; minRole: TenantRole; from?: 'params' | 'body' | 'principal' };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The tenant the route acts on, resolved from :id (uuid or RUT) or body.tenant_id, after authorization. */
    tenantId: string | null;
  }
}

export const publicAccess: Access = { kind: 'public' };
export const authenticated: Access = { kind: 'authenticated' };
export const platformOnly: Access = { kind: 'platform' };
/** Platform admins only, acting on the tenant named by :id. */
export const platformOnTenant: Access = { kind: 'platform', tenantFrom: 'params' };
export const tenantAccess = (minRole: TenantRole, from: 'params' | 'body' | 'principal' = 'params'): Access => ({ kind: 'tenant', minRole, from });
/**
 * Routes without the tenant in the path (/api/v1/providers, /api/v1/capabilities/...): the tenant of the credential;
 * platform admins name one with ?tenant_id= (id or RUT).
 */
export const ownTenantAccess = (minRole: TenantRole): Access => tenantAccess(minRole, 'principal');

/** Plugins that register their own routes (the OpenAPI UI) are public; everything else must declare. */
const PLUGIN_PUBLIC_PREFIXES = ['/api/docs'];

export function assertAccessDeclared(route: RouteOptions): void {
  const config = route.config as { access?: Access } | undefined;
  if (config?.access) return;
  if (PLUGIN_PUBLIC_PREFIXES.some((p) => route.url.startsWith(p))) {
    route.config = { ...(route.config ?? {}), access: publicAccess } as typeof route.config;
    return;
  }
  throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.access (who may call it)`);
}

/** Accepts a tenant id or a RUT in any spelling; answers the tenant id or 404. */
export async function resolveTenantRef(services: AppServices, principal: Principal, ref: unknown): Promise<string> {
  if (typeof ref !== 'string') throw new AppError('not_found', 'Tenant not found');
  if (isUuid(ref)) return ref.toLowerCase();
  const rut = normalizeRut(ref);
  if (rut) {
    const id = await services.tenancy.findTenantIdByRut({ id: principal.id }, rut);
    if (id) return id;
  }
  throw new AppError('not_found', 'Tenant not found');
}

function missingTenantSelector(): never {
  throw new AppError('validation_failed', 'querystring.tenant_id: platform admins name the tenant (id or RUT)', {
    issues: [{ path: 'querystring.tenant_id', message: 'required for platform admins' }],
  });
}

export function registerAccessControl(app: FastifyInstance, services: AppServices): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('tenantId', null);
  // preHandler runs after validation, so body.tenant_id is already checked.
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const access = request.routeOptions.config.access;
    if (!access) {
      if (request.is404) return;
      // Fail closed: buildApp refuses undeclared routes at registration, so this is never reached by design.
      throw new AppError('internal', 'This route does not declare who may call it');
    }
    if (access.kind === 'public') return;
    request.principal = await services.auth.authenticate(request.headers.authorization);
    if (access.kind === 'platform') {
      requirePlatformAdmin(request.principal);
      if (access.tenantFrom) request.tenantId = await resolveTenantRef(services, request.principal, (request.params as Record<string, unknown>).id);
    }
    if (access.kind === 'tenant') {
      const ref =
        access.from === 'body'
          ? (request.body as Record<string, unknown> | undefined)?.tenant_id
          : access.from === 'principal'
            ? ((request.query as Record<string, unknown> | undefined)?.tenant_id ?? request.principal.tenantId ?? missingTenantSelector())
            : (request.params as Record<string, unknown>).id;
      const tenantId = await resolveTenantRef(services, request.principal, ref);
      authorizeTenant(request.principal, tenantId, access.minRole);
      request.tenantId = tenantId;
    }
  });
}

export function actorOf(request: FastifyRequest): { id: string } {
  const p = request.principal;
  return { id: p ? `${p.kind}:${p.id}` : 'anonymous' };
}
