import { defineErrors, type CodesOf } from '@smarteros/kernel';

/** What the ai module's constraints mean (it has no codes of its own yet). */
export const AI_ERRORS = defineErrors({
  owner: 'ai',
  codes: {},
  checks: {
    ai_knowledge_entries_question_check: 'question',
    ai_knowledge_entries_answer_check: 'answer',
    ai_knowledge_entries_tags_check: 'tags',
  },
});

declare module '@smarteros/kernel' {
  interface ModuleErrorCodes extends CodesOf<typeof AI_ERRORS> {}
}
