/**
 * bench:outbox — events/s end to end through the outbox on PostgreSQL, with 4 subscribers of which one fails every
 * time, and the lag (emit -> handler) of the three healthy ones. Two relays (as two servers) share the work.
 *
 * Compared in the same run against the peer it replaces: the single-stream relay (one ordered stream for every
 * tenant, handlers inside the claim transaction, stop at the first failure), with the same subscribers, and both
 * designs again with four healthy subscribers (the cost of tracking a row per subscriber).
 *
 * Loopback only: DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres); a scratch database per
 * scenario, dropped afterwards. Bounded: every scenario stops after SCENARIO_BUDGET_MS; the whole run has a watchdog.
 */
import { createOutboxRelay, defineEvent, emitEvent, migrate, openDatabase, rutFromBody, type Database, type OutboxEvent } from '@smarteros/kernel';
import { sql } from 'kysely';
import { z } from 'zod';
import { scratchDatabaseOrSkip } from './lib/postgres.ts';
import { describeMachine, loadAverage, startRun, writeResults } from './lib/run.ts';
import { perSecond, summarize, type LatencySummary } from './lib/stats.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SETTINGS = {
  events: Number(process.env.BENCH_OUTBOX_EVENTS ?? 3000),
  tenants: 20,
  events_per_transaction: 50,
  relays: 2,
  pool_per_relay: 5,
  batch_size: 50,
  poll_ms: 100,
  failing_max_attempts: 5,
  failing_backoff_ms: { base: 100, max: 1000 },
  scenario_budget_ms: 25_000,
};
const HEALTHY = ['bench.mailer', 'bench.webhook', 'bench.analytics'];
const FAILING = 'bench.broken_sii';

const { startedAt, log, onCleanup, main } = startRun({ watchdogMs: 110_000, hardExitMs: 10_000 });
const benchEvent = defineEvent('bench.happened', z.object({ n: z.number().int() }), { aggregate: (p) => `order:${p.n % 50}` });

interface ScenarioReport {
  design: 'per_subscriber' | 'single_stream';
  failing_subscriber: boolean;
  events: number;
  /** Every healthy subscriber got every event. */
  completed: boolean;
  elapsed_s: number;
  /** How long the producer took to write the events (the relays run meanwhile, on the same machine). */
  emit_s: number;
  /** Healthy subscribers (3 beside the failing one, or 4). */
  healthy_subscribers: number;
  /** Events whose delivery reached all healthy subscribers, per second from the first emit to the last delivery. */
  events_per_s: number;
  /** Deliveries to healthy subscribers: distinct (event, subscriber), and handler calls beyond them (re-runs). */
  healthy_deliveries: number;
  healthy_duplicate_calls: number;
  /** emit (the event's occurred_at) -> the healthy handler's call, ms. */
  healthy_lag_ms: LatencySummary;
  /** Per subscriber design only: the failing subscriber's deliveries at the end. */
  failing?: { dead: number; pending: number };
}

type Relay = { start(ms: number, onError?: (err: unknown) => void): void; stop(): Promise<void> };
type Handler = (event: OutboxEvent) => void;

