import type { ActionConfirmationOutput, ActionOutput } from '@smarteros/modules/mcp';
import type { Command } from 'commander';
import { contextOf, invalid } from '../context.ts';
import { getLang, t } from '../i18n.ts';
import { formatDate, renderFields, renderTable, yesNo } from '../output.ts';
import { choice } from '../validate.ts';
import { addTenantOption, readInput, tenantOpt, uuidArg, withTenantHint } from './registry-input.ts';

/** The API's names: smarteros.products, orders.search (capabilities allow dashes too). */
const ACTION_NAME_RE = /^[A-Za-z0-9_.-]{1,128}$/;
const STATUSES = ['pending', 'approved', 'rejected', 'expired', 'used'] as const;

function actionNameArg(field: string, value: string): string {
  const v = value.trim();
  if (!ACTION_NAME_RE.test(v) || !v.includes('.')) throw invalid(t('err.badActionName', field, value));
  return v;
}

const titleOf = (a: ActionOutput): string => a.title[getLang()];
const renderResult = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? ''));

function renderAction(a: ActionOutput): string {
  return [
    renderFields([
      [t('col.name'), a.name],
      [t('col.title'), titleOf(a)],
      [t('show.description'), a.description],
      [t('show.kind'), a.kind],
      [t('col.minRole'), a.min_role],
      [t('col.confirm'), yesNo(a.confirm)],
      [t('col.origin'), a.origin],
    ]),
    '',
    `${t('show.schemaIn')}:`,
    JSON.stringify(a.input_schema, null, 2),
  ].join('\n');
}

const confirmationRow = (c: ActionConfirmationOutput) => [c.id, c.action, c.status, c.requested_by, c.source, c.confirm_min_role, formatDate(c.expires_at), JSON.stringify(c.arguments)];

/** `smarteros action list|show|run|confirmations|approve|reject`: the action catalog over the REST API. */
export function registerActionCommands(program: Command): void {
  const action = program.command('action').description(t('cmd.action'));

  addTenantOption(action.command('list').description(t('cmd.action.list'))).action(
    withTenantHint(async (opts: { tenant?: string }, cmd: Command) => {
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      const res = await ctx.api.listActions(tenant);
      ctx.out.data(res);
      if (!res.items.length) return ctx.out.line(t('action.none'));
      ctx.out.line(
        renderTable(
          [t('col.action'), t('col.title'), t('col.kind'), t('col.minRole'), t('col.confirm'), t('col.origin')],
          res.items.map((a) => [a.name, titleOf(a), a.kind, a.min_role, yesNo(a.confirm), a.origin]),
        ),
      );
    }),
  );

  addTenantOption(action.command('show').description(t('cmd.action.show')).argument('<name>', t('arg.action'))).action(
    withTenantHint(async (nameIn: string, opts: { tenant?: string }, cmd: Command) => {
      const name = actionNameArg('name', nameIn);
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      const found = (await ctx.api.listActions(tenant)).items.find((a) => a.name === name);
      if (!found) throw invalid(t('action.notListed', name));
      ctx.out.data(found);
      ctx.out.line(renderAction(found));
    }),
  );

  addTenantOption(action.command('run').description(t('cmd.action.run')).argument('<name>', t('arg.action')))
    .option('--input <json>', t('opt.input'))
    .option('--input-file <file>', t('opt.inputFile'))
    .action(
      withTenantHint(async (nameIn: string, opts: { tenant?: string; input?: string; inputFile?: string }, cmd: Command) => {
        const name = actionNameArg('name', nameIn);
        const tenant = tenantOpt(opts.tenant);
        const input = await readInput(opts);
        const ctx = contextOf(cmd);
        const res = await ctx.api.runAction(tenant, name, input);
        ctx.out.data(res);
        if (res.confirmation) {
          const c = res.confirmation;
          return ctx.out.line(t('action.waiting', name, c.confirmation_id, c.confirm_min_role, formatDate(c.expires_at)));
        }
        ctx.out.line(t('action.done', name));
        ctx.out.line(renderResult(res.result));
      }),
    );

  addTenantOption(action.command('confirmations').description(t('cmd.action.confirmations')))
    .option('--status <status>', `${t('opt.confirmationStatus')} (${STATUSES.join(', ')})`)
    .action(
      withTenantHint(async (opts: { tenant?: string; status?: string }, cmd: Command) => {
        const status = opts.status !== undefined ? choice('--status', opts.status, STATUSES) : undefined;
        const tenant = tenantOpt(opts.tenant);
        const ctx = contextOf(cmd);
        const res = await ctx.api.listConfirmations(tenant, status);
        ctx.out.data(res);
        if (!res.items.length) return ctx.out.line(t('action.noConfirmations'));
        ctx.out.line(
          renderTable(
            ['Id', t('col.action'), t('col.status'), t('col.requestedBy'), t('col.source'), t('col.minRole'), t('col.expires'), t('col.args')],
            res.items.map(confirmationRow),
          ),
        );
      }),
    );

  addTenantOption(action.command('approve').description(t('cmd.action.approve')).argument('<id>', t('arg.confirmation'))).action(
    withTenantHint(async (idIn: string, opts: { tenant?: string }, cmd: Command) => {
      const id = uuidArg('id', idIn);
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      const res = await ctx.api.approveConfirmation(tenant, id);
      ctx.out.data(res);
      ctx.out.line(t('action.approved', res.confirmation.action));
      ctx.out.line(renderResult(res.result));
    }),
  );

  addTenantOption(action.command('reject').description(t('cmd.action.reject')).argument('<id>', t('arg.confirmation'))).action(
    withTenantHint(async (idIn: string, opts: { tenant?: string }, cmd: Command) => {
      const id = uuidArg('id', idIn);
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      const res = await ctx.api.rejectConfirmation(tenant, id);
      ctx.out.data(res);
      ctx.out.line(t('action.rejected', res.action));
    }),
  );
}
