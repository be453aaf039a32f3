import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, rutFromBody } from '@smarteros/kernel';
import { loadConfig } from '@smarteros/server';
import { startServer, type RunningServer } from '@smarteros/server';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DRIVER, type TestDatabase } from './support/test-db.ts';

/**
 * Production hardening: DATABASE_URL is a login role that owns nothing, SMARTEROS_MIGRATION_DATABASE_URL is the owner.
 * Then even SQL that resets the role (an injection, say) lands on a role with no privileges and no policy.
 */
describe.skipIf(TEST_DRIVER !== 'postgres')('a login role that owns nothing (PostgreSQL)', () => {
  let t: TestDatabase;
  let server: RunningServer;
  let loginUrl = '';
  const login = `smarteros_login_${randomBytes(4).toString('hex')}`;

  const asLogin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: loginUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    await admin.query(`create role ${login} login`);
    await admin.end();
    const url = new URL(t.url!);
    url.username = login;
    loginUrl = url.toString();
    const config = loadConfig({
      DATABASE_URL: loginUrl,
      SMARTEROS_MIGRATION_DATABASE_URL: t.url,
      SMARTEROS_DATA_DIR: mkdtempSync(join(tmpdir(), 'smarteros-lp-')),
      SMARTEROS_JWT_SECRET: 'least-privilege-secret-least-privilege-00',
      SMARTEROS_ADMIN_PASSWORD: 'least-privilege-admin',
      SMARTEROS_LOG_LEVEL: 'silent',
      SMARTEROS_JOBS_INTERVAL_SECONDS: '0',
    });
    server = await startServer({ config, listen: false, logger: false });
  });

  afterAll(async () => {
    await server?.close();
    await t?.drop();
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`drop role if exists ${login}`);
    await c.end();
  });

  it('runs the platform: migrations by the owner, everything else by the login role', async () => {
    const token = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'admin@smarteros.local', password: 'least-privilege-admin' } });
    expect(token.statusCode).toBe(200);
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/v1/tenants',
      headers: { authorization: `Bearer ${String(token.json().access_token)}` },
      payload: { rut: rutFromBody(76_111_222), business_name: 'Mínimo Privilegio SpA', contact_email: 'mp@x.cl' },
    });
    expect(created.statusCode).toBe(201);
    expect(await asLogin(async (c) => (await c.query('select current_user as u')).rows[0].u)).toBe(login);
  });

  it('owns nothing and reads nothing once its role is reset', async () => {
    const owned = await asLogin((c) => c.query('select tablename from pg_tables where tableowner = current_user'));
    expect(owned.rows).toEqual([]);
    const err = await asLogin(async (c) => {
      await c.query('begin');
      await c.query(`select set_config('role', 'smarteros_platform', true)`);
      await c.query('reset role');
      return c.query('select count(*) from tenants').catch((e: unknown) => e);
    });
    expect(err).toMatchObject({ code: '42501' });
  });

  it('migrating again through the owner is a no-op that keeps the grants', async () => {
    const db = await openDatabase({ databaseUrl: loginUrl, poolMax: 1 });
    try {
      const { migrateForApp } = await import('@smarteros/kernel');
      const result = await migrateForApp(db.pool, { databaseUrl: loginUrl, migrationDatabaseUrl: t.url });
      expect(result.applied).toEqual([]);
      expect(await db.platform({ name: 'test', actor: 'test', audit: false }, async (tx) => (await tx.selectFrom('plans').select('code').execute()).length)).toBe(5);
    } finally {
      await db.close();
    }
  });
});
