import { configBool, configDocs, defineConfig, KERNEL_CONFIG, loadConfigFrom, type ConfigFragment, type ConfigOf } from '@smarteros/kernel';
import { z } from 'zod';
import { MODULES } from './modules.ts';

/** The server's own variables: logging and proxies. */
export const SERVER_CONFIG = defineConfig({
  owner: 'apps/server',
  vars: {
    SMARTEROS_LOG_LEVEL: { schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), description: 'fatal, error, warn, info, debug, trace or silent' },
    SMARTEROS_TRUST_PROXY: { schema: configBool.default(false), description: 'trust X-Forwarded-For (behind a load balancer)' },
  },
  build: (v) => ({ logLevel: v.SMARTEROS_LOG_LEVEL, trustProxy: v.SMARTEROS_TRUST_PROXY}),
});

/** Every fragment, merged once: the kernel's first, then each module's in the dependency order, then the server's. */
export const CONFIG_FRAGMENTS: readonly ConfigFragment[] = [KERNEL_CONFIG, ...MODULES.flatMap((m) => ('config' in m ? [m.config] : [])), SERVER_CONFIG];

type Fragments = [typeof KERNEL_CONFIG, Extract<(typeof MODULES)[number], { config: unknown }>['config'], typeof SERVER_CONFIG];
export type Config = ConfigOf<Fragments>;

/** Parses the environment once. Throws ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  return loadConfigFrom(CONFIG_FRAGMENTS, source) as Config;
}

/** Every environment variable the configuration reads. */
export const CONFIG_KEYS: readonly string[] = CONFIG_FRAGMENTS.flatMap((f) => Object.keys(f.vars));

/** The documentation rows (README table, docs/configuration.md). */
export const CONFIG_DOCS = configDocs(CONFIG_FRAGMENTS);
