import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, generateMasterKey, parseMasterKeys } from '@smarteros/kernel';
import { loadConfig, type Config } from './config.ts';

/** Every call gets an explicit environment (never process.env) and a data dir under the OS temp dir. */
const root = mkdtempSync(join(tmpdir(), 'smarteros-config-test-'));
let dataDir: string;
let counter = 0;

beforeEach(() => {
  dataDir = join(root, `case-${++counter}`);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const load = (env: Record<string, string | undefined> = {}): Config => loadConfig({ SMARTEROS_DATA_DIR: dataDir, ...env });

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    load(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

const STRONG_SECRET = 'x'.repeat(32);
const MASTER_KEY = generateMasterKey();
const OIDC = {
  SMARTEROS_OIDC_JWKS_URL: 'https://auth.example.cl/.well-known/jwks.json',
  SMARTEROS_OIDC_ISSUER: 'https://auth.example.cl/',
  SMARTEROS_OIDC_AUDIENCE: 'smarteros',
} as const;

describe('loadConfig defaults', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = load();
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 3000,
      dataDir,
      databaseUrl: undefined,
      dbPoolMax: 10,
      redisUrl: undefined,
      logLevel: 'info',
      baseDomain: 'smarterbot.cl',
      admin: { email: 'admin@smarteros.local', password: undefined },
      jwt: { issuer: 'smarteros', audience: 'smarteros-api', ttlSeconds: 900 },
      oidc: undefined,
      trial: { warnDays: 3 },
      jobsIntervalSeconds: 60,
      loginMaxPerMinute: 10,
      trustProxy: false,
    });
    expect(isAbsolute(config.dataDir)).toBe(true);
  });

  it('generates the JWT secret into the data dir once and reuses it', () => {
    const first = load();
    expect(first.jwt.secret.length).toBeGreaterThanOrEqual(32);
    const file = join(dataDir, 'jwt-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.jwt.secret);
    expect(load().jwt.secret).toBe(first.jwt.secret);
  });

  it('treats empty variables as unset', () => {
    expect(load({ PORT: '', DATABASE_URL: '', NODE_ENV: '' })).toMatchObject({ port: 3000, databaseUrl: undefined, env: 'development' });
  });

  it('parses the values it is given', () => {
    const config = load({
      NODE_ENV: 'test',
      HOST: '0.0.0.0',
      PORT: '8080',
      DATABASE_URL: 'postgresql://u@db:5432/smarteros',
      SMARTEROS_DB_POOL_MAX: '25',
      REDIS_URL: 'rediss://cache:6380',
      SMARTEROS_ADMIN_EMAIL: 'Admin@Example.CL',
      SMARTEROS_JWT_SECRET: STRONG_SECRET,
      SMARTEROS_TRUST_PROXY: 'yes',
      SMARTEROS_TRIAL_WARN_DAYS: '0',
    });
    expect(config).toMatchObject({
      env: 'test',
      host: '0.0.0.0',
      port: 8080,
      databaseUrl: 'postgresql://u@db:5432/smarteros',
      dbPoolMax: 25,
      redisUrl: 'rediss://cache:6380',
      admin: { email: 'admin@example.cl' },
      jwt: { secret: STRONG_SECRET },
      trustProxy: true,
      trial: { warnDays: 0 },
    });
    // The secret came from the environment: nothing was written.
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
  });
});

