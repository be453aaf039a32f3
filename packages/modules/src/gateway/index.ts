// gateway: capability calls to a company's own API (credential injection, rate limits, circuit breaker, egress guard),
// and the request log. The module's one door.
export { createGatewayService, type GatewayService, type GatewayDeps, type InvokeCall } from './gateway.service.ts';
export { createRequestLog, type RequestLog, type RequestLogRow } from './request-log.ts';
export { createOAuth2TokenCache, type OAuth2TokenCache } from './oauth2.ts';
export { createMemoryRateLimiter, createRedisRateLimiter, perMinute, type RateLimiter, type BucketRule, type TakeResult } from './rate-limit.ts';
export { createCircuitBreaker, type CircuitBreaker, type CircuitState } from './circuit-breaker.ts';
export * from './gateway.schema.ts';
export { createGatewayActions, createCapabilityActionSource } from './gateway.actions.ts';
