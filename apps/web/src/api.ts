import { clearSession, loadSession, saveSession, sessionFrom } from './session.ts';
import type { LoginOutput, ServerErrorCode } from './api/models.ts';

/** A code the server answers with (its one table, from the OpenAPI document), or the client's own: no answer, or not JSON. */
export type ApiErrorCode = ServerErrorCode | 'network' | `http_${number}`;

export interface FieldIssue {
  path: string;
  message: string;
}

/** An error answer of the API: `{ error: { code, message, details } }`, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly issues: FieldIssue[];
  /** The answer's `error.details` (such as attempts_left or retry_after_seconds). */
  readonly details: Record<string, unknown>;

  constructor(status: number, code: ApiErrorCode, message: string, issues: FieldIssue[] = [], details: Record<string, unknown> = {}) {
    super(message);
    this.details = details;
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when the API answers 401 to a signed-in request: the session is over. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

interface ErrorBody {
  error?: { code?: ServerErrorCode; message?: string; details?: { issues?: FieldIssue[] } & Record<string, unknown> };
}

type RequestOptions = { method?: string; body?: unknown; signal?: AbortSignal; auth?: boolean };

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const session = options.auth === false ? null : loadSession();
  if (session) headers.authorization = `Bearer ${session.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    return await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'network');
  }
}

/** One refresh at a time: concurrent 401s wait for the same trade (a refresh token is single use). */
let refreshing: Promise<boolean> | null = null;

function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = loadSession()?.refreshToken;
    if (!refreshToken) return false;
    try {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token: refreshToken }),
      });
      if (!res.ok) return false;
      saveSession(sessionFrom((await res.json()) as LoginOutput));
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let res = await send(path, options);
  // An expired access token: trade the refresh token once and try again.
  if (res.status === 401 && options.auth !== false && (await refreshSession())) res = await send(path, options);
  if (res.ok) return (res.status === 204 ? null : await res.json()) as T;
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // not JSON (a proxy's page): keep the status
  }
  // A signed-in call answered 401 (the token expired or was revoked): the session is over, whatever this tab held.
  if (res.status === 401 && options.auth !== false) {
    clearSession();
    for (const l of unauthorizedListeners) l();
  }
  throw new ApiError(res.status, body.error?.code ?? `http_${res.status}`, body.error?.message ?? res.statusText, body.error?.details?.issues ?? [], body.error?.details ?? {});
}

export const queryString = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
};

/** Ends this session on the server too (its refresh token stops working); leaving works even when this fails. */
export function logout(): void {
  const session = loadSession();
  if (!session) return;
  void fetch('/api/v1/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${session.token}` }, keepalive: true }).catch(() => undefined);
}

/**
 * Routes whose tenant comes from the credential (/api/v1/providers, /capabilities, /gateway): the console always names
 * the tenant it shows (platform admins must; for anyone else a tenant other than their own answers 404).
 */
export const forTenant = (path: string, tenantId: string, params: Record<string, string | number | undefined> = {}): string =>
  `${path}${queryString({ ...params, tenant_id: tenantId })}`;

/** Field errors an answer names in error.details.issues (400, or 422 such as egress_refused), by path without "body.". */
export function issuesByPath(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (err instanceof ApiError) for (const i of err.issues) if (i.path.startsWith('body.')) out[i.path.slice(5)] ??= i.message;
  return out;
}
