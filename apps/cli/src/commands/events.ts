import type { Command } from 'commander';
import { contextOf } from '../context.ts';
import { t } from '../i18n.ts';
import { formatDate, renderTable } from '../output.ts';
import { intArg, tenantRef } from '../validate.ts';

export function registerEventsCommand(program: Command): void {
  program
    .command('events')
    .description(t('cmd.events'))
    .requiredOption('--tenant <tenant>', t('opt.tenant'))
    .option('--limit <n>', `${t('opt.eventsLimit')} (1-200)`)
    .action(async (opts: { tenant: string; limit?: string }, cmd: Command) => {
      const limit = intArg('--limit', opts.limit, 1, 200);
      const id = tenantRef(opts.tenant);
      const ctx = contextOf(cmd);
      const res = await ctx.api.listEvents(id, limit);
      ctx.out.data(res);
      ctx.out.line(
        res.items.length
          ? renderTable(
              ['#', t('col.topic'), t('col.when'), t('col.payload')],
              res.items.map((e) => {
                const { tenant_id: _tenant, ...rest } = e.payload;
                const payload = JSON.stringify(rest);
                return [e.id, e.topic, formatDate(e.occurred_at), payload.length > 80 ? `${payload.slice(0, 77)}...` : payload];
              }),
            )
          : t('list.none'),
      );
    });
}
