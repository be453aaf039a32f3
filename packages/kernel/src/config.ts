import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseEgressAllow } from './egress/address.ts';
import { generateMasterKey, parseMasterKeys, type MasterKeyRing } from './vault.ts';

/**
 * Configuration comes from the environment, parsed once at start; a bad value stops the process with a message naming
 * the variable. Each module declares its own variables in a fragment (`defineConfig`): validator with its default,
 * description and whether the value is sensitive, all in one place; the composition root merges the fragments once
 * (apps/server/src/config.ts). The README's table and docs/configuration.md are generated from the fragments.
 */
export interface ConfigVar<T = unknown> {
  /** Validates and converts the raw string; `.default()` gives the default, `.optional()` leaves it unset. */
  schema: z.ZodType<T>;
  description: string;
  /** How the default reads in the docs when it is not a plain value, e.g. "(generated into the data dir)". */
  shownDefault?: string;
  /** A secret or a URL that may carry credentials: never printed, shown as such in the docs. */
  sensitive?: boolean;
}

export type ConfigVars = Record<string, ConfigVar>;
export type ConfigValues<V extends ConfigVars> = { [K in keyof V]: V[K] extends ConfigVar<infer T> ? T : never };

/** What every fragment may rely on: the kernel's basics, already validated. */
export interface ConfigContext {
  env: 'development' | 'production' | 'test';
  dataDir: string;
  port: number;
  publicUrl: string;
}

export interface ConfigFragment<V extends ConfigVars = ConfigVars, Out extends object = object> {
  /** The module (or app) that reads these variables. */
  owner: string;
  vars: V;
  /** Problems that involve several variables or the context, found before anything is written: [variable, message]. */
  check?(values: ConfigValues<V>, ctx: ConfigContext): Array<readonly [string, string]>;
  /** The module's part of the configuration object. May write generated secrets into the data dir (embedded mode). */
  build(values: ConfigValues<V>, ctx: ConfigContext): Out;
}

export function defineConfig<V extends ConfigVars, Out extends object>(fragment: ConfigFragment<V, Out>): ConfigFragment<V, Out> {
  return fragment;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
export type ConfigOf<F extends readonly ConfigFragment[]> = UnionToIntersection<ReturnType<F[number]['build']>>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const invalid = (lines: string[]): ConfigError => new ConfigError(`Invalid configuration:\n${lines.map((l) => `  ${l}`).join('\n')}`);

/** Parses the environment with every fragment. Throws one ConfigError naming every bad variable; writes nothing then. */
export function loadConfigFrom<const F extends readonly ConfigFragment[]>(fragments: F, source: Record<string, string | undefined> = process.env): ConfigOf<F> {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const problems: string[] = [];
  const parsed: Array<Record<string, unknown>> = [];
  const seen = new Map<string, string>();
  for (const fragment of fragments) {
    const values: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(fragment.vars)) {
      const owner = seen.get(name);
      if (owner) throw new Error(`${fragment.owner}: ${name} is already read by ${owner}`);
      seen.set(name, fragment.owner);
      const result = spec.schema.safeParse(raw[name]);
      if (result.success) values[name] = result.data;
      else problems.push(...result.error.issues.map((i) => `${[name, ...i.path].join('.')}: ${i.message}`));
    }
    parsed.push(values);
  }
  if (problems.length) throw invalid(problems);
  const all = Object.assign({}, ...parsed) as Record<string, unknown>;
  const ctx = contextFrom(all);
  for (const [i, fragment] of fragments.entries()) {
    for (const [name, message] of fragment.check?.(parsed[i] as never, ctx) ?? []) problems.push(`${name}: ${message}`);
  }
  if (problems.length) throw invalid(problems);
  return Object.assign({}, ...fragments.map((f, i) => f.build(parsed[i] as never, ctx))) as ConfigOf<F>;
}

function contextFrom(all: Record<string, unknown>): ConfigContext {
  const port = Number(all.PORT ?? 3000);
  const given = typeof all.SMARTEROS_PUBLIC_URL === 'string' ? all.SMARTEROS_PUBLIC_URL : undefined;
  // Unset, the public URL follows the port the server listens on (0 picks a free port: then the default port).
  const publicUrl = (given ?? `http://localhost:${port || 3000}`).replace(/\/+$/, '');
  return {
    env: (all.NODE_ENV as ConfigContext['env'] | undefined) ?? 'development',
    dataDir: resolve(String(all.SMARTEROS_DATA_DIR ?? './.smarteros')),
    port,
    publicUrl,
  };
}

export interface ConfigDocRow {
  name: string;
  defaultValue: string;
  meaning: string;
  owner: string;
  sensitive: boolean;
}

/** The documentation rows of the fragments, in their order. */
export function configDocs(fragments: readonly ConfigFragment[]): ConfigDocRow[] {
  return fragments.flatMap((f) =>
    Object.entries(f.vars).map(([name, spec]) => ({ name, defaultValue: spec.shownDefault ?? shownDefault(spec.schema), meaning: spec.description, owner: f.owner, sensitive: spec.sensitive ?? false })),
  );
}

function shownDefault(schema: z.ZodType): string {
  const r = schema.safeParse(undefined);
  if (!r.success || r.data === undefined) return '(unset)';
  if (Array.isArray(r.data)) return r.data.length ? r.data.join(',') : '(empty)';
  return String(r.data);
}

// Shared validators for fragments.
export const configBool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
export const configCsv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
export const configInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL');

