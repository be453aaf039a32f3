import { AppError, type TenantRole } from '@smarteros/kernel';

export type Role = 'platform_admin' | TenantRole;
export const ROLES: readonly Role[] = ['platform_admin', 'owner', 'admin', 'agent', 'viewer'];

/** Who is calling: a person (user), a machine (API key) or a person from an external identity provider. */
export interface Principal {
  kind: 'user' | 'api_key' | 'external';
  /** users.id (people, also those signing in through an external provider) or api_keys.id */
  id: string;
  role: Role;
  /** The tenant the credential is scoped to; null for platform admins. */
  tenantId: string | null;
  /** The session (refresh-token family) an access token belongs to, when it came from a login. */
  sessionId?: string;
}

const RANK: Record<TenantRole, number> = { viewer: 1, agent: 2, admin: 3, owner: 4 };

export const isPlatformAdmin = (p: Principal): boolean => p.role === 'platform_admin';

/** True when role is at least minRole (platform_admin is above every tenant role). */
export function roleAtLeast(role: Role, minRole: TenantRole): boolean {
  return role === 'platform_admin' || RANK[role] >= RANK[minRole];
}

/**
 * The tenant check every tenant route and tool runs. Another tenant's id answers 404, never 403, so ids of other
 * tenants cannot be probed; a too-low role inside one's own tenant answers 403.
 */
export function authorizeTenant(p: Principal, tenantId: string, minRole: TenantRole): void {
  if (isPlatformAdmin(p)) return;
  if (p.tenantId !== tenantId) throw new AppError('not_found', 'Tenant not found');
  if (!roleAtLeast(p.role, minRole)) {
    throw new AppError('forbidden', `This needs the ${minRole} role or higher`, { required_role: minRole, role: p.role });
  }
}

export function requirePlatformAdmin(p: Principal): void {
  if (!isPlatformAdmin(p)) throw new AppError('forbidden', 'This needs a platform admin');
}
