import { defineConfig } from '@smarteros/kernel';
import { z } from 'zod';

/** How sure the assistant must be to answer from the knowledge (below it, a person answers). */
export const AI_CONFIG = defineConfig({
  owner: 'ai',
  vars: {
    SMARTEROS_AI_MIN_SCORE: {
      schema: z.coerce.number().min(0.05).max(1).default(0.5),
      description: "assistant: the least share of the customer's words (weighted by rarity) an entry must cover to be answered from it, 0.05-1",
    },
  },
  build: (v) => ({ ai: { minScore: v.SMARTEROS_AI_MIN_SCORE } }),
});

export type AiConfig = ReturnType<typeof AI_CONFIG.build>;

declare module '@smarteros/kernel' {
  interface PlatformConfig extends AiConfig {}
}
