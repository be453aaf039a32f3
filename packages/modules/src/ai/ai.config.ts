import { configCsv, configInt, defineConfig, parseEgressAllow } from '@smarteros/kernel';
import { z } from 'zod';

/** How sure the assistant must be to answer from the knowledge (below it, a person answers); where models may be. */
export const AI_CONFIG = defineConfig({
  owner: 'ai',
  vars: {
    SMARTEROS_AI_MIN_SCORE: {
      schema: z.coerce.number().min(0.05).max(1).default(0.5),
      description: "assistant: the least share of the customer's words (weighted by rarity) an entry must cover to be answered from it, 0.05-1",
    },
    SMARTEROS_AI_ALLOWED_HOSTS: {
      schema: configCsv.default([]),
      description:
        'assistant: CIDRs and host names model providers may be at although private or loopback, beside SMARTEROS_EGRESS_ALLOW (e.g. `127.0.0.1/32` for a local Ollama, `ollama.internal`)',
    },
    SMARTEROS_AI_TIMEOUT_MS: { schema: configInt(1000, 300_000).default(30_000), description: "assistant: time allowed for one call to a model provider (its whole answer), in ms" },
  },
  check(v) {
    try {
      parseEgressAllow(v.SMARTEROS_AI_ALLOWED_HOSTS);
      return [];
    } catch (err) {
      return [['SMARTEROS_AI_ALLOWED_HOSTS', (err as Error).message]];
    }
  },
  build: (v) => ({ ai: { minScore: v.SMARTEROS_AI_MIN_SCORE, allowedHosts: v.SMARTEROS_AI_ALLOWED_HOSTS, timeoutMs: v.SMARTEROS_AI_TIMEOUT_MS } }),
});

export type AiConfig = ReturnType<typeof AI_CONFIG.build>;

declare module '@smarteros/kernel' {
  interface PlatformConfig extends AiConfig {}
}
