import { loadConfig, type Config } from '@smarteros/server';

/** The platform admin every benchmark server starts with. */
export const ADMIN_EMAIL = 'admin@bench.smarteros';
export const ADMIN_PASSWORD = 'bench-admin-password-0123456789';

/** A benchmark server's configuration: quiet, on loopback, any free port, no scheduled jobs, a known admin. */
export function benchConfig(dataDir: string, extra: Record<string, string> = {}): Config {
  return loadConfig({
    SMARTEROS_DATA_DIR: dataDir,
    SMARTEROS_LOG_LEVEL: 'silent',
    SMARTEROS_JOBS_INTERVAL_SECONDS: '0',
    HOST: '127.0.0.1',
    PORT: '0',
    SMARTEROS_ADMIN_EMAIL: ADMIN_EMAIL,
    SMARTEROS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...extra,
  });
}
