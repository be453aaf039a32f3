import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatRut, rutFromBody, sha256Hex } from '@smarteros/kernel';
import { decodeJwt, decodeProtectedHeader, exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestServer, testNowSeconds, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * Authentication over HTTP: password login and its rate limit, the checks on SmarterOS access tokens, tokens of an
 * external identity provider (JWKS), and tenant API keys. Every negative case has a positive control next to it, so
 * a 401 means "refused for this reason" and not "the test built a broken credential".
 */

type Reply = Awaited<ReturnType<TestServer['request']>>;
type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

// Tokens are checked against the server's (manual) clock, so crafted tokens use it too.
const nowSeconds = testNowSeconds;

async function createTenant(t: TestServer, rut: string, name: string): Promise<{ id: string; rut: string }> {
  const res = await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut, business_name: name, contact_email: `hola@${name.toLowerCase().replaceAll(' ', '')}.cl` } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: String(res.body.id), rut: String(res.body.rut) };
}

/** A 401 with exactly the error shape, whose answer does not echo the credential (nor any part of a JWT). */
function expectUnauthorized(res: Reply, credential: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(401);
  expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  const text = JSON.stringify(res.body);
  expect(text).not.toContain(credential);
  for (const part of credential.split('.').filter((p) => p.length >= 8)) expect(text).not.toContain(part);
}

async function loginFailures(t: TestServer): Promise<Array<{ actor: string; details: Record<string, unknown> }>> {
  return t.testDb.db.asOwner((tx) =>
    tx.selectFrom('platform_audit').select(['actor', 'details']).where('operation', '=', 'identity.login_failed').orderBy('id').execute(),
  );
}

