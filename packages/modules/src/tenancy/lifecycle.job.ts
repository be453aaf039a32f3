import { DAY_MS, type Clock, type Database } from '@smarteros/kernel';
import { sql } from 'kysely';

/** Arbitrary fixed key: only one server runs the lifecycle pass at a time (the others skip that tick). */
const LIFECYCLE_LOCK = 7_355_608_002;

export interface LifecycleResult {
  ran: boolean;
  expired: number;
  warned: number;
}

/**
 * The scheduled lifecycle pass: expires due trials and emits trial.expiring ahead of expiry.
 * Safe on several servers: a transaction-scoped advisory lock lets one pass run at a time, and the SQL itself
 * changes each row in a single UPDATE, so even without the lock an event is written once.
 */
export function createLifecycleJob(deps: { db: Database; clock: Clock; warnDays: number; onResult?: (r: LifecycleResult) => void; onError?: (err: unknown) => void }) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<LifecycleResult> | undefined;

  async function runOnce(): Promise<LifecycleResult> {
    const now = deps.clock.now();
    return deps.db.platform({ name: 'lifecycle.run', actor: 'system', audit: false }, async (tx) => {
      const lock = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${LIFECYCLE_LOCK}) as ok`.execute(tx);
      if (!lock.rows[0]?.ok) return { ran: false, expired: 0, warned: 0 };
      const r = await sql<{ expired: number; warned: number }>`
        select expired, warned from run_trial_lifecycle(${now}::timestamptz, ${deps.warnDays * DAY_MS} * interval '1 millisecond')`.execute(tx);
      return { ran: true, expired: r.rows[0]?.expired ?? 0, warned: r.rows[0]?.warned ?? 0 };
    });
  }

  return {
    runOnce,
    start(intervalSeconds: number): void {
      if (intervalSeconds <= 0 || timer) return;
      const tick = () => {
        if (running) return;
        running = runOnce()
          .then((r) => {
            deps.onResult?.(r);
            return r;
          })
          .catch((err: unknown) => {
            deps.onError?.(err);
            return { ran: false, expired: 0, warned: 0 };
          })
          .finally(() => {
            running = undefined;
          });
      };
      timer = setInterval(tick, intervalSeconds * 1000);
      timer.unref();
      tick();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
