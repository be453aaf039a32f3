import { DOMAIN_TYPES } from '@smarteros/kernel';
import type { DomainOutput } from '@smarteros/modules/tenancy';
import type { Command } from 'commander';
import { contextOf } from '../context.ts';
import { t } from '../i18n.ts';
import { renderFields, renderTable, yesNo } from '../output.ts';
import { choice, tenantRef } from '../validate.ts';

export function renderDomains(items: DomainOutput[]): string {
  return renderTable(
    [t('col.domain'), t('col.type'), t('col.verified'), 'Id'],
    items.map((d) => [d.domain, d.domain_type, yesNo(d.verified), d.id]),
  );
}

export function registerDomainCommands(program: Command): void {
  const domain = program.command('domain').description(t('cmd.domain'));
  const typeHelp = `${t('opt.domainType')} (${DOMAIN_TYPES.join(', ')})`;

  domain
    .command('create')
    .description(t('cmd.domain.create'))
    .argument('<subdomain>', 'acme -> acme.smarterbot.cl')
    .requiredOption('--tenant <tenant>', t('opt.tenant'))
    .option('--type <type>', typeHelp, 'primary')
    .action(async (subdomain: string, opts: { tenant: string; type: string }, cmd: Command) => {
      const domainType = choice('--type', opts.type, DOMAIN_TYPES);
      const id = tenantRef(opts.tenant);
      const ctx = contextOf(cmd);
      const d = await ctx.api.addDomain(id, { subdomain, domain_type: domainType });
      ctx.out.data(d);
      ctx.out.line(t('domain.assigned', d.domain));
    });

  domain
    .command('add')
    .description(t('cmd.domain.add'))
    .argument('<domain>', 'tienda.cl')
    .requiredOption('--tenant <tenant>', t('opt.tenant'))
    .option('--type <type>', typeHelp, 'primary')
    .action(async (name: string, opts: { tenant: string; type: string }, cmd: Command) => {
      const domainType = choice('--type', opts.type, DOMAIN_TYPES);
      const id = tenantRef(opts.tenant);
      const ctx = contextOf(cmd);
      const d = await ctx.api.addDomain(id, { domain: name, domain_type: domainType });
      ctx.out.data(d);
      ctx.out.line(t('domain.added', d.domain, d.id));
      if (d.verification) {
        ctx.out.line();
        ctx.out.line(t('domain.txt'));
        ctx.out.line(
          renderFields([
            [t('col.type'), d.verification.record_type],
            [t('col.name'), d.verification.name],
            [t('col.value'), d.verification.value],
          ]),
        );
        ctx.out.line();
        ctx.out.line(`  smarteros domain verify ${d.id} --tenant ${opts.tenant}`);
      }
    });

  domain
    .command('verify')
    .description(t('cmd.domain.verify'))
    .argument('<domain-id>', 'id')
    .requiredOption('--tenant <tenant>', t('opt.tenant'))
    .action(async (domainId: string, opts: { tenant: string }, cmd: Command) => {
      const id = tenantRef(opts.tenant);
      const ctx = contextOf(cmd);
      const d = await ctx.api.verifyDomain(id, domainId);
      ctx.out.data(d);
      ctx.out.line(t('domain.verified', d.domain));
    });

  domain
    .command('list')
    .description(t('cmd.domain.list'))
    .requiredOption('--tenant <tenant>', t('opt.tenant'))
    .action(async (opts: { tenant: string }, cmd: Command) => {
      const id = tenantRef(opts.tenant);
      const ctx = contextOf(cmd);
      const res = await ctx.api.listDomains(id);
      ctx.out.data(res);
      ctx.out.line(res.items.length ? renderDomains(res.items) : t('list.none'));
    });
}
