import { AppError, randomToken, type Clock, type Database } from '@smarteros/kernel';
import { looksLikeApiKey, type ApiKeyService } from './api-key.service.ts';
import type { LoginInput } from './identity.schema.ts';
import { hashPassword, verifyPassword } from './password.ts';
import type { Principal, Role } from './principal.ts';
import type { TokenService } from './token.ts';

export interface LoginResult {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  role: Role;
  tenant_id: string | null;
}

/** Password login, the first platform admin, and turning an Authorization header into a Principal. */
export function createAuthService(deps: { db: Database; clock: Clock; tokens: TokenService; apiKeys: ApiKeyService }) {
  const { db, clock, tokens, apiKeys } = deps;
  const failed = () => new AppError('unauthorized', 'E-mail or password is not correct');

  return {
    /**
     * Creates the platform admin on first start. Returns the generated password (print it once) when none was given,
     * or null when the admin already existed or the password came from the configuration.
     */
    async ensurePlatformAdmin(email: string, password: string | undefined): Promise<{ created: boolean; generatedPassword: string | null }> {
      const existing = await db.platform({ name: 'identity.bootstrap_admin', actor: 'system', audit: false }, (tx) =>
        tx.selectFrom('users').select('id').where('is_platform_admin', '=', true).executeTakeFirst(),
      );
      if (existing) return { created: false, generatedPassword: null };
      const secret = password ?? randomToken(18);
      const passwordHash = await hashPassword(secret);
      await db.platform({ name: 'identity.create_platform_admin', actor: 'system', details: { email } }, (tx) =>
        tx
          .insertInto('users')
          .values({ email, password_hash: passwordHash, is_platform_admin: true, display_name: 'Platform admin' })
          .onConflict((oc) => oc.column('email').doUpdateSet({ is_platform_admin: true, password_hash: passwordHash }))
          .execute(),
      );
      return { created: true, generatedPassword: password ? null : secret };
    },

    async login(input: LoginInput, meta: { ip: string }): Promise<LoginResult> {
      const user = await db.platform({ name: 'identity.login_lookup', actor: input.email, audit: false }, (tx) =>
        tx.selectFrom('users').select(['id', 'password_hash', 'is_platform_admin']).where('email', '=', input.email).executeTakeFirst(),
      );
      const ok = await verifyPassword(user?.password_hash ?? null, input.password);
      if (!user || !ok) {
        await db.platform({ name: 'identity.login_failed', actor: input.email, details: { ip: meta.ip } }, async () => undefined);
        throw failed();
      }
      let role: Role;
      let tenantId: string | null = null;
      if (user.is_platform_admin) {
        role = 'platform_admin';
      } else {
        const memberships = await db.platform({ name: 'identity.login_memberships', actor: user.id, audit: false }, (tx) =>
          tx.selectFrom('memberships').select(['tenant_id', 'role']).where('user_id', '=', user.id).execute(),
        );
        const chosen = input.tenant_id ? memberships.find((m) => m.tenant_id === input.tenant_id) : memberships.length === 1 ? memberships[0] : undefined;
        if (!chosen) {
          throw new AppError(
            memberships.length === 0 || input.tenant_id ? 'forbidden' : 'validation_failed',
            memberships.length === 0 || input.tenant_id ? 'You are not a member of that tenant' : 'tenant_id: you belong to several tenants; choose one',
            memberships.length > 1 && !input.tenant_id ? { issues: [{ path: 'tenant_id', message: 'required' }], tenants: memberships.map((m) => m.tenant_id) } : undefined,
          );
        }
        role = chosen.role;
        tenantId = chosen.tenant_id;
      }
      await db.platform({ name: 'identity.login', actor: user.id, targetTenant: tenantId, details: { ip: meta.ip } }, (tx) =>
        tx.updateTable('users').set({ last_login_at: clock.now() }).where('id', '=', user.id).execute(),
      );
      const issued = await tokens.issue({ sub: user.id, role, tenantId });
      return { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, role, tenant_id: tenantId };
    },

    /** Authorization: Bearer <JWT or sk_ API key>. */
    async authenticate(authorization: string | undefined): Promise<Principal> {
      if (!authorization) throw new AppError('unauthorized', 'Sign in first: send Authorization: Bearer <token or API key>');
      const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!m) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>"');
      const credential = m[1]!;
      return looksLikeApiKey(credential) ? apiKeys.authenticate(credential) : tokens.verify(credential);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
