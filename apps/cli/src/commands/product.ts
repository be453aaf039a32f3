import { PRODUCT_CODES } from '@smarteros/kernel';
import type { ProductOutput } from '@smarteros/modules/tenancy';
import type { Command } from 'commander';
import { contextOf } from '../context.ts';
import { t } from '../i18n.ts';
import { formatDate, renderTable, timeLeft } from '../output.ts';
import { choice, tenantRef } from '../validate.ts';

export function renderProducts(items: ProductOutput[]): string {
  return renderTable(
    [t('col.product'), t('col.status'), t('col.plan'), t('col.trialEnds'), t('col.left')],
    items.map((p) => [p.product_code, p.status, p.plan ?? '', formatDate(p.trial_expires_at), p.status === 'trial' ? timeLeft(p.trial_seconds_left) : '']),
  );
}

export function registerProductCommands(program: Command): void {
  const product = program.command('product').description(t('cmd.product'));
  const products = `(${PRODUCT_CODES.join(', ')})`;

  product
    .command('activate')
    .description(t('cmd.product.activate'))
    .argument('<product>', products)
    .requiredOption('--tenant <tenant>', t('opt.tenant'))
    .option('--subscription', t('opt.subscription'))
    .option('--plan <plan>', t('opt.productPlan'))
    .action(async (code: string, opts: { tenant: string; subscription?: boolean; plan?: string }, cmd: Command) => {
      const productCode = choice('product', code, PRODUCT_CODES);
      const id = tenantRef(opts.tenant);
      const ctx = contextOf(cmd);
      const p = await ctx.api.activateProduct(id, {
        product_code: productCode,
        mode: opts.subscription ? 'subscription' : 'trial',
        ...(opts.plan ? { plan: opts.plan } : {}),
      });
      ctx.out.data(p);
      ctx.out.line(t('product.activated', p.product_code, p.status));
      if (p.status === 'trial' && p.trial_expires_at) ctx.out.line(t('product.trialUntil', formatDate(p.trial_expires_at), timeLeft(p.trial_seconds_left)));
    });

  product
    .command('deactivate')
    .description(t('cmd.product.deactivate'))
    .argument('<product>', products)
    .requiredOption('--tenant <tenant>', t('opt.tenant'))
    .action(async (code: string, opts: { tenant: string }, cmd: Command) => {
      const productCode = choice('product', code, PRODUCT_CODES);
      const id = tenantRef(opts.tenant);
      const ctx = contextOf(cmd);
      const p = await ctx.api.deactivateProduct(id, productCode);
      ctx.out.data(p);
      ctx.out.line(t('product.deactivated', p.product_code, p.status));
    });

  product
    .command('list')
    .description(t('cmd.product.list'))
    .requiredOption('--tenant <tenant>', t('opt.tenant'))
    .action(async (opts: { tenant: string }, cmd: Command) => {
      const id = tenantRef(opts.tenant);
      const ctx = contextOf(cmd);
      const res = await ctx.api.listProducts(id);
      ctx.out.data(res);
      ctx.out.line(res.items.length ? renderProducts(res.items) : t('list.none'));
    });
}
