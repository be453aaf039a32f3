import { randomBytes } from 'node:crypto';
import { openDatabase, type Database, type DriverKind } from '@smarteros/kernel';
import pg from 'pg';
import { adminUrl, loadPgliteSnapshot, templateDatabaseName } from './snapshot.ts';

export const TEST_DRIVER: DriverKind = process.env.SMARTEROS_TEST_DRIVER === 'postgres' ? 'postgres' : 'pglite';

export interface TestDatabase {
  db: Database;
  /** PostgreSQL URL of this test database (postgres driver only). */
  url: string | undefined;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: PGlite loaded from the snapshot, or a PostgreSQL database cloned
 * from the template on DATABASE_URL's server. Dropped again by drop().
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_DRIVER === 'pglite') {
    const db = await openDatabase({ loadDataDir: loadPgliteSnapshot() });
    return { db, url: undefined, drop: () => db.close() };
  }
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('SMARTEROS_TEST_DRIVER=postgres needs DATABASE_URL');
  const name = `smarteros_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${templateDatabaseName()}`);
  } finally {
    await admin.end();
  }
  const url = adminUrl(base, name);
  const db = await openDatabase({ databaseUrl: url, poolMax: 5 });
  return {
    db,
    url,
    async drop() {
      await db.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      try {
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
