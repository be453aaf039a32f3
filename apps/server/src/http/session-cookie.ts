import { AppError } from '@smarteros/kernel';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The refresh token as a cookie, so the tabs of one browser share one session without any script seeing the token.
 *
 * - Set on login, refresh, switch and an accepted invitation: `smarteros_refresh=<token>; HttpOnly; SameSite=Strict;
 *   Path=/api/v1/auth; Max-Age=<refresh lifetime>` (+ `Secure` when SMARTEROS_PUBLIC_URL is https). Logout clears it.
 * - POST /api/v1/auth/refresh (and /switch) read it when the body has no refresh token, and only then require the
 *   `X-SmarterOS-Session: 1` header (a custom header cannot be sent cross-site without a CORS preflight, which this
 *   server never grants) and, when the browser sends Origin, an Origin equal to the public URL's or the request's own.
 * - A client that sends `X-SmarterOS-Session: 1` on these calls asks for cookie mode: the answer then omits
 *   `refresh_token` from the body, so the console's scripts never hold it.
 */
export const SESSION_COOKIE = 'smarteros_refresh';
export const SESSION_HEADER = 'x-smarteros-session';
const COOKIE_PATH = '/api/v1/auth';

export interface CookieOptions {
  publicUrl: string;
  refreshTtlSeconds: number;
}

const secureFor = (publicUrl: string) => publicUrl.startsWith('https:');

export function setSessionCookie(reply: FastifyReply, token: string, opts: CookieOptions, maxAgeSeconds = opts.refreshTtlSeconds): void {
  const parts = [`${SESSION_COOKIE}=${token}`, 'HttpOnly', 'SameSite=Strict', `Path=${COOKIE_PATH}`, `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`];
  if (secureFor(opts.publicUrl)) parts.push('Secure');
  reply.header('set-cookie', parts.join('; '));
  reply.header('cache-control', 'no-store');
}

export function clearSessionCookie(reply: FastifyReply, opts: CookieOptions): void {
  setSessionCookie(reply, '', opts, 0);
}

/** The refresh token of the session cookie, if the request carries one. */
export function readSessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value || undefined;
    }
  }
  return undefined;
}

/** The client asked for cookie mode (X-SmarterOS-Session: 1). */
export const wantsCookieMode = (request: FastifyRequest): boolean => request.headers[SESSION_HEADER] === '1';

/**
 * The refresh token of a refresh or switch: the body's, or the cookie's behind the CSRF guard. Throws unauthorized
 * (no token) or forbidden (cookie without the header, or from another origin).
 */
export function refreshTokenOf(request: FastifyRequest, bodyToken: string | undefined, opts: CookieOptions): string {
  if (bodyToken) return bodyToken;
  const cookie = readSessionCookie(request);
  if (!cookie) throw new AppError('unauthorized', 'The refresh token is not valid; sign in again');
  if (!wantsCookieMode(request)) {
    throw new AppError('forbidden', 'Send the X-SmarterOS-Session: 1 header to use the session cookie', { header: 'X-SmarterOS-Session' });
  }
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const own = `${request.protocol}://${request.host}`;
    if (origin !== new URL(opts.publicUrl).origin && origin !== own) {
      throw new AppError('forbidden', 'This origin may not use the session cookie', { origin });
    }
  }
  return cookie;
}

/** Sets the cookie for fresh session tokens and shapes the body (no refresh_token in cookie mode). */
export function answerWithSession<T extends { refresh_token: string; refresh_expires_in: number }>(
  request: FastifyRequest,
  reply: FastifyReply,
  tokens: T,
  opts: CookieOptions,
): T | Omit<T, 'refresh_token'> {
  setSessionCookie(reply, tokens.refresh_token, opts, tokens.refresh_expires_in);
  if (!wantsCookieMode(request)) return tokens;
  const { refresh_token: _hidden, ...rest } = tokens;
  return rest;
}
