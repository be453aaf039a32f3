import { randomUUID } from 'node:crypto';
import { AppError, randomToken, sha256Hex, type Clock, type Database, type Tx } from '@smarteros/kernel';
import type { Role } from './principal.ts';
import type { TokenService } from './token.ts';

/**
 * Sessions: a short access token (JWT) and a refresh token that rotates on every use. The refresh tokens of one
 * login form a family; presenting an already-rotated token (a stolen copy, or a replay) revokes the whole family.
 * Only SHA-256 of a refresh token is stored.
 */
export interface SessionTokens {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
  role: Role;
  tenant_id: string | null;
}

export interface SessionMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

const REFRESH_PREFIX = 'rt_';

export function createSessionService(deps: { db: Database; clock: Clock; tokens: TokenService; refreshTtlSeconds: number }) {
  const { db, clock, tokens, refreshTtlSeconds } = deps;

  /** The role a user has in a tenant now (membership), or platform_admin; undefined when they have none there. */
  async function currentRole(tx: Tx, userId: string, tenantId: string | null): Promise<Role | undefined> {
    const user = await tx.selectFrom('users').select('is_platform_admin').where('id', '=', userId).executeTakeFirst();
    if (!user) return undefined;
    if (tenantId === null) return user.is_platform_admin ? 'platform_admin' : undefined;
    const m = await tx.selectFrom('memberships').select('role').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
    return m?.role;
  }

  async function issue(tx: Tx, p: { userId: string; role: Role; tenantId: string | null; familyId: string; meta: SessionMeta }): Promise<SessionTokens> {
    const refresh = `${REFRESH_PREFIX}${randomToken(32)}`;
    const now = clock.now();
    await tx
      .insertInto('sessions')
      .values({
        family_id: p.familyId,
        user_id: p.userId,
        acting_tenant: p.tenantId,
        refresh_hash: sha256Hex(refresh),
        created_at: now,
        expires_at: new Date(now.getTime() + refreshTtlSeconds * 1000),
        ip: p.meta.ip ?? null,
        user_agent: p.meta.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    const access = await tokens.issue({ sub: p.userId, role: p.role, tenantId: p.tenantId, sessionId: p.familyId });
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      refresh_token: refresh,
      refresh_expires_in: refreshTtlSeconds,
      role: p.role,
      tenant_id: p.tenantId,
    };
  }

  const invalid = () => new AppError('unauthorized', 'The refresh token is not valid; sign in again');

  return {
    /** A new session after a successful login. */
    start(p: { userId: string; role: Role; tenantId: string | null; meta: SessionMeta }): Promise<SessionTokens> {
      return db.platform({ name: 'identity.session_start', actor: p.userId, targetTenant: p.tenantId, audit: false }, (tx) =>
        issue(tx, { ...p, familyId: randomUUID() }),
      );
    },

    /**
     * Rotates a refresh token. With switchTo, the new session acts in that tenant (the user must be a member there).
     * The role is read again from the membership, so role changes and removals apply at the next refresh.
     */
    async refresh(refreshToken: string, meta: SessionMeta, switchTo?: { tenantId: string; userId: string }): Promise<SessionTokens> {
      if (!refreshToken.startsWith(REFRESH_PREFIX)) throw invalid();
      const now = clock.now();
      const outcome = await db.platform({ name: 'identity.session_refresh', actor: 'session', audit: false }, async (tx) => {
        const row = await tx.selectFrom('sessions').selectAll().where('refresh_hash', '=', sha256Hex(refreshToken)).forUpdate().executeTakeFirst();
        if (!row || row.revoked_at || new Date(row.expires_at) <= now) return { ok: false as const };
        if (switchTo && switchTo.userId !== row.user_id) return { ok: false as const };
        if (row.rotated_at) {
          await tx
            .updateTable('sessions')
            .set({ revoked_at: now, revoke_reason: 'reuse_detected' })
            .where('family_id', '=', row.family_id)
            .where('revoked_at', 'is', null)
            .execute();
          if (row.acting_tenant) {
            await tx
              .insertInto('security_events')
              .values({ tenant_id: row.acting_tenant, actor: `user:${row.user_id}`, action: 'session.reuse_detected', details: JSON.stringify({ family_id: row.family_id, ip: meta.ip ?? null }) })
              .execute();
          }
          return { ok: false as const, reuse: true };
        }
        const tenantId = switchTo ? switchTo.tenantId : row.acting_tenant;
        const role = await currentRole(tx, row.user_id, tenantId);
        if (!role) {
          if (switchTo) throw new AppError('forbidden', 'You are not a member of that tenant');
          await tx.updateTable('sessions').set({ revoked_at: now, revoke_reason: 'membership_removed' }).where('family_id', '=', row.family_id).where('revoked_at', 'is', null).execute();
          return { ok: false as const };
        }
        await tx.updateTable('sessions').set({ rotated_at: now }).where('id', '=', row.id).execute();
        return { ok: true as const, tokens: await issue(tx, { userId: row.user_id, role, tenantId, familyId: row.family_id, meta }) };
      });
      if (!outcome.ok) throw invalid();
      return outcome.tokens;
    },

    /** Ends one session (the family of the access token's sid). */
    async logout(userId: string, familyId: string): Promise<void> {
      await db.platform({ name: 'identity.logout', actor: `user:${userId}` }, (tx) =>
        tx.updateTable('sessions').set({ revoked_at: clock.now(), revoke_reason: 'logout' }).where('user_id', '=', userId).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute(),
      );
    },

    /** Ends every session of the user (access tokens already issued expire within their short lifetime). */
    async logoutAll(userId: string): Promise<number> {
      return db.platform({ name: 'identity.logout_all', actor: `user:${userId}` }, async (tx) => {
        const r = await tx.updateTable('sessions').set({ revoked_at: clock.now(), revoke_reason: 'logout_all' }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
        return Number(r.numUpdatedRows);
      });
    },

    /** The user's live sessions, one per family (the newest token of each). */
    async list(userId: string, currentFamily: string | undefined) {
      const now = clock.now();
      const rows = await db.platform({ name: 'identity.sessions_list', actor: `user:${userId}`, audit: false, readOnly: true }, (tx) =>
        tx
          .selectFrom('sessions')
          .select(['family_id', 'acting_tenant', 'created_at', 'expires_at', 'ip', 'user_agent'])
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .where('rotated_at', 'is', null)
          .where('expires_at', '>', now)
          .orderBy('created_at', 'desc')
          .execute(),
      );
      return rows.map((r) => ({
        id: r.family_id,
        tenant_id: r.acting_tenant,
        last_used_at: new Date(r.created_at).toISOString(),
        expires_at: new Date(r.expires_at).toISOString(),
        ip: r.ip,
        user_agent: r.user_agent,
        current: r.family_id === currentFamily,
      }));
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
