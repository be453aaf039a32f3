import { configCsv, configInt, dataDirSecret, defineConfig } from '@smarteros/kernel';
import { z } from 'zod';

const ROLE = z.enum(['owner', 'admin', 'agent', 'viewer']);
const ALGORITHMS = z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']);

/** The identity module's variables: the first admin, access tokens, external identity providers, invitations, login limits. */
export const IDENTITY_CONFIG = defineConfig({
  owner: 'identity',
  vars: {
    SMARTEROS_ADMIN_EMAIL: { schema: z.email().default('admin@smarteros.local'), description: 'platform admin created on first start' },
    SMARTEROS_ADMIN_PASSWORD: {
      schema: z.string().min(12, 'must have at least 12 characters').optional(),
      shownDefault: '(generated, printed once)',
      description: 'password of that admin, at least 12 characters',
      sensitive: true,
    },
    SMARTEROS_JWT_SECRET: {
      schema: z.string().min(32, 'must have at least 32 characters').optional(),
      shownDefault: '(generated into the data dir)',
      description: 'HS256 signing key of access tokens; required in production',
      sensitive: true,
    },
    SMARTEROS_JWT_ISSUER: { schema: z.string().min(1).default('smarteros'), description: '`iss` of issued and accepted access tokens' },
    SMARTEROS_JWT_AUDIENCE: { schema: z.string().min(1).default('smarteros-api'), description: '`aud` of issued and accepted access tokens' },
    SMARTEROS_JWT_TTL_SECONDS: { schema: configInt(60, 86_400).default(900), description: 'access token lifetime' },
    SMARTEROS_REFRESH_TTL_SECONDS: { schema: configInt(300, 31_536_000).default(2_592_000), description: 'refresh token lifetime (30 days); each use rotates it' },
    SMARTEROS_OIDC_JWKS_URL: { schema: z.url({ protocol: /^https?$/ }).optional(), description: 'JWKS of an external identity provider (Supabase Auth, Clerk, any OIDC)' },
    SMARTEROS_OIDC_ISSUER: { schema: z.string().min(1).optional(), description: 'required `iss` of external tokens' },
    SMARTEROS_OIDC_AUDIENCE: { schema: z.string().min(1).optional(), description: 'required `aud` of external tokens' },
    SMARTEROS_OIDC_ALGORITHMS: { schema: configCsv.pipe(z.array(ALGORITHMS).min(1)).default(['RS256', 'ES256']), description: 'accepted signature algorithms of external tokens' },
    SMARTEROS_OIDC_TENANT_CLAIM: {
      schema: z.string().min(1).default('tenant_id'),
      description: 'claim path (dots allowed, e.g. `app_metadata.tenant_id`) holding the tenant id or RUT',
    },
    SMARTEROS_OIDC_ROLE_CLAIM: { schema: z.string().min(1).default('role'), description: 'claim path holding owner, admin, agent or viewer' },
    SMARTEROS_OIDC_DEFAULT_ROLE: { schema: ROLE.default('viewer'), description: 'role when the role claim is absent or unknown' },
    SMARTEROS_INVITATION_TTL_HOURS: { schema: configInt(1, 720).default(168), description: 'how long an invitation can be accepted' },
    SMARTEROS_LOGIN_MAX_PER_MINUTE: { schema: configInt(1, 10_000).default(10), description: 'login attempts per client address per minute' },
    SMARTEROS_LOGIN_MAX_FAILURES: { schema: configInt(1, 1000).default(5), description: 'failed logins per account in 15 minutes before the account is throttled' },
  },
  check(v, ctx) {
    const problems: Array<[string, string]> = [];
    if (ctx.env === 'production' && !v.SMARTEROS_JWT_SECRET) problems.push(['SMARTEROS_JWT_SECRET', 'required when NODE_ENV=production (servers must share it)']);
    const oidc = [v.SMARTEROS_OIDC_JWKS_URL, v.SMARTEROS_OIDC_ISSUER, v.SMARTEROS_OIDC_AUDIENCE];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) problems.push(['SMARTEROS_OIDC_JWKS_URL, SMARTEROS_OIDC_ISSUER and SMARTEROS_OIDC_AUDIENCE', 'set all three or none']);
    return problems;
  },
  build: (v, ctx) => ({
    admin: { email: v.SMARTEROS_ADMIN_EMAIL.toLowerCase(), password: v.SMARTEROS_ADMIN_PASSWORD },
    jwt: {
      secret: v.SMARTEROS_JWT_SECRET ?? dataDirSecret(ctx.dataDir, 'jwt-secret'),
      issuer: v.SMARTEROS_JWT_ISSUER,
      audience: v.SMARTEROS_JWT_AUDIENCE,
      ttlSeconds: v.SMARTEROS_JWT_TTL_SECONDS,
    },
    refreshTtlSeconds: v.SMARTEROS_REFRESH_TTL_SECONDS,
    oidc:
      v.SMARTEROS_OIDC_JWKS_URL && v.SMARTEROS_OIDC_ISSUER && v.SMARTEROS_OIDC_AUDIENCE
        ? {
            jwksUrl: v.SMARTEROS_OIDC_JWKS_URL,
            issuer: v.SMARTEROS_OIDC_ISSUER,
            audience: v.SMARTEROS_OIDC_AUDIENCE,
            algorithms: v.SMARTEROS_OIDC_ALGORITHMS as string[],
            tenantClaim: v.SMARTEROS_OIDC_TENANT_CLAIM,
            roleClaim: v.SMARTEROS_OIDC_ROLE_CLAIM,
            defaultRole: v.SMARTEROS_OIDC_DEFAULT_ROLE,
          }
        : undefined,
    invitationTtlHours: v.SMARTEROS_INVITATION_TTL_HOURS,
    loginMaxPerMinute: v.SMARTEROS_LOGIN_MAX_PER_MINUTE,
    loginMaxFailures: v.SMARTEROS_LOGIN_MAX_FAILURES,
  }),
});

export type IdentityConfig = ReturnType<typeof IDENTITY_CONFIG.build>;

declare module '@smarteros/kernel' {
  interface PlatformConfig extends IdentityConfig {}
}
