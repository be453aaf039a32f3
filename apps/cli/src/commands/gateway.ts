import type { RequestLogPage } from '@smarteros/modules/gateway';
import type { Command } from 'commander';
import { contextOf } from '../context.ts';
import { t } from '../i18n.ts';
import { formatDate, renderTable, TIME_ZONE } from '../output.ts';
import { intArg } from '../validate.ts';
import { addTenantOption, capabilityNameArg, tenantOpt, withTenantHint } from './registry-input.ts';

/** The log's time to the second, in Santiago (`02-03-2026, 09:00:05`). */
const logTime = new Intl.DateTimeFormat('es-CL', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function formatLogTime(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : logTime.format(d);
}

const ms = (value: number | null): string => (value == null ? '' : String(Math.round(value)));

export function renderRequestLog(items: RequestLogPage['items']): string {
  return renderTable(
    [t('col.time'), t('col.capability'), t('col.principal'), t('col.httpStatus'), t('col.upstreamStatus'), t('col.errorCode'), t('col.latency')],
    items.map((r) => [formatLogTime(r.created_at), r.capability_name, r.principal, r.status, r.upstream_status ?? '', r.error_code ?? '', ms(r.latency_ms)]),
  );
}

export function registerGatewayCommands(program: Command): void {
  const gateway = program.command('gateway').description(t('cmd.gateway'));

  addTenantOption(gateway.command('log').description(t('cmd.gateway.log')))
    .option('--capability <name>', t('opt.capabilityFilter'))
    .option('--errors', t('opt.errors'))
    .option('--limit <n>', t('opt.logLimit'))
    .option('--all', t('opt.all'))
    .action(
      withTenantHint(async (opts: { tenant?: string; capability?: string; errors?: boolean; limit?: string; all?: boolean }, cmd: Command) => {
        const query = {
          capability: opts.capability !== undefined ? capabilityNameArg('--capability', opts.capability) : undefined,
          outcome: opts.errors ? ('error' as const) : undefined,
          limit: intArg('--limit', opts.limit, 1, 200) ?? (opts.all ? 200 : undefined),
        };
        const tenant = tenantOpt(opts.tenant);
        const ctx = contextOf(cmd);
        let page = await ctx.api.gatewayLog(tenant, query);
        const items = [...page.items];
        while (opts.all && page.next_cursor) {
          page = await ctx.api.gatewayLog(tenant, { ...query, cursor: page.next_cursor });
          items.push(...page.items);
        }
        const next = opts.all ? null : page.next_cursor;
        ctx.out.data({ items, next_cursor: next });
        if (!items.length) return ctx.out.line(t('gateway.none'));
        ctx.out.line(renderRequestLog(items));
        ctx.out.line(t('gateway.count', items.length));
        if (next) ctx.out.line(t('tenant.more'));
      }),
    );

  addTenantOption(gateway.command('summary').description(t('cmd.gateway.summary'))).action(
    withTenantHint(async (opts: { tenant?: string }, cmd: Command) => {
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      const s = await ctx.api.gatewaySummary(tenant);
      ctx.out.data(s);
      ctx.out.line(t('gateway.summary', formatDate(s.from), formatDate(s.to), s.calls, s.errors));
      if (!s.items.length) return;
      ctx.out.line(
        renderTable(
          [t('col.capability'), t('col.calls'), t('col.errors'), t('col.p50'), t('col.p95'), t('col.bytesOut'), t('col.lastCall')],
          s.items.map((r) => [r.capability_name, r.calls, r.errors, ms(r.p50_ms), ms(r.p95_ms), r.bytes_out, formatLogTime(r.last_at)]),
        ),
      );
    }),
  );
}
