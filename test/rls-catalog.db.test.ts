import { APP_ROLE, PLATFORM_ROLE, type Tx } from '@smarteros/kernel';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/**
 * The tenancy rules, read from the catalog of the migrated schema. Every table with a tenant_id column is a
 * tenant-owned table and must follow them; a new table that does not fails here, naming the table.
 */

/** Unique keys without tenant_id, each with its reason. Nothing else may be unique across tenants. */
const GLOBAL_UNIQUE_KEYS: Record<string, string> = {
  tenant_domains_domain_key: 'routing needs one owner per domain across all tenants',
  chat_inboxes_external_key: "a channel's webhook is routed by its number or bot id: one inbox on the platform owns it (no tenant can capture another's traffic)",
};

/** Tables without tenant_id that smarteros_app may read (global reference data, read-only). */
const GLOBAL_READABLE_TABLES = ['plans', 'lifecycle_transitions'];

/**
 * Tables without tenant_id that smarteros_app may read only through row-level security (enabled and forced), with
 * the reason. users: the members of the current tenant see each other's e-mail and name (policy users_members).
 */
const RLS_READABLE_TABLES: Record<string, string> = { users: 'members of the current tenant see each other (users_members)' };

const TENANT_QUALIFIER = "current_setting('app.tenant_id'";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

interface TenantTable {
  oid: number;
  name: string;
  rls: boolean;
  forced: boolean;
  notnull: boolean;
  has_tenant_fk: boolean;
}
interface PolicyRow {
  oid: number;
  name: string;
  cmd: string;
  permissive: boolean;
  roles: string;
  qual: string | null;
  with_check: string | null;
}
interface IndexRow {
  oid: number;
  name: string;
  unique: boolean;
  partial: boolean;
  indkey: string;
  nkeys: number;
}

/** Every rule broken by a tenant-owned table of the current schema, one line each, naming the table. */
async function auditTenantTables(tx: Tx): Promise<{ tables: string[]; problems: string[] }> {
  const tables = (
    await sql<TenantTable & { attnum: number }>`
      select c.oid::int as oid, c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
             a.attnum::int as attnum, a.attnotnull as notnull,
             exists (
               select 1 from pg_constraint f
                where f.conrelid = c.oid and f.contype = 'f'
                  and f.confrelid = 'tenants'::regclass
                  and f.conkey = array[a.attnum]
                  and f.confkey = array[(select ta.attnum from pg_attribute ta
                                          where ta.attrelid = 'tenants'::regclass and ta.attname = 'id')]
             ) as has_tenant_fk
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and a.attnum > 0 and not a.attisdropped
       where n.nspname = current_schema() and c.relkind in ('r', 'p')
       order by c.relname`.execute(tx)
  ).rows;
  const oids = tables.map((r) => r.oid);
  const policies = (
    await sql<PolicyRow>`
      select p.polrelid::int as oid, p.polname as name, p.polcmd::text as cmd, p.polpermissive as permissive,
             (select coalesce(string_agg(case when r = 0 then 'public' else pg_get_userbyid(r)::text end, ',' order by 1), '')
                from unnest(p.polroles) as r) as roles,
             pg_get_expr(p.polqual, p.polrelid) as qual, pg_get_expr(p.polwithcheck, p.polrelid) as with_check
        from pg_policy p
       where p.polrelid::int in (select unnest(${oids}::int[]))`.execute(tx)
  ).rows;
  const indexes = (
    await sql<IndexRow>`
      select i.indrelid::int as oid, ic.relname as name, i.indisunique as unique, i.indpred is not null as partial,
             i.indkey::text as indkey, i.indnkeyatts::int as nkeys
        from pg_index i
        join pg_class ic on ic.oid = i.indexrelid
       where i.indrelid::int in (select unnest(${oids}::int[]))`.execute(tx)
  ).rows;

  const problems: string[] = [];
  for (const table of tables) {
    const say = (problem: string) => problems.push(`${table.name}: ${problem}`);
    const attnum = (table as TenantTable & { attnum: number }).attnum;
    if (!table.rls) say('row-level security is not enabled');
    if (!table.forced) say('row-level security is not forced');
    if (!table.notnull) say('tenant_id is nullable');
    if (!table.has_tenant_fk) say('tenant_id has no foreign key to tenants(id)');

    const mine = policies.filter((p) => p.oid === table.oid);
    const appliesToApp = (p: PolicyRow) => p.roles.split(',').some((r) => r === APP_ROLE || r === 'public');
    if (!mine.some((p) => appliesToApp(p) && p.qual?.includes(TENANT_QUALIFIER))) {
      say(`no policy for ${APP_ROLE} whose qualifier uses ${TENANT_QUALIFIER}, ...)`);
    }
    // Permissive policies are OR-ed: one that does not filter by tenant opens the table to every tenant.
    for (const p of mine.filter((x) => x.permissive && appliesToApp(x))) {
      const checksRows = p.cmd === '*' || p.cmd === 'r' || p.cmd === 'w' || p.cmd === 'd';
      const checksNewRows = p.cmd === '*' || p.cmd === 'a' || p.cmd === 'w';
      if (checksRows && !p.qual?.includes(TENANT_QUALIFIER)) say(`policy ${p.name} lets ${APP_ROLE} read rows of any tenant`);
      const check = p.with_check ?? (p.cmd === 'a' ? null : p.qual);
      if (checksNewRows && !check?.includes(TENANT_QUALIFIER)) say(`policy ${p.name} lets ${APP_ROLE} write rows of any tenant`);
    }

    const own = indexes.filter((i) => i.oid === table.oid).map((i) => ({ ...i, keys: i.indkey.split(' ').map(Number).slice(0, i.nkeys) }));
    if (!own.some((i) => !i.partial && i.keys[0] === attnum)) say('no index leads with tenant_id');
    for (const index of own.filter((i) => i.unique)) {
      if (!index.keys.includes(attnum) && !Object.hasOwn(GLOBAL_UNIQUE_KEYS, index.name)) {
        say(`unique index/constraint ${index.name} does not include tenant_id`);
      }
    }
  }
  return { tables: tables.map((r) => r.name), problems };
}

