import type { ModuleContext, ModuleParts, PlatformServices } from '@smarteros/kernel';
import type { Redis } from 'ioredis';
import { createCapabilityActionSource, createGatewayActions } from './gateway.actions.ts';
import { createGateway, type Gateway } from './gateway.ts';
import type { RequestLog } from './request-log.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    gateway: Gateway;
    requestLog: RequestLog;
  }
  interface PlatformDeps {
    /** Shared token buckets across servers (the root keeps and closes the connection). */
    redis?: Redis | undefined;
  }
}

/** The gateway that calls a company's own APIs; its request-log actions; each tenant's capabilities as actions. */
export function setupGateway(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, 'gateway' | 'requestLog'>> {
  const registry = ctx.use('registry');
  const gateway = createGateway({
    db: ctx.db,
    clock: ctx.clock,
    registry,
    vault: ctx.use('vault'),
    egress: ctx.use('egress'),
    options: ctx.config.gateway,
    redis: ctx.deps.redis,
    warn: ctx.log,
  });
  const { requestLog } = gateway;
  return {
    services: { gateway, requestLog },
    actions: createGatewayActions({ requestLog }),
    sources: [createCapabilityActionSource({ registry, gateway })],
    // Its timer ends with close().
    jobs: [{ name: 'gateway.request_log_retention', start: () => requestLog.startRetention(), stop: () => {} }],
    close: () => gateway.close(),
  };
}
