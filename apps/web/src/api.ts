import createClient, { type Middleware } from 'openapi-fetch';
import { clearSession, hadSession, loadSession, markRestored, saveSession, sessionFrom, type Session } from './session.ts';
import type { LoginOutput, ServerErrorCode } from './api/models.ts';
import type { paths } from './api/schema.d.ts';

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

interface ErrorBody {
  error?: { code?: ServerErrorCode; message?: string; details?: { issues?: FieldIssue[] } & Record<string, unknown> };
}

/** Cookie mode (README): the refresh token travels only as the HttpOnly cookie, and the answer leaves it out of the body. */
const SESSION_HEADER = { 'x-smarteros-session': '1' } as const;

async function errorOf(res: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // not JSON (a proxy's page): keep the status
  }
  return new ApiError(res.status, body.error?.code ?? `http_${res.status}`, body.error?.message ?? res.statusText, body.error?.details?.issues ?? [], body.error?.details ?? {});
}

/**
 * Only one tab of the browser trades the cookie at a time (Web Locks): a refresh token is single use, and a tab that
 * waited finds the token the other tab got (it arrives over the session channel) instead of trading again. Without
 * Web Locks (a page not on https or localhost) the tabs rely on the server's 30 s grace for concurrent refreshes.
 */
function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined;
  return locks ? locks.request('smarteros.refresh', fn) : fn();
}

type Refreshed = 'ok' | 'ended' | 'failed';

/** One refresh at a time in this tab too: concurrent 401s wait for the same trade. */
let refreshing: Promise<Refreshed> | null = null;

