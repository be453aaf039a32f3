import { randomUUID } from 'node:crypto';
import { AppError, deriveKey, hmacBase64url, isUuid, randomToken, sha256Hex, type Clock, type Database, type Tx } from '@smarteros/kernel';
import type { Role } from './principal.ts';
import type { TokenService } from './token.ts';
import { deviceLabel } from './user-agent.ts';

/**
 * Sessions: a short access token (JWT) and a refresh token that rotates on every use. The refresh tokens of one
 * login form a family; presenting an already-rotated token (a stolen copy, or a replay) revokes the whole family.
 * Only SHA-256 of a refresh token is stored.
 *
 * Tabs of one browser share the refresh token (an HttpOnly cookie), so two of them may refresh with the same token at
 * the same moment. A rotated token presented again within REFRESH_GRACE_MS, while its successor is still unused,
 * answers that same successor (and a fresh access token) instead of ending the session: the successor of a row is
 * an HMAC of the row's id under a key derived from the server secret, so it can be given again without being stored.
 * Outside the window, or once the successor was itself rotated, it is a reuse and the family is revoked.
 */
export const REFRESH_GRACE_MS = 30_000;
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

export function createSessionService(deps: { db: Database; clock: Clock; tokens: TokenService; refreshTtlSeconds: number; secret: string }) {
  const { db, clock, tokens, refreshTtlSeconds } = deps;
  const successorKey = deriveKey(deps.secret, 'refresh-successor');
  /** The refresh token that replaces the one stored in row `rowId` (deterministic, so a grace replay gets it again). */
  const successorOf = (rowId: string) => `${REFRESH_PREFIX}${hmacBase64url(successorKey, rowId)}`;

  /** The role a user has in a tenant now (membership), or platform_admin; undefined when they have none there. */
  async function currentRole(tx: Tx, userId: string, tenantId: string | null): Promise<Role | undefined> {
    const user = await tx.selectFrom('users').select('is_platform_admin').where('id', '=', userId).executeTakeFirst();
    if (!user) return undefined;
    if (tenantId === null) return user.is_platform_admin ? 'platform_admin' : undefined;
    const m = await tx.selectFrom('memberships').select('role').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
    return m?.role;
  }

  async function issue(tx: Tx, p: { userId: string; role: Role; tenantId: string | null; familyId: string; meta: SessionMeta; refresh?: string }): Promise<SessionTokens> {
    const refresh = p.refresh ?? `${REFRESH_PREFIX}${randomToken(32)}`;
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
          // Another tab refreshed with this token a moment ago: answer the same successor while it is unused.
          if (!switchTo && now.getTime() - new Date(row.rotated_at).getTime() <= REFRESH_GRACE_MS) {
            const successor = successorOf(row.id);
            const next = await tx.selectFrom('sessions').selectAll().where('refresh_hash', '=', sha256Hex(successor)).forUpdate().executeTakeFirst();
            if (next && !next.rotated_at && !next.revoked_at && new Date(next.expires_at) > now) {
              const role = await currentRole(tx, next.user_id, next.acting_tenant);
              if (role) {
                const access = await tokens.issue({ sub: next.user_id, role, tenantId: next.acting_tenant, sessionId: next.family_id });
                const left = Math.max(1, Math.floor((new Date(next.expires_at).getTime() - now.getTime()) / 1000));
                return {
                  ok: true as const,
                  tokens: { access_token: access.token, token_type: 'Bearer' as const, expires_in: access.expiresIn, refresh_token: successor, refresh_expires_in: left, role, tenant_id: next.acting_tenant },
                };
              }
            }
          }
          await tx
            .updateTable('sessions')
            .set({ revoked_at: now, revoke_reason: 'reuse_detected' })
            .where('family_id', '=', row.family_id)
            .where('revoked_at', 'is', null)
            .execute();
          if (row.acting_tenant) {
            await tx
              .insertInto('security_events')
              .values({ tenant_id: row.acting_tenant, actor: `user:${row.user_id}`, action: 'session.reuse_detected', details: JSON.stringify({ family_id: row.family_id, ip: meta.ip ?? null, device: deviceLabel(meta.userAgent) }) })
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
        // A tenant switch starts a branch no grace replay may answer: its token is random.
        return { ok: true as const, tokens: await issue(tx, { userId: row.user_id, role, tenantId, familyId: row.family_id, meta, ...(switchTo ? {} : { refresh: successorOf(row.id) }) }) };
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

    /** Closes one of the person's own sessions by its id (the family); another person's id is not found. */
    async close(userId: string, familyId: string): Promise<void> {
      if (!isUuid(familyId)) throw new AppError('not_found', 'Session not found');
      const done = await db.platform({ name: 'identity.session_close', actor: `user:${userId}` }, (tx) =>
        tx
          .updateTable('sessions')
          .set({ revoked_at: clock.now(), revoke_reason: 'closed' })
          .where('user_id', '=', userId)
          .where('family_id', '=', familyId)
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', clock.now())
          .executeTakeFirst(),
      );
      if (done.numUpdatedRows === 0n) throw new AppError('not_found', 'Session not found');
    },

    /** Ends every session of the user (access tokens already issued expire within their short lifetime). */
    async logoutAll(userId: string): Promise<number> {
      return db.platform({ name: 'identity.logout_all', actor: `user:${userId}` }, async (tx) => {
        const r = await tx.updateTable('sessions').set({ revoked_at: clock.now(), revoke_reason: 'logout_all' }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
        return Number(r.numUpdatedRows);
      });
    },

    /** The user's live sessions, one per family (the newest token of each). */
    async list(userId: string, currentFamily: string | undefined, locale: 'es' | 'en' = 'es') {
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
        device: deviceLabel(r.user_agent, locale),
        current: r.family_id === currentFamily,
      }));
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
