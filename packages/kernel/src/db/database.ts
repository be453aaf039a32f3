import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, sql, type Transaction } from 'kysely';
import { AppError } from '../errors.ts';
import { createSqlPoolDialect } from './dialect.ts';
import { mapDbError } from './errors.ts';
import { createPglitePool, createPgPool, type DriverKind, type SqlPool } from './pool.ts';
import type { DB } from './schema.ts';

export type Tx = Transaction<DB>;

/** The roles the application works as (created by db/migrations/0001_kernel.sql). */
export const APP_ROLE = 'smarteros_app';
export const PLATFORM_ROLE = 'smarteros_platform';

/** A platform-wide operation: it has a name, an actor, and (unless it is internal bookkeeping) an audit row. */
export interface PlatformOperation {
  name: string;
  actor: string;
  /** Write a platform_audit row in the same transaction. Default true. */
  audit?: boolean;
  /** The operation only reads: its audit row is committed without waiting for the disk (see begin_platform_operation). */
  readOnly?: boolean;
  targetTenant?: string | null;
  details?: Record<string, unknown>;
}

export interface Database {
  readonly kind: DriverKind;
  /** Runs fn in one transaction as smarteros_app with app.tenant_id set: row-level security sees only this tenant. */
  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs fn in one transaction as smarteros_platform (all tenants), named and audited. */
  platform<T>(operation: PlatformOperation, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs fn as the connecting (owner) user. Migrations, bootstrap and tests only; services never get this. */
  asOwner<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
  readonly pool: SqlPool;
}

/** A platform_audit row inside a platform transaction, for an operation that audits only some of its runs. */
export async function recordPlatformAudit(tx: Tx, entry: { operation: string; actor: string; targetTenant?: string | null; details?: Record<string, unknown> }): Promise<void> {
  await tx
    .insertInto('platform_audit')
    .values({ operation: entry.operation, actor: entry.actor, target_tenant: entry.targetTenant ?? null, details: JSON.stringify(entry.details ?? {}) })
    .execute();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID_RE.test(value);

export function createDatabaseFromPool(pool: SqlPool, onClose?: () => void): Database {
  const kysely = new Kysely<DB>({ dialect: createSqlPoolDialect(pool) });

  async function run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await kysely.transaction().execute(fn);
    } catch (err) {
      throw mapDbError(err);
    }
  }

  return {
    kind: pool.kind,
    pool,
    withTenant(tenantId, fn) {
      // Another tenant's id and a malformed id look the same from outside: not found.
      if (!isUuid(tenantId)) return Promise.reject(new AppError('not_found', 'Tenant not found'));
      return run(async (tx) => {
        await sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${tenantId}, true)`.execute(tx);
        return fn(tx);
      });
    },
    platform(operation, fn) {
      return run(async (tx) => {
        await sql`select begin_platform_operation(${operation.name}, ${operation.actor}, ${operation.targetTenant ?? null}::uuid,
                    ${JSON.stringify(operation.details ?? {})}::jsonb, ${operation.audit !== false}, ${operation.readOnly === true})`.execute(tx);
        return fn(tx);
      });
    },
    asOwner: (fn) => run(fn),
    async ping() {
      const session = await pool.connect();
      try {
        await session.query('select 1');
      } catch (err) {
        throw mapDbError(err);
      } finally {
        session.release();
      }
    },
    async close() {
      // Kysely ends the pool only if it ever used it; end it here too (idempotent) so close() always releases it.
      await kysely.destroy();
      await pool.end();
      onClose?.();
    },
  };
}

/**
 * PGlite is one process's database: a second process opening the same data dir would corrupt it.
 * A lock file with the owner's pid refuses that with a message a person can act on.
 */
function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      let alive = false;
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch {
          alive = false;
        }
      }
      if (alive) {
        throw new AppError(
          'unavailable',
          `The embedded database in ${dataDir} is open in process ${pid} (a running server?). ` +
            'Stop it, talk to it through its HTTP API, or set DATABASE_URL to use PostgreSQL.',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new AppError('unavailable', `Could not lock the embedded database in ${dataDir}`);
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  poolMax?: number;
  /** PGlite only: start from this snapshot (tests). */
  loadDataDir?: Blob;
}

/** Opens PostgreSQL when a URL is given, otherwise PGlite (under dataDir, or in memory when dataDir is undefined). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    return createDatabaseFromPool(createPgPool({ connectionString: options.databaseUrl, max: options.poolMax ?? 10 }));
  }
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : undefined;
  try {
    const pool = await createPglitePool({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    return createDatabaseFromPool(pool, unlock);
  } catch (err) {
    unlock?.();
    throw err;
  }
}
