import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseEgressAllow } from './egress/address.ts';
import { generateMasterKey, parseMasterKeys, type MasterKeyRing } from './vault.ts';

/**
 * The one configuration schema. Parsed once at start; a bad value stops the process with a message naming the variable.
 * The README's configuration table is generated from CONFIG_DOCS below (see docs/configuration.md); keep them together.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: intIn(0, 65535).default(3000),
  SMARTEROS_DATA_DIR: z.string().min(1).default('./.smarteros'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  SMARTEROS_MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  SMARTEROS_DB_POOL_MAX: intIn(1, 200).default(10),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  SMARTEROS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMARTEROS_BASE_DOMAIN: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case DNS name such as smarterbot.cl')
    .default('smarterbot.cl'),
  SMARTEROS_ADMIN_EMAIL: z.email().default('admin@smarteros.local'),
  SMARTEROS_ADMIN_PASSWORD: z.string().min(12, 'must have at least 12 characters').optional(),
  SMARTEROS_JWT_SECRET: z.string().min(32, 'must have at least 32 characters').optional(),
  SMARTEROS_JWT_ISSUER: z.string().min(1).default('smarteros'),
  SMARTEROS_JWT_AUDIENCE: z.string().min(1).default('smarteros-api'),
  SMARTEROS_JWT_TTL_SECONDS: intIn(60, 86_400).default(900),
  SMARTEROS_REFRESH_TTL_SECONDS: intIn(300, 31_536_000).default(2_592_000),
  SMARTEROS_OIDC_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMARTEROS_OIDC_ISSUER: z.string().min(1).optional(),
  SMARTEROS_OIDC_AUDIENCE: z.string().min(1).optional(),
  SMARTEROS_OIDC_ALGORITHMS: csv
    .pipe(z.array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'])).min(1))
    .default(['RS256', 'ES256']),
  SMARTEROS_OIDC_TENANT_CLAIM: z.string().min(1).default('tenant_id'),
  SMARTEROS_OIDC_ROLE_CLAIM: z.string().min(1).default('role'),
  SMARTEROS_OIDC_DEFAULT_ROLE: z.enum(['owner', 'admin', 'agent', 'viewer']).default('viewer'),
  SMARTEROS_TRIAL_WARN_DAYS: intIn(0, 60).default(3),
  SMARTEROS_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMARTEROS_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SMARTEROS_MAIL_FROM: z.string().min(3).default('SmarterOS <no-reply@smarterbot.cl>'),
  SMARTEROS_INVITATION_TTL_HOURS: intIn(1, 720).default(168),
  SMARTEROS_OUTBOX_POLL_MS: intIn(0, 60_000).default(1000),
  SMARTEROS_JOBS_INTERVAL_SECONDS: intIn(0, 86_400).default(60),
  SMARTEROS_LOGIN_MAX_PER_MINUTE: intIn(1, 10_000).default(10),
  SMARTEROS_LOGIN_MAX_FAILURES: intIn(1, 1000).default(5),
  SMARTEROS_TRUST_PROXY: bool.default(false),
  SMARTEROS_MASTER_KEY: z.string().min(1).optional(),
  SMARTEROS_EGRESS_ALLOW: csv.default([]),
  SMARTEROS_GATEWAY_CONNECT_TIMEOUT_MS: intIn(100, 60_000).default(3000),
  SMARTEROS_GATEWAY_TIMEOUT_MS: intIn(100, 300_000).default(15_000),
  SMARTEROS_GATEWAY_RETRIES: intIn(0, 5).default(2),
  SMARTEROS_GATEWAY_MAX_RESPONSE_BYTES: intIn(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
  SMARTEROS_GATEWAY_TENANT_RATE_PER_MINUTE: intIn(1, 10_000_000).default(600),
  SMARTEROS_GATEWAY_CAPABILITY_RATE_PER_MINUTE: intIn(1, 10_000_000).default(300),
  SMARTEROS_GATEWAY_LOG_RETENTION_DAYS: intIn(1, 3650).default(30),
  SMARTEROS_MCP_ALLOWED_HOSTS: csv.default([]),
  SMARTEROS_MCP_SESSION_IDLE_MINUTES: intIn(1, 1440).default(30),
});

export type Env = z.infer<typeof envSchema>;

/** Every environment variable the configuration reads. */
export const CONFIG_KEYS: readonly string[] = Object.keys(envSchema.shape);

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Owner connection for migrations; when unset, DATABASE_URL's user migrates too. */
  migrationDatabaseUrl: string | undefined;
  dbPoolMax: number;
  redisUrl: string | undefined;
  logLevel: Env['SMARTEROS_LOG_LEVEL'];
  baseDomain: string;
  admin: { email: string; password: string | undefined };
  jwt: { secret: string; issuer: string; audience: string; ttlSeconds: number };
  refreshTtlSeconds: number;
  oidc:
    | {
        jwksUrl: string;
        issuer: string;
        audience: string;
        algorithms: string[];
        tenantClaim: string;
        roleClaim: string;
        defaultRole: 'owner' | 'admin' | 'agent' | 'viewer';
      }
    | undefined;
  trial: { warnDays: number };
  publicUrl: string;
  mail: { smtpUrl: string | undefined; from: string };
  invitationTtlHours: number;
  outboxPollMs: number;
  jobsIntervalSeconds: number;
  loginMaxPerMinute: number;
  loginMaxFailures: number;
  trustProxy: boolean;
  /** Master keys of the vault, the current one first (see packages/kernel/src/vault.ts). */
  masterKeys: MasterKeyRing;
  /** SMARTEROS_EGRESS_ALLOW: CIDRs and host names outbound calls may reach although they are private. */
  egressAllow: string[];
  gateway: {
    connectTimeoutMs: number;
    timeoutMs: number;
    retries: number;
    maxResponseBytes: number;
    tenantRatePerMinute: number;
    capabilityRatePerMinute: number;
    logRetentionDays: number;
  };
  mcp: {
    /** Host names /mcp answers to (DNS-rebinding protection): the public URL's, loopback's, and these. */
    allowedHosts: string[];
    sessionIdleMinutes: number;
  };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads a secret kept in the data dir, creating it the first time (embedded mode only). */