class Rollback extends Error {}

/** Runs fn as the owner and rolls everything back. */
async function inRolledBackTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  let result: T | undefined;
  let done = false;
  const err = await t.db
    .asOwner(async (tx) => {
      result = await fn(tx);
      done = true;
      throw new Rollback();
    })
    .catch((e: unknown) => e);
  if (!(err instanceof Rollback) || !done) throw err;
  return result as T;
}

describe('tenant-owned tables (every table with tenant_id)', () => {
  it('follow the tenancy rules: forced RLS, a tenant policy, not null, FK to tenants, tenant-led index, tenant-scoped unique keys', async () => {
    const { tables, problems } = await t.db.asOwner(auditTenantTables);
    // The audit found the tables it is meant to guard (a typo in the query must not make it pass vacuously).
    expect(tables).toEqual(expect.arrayContaining(['tenant_products', 'trials', 'tenant_domains', 'tenant_integrations', 'outbox', 'outbox_deliveries', 'memberships', 'api_keys']));
    expect(problems).toEqual([]);
  });

  it('the audit catches a table that breaks each rule, naming it', async () => {
    const problems = await inRolledBackTransaction(async (tx) => {
      await sql`create table zz_bad (id int, tenant_id uuid, code text, constraint zz_bad_code_key unique (code))`.execute(tx);
      await sql`create table zz_leaky (tenant_id uuid not null references tenants (id), id int, primary key (tenant_id, id))`.execute(tx);
      await sql`alter table zz_leaky enable row level security`.execute(tx);
      await sql`alter table zz_leaky force row level security`.execute(tx);
      await sql`create policy zz_leaky_tenant on zz_leaky to smarteros_app
                  using (tenant_id = (select current_setting('app.tenant_id', true))::uuid)`.execute(tx);
      await sql`create policy zz_leaky_open on zz_leaky to smarteros_app using (true)`.execute(tx);
      await sql`create table zz_good (tenant_id uuid not null references tenants (id), id int, code text,
                  primary key (tenant_id, id), unique (tenant_id, code))`.execute(tx);
      await sql`alter table zz_good enable row level security`.execute(tx);
      await sql`alter table zz_good force row level security`.execute(tx);
      await sql`create policy zz_good_tenant on zz_good to smarteros_app
                  using (tenant_id = (select current_setting('app.tenant_id', true))::uuid)
                  with check (tenant_id = (select current_setting('app.tenant_id', true))::uuid)`.execute(tx);
      return (await auditTenantTables(tx)).problems;
    });
    expect(problems.filter((p) => p.startsWith('zz_bad:'))).toEqual([
      'zz_bad: row-level security is not enabled',
      'zz_bad: row-level security is not forced',
      'zz_bad: tenant_id is nullable',
      'zz_bad: tenant_id has no foreign key to tenants(id)',
      `zz_bad: no policy for ${APP_ROLE} whose qualifier uses ${TENANT_QUALIFIER}, ...)`,
      'zz_bad: no index leads with tenant_id',
      'zz_bad: unique index/constraint zz_bad_code_key does not include tenant_id',
    ]);
    expect(problems.filter((p) => p.startsWith('zz_leaky:'))).toEqual([
      `zz_leaky: policy zz_leaky_open lets ${APP_ROLE} read rows of any tenant`,
      `zz_leaky: policy zz_leaky_open lets ${APP_ROLE} write rows of any tenant`,
    ]);
    expect(problems.filter((p) => p.startsWith('zz_good:'))).toEqual([]);
  });

  it('the one unique key without tenant_id is the documented routing key', async () => {
    const { rows } = await t.db.asOwner((tx) =>
      sql<{ name: string; table: string; def: string }>`
        select ic.relname as name, c.relname as table, pg_get_indexdef(i.indexrelid) as def
          from pg_index i
          join pg_class ic on ic.oid = i.indexrelid
          join pg_class c on c.oid = i.indrelid
         where ic.relname = 'tenant_domains_domain_key' and i.indisunique`.execute(tx),
    );
    expect(rows).toEqual([{ name: 'tenant_domains_domain_key', table: 'tenant_domains', def: expect.stringMatching(/\(domain\)$/) }]);
  });
});

