import { AppError, type Clock, type Database, type Tx } from '@smarteros/kernel';
import type { Selectable } from 'kysely';
import type { KnowledgeAnswer, KnowledgeEntryInput, KnowledgeEntryOutput, KnowledgeEntryPatch, KnowledgeQuery } from './ai.schema.ts';
import { rank, statsOf, type ScoredDoc } from './ai.retrieval.ts';
import type { AiKnowledgeEntriesTable } from './ai.tables.ts';
import { terms } from './ai.text.ts';

export interface AiDeps {
  db: Database;
  clock: Clock;
  /** The least score (0-1) an entry must reach to be answered from (SMARTEROS_AI_MIN_SCORE). */
  minScore: number;
}

interface Actor {
  id: string;
}

/** The most of a customer's text that is matched (a longer one is cut: an FAQ question is short). */
const MAX_QUERY_CHARS = 2000;

type EntryRow = Selectable<AiKnowledgeEntriesTable>;

const outputOf = (r: Omit<EntryRow, 'tenant_id' | 'question_terms' | 'answer_terms'>): KnowledgeEntryOutput => ({
  id: r.id,
  question: r.question,
  answer: r.answer,
  tags: r.tags,
  enabled: r.enabled,
  created_by: r.created_by,
  created_at: new Date(r.created_at).toISOString(),
  updated_at: new Date(r.updated_at).toISOString(),
});

const COLUMNS = ['id', 'question', 'answer', 'tags', 'enabled', 'created_by', 'created_at', 'updated_at'] as const;
const uniqueTags = (tags: string[] | undefined) => (tags === undefined ? undefined : [...new Set(tags)]);

/**
 * The knowledge a tenant's assistant answers from, and the answering: retrieval over the tenant's enabled entries with
 * no model and no network (ai.retrieval.ts), extractive (the entry's answer as written), only above the threshold.
 */
export function createAiService(deps: AiDeps) {
  const { db, clock } = deps;

  async function found(tx: Tx, tenantId: string, id: string) {
    const row = await tx.selectFrom('ai_knowledge_entries').select(COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('not_found', 'Knowledge entry not found');
    return row;
  }

  /** The enabled entries sharing a term with the text, best first (scores rounded to 0.001). */
  async function ranked(tenantId: string, text: string, limit: number): Promise<Array<KnowledgeAnswer & { question: string }>> {
    const query = terms(text.slice(0, MAX_QUERY_CHARS));
    if (query.length === 0) return [];
    return db.withTenant(tenantId, async (tx) => {
      const rows = await tx.selectFrom('ai_knowledge_entries').select(['id', 'question_terms', 'answer_terms']).where('tenant_id', '=', tenantId).where('enabled', '=', true).orderBy('created_at').orderBy('id').execute();
      const docs: ScoredDoc[] = rows.map((r) => ({ id: r.id, question: r.question_terms, answer: r.answer_terms }));
      const top = rank(query, docs, statsOf(docs)).slice(0, limit);
      if (top.length === 0) return [];
      const entries = await tx.selectFrom('ai_knowledge_entries').select(['id', 'question', 'answer']).where('tenant_id', '=', tenantId).where('id', 'in', top.map((r) => r.id)).execute();
      return top.map((r) => {
        const e = entries.find((x) => x.id === r.id)!;
        return { entry_id: r.id, question: e.question, answer: e.answer, score: Math.round(r.score * 1000) / 1000 };
      });
    });
  }

  return {
    minScore: deps.minScore,

    async addEntry(actor: Actor, tenantId: string, input: KnowledgeEntryInput): Promise<KnowledgeEntryOutput> {
      return db.withTenant(tenantId, async (tx) => {
        const row = await tx
          .insertInto('ai_knowledge_entries')
          .values({
            tenant_id: tenantId,
            question: input.question,
            answer: input.answer,
            tags: uniqueTags(input.tags) ?? [],
            enabled: input.enabled ?? true,
            question_terms: terms(input.question),
            answer_terms: terms(input.answer),
            created_by: actor.id,
          })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        return outputOf(row);
      });
    },

    async listEntries(tenantId: string, q: KnowledgeQuery = {}): Promise<KnowledgeEntryOutput[]> {
      return db.withTenant(tenantId, async (tx) => {
        let query = tx.selectFrom('ai_knowledge_entries').select(COLUMNS).where('tenant_id', '=', tenantId);
        if (q.enabled !== undefined) query = query.where('enabled', '=', q.enabled === 'true');
        if (q.tag !== undefined) query = query.where((eb) => eb(eb.val(q.tag), '=', eb.fn.any('tags')));
        const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
        return rows.map(outputOf);
      });
    },

    async getEntry(tenantId: string, id: string): Promise<KnowledgeEntryOutput> {
      return db.withTenant(tenantId, async (tx) => outputOf(await found(tx, tenantId, id)));
    },

    /** Changes what is given; the terms follow the question and the answer. Another tenant's entry is not found. */
    async updateEntry(tenantId: string, id: string, patch: KnowledgeEntryPatch): Promise<KnowledgeEntryOutput> {
      return db.withTenant(tenantId, async (tx) => {
        await found(tx, tenantId, id);
        const row = await tx
          .updateTable('ai_knowledge_entries')
          .set({
            ...(patch.question !== undefined ? { question: patch.question, question_terms: terms(patch.question) } : {}),
            ...(patch.answer !== undefined ? { answer: patch.answer, answer_terms: terms(patch.answer) } : {}),
            ...(patch.tags !== undefined ? { tags: uniqueTags(patch.tags) } : {}),
            ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
            updated_at: clock.now(),
          })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        return outputOf(row);
      });
    },

    async deleteEntry(tenantId: string, id: string): Promise<void> {
      await db.withTenant(tenantId, async (tx) => {
        const gone = await tx.deleteFrom('ai_knowledge_entries').where('tenant_id', '=', tenantId).where('id', '=', id).returning('id').executeTakeFirst();
        if (!gone) throw new AppError('not_found', 'Knowledge entry not found');
      });
    },

    /**
     * The answer to a customer's text from the tenant's enabled entries: the best entry's answer as written when its
     * score reaches the threshold, else null (nobody's text is generated; nothing in the text is obeyed, only matched).
     */
    async answer(tenantId: string, text: string): Promise<KnowledgeAnswer | null> {
      const [best] = await ranked(tenantId, text, 1);
      return best && best.score >= deps.minScore ? { answer: best.answer, entry_id: best.entry_id, score: best.score } : null;
    },

    /**
     * The entries closest to a customer's text, best first, whatever their score (the model's context: it reads them as
     * reference, it is not bound by the threshold).
     */
    async context(tenantId: string, text: string, limit = 3): Promise<Array<KnowledgeAnswer & { question: string }>> {
      return ranked(tenantId, text, limit);
    },
  };
}

export type AiService = ReturnType<typeof createAiService>;