/** The single-stream relay this project had before 0011 (packages/kernel/src/outbox.ts at 9ea2979), as the peer. */
function createSingleStreamRelay(db: Database, batchSize: number, handlers: Handler[]): Relay {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  async function relayOnce(): Promise<number> {
    return db.platform({ name: 'outbox.relay', actor: 'system', audit: false }, async (tx) => {
      const events = await tx
        .selectFrom('outbox')
        .select(['tenant_id', 'id', 'topic', 'payload', 'occurred_at', 'aggregate'])
        .where('published_at', 'is', null)
        .orderBy('id')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      let n = 0;
      for (const event of events as OutboxEvent[]) {
        try {
          for (const handler of handlers) await handler(event);
        } catch (err) {
          await tx
            .updateTable('outbox')
            .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: err instanceof Error ? err.message.slice(0, 500) : 'error' }))
            .where('tenant_id', '=', event.tenant_id)
            .where('id', '=', event.id)
            .execute();
          break;
        }
        await tx.updateTable('outbox').set({ published_at: new Date() }).where('tenant_id', '=', event.tenant_id).where('id', '=', event.id).execute();
        n++;
      }
      return n;
    });
  }
  return {
    start(ms, onError = () => {}) {
      timer = setInterval(() => {
        if (running) return;
        running = (async () => {
          while ((await relayOnce()) === batchSize);
        })()
          .catch(onError)
          .finally(() => (running = undefined));
      }, ms);
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

async function runScenario(design: ScenarioReport['design'], failingSubscriber: boolean): Promise<ScenarioReport> {
  log(`=== ${design}, ${failingSubscriber ? 'one subscriber failing every time' : 'four healthy subscribers'} ===`);
  const opened = await scratchDatabaseOrSkip(DATABASE_URL, log);
  if ('skipped' in opened) throw new Error(opened.skipped);
  const dropDatabase = onCleanup(opened.scratch.drop);
  const dbs: Database[] = [];
  const closeDbs = onCleanup(async () => {
    for (const db of dbs) await db.close();
  });
  const relays: Relay[] = [];
  const stopRelays = onCleanup(async () => {
    for (const r of relays) await r.stop();
  });
  try {
    const setup = await openDatabase({ databaseUrl: opened.scratch.url, poolMax: 4 });
    dbs.push(setup);
    await migrate(setup.pool);
    const tenants: string[] = [];
    await setup.platform({ name: 'bench.setup', actor: 'bench' }, async (tx) => {
      for (let i = 0; i < SETTINGS.tenants; i++) {
        const r = await sql<{ id: string }>`select create_tenant_minimal(${`Empresa ${i} SpA`}, 'bench@x.cl', ${rutFromBody(70_000_000 + i)}) as id`.execute(tx);
        tenants.push(r.rows[0]!.id);
      }
    });

    // What the healthy handlers saw: first delivery time per (event, subscriber), and all calls.
    const firstSeen = new Map<string, number>();
    const lags: number[] = [];
    let calls = 0;
    let lastDeliveryAt = 0;
    const healthy = (name: string) => (event: OutboxEvent) => {
      if (event.topic !== benchEvent.name) return;
      calls++;
      const key = `${event.id}:${name}`;
      if (firstSeen.has(key)) return;
      const now = Date.now();
      firstSeen.set(key, now);
      lags.push(now - new Date(event.occurred_at).getTime());
      lastDeliveryAt = performance.now();
    };
    const failing = (event: OutboxEvent) => {
      if (event.topic === benchEvent.name) throw new Error('SII answered 503');
    };
    const names = failingSubscriber ? [...HEALTHY, FAILING] : [...HEALTHY, 'bench.archive'];
    const healthyNames = names.filter((n) => n !== FAILING);

    for (let r = 0; r < SETTINGS.relays; r++) {
      const db = await openDatabase({ databaseUrl: opened.scratch.url, poolMax: SETTINGS.pool_per_relay });
      dbs.push(db);
      if (design === 'per_subscriber') {
        const relay = createOutboxRelay({ db, batchSize: SETTINGS.batch_size });
        for (const name of names) {
          relay.subscribe({
            name,
            topics: [benchEvent.name],
            handler: name === FAILING ? failing : healthy(name),
            ...(name === FAILING ? { maxAttempts: SETTINGS.failing_max_attempts, backoff: { baseMs: SETTINGS.failing_backoff_ms.base, maxMs: SETTINGS.failing_backoff_ms.max } } : {}),
          });
        }
        relays.push(relay);
      } else {
        relays.push(createSingleStreamRelay(db, SETTINGS.batch_size, names.map((name) => (name === FAILING ? failing : healthy(name)))));
      }
    }
    const errors: string[] = [];
    for (const relay of relays) relay.start(SETTINGS.poll_ms, (err) => void errors.push(String(err)));

    const t0 = performance.now();
    const producer = dbs[0]!;
    for (let i = 0; i < SETTINGS.events; i += SETTINGS.events_per_transaction) {
      const tenantId = tenants[(i / SETTINGS.events_per_transaction) % tenants.length]!;
      await producer.withTenant(tenantId, async (tx) => {
        for (let j = i; j < Math.min(SETTINGS.events, i + SETTINGS.events_per_transaction); j++) await emitEvent(tx, tenantId, benchEvent, { n: j });
      });
    }
    const emitMs = performance.now() - t0;
    log(`  ${SETTINGS.events} events emitted in ${(emitMs / 1000).toFixed(1)}s`);
    const target = SETTINGS.events * healthyNames.length;
    while (firstSeen.size < target && performance.now() - t0 < SETTINGS.scenario_budget_ms) await new Promise((r) => setTimeout(r, 50));
    const completed = firstSeen.size >= target;
    const elapsedMs = (completed ? lastDeliveryAt : performance.now()) - t0;
    await stopRelays();
    if (errors.length) log(`  relay errors: ${errors.length} (first: ${errors[0]})`);
    let failingState: ScenarioReport['failing'];
    if (design === 'per_subscriber' && failingSubscriber) {
      const rows = await setup.asOwner((tx) =>
        sql<{ status: string; n: number }>`select status, count(*)::int as n from outbox_deliveries where subscriber = ${FAILING} group by status`.execute(tx),
      );
      const by = Object.fromEntries(rows.rows.map((r) => [r.status, r.n]));
      failingState = { dead: by.dead ?? 0, pending: by.pending ?? 0 };
    }
    const fullyDelivered = Math.floor(firstSeen.size / healthyNames.length);
    const report: ScenarioReport = {
      design,
      failing_subscriber: failingSubscriber,
      events: SETTINGS.events,
      healthy_subscribers: healthyNames.length,
      completed,
      elapsed_s: Math.round(elapsedMs / 10) / 100,
      emit_s: Math.round(emitMs / 10) / 100,
      events_per_s: perSecond(completed ? SETTINGS.events : fullyDelivered, elapsedMs),
      healthy_deliveries: firstSeen.size,
      healthy_duplicate_calls: calls - firstSeen.size,
      healthy_lag_ms: summarize(lags),
      ...(failingState ? { failing: failingState } : {}),
    };
    log(
      `  ${completed ? 'complete' : `INCOMPLETE after ${SETTINGS.scenario_budget_ms / 1000}s`}: ${report.events_per_s} events/s, ` +
        `${report.healthy_deliveries}/${target} healthy deliveries, lag p50 ${report.healthy_lag_ms.p50} ms p99 ${report.healthy_lag_ms.p99} ms`,
    );
    return report;
  } finally {
    await stopRelays();
    await closeDbs();
    await dropDatabase();
  }
}

function markdown(report: { scenarios: ScenarioReport[]; settings: typeof SETTINGS; machine: ReturnType<typeof describeMachine> }): string {
  const row = (s: ScenarioReport) =>
    `| ${s.design} | ${s.failing_subscriber ? '3 healthy + 1 failing' : '4 healthy'} | ${s.completed ? 'yes' : '**no (jammed)**'} | ${s.events_per_s} | ${s.emit_s} | ` +
    `${s.healthy_deliveries} / ${s.events * s.healthy_subscribers} | ${s.healthy_duplicate_calls} | ${Number.isNaN(s.healthy_lag_ms.p50) ? '-' : s.healthy_lag_ms.p50} | ${Number.isNaN(s.healthy_lag_ms.p99) ? '-' : s.healthy_lag_ms.p99} | ${s.failing ? `${s.failing.dead} dead, ${s.failing.pending} pending` : ''} |`;
  const m = report.machine;
  return [
    '# bench:outbox',
    '',
    `PostgreSQL, ${report.settings.events} events over ${report.settings.tenants} tenants (${report.settings.events_per_transaction} per transaction), ` +
      `${report.settings.relays} relays (as two servers, ${report.settings.pool_per_relay} connections each), batches of ${report.settings.batch_size}, poll every ${report.settings.poll_ms} ms. ` +
      `The failing subscriber throws on every event (per subscriber: ${report.settings.failing_max_attempts} attempts, backoff ${report.settings.failing_backoff_ms.base}-${report.settings.failing_backoff_ms.max} ms, then dead).`,
    '',
    '| design | subscribers | all delivered | events/s end to end | emit s | healthy deliveries | handler re-runs | healthy lag p50 ms | healthy lag p99 ms | failing subscriber |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...report.scenarios.map(row),
    '',
    'per_subscriber is the relay of 0011 (a delivery row per event and subscriber); single_stream is the relay it replaced (one ordered stream, handlers inside the claim transaction, the batch stops at the first failure). ' +
      'events/s counts events that reached every healthy subscriber, from the first emit to the last delivery (or to the end of the budget when incomplete). Lag is from the event\'s occurred_at (the start of its producer transaction) to the handler call. ' +
      'emit s is how long the producer took to write the events while the relays ran on the same two cores: the end-to-end rate is bounded by it.',
    '',
    `Machine: ${m.cpus} × ${m.cpu_model}, ${m.total_memory_gib} GiB, Node ${m.node}, ${m.platform}; load average ${m.load_average_start.join(' / ')} at the start, ${m.load_average_end.join(' / ')} at the end (other work shares this machine).`,
    '',
  ].join('\n');
}

await main(async () => {
  const machine = describeMachine();
  const scenarios: ScenarioReport[] = [];
  scenarios.push(await runScenario('per_subscriber', true));
  scenarios.push(await runScenario('single_stream', true));
  scenarios.push(await runScenario('per_subscriber', false));
  scenarios.push(await runScenario('single_stream', false));
  machine.load_average_end = loadAverage();
  const report = { benchmark: 'outbox', duration_s: Math.round((performance.now() - startedAt) / 100) / 10, settings: SETTINGS, machine, scenarios };
  writeResults('outbox', report, markdown(report), log);
});
