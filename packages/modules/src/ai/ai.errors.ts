import { defineErrors, type CodesOf } from '@smarteros/kernel';

/** What the ai module's constraints mean (it has no codes of its own). */
export const AI_ERRORS = defineErrors({
  owner: 'ai',
  codes: {},
  unique: {
    ai_providers_name_key: ['already_exists', 'The company already has an AI provider with this name'],
  },
  checks: {
    ai_providers_name_check: 'name',
    ai_providers_kind_check: 'kind',
    ai_providers_base_url_check: 'base_url',
    ai_providers_model_check: 'model',
    ai_knowledge_entries_question_check: 'question',
    ai_knowledge_entries_answer_check: 'answer',
    ai_knowledge_entries_tags_check: 'tags',
  },
});

declare module '@smarteros/kernel' {
  interface ModuleErrorCodes extends CodesOf<typeof AI_ERRORS> {}
}
