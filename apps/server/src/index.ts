import { migrateForApp, openDatabase, systemClock, type Clock, type Database, type EgressGuard } from '@smarteros/kernel';
import { loadConfig, type Config } from './config.ts';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from './app.ts';
import { startPeerNotifications } from './mcp/peer-notify.ts';
import { createPlatform, type AppServices } from './services.ts';

export { buildApp, BODY_LIMIT_BYTES } from './app.ts';
export { loadConfig, CONFIG_DOCS, CONFIG_KEYS, CONFIG_FRAGMENTS, SERVER_CONFIG, type Config } from './config.ts';
export { MODULES, TABLE_OWNERS, kernelModule, serverModule } from './modules.ts';
export { createPlatform, type AppServices } from './services.ts';
export { assertAccessDeclared, type Access } from './http/access.ts';
export { serve, startErrorMessage, type ServeOptions } from './serve.ts';

export interface RunningServer {
  app: FastifyInstance;
  db: Database;
  services: AppServices;
  url: string;
  /** The generated admin password, when this start created the admin without one configured. */
  generatedAdminPassword: string | null;
  close(): Promise<void>;
}

export interface StartOptions {
  config?: Config;
  clock?: Clock;
  /** Use this database instead of opening one from the config (tests). */
  db?: Database;
  listen?: boolean;
  logger?: boolean;
  logStream?: { write(line: string): void };
  resolveTxt?: (name: string) => Promise<string[][]>;
  onStep?: (step: string) => void;
  /** The egress guard (tests inject one with their own DNS resolution). */
  egress?: EgressGuard;
  /** Cloudflare Access team keys (tests give their own). */
  cloudflareJwks?: Parameters<typeof createPlatform>[0]['cloudflareJwks'];
}

/** config -> database -> migrations -> bootstrap -> HTTP -> jobs. The one composition root. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = options.config ?? loadConfig();
  const clock = options.clock ?? systemClock;
  const step = options.onStep ?? (() => {});
  const db = options.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: config.dbPoolMax }));
  let redis: Redis | undefined;
  try {
    step(db.kind === 'pglite' ? `embedded database (PGlite) in ${config.dataDir}` : 'PostgreSQL');
    const migrated = await migrateForApp(db.pool, { databaseUrl: config.databaseUrl, migrationDatabaseUrl: config.migrationDatabaseUrl });
    if (migrated.applied.length) step(`migrations applied: ${migrated.applied.join(', ')}`);
    if (config.redisUrl) {
      redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
      redis.on('error', () => {});
    }
    const platform = createPlatform({
      config,
      db,
      clock,
      redis,
      log: options.logStream ? (line) => options.logStream!.write(`${line}\n`) : step,
      ...(options.resolveTxt ? { resolveTxt: options.resolveTxt } : {}),
      ...(options.egress ? { egress: options.egress } : {}),
      ...(options.cloudflareJwks ? { cloudflareJwks: options.cloudflareJwks } : {}),
    });
    const { services } = platform;
    const infra = await services.tenancy.ensureInfrastructureTenants();
    if (infra.length) step(`infrastructure tenants created: ${infra.join(', ')}`);
    const admin = await services.auth.ensurePlatformAdmin(config.admin.email, config.admin.password);
    const app = await buildApp({
      config,
      db,
      clock,
      services,
      redis,
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
      ...(options.logStream ? { logStream: options.logStream } : {}),
    });
    const stopPeers = redis ? startPeerNotifications(redis, services) : () => {};
    let url = '';
    if (options.listen !== false) {
      url = await app.listen({ host: config.host, port: config.port });
      platform.start({ onRelayError: (err) => app.log.error({ err }, 'outbox relay failed') });
    }
    let closed = false;
    return {
      app,
      db,
      services,
      url,
      generatedAdminPassword: admin.generatedPassword,
      async close() {
        if (closed) return;
        closed = true;
        await app.close();
        await platform.close();
        stopPeers();
        if (redis) redis.disconnect();
        if (!options.db) await db.close();
      },
    };
  } catch (err) {
    if (redis) redis.disconnect();
    if (!options.db) await db.close().catch(() => {});
    throw err;
  }
}
