/** The access token lives in memory and in sessionStorage (this tab only; gone when the tab closes). */

export interface Session {
  token: string;
  role: string;
  tenantId: string | null;
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
    if (typeof parsed.token !== 'string' || parsed.expiresAt <= Date.now()) {
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