describe('password login', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers an HS256 access token with the platform admin claims and a 900 s lifetime', async () => {
    const before = nowSeconds();
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, role: 'platform_admin', tenant_id: null });
    const token = String(res.body.access_token);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(token);
    const admin = await t.testDb.db.asOwner((tx) => tx.selectFrom('users').select('id').where('email', '=', ADMIN_EMAIL).executeTakeFirstOrThrow());
    expect(claims).toMatchObject({ sub: admin.id, role: 'platform_admin', iss: 'smarteros', aud: 'smarteros-api' });
    expect(claims.tenant_id).toBeUndefined();
    expect(claims.iat).toBeGreaterThanOrEqual(before - 1);
    expect(claims.iat).toBeLessThanOrEqual(nowSeconds() + 1);
    expect(claims.exp! - claims.iat!).toBe(900);
    // The token it gave works.
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ kind: 'user', id: admin.id, role: 'platform_admin', tenant_id: null, name: 'Platform admin', email: ADMIN_EMAIL, session_id: expect.any(String) });
  });

  it('answers the same 401 for a wrong password and an unknown e-mail, and audits both', async () => {
    const audited = (await loginFailures(t)).length;
    const wrongPassword = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email: ADMIN_EMAIL, password: 'not-the-password' }, token: null });
    const unknownEmail = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email: 'Nadie@Example.CL', password: ADMIN_PASSWORD }, token: null });
    for (const res of [wrongPassword, unknownEmail]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'El correo o la contraseña no son correctos' } });
      expect(res.body.access_token).toBeUndefined();
    }
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    const rows = (await loginFailures(t)).slice(audited);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.actor)).toEqual([ADMIN_EMAIL, 'nadie@example.cl']);
    for (const r of rows) expect(r.details).toMatchObject({ ip: '127.0.0.1' });
  });

  it('refuses the 4th attempt of one client address with 429 rate_limited (limit 3 per minute), even with the right password', async () => {
    const limited = await createTestServer({ env: { SMARTEROS_LOGIN_MAX_PER_MINUTE: '3' } });
    try {
      const attempt = async (remoteAddress: string, password: string) => {
        const res = await limited.server.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email: ADMIN_EMAIL, password } });
        return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
      };
      for (let i = 1; i <= 3; i++) expect((await attempt('203.0.113.7', 'wrong-password')).status).toBe(401);
      const fourth = await attempt('203.0.113.7', ADMIN_PASSWORD);
      expect(fourth.status).toBe(429);
      expect(fourth.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
      // The budget is per client address: another address still gets in.
      expect((await attempt('203.0.113.8', ADMIN_PASSWORD)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('SmarterOS access token checks', () => {
  let t: TestServer;
  let tenantId: string;
  const secret = (): Uint8Array => new TextEncoder().encode(t.config.jwt.secret);
  /** A token exactly like the ones the server issues, for a tenant viewer; each test breaks one thing. */
  const valid = (claims: JWTPayload = {}, alg = 'HS256') =>
    new SignJWT({ role: 'viewer', tenant_id: tenantId, ...claims })
      .setProtectedHeader({ alg, typ: 'JWT' })
      .setSubject('00000000-0000-4000-8000-000000000001')
      .setIssuer('smarteros')
      .setAudience('smarteros-api')
      .setIssuedAt(nowSeconds())
      .setNotBefore(nowSeconds())
      .setExpirationTime(nowSeconds() + 900);
  const me = (token: string) => t.request({ method: 'GET', url: '/api/v1/auth/me', token });

  beforeAll(async () => {
    t = await createTestServer();
    tenantId = (await createTenant(t, rutFromBody(76086428), 'Panaderia Uno')).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('control: a correctly signed token is accepted', async () => {
    const res = await me(await valid().sign(secret()));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'user', role: 'viewer', tenant_id: tenantId });
    expect((await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantId}`, token: await valid().sign(secret()) })).status).toBe(200);
  });

  it('refuses alg: none', async () => {
    const token = new UnsecuredJWT({ role: 'platform_admin' })
      .setSubject('00000000-0000-4000-8000-000000000001')
      .setIssuer('smarteros')
      .setAudience('smarteros-api')
      .setIssuedAt(nowSeconds())
      .setExpirationTime(nowSeconds() + 900)
      .encode();
    expect(decodeProtectedHeader(token).alg).toBe('none');
    expectUnauthorized(await me(token), token);
  });

  it('refuses HS512 even when signed with the right secret (unexpected algorithm)', async () => {
    const token = await valid({}, 'HS512').sign(secret());
    expect(decodeProtectedHeader(token).alg).toBe('HS512');
    const res = await me(token);
    expectUnauthorized(res, token);
    expect(res.body.error!.message).toMatch(/algoritmo/i);
  });

  it('refuses a wrong issuer', async () => {
    const token = await valid().setIssuer('someone-else').sign(secret());
    expectUnauthorized(await me(token), token);
  });

  it('refuses a wrong audience', async () => {
    const token = await valid().setAudience('another-api').sign(secret());
    expectUnauthorized(await me(token), token);
  });

  it('refuses an expired token', async () => {
    const token = await valid().setIssuedAt(nowSeconds() - 3600).setNotBefore(nowSeconds() - 3600).setExpirationTime(nowSeconds() - 60).sign(secret());
    const res = await me(token);
    expectUnauthorized(res, token);
    expect(res.body.error!.message).toMatch(/venció/i);
  });

  it('refuses a token whose nbf is in the future', async () => {
    const token = await valid().setNotBefore(nowSeconds() + 3600).setExpirationTime(nowSeconds() + 7200).sign(secret());
    expectUnauthorized(await me(token), token);
  });

  it('refuses a tampered payload (viewer promoted to platform_admin, signature kept)', async () => {
    const token = await valid().sign(secret());
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'platform_admin' })).toString('base64url');
    const tampered = `${header}.${forged}.${signature}`;
    expectUnauthorized(await me(tampered), tampered);
    expectUnauthorized(await t.request({ method: 'GET', url: '/api/v1/tenants', token: tampered }), tampered);
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT({ role: 'platform_admin' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('00000000-0000-4000-8000-000000000001')
      .setIssuer('smarteros')
      .setAudience('smarteros-api')
      .setIssuedAt()
      .sign(secret());
    expect(decodeJwt(token).exp).toBeUndefined();
    expectUnauthorized(await me(token), token);
  });

  it('refuses a tenant-role token without tenant_id', async () => {
    for (const role of ['owner', 'admin', 'agent', 'viewer']) {
      const token = await new SignJWT({ role })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject('00000000-0000-4000-8000-000000000001')
        .setIssuer('smarteros')
        .setAudience('smarteros-api')
        .setIssuedAt(nowSeconds())
        .setExpirationTime(nowSeconds() + 900)
        .sign(secret());
      expectUnauthorized(await me(token), token);
    }
  });

  it('refuses a token with an unknown role and a string that is not a JWT', async () => {
    const unknownRole = await valid({ role: 'superuser' }).sign(secret());
    expectUnauthorized(await me(unknownRole), unknownRole);
    const garbage = 'not-a-jwt-at-all-0123456789';
    expectUnauthorized(await me(garbage), garbage);
  });
});

describe('external identity provider (JWKS)', () => {
  let t: TestServer;
  let jwksServer: Server;
  let keys: KeyPair;
  let a: { id: string; rut: string };
  let b: { id: string; rut: string };
  let jwksRequests = 0;
  const KID = 'test-key-1';
  const ISSUER = 'https://idp.test/';

  /** An RS256 token of the IdP; the options break one thing at a time. */
  async function idpToken(
    appMetadata: Record<string, unknown> | undefined,
    o: { key?: KeyPair['privateKey']; kid?: string; issuer?: string; audience?: string; expiresAt?: number } = {},
  ): Promise<string> {
    return new SignJWT(appMetadata === undefined ? { email: 'ana@example.cl' } : { email: 'ana@example.cl', app_metadata: appMetadata })
      .setProtectedHeader({ alg: 'RS256', kid: o.kid ?? KID, typ: 'JWT' })
      .setSubject('idp-user-42')
      .setIssuer(o.issuer ?? ISSUER)
      .setAudience(o.audience ?? 'smarteros')
      .setIssuedAt(nowSeconds() - 10)
      .setExpirationTime(o.expiresAt ?? nowSeconds() + 600)
      .sign(o.key ?? keys.privateKey);
  }
  const as = (token: string, method: string, url: string, body?: unknown) => t.request({ method, url, token, ...(body !== undefined ? { body } : {}) });

  beforeAll(async () => {
    keys = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    jwksServer = createServer((req, res) => {
      if (req.url === '/jwks.json') {
        jwksRequests++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    t = await createTestServer({
      env: {
        SMARTEROS_OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
        SMARTEROS_OIDC_ISSUER: ISSUER,
        SMARTEROS_OIDC_AUDIENCE: 'smarteros',
        SMARTEROS_OIDC_TENANT_CLAIM: 'app_metadata.tenant_id',
        SMARTEROS_OIDC_ROLE_CLAIM: 'app_metadata.role',
      },
    });
    a = await createTenant(t, rutFromBody(76000006), 'Ferreteria Alfa');
    b = await createTenant(t, rutFromBody(77123456), 'Botilleria Beta');
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => (jwksServer ? jwksServer.close(() => resolve()) : resolve()));
  });

  it('an admin token naming tenant A by id reads A, gets 404 for B, and can activate a product on A', async () => {
    const token = await idpToken({ tenant_id: a.id, role: 'admin' });
    const me = await as(token, 'GET', '/api/v1/auth/me');
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    // The first sign-in created a SmarterOS user for the external subject and made it a member of A.
    expect(me.body).toMatchObject({ kind: 'external', role: 'admin', tenant_id: a.id });
    expect(String(me.body.id)).toMatch(/^[0-9a-f-]{36}$/);
    const members = (await t.request({ method: 'GET', url: `/api/v1/tenants/${a.id}/members` })).body.items as Array<{ user_id: string; role: string }>;
    expect(members).toContainEqual(expect.objectContaining({ user_id: me.body.id, role: 'admin' }));
    expect((await as(token, 'GET', '/api/v1/auth/me')).body.id).toBe(me.body.id);
    expect(jwksRequests).toBeGreaterThan(0);
    const own = await as(token, 'GET', `/api/v1/tenants/${a.id}`);
    expect(own.status).toBe(200);
    expect(own.body.id).toBe(a.id);
    const other = await as(token, 'GET', `/api/v1/tenants/${b.id}`);
    expect(other.status).toBe(404);
    expect(other.body.error?.code).toBe('not_found');
    expect((await as(token, 'GET', `/api/v1/tenants/${b.rut}`)).status).toBe(404);
    const activated = await as(token, 'POST', `/api/v1/tenants/${a.id}/products`, { product_code: 'analytics' });
    expect(activated.status, JSON.stringify(activated.body)).toBe(201);
    expect(activated.body).toMatchObject({ product_code: 'analytics', status: 'trial' });
    expect((await as(token, 'POST', `/api/v1/tenants/${b.id}/products`, { product_code: 'analytics' })).status).toBe(404);
  });

  it('links a token with a verified e-mail to the existing user of that e-mail', async () => {
    const added = await t.request({ method: 'POST', url: `/api/v1/tenants/${a.id}/members`, body: { email: 'verificada@example.cl', password: 'una-clave-bien-larga', role: 'agent' } });
    expect(added.status).toBe(201);
    const token = await new SignJWT({ email: 'Verificada@Example.cl', email_verified: true, app_metadata: { tenant_id: a.id, role: 'agent' } })
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .setSubject('google-oauth2|1234567890')
      .setIssuer(ISSUER)
      .setAudience('smarteros')
      .setIssuedAt(nowSeconds() - 10)
      .setExpirationTime(nowSeconds() + 600)
      .sign(keys.privateKey);
    const me = await as(token, 'GET', '/api/v1/auth/me');
    expect(me.body).toMatchObject({ kind: 'external', id: added.body.user_id, role: 'agent' });
    const links = await t.testDb.db.asOwner((tx) => tx.selectFrom('user_identities').select(['provider', 'subject', 'user_id']).where('subject', '=', 'google-oauth2|1234567890').execute());
    expect(links).toEqual([{ provider: ISSUER, subject: 'google-oauth2|1234567890', user_id: added.body.user_id }]);
  });

  it('accepts the tenant named by its RUT in any spelling', async () => {
    expect(a.rut).toBe('76000006-K');
    for (const spelling of ['76000006-K', '76.000.006-k', '76000006k', formatRut(a.rut), ' 76.000.006-K ']) {
      const token = await idpToken({ tenant_id: spelling, role: 'admin' });
      const me = await as(token, 'GET', '/api/v1/auth/me');
      expect(me.status, `${spelling}: ${JSON.stringify(me.body)}`).toBe(200);
      expect(me.body.tenant_id, spelling).toBe(a.id);
      expect((await as(token, 'GET', `/api/v1/tenants/${a.id}`)).status, spelling).toBe(200);
      expect((await as(token, 'GET', `/api/v1/tenants/${b.id}`)).status, spelling).toBe(404);
    }
  });

  it('a viewer gets 403 on activation but reads its tenant', async () => {
    const token = await idpToken({ tenant_id: a.id, role: 'viewer' });
    expect((await as(token, 'GET', `/api/v1/tenants/${a.id}`)).status).toBe(200);
    const res = await as(token, 'POST', `/api/v1/tenants/${a.id}/products`, { product_code: 'ai' });
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('forbidden');
  });

  it('does not grant platform_admin from the role claim: the default role (viewer) applies', async () => {
    const token = await idpToken({ tenant_id: a.id, role: 'platform_admin' });
    const me = await as(token, 'GET', '/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'external', role: 'viewer', tenant_id: a.id });
    expect((await as(token, 'GET', '/api/v1/tenants')).status).toBe(403);
    expect((await as(token, 'GET', `/api/v1/tenants/${b.id}`)).status).toBe(404);
    expect((await as(token, 'POST', `/api/v1/tenants/${a.id}/products`, { product_code: 'ai' })).status).toBe(403);
    expect((await as(token, 'POST', '/api/v1/tenants', { rut: rutFromBody(78345678), business_name: 'Intruso', contact_email: 'x@intruso.cl' })).status).toBe(403);
    // A missing role claim falls back to the same default.
    const noRole = await as(await idpToken({ tenant_id: a.id }), 'GET', '/api/v1/auth/me');
    expect(noRole.body).toMatchObject({ role: 'viewer', tenant_id: a.id });
  });

  it('refuses a wrong audience, a wrong issuer, an expired token and a key not in the JWKS', async () => {
    const claims = { tenant_id: a.id, role: 'admin' };
    const other = await generateKeyPair('RS256');
    const refused = {
      audience: await idpToken(claims, { audience: 'another-app' }),
      issuer: await idpToken(claims, { issuer: 'https://evil.test/' }),
      expired: await idpToken(claims, { expiresAt: nowSeconds() - 60 }),
      unknownKid: await idpToken(claims, { key: other.privateKey, kid: 'not-published' }),
      knownKidOtherKey: await idpToken(claims, { key: other.privateKey }),
    };
    for (const [why, token] of Object.entries(refused)) {
      const res = await as(token, 'GET', `/api/v1/tenants/${a.id}`);
      expect(res.status, why).toBe(401);
      expectUnauthorized(res, token);
    }
  });

  it('refuses an HS256 token signed with the RSA public key (algorithm confusion)', async () => {
    const pem = await exportSPKI(keys.publicKey);
    const claims = { email: 'ana@example.cl', app_metadata: { tenant_id: a.id, role: 'owner' } };
    for (const keyBytes of [pem, pem.trim(), JSON.stringify(await exportJWK(keys.publicKey))]) {
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: KID, typ: 'JWT' })
        .setSubject('idp-user-42')
        .setIssuer(ISSUER)
        .setAudience('smarteros')
        .setIssuedAt(nowSeconds())
        .setExpirationTime(nowSeconds() + 600)
        .sign(new TextEncoder().encode(keyBytes));
      expectUnauthorized(await as(token, 'GET', `/api/v1/tenants/${a.id}`), token);
    }
  });

  it('refuses a token without the tenant claim, or naming a tenant that does not exist by RUT', async () => {
    const missing = await idpToken(undefined);
    expectUnauthorized(await as(missing, 'GET', `/api/v1/tenants/${a.id}`), missing);
    const empty = await idpToken({ role: 'admin' });
    expectUnauthorized(await as(empty, 'GET', `/api/v1/tenants/${a.id}`), empty);
    const notAString = await idpToken({ tenant_id: 76000006, role: 'admin' });
    expectUnauthorized(await as(notAString, 'GET', `/api/v1/tenants/${a.id}`), notAString);
    const unknownRut = await idpToken({ tenant_id: rutFromBody(78345678), role: 'admin' });
    expectUnauthorized(await as(unknownRut, 'GET', `/api/v1/tenants/${a.id}`), unknownRut);
  });
});

describe('tenant API keys', () => {
  let t: TestServer;
  let a: { id: string; rut: string };
  let b: { id: string; rut: string };
  let viewer: { id: string; key: string };
  let admin: { id: string; key: string };
  const hex = (id: string) => id.replaceAll('-', '');

  /** Names of the tables (current schema) with a row whose JSON text contains needle, read as the owner. */
  async function tablesContaining(needle: string): Promise<string[]> {
    return t.testDb.db.asOwner(async (tx) => {
      const tables = await sql<{ name: string }>`
        select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = current_schema() and c.relkind in ('r', 'p') order by 1`.execute(tx);
      const found: string[] = [];
      for (const { name } of tables.rows) {
        const hit = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)} t where strpos(row_to_json(t)::text, ${needle}) > 0`.execute(tx);
        if (hit.rows[0]!.n > 0) found.push(name);
      }
      return found;
    });
  }

  beforeAll(async () => {
    t = await createTestServer();
    a = await createTenant(t, rutFromBody(76086428), 'Almacen Alfa');
    b = await createTenant(t, rutFromBody(77123456), 'Botica Beta');
    const v = await t.request({ method: 'POST', url: `/api/v1/tenants/${a.id}/api-keys`, body: { name: 'lector', role: 'viewer' } });
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    viewer = { id: String(v.body.id), key: String(v.body.key) };
    const ad = await t.request({ method: 'POST', url: `/api/v1/tenants/${a.id}/api-keys`, body: { name: 'n8n', role: 'admin' } });
    expect(ad.status, JSON.stringify(ad.body)).toBe(201);
    admin = { id: String(ad.body.id), key: String(ad.body.key) };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates a key shown once: 201 { id, key } with sk_<tenant hex>_<secret>', () => {
    expect(viewer.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(viewer.key.startsWith('sk_')).toBe(true);
    expect(viewer.key).toMatch(new RegExp(`^sk_${hex(a.id)}_[A-Za-z0-9_-]{43}$`));
    expect(admin.key).not.toBe(viewer.key);
  });

  it('lists keys without the key itself, with hint = its last 4 characters', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/tenants/${a.id}/api-keys` });
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(viewer.key);
    expect(text).not.toContain(viewer.key.slice(3 + 32 + 1));
    expect(text).not.toContain(admin.key);
    const items = res.body.items as Array<Record<string, unknown>>;
    expect(items.find((i) => i.id === viewer.id)).toMatchObject({ name: 'lector', role: 'viewer', hint: viewer.key.slice(-4), revoked_at: null });
    expect(items.find((i) => i.id === admin.id)).toMatchObject({ name: 'n8n', role: 'admin', hint: admin.key.slice(-4) });
    for (const item of items) expect(Object.keys(item).sort()).toEqual(['created_at', 'created_by', 'hint', 'id', 'last_used_at', 'name', 'revoked_at', 'role']);
    // Another tenant's list does not show A's keys.
    const other = await t.request({ method: 'GET', url: `/api/v1/tenants/${b.id}/api-keys` });
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
  });

  it('a viewer key reads its own tenant and only its own overview row', async () => {
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: viewer.key });
    expect(me.body).toEqual({ kind: 'api_key', id: viewer.id, role: 'viewer', tenant_id: a.id, name: expect.any(String), email: null, session_id: null });
    const own = await t.request({ method: 'GET', url: `/api/v1/tenants/${a.id}`, token: viewer.key });
    expect(own.status).toBe(200);
    expect(own.body.id).toBe(a.id);
    expect((await t.request({ method: 'GET', url: `/api/v1/tenants/${a.rut}`, token: viewer.key })).status).toBe(200);
    const overview = await t.request({ method: 'GET', url: '/api/v1/overview', token: viewer.key });
    expect(overview.status).toBe(200);
    const rows = overview.body.items as Array<{ tenant_id: string }>;
    expect(rows.map((r) => r.tenant_id)).toEqual([a.id]);
    // The platform admin sees more rows (A, B and the infrastructure tenants): the key's view is a real restriction.
    const all = await t.request({ method: 'GET', url: '/api/v1/overview?limit=100' });
    expect((all.body.items as unknown[]).length).toBeGreaterThan(2);
  });

  it('a viewer key: 404 for another tenant, 403 to write, 403 on platform routes', async () => {
    const other = await t.request({ method: 'GET', url: `/api/v1/tenants/${b.id}`, token: viewer.key });
    expect(other.status).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/v1/tenants/${b.rut}`, token: viewer.key })).status).toBe(404);
    const write = await t.request({ method: 'POST', url: `/api/v1/tenants/${a.id}/products`, body: { product_code: 'analytics' }, token: viewer.key });
    expect(write.status).toBe(403);
    expect(write.body.error?.code).toBe('forbidden');
    const list = await t.request({ method: 'GET', url: '/api/v1/tenants', token: viewer.key });
    expect(list.status).toBe(403);
    expect(list.body.error?.code).toBe('forbidden');
    expect((await t.request({ method: 'GET', url: `/api/v1/tenants/${a.id}/api-keys`, token: viewer.key })).status).toBe(403);
  });

  it('an admin key activates a product, and cannot create an owner key', async () => {
    const activated = await t.request({ method: 'POST', url: `/api/v1/tenants/${a.id}/products`, body: { product_code: 'analytics' }, token: admin.key });
    expect(activated.status, JSON.stringify(activated.body)).toBe(201);
    expect(activated.body.product_code).toBe('analytics');
    expect((await t.request({ method: 'POST', url: `/api/v1/tenants/${b.id}/products`, body: { product_code: 'analytics' }, token: admin.key })).status).toBe(404);
    const owner = await t.request({ method: 'POST', url: `/api/v1/tenants/${a.id}/api-keys`, body: { name: 'escalada', role: 'owner' }, token: admin.key });
    expect(owner.status).toBe(403);
    expect(owner.body.error?.code).toBe('forbidden');
    expect(owner.body.key).toBeUndefined();
    const keys = await t.testDb.db.asOwner((tx) => tx.selectFrom('api_keys').select('name').where('tenant_id', '=', a.id).execute());
    expect(keys.map((k) => k.name)).not.toContain('escalada');
  });

  it('stores only the SHA-256 of a key: no column of api_keys holds the key text', async () => {
    const rows = await t.testDb.db.asOwner((tx) => tx.selectFrom('api_keys').select(['id', 'key_hash', 'key_hint']).execute());
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) expect(r.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.find((r) => r.id === viewer.id)?.key_hash).toBe(sha256Hex(viewer.key));
    expect(rows.find((r) => r.id === admin.id)?.key_hash).toBe(sha256Hex(admin.key));
    const json = await t.testDb.db.asOwner((tx) => sql<{ row: string }>`select row_to_json(k)::text as row from api_keys k`.execute(tx));
    for (const { row } of json.rows) {
      for (const key of [viewer.key, admin.key]) {
        expect(row).not.toContain(key);
        expect(row).not.toContain(key.slice(-43));
      }
    }
    expect(await tablesContaining(viewer.key.slice(-43))).toEqual([]);
  });

  // Regression: creating a key was once idempotent, which stored the 201 body (the key) in idempotency_keys.
  it('a key created with an Idempotency-Key is not stored in plain text anywhere in the database', async () => {
    const res = await t.request({ method: 'POST', url: `/api/v1/tenants/${a.id}/api-keys`, body: { name: 'zapier', role: 'viewer' }, headers: { 'idempotency-key': `apikey-${randomUUID()}` } });
    expect(res.status).toBe(201);
    const key = String(res.body.key);
    expect(await tablesContaining(key.slice(-43))).toEqual([]);
  });

  it('revoke answers 204, then the key is refused; revoking again answers 404', async () => {
    const made = await t.request({ method: 'POST', url: `/api/v1/tenants/${a.id}/api-keys`, body: { name: 'temporal', role: 'viewer' } });
    const key = String(made.body.key);
    expect((await t.request({ method: 'GET', url: `/api/v1/tenants/${a.id}`, token: key })).status).toBe(200);
    const revoked = await t.request({ method: 'DELETE', url: `/api/v1/tenants/${a.id}/api-keys/${String(made.body.id)}` });
    expect(revoked.status).toBe(204);
    expectUnauthorized(await t.request({ method: 'GET', url: `/api/v1/tenants/${a.id}`, token: key }), key);
    const again = await t.request({ method: 'DELETE', url: `/api/v1/tenants/${a.id}/api-keys/${String(made.body.id)}` });
    expect(again.status).toBe(404);
    expect(again.body.error?.code).toBe('not_found');
    // Revoking through another tenant's path does not touch A's key.
    expect((await t.request({ method: 'DELETE', url: `/api/v1/tenants/${b.id}/api-keys/${viewer.id}` })).status).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/v1/tenants/${a.id}`, token: viewer.key })).status).toBe(200);
  });

  it('refuses malformed sk_ keys', async () => {
    const malformed = [
      'sk_',
      'sk_abc',
      `sk_${hex(a.id)}_short`,
      `sk_${hex(a.id).toUpperCase()}_${viewer.key.slice(-43)}`,
      `sk_${hex(a.id)}_${viewer.key.slice(-43)}x`,
      `sk_${hex(a.id)}_${viewer.key.slice(-43).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}`,
      `sk_${'0'.repeat(32)}_${viewer.key.slice(-43)}`,
    ];
    for (const key of malformed) expectUnauthorized(await t.request({ method: 'GET', url: `/api/v1/tenants/${a.id}`, token: key }), key);
  });

  it("refuses tenant A's key with A's id swapped for B's inside its text", async () => {
    const swapped = viewer.key.replace(hex(a.id), hex(b.id));
    expect(swapped).not.toBe(viewer.key);
    for (const target of [a.id, b.id]) expectUnauthorized(await t.request({ method: 'GET', url: `/api/v1/tenants/${target}`, token: swapped }), swapped);
  });
});
