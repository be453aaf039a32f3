import { recordPlatformAudit, sha256Hex, type Clock, type Database, type TenantRole } from '@smarteros/kernel';
import { recordSecurityEvent } from './member.service.ts';

export interface ExternalClaims {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  tenantId: string;
  role: TenantRole;
}

const CACHE_LIMIT = 10_000;

/**
 * Links an external identity to a SmarterOS user on first sign-in: the user with the same verified e-mail, or a new
 * one (no password: they sign in through the provider). It also makes them a member of the tenant the token names,
 * with the token's role, the first time. Later sign-ins are a cache hit (the link never changes).
 */
export function createExternalIdentityService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  const cache = new Map<string, string>();

  return {
    async link(c: ExternalClaims): Promise<string> {
      const key = `${c.issuer}\u0000${c.subject}\u0000${c.tenantId}`;
      const cached = cache.get(key);
      if (cached) return cached;
      const userId = await db.platform({ name: 'identity.external_link', actor: `oidc:${c.subject}`, targetTenant: c.tenantId, audit: false }, async (tx) => {
        const now = clock.now();
        const linked = await tx.selectFrom('user_identities').select('user_id').where('provider', '=', c.issuer).where('subject', '=', c.subject).executeTakeFirst();
        let id = linked?.user_id;
        if (!id) {
          const email = c.email?.toLowerCase();
          const byEmail = email && c.emailVerified ? await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst() : undefined;
          id =
            byEmail?.id ??
            (
              await tx
                .insertInto('users')
                .values({
                  // Without a verified e-mail the account gets a placeholder address nobody can receive mail at.
                  email: email && c.emailVerified ? email : `${sha256Hex(`${c.issuer}|${c.subject}`).slice(0, 24)}@external.invalid`,
                  password_hash: null,
                  is_platform_admin: false,
                })
                .returning('id')
                .executeTakeFirstOrThrow()
            ).id;
          await tx.insertInto('user_identities').values({ user_id: id, provider: c.issuer, subject: c.subject, email: email ?? null, created_at: now, last_seen_at: now }).execute();
          await recordPlatformAudit(tx, { operation: 'identity.external_linked', actor: `oidc:${c.subject}`, targetTenant: c.tenantId, details: { provider: c.issuer, user_id: id, by_email: Boolean(byEmail) } });
        }
        const member = await tx.selectFrom('memberships').select('role').where('tenant_id', '=', c.tenantId).where('user_id', '=', id).executeTakeFirst();
        if (!member) {
          await tx.insertInto('memberships').values({ tenant_id: c.tenantId, user_id: id, role: c.role, created_at: now }).execute();
          await recordSecurityEvent(tx, c.tenantId, `oidc:${c.subject}`, 'member.added', { user_id: id, role: c.role, via: c.issuer });
        }
        return id;
      });
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(key, userId);
      return userId;
    },
  };
}

export type ExternalIdentityService = ReturnType<typeof createExternalIdentityService>;
