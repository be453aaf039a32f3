// gateway: capability calls to a company's own API (credential injection, rate limits, circuit breaker, egress guard),
// and the request log. The module's one door.
import { defineModule } from '@smarteros/kernel';
import { setupGateway } from './gateway.setup.ts';
import { GATEWAY_ERRORS } from './gateway.errors.ts';
import { GATEWAY_CONFIG } from './gateway.config.ts';
export { createGateway, type Gateway, type GatewayAssembly } from './gateway.ts';
export type { GatewayService, InvokeCall } from './gateway.service.ts';
export type { RequestLog, RequestLogRow } from './request-log.ts';
export { createMemoryRateLimiter, perMinute, type RateLimiter, type BucketRule, type TakeResult } from './rate-limit.ts';
export type { CircuitState } from './circuit-breaker.ts';
export type { GatewayConfig } from './gateway.config.ts';
export * from './gateway.schema.ts';
export { createGatewayActions, createCapabilityActionSource } from './gateway.actions.ts';
export type * from './gateway.tables.ts';
export { GATEWAY_ERRORS, GATEWAY_CONFIG };

export { setupGateway };

/** What the gateway module brings besides its services (see ModuleManifest). */
export const gatewayModule = defineModule({ name: 'gateway', tables: ['gateway_requests'], setup: setupGateway, errors: GATEWAY_ERRORS, config: GATEWAY_CONFIG });
