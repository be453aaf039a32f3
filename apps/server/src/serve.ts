// The server as a foreground process: what `npm start` (main.ts) and `smarteros start` (apps/cli) both run.
import { AppError, ConfigError, MigrationError } from '@smarteros/kernel';
import { loadConfig, type Config } from './config.ts';
import { startServer, type RunningServer } from './index.ts';

export interface ServeOptions {
  /** Defaults to loadConfig() (the environment). */
  config?: Config;
  /** Where the start-up lines go; default stdout. */
  log?: (line: string) => void;
  /** Stop cleanly on SIGINT and SIGTERM (then exit the process). Default true. */
  handleSignals?: boolean;
}

const stdoutLine = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * config -> startServer -> a banner with the URL (and the generated admin password, shown once) -> stop on signals.
 * Throws ConfigError, MigrationError or AppError (e.g. 'unavailable' when the embedded database is open elsewhere);
 * startErrorMessage() turns those into the line to print.
 */
export async function serve(options: ServeOptions = {}): Promise<RunningServer> {
  const log = options.log ?? stdoutLine;
  const began = performance.now();
  const config = options.config ?? loadConfig();
  const server = await startServer({ config, onStep: (s) => log(`· ${s}`) });
  const shown = server.url.replace('127.0.0.1', 'localhost');
  log(`SmarterOS ready at ${shown} in ${Math.round(performance.now() - began)} ms`);
  log(`  API reference: ${shown}/api/docs`);
  if (server.generatedAdminPassword) {
    log('');
    log('  Platform admin created. This password is shown once; keep it:');
    log(`    e-mail:   ${config.admin.email}`);
    log(`    password: ${server.generatedAdminPassword}`);
    log(`  Then: npx smarteros login --email ${config.admin.email}`);
  }
  if (options.handleSignals !== false) {
    const stop = async (signal: string) => {
      log(`${signal}: shutting down`);
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  }
  return server;
}

/** The message to print for an error serve() threw: known errors by their message, anything else in full. */
export function startErrorMessage(err: unknown): string {
  if (err instanceof ConfigError || err instanceof MigrationError || err instanceof AppError) return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