describe('tenants', () => {
  it('has row-level security enabled and forced, and a tenant policy for the app role', async () => {
    const { rows } = await t.db.asOwner((tx) =>
      sql<{ rls: boolean; forced: boolean; qual: string | null }>`
        select c.relrowsecurity as rls, c.relforcerowsecurity as forced,
               (select pg_get_expr(p.polqual, p.polrelid) from pg_policy p
                 where p.polrelid = c.oid and ${APP_ROLE}::regrole = any (p.polroles)) as qual
          from pg_class c where c.oid = 'tenants'::regclass`.execute(tx),
    );
    expect(rows).toEqual([{ rls: true, forced: true, qual: expect.stringContaining(TENANT_QUALIFIER) }]);
  });
});

describe('application roles', () => {
  const roles = [APP_ROLE, PLATFORM_ROLE];

  it('own no table, view, sequence or function', async () => {
    const { rows } = await t.db.asOwner((tx) =>
      sql<{ owner: string; kind: string; name: string }>`
        select tableowner as owner, 'table' as kind, schemaname || '.' || tablename as name
          from pg_tables where tableowner = any (${roles}::text[])
        union all
        select pg_get_userbyid(c.relowner)::text, c.relkind::text, c.relname::text
          from pg_class c where pg_get_userbyid(c.relowner) = any (${roles}::text[])
        union all
        select pg_get_userbyid(p.proowner)::text, 'function', p.proname::text
          from pg_proc p where pg_get_userbyid(p.proowner) = any (${roles}::text[])`.execute(tx),
    );
    expect(rows).toEqual([]);
  });

  it('are not superusers and do not bypass row-level security', async () => {
    const { rows } = await t.db.asOwner((tx) =>
      sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>`
        select rolname, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb
          from pg_roles where rolname = any (${roles}::text[]) order by rolname`.execute(tx),
    );
    expect(rows).toEqual(
      [...roles].sort().map((rolname) => ({ rolname, rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false })),
    );
  });

  it('have no TRUNCATE, REFERENCES or TRIGGER on any table (TRUNCATE ignores row-level security)', async () => {
    const { rows } = await t.db.asOwner((tx) =>
      sql<{ role: string; table: string }>`
        select r.role, c.relname as table
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          cross join unnest(${roles}::text[]) as r(role)
         where n.nspname = current_schema() and c.relkind in ('r', 'p')
           and has_table_privilege(r.role, c.oid, 'TRUNCATE, REFERENCES, TRIGGER')
         order by 1, 2`.execute(tx),
    );
    expect(rows).toEqual([]);
  });

  it(`reaches tables without tenant_id only where documented: read-only global data (${GLOBAL_READABLE_TABLES.join(', ')})`, async () => {
    const { rows } = await t.db.asOwner((tx) =>
      sql<{ table: string; can_read: boolean; can_write: boolean }>`
        select c.relname as table,
               has_table_privilege(${APP_ROLE}, c.oid, 'SELECT') or has_any_column_privilege(${APP_ROLE}, c.oid, 'SELECT') as can_read,
               has_table_privilege(${APP_ROLE}, c.oid, 'INSERT, UPDATE, DELETE')
                 or has_any_column_privilege(${APP_ROLE}, c.oid, 'INSERT, UPDATE') as can_write
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relname <> 'tenants'
           and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
         order by 1`.execute(tx),
    );
    const problems = rows.flatMap((r) => [
      ...(r.can_write ? [`${r.table}: ${APP_ROLE} can write a table that is not tenant-owned`] : []),
      ...(r.can_read && !GLOBAL_READABLE_TABLES.includes(r.table) && !(r.table in RLS_READABLE_TABLES)
        ? [`${r.table}: ${APP_ROLE} can read a table that is not tenant-owned`]
        : []),
    ]);
    expect(rows.map((r) => r.table)).toEqual(expect.arrayContaining(['users', 'platform_audit', 'idempotency_keys']));
    expect(problems).toEqual([]);
  });

  it(`reads ${Object.keys(RLS_READABLE_TABLES).join(', ')} only through forced row-level security with a tenant policy`, async () => {
    const { rows } = await t.db.asOwner((tx) =>
      sql<{ table: string; rls: boolean; forced: boolean; tenant_policy: boolean }>`
        select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
               exists (select 1 from pg_policy p where p.polrelid = c.oid
                        and pg_get_expr(p.polqual, p.polrelid) like ${`%${TENANT_QUALIFIER}%`}) as tenant_policy
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = current_schema() and c.relname = any (${Object.keys(RLS_READABLE_TABLES)}::text[])`.execute(tx),
    );
    expect(rows).toEqual(Object.keys(RLS_READABLE_TABLES).map((table) => ({ table, rls: true, forced: true, tenant_policy: true })));
  });
});

