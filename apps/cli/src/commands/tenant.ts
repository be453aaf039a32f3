import type { OverviewRowOutput, TenantDetailOutput, TenantOutput } from '@smarteros/modules/tenancy';
import { PRODUCT_CODES, TENANT_STATUSES } from '@smarteros/kernel';
import type { Command } from 'commander';
import type { StatusAction } from '../api-client.ts';
import { contextOf } from '../context.ts';
import { t } from '../i18n.ts';
import { displayRut, formatDate, renderFields, renderTable, timeLeft, yesNo } from '../output.ts';
import { choice, intArg, productList, rutArg, tenantRef } from '../validate.ts';

/** Seconds left of the tenant's trial: the longest of its products' trials (computed by the server, on its clock). */
function tenantTrialLeft(tenant: TenantDetailOutput): number | null {
  const trials = tenant.products.filter((p) => p.status === 'trial' && p.trial_seconds_left != null).map((p) => p.trial_seconds_left!);
  if (trials.length) return Math.max(...trials);
  return null;
}

/** A readable summary of a tenant: the facts, then products (with trial time left), domains and integrations. */
export function renderTenant(tenant: TenantDetailOutput): string {
  const trialLeft = tenantTrialLeft(tenant);
  const lines = [
    `${tenant.business_name}  ${displayRut(tenant.rut)}`,
    renderFields([
      ['Id', tenant.id],
      [t('col.status'), tenant.status],
      [t('col.plan'), tenant.plan],
      [t('show.type'), tenant.type],
      [t('show.email'), tenant.contact_email],
      [t('show.primaryDomain'), tenant.primary_domain ?? '-'],
      [t('show.trial'), tenant.trial_expires_at ? t('show.trialUntil', formatDate(tenant.trial_expires_at), trialLeft != null ? timeLeft(trialLeft) : '-') : '-'],
      [t('show.created'), formatDate(tenant.created_at)],
    ]),
    '',
    `${t('show.products')}:`,
    tenant.products.length
      ? renderTable(
          [t('col.product'), t('col.status'), t('col.plan'), t('col.trialEnds'), t('col.left')],
          tenant.products.map((p) => [p.product_code, p.status, p.plan ?? '', formatDate(p.trial_expires_at), p.status === 'trial' ? timeLeft(p.trial_seconds_left) : '']),
        )
      : `  ${t('show.none')}`,
    '',
    `${t('show.domains')}:`,
    tenant.domains.length
      ? renderTable(
          [t('col.domain'), t('col.type'), t('col.verified'), 'Id'],
          tenant.domains.map((d) => [d.domain, d.domain_type, yesNo(d.verified), d.id]),
        )
      : `  ${t('show.none')}`,
    '',
    `${t('show.integrations')}:`,
    tenant.integrations.length
      ? renderTable(
          [t('col.integration'), t('col.status'), t('col.externalId'), t('col.updated')],
          tenant.integrations.map((i) => [i.integration_type, i.status, i.external_id ?? '', formatDate(i.updated_at)]),
        )
      : `  ${t('show.none')}`,
  ];
  return lines.join('\n');
}

export function renderTenantTable(items: TenantOutput[]): string {
  return renderTable(
    [t('col.rut'), t('col.name'), t('col.status'), t('col.plan'), t('col.products'), t('col.created')],
    items.map((x) => [displayRut(x.rut), x.business_name, x.status, x.plan, x.services_enabled.join(', '), formatDate(x.created_at)]),
  );
}

export function renderOverviewTable(items: OverviewRowOutput[]): string {
  const mark = (on: boolean) => (on ? '✓' : '·');
  return renderTable(
    [t('col.rut'), t('col.name'), t('col.status'), 'chat', 'erp', 'automation', 'analytics', 'ai', t('col.domains'), t('col.integrations')],
    items.map((x) => [
      x.rut_formatted,
      x.business_name,
      x.tenant_status,
      mark(x.has_chat),
      mark(x.has_erp),
      mark(x.has_automation),
      mark(x.has_analytics),
      mark(x.has_ai),
      x.domains.join(', '),
      x.integrations.map((i) => `${i.type}:${i.status}`).join(', '),
    ]),
  );
}

