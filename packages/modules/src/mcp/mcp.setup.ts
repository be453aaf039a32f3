import type { ModuleContext, ModuleParts, PlatformServices } from '@smarteros/kernel';
import { createActionRunner, type ActionRunner } from './action-runner.ts';
import { createCloudflareAccessVerifier, type CloudflareAccessDeps, type CloudflareAccessVerifier } from './cloudflare-access.ts';
import { createMcpService, type McpService } from './mcp.service.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    runner: ActionRunner;
    mcp: McpService;
    cloudflareAccess: CloudflareAccessVerifier;
  }
  interface PlatformDeps {
    /** Cloudflare Access team keys (tests give their own); by default fetched from the team's certs URL. */
    cloudflareJwks?: CloudflareAccessDeps['jwksFor'] | undefined;
  }
}

/**
 * The action runner (AI-control policy, budget, confirmation, redaction, audit) every caller goes through: MCP, the
 * REST API, the CLI, and next the assistant and automations; MCP's tools over it; Cloudflare Access.
 */
export function setupMcp(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, 'runner' | 'mcp' | 'cloudflareAccess'>> {
  const { db, clock } = ctx;
  const egress = ctx.use('egress');
  const runner = createActionRunner({
    db,
    clock,
    catalog: ctx.use('actions'),
    limiter: ctx.use('gateway').limiter,
    secret: ctx.config.jwt.secret,
    onError: (err) => ctx.log(`actions: ${(err as Error).message}`),
  });
  const jwksFor = ctx.deps.cloudflareJwks;
  return {
    services: {
      runner,
      mcp: createMcpService({ runner }),
      cloudflareAccess: createCloudflareAccessVerifier({ registry: ctx.use('registry'), egress, clock, ...(jwksFor ? { jwksFor } : {}) }),
    },
    close: () => runner.close(),
  };
}
