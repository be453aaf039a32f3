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
