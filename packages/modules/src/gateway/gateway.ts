import type { Clock, Database, EgressGuard } from '@smarteros/kernel';
import type { Redis } from 'ioredis';
import type { RegistryService, Vault } from '../registry/index.ts';
import { createCircuitBreaker } from './circuit-breaker.ts';
import type { GatewayConfig } from './gateway.config.ts';
import { createGatewayService, type GatewayDeps } from './gateway.service.ts';
import { createOAuth2TokenCache } from './oauth2.ts';
import { createMemoryRateLimiter, createRedisRateLimiter } from './rate-limit.ts';
import { createRequestLog } from './request-log.ts';

export interface GatewayAssembly {
  db: Database;
  clock: Clock;
  registry: RegistryService;
  vault: Vault;
  egress: EgressGuard;
  options: GatewayConfig & Partial<Pick<GatewayDeps['options'], 'cacheTtlMs' | 'connectionsPerOrigin' | 'retryBaseMs'>>;
  /** Shared token buckets across servers; without it, buckets live in this process. The caller keeps (and closes) it. */
  redis?: Redis | undefined;
  /** Operational warnings (Redis failing, request log writes failing), rate-limited to one a minute per kind. */
  warn?: (line: string) => void;
}

/**
 * The gateway, whole: the token buckets (Redis or memory), the circuit breaker, the OAuth2 token cache, the request
 * log and the service that uses them. It creates them, so it closes them (`close()`); the Redis connection it was given
 * stays the caller's. The limiter and the request log are exposed for the MCP layer's own bucket and summaries.
 */
export function createGateway(deps: GatewayAssembly) {
  const { db, clock, registry, vault, egress, options } = deps;
  const lastWarning = new Map<string, number>();
  const warn = (kind: string, line: string) => {
    const now = Date.now();
    if (now - (lastWarning.get(kind) ?? 0) < 60_000) return;
    lastWarning.set(kind, now);
    deps.warn?.(line);
  };
  const requestLog = createRequestLog({ db, clock, retentionDays: options.logRetentionDays, onError: (err) => warn('log', `gateway request log: ${(err as Error).message}`) });
  // During an outage every call would report the same failure: say it once a minute.
  const limiter = deps.redis
    ? createRedisRateLimiter({ redis: deps.redis, onError: (err) => warn('redis', `gateway rate limits: Redis is failing (${(err as Error).message}); calls pass unlimited until it is back`) })
    : createMemoryRateLimiter();
  const service = createGatewayService({
    registry,
    vault,
    egress,
    limiter,
    breaker: createCircuitBreaker(),
    oauth2: createOAuth2TokenCache({ egress, clock, timeoutMs: options.timeoutMs }),
    log: requestLog,
    clock,
    options,
  });
  return {
    ...service,
    requestLog,
    limiter,
    async close(): Promise<void> {
      await service.close();
      await requestLog.close();
      await limiter.close?.();
    },
  };
}

export type Gateway = ReturnType<typeof createGateway>;
