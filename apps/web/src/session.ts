/** The access token lives in memory and in sessionStorage (this tab only; gone when the tab closes). */

export interface Session {
  token: string;
  role: string;
  tenantId: string | null;
  /** Single use: traded for a new pair when the access token is refused. */
  refreshToken?: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

const KEY = 'smarteros.session';
let current: Session | null = null;

export function loadSession(): Session | null {
  if (current) return current;
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Session;
    // An expired access token still has a refresh token to trade; without one, the session is over.
    if (typeof parsed.token !== 'string' || (parsed.expiresAt <= Date.now() && !parsed.refreshToken)) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    current = parsed;
    return current;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  current = session;
  try {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Storage may be disabled (private mode): the session then lasts until reload.
  }
}

export function clearSession(): void {
  current = null;
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}

/** A platform admin operates every tenant; anyone else works inside one tenant. */
export const isPlatformSession = (s: Session | null): boolean => s?.role === 'platform_admin';

/** The session a login-shaped answer (login, refresh, accepted invitation) opens. */
export function sessionFrom(out: { access_token: string; expires_in: number; role: string; tenant_id: string | null; refresh_token?: string }): Session {
  return {
    token: out.access_token,
    role: out.role,
    tenantId: out.tenant_id,
    expiresAt: Date.now() + out.expires_in * 1000,
    ...(out.refresh_token ? { refreshToken: out.refresh_token } : {}),
  };
}

/** Where a session starts: the tenants table for the platform, the own tenant's page for everyone else. */
export function homePath(s: Session | null): string {
  return s && !isPlatformSession(s) && s.tenantId ? `/tenants/${encodeURIComponent(s.tenantId)}` : '/tenants';
}
