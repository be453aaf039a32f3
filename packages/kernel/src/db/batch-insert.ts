import { sql } from 'kysely';
import type { Database } from './database.ts';

/**
 * Append-only rows written in batches (the gateway's request log, the MCP audit): recording one costs the hot path a
 * push onto an array; a batch is one INSERT ... SELECT FROM json_populate_recordset with the rows as one JSON parameter
 * (one parameter however many rows; JSON.stringify is far cheaper than a driver's per-value encoding), as a named,
 * unaudited platform operation, across tenants. A failed write keeps its rows and tries again; the buffer is bounded,
 * and rows dropped beyond the bound are counted (onDrop). flush() writes what is pending; close() stops the timer.
 */
export interface BatchInsertOptions {
  db: Database;
  /** The table, and the columns each row carries (row keys of the same names). */
  table: string;
  columns: readonly string[];
  /** Name of the platform operation (e.g. gateway.request_log). */
  operation: string;
  /** Flush at this many rows (default 500) or after flushMs (default 200) since the first pending row. */
  batchSize?: number;
  flushMs?: number;
  /** Rows kept while the database is unreachable (default 50,000). */
  maxPending?: number;
  onError?: (err: unknown) => void;
  onDrop?: (dropped: number) => void;
}

export interface BatchInsert<Row> {
  record(row: Row): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createBatchInsert<Row extends object>(options: BatchInsertOptions): BatchInsert<Row> {
  const { db } = options;
  const batchSize = options.batchSize ?? 500;
  const flushMs = options.flushMs ?? 200;
  const maxPending = options.maxPending ?? 50_000;
  const columns = sql.join(options.columns.map((c) => sql.ref(c)));
  let pending: Row[] = [];
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;

  async function write(rows: Row[]): Promise<void> {
    await db.platform({ name: options.operation, actor: 'system:batch', audit: false }, (tx) =>
      sql`insert into ${sql.table(options.table)} (${columns})
          select ${columns} from json_populate_recordset(null::${sql.table(options.table)}, ${JSON.stringify(rows)}::json)`.execute(tx),
    );
  }

  function schedule(ms = flushMs): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, ms);
    timer.unref();
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

  return {
    record(row) {
      if (pending.length >= maxPending) {
        pending.shift();
        options.onDrop?.(1);
      }
      pending.push(row);
      if (pending.length >= batchSize) void flush();
      else schedule();
    },
    flush,
    close: flush,
  };
}
