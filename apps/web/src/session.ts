/**
 * The session of this browser, shared by its tabs (README: "Sessions shared by the tabs of one browser").
 *
 * - The refresh token is an HttpOnly cookie the scripts never see; no token is kept in Web Storage. Only a flag that this
 *   browser holds a session (`smarteros.signed_in`, no secret) is, so a reload after the server ended the session says
 *   so instead of opening the sign-in page as if nothing had happened.
 * - The access token lives in this tab's memory. A tab without one (a new tab, a reload) asks the server for one with
 *   the cookie (api.ts, restoreSession); tabs tell each other of a sign-in, a refresh, a tenant switch and a sign-out
 *   over a BroadcastChannel, so a token refreshed in one tab serves the others and a sign-out ends them all.
 */

export interface Session {
  token: string;
  role: string;
  tenantId: string | null;
  /** Milliseconds since the epoch (this browser's clock). */
  expiresAt: number;
}

/** Why a tab has no session: never signed in, signed out here or in another tab, or the server ended it. */
export type SignedOutReason = 'none' | 'logout' | 'elsewhere' | 'expired';

export interface SessionState {
  /** True until the first attempt to restore the session from the cookie has answered. */
  restoring: boolean;
  session: Session | null;
  reason: SignedOutReason;
}

type Message = { type: 'session'; session: Session; why: 'login' | 'refresh' | 'switch' } | { type: 'logout'; reason: 'logout' | 'expired' };

const SIGNED_IN = 'smarteros.signed_in';
function markSignedIn(on: boolean): void {
  try {
    if (on) localStorage.setItem(SIGNED_IN, '1');
    else localStorage.removeItem(SIGNED_IN);
  } catch {
    // Storage refused (private mode): only the message after a reload is lost.
  }
}

/** Whether this browser held a session it did not sign out of (so a failed restore means the server ended it). */
export function hadSession(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN) === '1';
  } catch {
    return false;
  }
}

let state: SessionState = { restoring: true, session: null, reason: 'none' };
const listeners = new Set<() => void>();

const channel: BroadcastChannel | null = typeof BroadcastChannel === 'function' ? new BroadcastChannel('smarteros.session') : null;

function set(next: SessionState): void {
  state = next;
  for (const l of listeners) l();
}

channel?.addEventListener('message', (event: MessageEvent<Message>) => {
  const msg = event.data;
  if (msg.type === 'session') {
    // A refresh elsewhere only replaces a token that expires sooner; a sign-in or a switch is the browser's session now.
    if (msg.why === 'refresh' && state.session && state.session.tenantId === msg.session.tenantId && state.session.expiresAt >= msg.session.expiresAt) return;
    set({ restoring: false, session: msg.session, reason: 'none' });
  } else if (state.session || state.restoring) {
    set({ restoring: false, session: null, reason: msg.reason === 'expired' ? 'expired' : 'elsewhere' });
  }
});

/** The session's state for React (useSyncExternalStore): a new object on every change. */
export const sessionState = (): SessionState => state;

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function loadSession(): Session | null {
  return state.session;
}

/** This tab's new session; `why` tells the other tabs (a refresh they may reuse, a sign-in or switch they follow). */
export function saveSession(session: Session, why: 'login' | 'refresh' | 'switch' = 'refresh'): void {
  set({ restoring: false, session, reason: 'none' });
  markSignedIn(true);
  channel?.postMessage({ type: 'session', session, why } satisfies Message);
}

/** The first restore answered and found no session (this browser is not signed in). */
export function markRestored(): void {
  if (state.restoring) set({ ...state, restoring: false });
}

/** Ends the session in this tab and, unless it is only this tab's business, in the others. */
export function clearSession(reason: 'logout' | 'expired' = 'logout', options: { broadcast?: boolean } = {}): void {
  set({ restoring: false, session: null, reason });
  markSignedIn(false);
  if (options.broadcast !== false) channel?.postMessage({ type: 'logout', reason } satisfies Message);
}

/** A platform admin operates every tenant; anyone else works inside one tenant. */
export const isPlatformSession = (s: Session | null): boolean => s?.role === 'platform_admin';

/** The session a login-shaped answer (login, refresh, switch, accepted invitation) opens. */
export function sessionFrom(out: { access_token: string; expires_in: number; role: string; tenant_id: string | null }): Session {
  return { token: out.access_token, role: out.role, tenantId: out.tenant_id, expiresAt: Date.now() + out.expires_in * 1000 };
}

/** Where a session starts: the tenants table for the platform, the own tenant's page for everyone else. */
export function homePath(s: Session | null): string {
  return s && !isPlatformSession(s) && s.tenantId ? `/tenants/${encodeURIComponent(s.tenantId)}` : '/tenants';
}
