import { AppError, type Clock, type EgressGuard } from '@smarteros/kernel';

/**
 * OAuth2 client credentials (RFC 6749 §4.4) for providers with auth_type oauth2. A token is fetched once, kept until
 * shortly before it expires, and refreshed once however many calls need it at the same moment (one request in
 * flight per credential). The client secret goes only to the token endpoint the tenant registered, through the egress
 * guard; the token never leaves this process except towards the provider.
 */
export interface ClientCredentials {
  /** Cache key: the credential id and version (its updated_at), so a replaced secret never reuses an old token. */
  cacheKey: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  audience?: string | undefined;
  tokenAuth: 'basic' | 'post';
}

interface CachedToken {
  token: string;
  /** When to fetch a new one: a minute before expiry, or a tenth of the lifetime before it for short-lived tokens. */
  refreshAt: number;
}

const DEFAULT_LIFETIME_S = 300;
const MAX_ENTRIES = 10_000;

export function createOAuth2TokenCache(deps: { egress: EgressGuard; clock: Clock; timeoutMs: number }) {
  const tokens = new Map<string, CachedToken>();
  const inFlight = new Map<string, Promise<CachedToken>>();


  async function fetchToken(c: ClientCredentials): Promise<CachedToken> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (c.scopes.length) form.set('scope', c.scopes.join(' '));
    if (c.audience) form.set('audience', c.audience);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (c.tokenAuth === 'post') {
      form.set('client_id', c.clientId);
      form.set('client_secret', c.clientSecret);
    } else {
      // RFC 6749 §2.3.1: both parts form-encoded before base64.
      const enc = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
      headers.authorization = `Basic ${Buffer.from(`${enc(c.clientId)}:${enc(c.clientSecret)}`).toString('base64')}`;
    }
    let res;
    try {
      res = await deps.egress.fetch(c.tokenUrl, { method: 'POST', headers, body: form.toString(), maxRedirects: 0, signal: AbortSignal.timeout(deps.timeoutMs) });
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('upstream_error', 'The OAuth2 token endpoint could not be reached', { reason: 'oauth2_token', status: null });
    }
    const text = await res.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = {};
    }
    if (!res.ok || typeof body.access_token !== 'string' || body.access_token.length === 0) {
      // RFC 6749 §5.2 error codes are safe to pass on; descriptions might echo input, so they are not.
      throw new AppError('upstream_error', `The OAuth2 token endpoint refused the client credentials (${res.status})`, {
        reason: 'oauth2_token',
        status: res.status,
        ...(typeof body.error === 'string' ? { oauth_error: body.error.slice(0, 64) } : {}),
      });
    }
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : Number(body.expires_in) || DEFAULT_LIFETIME_S;
    const lifetimeMs = lifetime * 1000;
    return { token: body.access_token, refreshAt: deps.clock.now().getTime() + lifetimeMs - Math.min(60_000, lifetimeMs / 10) };
  }

  return {
    /** A valid access token for these client credentials, from the cache when it is fresh. */
    async token(c: ClientCredentials): Promise<string> {
      const cached = tokens.get(c.cacheKey);
      if (cached && deps.clock.now().getTime() < cached.refreshAt) return cached.token;
      let pending = inFlight.get(c.cacheKey);
      if (!pending) {
        pending = fetchToken(c).finally(() => inFlight.delete(c.cacheKey));
        inFlight.set(c.cacheKey, pending);
      }
      const got = await pending;
      if (tokens.size >= MAX_ENTRIES && !tokens.has(c.cacheKey)) tokens.delete(tokens.keys().next().value!);
      tokens.set(c.cacheKey, got);
      return got.token;
    },
    /** Forget a token the provider refused (401), so the next call fetches a new one. */
    invalidate(cacheKey: string, token: string): void {
      if (tokens.get(cacheKey)?.token === token) tokens.delete(cacheKey);
    },
  };
}

export type OAuth2TokenCache = ReturnType<typeof createOAuth2TokenCache>;