/** A new access token from the cookie, unless the browser already has one newer than `stale` (null: none yet). */
function refreshSession(stale: string | null): Promise<Refreshed> {
  refreshing ??= withRefreshLock<Refreshed>(async () => {
    const now = loadSession();
    if (now && now.token !== stale && now.expiresAt > Date.now()) return 'ok';
    let res: Response;
    try {
      res = await fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json', ...SESSION_HEADER } });
    } catch {
      return 'failed';
    }
    if (res.status === 401 || res.status === 403) return 'ended';
    if (!res.ok) return 'failed';
    saveSession(sessionFrom((await res.json()) as LoginOutput), 'refresh');
    return 'ok';
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** A tab's first step: the browser's session from the cookie, if it has one (a new tab opens signed in). */
export async function restoreSession(): Promise<void> {
  // The cookie no longer opens a session although this browser held one: the server ended it (signed out everywhere,
  // closed from another device, expired). The sign-in page says so.
  if (!loadSession() && (await refreshSession(null)) === 'ended' && hadSession()) clearSession('expired', { broadcast: false });
  markRestored();
}

/** The access token to send: a fresh one when this tab's has expired. */
async function currentToken(): Promise<string | null> {
  const session = loadSession();
  if (session && session.expiresAt <= Date.now()) await refreshSession(session.token);
  return loadSession()?.token ?? null;
}

/**
 * What every call shares: JSON, the console's language (`Accept-Language`, so `Content-Language` and any message the
 * server words follow the person's choice), and errors as `ApiError` thrown from the call (an error answer, or no
 * answer at all: status 0, `network`), so a query or a mutation fails with the code `errorText()` words.
 */
const answers: Middleware = {
  onRequest({ request }) {
    request.headers.set('accept', 'application/json');
    if (typeof document !== 'undefined' && document.documentElement.lang) request.headers.set('accept-language', document.documentElement.lang);
  },
  async onResponse({ response }) {
    if (!response.ok) throw await errorOf(response);
  },
  onError({ error }) {
    if (error instanceof DOMException && error.name === 'AbortError') return error;
    return new ApiError(0, 'network', 'network');
  },
};

/** A copy of each signed-in request as it left (headers and body), to send again once after a refresh. */
const sent = new Map<string, { request: Request; token: string | null }>();

/**
 * The session on every signed-in call: the bearer from this tab's session (refreshed first when it has expired); an
 * answer 401 trades the cookie once (single-flight in the tab, under the Web Lock across tabs) and the call is sent
 * again with the new token; a 401 after that ends the session in every tab. A 401 about a field (a wrong current
 * password) is an answer about the form, not about the session.
 */
const auth: Middleware = {
  async onRequest({ request, id }) {
    const token = await currentToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    sent.set(id, { request: request.clone(), token });
    return request;
  },
  async onResponse({ response, id }) {
    const first = sent.get(id);
    sent.delete(id);
    if (response.status !== 401 || !first || first.token === null) return response;
    if ((await errorOf(response.clone())).details.field !== undefined) return response;
    let res = response;
    if ((await refreshSession(first.token)) === 'ok') {
      const again = new Request(first.request);
      again.headers.set('authorization', `Bearer ${loadSession()?.token ?? ''}`);
      try {
        res = await fetch(again);
      } catch {
        throw new ApiError(0, 'network', 'network');
      }
    }
    if (res.status === 401) clearSession('expired');
    return res;
  },
  onError({ id }) {
    sent.delete(id);
  },
};

/**
 * The console's API client: `openapi-fetch` over the generated `paths`, so a path, its parameters, its body and its
 * answer are all typed from the server's OpenAPI document. Middlewares run in order on the request and in reverse on
 * the answer: the session's refresh and retry happen before the error is made.
 */
export const api = createClient<paths>({ credentials: 'same-origin' });
api.use(answers, auth);

/** The same client without a session: sign-in, invitations, password resets (no bearer, no refresh). */
export const publicApi = createClient<paths>({ credentials: 'same-origin' });
publicApi.use(answers);

/** The data of a call (its errors were thrown by the middleware): what a query or a mutation returns. */
export async function data<T>(call: Promise<{ data?: T }>): Promise<T> {
  return (await call).data as T;
}

/** A platform admin names the tenant on the routes whose tenant comes from the credential (`?tenant_id=`). */
export const tenantParam = (tenantId: string) => ({ query: { tenant_id: tenantId } });

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  auth?: boolean;
  /** A call that opens a session (login, accepted invitation): cookie mode, the refresh token stays in the HttpOnly cookie. */
  session?: boolean;
};

/**
 * A call by a path built by hand (the pages not yet on the typed client): the same client and middlewares, so the
 * same session handling and errors; answers 204 as null.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const client = options.auth === false ? publicApi : api;
  const init = { body: options.body, signal: options.signal, headers: options.session ? SESSION_HEADER : undefined };
  const out = await client.request((options.method ?? 'GET').toLowerCase() as 'get', path as never, init as never);
  return (out.data ?? null) as T;
}

/**
 * A signed-in fetch for what the typed client cannot read: a long-lived answer such as the chat's event stream. The
 * same session as every call (the bearer from this tab's session, refreshed first when expired; one 401 trades the
 * cookie once and sends again; a 401 after that ends the session), but the answer is handed back as it is, unread.
 */
export async function sessionFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = (token: string | null) => {
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (typeof document !== 'undefined' && document.documentElement.lang) headers.set('accept-language', document.documentElement.lang);
    return fetch(path, { ...init, headers, credentials: 'same-origin' });
  };
  const token = await currentToken();
  let res = await send(token);
  if (res.status !== 401 || token === null) return res;
  if ((await refreshSession(token)) === 'ok') res = await send(loadSession()?.token ?? null);
  if (res.status === 401) clearSession('expired');
  return res;
}

/** Moves the browser's session to another of the person's tenants (the cookie is traded: under the refresh lock). */
export async function switchTenant(tenantId: string): Promise<Session> {
  await currentToken();
  const out = await withRefreshLock(() =>
    data(publicApi.POST('/api/v1/auth/switch', { body: { tenant_id: tenantId }, headers: { ...SESSION_HEADER, authorization: `Bearer ${loadSession()?.token ?? ''}` } })),
  );
  const next = sessionFrom(out);
  saveSession(next, 'switch');
  return next;
}

export const queryString = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
};

/**
 * Signs out: every tab of this browser at once, and on the server (the session ends and the cookie is cleared). With
 * an expired access token the cookie is traded for one first, so the cookie never outlives a sign-out.
 */
export async function logout(): Promise<void> {
  const token = loadSession()?.token ?? null;
  clearSession('logout');
  if (!token) return;
  const post = (bearer: string) =>
    fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin', headers: { authorization: `Bearer ${bearer}` }, keepalive: true }).catch(() => null);
  const res = await post(token);
  if (res?.status !== 401) return;
  const fresh = await withRefreshLock(async () =>
    fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json', ...SESSION_HEADER } })
      .then(async (r) => (r.ok ? ((await r.json()) as LoginOutput) : null))
      .catch(() => null),
  );
  if (fresh) await post(fresh.access_token);
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