function dataDirSecret(dataDir: string, name: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The embedded default: a master key generated once into the data dir (0600), in the SMARTEROS_MASTER_KEY format. */
function dataDirMasterKey(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'master-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = generateMasterKey();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

/** Parses the environment once. Throws ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.SMARTEROS_DATA_DIR);
  if (e.SMARTEROS_MIGRATION_DATABASE_URL && !e.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  SMARTEROS_MIGRATION_DATABASE_URL: needs DATABASE_URL (it only separates who migrates on PostgreSQL)');
  }
  try {
    parseEgressAllow(e.SMARTEROS_EGRESS_ALLOW);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  SMARTEROS_EGRESS_ALLOW: ${(err as Error).message}`);
  }
  if (e.NODE_ENV === 'production' && !e.SMARTEROS_JWT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  SMARTEROS_JWT_SECRET: required when NODE_ENV=production (servers must share it)');
  }
  if (e.NODE_ENV === 'production' && !e.SMARTEROS_MASTER_KEY) {
    throw new ConfigError('Invalid configuration:\n  SMARTEROS_MASTER_KEY: required when NODE_ENV=production (generate one with: npx smarteros vault keygen)');
  }
  // Links in e-mails (invitations, password resets) must point where people reach the console: in production that is
  // never a guess; elsewhere it follows the port (PORT=0, a random port, counts as 3000).
  if (e.NODE_ENV === 'production' && !e.SMARTEROS_PUBLIC_URL) {
    throw new ConfigError('Invalid configuration:\n  SMARTEROS_PUBLIC_URL: required when NODE_ENV=production (the https address of the console, used in e-mailed links)');
  }
  const publicUrl = (e.SMARTEROS_PUBLIC_URL ?? `http://localhost:${e.PORT || 3000}`).replace(/\/+$/, '');
  let masterKeys: MasterKeyRing;
  try {
    masterKeys = parseMasterKeys(e.SMARTEROS_MASTER_KEY ?? dataDirMasterKey(dataDir));
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  SMARTEROS_MASTER_KEY: ${(err as Error).message}`);
  }
  const oidcParts = [e.SMARTEROS_OIDC_JWKS_URL, e.SMARTEROS_OIDC_ISSUER, e.SMARTEROS_OIDC_AUDIENCE];
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    throw new ConfigError(
      'Invalid configuration:\n  SMARTEROS_OIDC_JWKS_URL, SMARTEROS_OIDC_ISSUER and SMARTEROS_OIDC_AUDIENCE: set all three or none',
    );
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.SMARTEROS_MIGRATION_DATABASE_URL,
    dbPoolMax: e.SMARTEROS_DB_POOL_MAX,
    redisUrl: e.REDIS_URL,
    logLevel: e.SMARTEROS_LOG_LEVEL,
    baseDomain: e.SMARTEROS_BASE_DOMAIN,
    admin: { email: e.SMARTEROS_ADMIN_EMAIL.toLowerCase(), password: e.SMARTEROS_ADMIN_PASSWORD },
    jwt: {
      secret: e.SMARTEROS_JWT_SECRET ?? dataDirSecret(dataDir, 'jwt-secret'),
      issuer: e.SMARTEROS_JWT_ISSUER,
      audience: e.SMARTEROS_JWT_AUDIENCE,
      ttlSeconds: e.SMARTEROS_JWT_TTL_SECONDS,
    },
    refreshTtlSeconds: e.SMARTEROS_REFRESH_TTL_SECONDS,
    oidc: e.SMARTEROS_OIDC_JWKS_URL
      ? {
          jwksUrl: e.SMARTEROS_OIDC_JWKS_URL,
          issuer: e.SMARTEROS_OIDC_ISSUER!,
          audience: e.SMARTEROS_OIDC_AUDIENCE!,
          algorithms: e.SMARTEROS_OIDC_ALGORITHMS,
          tenantClaim: e.SMARTEROS_OIDC_TENANT_CLAIM,
          roleClaim: e.SMARTEROS_OIDC_ROLE_CLAIM,
          defaultRole: e.SMARTEROS_OIDC_DEFAULT_ROLE,
        }
      : undefined,
    trial: { warnDays: e.SMARTEROS_TRIAL_WARN_DAYS },
    publicUrl,
    mail: { smtpUrl: e.SMARTEROS_SMTP_URL, from: e.SMARTEROS_MAIL_FROM },
    invitationTtlHours: e.SMARTEROS_INVITATION_TTL_HOURS,
    outboxPollMs: e.SMARTEROS_OUTBOX_POLL_MS,
    jobsIntervalSeconds: e.SMARTEROS_JOBS_INTERVAL_SECONDS,
    loginMaxPerMinute: e.SMARTEROS_LOGIN_MAX_PER_MINUTE,
    loginMaxFailures: e.SMARTEROS_LOGIN_MAX_FAILURES,
    trustProxy: e.SMARTEROS_TRUST_PROXY,
    masterKeys,
    egressAllow: e.SMARTEROS_EGRESS_ALLOW,
    gateway: {
      connectTimeoutMs: e.SMARTEROS_GATEWAY_CONNECT_TIMEOUT_MS,
      timeoutMs: e.SMARTEROS_GATEWAY_TIMEOUT_MS,
      retries: e.SMARTEROS_GATEWAY_RETRIES,
      maxResponseBytes: e.SMARTEROS_GATEWAY_MAX_RESPONSE_BYTES,
      tenantRatePerMinute: e.SMARTEROS_GATEWAY_TENANT_RATE_PER_MINUTE,
      capabilityRatePerMinute: e.SMARTEROS_GATEWAY_CAPABILITY_RATE_PER_MINUTE,
      logRetentionDays: e.SMARTEROS_GATEWAY_LOG_RETENTION_DAYS,
    },
    mcp: {
      allowedHosts: [...new Set([new URL(publicUrl).hostname, 'localhost', '127.0.0.1', '[::1]', ...e.SMARTEROS_MCP_ALLOWED_HOSTS.map((h) => h.toLowerCase())])],
      sessionIdleMinutes: e.SMARTEROS_MCP_SESSION_IDLE_MINUTES,
    },
  };
}

/** Rows of the README's configuration table: variable, default, meaning. */
export const CONFIG_DOCS: ReadonlyArray<readonly [name: string, defaultValue: string, meaning: string]> = [
  ['NODE_ENV', 'development', '`production` makes SMARTEROS_JWT_SECRET, SMARTEROS_MASTER_KEY and SMARTEROS_PUBLIC_URL mandatory'],
  ['HOST', '127.0.0.1', 'address the HTTP server listens on (`0.0.0.0` behind a load balancer)'],
  ['PORT', '3000', 'HTTP port'],
  ['SMARTEROS_DATA_DIR', './.smarteros', 'embedded database (PGlite) and generated secrets'],
  ['DATABASE_URL', '(unset: embedded PGlite)', 'PostgreSQL >= 15 or Supabase (transaction pooler works)'],
  ['SMARTEROS_MIGRATION_DATABASE_URL', '(unset: DATABASE_URL migrates)', 'owner connection used only for migrations, so DATABASE_URL can be a login role that owns nothing'],
  ['SMARTEROS_DB_POOL_MAX', '10', 'PostgreSQL connections per process'],
  ['REDIS_URL', '(unset: in process)', 'Redis for shared rate limits across server processes'],
  ['SMARTEROS_LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace or silent'],
  ['SMARTEROS_BASE_DOMAIN', 'smarterbot.cl', 'tenant subdomains are created under it'],
  ['SMARTEROS_ADMIN_EMAIL', 'admin@smarteros.local', 'platform admin created on first start'],
  ['SMARTEROS_ADMIN_PASSWORD', '(generated, printed once)', 'password of that admin, at least 12 characters'],
  ['SMARTEROS_JWT_SECRET', '(generated into the data dir)', 'HS256 signing key of access tokens; required in production'],
  ['SMARTEROS_JWT_ISSUER', 'smarteros', '`iss` of issued and accepted access tokens'],
  ['SMARTEROS_JWT_AUDIENCE', 'smarteros-api', '`aud` of issued and accepted access tokens'],
  ['SMARTEROS_JWT_TTL_SECONDS', '900', 'access token lifetime'],
  ['SMARTEROS_REFRESH_TTL_SECONDS', '2592000', 'refresh token lifetime (30 days); each use rotates it'],
  ['SMARTEROS_OIDC_JWKS_URL', '(unset)', 'JWKS of an external identity provider (Supabase Auth, Clerk, any OIDC)'],
  ['SMARTEROS_OIDC_ISSUER', '(unset)', 'required `iss` of external tokens'],
  ['SMARTEROS_OIDC_AUDIENCE', '(unset)', 'required `aud` of external tokens'],
  ['SMARTEROS_OIDC_ALGORITHMS', 'RS256,ES256', 'accepted signature algorithms of external tokens'],
  ['SMARTEROS_OIDC_TENANT_CLAIM', 'tenant_id', 'claim path (dots allowed, e.g. `app_metadata.tenant_id`) holding the tenant id or RUT'],
  ['SMARTEROS_OIDC_ROLE_CLAIM', 'role', 'claim path holding owner, admin, agent or viewer'],
  ['SMARTEROS_OIDC_DEFAULT_ROLE', 'viewer', 'role when the role claim is absent or unknown'],
  ['SMARTEROS_TRIAL_WARN_DAYS', '3', 'days before expiry when `trial.expiring` is emitted'],
  ['SMARTEROS_PUBLIC_URL', 'http://localhost:`PORT`', 'the address people reach the console at (links in invitations and password resets; `Secure` session cookie when https); required in production'],
  ['SMARTEROS_SMTP_URL', '(unset: messages go to files in the data dir)', 'SMTP server for e-mail, e.g. smtps://user:pass@smtp.example.cl'],
  ['SMARTEROS_MAIL_FROM', 'SmarterOS <no-reply@smarterbot.cl>', 'sender of e-mail'],
  ['SMARTEROS_INVITATION_TTL_HOURS', '168', 'how long an invitation can be accepted'],
  ['SMARTEROS_OUTBOX_POLL_MS', '1000', 'how often this server delivers outbox events (0 disables it in this process)'],
  ['SMARTEROS_JOBS_INTERVAL_SECONDS', '60', 'how often the lifecycle job runs (0 disables it in this process)'],
  ['SMARTEROS_LOGIN_MAX_PER_MINUTE', '10', 'login attempts per client address per minute'],
  ['SMARTEROS_LOGIN_MAX_FAILURES', '5', 'failed logins per account in 15 minutes before the account is throttled'],
  ['SMARTEROS_TRUST_PROXY', 'false', 'trust X-Forwarded-For (behind a load balancer)'],
  ['SMARTEROS_MASTER_KEY', '(generated into the data dir)', 'vault master keys `id:base64` (32 bytes), comma-separated, the current one first; required in production (`smarteros vault keygen`)'],
  ['SMARTEROS_EGRESS_ALLOW', '(empty)', 'CIDRs and host names outbound calls may reach although private or loopback (e.g. `10.0.0.0/8,erp.internal`)'],
  ['SMARTEROS_GATEWAY_CONNECT_TIMEOUT_MS', '3000', 'gateway: time to connect to an upstream API'],
  ['SMARTEROS_GATEWAY_TIMEOUT_MS', '15000', 'gateway: time to the upstream headers, and between body chunks'],
  ['SMARTEROS_GATEWAY_RETRIES', '2', 'gateway: retries with backoff for idempotent methods on connect errors, 502, 503 and 504'],
  ['SMARTEROS_GATEWAY_MAX_RESPONSE_BYTES', '5242880', 'gateway: largest upstream answer passed on (5 MB)'],
  ['SMARTEROS_GATEWAY_TENANT_RATE_PER_MINUTE', '600', 'gateway: calls per minute per tenant (token bucket, shared through Redis)'],
  ['SMARTEROS_GATEWAY_CAPABILITY_RATE_PER_MINUTE', '300', 'gateway: calls per minute per capability unless the capability sets its own'],
  ['SMARTEROS_GATEWAY_LOG_RETENTION_DAYS', '30', 'gateway: days the request log is kept'],
  ['SMARTEROS_MCP_ALLOWED_HOSTS', '(the public URL\'s host, localhost)', 'more host names `/mcp` answers to; any other Host header is refused (DNS-rebinding protection)'],
  ['SMARTEROS_MCP_SESSION_IDLE_MINUTES', '30', 'an MCP session unused this long is closed'],
];