export function registerTenantCommands(program: Command): void {
  program
    .command('overview')
    .description(t('cmd.overview'))
    .option('--search <text>', t('opt.search'))
    .option('--status <status>', `${t('opt.status')} (${TENANT_STATUSES.join(', ')})`)
    .option('--product <product>', `${t('opt.product')} (${PRODUCT_CODES.join(', ')})`)
    .option('--limit <n>', `${t('opt.limit')} (1-100)`)
    .action(async (opts: { search?: string; status?: string; product?: string; limit?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const page = await ctx.api.overview({
        q: opts.search,
        status: opts.status !== undefined ? choice('--status', opts.status, TENANT_STATUSES) : undefined,
        product: opts.product !== undefined ? choice('--product', opts.product, PRODUCT_CODES) : undefined,
        limit: intArg('--limit', opts.limit, 1, 100),
      });
      ctx.out.data(page);
      if (!page.items.length) return ctx.out.line(t('tenant.none'));
      ctx.out.line(renderOverviewTable(page.items));
      ctx.out.line(t('tenant.count', page.items.length));
      if (page.next_cursor) ctx.out.line(t('tenant.more'));
    });

  const tenant = program.command('tenant').description(t('cmd.tenant'));

  tenant
    .command('create')
    .description(t('cmd.tenant.create'))
    .argument('<rut>', 'RUT (12.345.678-5)')
    .argument('<name>', t('col.name'))
    .argument('<email>', t('show.email'))
    .option('--plan <plan>', t('opt.plan'))
    .option('--products <list>', t('opt.products'))
    .action(async (rutIn: string, name: string, email: string, opts: { plan?: string; products?: string }, cmd: Command) => {
      const rut = rutArg('rut', rutIn);
      const products = opts.products !== undefined ? productList('--products', opts.products) : undefined;
      const ctx = contextOf(cmd);
      const created = await ctx.api.createTenant({
        rut,
        business_name: name,
        contact_email: email,
        ...(opts.plan ? { plan: opts.plan } : {}),
        ...(products ? { products } : {}),
      });
      ctx.out.data(created);
      ctx.out.line(t('tenant.created', created.business_name, displayRut(created.rut)));
      ctx.out.line();
      ctx.out.line(renderTenant(created));
    });

  tenant
    .command('list')
    .description(t('cmd.tenant.list'))
    .option('--search <text>', t('opt.search'))
    .option('--status <status>', `${t('opt.status')} (${TENANT_STATUSES.join(', ')})`)
    .option('--product <product>', `${t('opt.product')} (${PRODUCT_CODES.join(', ')})`)
    .option('--plan <plan>', t('opt.planFilter'))
    .option('--limit <n>', `${t('opt.limit')} (1-100)`)
    .option('--all', t('opt.all'))
    .action(async (opts: { search?: string; status?: string; product?: string; plan?: string; limit?: string; all?: boolean }, cmd: Command) => {
      const query = {
        q: opts.search,
        status: opts.status !== undefined ? choice('--status', opts.status, TENANT_STATUSES) : undefined,
        product: opts.product !== undefined ? choice('--product', opts.product, PRODUCT_CODES) : undefined,
        plan: opts.plan,
        limit: intArg('--limit', opts.limit, 1, 100) ?? (opts.all ? 100 : undefined),
      };
      const ctx = contextOf(cmd);
      let page = await ctx.api.listTenants(query);
      const items = [...page.items];
      while (opts.all && page.next_cursor) {
        page = await ctx.api.listTenants({ ...query, cursor: page.next_cursor });
        items.push(...page.items);
      }
      const next = opts.all ? null : page.next_cursor;
      ctx.out.data({ items, next_cursor: next });
      if (!items.length) return ctx.out.line(t('tenant.none'));
      ctx.out.line(renderTenantTable(items));
      ctx.out.line(t('tenant.count', items.length));
      if (next) ctx.out.line(t('tenant.more'));
    });

  tenant
    .command('show')
    .description(t('cmd.tenant.show'))
    .argument('<tenant>', t('opt.tenant'))
    .action(async (ref: string, _opts: unknown, cmd: Command) => {
      const id = tenantRef(ref);
      const ctx = contextOf(cmd);
      const detail = await ctx.api.getTenant(id);
      ctx.out.data(detail);
      ctx.out.line(renderTenant(detail));
    });

  for (const action of ['suspend', 'reactivate', 'cancel'] as const satisfies readonly StatusAction[]) {
    tenant
      .command(action)
      .description(t(`cmd.tenant.${action}`))
      .argument('<tenant>', t('opt.tenant'))
      .option('--reason <text>', t('opt.reason'))
      .action(async (ref: string, opts: { reason?: string }, cmd: Command) => {
        const id = tenantRef(ref);
        const ctx = contextOf(cmd);
        const detail = await ctx.api.changeStatus(id, action, opts.reason);
        ctx.out.data(detail);
        ctx.out.line(t('tenant.statusChanged', `${detail.business_name} (${displayRut(detail.rut)})`, detail.status));
      });
  }
}
