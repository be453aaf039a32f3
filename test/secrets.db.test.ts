import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, companyOpenApi, startCompanyApi, type CompanyApi } from './fakes/company-api.ts';
import { createTestServer, type TestServer } from './support/test-server.ts';

/**
 * Secrets planted in the vault never come back out: a full run (register, replace, import, call with success and every
 * kind of failure, list, read the logs) at trace log level, then every log line, every response (bodies and headers)
 * and every row of every table is searched for the secrets. Only the company API itself may see them.
 */
const PLANTED = {
  apiKey: 'planted-API-key-7c1e9b2f4d8a',
  apiKeyV2: 'planted-API-key-v2-0b7d3c9e1f',
  bearer: 'planted-bearer-5e2a8c0d6f31',
  basic: 'planted-basic-pass-93kd02mx',
  oauth: CLIENT_SECRET,
};
const SECRETS = Object.values(PLANTED);

let t: TestServer;
let api: CompanyApi;
const logLines: string[] = [];
const responses: string[] = [];
let ownerKey = '';

async function call(method: string, url: string, body?: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await t.request({ method, url, body, ...(token ? { token } : {}) });
  responses.push(JSON.stringify({ status: res.status, headers: res.headers, body: res.body }));
  return res;
}

beforeAll(async () => {
  api = await startCompanyApi();
  t = await createTestServer({
    env: { SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8', SMARTEROS_LOG_LEVEL: 'trace', SMARTEROS_GATEWAY_TIMEOUT_MS: '300' },
    logStream: { write: (line) => void logLines.push(line) },
  });
});
afterAll(async () => {
  await t?.close();
  await api?.close();
});

describe('a secret planted in the vault', () => {
  it('appears in no log line, no response and no table after a full run', async () => {
    const tenant = await call('POST', '/api/v1/tenants', { rut: '76.086.428-5', business_name: 'Secretos SpA', contact_email: 'a@secretos.cl' });
    const tenantId = String(tenant.body.id);
    ownerKey = String((await call('POST', `/api/v1/tenants/${tenantId}/api-keys`, { name: 'owner', role: 'owner' })).body.key);
    const expose = (prefix: string) =>
      ['listOrders', 'echo', 'broken', 'slow', 'reset', 'wrongShape', 'flakyPost'].map((operation) => ({ operation, capability_name: `${prefix}.${operation.toLowerCase()}` }));
    const register = (name: string, auth: Record<string, unknown>, prefix: string) =>
      call('POST', '/api/v1/providers', { name, base_url: api.url, ...auth, openapi: companyOpenApi(), expose: expose(prefix) }, ownerKey);

    expect((await register('Key', { auth_type: 'api_key', credential: { secret: PLANTED.apiKey } }, 'key')).status).toBe(201);
    expect((await register('Bearer', { auth_type: 'bearer', credential: { secret: PLANTED.bearer } }, 'bearer')).status).toBe(201);
    expect((await register('Basic', { auth_type: 'basic', credential: { username: 'u', secret: PLANTED.basic } }, 'basic')).status).toBe(201);
    const oauth = await register('OAuth', { auth_type: 'oauth2', credential: { client_id: CLIENT_ID, secret: PLANTED.oauth, token_url: `${api.url}/oauth/token` } }, 'oauth');
    expect(oauth.status).toBe(201);
    // Refused registrations carry the secret in their bodies too.
    await call('POST', '/api/v1/providers', { name: 'Bad', base_url: 'http://10.0.0.1', auth_type: 'bearer', credential: { secret: PLANTED.bearer } }, ownerKey);
    await call('POST', '/api/v1/providers', { name: 'Bad2', base_url: api.url, auth_type: 'bearer', credential: { secret: PLANTED.bearer, username: 'x' } }, ownerKey);
    await call('POST', '/api/v1/providers', { name: 'Key', base_url: api.url, auth_type: 'bearer', credential: { secret: PLANTED.bearer } }, ownerKey);

    const providers = await call('GET', '/api/v1/providers', undefined, ownerKey);
    const keyProvider = (providers.body.items as Array<{ id: string; name: string }>).find((p) => p.name === 'Key')!;
    await call('PUT', `/api/v1/providers/${keyProvider.id}/credential`, { secret: PLANTED.apiKeyV2 }, ownerKey);
    await call('PUT', `/api/v1/providers/${keyProvider.id}/credential`, { secret: PLANTED.apiKey, header_name: 'Host' }, ownerKey);
    await call('GET', `/api/v1/providers/${keyProvider.id}`, undefined, ownerKey);
    await call('POST', `/api/v1/providers/${keyProvider.id}/openapi`, { document: companyOpenApi() }, ownerKey);

    for (const prefix of ['key', 'bearer', 'basic', 'oauth']) {
      for (const op of ['listorders', 'echo', 'broken', 'slow', 'reset', 'wrongshape', 'flakypost']) {
        await call('POST', `/api/v1/capabilities/${prefix}.${op}/invoke`, {}, ownerKey);
      }
      await call('POST', `/api/v1/capabilities/${prefix}.listorders/invoke`, { status: 'nope' }, ownerKey);
    }
    await call('GET', '/api/v1/capabilities', undefined, ownerKey);
    await call('GET', '/api/v1/gateway/requests?limit=200', undefined, ownerKey);
    await call('GET', '/api/v1/gateway/summary', undefined, ownerKey);
    await call('GET', `/api/v1/tenants/${tenantId}/security-events`, undefined, ownerKey);
    await call('GET', '/api/v1/audit');
    await call('GET', '/api/v1/vault/status');
    await call('POST', '/api/v1/vault/rotate', {});

    // The company API did get the credentials (so the run exercised them)...
    const upstream = JSON.stringify(api.requests.map((r) => r.headers));
    expect(upstream).toContain(PLANTED.apiKeyV2);
    expect(upstream).toContain(PLANTED.bearer);
    // ...and the logs were on.
    expect(logLines.length).toBeGreaterThan(50);

    const everything = { logs: logLines.join('\n'), responses: responses.join('\n') };
    for (const secret of SECRETS) {
      const encoded = [secret, Buffer.from(secret).toString('base64'), Buffer.from(`u:${secret}`).toString('base64')];
      for (const [where, text] of Object.entries(everything)) {
        for (const form of encoded) expect(text.includes(form), `${where} contains a planted secret`).toBe(false);
      }
    }

    // Every row of every table, as text.
    const tables = await t.testDb.db.asOwner((tx) =>
      sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(tx),
    );
    for (const { table_name } of tables.rows) {
      const rows = await t.testDb.db.asOwner((tx) => sql<{ row: string }>`select t::text as row from ${sql.table(table_name)} t`.execute(tx));
      const text = rows.rows.map((r) => r.row).join('\n');
      for (const secret of SECRETS) expect(text.includes(secret), `table ${table_name} contains a planted secret`).toBe(false);
    }
  });
});
