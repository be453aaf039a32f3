import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createPgPool, type SqlPool, type SqlSession } from './pool.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../../db/migrations/', import.meta.url));

/** Any fixed 64-bit number; every SmarterOS server takes this advisory lock before it migrates. */
const MIGRATION_LOCK = 7_355_608_001;

export interface MigrationFile {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** A migration file is NNNN_lower_snake_name.sql: four digits, each number once. */
export const MIGRATION_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

/**
 * Reads the migrations of a directory. Anything in it that does not follow the naming rule is refused (a file skipped
 * because of a typo would leave a database without its change), and so is a version number used twice.
 */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  const names = readdirSync(dir).sort();
  const bad = names.filter((f) => !MIGRATION_NAME.test(f));
  if (bad.length) {
    throw new MigrationError(`${dir}: ${bad.map((f) => JSON.stringify(f)).join(', ')} ${bad.length === 1 ? 'does' : 'do'} not match NNNN_name.sql (four digits, lower-case letters, digits and _); rename or remove ${bad.length === 1 ? 'it' : 'them'}`);
  }
  const versions = names.map((f) => f.slice(0, 4));
  const twice = versions.filter((v, i) => versions.indexOf(v) !== i);
  if (twice.length) throw new MigrationError(`${dir}: migration number ${[...new Set(twice)].join(', ')} is used by more than one file`);
  return names
    .map((file) => {
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: file.slice(0, 4),
        name: file,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/**
 * Migrates the database the application uses: through SMARTEROS_MIGRATION_DATABASE_URL (the owner) when it is set,
 * granting the application roles to DATABASE_URL's user; otherwise through the application's own pool.
 */
export async function migrateForApp(
  pool: SqlPool,
  options: { databaseUrl?: string | undefined; migrationDatabaseUrl?: string | undefined; onApply?: (name: string) => void },
): Promise<MigrateResult> {
  if (!options.migrationDatabaseUrl || !options.databaseUrl) return migrate(pool, { ...(options.onApply ? { onApply: options.onApply } : {}) });
  const owner = createPgPool({ connectionString: options.migrationDatabaseUrl, max: 1, applicationName: 'smarteros-migrate' });
  try {
    return await migrate(owner, {
      grantApplicationRolesTo: decodeURIComponent(new URL(options.databaseUrl).username) || undefined,
      ...(options.onApply ? { onApply: options.onApply } : {}),
    });
  } finally {
    await owner.end();
  }
}

export interface MigrateResult {
  applied: string[];
  current: string[];
}

/**
 * Applies pending migrations as the connecting (owner) user, in one transaction, under an advisory transaction lock:
 * two servers starting together serialize here and the second finds nothing to do. A landed file whose checksum
 * changed stops everything with an error naming it. Works through a transaction-mode pooler (no session state).
 */
export async function migrate(
  pool: SqlPool,
  options: {
    dir?: string;
    files?: MigrationFile[];
    onApply?: (name: string) => void;
    /** A login role (the application's DATABASE_URL user) that gets membership of the application roles. */
    grantApplicationRolesTo?: string | undefined;
  } = {},
): Promise<MigrateResult> {
  const files = options.files ?? readMigrations(options.dir);
  const session = await pool.connect();
  try {
    await session.query('begin');
    try {
      const result = await migrateInTransaction(session, files, options.onApply);
      if (options.grantApplicationRolesTo) {
        // Idempotent; lets a separate login role that owns nothing switch to the two application roles.
        await session.query(
          `select set_config('smarteros.grantee', $1, true)`,
          [options.grantApplicationRolesTo],
        );
        // Membership without inheritance: the login role may SET ROLE to them, but holds no privilege of its own,
        // so SQL that resets the role reaches nothing.
        await session.exec(`do $$
        declare
          g text := current_setting('smarteros.grantee');
        begin
          if g <> current_user then
            if current_setting('server_version_num')::int >= 160000 then
              execute format('grant smarteros_app, smarteros_platform to %I with inherit false, set true', g);
            else
              execute format('alter role %I noinherit', g);
              execute format('grant smarteros_app, smarteros_platform to %I', g);
            end if;
          end if;
        end $$`);
      }
      await session.query('commit');
      return result;
    } catch (err) {
      await session.query('rollback');
      throw err;
    }
  } finally {
    session.release();
  }
}

async function migrateInTransaction(
  session: SqlSession,
  files: MigrationFile[],
  onApply?: (name: string) => void,
): Promise<MigrateResult> {
  await session.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
  await session.exec(`create table if not exists schema_migrations (
    version text primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
  const { rows } = await session.query<{ version: string; name: string; checksum: string }>(
    'select version, name, checksum from schema_migrations order by version',
  );
  const byVersion = new Map(files.map((f) => [f.version, f]));
  for (const row of rows) {
    const file = byVersion.get(row.version);
    if (!file) throw new MigrationError(`Migration ${row.name} was applied but its file is missing from db/migrations`);
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.name} was edited after it was applied (checksum ${row.checksum.slice(0, 12)} became ` +
          `${file.checksum.slice(0, 12)}). Landed migrations are never edited: add a new file instead.`,
      );
    }
  }
  const done = new Set(rows.map((r) => r.version));
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file.version)) continue;
    await session.exec(file.sql);
    await session.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
      file.version,
      file.name,
      file.checksum,
    ]);
    applied.push(file.name);
    onApply?.(file.name);
  }
  return { applied, current: files.map((f) => f.name) };
}
