import { AppError, migrateForApp, openDatabase, KERNEL_ERRORS } from '@smarteros/kernel';
import type { Command } from 'commander';
import { CliError, type GlobalOptions } from '../context.ts';
import { t } from '../i18n.ts';
import { createOutput } from '../output.ts';
import { intArg } from '../validate.ts';

export function registerServerCommands(program: Command): void {
  program
    .command('start')
    .description(t('cmd.start'))
    .option('--port <port>', t('opt.port'))
    .option('--host <host>', t('opt.host'))
    .action(async (opts: { port?: string; host?: string }) => {
      if (opts.port !== undefined) process.env.PORT = String(intArg('--port', opts.port, 0, 65_535));
      if (opts.host?.trim()) process.env.HOST = opts.host.trim();
      // Loaded only here: the other commands are HTTP clients and start faster without Fastify.
      const { serve } = await import('@smarteros/server');
      await serve().catch((err: unknown) => {
        if ((err as { code?: unknown }).code === 'EADDRINUSE') throw new CliError((err as Error).message, 1, t('hint.portInUse'));
        throw err;
      });
    });

  program
    .command('migrate')
    .description(t('cmd.migrate'))
    .action(async (_opts: unknown, cmd: Command) => {
      const out = createOutput(Boolean(cmd.optsWithGlobals<GlobalOptions>().json));
      const { loadConfig } = await import('@smarteros/server');
      const config = loadConfig();
      const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: 1 }).catch((err: unknown) => {
        // The embedded database is one process's: with a server running, its lock says so.
        if (err instanceof AppError && err.code === 'unavailable' && !config.databaseUrl) {
          throw new CliError(err.message, KERNEL_ERRORS.unavailable.exit, t('hint.migrateEmbedded'));
        }
        throw err;
      });
      try {
        // Like the server: through SMARTEROS_MIGRATION_DATABASE_URL (the owner) when set, else DATABASE_URL / embedded.
        const result = await migrateForApp(db.pool, { databaseUrl: config.databaseUrl, migrationDatabaseUrl: config.migrationDatabaseUrl });
        out.data(result);
        out.line(t('migrate.database', config.databaseUrl ? 'PostgreSQL' : t('migrate.embedded', config.dataDir)));
        if (result.applied.length) {
          out.line(t('migrate.applied', result.applied.length));
          for (const name of result.applied) out.line(`  ${name}`);
        } else {
          out.line(t('migrate.none', result.current.length));
        }
      } finally {
        await db.close();
      }
    });
}
