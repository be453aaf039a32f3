import { createEgressGuard, type ModuleContext, type ModuleParts, type PlatformServices } from '@smarteros/kernel';
import { createProviders, type Providers } from './ai.providers.ts';
import { createAiService, type AiService } from './ai.service.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    ai: AiService;
    aiProviders: Providers;
  }
}

/**
 * The knowledge and the answering from it (no model, no network); the tenant's model providers. Model calls go through
 * the platform's egress guard, or, when SMARTEROS_AI_ALLOWED_HOSTS names more (a local Ollama), through a guard that
 * allows those too, for model calls only.
 */
export function setupAi(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, 'ai' | 'aiProviders'>> {
  const { allowedHosts, timeoutMs, minScore } = ctx.config.ai;
  const egress = allowedHosts.length === 0 ? ctx.use('egress') : createEgressGuard({ allow: [...ctx.config.egressAllow, ...allowedHosts] });
  return {
    services: {
      ai: createAiService({ db: ctx.db, clock: ctx.clock, minScore }),
      aiProviders: createProviders({ db: ctx.db, clock: ctx.clock, vault: ctx.use('vault'), egress, timeoutMs }),
    },
  };
}
