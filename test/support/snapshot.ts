import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPglitePool, createPgPool, migrate, readMigrations } from '@smarteros/kernel';
import pg from 'pg';

/** Fingerprint of the migrations: a snapshot or template database is reused only while they are unchanged. */
export function migrationsHash(): string {
  const h = createHash('sha256');
  for (const m of readMigrations()) h.update(m.name).update(m.checksum);
  return h.digest('hex').slice(0, 16);
}

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/smarteros-test/', import.meta.url));

export function pgliteSnapshotPath(): string {
  return join(CACHE_DIR, `pglite-${migrationsHash()}.tar`);
}

/** A migrated PGlite data dir as a tarball, made once and reused by every test file. */
export async function ensurePgliteSnapshot(): Promise<string> {
  const file = pgliteSnapshotPath();
  if (existsSync(file)) return file;
  mkdirSync(CACHE_DIR, { recursive: true });
  const pool = await createPglitePool({});
  await migrate(pool);
  const blob = await pool.pglite.dumpDataDir('none');
  await pool.end();
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
  renameSync(tmp, file);
  return file;
}

export function loadPgliteSnapshot(): Blob {
  return new Blob([readFileSync(pgliteSnapshotPath())]);
}

export function templateDatabaseName(): string {
  return `smarteros_tpl_${migrationsHash()}`;
}

export function adminUrl(databaseUrl: string, database = 'postgres'): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A migrated template database on the PostgreSQL server of DATABASE_URL; test databases are cloned from it. */
export async function ensurePostgresTemplate(databaseUrl: string): Promise<string> {
  const name = templateDatabaseName();
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount) return name;
    const building = `${name}_build_${process.pid}`;
    await admin.query(`drop database if exists ${building}`);
    await admin.query(`create database ${building}`);
    const pool = createPgPool({ connectionString: adminUrl(databaseUrl, building), max: 1 });
    await migrate(pool);
    await pool.end();
    try {
      await admin.query(`alter database ${building} rename to ${name}`);
    } catch {
      await admin.query(`drop database if exists ${building}`);
    }
    return name;
  } finally {
    await admin.end();
  }
}