describe('loadConfig rejects bad values, naming the variable', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'http://cache'],
    ['NODE_ENV', 'staging'],
    ['SMARTEROS_DB_POOL_MAX', '0'],
    ['SMARTEROS_LOG_LEVEL', 'loud'],
    ['SMARTEROS_BASE_DOMAIN', 'Smarterbot.CL'],
    ['SMARTEROS_ADMIN_EMAIL', 'not-an-email'],
    ['SMARTEROS_ADMIN_PASSWORD', 'short'],
    ['SMARTEROS_JWT_SECRET', 'too-short'],
    ['SMARTEROS_TRUST_PROXY', 'maybe'],
    ['SMARTEROS_OIDC_ALGORITHMS', 'HS256'],
  ])('%s=%s', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.name).toBe('ConfigError');
    expect(err.message).toContain(name);
  });

  it('names every bad variable at once', () => {
    const err = configError({ PORT: 'abc', DATABASE_URL: 'mysql://x' });
    expect(err.message).toContain('PORT');
    expect(err.message).toContain('DATABASE_URL');
  });

  it('writes nothing when it refuses', () => {
    configError({ PORT: 'abc' });
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('OIDC is all or nothing', () => {
  const names = Object.keys(OIDC) as Array<keyof typeof OIDC>;
  const partial = [[0], [1], [2], [0, 1], [0, 2], [1, 2]].map((idx) => idx.map((i) => names[i]!));

  it.each(partial.map((set) => [set.join(' + '), set] as const))('refuses only %s', (_label, set) => {
    const env = Object.fromEntries(set.map((name) => [name, OIDC[name]]));
    const err = configError(env);
    for (const name of names) expect(err.message).toContain(name);
  });

  it('is off when none is set', () => {
    expect(load().oidc).toBeUndefined();
  });

  it('is on, with defaults, when all three are set', () => {
    expect(load(OIDC).oidc).toEqual({
      jwksUrl: OIDC.SMARTEROS_OIDC_JWKS_URL,
      issuer: OIDC.SMARTEROS_OIDC_ISSUER,
      audience: OIDC.SMARTEROS_OIDC_AUDIENCE,
      algorithms: ['RS256', 'ES256'],
      tenantClaim: 'tenant_id',
      roleClaim: 'role',
      defaultRole: 'viewer',
    });
  });

  it('reads the algorithm list and claims', () => {
    const config = load({
      ...OIDC,
      SMARTEROS_OIDC_ALGORITHMS: ' RS256 , EdDSA ,',
      SMARTEROS_OIDC_TENANT_CLAIM: 'app_metadata.tenant_id',
      SMARTEROS_OIDC_DEFAULT_ROLE: 'agent',
    });
    expect(config.oidc).toMatchObject({ algorithms: ['RS256', 'EdDSA'], tenantClaim: 'app_metadata.tenant_id', defaultRole: 'agent' });
  });

  it('refuses a JWKS URL that is not http(s)', () => {
    expect(configError({ ...OIDC, SMARTEROS_OIDC_JWKS_URL: 'ftp://auth.example.cl/jwks' }).message).toContain('SMARTEROS_OIDC_JWKS_URL');
  });
});

describe('the public URL', () => {
  it('follows the port when it is not set, and is taken as given (without a trailing slash) when it is', () => {
    expect(load({}).publicUrl).toBe('http://localhost:3000');
    expect(load({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(load({ PORT: '0' }).publicUrl).toBe('http://localhost:3000');
    expect(load({ PORT: '8080', SMARTEROS_PUBLIC_URL: 'https://consola.example.cl/' }).publicUrl).toBe('https://consola.example.cl');
    expect(load({ PORT: '8080' }).mcp.allowedHosts).toContain('localhost');
  });
});

describe('production', () => {
  it('requires SMARTEROS_JWT_SECRET', () => {
    const err = configError({ NODE_ENV: 'production' });
    expect(err.message).toContain('SMARTEROS_JWT_SECRET');
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
  });

  it('refuses a short SMARTEROS_JWT_SECRET', () => {
    expect(configError({ NODE_ENV: 'production', SMARTEROS_JWT_SECRET: 'x'.repeat(31) }).message).toContain('SMARTEROS_JWT_SECRET');
  });

  it('starts with a secret of at least 32 characters, and writes no secret file', () => {
    const config = load({ NODE_ENV: 'production', SMARTEROS_JWT_SECRET: STRONG_SECRET, SMARTEROS_MASTER_KEY: MASTER_KEY, SMARTEROS_PUBLIC_URL: 'https://app.smarterbot.cl/' });
    expect(config.env).toBe('production');
    expect(config.publicUrl).toBe('https://app.smarterbot.cl');
    expect(config.jwt.secret).toBe(STRONG_SECRET);
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);
    expect(existsSync(join(dataDir, 'master-key'))).toBe(false);
  });

  it('requires SMARTEROS_PUBLIC_URL (links in e-mails are never a guess there)', () => {
    const err = configError({ NODE_ENV: 'production', SMARTEROS_JWT_SECRET: STRONG_SECRET, SMARTEROS_MASTER_KEY: MASTER_KEY });
    expect(err.message).toContain('SMARTEROS_PUBLIC_URL');
  });

  it('requires SMARTEROS_MASTER_KEY, and generates none', () => {
    const err = configError({ NODE_ENV: 'production', SMARTEROS_JWT_SECRET: STRONG_SECRET });
    expect(err.message).toContain('SMARTEROS_MASTER_KEY');
    expect(existsSync(join(dataDir, 'master-key'))).toBe(false);
  });
});

describe('vault master keys and the egress allowlist', () => {
  it('generates a master key into the data dir once (0600), and reads it back', () => {
    const first = load({});
    const second = load({});
    expect(first.masterKeys.current.id).toBe(second.masterKeys.current.id);
    expect(statSync(join(dataDir, 'master-key')).mode & 0o777).toBe(0o600);
  });

  it('takes several keys, the current first, and names a bad one without printing it', () => {
    const other = generateMasterKey();
    const config = load({ SMARTEROS_MASTER_KEY: `${MASTER_KEY},${other}` });
    expect(config.masterKeys.ids).toEqual([parseMasterKeys(MASTER_KEY).current.id, parseMasterKeys(other).current.id]);
    const bad = configError({ SMARTEROS_MASTER_KEY: 'k1:c2hvcnQ=' });
    expect(bad.message).toContain('SMARTEROS_MASTER_KEY');
    expect(bad.message).not.toContain('c2hvcnQ=');
    expect(configError({ SMARTEROS_MASTER_KEY: `k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}` }).message).toContain('twice');
  });

  it('parses SMARTEROS_EGRESS_ALLOW and names a bad entry', () => {
    expect(load({ SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8, erp.interno' }).egressAllow).toEqual(['127.0.0.0/8', 'erp.interno']);
    expect(configError({ SMARTEROS_EGRESS_ALLOW: '10.0.0.0/99' }).message).toContain('SMARTEROS_EGRESS_ALLOW');
  });
});
