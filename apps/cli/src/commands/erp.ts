import { isUuid } from '@smarteros/kernel';
import type { OrderOutput, OrderSummaryOutput, ProductImportInput, StockLevelOutput } from '@smarteros/modules/erp';
import type { Command } from 'commander';
import { ApiError } from '../api-client.ts';
import { CliError, contextOf, EXIT_INVALID, invalid } from '../context.ts';
import { t, type MessageKey } from '../i18n.ts';
import { displayRut, formatClp, formatDate, renderTable, yesNo } from '../output.ts';
import { createProgress } from '../progress.ts';
import { addTenantOption, readTextFile, tenantOpt, withTenantHint } from './registry-input.ts';

const STATUSES = ['draft', 'confirmed', 'paid', 'completed', 'cancelled'] as const;
const statusWord = (s: string) => (STATUSES.includes(s as (typeof STATUSES)[number]) ? t(`erp.status.${s}` as MessageKey & `erp.status.${(typeof STATUSES)[number]}`) : s);
const quantity = (q: string) => new Intl.NumberFormat('es-CL', { maximumFractionDigits: 3 }).format(Number(q));

export function renderStock(items: StockLevelOutput[]): string {
  return renderTable(
    [t('col.sku'), t('col.name'), t('col.onHand'), t('col.reserved'), t('col.available'), t('col.low')],
    items.map((s) => [s.sku, s.name, quantity(s.on_hand), quantity(s.reserved), quantity(s.available), s.low ? yesNo(true) : '']),
  );
}

const customerOf = (o: OrderSummaryOutput) => (o.customer ? `${o.customer.razon_social}${o.customer.rut ? ` (${o.customer.rut})` : ''}` : (o.buyer.name ?? ''));

export function renderOrders(items: OrderSummaryOutput[]): string {
  return renderTable(
    [t('col.number'), t('col.date'), t('col.status'), t('col.channel'), t('col.customer'), t('col.total')],
    items.map((o) => [o.number, formatDate(o.created_at), statusWord(o.status), o.channel, customerOf(o), formatClp(o.amount_total)]),
  );
}

export function renderOrder(o: OrderOutput): string {
  const head = `#${o.number} · ${statusWord(o.status)} · ${o.channel} · ${formatDate(o.created_at)}${o.customer ? ` · ${customerOf({ ...o, line_count: o.lines.length })}` : o.buyer.name ? ` · ${o.buyer.name}` : ''}${o.buyer.rut ? ` (${displayRut(o.buyer.rut)})` : ''}`;
  const lines = renderTable(
    [t('col.sku'), t('col.name'), t('col.quantity'), t('col.unitPrice'), t('col.discount'), t('col.lineTotal')],
    o.lines.map((l) => [l.sku, l.name, quantity(l.quantity), `${formatClp(Number(l.unit_price))}${l.price_includes_tax ? '' : ' + IVA'}`, Number(l.discount_pct) ? `${l.discount_pct}%` : '', formatClp(l.line_total)]),
  );
  const totals = t('erp.totals', formatClp(o.amount_untaxed - o.amount_exempt), formatClp(o.amount_exempt), formatClp(o.amount_tax), formatClp(o.amount_total), formatClp(o.amount_paid));
  const payments = o.payments.length
    ? `\n${renderTable([t('col.paymentMethod'), t('col.amount'), t('col.status'), t('col.date')], o.payments.map((p) => [p.method, formatClp(p.amount), p.status, formatDate(p.created_at)]))}`
    : '';
  return `${head}\n${lines}\n${totals}${payments}`;
}

const intOption = (flag: string, value: string | undefined, min: number, max: number, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) < min || Number(value) > max) throw invalid(t('err.invalidInteger', flag, min, max));
  return Number(value);
};

