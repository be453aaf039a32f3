import { AppError, roleAtLeast, type Role, type TenantRole } from '@smarteros/kernel';

// Roles and their order live in the kernel (actions declare a minimum role); identity's door re-exports them.
export { roleAtLeast, ROLES, type Role } from '@smarteros/kernel';

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

export const isPlatformAdmin = (p: Principal): boolean => p.role === 'platform_admin';

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
