// ai: the knowledge a tenant's assistant answers from, and the answering: retrieval with Spanish normalisation and
// BM25F scoring, extractive, with no model and no network (the embedded default). The module's one door.
import { defineModule } from '@smarteros/kernel';
import { setupAi } from './ai.setup.ts';
import { AI_CONFIG } from './ai.config.ts';
import { AI_ERRORS } from './ai.errors.ts';
export { createAiService, type AiService, type AiDeps } from './ai.service.ts';
export { createProviders, PROBE_TOOL, type Providers, type ProvidersDeps, type ProviderForUse } from './ai.providers.ts';
export { callModel, endpointOf, ModelError, type ModelConnection, type ModelErrorReason, type ModelMessage, type ModelReply, type ModelRequest, type ToolCall, type ToolSpec } from './ai.connectors.ts';
export * from './ai.schema.ts';
export { asksForPerson, fold, languageOf, terms } from './ai.text.ts';
export type * from './ai.tables.ts';
export { AI_CONFIG, AI_ERRORS, setupAi };

/** What the ai module brings besides its services (see ModuleManifest). */
export const aiModule = defineModule({
  name: 'ai',
  tables: ['ai_knowledge_entries', 'ai_providers', 'ai_usage'],
  setup: setupAi,
  errors: AI_ERRORS,
  config: AI_CONFIG,
});
