import { INTEGRATION_STATUSES, INTEGRATION_TYPES } from '@smarteros/kernel';
import type { Command } from 'commander';
import { contextOf } from '../context.ts';
import { t } from '../i18n.ts';
import { formatDate, renderTable } from '../output.ts';
import { choice, refPairs, tenantRef } from '../validate.ts';

export function registerIntegrationCommands(program: Command): void {
  const integration = program.command('integration').description(t('cmd.integration'));

  integration
    .command('set')
    .description(t('cmd.integration.set'))
    .argument('<type>', `(${INTEGRATION_TYPES.join(', ')})`)
    .requiredOption('--tenant <tenant>', t('opt.tenant'))
    .option('--external-id <id>', t('opt.externalId'))
    .option('--status <status>', `${t('opt.integrationStatus')} (${INTEGRATION_STATUSES.join(', ')})`)
    .option('--ref <key=value...>', t('opt.ref'))
    .action(async (type: string, opts: { tenant: string; externalId?: string; status?: string; ref?: string[] }, cmd: Command) => {
      const integrationType = choice('type', type, INTEGRATION_TYPES);
      const status = opts.status !== undefined ? choice('--status', opts.status, INTEGRATION_STATUSES) : undefined;
      const externalRef = refPairs(opts.ref);
      const id = tenantRef(opts.tenant);
      const ctx = contextOf(cmd);
      const i = await ctx.api.setIntegration(id, {
        integration_type: integrationType,
        ...(opts.externalId ? { external_id: opts.externalId } : {}),
        ...(externalRef ? { external_ref: externalRef } : {}),
        ...(status ? { status } : {}),
      });
      ctx.out.data(i);
      ctx.out.line(t('integration.set', i.integration_type, i.status));
    });

  integration
    .command('list')
    .description(t('cmd.integration.list'))
    .requiredOption('--tenant <tenant>', t('opt.tenant'))
    .action(async (opts: { tenant: string }, cmd: Command) => {
      const id = tenantRef(opts.tenant);
      const ctx = contextOf(cmd);
      const res = await ctx.api.listIntegrations(id);
      ctx.out.data(res);
      ctx.out.line(
        res.items.length
          ? renderTable(
              [t('col.integration'), t('col.status'), t('col.externalId'), 'Ref', t('col.updated')],
              res.items.map((i) => [i.integration_type, i.status, i.external_id ?? '', Object.keys(i.external_ref).length ? JSON.stringify(i.external_ref) : '', formatDate(i.updated_at)]),
            )
          : t('list.none'),
      );
    });
}
