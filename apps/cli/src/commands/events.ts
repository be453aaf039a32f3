import type { DeliveryOutput } from '@smarteros/kernel';
import type { Command } from 'commander';
import { contextOf, invalid } from '../context.ts';
import { t } from '../i18n.ts';
import { formatDate, renderTable, yesNo } from '../output.ts';
import { intArg, tenantRef } from '../validate.ts';

const SUBSCRIBER_RE = /^[a-z0-9_.:-]{1,100}$/;

function subscriberArg(field: string, value: string): string {
  const v = value.trim();
  if (!SUBSCRIBER_RE.test(v)) throw invalid(t('err.invalidChoice', field, value, 'a-z 0-9 _ . : -'));
  return v;
}

const short = (s: string | null, n: number) => (s === null ? '' : s.length > n ? `${s.slice(0, n - 3)}...` : s);

export function renderDeliveries(items: DeliveryOutput[]): string {
  return renderTable(
    [t('col.event'), t('col.subscriber'), t('col.topic'), t('col.tenant'), t('col.attempts'), t('col.when'), t('col.lastError')],
    items.map((d) => [d.event_id, d.subscriber, d.topic, d.tenant_id.slice(0, 8), d.max_attempts ? `${d.attempts}/${d.max_attempts}` : d.attempts, formatDate(d.updated_at), short(d.last_error, 60)]),
  );
}

/**
 * `events --tenant` (a tenant's events), and the outbox's deliveries: `events dead` (the dead letters),
 * `events subscribers`, `events retry <subscriber> [<event>] [--all]`. Platform admins see every tenant (or --tenant);
 * tenant admins their own.
 */
export function registerEventsCommand(program: Command): void {
  const events = program
    .command('events')
    .description(t('cmd.events'))
    .option('--tenant <tenant>', t('opt.tenant'))
    .option('--limit <n>', `${t('opt.eventsLimit')} (1-200)`)
    .action(async (opts: { tenant?: string; limit?: string }, cmd: Command) => {
      if (opts.tenant === undefined) throw invalid(t('err.eventsTenant'));
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

  events
    .command('dead')
    .description(t('cmd.events.dead'))
    .option('--subscriber <name>', t('opt.subscriber'))
    .option('--topic <topic>', t('opt.topic'))
    .option('--tenant <tenant>', t('opt.tenantFilter'))
    .option('--limit <n>', `${t('opt.eventsLimit')} (1-200)`)
    .option('--all', t('opt.all'))
    .action(async (_opts: unknown, cmd: Command) => {
      // --tenant and --limit are also options of `events`, which commander lets take them: read them merged.
      const opts = cmd.optsWithGlobals<{ subscriber?: string; topic?: string; tenant?: string; limit?: string; all?: boolean }>();
      const query = {
        status: 'dead' as const,
        subscriber: opts.subscriber !== undefined ? subscriberArg('--subscriber', opts.subscriber) : undefined,
        topic: opts.topic,
        tenant_id: opts.tenant !== undefined ? tenantRef(opts.tenant) : undefined,
        limit: intArg('--limit', opts.limit, 1, 200) ?? (opts.all ? 200 : undefined),
      };
      const ctx = contextOf(cmd);
      let page = await ctx.api.listDeliveries(query);
      const items = [...page.items];
      while (opts.all && page.next_cursor) {
        page = await ctx.api.listDeliveries({ ...query, cursor: page.next_cursor });
        items.push(...page.items);
      }
      const next = opts.all ? null : page.next_cursor;
      ctx.out.data({ items, next_cursor: next });
      if (!items.length) return ctx.out.line(t('outbox.noneDead'));
      ctx.out.line(renderDeliveries(items));
      ctx.out.line(t('outbox.deadCount', items.length));
      if (next) ctx.out.line(t('tenant.more'));
    });

  events
    .command('subscribers')
    .description(t('cmd.events.subscribers'))
    .option('--tenant <tenant>', t('opt.tenantFilter'))
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ tenant?: string }>();
      const ctx = contextOf(cmd);
      const res = await ctx.api.outboxSubscribers(opts.tenant !== undefined ? tenantRef(opts.tenant) : undefined);
      ctx.out.data(res);
      ctx.out.line(
        res.items.length
          ? renderTable(
              [t('col.subscriber'), t('col.pending'), t('col.dead'), t('col.delivered'), t('col.oldestPending'), t('col.registered')],
              res.items.map((s) => [s.subscriber, s.pending, s.dead, s.delivered, formatDate(s.oldest_pending_at), yesNo(s.registered)]),
            )
          : t('outbox.noSubscribers'),
      );
    });

  events
    .command('retry <subscriber> [event]')
    .description(t('cmd.events.retry'))
    .option('--all', t('opt.retryAll'))
    .option('--tenant <tenant>', t('opt.tenantFilter'))
    .action(async (subscriber: string, event: string | undefined, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ all?: boolean; tenant?: string }>();
      const name = subscriberArg('<subscriber>', subscriber);
      if ((event === undefined) === !opts.all) throw invalid(t('err.retryWhich'));
      const tenant = opts.tenant !== undefined ? tenantRef(opts.tenant) : undefined;
      const eventId = event !== undefined ? intArg('<event>', event, 1, Number.MAX_SAFE_INTEGER)! : undefined;
      const ctx = contextOf(cmd);
      const res = await ctx.api.retryDeliveries(eventId !== undefined ? { subscriber: name, event_id: eventId, tenant_id: tenant } : { subscriber: name, all_dead: true, tenant_id: tenant });
      ctx.out.data(res);
      ctx.out.line(t('outbox.retried', res.retried));
    });
}