/** `erp product import`, `erp stock`, `erp order list|show`: the catalog, the stock and the orders from the terminal. */
export function registerErpCommands(program: Command): void {
  const erp = program.command('erp').description(t('cmd.erp'));
  const product = erp.command('product').description(t('cmd.erp.product'));

  addTenantOption(product.command('import').description(t('cmd.erp.product.import')).argument('<file>', 'CSV').option('--batch <n>', t('opt.batch'))).action(
    withTenantHint(async (file: string, opts: { batch?: string; tenant?: string }, cmd: Command) => {
      const batch = intOption('--batch', opts.batch, 1, 1000, 500);
      const tenant = tenantOpt(opts.tenant);
      const { parseProductCsv } = await import('@smarteros/modules/erp');
      const parsed = parseProductCsv(readTextFile('<file>', file));
      // A file with any bad row writes nothing: every problem is told at once, with its line and column.
      if (!parsed.ok) {
        const lines = [t('err.csvRows', parsed.errors.length), ...parsed.errors.map((e) => t('err.csvLine', e.line, e.column, e.message))];
        throw new CliError(lines.join('\n'), EXIT_INVALID);
      }
      const ctx = contextOf(cmd);
      const rows: ProductImportInput['rows'] = parsed.rows.map(({ line: _line, stock, low_stock_threshold, ...r }) => ({
        ...r,
        ...(stock === undefined ? {} : { stock: String(stock) }),
        ...(low_stock_threshold === undefined ? {} : { low_stock_threshold: String(low_stock_threshold) }),
      }));
      const progress = createProgress(ctx, rows.length);
      const total = { created: 0, updated: 0, stock_adjusted: 0 };
      let done = 0;
      try {
        for (let i = 0; i < rows.length; i += batch) {
          const part = rows.slice(i, i + batch);
          const res = await ctx.api.importProducts(tenant, { rows: part, reference: `import:${file.split('/').pop()!.slice(0, 180)}` });
          total.created += res.created;
          total.updated += res.updated;
          total.stock_adjusted += res.stock_adjusted;
          done += part.length;
          progress.step(t('erp.importing', done, rows.length), t('erp.batchDone', res.created, res.updated), part.length);
        }
      } catch (err) {
        progress.stop();
        if (done > 0) ctx.out.note(t('erp.importStopped', done, rows.length));
        // The server names the batch's row (rows.N): tell it as the file's line.
        if (err instanceof ApiError) {
          const m = /^rows\.(\d+)\.(.+)$/s.exec(err.message);
          if (m) {
            const row = parsed.rows[done + Number(m[1])];
            if (row) throw new CliError(t('err.csvLine', row.line, m[2]!.split(':')[0]!, err.message), EXIT_INVALID);
          }
        }
        throw err;
      }
      progress.stop();
      ctx.out.data(total);
      ctx.out.line(t('erp.imported', total.created, total.updated, total.stock_adjusted));
    }),
  );

  addTenantOption(erp.command('stock').description(t('cmd.erp.stock')).option('--sku <sku>', t('opt.sku')).option('--low', t('opt.low')).option('--limit <n>', t('opt.logLimit')).option('--offset <n>', 'offset')).action(
    withTenantHint(async (opts: { sku?: string; low?: boolean; limit?: string; offset?: string; tenant?: string }, cmd: Command) => {
      const limit = intOption('--limit', opts.limit, 1, 200, 50);
      const offset = intOption('--offset', opts.offset, 0, 99_999, 0);
      const ctx = contextOf(cmd);
      const res = await ctx.api.stockLevels(tenantOpt(opts.tenant), { sku: opts.sku, low: opts.low ? 'true' : undefined, limit: String(limit), offset: String(offset) });
      ctx.out.data(res);
      ctx.out.line(res.items.length ? renderStock(res.items) : t('erp.noProducts'));
    }),
  );

  const order = erp.command('order').description(t('cmd.erp.order'));
  addTenantOption(order.command('list').description(t('cmd.erp.order.list')).option('--status <status>', t('opt.orderStatus')).option('--limit <n>', t('opt.logLimit')).option('--cursor <cursor>', t('opt.cursor'))).action(
    withTenantHint(async (opts: { status?: string; limit?: string; cursor?: string; tenant?: string }, cmd: Command) => {
      if (opts.status !== undefined && !STATUSES.includes(opts.status as (typeof STATUSES)[number])) throw invalid(t('err.badStatus', opts.status, STATUSES.join(', ')));
      const limit = intOption('--limit', opts.limit, 1, 200, 50);
      const ctx = contextOf(cmd);
      const res = await ctx.api.listOrders(tenantOpt(opts.tenant), { status: opts.status, limit: String(limit), cursor: opts.cursor });
      ctx.out.data(res);
      ctx.out.line(res.items.length ? renderOrders(res.items) : t('erp.noOrders'));
      if (res.next_cursor) ctx.out.line(t('chat.more', res.next_cursor));
    }),
  );
  addTenantOption(order.command('show').description(t('cmd.erp.order.show')).argument('<order>', 'N° | id')).action(
    withTenantHint(async (ref: string, opts: { tenant?: string }, cmd: Command) => {
      const number = ref.replace(/^#/, '');
      if (!isUuid(ref) && !/^\d{1,15}$/.test(number)) throw invalid(t('err.notUuid', '<order>'));
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      let id = ref;
      if (!isUuid(ref)) {
        const found = (await ctx.api.listOrders(tenant, { q: `#${number}`, limit: '1' })).items.find((o) => o.number === Number(number));
        if (!found) throw new CliError(t('erp.orderNotFound', `#${number}`), 4);
        id = found.id;
      }
      const o = await ctx.api.getOrder(tenant, id);
      ctx.out.data(o);
      ctx.out.line(renderOrder(o));
    }),
  );
}
