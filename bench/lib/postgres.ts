import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A throw-away database on the PostgreSQL server of a URL: created for one benchmark run, dropped afterwards. */
export interface ScratchDatabase {
  name: string;
  url: string;
  server: { version: string; settings: Record<string, string> };
  drop(): Promise<void>;
}

export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, application_name: 'smarteros-bench' });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  return client;
}

const SETTINGS = ['max_connections', 'shared_buffers', 'synchronous_commit', 'fsync', 'wal_sync_method', 'jit'];

/**
 * Creates the database, or throws when the server cannot be reached or refuses (the caller records the driver as
 * skipped with the message).
 */
export async function createScratchDatabase(baseUrl: string): Promise<ScratchDatabase> {
  const name = `smarteros_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await connect(baseUrl);
  let version: string;
  const settings: Record<string, string> = {};
  try {
    version = (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
    const rows = await admin.query<{ name: string; setting: string; unit: string | null }>(
      'select name, setting, unit from pg_settings where name = any($1)',
      [SETTINGS],
    );
    for (const r of rows.rows) settings[r.name] = r.unit ? `${r.setting} (${r.unit})` : r.setting;
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  let dropped = false;
  return {
    name,
    url: withDatabase(baseUrl, name),
    server: { version, settings },
    async drop() {
      if (dropped) return;
      dropped = true;
      const a = await connect(baseUrl);
      try {
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

/** Lists the client backends serving a database (other than its own), for CPU accounting. */
export async function openBackendMonitor(url: string): Promise<{ pids(): Promise<number[]>; close(): Promise<void> }> {
  const client = await connect(url);
  return {
    async pids() {
      const { rows } = await client.query<{ pid: number }>(
        `select pid from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      );
      return rows.map((r) => r.pid);
    },
    close: () => client.end(),
  };
}

/**
 * A scratch database on the server of `databaseUrl`, or, when that server cannot be reached or refuses, the reason the
 * driver is skipped (both logged).
 */
export async function scratchDatabaseOrSkip(databaseUrl: string, log: (message: string) => void): Promise<{ scratch: ScratchDatabase } | { skipped: string }> {
  let scratch: ScratchDatabase;
  try {
    scratch = await createScratchDatabase(databaseUrl);
  } catch (err) {
    const reason = `PostgreSQL at ${new URL(databaseUrl).host} is not usable: ${err instanceof Error ? err.message : String(err)}`;
    log(`skipped: ${reason}`);
    return { skipped: reason };
  }
  log(`database ${scratch.name} (PostgreSQL ${scratch.server.version})`);
  return { scratch };
}
