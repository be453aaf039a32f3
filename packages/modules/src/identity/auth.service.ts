import { AppError, randomToken, type Clock, type Database } from '@smarteros/kernel';
import { sql } from 'kysely';
import { looksLikeApiKey, type ApiKeyService } from './api-key.service.ts';
import type { LoginInput } from './identity.schema.ts';
import { hashPassword, verifyPassword } from './password.ts';
import type { Principal, Role } from './principal.ts';
import type { TokenService } from './token.ts';
import type { SessionMeta, SessionService, SessionTokens } from './session.service.ts';

export type LoginResult = SessionTokens;

/** Failed logins are counted per account over this window (from the platform audit, shared by every server). */
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;

/** Password login, the first platform admin, and turning an Authorization header into a Principal. */
export function createAuthService(deps: {
  db: Database;
  clock: Clock;
  tokens: TokenService;
  apiKeys: ApiKeyService;
  sessions: SessionService;
  maxFailures: number;
}) {
  const { db, clock, tokens, apiKeys, sessions } = deps;
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

    async login(input: LoginInput, meta: SessionMeta & { ip: string }): Promise<LoginResult> {
      const now = clock.now();
      const { user, failures } = await db.platform({ name: 'identity.login_lookup', actor: input.email, audit: false, readOnly: true }, async (tx) => {
        const recent = await tx
          .selectFrom('platform_audit')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('operation', '=', 'identity.login_failed')
          .where('actor', '=', input.email)
          // The audit rows carry the database's time, so the window is measured on it too.
          .where('created_at', '>', sql<Date>`now() - ${LOGIN_FAILURE_WINDOW_MS} * interval '1 millisecond'`)
          .executeTakeFirstOrThrow();
        const found = await tx.selectFrom('users').select(['id', 'password_hash', 'is_platform_admin']).where('email', '=', input.email).executeTakeFirst();
        return { user: found, failures: Number(recent.n) };
      });
      // Per account, across addresses and servers: too many failures lock further attempts until the window passes.
      if (failures >= deps.maxFailures) {
        throw new AppError('rate_limited', 'Too many failed sign-ins for this account; try again in 15 minutes', { retry_after_seconds: LOGIN_FAILURE_WINDOW_MS / 1000 });
      }
      const ok = await verifyPassword(user?.password_hash ?? null, input.password);
      if (!user || !ok) {
        await db.platform({ name: 'identity.login_failed', actor: input.email, details: { ip: meta.ip } }, async () => undefined);
        throw failed();
      }
      let role: Role;
      let tenantId: string | null = null;
      if (user.is_platform_admin && !input.tenant_id) {
        role = 'platform_admin';
      } else {
        const memberships = await db.platform({ name: 'identity.login_memberships', actor: user.id, audit: false, readOnly: true }, (tx) =>
          tx.selectFrom('memberships').select(['tenant_id', 'role']).where('user_id', '=', user.id).orderBy('created_at').orderBy('tenant_id').execute(),
        );
        // Without tenant_id, a person in several tenants starts in the first they joined, and switches from there.
        const chosen = input.tenant_id ? memberships.find((m) => m.tenant_id === input.tenant_id) : memberships[0];
        if (!chosen) {
          if (user.is_platform_admin) throw new AppError('forbidden', 'Platform admins sign in without tenant_id');
          throw new AppError('forbidden', input.tenant_id ? 'You are not a member of that tenant' : 'You are not a member of any tenant yet');
        }
        role = chosen.role;
        tenantId = chosen.tenant_id;
      }
      await db.platform({ name: 'identity.login', actor: user.id, targetTenant: tenantId, details: { ip: meta.ip } }, async (tx) => {
        await tx.updateTable('users').set({ last_login_at: now }).where('id', '=', user.id).execute();
        if (tenantId) {
          await tx.insertInto('security_events').values({ tenant_id: tenantId, actor: `user:${user.id}`, action: 'auth.login', details: JSON.stringify({ ip: meta.ip }) }).execute();
        }
      });
      return sessions.start({ userId: user.id, role, tenantId, meta });
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
