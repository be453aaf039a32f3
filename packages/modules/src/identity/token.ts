import { AppError, systemClock, TENANT_ROLES, type Clock, type TenantRole } from '@smarteros/kernel';
import type { IdentityConfig } from './identity.config.ts';
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { ExternalClaims } from './external-identity.service.ts';
import type { Principal, Role } from './principal.ts';
import { ROLES } from './principal.ts';

/** The access-token settings and the external identity provider, as the configuration parsed them. */
export type TokenConfig = IdentityConfig['jwt'];
export type ExternalIdpConfig = NonNullable<IdentityConfig['oidc']>;

const INTERNAL_ALG = 'HS256';

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function unauthorized(message: string): AppError {
  return new AppError('unauthorized', message);
}

function explain(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof joseErrors.JWTExpired) return unauthorized('The token has expired');
  if (err instanceof joseErrors.JWTClaimValidationFailed) return unauthorized(`The token's ${err.claim} claim is not accepted`);
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return unauthorized('The token is signed with an algorithm that is not accepted');
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return unauthorized('The token signature is not valid');
  if (err instanceof joseErrors.JWKSNoMatchingKey) return unauthorized('The token was signed by an unknown key');
  return unauthorized('The token is not valid');
}

/**
 * Issues and checks SmarterOS access tokens (HS256 only) and, when configured, tokens of an external identity
 * provider (Supabase Auth, Clerk, any OIDC) through its JWKS. Every check pins the algorithm list, the issuer and
 * the audience, and requires exp; `alg: none` never verifies.
 */
export function createTokenService(
  config: TokenConfig,
  external?: ExternalIdpConfig,
  resolveTenant?: (ref: string) => Promise<string | undefined>,
  clock: Clock = systemClock,
  /** Links the external subject to a SmarterOS user (first sign-in creates or links it); returns the user id. */
  linkExternal?: (claims: ExternalClaims) => Promise<string>,
) {
  const key = new TextEncoder().encode(config.secret);
  let jwks: JWTVerifyGetKey | undefined;
  /**
   * Verified internal tokens, by the whole token, until their exp (or nbf-free expiry). A token is a bearer value that
   * stays valid until it expires whatever happens (logout ends refresh tokens, not access tokens), so remembering a
   * verified one changes nothing but the cost: an HMAC check through WebCrypto on every request was the largest
   * single cost of a gateway call. Bounded; the oldest entries go first.
   */
  const verified = new Map<string, { principal: Principal; exp: number }>();
  const VERIFIED_MAX = 20_000;

  async function verifyExternal(token: string): Promise<Principal> {
    if (!external) throw unauthorized('External tokens are not accepted here');
    jwks ??= createRemoteJWKSet(new URL(external.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    const { payload } = await jwtVerify(token, jwks, {
      algorithms: external.algorithms,
      issuer: external.issuer,
      audience: external.audience,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: 5,
      currentDate: clock.now(),
    });
    const tenantRef = claimAt(payload, external.tenantClaim);
    if (typeof tenantRef !== 'string' || tenantRef.length === 0) {
      throw unauthorized(`The token has no ${external.tenantClaim} claim naming a tenant`);
    }
    const tenantId = resolveTenant ? await resolveTenant(tenantRef) : tenantRef;
    if (!tenantId) throw unauthorized('The token names a tenant that does not exist');
    const rawRole = claimAt(payload, external.roleClaim);
    const role: TenantRole =
      typeof rawRole === 'string' && (TENANT_ROLES as readonly string[]).includes(rawRole) ? (rawRole as TenantRole) : external.defaultRole;
    const email = typeof payload.email === 'string' ? payload.email : undefined;
    const id = linkExternal
      ? await linkExternal({ issuer: external.issuer, subject: payload.sub!, email, emailVerified: payload.email_verified === true, tenantId, role })
      : `oidc:${payload.sub}`;
    return { kind: 'external', id, role, tenantId };
  }

  return {
    async issue(p: { sub: string; role: Role; tenantId: string | null; sessionId?: string }): Promise<{ token: string; expiresIn: number }> {
      const now = Math.floor(clock.now().getTime() / 1000);
      const token = await new SignJWT({ role: p.role, ...(p.tenantId ? { tenant_id: p.tenantId } : {}), ...(p.sessionId ? { sid: p.sessionId } : {}) })
        .setProtectedHeader({ alg: INTERNAL_ALG, typ: 'JWT' })
        .setSubject(p.sub)
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + config.ttlSeconds)
        .sign(key);
      return { token, expiresIn: config.ttlSeconds };
    },

    async verify(token: string): Promise<Principal> {
      const hit = verified.get(token);
      if (hit) {
        if (clock.now().getTime() / 1000 < hit.exp) return { ...hit.principal };
        verified.delete(token);
      }
      let issuer: unknown;
      try {
        issuer = decodeJwt(token).iss;
      } catch {
        throw unauthorized('The token is not a JWT');
      }
      try {
        if (external && issuer === external.issuer && issuer !== config.issuer) return await verifyExternal(token);
        const { payload } = await jwtVerify(token, key, {
          algorithms: [INTERNAL_ALG],
          issuer: config.issuer,
          audience: config.audience,
          requiredClaims: ['exp', 'sub'],
          clockTolerance: 5,
          currentDate: clock.now(),
        });
        const role = payload.role;
        if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw unauthorized('The token has no valid role');
        const tenantId = typeof payload.tenant_id === 'string' ? payload.tenant_id : null;
        if (role !== 'platform_admin' && !tenantId) throw unauthorized('The token has no tenant');
        const sessionId = typeof payload.sid === 'string' ? payload.sid : undefined;
        const principal: Principal = { kind: 'user', id: payload.sub!, role: role as Role, tenantId, ...(sessionId ? { sessionId } : {}) };
        // Only tokens that are already valid (nbf passed) are remembered, until exp.
        if (payload.nbf === undefined || payload.nbf <= clock.now().getTime() / 1000) {
          if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
          verified.set(token, { principal, exp: payload.exp! });
        }
        return { ...principal };
      } catch (err) {
        throw explain(err);
      }
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
