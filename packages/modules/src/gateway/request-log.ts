import { createBatchInsert, cursorId, DAY_MS, pageOfRows, type Clock, type Database, type DB } from '@smarteros/kernel';
import type { GatewaySource } from './gateway.tables.ts';
import { sql, type Selectable } from 'kysely';
import type { RequestLogPage, RequestLogQuery, RequestLogSummary } from './gateway.schema.ts';

/**
 * The gateway's request log: one row per call (tenant, capability, principal, status, latency, bytes; never a secret,
 * never a body), written in batches by the kernel's batch insert (a failed write keeps its rows and tries again).
 */
/** One row of the log as it is queued: the table's columns but the generated id. */
export type RequestLogRow = Omit<Selectable<DB['gateway_requests']>, 'id'>;

export interface RequestLogOptions {
  db: Database;
  clock: Clock;
  /** Flush at this many rows (default 500) or after flushMs (default 200) since the first pending row. */
  batchSize?: number;
  flushMs?: number;
  /** Rows kept while the database is unreachable (default 50,000). */
  maxPending?: number;
  retentionDays: number;
  onError?: (err: unknown) => void;
  onDrop?: (dropped: number) => void;
}

const round = (n: number) => Math.round(n * 100) / 100;

const COLUMNS = [
  'tenant_id',
  'created_at',
  'capability_name',
  'capability_id',
  'provider_id',
  'principal',
  'source',
  'method',
  'status',
  'upstream_status',
  'error_code',
  'latency_ms',
  'upstream_ms',
  'bytes_in',
  'bytes_out',
  'attempts',
] as const satisfies ReadonlyArray<keyof RequestLogRow>;

export function createRequestLog(options: RequestLogOptions) {
  const { db, clock } = options;
  const batch = createBatchInsert<RequestLogRow>({ ...options, table: 'gateway_requests', columns: COLUMNS, operation: 'gateway.request_log' });
  const flush = batch.flush;
  let retention: NodeJS.Timeout | null = null;

  return {
    /** Queues one row; written within flushMs. */
    record: batch.record,

    flush,

    /** Deletes rows older than the retention, now and then every hour. */
    startRetention(): void {
      const run = () =>
        db
          .platform({ name: 'gateway.request_log_retention', actor: 'system:gateway', audit: false }, (tx) =>
            tx.deleteFrom('gateway_requests').where('created_at', '<', new Date(clock.now().getTime() - options.retentionDays * DAY_MS)).execute(),
          )
          .catch((err: unknown) => options.onError?.(err));
      void run();
      retention = setInterval(run, 3_600_000);
      retention.unref();
    },

    async close(): Promise<void> {
      if (retention) clearInterval(retention);
      await batch.close();
    },

    /** A tenant's log, newest first, with filters and a cursor (the id of the last row of the previous page). */
    async list(tenantId: string, q: RequestLogQuery): Promise<RequestLogPage> {
      await flush();
      return db.withTenant(tenantId, async (tx) => {
        let query = tx.selectFrom('gateway_requests').selectAll().where('tenant_id', '=', tenantId);
        if (q.capability) query = query.where('capability_name', '=', q.capability);
        if (q.source) query = query.where('source', '=', q.source as GatewaySource);
        if (q.principal) query = query.where('principal', '=', q.principal);
        if (q.outcome === 'ok') query = query.where('status', '<', 400);
        if (q.outcome === 'error') query = query.where('status', '>=', 400);
        if (q.status) query = query.where('status', '=', q.status);
        if (q.error_code) query = query.where('error_code', '=', q.error_code);
        if (q.from) query = query.where('created_at', '>=', new Date(q.from));
        if (q.to) query = query.where('created_at', '<', new Date(q.to));
        const before = cursorId(q.cursor);
        if (before !== undefined) query = query.where('id', '<', before);
        const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
        return pageOfRows(rows, q.limit, (r) => ({
          id: String(r.id),
          created_at: new Date(r.created_at).toISOString(),
          capability_name: r.capability_name,
          capability_id: r.capability_id,
          provider_id: r.provider_id,
          principal: r.principal,
          source: r.source,
          method: r.method,
          status: r.status,
          upstream_status: r.upstream_status,
          error_code: r.error_code,
          latency_ms: round(r.latency_ms),
          upstream_ms: r.upstream_ms === null ? null : round(r.upstream_ms),
          bytes_in: r.bytes_in,
          bytes_out: r.bytes_out,
          attempts: r.attempts,
        }));
      });
    },

    /** Calls, errors and latency percentiles per capability over a window (default the last 24 hours). */
    async summary(tenantId: string, window: { from?: string | undefined; to?: string | undefined }): Promise<RequestLogSummary> {
      await flush();
      // The default window ends just after now, so a call logged this very millisecond is in it.
      const to = window.to ? new Date(window.to) : new Date(clock.now().getTime() + 1);
      const from = window.from ? new Date(window.from) : new Date(to.getTime() - DAY_MS);
      return db.withTenant(tenantId, async (tx) => {
        const rows = await sql<{ capability_name: string; calls: number; errors: number; p50: number | null; p95: number | null; bytes_out: number; last_at: Date }>`
          select capability_name, count(*)::int as calls, (count(*) filter (where status >= 400))::int as errors,
                 percentile_cont(0.5) within group (order by latency_ms) as p50,
                 percentile_cont(0.95) within group (order by latency_ms) as p95,
                 coalesce(sum(bytes_out), 0)::int as bytes_out, max(created_at) as last_at
            from gateway_requests
           where tenant_id = ${tenantId}::uuid and created_at >= ${from} and created_at < ${to}
           group by capability_name order by calls desc, capability_name`.execute(tx);
        const items = rows.rows.map((r) => ({
          capability_name: r.capability_name,
          calls: r.calls,
          errors: r.errors,
          p50_ms: r.p50 === null ? null : round(r.p50),
          p95_ms: r.p95 === null ? null : round(r.p95),
          bytes_out: r.bytes_out,
          last_at: new Date(r.last_at).toISOString(),
        }));
        return {
          from: from.toISOString(),
          to: to.toISOString(),
          calls: items.reduce((a, r) => a + r.calls, 0),
          errors: items.reduce((a, r) => a + r.errors, 0),
          items,
        };
      });
    },
  };
}

export type RequestLog = ReturnType<typeof createRequestLog>;
