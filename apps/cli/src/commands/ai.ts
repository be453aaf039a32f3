import type { KnowledgeEntryOutput } from '@smarteros/modules/ai';
import type { Command } from 'commander';
import { contextOf, invalid } from '../context.ts';
import { t } from '../i18n.ts';
import { renderTable, yesNo } from '../output.ts';
import { addTenantOption, tenantOpt, withTenantHint } from './registry-input.ts';

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 3)}...` : s);

/** `--tag horario --tag despacho` or `--tag horario,despacho`. */
const collectTags = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

export function renderKnowledge(items: KnowledgeEntryOutput[]): string {
  return renderTable(
    [t('col.question'), t('col.answer'), t('col.tags'), t('col.enabled'), 'Id'],
    items.map((e) => [short(e.question, 50), short(e.answer, 60), e.tags.join(', '), yesNo(e.enabled), e.id]),
  );
}

/** `ai knowledge add|list`: the questions and answers the assistant answers customers from. */
export function registerAiCommands(program: Command): void {
  const ai = program.command('ai').description(t('cmd.ai'));
  const knowledge = ai.command('knowledge').description(t('cmd.ai.knowledge'));

  addTenantOption(
    knowledge
      .command('add')
      .description(t('cmd.ai.knowledge.add'))
      .requiredOption('--question <text>', t('opt.question'))
      .requiredOption('--answer <text>', t('opt.answer'))
      .option('--tag <tag>', t('opt.tag'), collectTags)
      .option('--disabled', t('opt.disabled')),
  ).action(
    withTenantHint(async (opts: { question: string; answer: string; tag?: string[]; disabled?: boolean; tenant?: string }, cmd: Command) => {
      const question = opts.question.trim();
      const answer = opts.answer.trim();
      if (!question) throw invalid(t('err.required', '--question'));
      if (!answer) throw invalid(t('err.required', '--answer'));
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      const entry = await ctx.api.addKnowledge(tenant, { question, answer, ...(opts.tag ? { tags: opts.tag } : {}), ...(opts.disabled ? { enabled: false } : {}) });
      ctx.out.data(entry);
      ctx.out.line(t('ai.added', entry.id));
    }),
  );

  addTenantOption(knowledge.command('list').description(t('cmd.ai.knowledge.list')).option('--tag <tag>', t('opt.tagFilter'))).action(
    withTenantHint(async (opts: { tag?: string; tenant?: string }, cmd: Command) => {
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      const res = await ctx.api.listKnowledge(tenant, opts.tag);
      ctx.out.data(res);
      ctx.out.line(res.items.length ? renderKnowledge(res.items) : t('ai.none'));
    }),
  );
}
