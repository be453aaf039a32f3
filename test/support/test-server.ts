import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManualClock } from '@smarteros/kernel';
import { loadConfig, type Config } from '@smarteros/server';
import { startServer, type RunningServer, type StartOptions } from '@smarteros/server';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export const ADMIN_EMAIL = 'admin@test.smarteros';
/** Where every test server's manual clock starts. Tokens crafted by tests should use it (see nowSeconds). */
export const TEST_CLOCK_START = '2026-03-02T12:00:00Z';
export const testNowSeconds = (): number => Math.floor(new Date(TEST_CLOCK_START).getTime() / 1000);
export const ADMIN_PASSWORD = 'correct-horse-battery-staple';

export interface TestServer {
  server: RunningServer;
  testDb: TestDatabase;
  clock: ReturnType<typeof createManualClock>;
  config: Config;
  adminToken: string;
  /** app.inject with a bearer token: a fresh admin token on the server's clock unless another (or null) is given. */
  request(opts: { method: string; url: string; body?: unknown; token?: string | null; headers?: Record<string, string> }): Promise<{
    status: number;
    body: Record<string, unknown> & { error?: { code: string; message: string; details?: Record<string, unknown> } };
    headers: Record<string, unknown>;
  }>;
  close(): Promise<void>;
}

/** A server on a fresh test database (PGlite or PostgreSQL, see test-db.ts), driven through app.inject. */
export async function createTestServer(
  options: {
    env?: Record<string, string>;
    listen?: boolean;
    resolveTxt?: (name: string) => Promise<string[][]>;
    logStream?: { write(line: string): void };
    cloudflareJwks?: StartOptions['cloudflareJwks'];
  } = {},
): Promise<TestServer> {
  const testDb = await createTestDatabase();
  const clock = createManualClock(TEST_CLOCK_START);
  const config = loadConfig({
    SMARTEROS_DATA_DIR: mkdtempSync(join(tmpdir(), 'smarteros-test-')),
    SMARTEROS_JWT_SECRET: 'test-secret-test-secret-test-secret-000',
    SMARTEROS_ADMIN_EMAIL: ADMIN_EMAIL,
    SMARTEROS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    SMARTEROS_LOG_LEVEL: 'silent',
    SMARTEROS_JOBS_INTERVAL_SECONDS: '0',
    PORT: '0',
    ...options.env,
  });
  const server = await startServer({
    config,
    clock,
    db: testDb.db,
    listen: options.listen ?? false,
    logger: options.logStream !== undefined,
    ...(options.logStream ? { logStream: options.logStream } : {}),
    ...(options.cloudflareJwks ? { cloudflareJwks: options.cloudflareJwks } : {}),
    ...(options.resolveTxt ? { resolveTxt: options.resolveTxt } : {}),
  });
  let adminId = '';
  const request: TestServer['request'] = async ({ method, url, body, token, headers }) => {
    // The clock may have moved past the first token's expiry: issue one on the current clock.
    const bearer = token ?? (adminId ? (await server.services.tokens.issue({ sub: adminId, role: 'platform_admin', tenantId: null })).token : adminToken);
    const res = await server.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${bearer}` }),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    let parsed: Record<string, unknown>;
    try {
      parsed = res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {};
    } catch {
      parsed = { raw: res.body };
    }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  };
  let adminToken = '';
  const login = await request({ method: 'POST', url: '/api/v1/auth/login', body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, token: null });
  if (login.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(login.body)}`);
  adminToken = String(login.body.access_token);
  adminId = String((await request({ method: 'GET', url: '/api/v1/auth/me', token: adminToken })).body.id);
  return {
    server,
    testDb,
    clock,
    config,
    adminToken,
    request,
    async close() {
      await server.close();
      await testDb.drop();
    },
  };
}
