import { z } from 'zod';

/** HTTP shapes of the ai module (routes, the CLI and the console use them). */

const question = z.string().trim().min(1).max(500).meta({ description: 'The question as customers ask it (accents and capitals do not matter)' });
const answer = z.string().trim().min(1).max(4096).meta({ description: 'The answer sent to the customer as written (WhatsApp allows 4,096 characters)' });
const tags = z.array(z.string().trim().min(1).max(40)).max(20).meta({ description: 'Labels for the team (not used to answer)' });
const enabled = z.boolean().meta({ description: 'Whether the assistant answers from this entry (default true)' });

export const knowledgeEntryInput = z.object({ question, answer, tags: tags.optional(), enabled: enabled.optional() }).strict();
export type KnowledgeEntryInput = z.infer<typeof knowledgeEntryInput>;

export const knowledgeEntryPatch = z
  .object({ question: question.optional(), answer: answer.optional(), tags: tags.optional(), enabled: enabled.optional() })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'give at least one of question, answer, tags, enabled' });
export type KnowledgeEntryPatch = z.infer<typeof knowledgeEntryPatch>;

export const knowledgeQuery = z.object({
  tag: z.string().trim().min(1).max(40).optional().meta({ description: 'Only entries with this tag' }),
  enabled: z.enum(['true', 'false']).optional().meta({ description: 'Only enabled (true) or disabled (false) entries' }),
});
export type KnowledgeQuery = z.infer<typeof knowledgeQuery>;

export const knowledgeEntryOutput = z
  .object({
    id: z.uuid(),
    question: z.string(),
    answer: z.string(),
    tags: z.array(z.string()),
    enabled: z.boolean(),
    created_by: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'KnowledgeEntry' });
export type KnowledgeEntryOutput = z.infer<typeof knowledgeEntryOutput>;
export const knowledgeList = z.object({ items: z.array(knowledgeEntryOutput) }).meta({ id: 'KnowledgeList' });

/** What the assistant found for a customer's text: the entry's answer, as written, and how well it matched (0-1). */
export interface KnowledgeAnswer {
  answer: string;
  entry_id: string;
  score: number;
}

// Model providers (Ollama, OpenAI-compatible endpoints): the key is write-only.
const providerName = z.string().trim().min(1).max(100).meta({ description: 'A name for the team, unique in the company' });
const providerKind = z.enum(['ollama', 'openai_compatible']).meta({ description: 'ollama: POST {base_url}/api/chat; openai_compatible: POST {base_url}/v1/chat/completions (a base URL ending in /v1 as it is)' });
const providerBaseUrl = z.url({ protocol: /^https?$/ }).max(2000).meta({ description: 'The endpoint, e.g. http://127.0.0.1:11434 (allowed by SMARTEROS_AI_ALLOWED_HOSTS) or https://api.openai.com' });
const providerModel = z.string().trim().min(1).max(200).meta({ description: "The model's name at the endpoint, e.g. llama3.1:8b or gpt-4o-mini" });
const providerKey = z.string().trim().min(1).max(500).meta({ description: 'API key, sent as a bearer token (write-only: never returned)' });

export const providerInput = z.object({ name: providerName, kind: providerKind, base_url: providerBaseUrl, model: providerModel, api_key: providerKey.optional() }).strict();
export type ProviderInput = z.infer<typeof providerInput>;
export const providerPatch = z
  .object({ name: providerName.optional(), kind: providerKind.optional(), base_url: providerBaseUrl.optional(), model: providerModel.optional(), api_key: providerKey.nullable().optional().meta({ description: 'A new key, or null to remove it' }) })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'give at least one of name, kind, base_url, model, api_key' });
export type ProviderPatch = z.infer<typeof providerPatch>;

export const providerProbe = z
  .object({
    probed_at: z.string(),
    reachable: z.boolean().meta({ description: 'The endpoint answered for this model' }),
    supports_tools: z.boolean().nullable().meta({ description: 'It made a tool call when offered one (false: the assistant answers in text only); null when unreachable' }),
    error: z.string().nullable().meta({ description: 'What went wrong, when it did' }),
  })
  .meta({ id: 'AiProviderProbe' });
export type ProviderProbe = z.infer<typeof providerProbe>;

export const providerOutput = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: providerKind,
    base_url: z.string(),
    model: z.string(),
    api_key: z.object({ last4: z.string(), fingerprint: z.string() }).nullable().meta({ description: 'Whether a key is set (never its value)' }),
    probe: providerProbe.nullable().meta({ description: 'The last probe (null: never probed, or changed since)' }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'AiProvider' });
export type ProviderOutput = z.infer<typeof providerOutput>;
export const providerList = z.object({ items: z.array(providerOutput) }).meta({ id: 'AiProviderList' });

export const usageQuery = z.object({
  from: z.iso.date().optional().meta({ description: 'First day (UTC), YYYY-MM-DD' }),
  to: z.iso.date().optional().meta({ description: 'Last day (UTC), YYYY-MM-DD' }),
});
export const usageOutput = z
  .object({
    items: z.array(z.object({ provider_id: z.uuid(), day: z.string(), requests: z.number().int(), failures: z.number().int(), prompt_tokens: z.number().int(), completion_tokens: z.number().int() })),
    total: z.object({ requests: z.number().int(), failures: z.number().int(), prompt_tokens: z.number().int(), completion_tokens: z.number().int() }),
  })
  .meta({ id: 'AiUsage' });
export type UsageOutput = z.infer<typeof usageOutput>;
