import { AppError, isUuid, randomToken, sha256Hex, type Clock, type Database, type TenantRole } from '@smarteros/kernel';
import type { ApiKeyOutput, CreateApiKeyInput } from './identity.schema.ts';
import { recordSecurityEvent } from './member.service.ts';
import { roleAtLeast, type Principal } from './principal.ts';

/**
 * Tenant API keys for machines: `sk_<tenant id, 32 hex>_<43 chars of randomness>`. The tenant id in the key lets it be
 * checked inside that tenant's row-level security; only its SHA-256 is stored (the key has 256 bits of entropy, so a
 * slow hash adds nothing). The key is returned once, at creation.
 */
const KEY_RE = /^sk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
const LAST_USED_GRANULARITY_MS = 60_000;

export const looksLikeApiKey = (value: string): boolean => value.startsWith('sk_');

function tenantIdOfKey(key: string): string | undefined {
  const m = KEY_RE.exec(key);
  if (!m) return undefined;
  const h = m[1]!;
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  return isUuid(id) ? id : undefined;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function createApiKeyService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async create(creator: Principal, tenantId: string, input: CreateApiKeyInput): Promise<{ id: string; key: string; name: string; role: string; hint: string }> {
      const role = input.role as TenantRole;
      if (!roleAtLeast(creator.role, role)) {
        throw new AppError('forbidden', `You cannot create a key with a role above your own (${creator.role})`, { field: 'role' });
      }
      const key = `sk_${tenantId.replaceAll('-', '')}_${randomToken(32)}`;
      const hint = key.slice(-4);
      const row = await db.withTenant(tenantId, async (tx) => {
        const tenant = await tx.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
        if (!tenant) throw new AppError('not_found', 'Tenant not found');
        const created = await tx
          .insertInto('api_keys')
          .values({ tenant_id: tenantId, name: input.name, role, key_hash: sha256Hex(key), key_hint: hint, created_by: creator.id, created_at: clock.now() })
          .returning(['id', 'name', 'role'])
          .executeTakeFirstOrThrow();
        await recordSecurityEvent(tx, tenantId, `${creator.kind}:${creator.id}`, 'api_key.created', { key_id: created.id, name: created.name, role });
        return created;
      });
      return { id: row.id, key, name: row.name, role: row.role, hint };
    },

    list(tenantId: string): Promise<ApiKeyOutput[]> {
      return db.withTenant(tenantId, async (tx) => {
        const rows = await tx.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
        return rows.map((r) => ({
          id: r.id,
          name: r.name,
          role: r.role,
          hint: r.key_hint,
          created_by: r.created_by,
          created_at: new Date(r.created_at).toISOString(),
          last_used_at: iso(r.last_used_at),
          revoked_at: iso(r.revoked_at),
        }));
      });
    },

    async revoke(actor: Principal, tenantId: string, keyId: string): Promise<void> {
      if (!isUuid(keyId)) throw new AppError('not_found', 'API key not found');
      await db.withTenant(tenantId, async (tx) => {
        const done = await tx
          .updateTable('api_keys')
          .set({ revoked_at: clock.now() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', keyId)
          .where('revoked_at', 'is', null)
          .returning(['name', 'role', 'key_hint'])
          .executeTakeFirst();
        if (!done) throw new AppError('not_found', 'API key not found or already revoked');
        await recordSecurityEvent(tx, tenantId, `${actor.kind}:${actor.id}`, 'api_key.revoked', { key_id: keyId, name: done.name, role: done.role, hint: done.key_hint });
      });
    },

    /** The principal of a key, or an unauthorized error; runs inside the key's tenant under row-level security. */
    async authenticate(key: string): Promise<Principal> {
      const tenantId = tenantIdOfKey(key);
      if (!tenantId) throw new AppError('unauthorized', 'The API key is not valid');
      const now = clock.now();
      const row = await db.withTenant(tenantId, async (tx) => {
        const found = await tx
          .selectFrom('api_keys')
          .select(['id', 'role', 'last_used_at'])
          .where('tenant_id', '=', tenantId)
          .where('key_hash', '=', sha256Hex(key))
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (found && (!found.last_used_at || now.getTime() - new Date(found.last_used_at).getTime() > LAST_USED_GRANULARITY_MS)) {
          await tx.updateTable('api_keys').set({ last_used_at: now }).where('tenant_id', '=', tenantId).where('id', '=', found.id).execute();
        }
        return found;
      });
      if (!row) throw new AppError('unauthorized', 'The API key is not valid or was revoked');
      return { kind: 'api_key', id: row.id, role: row.role, tenantId };
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
