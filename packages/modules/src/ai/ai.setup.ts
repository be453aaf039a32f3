import type { ModuleContext, ModuleParts, PlatformServices } from '@smarteros/kernel';
import { createAiService, type AiService } from './ai.service.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    ai: AiService;
  }
}

/** The knowledge and the answering from it (no model, no network). */
export function setupAi(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, 'ai'>> {
  return { services: { ai: createAiService({ db: ctx.db, clock: ctx.clock, minScore: ctx.config.ai.minScore }) } };
}
