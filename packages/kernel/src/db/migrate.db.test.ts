import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl } from '../../../../test/support/snapshot.ts';
import { createTestDatabase, TEST_DRIVER, type TestDatabase } from '../../../../test/support/test-db.ts';
import { sha256Hex } from '../crypto.ts';
import { AppError } from '../errors.ts';
import { migrate, MigrationError, readMigrations, type MigrationFile } from './migrate.ts';
import { createPgPool, type SqlPool } from './pool.ts';

/** The migration runner: idempotent, refuses edited history, atomic, serialized across servers. */

const FILES = readMigrations();
const NAMES = FILES.map((f) => f.name);

const file = (version: string, name: string, text: string): MigrationFile => ({ version, name, sql: text, checksum: sha256Hex(text) });

interface EmptyDatabase {
  /** A new pool on the database (PGlite: the one pool; it is a single connection). */
  pool(): SqlPool;
  drop(): Promise<void>;
}

/**
 * Nothing migrated: a new database on DATABASE_URL's server; on PGlite, a new empty schema alone on the search_path
 * of the test database's one connection (the runner works in the current schema, and a fresh PGlite instance costs
 * seconds of initdb).
 */
async function createEmptyDatabase(): Promise<EmptyDatabase> {
  if (TEST_DRIVER === 'pglite') {
    const pool = t.db.pool;
    const schema = `zz_empty_${randomBytes(6).toString('hex')}`;
    await query(pool, `create schema ${schema}`);
    await query(pool, `set search_path to ${schema}`);
    return {
      pool: () => pool,
      async drop() {
        await query(pool, 'reset search_path');
        await query(pool, `drop schema ${schema} cascade`);
      },
    };
  }
  const base = process.env.DATABASE_URL!;
  const name = `smarteros_m_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`).finally(() => admin.end());
  const pools: SqlPool[] = [];
  return {
    pool: () => {
      const pool = createPgPool({ connectionString: adminUrl(base, name), max: 1 });
      pools.push(pool);
      return pool;
    },
    async drop() {
      await Promise.all(pools.map((p) => p.end()));
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`).finally(() => a.end());
    },
  };
}

async function query<R>(pool: SqlPool, text: string, params: unknown[] = []): Promise<R[]> {
  const session = await pool.connect();
  try {
    return (await session.query<R>(text, params)).rows;
  } finally {
    session.release();
  }
}

const appliedRows = (pool: SqlPool) =>
  query<{ version: string; name: string; checksum: string }>(pool, 'select version, name, checksum from schema_migrations order by version');
const tableExists = async (pool: SqlPool, name: string) =>
  (await query<{ found: boolean }>(pool, 'select to_regclass($1) is not null as found', [name]))[0]!.found;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('migrate', () => {
  it('applies every file, in order, on an empty database, and nothing the second time', async () => {
    const empty = await createEmptyDatabase();
    try {
      const pool = empty.pool();
      const applied: string[] = [];
      const first = await migrate(pool, { onApply: (name) => applied.push(name) });
      expect(first).toEqual({ applied: NAMES, current: NAMES });
      expect(applied).toEqual(NAMES);
      const second = await migrate(pool);
      expect(second).toEqual({ applied: [], current: NAMES });
      expect(await appliedRows(pool)).toEqual(FILES.map((f) => ({ version: f.version, name: f.name, checksum: f.checksum })));
    } finally {
      await empty.drop();
    }
  });

  it('applies nothing on the migrated test database', async () => {
    const before = await appliedRows(t.db.pool);
    expect(await migrate(t.db.pool)).toEqual({ applied: [], current: NAMES });
    expect(await appliedRows(t.db.pool)).toEqual(before);
  });

  it('refuses a landed migration that was edited, naming the file, and changes nothing', async () => {
    const landed = FILES[1]!;
    const edited = FILES.map((f) => (f.version === landed.version ? file(f.version, f.name, `${f.sql}\n-- an innocent edit\n`) : f));
    const pending = file('9999', '9999_after_edit.sql', 'create table zz_after_edit (id int);');
    const before = await appliedRows(t.db.pool);

    const err: unknown = await migrate(t.db.pool, { files: [...edited, pending] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).message).toContain(landed.name);
    expect((err as MigrationError).message).toMatch(/edited/);

    expect(await appliedRows(t.db.pool)).toEqual(before);
    expect(await tableExists(t.db.pool, 'zz_after_edit')).toBe(false);
  });

  it('refuses when the file of a landed migration is missing, naming it', async () => {
    const missing = FILES[FILES.length - 1]!;
    const err: unknown = await migrate(t.db.pool, { files: FILES.filter((f) => f !== missing) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).message).toContain(missing.name);
  });

  it('applies pending migrations all or nothing: one failing file leaves no trace of the others', async () => {
    const good = file('9998', '9998_good.sql', 'create table zz_good (id int);');
    const bad = file('9999', '9999_bad.sql', 'create table zz_bad (id int); select 1 / 0;');
    const before = await appliedRows(t.db.pool);
    await expect(migrate(t.db.pool, { files: [...FILES, good, bad] })).rejects.toThrow(/division by zero/);
    expect(await appliedRows(t.db.pool)).toEqual(before);
    expect(await tableExists(t.db.pool, 'zz_good')).toBe(false);
    expect(await tableExists(t.db.pool, 'zz_bad')).toBe(false);
    // And the same files, fixed, apply afterwards: the failed run left no lock and no half state.
    const fixed = file('9999', '9999_bad.sql', 'create table zz_bad (id int);');
    expect((await migrate(t.db.pool, { files: [...FILES, good, fixed] })).applied).toEqual(['9998_good.sql', '9999_bad.sql']);
  });

  it.skipIf(TEST_DRIVER !== 'postgres')('two servers migrating one empty database at once: both succeed, each file is applied once', async () => {
    const empty = await createEmptyDatabase();
    try {
      const applied: string[] = [];
      const onApply = (name: string) => applied.push(name);
      const [one, two] = await Promise.all([migrate(empty.pool(), { onApply }), migrate(empty.pool(), { onApply })]);
      expect([...one.applied, ...two.applied].sort()).toEqual(NAMES);
      expect(applied.sort()).toEqual(NAMES);
      expect(one.current).toEqual(NAMES);
      expect(two.current).toEqual(NAMES);
      const check = empty.pool();
      expect((await appliedRows(check)).map((r) => r.name)).toEqual(NAMES);
      expect(await tableExists(check, 'api_keys')).toBe(true);
    } finally {
      await empty.drop();
    }
  });
});

describe('the application roles cannot change the schema', () => {
  const tenantId = randomUUID();
  const platform = { name: 'test.ddl', actor: 'test', audit: false };
  const statements = [
    'create table zz_app_table (id int)',
    'create view zz_app_view as select 1 as one',
    'alter table tenants disable row level security',
    'alter table tenants no force row level security',
    'drop policy tenants_tenant on tenants',
    'drop table outbox',
  ];

  it.each(statements)('smarteros_app (withTenant): %s fails', async (statement) => {
    const err: unknown = await t.db.withTenant(tenantId, (tx) => sql.raw(statement).execute(tx)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).cause).toMatchObject({ code: '42501' });
  });

  it.each(statements)('smarteros_platform (platform): %s fails', async (statement) => {
    const err: unknown = await t.db.platform(platform, (tx) => sql.raw(statement).execute(tx)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).cause).toMatchObject({ code: '42501' });
  });

  it('left the schema as it was', async () => {
    expect(await tableExists(t.db.pool, 'zz_app_table')).toBe(false);
    expect(await tableExists(t.db.pool, 'zz_app_view')).toBe(false);
    expect(await tableExists(t.db.pool, 'outbox')).toBe(true);
    const [tenants] = await query<{ rls: boolean; forced: boolean }>(
      t.db.pool,
      "select relrowsecurity as rls, relforcerowsecurity as forced from pg_class where oid = 'tenants'::regclass",
    );
    expect(tenants).toEqual({ rls: true, forced: true });
  });
});
