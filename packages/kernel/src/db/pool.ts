import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * The two drivers behind one small interface. Everything above this file (Kysely, migrations, tenant transactions)
 * is written once against SqlPool and runs unchanged on PGlite (embedded) and PostgreSQL.
 */
export type DriverKind = 'pglite' | 'postgres';

export interface SqlResult<R> {
  rows: R[];
  affectedRows: number;
}

export interface SqlSession {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /** Runs a script of several statements (simple query protocol, no parameters). */
  exec(script: string): Promise<void>;
}

export interface PooledSession extends SqlSession {
  release(): void;
}

export interface SqlPool {
  readonly kind: DriverKind;
  connect(): Promise<PooledSession>;
  end(): Promise<void>;
}

// Same JS types from both drivers: bigint (int8, e.g. count(*)) as number, date as 'YYYY-MM-DD' text.
const INT8 = 20;
const DATE = 1082;
const parseInt8 = (v: string): number => Number(v);
const keepText = (v: string): string => v;

export interface PgPoolOptions {
  connectionString: string;
  max: number;
  applicationName?: string;
}

export function createPgPool(options: PgPoolOptions): SqlPool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    application_name: options.applicationName ?? 'smarteros',
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return parseInt8;
        if (oid === DATE) return keepText;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server must not crash the process; the next checkout gets a fresh one.
  pool.on('error', () => {});
  let ended: Promise<void> | undefined;
  return {
    kind: 'postgres',
    async connect() {
      const client = await pool.connect();
      return {
        async query<R>(text: string, params: readonly unknown[] = []) {
          const result = await client.query({ text, values: params as unknown[] });
          return { rows: result.rows as R[], affectedRows: result.rowCount ?? 0 };
        },
        async exec(script: string) {
          await client.query(script);
        },
        release: () => client.release(),
      };
    },
    end: () => (ended ??= pool.end()),
  };
}

/**
 * PGlite is one connection: sessions are handed out one at a time, in order. Its WebAssembly build is loaded on first
 * use, so processes that never open the embedded database (the CLI, servers on PostgreSQL) do not pay for it.
 */
export async function createPglitePool(options: { dataDir?: string; loadDataDir?: Blob }): Promise<SqlPool & { pglite: PGlite }> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const [{ PGlite }, { pg_trgm }, { unaccent }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/unaccent'),
  ]);
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: join(options.dataDir, 'pgdata') } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [INT8]: parseInt8, [DATE]: keepText },
    extensions: { pg_trgm, unaccent },
  });
  let tail: Promise<void> = Promise.resolve();
  let ended: Promise<void> | undefined;
  const session: SqlSession = {
    async query<R>(text: string, params: readonly unknown[] = []) {
      const result = await db.query<R>(text, params as unknown[]);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
    async exec(script: string) {
      await db.exec(script);
    },
  };
  return {
    kind: 'pglite',
    pglite: db,
    connect() {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => {
        release = resolve;
      });
      const ready = tail;
      tail = tail.then(() => turn);
      return ready.then(() => {
        let released = false;
        return {
          ...session,
          release: () => {
            if (released) return;
            released = true;
            release();
          },
        };
      });
    },
    end: () =>
      (ended ??= (async () => {
        await tail;
        await db.close();
      })()),
  };
}