describe('views and functions do not step around row-level security', () => {
  it('v_tenant_overview has security_invoker=true', async () => {
    const { rows } = await t.db.asOwner((tx) =>
      sql<{ options: string | null }>`
        select array_to_string(c.reloptions, ',') as options from pg_class c where c.oid = 'v_tenant_overview'::regclass`.execute(tx),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.options?.split(',')).toContain('security_invoker=true');
  });

  it('every view of the schema is security_invoker (a definer view reads as the owner, past row-level security)', async () => {
    const { rows } = await t.db.asOwner((tx) =>
      sql<{ name: string; options: string | null }>`
        select c.relname as name, array_to_string(c.reloptions, ',') as options
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = current_schema() and c.relkind in ('v', 'm') order by 1`.execute(tx),
    );
    const invoker = (options: string | null) => (options ?? '').split(',').some((o) => /^security_invoker=(true|on|yes|1)$/i.test(o));
    expect(rows.filter((r) => !invoker(r.options)).map((r) => r.name)).toEqual([]);
  });

  it('no function of the schema is SECURITY DEFINER (it would run as the owner, past row-level security)', async () => {
    const { rows } = await t.db.asOwner((tx) =>
      sql<{ name: string }>`
        select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname = current_schema() and p.prosecdef order by 1`.execute(tx),
    );
    expect(rows).toEqual([]);
  });
});
