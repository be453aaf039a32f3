import {
  AppError,
  newDataKey,
  openBytes,
  sealBytes,
  secretFingerprint,
  toKeyObject,
  unwrapDataKey,
  VaultError,
  wrapDataKey,
  type Clock,
  type Database,
  type MasterKeyRing,
  type Tx,
} from '@smarteros/kernel';
import type { KeyObject } from 'node:crypto';
import { sql } from 'kysely';
import type { VaultRotateOutput, VaultStatusOutput } from './registry.schema.ts';

/**
 * The vault: secrets of a tenant are sealed with that tenant's data key (AES-256-GCM), and the data key is kept
 * wrapped by the master key (see kernel/vault.ts). A sealed secret is bound to its tenant and credential id, so a
 * ciphertext moved to another row does not open. Nothing here logs, returns or puts a secret in an error message.
 */
export interface SealedSecret {
  data_key_id: string;
  ciphertext: Buffer;
  fingerprint: string;
  last4: string;
}

export interface DataKeyRow {
  id: string;
  master_key_id: string;
  wrapped_key: Buffer;
}

const secretAad = (tenantId: string, credentialId: string): string => `credential:${tenantId}:${credentialId}`;

/** Last 4 characters only when the secret is long enough that they give little away. */
export const lastFour = (secret: string): string => (secret.length >= 12 ? secret.slice(-4) : '');

const CACHE_MAX = 10_000;

export function createVault(deps: { db: Database; ring: MasterKeyRing; clock: Clock }) {
  const { db, ring, clock } = deps;
  // Unwrapped data keys by data key id, as KeyObjects (the raw bytes for fingerprints). A data key never changes
  // (rotation re-wraps it), so entries never go stale.
  const cache = new Map<string, { raw: Buffer; key: KeyObject }>();

  function remember(id: string, raw: Buffer): { raw: Buffer; key: KeyObject } {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    const entry = { raw, key: toKeyObject(raw) };
    cache.set(id, entry);
    return entry;
  }

  function unwrap(tenantId: string, row: DataKeyRow): { raw: Buffer; key: KeyObject } {
    const cached = cache.get(row.id);
    if (cached) return cached;
    try {
      return remember(row.id, unwrapDataKey(ring, row.master_key_id, Buffer.from(row.wrapped_key), tenantId));
    } catch (err) {
      throw new AppError('internal', 'The vault cannot open this tenant\'s key', { reason: err instanceof VaultError ? err.message : 'unwrap failed' });
    }
  }

  /** The tenant's data key (its oldest), created on first use inside the caller's transaction, under the tenant's RLS. */
  async function dataKey(tx: Tx, tenantId: string): Promise<{ id: string; key: { raw: Buffer; key: KeyObject } }> {
    const found = await tx
      .selectFrom('tenant_data_keys')
      .select(['id', 'master_key_id', 'wrapped_key'])
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (found) return { id: found.id, key: unwrap(tenantId, found) };
    const key = newDataKey();
    const { masterKeyId, wrapped } = wrapDataKey(ring, key, tenantId);
    const inserted = await tx
      .insertInto('tenant_data_keys')
      .values({ tenant_id: tenantId, master_key_id: masterKeyId, wrapped_key: wrapped, created_at: clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: inserted.id, key: remember(inserted.id, key) };
  }

  return {
    dataKey,

    /** Seals a secret for one credential row. */
    async seal(tx: Tx, tenantId: string, credentialId: string, secret: string): Promise<SealedSecret> {
      const dk = await dataKey(tx, tenantId);
      return {
        data_key_id: dk.id,
        ciphertext: sealBytes(dk.key.key, Buffer.from(secret, 'utf8'), secretAad(tenantId, credentialId)),
        fingerprint: secretFingerprint(dk.key.raw, secret),
        last4: lastFour(secret),
      };
    },

    /** Opens a sealed secret with its data key row. Only the gateway calls this, at call time. */
    open(tenantId: string, credentialId: string, dataKeyRow: DataKeyRow, ciphertext: Buffer): string {
      const { key } = unwrap(tenantId, dataKeyRow);
      try {
        return openBytes(key, Buffer.from(ciphertext), secretAad(tenantId, credentialId)).toString('utf8');
      } catch {
        throw new AppError('internal', 'The vault cannot open this credential; set it again');
      }
    },

    /** How many data keys each master key wraps. */
    async status(actor: { id: string }): Promise<VaultStatusOutput> {
      const rows = await db.platform({ name: 'vault.status', actor: actor.id, readOnly: true }, (tx) =>
        tx.selectFrom('tenant_data_keys').select(['master_key_id', sql<number>`count(*)::int`.as('n')]).groupBy('master_key_id').execute(),
      );
      const counts = new Map(rows.map((r) => [r.master_key_id, r.n]));
      const ids = [...new Set([...ring.ids, ...counts.keys()])];
      return {
        current_key_id: ring.current.id,
        keys: ids.map((id) => ({ key_id: id, configured: ring.get(id) !== undefined, current: id === ring.current.id, data_keys: counts.get(id) ?? 0 })),
      };
    },

    /**
     * Re-wraps up to batchSize data keys that are not under the current master key, in one short transaction.
     * Servers keep working throughout (they hold every configured key); call again until remaining is 0.
     */
    async rotate(actor: { id: string }, batchSize: number): Promise<VaultRotateOutput> {
      return db.platform({ name: 'vault.rotate', actor: actor.id, details: { current_key_id: ring.current.id, batch_size: batchSize } }, async (tx) => {
        const rows = await tx
          .selectFrom('tenant_data_keys')
          .select(['tenant_id', 'id', 'master_key_id', 'wrapped_key'])
          .where('master_key_id', '<>', ring.current.id)
          .orderBy('master_key_id')
          .orderBy('tenant_id')
          .limit(batchSize)
          .forUpdate()
          .skipLocked()
          .execute();
        const now = clock.now();
        for (const row of rows) {
          let key: Buffer;
          try {
            key = unwrapDataKey(ring, row.master_key_id, Buffer.from(row.wrapped_key), row.tenant_id);
          } catch (err) {
            throw new AppError('unprocessable', `A data key is wrapped by master key "${row.master_key_id}", which cannot open it`, {
              reason: err instanceof VaultError ? err.message : 'unwrap failed',
            });
          }
          const { masterKeyId, wrapped } = wrapDataKey(ring, key, row.tenant_id);
          await tx
            .updateTable('tenant_data_keys')
            .set({ master_key_id: masterKeyId, wrapped_key: wrapped, rewrapped_at: now })
            .where('tenant_id', '=', row.tenant_id)
            .where('id', '=', row.id)
            .execute();
        }
        const counts = await tx
          .selectFrom('tenant_data_keys')
          .select([sql<number>`count(*)::int`.as('total'), sql<number>`(count(*) filter (where master_key_id <> ${ring.current.id}))::int`.as('remaining')])
          .executeTakeFirstOrThrow();
        return { current_key_id: ring.current.id, rotated: rows.length, remaining: counts.remaining, total: counts.total };
      });
    },
  };
}

export type Vault = ReturnType<typeof createVault>;