/** Reads a secret kept in the data dir, creating it the first time (embedded mode only). */
export function dataDirSecret(dataDir: string, name: string): string {
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

/** The kernel's own variables: where it runs, the database, Redis, the vault's master keys, the egress guard, the outbox. */
export const KERNEL_CONFIG = defineConfig({
  owner: 'kernel',
  vars: {
    NODE_ENV: { schema: z.enum(['development', 'production', 'test']).default('development'), description: '`production` makes SMARTEROS_JWT_SECRET, SMARTEROS_MASTER_KEY and SMARTEROS_PUBLIC_URL mandatory' },
    HOST: { schema: z.string().min(1).default('127.0.0.1'), description: 'address the HTTP server listens on (`0.0.0.0` behind a load balancer)' },
    PORT: { schema: configInt(0, 65535).default(3000), description: 'HTTP port the server listens on' },
    SMARTEROS_PUBLIC_URL: {
      schema: z.url({ protocol: /^https?$/ }).optional(),
      shownDefault: '`http://localhost:` + PORT',
      description: 'the address people reach the console at (links in invitations and password resets; `Secure` session cookie when https); required in production',
    },
    SMARTEROS_DATA_DIR: { schema: z.string().min(1).default('./.smarteros'), description: 'embedded database (PGlite) and generated secrets' },
    DATABASE_URL: { schema: postgresUrl.optional(), shownDefault: '(unset: embedded PGlite)', description: 'PostgreSQL >= 15 or Supabase (transaction pooler works)', sensitive: true },
    SMARTEROS_MIGRATION_DATABASE_URL: {
      schema: postgresUrl.optional(),
      shownDefault: '(unset: DATABASE_URL migrates)',
      description: 'owner connection used only for migrations, so DATABASE_URL can be a login role that owns nothing',
      sensitive: true,
    },
    SMARTEROS_DB_POOL_MAX: { schema: configInt(1, 200).default(10), description: 'PostgreSQL connections per process' },
    REDIS_URL: {
      schema: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
      shownDefault: '(unset: in process)',
      description: 'Redis for shared rate limits and notifications across server processes',
      sensitive: true,
    },
    SMARTEROS_MASTER_KEY: {
      schema: z.string().min(1).optional(),
      shownDefault: '(generated into the data dir)',
      description: 'vault master keys `id:base64` (32 bytes), comma-separated, the current one first; required in production (`smarteros vault keygen`)',
      sensitive: true,
    },
    SMARTEROS_EGRESS_ALLOW: { schema: configCsv.default([]), description: 'CIDRs and host names outbound calls may reach although private or loopback (e.g. `10.0.0.0/8,erp.internal`)' },
    SMARTEROS_OUTBOX_POLL_MS: { schema: configInt(0, 60_000).default(1000), description: 'how often this server delivers outbox events (0 disables it in this process)' },
  },
  check(v, ctx) {
    const problems: Array<[string, string]> = [];
    if (v.SMARTEROS_MIGRATION_DATABASE_URL && !v.DATABASE_URL) problems.push(['SMARTEROS_MIGRATION_DATABASE_URL', 'needs DATABASE_URL (it only separates who migrates on PostgreSQL)']);
    try {
      parseEgressAllow(v.SMARTEROS_EGRESS_ALLOW);
    } catch (err) {
      problems.push(['SMARTEROS_EGRESS_ALLOW', (err as Error).message]);
    }
    // Links in e-mails (invitations, password resets) must point where people reach the console: never a guess there.
    if (ctx.env === 'production' && !v.SMARTEROS_PUBLIC_URL) problems.push(['SMARTEROS_PUBLIC_URL', 'required when NODE_ENV=production (the https address of the console, used in e-mailed links)']);
    if (ctx.env === 'production' && !v.SMARTEROS_MASTER_KEY) problems.push(['SMARTEROS_MASTER_KEY', 'required when NODE_ENV=production (generate one with: npx smarteros vault keygen)']);
    if (v.SMARTEROS_MASTER_KEY) {
      try {
        parseMasterKeys(v.SMARTEROS_MASTER_KEY);
      } catch (err) {
        problems.push(['SMARTEROS_MASTER_KEY', (err as Error).message]);
      }
    }
    return problems;
  },
  build(v, ctx) {
    let masterKeys: MasterKeyRing;
    try {
      masterKeys = parseMasterKeys(v.SMARTEROS_MASTER_KEY ?? dataDirMasterKey(ctx.dataDir));
    } catch (err) {
      throw invalid([`SMARTEROS_MASTER_KEY: ${(err as Error).message}`]);
    }
    return {
      env: ctx.env,
      host: v.HOST,
      port: v.PORT,
      publicUrl: ctx.publicUrl,
      dataDir: ctx.dataDir,
      databaseUrl: v.DATABASE_URL,
      /** Owner connection for migrations; when unset, DATABASE_URL's user migrates too. */
      migrationDatabaseUrl: v.SMARTEROS_MIGRATION_DATABASE_URL,
      dbPoolMax: v.SMARTEROS_DB_POOL_MAX,
      redisUrl: v.REDIS_URL,
      /** Master keys of the vault, the current one first (see packages/kernel/src/vault.ts). */
      masterKeys,
      /** SMARTEROS_EGRESS_ALLOW: CIDRs and host names outbound calls may reach although they are private. */
      egressAllow: v.SMARTEROS_EGRESS_ALLOW,
      outboxPollMs: v.SMARTEROS_OUTBOX_POLL_MS,
    };
  },
});

export type KernelConfig = ReturnType<typeof KERNEL_CONFIG.build>;
