import { AppError, DAY_MS, type Clock, type Database, type GatewaySource } from '@smarteros/kernel';
import { sql } from 'kysely';
import type { RequestLogPage, RequestLogQuery, RequestLogSummary } from './gateway.schema.ts';

/**
 * The gateway's request log: one row per call (tenant, capability, principal, status, latency, bytes; never a secret,
 * never a body). Rows are buffered and written in batches, one multi-row INSERT per flush, so logging costs the hot
 * path a push onto an array. A failed flush keeps its rows and tries again; the buffer is bounded, and rows dropped
 * beyond the bound are counted and reported (onDrop). close() flushes what is left.
 */
export interface RequestLogRow {
  tenant_id: string;
  created_at: Date;
  capability_name: string;
  capability_id: string | null;
  provider_id: string | null;
  principal: string;
  source: GatewaySource;
  method: string;
  status: number;
  upstream_status: number | null;
  error_code: string | null;
  latency_ms: number;
  upstream_ms: number | null;
  bytes_in: number;
  bytes_out: number;
  attempts: number;
}

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

export function createRequestLog(options: RequestLogOptions) {
  const { db, clock } = options;
  const batchSize = options.batchSize ?? 500;
  const flushMs = options.flushMs ?? 200;
  const maxPending = options.maxPending ?? 50_000;
  let pending: RequestLogRow[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;
  let retention: NodeJS.Timeout | null = null;

  async function write(rows: RequestLogRow[]): Promise<void> {
    // One statement for the whole batch, across tenants, as a named platform operation (unaudited bookkeeping). The
    // rows travel as one JSON text expanded by json_populate_recordset: a single parameter however many rows, and
    // JSON.stringify is far cheaper than the driver's per-element array encoding.
    await db.platform({ name: 'gateway.request_log', actor: 'system:gateway', audit: false }, (tx) =>
      sql`insert into gateway_requests (tenant_id, created_at, capability_name, capability_id, provider_id, principal, source, method,
                                        status, upstream_status, error_code, latency_ms, upstream_ms, bytes_in, bytes_out, attempts)
          select tenant_id, created_at, capability_name, capability_id, provider_id, principal, source, method,
                 status, upstream_status, error_code, latency_ms, upstream_ms, bytes_in, bytes_out, attempts
            from json_populate_recordset(null::gateway_requests, ${JSON.stringify(rows)}::json)`.execute(tx),
    );
  }

  async function flushNow(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    while (pending.length) {
      const rows = pending.slice(0, batchSize);
      try {
        await write(rows);
        pending = pending.slice(rows.length);
      } catch (err) {
        options.onError?.(err);
        schedule(Math.max(flushMs, 1000));
        return;
      }
    }
  }

  function flush(): Promise<void> {
    flushing ??= flushNow().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  function schedule(ms = flushMs): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, ms);
    timer.unref();
  }

  return {
    /** Queues one row; written within flushMs. */
    record(row: RequestLogRow): void {
      if (pending.length >= maxPending) {
        pending.shift();
        options.onDrop?.(1);
      }
      pending.push(row);
      if (pending.length >= batchSize) void flush();
      else schedule();
    },

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
      await flush();
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
        if (q.cursor) {
          const id = Number(q.cursor);
          if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('validation_failed', 'cursor: not a cursor from this list', { issues: [{ path: 'querystring.cursor', message: 'invalid' }] });
          query = query.where('id', '<', id);
        }
        const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
        const page = rows.slice(0, q.limit);
        return {
          items: page.map((r) => ({
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
          })),
          next_cursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null,
        };
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
