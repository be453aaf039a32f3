import { AppError, createManualClock, generateMasterKey, parseMasterKeys, rutFromBody } from '@smarteros/kernel';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-db.ts';
import { createVault } from './vault.service.ts';

/**
 * The vault on both drivers: secrets sealed under a tenant's data key, the data key wrapped by the master key; rotation
 * of the master key re-wraps data keys in batches while old and new keys both open them; a ciphertext moved to another
 * row or tenant does not open.
 */
const PLATFORM = { name: 'test', actor: 'test' };
const clock = createManualClock('2026-03-02T12:00:00Z');
const ADMIN = { id: 'user:test' };
let t: TestDatabase;
const tenants: string[] = [];

async function createTenant(i: number): Promise<string> {
  return t.db.platform(PLATFORM, async (tx) => {
    const r = await sql<{ id: string }>`select create_tenant_minimal(${`Bóveda ${i} SpA`}, ${`v${i}@example.cl`}, ${rutFromBody(40_000_000 + i)}) as id`.execute(tx);
    return r.rows[0]!.id;
  });
}

/** Seals a secret the way the registry does, and answers what is needed to open it again. */
async function sealFor(vault: ReturnType<typeof createVault>, tenantId: string, credentialId: string, secret: string) {
  const sealed = await t.db.withTenant(tenantId, (tx) => vault.seal(tx, tenantId, credentialId, secret));
  return sealed;
}

async function dataKeyRow(tenantId: string) {
  return t.db.asOwner((tx) => tx.selectFrom('tenant_data_keys').select(['id', 'master_key_id', 'wrapped_key']).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow());
}

beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 1; i <= 7; i++) tenants.push(await createTenant(i));
});
afterAll(async () => {
  await t?.drop();
});

describe('vault', () => {
  const oldKey = generateMasterKey();
  const newKey = generateMasterKey();
  const ringOld = parseMasterKeys(oldKey);
  const secrets = new Map<string, { credentialId: string; ciphertext: Buffer; secret: string }>();

  it('seals a secret per tenant; one data key per tenant, created on first use, wrapped by the current master key', async () => {
    const vault = createVault({ db: t.db, ring: ringOld, clock });
    for (const [i, tenantId] of tenants.entries()) {
      const credentialId = crypto.randomUUID();
      const secret = `secreto-de-la-empresa-${i}-Kx9`;
      const sealed = await sealFor(vault, tenantId, credentialId, secret);
      expect(sealed.ciphertext.includes(Buffer.from(secret))).toBe(false);
      expect(sealed.last4).toBe(secret.slice(-4));
      expect(sealed.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      secrets.set(tenantId, { credentialId, ciphertext: sealed.ciphertext, secret });
      // A second secret of the same tenant uses the same data key.
      const again = await sealFor(vault, tenantId, crypto.randomUUID(), 'otro-secreto-123456');
      expect(again.data_key_id).toBe(sealed.data_key_id);
    }
    const rows = await t.db.asOwner((tx) => tx.selectFrom('tenant_data_keys').select(['master_key_id']).where('tenant_id', 'in', tenants).execute());
    expect(rows).toHaveLength(tenants.length);
    expect(new Set(rows.map((r) => r.master_key_id))).toEqual(new Set([ringOld.current.id]));
  });

  it('opens a secret only with its tenant and credential id (AAD)', async () => {
    const vault = createVault({ db: t.db, ring: ringOld, clock });
    const [a, b] = tenants as [string, string];
    const sa = secrets.get(a)!;
    const rowA = await dataKeyRow(a);
    expect(vault.open(a, sa.credentialId, rowA, sa.ciphertext)).toBe(sa.secret);
    // Moved to another credential row of the same tenant.
    expect(() => vault.open(a, crypto.randomUUID(), rowA, sa.ciphertext)).toThrow(AppError);
    // Moved to another tenant: another data key, and another AAD.
    const rowB = await dataKeyRow(b);
    expect(() => vault.open(b, sa.credentialId, rowB, sa.ciphertext)).toThrow(AppError);
    const tampered = Buffer.from(sa.ciphertext);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => vault.open(a, sa.credentialId, rowA, tampered)).toThrow(AppError);
  });

  it('rotates the master key in batches while servers with both keys keep opening secrets', async () => {
    const both = parseMasterKeys(`${newKey},${oldKey}`);
    const vault = createVault({ db: t.db, ring: both, clock });
    const before = await vault.status(ADMIN);
    expect(before.current_key_id).toBe(both.current.id);
    expect(before.keys.find((k) => k.key_id === ringOld.current.id)?.data_keys).toBeGreaterThanOrEqual(tenants.length);

    const first = await vault.rotate(ADMIN, 3);
    expect(first.rotated).toBe(3);
    expect(first.remaining).toBe(first.total - 3);
    // Half-way: every secret still opens, under either key.
    for (const tenantId of tenants) {
      const s = secrets.get(tenantId)!;
      expect(createVault({ db: t.db, ring: both, clock }).open(tenantId, s.credentialId, await dataKeyRow(tenantId), s.ciphertext)).toBe(s.secret);
    }
    let last = first;
    while (last.remaining > 0) last = await vault.rotate(ADMIN, 3);
    expect(last.remaining).toBe(0);

    // Only the new key is needed now: the old one can be removed from the configuration.
    const onlyNew = createVault({ db: t.db, ring: parseMasterKeys(newKey), clock });
    for (const tenantId of tenants) {
      const s = secrets.get(tenantId)!;
      expect(onlyNew.open(tenantId, s.credentialId, await dataKeyRow(tenantId), s.ciphertext)).toBe(s.secret);
    }
    const after = await onlyNew.status(ADMIN);
    expect(after.keys).toEqual([expect.objectContaining({ key_id: parseMasterKeys(newKey).current.id, current: true, configured: true })]);
    // Nothing left to do: a second pass is a no-op.
    expect(await vault.rotate(ADMIN, 100)).toMatchObject({ rotated: 0, remaining: 0 });
  });

  it('says which master key is missing instead of failing silently', async () => {
    const stranger = createVault({ db: t.db, ring: parseMasterKeys(generateMasterKey()), clock });
    const tenantId = tenants[0]!;
    const s = secrets.get(tenantId)!;
    const row = await dataKeyRow(tenantId);
    const err = (() => {
      try {
        stranger.open(tenantId, s.credentialId, row, s.ciphertext);
      } catch (e) {
        return e as AppError;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(AppError);
    expect(JSON.stringify(err!.details)).toContain('is not configured');
    expect(JSON.stringify(err!.details)).not.toContain(s.secret);
  });
});
