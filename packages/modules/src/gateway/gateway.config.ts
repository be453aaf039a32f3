import { configInt, defineConfig } from '@smarteros/kernel';

/** The gateway's variables: upstream timeouts, retries, sizes, rate limits and how long the request log is kept. */
export const GATEWAY_CONFIG = defineConfig({
  owner: 'gateway',
  vars: {
    SMARTEROS_GATEWAY_CONNECT_TIMEOUT_MS: { schema: configInt(100, 60_000).default(3000), description: 'gateway: time to connect to an upstream API' },
    SMARTEROS_GATEWAY_TIMEOUT_MS: { schema: configInt(100, 300_000).default(15_000), description: 'gateway: time to the upstream headers, and between body chunks' },
    SMARTEROS_GATEWAY_RETRIES: { schema: configInt(0, 5).default(2), description: 'gateway: retries with backoff for idempotent methods on connect errors, 502, 503 and 504' },
    SMARTEROS_GATEWAY_MAX_RESPONSE_BYTES: {
      schema: configInt(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
      description: 'gateway: largest upstream answer passed on (5 MB)',
    },
    SMARTEROS_GATEWAY_TENANT_RATE_PER_MINUTE: {
      schema: configInt(1, 10_000_000).default(600),
      description: 'gateway: calls per minute per tenant (token bucket, shared through Redis)',
    },
    SMARTEROS_GATEWAY_CAPABILITY_RATE_PER_MINUTE: {
      schema: configInt(1, 10_000_000).default(300),
      description: 'gateway: calls per minute per capability unless the capability sets its own',
    },
    SMARTEROS_GATEWAY_LOG_RETENTION_DAYS: { schema: configInt(1, 3650).default(30), description: 'gateway: days the request log is kept' },
  },
  build: (v) => ({
    gateway: {
      connectTimeoutMs: v.SMARTEROS_GATEWAY_CONNECT_TIMEOUT_MS,
      timeoutMs: v.SMARTEROS_GATEWAY_TIMEOUT_MS,
      retries: v.SMARTEROS_GATEWAY_RETRIES,
      maxResponseBytes: v.SMARTEROS_GATEWAY_MAX_RESPONSE_BYTES,
      tenantRatePerMinute: v.SMARTEROS_GATEWAY_TENANT_RATE_PER_MINUTE,
      capabilityRatePerMinute: v.SMARTEROS_GATEWAY_CAPABILITY_RATE_PER_MINUTE,
      logRetentionDays: v.SMARTEROS_GATEWAY_LOG_RETENTION_DAYS,
    },
  }),
});

export type GatewayConfig = ReturnType<typeof GATEWAY_CONFIG.build>['gateway'];
type GatewayConfigPart = ReturnType<typeof GATEWAY_CONFIG.build>;

declare module '@smarteros/kernel' {
  interface PlatformConfig extends GatewayConfigPart {}
}
