/**
 * The chat benchmark (`npm run bench:chat`): the WhatsApp webhook intake and the live fan-out.
 *
 * Intake: signed WhatsApp Cloud API webhooks (one text message each, X-Hub-Signature-256 over the raw bytes) from 50
 * keep-alive connections in a load generator of its own (bench/lib/webhook-load.child.ts), closed loop, a warm-up and
 * then a measured window; every fifth request is a redelivery of a body already sent (same bytes, same signature),
 * the others carry new wamids. Against, each in its own process and alone on the machine while measured:
 *   - the SmarterOS server (startServer, its outbox relay running as in production: chat.ingest turns the stored
 *     receipts into contacts, conversations and messages), POST /webhooks/whatsapp;
 *   - the floor: a bare Fastify route that checks the HMAC of the raw body and inserts it into one table (nothing else).
 * On PostgreSQL (scratch databases, dropped afterwards; the server with Redis) and on PGlite (fresh temp dirs), in the
 * same run. After the load the server is left to drain (bounded): every receipt must have processed_at; then, by SQL,
 * exactly one chat_messages row per distinct wamid sent (lost = unique sent - stored, duplicates = rows - stored).
 *
 * Fan-out (PostgreSQL): 500 agent screens follow GET /api/v1/chat/stream (fetch, an agent API key) on one server, in a
 * process of their own (bench/lib/sse-clients.child.ts); one signed message is posted, and each screen's
 * message.created is timed from the moment the POST was answered.
 *
 * Loopback only. Bounded: a watchdog stops the run and cleans up (scratch databases dropped, temp dirs removed).
 * Progress goes to stderr; stdout gets one JSON document, also bench/results/chat.json, with bench/results/chat.md.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startChild, type ChildHandle } from './lib/child.ts';
import { summarizeProfile, type ProfileSummary } from './lib/cpuprofile.ts';
import type { ChatCounts } from './lib/chat-server.child.ts';
import { scratchDatabaseOrSkip, type ScratchDatabase } from './lib/postgres.ts';
import type { PidSource, ProcessCpu } from './lib/proc-cpu.ts';
import { describeMachine, driversFromEnv, loadAverage, machineBusyPct, startRun, writeResults } from './lib/run.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './lib/server.ts';
import { percentile } from './lib/stats.ts';
import { api, expectStatus, lib, watchDatabaseProcesses } from './lib/tenant-setup.ts';
import { RUT_BASE, tenantInput } from './lib/tenants.ts';
import { meterWindow } from './lib/window-meter.ts';
import { signature, textDelivery, wamidOf, type WebhookLoadJob, type WebhookLoadResult } from './lib/webhook-load.ts';

// ---------------------------------------------------------------------------------------------------------------
// Settings

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
type Driver = 'postgres' | 'pglite';
const DRIVERS: Driver[] = driversFromEnv(process.env.BENCH_CHAT_DRIVERS, 'postgres,pglite');
const FANOUT_DRIVERS: Driver[] = driversFromEnv(process.env.BENCH_CHAT_FANOUT_DRIVERS, 'postgres');
const PROFILE_DRIVERS: Driver[] = driversFromEnv(process.env.BENCH_CHAT_PROFILE_DRIVERS, 'postgres,pglite');
const num = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);

const SETTINGS = {
  connections: 50,
  /** Closed loop: a warm-up (V8 optimizes the server's intake path meanwhile), then the measured window. */
  warmup_s: num('BENCH_CHAT_WARMUP_S', 8),
  seconds: num('BENCH_CHAT_SECONDS', 10),
  /** Every fifth request is a redelivery: 20%. */
  redelivery_every: 5,
  /** Distinct customers the messages come from (contacts and open conversations of the tenant). */
  customers: 1000,
  request_timeout_ms: 10_000,
  /** After the load: how long the outbox relay may take to process every receipt. */
  drain_budget_ms: num('BENCH_CHAT_DRAIN_BUDGET_MS', 180_000),
  /** Connections of the server's pool (its default) and of the floor's. */
  pool_max: 10,
  fanout: { streams: num('BENCH_CHAT_STREAMS', 500), open_batch: 50, wait_ms: 15_000 },
  /** A CPU profile of the server over a separate stretch of the same load, not counted (BENCH_CHAT_PROFILE_DRIVERS); 0 skips it. */
  profile_seconds: num('BENCH_CHAT_PROFILE_S', 4),
  /**
   * The server's outbox poll (SMARTEROS_OUTBOX_POLL_MS): unset, the server's default (1000 ms), as in production. Set
   * BENCH_CHAT_OUTBOX_POLL_MS to see how much of the fan-out latency is the wait for the relay.
   */
  outbox_poll_ms: process.env.BENCH_CHAT_OUTBOX_POLL_MS ? Number(process.env.BENCH_CHAT_OUTBOX_POLL_MS) : null,
} as const;
/** Above this share of the machine used by other work during a window, the report says its figures are depressed. */
const NOISY_OTHER_BUSY_PCT = 15;

const TARGETS = { postgres_messages_per_s_min: 1000, over_floor_min: 0.5, p99_ms_max: 50, lost: 0, duplicates: 0, fanout_p95_ms_max: 250 } as const;
const ANCHOR = {
  chatwoot: 'Chatwoot sizes 4 cores and 4 GB for 10,000 conversations a day',
  conversations_per_day: 10_000,
  /** An assumption for the scale line, not Chatwoot's: inbound messages per conversation. */
  assumed_inbound_messages_per_conversation: 20,
} as const;

const PHONE_NUMBER_ID = '104900000000001';
const APP_SECRET = 'app-secret-bench-chat-5f1e9a7c3d';
const WEBHOOK_PATH = '/webhooks/whatsapp';

const { startedAt, log, onCleanup, main: runMain } = startRun({ watchdogMs: 10 * 60_000, hardExitMs: 20_000 });

// ---------------------------------------------------------------------------------------------------------------
// Report shapes

interface Measured {
  target: 'smarteros' | 'floor';
  /** 200 answers per second over the window (every request carries one message; redeliveries included). */
  messages_per_s: number;
  /** 200 answers to first deliveries per second (new wamids). */
  new_messages_per_s: number;
  p50_ms: number;
  p99_ms: number;
  load: WebhookLoadResult;
  cpu: ProcessCpu;
  /** Event-loop utilization of the target over the window: 1 means never idle, the process is the limit. */
  event_loop_utilization: number;
  load_average: number[];
}

interface Correctness {
  unique_sent: number;
  unique_accepted: number;
  redeliveries_sent: number;
  non200: number;
  status_counts: Record<string, number>;
  connection_errors: number;
  sample_error: { status: number; body: string } | null;
  sample_error_message: string | null;
  drained: boolean;
  drain_ms: number;
  counts: ChatCounts;
  /** unique_sent - distinct wamids stored, and rows - distinct wamids stored (by SQL). */
  lost: number;
  duplicates: number;
  /** A stored wamid the run never sent (must be false). */
  unknown_wamid_stored: boolean;
  /** Receipts processed per second from the first request to the end of the drain. */
  receipts_processed_per_s: number;
}

interface Fanout {
  driver: Driver;
  streams_asked: number;
  streams_open: number;
  open_ms: number;
  first_open_failure: string | null;
  received: number;
  /** From the POST's 200 to each stream's message.created, ms. */
  latency_ms: { p50: number; p95: number; max: number; min: number };
  /**
   * Where the time went, medians over the streams: from the 200 to the start of the ingest transaction that wrote the
   * chat_events row (its created_at: the outbox's dispatcher poll, fan-out and claim), and from there to the stream.
   */
  until_ingest_started_ms: number;
  ingest_to_stream_ms: { p50: number; max: number };
  outbox_poll_ms: number;
}

type DriverRow =
  | { driver: Driver; status: 'skipped' | 'failed'; reason: string }
  | {
      driver: Driver;
      status: 'ok';
      database: Record<string, unknown>;
      floor: Measured & { rows_inserted: number };
      smarteros: Measured;
      ratio_over_floor: number;
      correctness: Correctness;
      /** Where the server's CPU went under the same load (its relay processing chat.ingest meanwhile). */
      profile: ProfileSummary | null;
      fanout: Fanout | null;
      targets: Record<string, { target: string; value: number | null; met: boolean | null }>;
    };

const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;
const wallNow = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------------
// Measuring one target

type LoadChild = ChildHandle<{ pid: number }> & { onWindow?: ((edge: 'start' | 'end') => void) | undefined };

async function startLoad(): Promise<LoadChild> {
  const holder: { child?: LoadChild } = {};
  const child: LoadChild = await startChild<{ pid: number }>('webhook load', lib('webhook-load.child.ts'), null, {
    onEvent: (name) => {
      if (name === 'window-start') holder.child?.onWindow?.('start');
      if (name === 'window-end') holder.child?.onWindow?.('end');
    },
  });
  holder.child = child;
  return child;
}

const job = (label: string, origin: string, tag: string): WebhookLoadJob => ({
  label,
  origin,
  path: WEBHOOK_PATH,
  appSecret: APP_SECRET,
  phoneNumberId: PHONE_NUMBER_ID,
  tag,
  customers: SETTINGS.customers,
  connections: SETTINGS.connections,
  warmupSeconds: SETTINGS.warmup_s,
  seconds: SETTINGS.seconds,
  redeliveryEvery: SETTINGS.redelivery_every,
  timeoutMs: SETTINGS.request_timeout_ms,
});

async function measure(loadgen: LoadChild, target: Measured['target'], proc: ChildHandle<unknown>, extra: Record<string, PidSource>, j: WebhookLoadJob): Promise<Measured> {
  const meter = meterWindow({ loadgen: loadgen.pid, [target]: proc.pid, ...extra }, [proc]);
  loadgen.onWindow = meter.onWindow;
  let load: WebhookLoadResult;
  try {
    load = await loadgen.call<WebhookLoadResult>('run', j);
  } finally {
    loadgen.onWindow = undefined;
  }
  const { cpu, elus, load_average } = await meter.result(j.label);
  const w = load.window;
  const m: Measured = {
    target,
    messages_per_s: w.ok_per_s,
    new_messages_per_s: w.new_messages_ok_per_s,
    p50_ms: w.latency_ms.p50,
    p99_ms: w.latency_ms.p99,
    load,
    cpu,
    event_loop_utilization: elus[0]!,
    load_average,
  };
  const bad = load.whole_run.non200 + load.whole_run.errors;
  log(
    `  ${target}: ${m.messages_per_s} messages/s (${m.new_messages_per_s} new), p50 ${m.p50_ms} ms, p99 ${m.p99_ms} ms; ` +
      `${load.whole_run.unique_sent} unique + ${load.whole_run.redeliveries_sent} redeliveries sent${bad ? `, ${load.whole_run.non200} non-200, ${load.whole_run.errors} errors` : ''}; ` +
      `cores ${JSON.stringify(cpu.cores)}, machine ${cpu.machine_busy_pct}% busy (other ${cpu.other_busy_pct}%), ELU ${m.event_loop_utilization}`,
  );
  if (load.sample_error) log(`    first non-200: ${load.sample_error.status} ${load.sample_error.body.slice(0, 300)}`);
  if (load.sample_error_message) log(`    first error: ${load.sample_error_message}`);
  return m;
}

// ---------------------------------------------------------------------------------------------------------------
// The server: setup, drain, fan-out

type ServerChild = ChildHandle<{ url: string; pid: number; driver: string }>;

/** A tenant (as the platform admin creates it), its WhatsApp inbox, and an agent's API key. */
async function setupTenant(base: string): Promise<{ tenantId: string; agentKey: string }> {
  const login = await api(base, 'POST', '/api/v1/auth/login', null, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  expectStatus('admin login', login, 200);
  const admin = String(login.body.access_token);
  const tenant = await api(base, 'POST', '/api/v1/tenants', admin, tenantInput(RUT_BASE.http + 1));
  expectStatus('creating the tenant', tenant, 201);
  const tenantId = String(tenant.body.id);
  const inbox = await api(base, 'POST', `/api/v1/chat/inboxes?tenant_id=${tenantId}`, admin, {
    channel_type: 'whatsapp',
    name: 'WhatsApp ventas',
    config: { phone_number_id: PHONE_NUMBER_ID, waba_id: '204900000000009', access_token: 'EAAG-bench-access-token-000001', app_secret: APP_SECRET, verify_token: 'verify-bench-chat-2026-xyz' },
  });
  expectStatus('connecting the inbox', inbox, 201);
  const key = await api(base, 'POST', `/api/v1/tenants/${tenantId}/api-keys`, admin, { name: 'bench agent', role: 'agent' });
  expectStatus('creating the agent API key', key, 201);
  return { tenantId, agentKey: String(key.body.key) };
}

async function postSigned(base: string, raw: string): Promise<{ status: number; body: string; answeredAt: number }> {
  const res = await fetch(`${base}${WEBHOOK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(raw, APP_SECRET) }, body: raw });
  const body = await res.text();
  return { status: res.status, body, answeredAt: wallNow() };
}

/** Waits (bounded) until every receipt of the tag has processed_at; answers the last counts and how long it took. */
async function drain(server: ServerChild, tenantId: string, tag: string): Promise<{ drained: boolean; ms: number; counts: ChatCounts }> {
  const t0 = performance.now();
  let counts = await server.call<ChatCounts>('counts', { tenantId, tag });
  let lastLog = t0;
  while (counts.unprocessed > 0 && performance.now() - t0 < SETTINGS.drain_budget_ms) {
    await sleep(250);
    counts = await server.call<ChatCounts>('counts', { tenantId, tag });
    if (performance.now() - lastLog > 5000) {
      lastLog = performance.now();
      log(`  draining: ${counts.unprocessed} of ${counts.receipts} receipts not processed yet`);
    }
  }
  return { drained: counts.unprocessed === 0, ms: Math.round(performance.now() - t0), counts };
}

/** A CPU profile of the server over a stretch of the same load (the profiler slows it: not counted), then a drain. */
async function profileServer(loadgen: LoadChild, server: ServerChild, tenantId: string, tag: string): Promise<ProfileSummary> {
  const file = join(os.tmpdir(), `smarteros-bench-chat-${process.pid}.cpuprofile`);
  const removeFile = onCleanup(async () => rmSync(file, { force: true }));
  try {
    await server.call('profileStart');
    const load = await loadgen.call<WebhookLoadResult>('run', { ...job('smarteros, profiled', server.info.url, tag), warmupSeconds: 0, seconds: SETTINGS.profile_seconds });
    await server.call('profileStop', { path: file });
    const summary = summarizeProfile(file, { requests: load.whole_run.completed });
    log(`  profiled: ${load.window.ok_per_s} messages/s with the profiler on, ${summary.busy_us_per_request} us of server CPU per request (its relay included)`);
    for (const e of summary.self_by_owner.slice(0, 12)) log(`    ${String(e.pct).padStart(5)}%  ${String(e.us_per_request).padStart(7)} us/req  ${e.name}`);
    const drained = await drain(server, tenantId, tag);
    log(`  the profiled stretch drained in ${drained.ms} ms${drained.drained ? '' : ` (INCOMPLETE: ${drained.counts.unprocessed} left)`}`);
    return { ...summary, file: '(deleted after the run)' };
  } finally {
    await removeFile();
  }
}

async function fanout(driver: Driver, server: ServerChild, agentKey: string, tag: string): Promise<Fanout> {
  const n = SETTINGS.fanout.streams;
  log(`  fan-out: opening ${n} agent streams`);
  const clients = await startChild<{ pid: number }>('sse clients', lib('sse-clients.child.ts'), null);
  const stopClients = onCleanup(() => clients.stop());
  try {
    const opened = await clients.call<{ open: number; failed: number; first_failure: string | null; ms: number }>('open', {
      url: `${server.info.url}/api/v1/chat/stream`,
      key: agentKey,
      n,
      batch: SETTINGS.fanout.open_batch,
    });
    log(`  ${opened.open} streams open in ${opened.ms} ms${opened.failed ? `, ${opened.failed} failed (${opened.first_failure})` : ''}`);
    // Let the streams settle (the last ones' follow() calls) before the message.
    await sleep(500);
    const wamid = wamidOf(`${tag}f`, 0);
    const posted = await postSigned(server.info.url, textDelivery(PHONE_NUMBER_ID, wamid, 0, 'Hola, alguien me puede atender?'));
    if (posted.status !== 200) throw new Error(`the fan-out message was answered ${posted.status}: ${posted.body}`);
    const got = await clients.call<{ open: number; arrivals: Array<{ at: number; created_at: string }> }>('arrivals', { wamid, expected: opened.open, timeoutMs: SETTINGS.fanout.wait_ms });
    const deltas = got.arrivals.map((a) => a.at - posted.answeredAt).sort((a, b) => a - b);
    const untilIngest = got.arrivals.map((a) => new Date(a.created_at).getTime() - posted.answeredAt).sort((a, b) => a - b);
    const ingestToStream = got.arrivals.map((a) => a.at - new Date(a.created_at).getTime()).sort((a, b) => a - b);
    const result: Fanout = {
      driver,
      streams_asked: n,
      streams_open: opened.open,
      open_ms: opened.ms,
      first_open_failure: opened.first_failure,
      received: got.arrivals.length,
      latency_ms: {
        p50: round(percentile(deltas, 50)),
        p95: round(percentile(deltas, 95)),
        max: round(deltas[deltas.length - 1] ?? Number.NaN),
        min: round(deltas[0] ?? Number.NaN),
      },
      until_ingest_started_ms: round(percentile(untilIngest, 50)),
      ingest_to_stream_ms: { p50: round(percentile(ingestToStream, 50)), max: round(ingestToStream[ingestToStream.length - 1] ?? Number.NaN) },
      outbox_poll_ms: SETTINGS.outbox_poll_ms ?? 1000,
    };
    log(
      `  fan-out: ${result.received}/${n} received; from the 200: p50 ${result.latency_ms.p50} ms, p95 ${result.latency_ms.p95} ms, max ${result.latency_ms.max} ms ` +
        `(until the ingest transaction started ${result.until_ingest_started_ms} ms; from there to the streams p50 ${result.ingest_to_stream_ms.p50} ms)`,
    );
    return result;
  } finally {
    await stopClients();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// One driver: the floor, then the server

async function benchDriver(driver: Driver, loadgen: LoadChild): Promise<DriverRow> {
  log(`=== ${driver} ===`);
  const tag = `B${process.pid}${driver === 'postgres' ? 'pg' : 'pl'}`;
  let serverDb: ScratchDatabase | undefined;
  let floorDb: ScratchDatabase | undefined;
  if (driver === 'postgres') {
    const a = await scratchDatabaseOrSkip(DATABASE_URL, log);
    if ('skipped' in a) return { driver, status: 'skipped', reason: a.skipped };
    serverDb = a.scratch;
  }
  const dropServerDb = onCleanup(async () => serverDb?.drop());
  const dirs: string[] = [];
  const removeDirs = onCleanup(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = (what: string) => {
    const d = mkdtempSync(join(os.tmpdir(), `smarteros-bench-chat-${what}-`));
    dirs.push(d);
    return d;
  };
  const closers: Array<() => Promise<void>> = [];
  try {
    // The floor, alone.
    if (driver === 'postgres') {
      const b = await scratchDatabaseOrSkip(DATABASE_URL, log);
      if ('skipped' in b) throw new Error(b.skipped);
      floorDb = b.scratch;
    }
    const dropFloorDb = onCleanup(async () => floorDb?.drop());
    closers.push(dropFloorDb);
    const floorProc = await startChild<{ url: string; pid: number }>(
      'floor',
      lib('chat-floor.child.ts'),
      floorDb ? { databaseUrl: floorDb.url, appSecret: APP_SECRET, poolMax: SETTINGS.pool_max } : { dataDir: tempDir('floor'), appSecret: APP_SECRET, poolMax: SETTINGS.pool_max },
    );
    const stopFloor = onCleanup(() => floorProc.stop());
    closers.push(stopFloor);
    const floorGroups: Record<string, PidSource> = {};
    if (floorDb) closers.push(await watchDatabaseProcesses(floorDb, floorGroups, onCleanup));
    log(`floor ${floorProc.info.url}: ${SETTINGS.warmup_s} s warm-up + ${SETTINGS.seconds} s`);
    const floorMeasured = await measure(loadgen, 'floor', floorProc, floorGroups, job(`floor, ${driver}`, floorProc.info.url, `${tag}x`));
    const floorRows = await floorProc.call<number>('rows');
    const floor = { ...floorMeasured, rows_inserted: floorRows };
    for (const c of closers.splice(0).reverse()) await c();

    // The server.
    const dataDir = tempDir('server');
    const env: Record<string, string> = {
      ...(serverDb ? { DATABASE_URL: serverDb.url, REDIS_URL } : {}),
      ...(SETTINGS.outbox_poll_ms !== null ? { SMARTEROS_OUTBOX_POLL_MS: String(SETTINGS.outbox_poll_ms) } : {}),
    };
    const server: ServerChild = await startChild('chat server', lib('chat-server.child.ts'), { dataDir, env }, { readyTimeoutMs: 120_000 });
    const stopServer = onCleanup(() => server.stop());
    closers.push(stopServer);
    const { tenantId, agentKey } = await setupTenant(server.info.url);
    const check = await postSigned(server.info.url, textDelivery(PHONE_NUMBER_ID, wamidOf(`${tag}c`, 0), 1, 'hola'));
    if (check.status !== 200) throw new Error(`a signed webhook was answered ${check.status}: ${check.body}`);
    const unsigned = await fetch(`${server.info.url}${WEBHOOK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' }, body: '{}' });
    await unsigned.text();
    if (unsigned.status !== 401) throw new Error(`a badly signed webhook was answered ${unsigned.status}`);
    const serverGroups: Record<string, PidSource> = {};
    if (serverDb) closers.push(await watchDatabaseProcesses(serverDb, serverGroups, onCleanup));
    log(`SmarterOS ${server.info.url} (tenant ${tenantId}): ${SETTINGS.warmup_s} s warm-up + ${SETTINGS.seconds} s`);
    const t0 = performance.now();
    const ours = await measure(loadgen, 'smarteros', server, serverGroups, job(`smarteros, ${driver}`, server.info.url, tag));
    const drained = await drain(server, tenantId, tag);
    const totalMs = performance.now() - t0;
    const k = drained.counts;
    const w = ours.load.whole_run;
    const correctness: Correctness = {
      unique_sent: w.unique_sent,
      unique_accepted: w.unique_accepted,
      redeliveries_sent: w.redeliveries_sent,
      non200: w.non200,
      status_counts: w.status_counts,
      connection_errors: w.errors,
      sample_error: ours.load.sample_error,
      sample_error_message: ours.load.sample_error_message,
      drained: drained.drained,
      drain_ms: drained.ms,
      counts: k,
      lost: w.unique_sent - k.distinct_wamids,
      duplicates: k.message_rows - k.distinct_wamids,
      unknown_wamid_stored: k.max_n !== null && k.max_n >= w.unique_sent,
      receipts_processed_per_s: round((k.receipts - k.unprocessed) / (totalMs / 1000), 1),
    };
    log(
      `  drained ${drained.drained ? 'completely' : `INCOMPLETELY (${k.unprocessed} receipts left)`} ${drained.ms} ms after the load; ` +
        `${w.unique_sent} unique wamids sent, ${k.distinct_wamids} stored in ${k.message_rows} rows: lost ${correctness.lost}, duplicates ${correctness.duplicates}; ` +
        `${k.receipts} receipts, deliveries ${JSON.stringify(k.ingest_deliveries)}`,
    );
    const profile = PROFILE_DRIVERS.includes(driver) && SETTINGS.profile_seconds > 0 ? await profileServer(loadgen, server, tenantId, `${tag}p`) : null;
    const fan = FANOUT_DRIVERS.includes(driver) ? await fanout(driver, server, agentKey, tag) : null;
    for (const c of closers.splice(0).reverse()) await c();

    const ratio = floor.messages_per_s > 0 ? round(ours.messages_per_s / floor.messages_per_s) : 0;
    const targets: Extract<DriverRow, { status: 'ok' }>['targets'] = {
      messages_per_s: driver === 'postgres'
        ? { target: `>= ${TARGETS.postgres_messages_per_s_min} messages/s on PostgreSQL`, value: ours.messages_per_s, met: ours.messages_per_s >= TARGETS.postgres_messages_per_s_min }
        : { target: `>= ${TARGETS.postgres_messages_per_s_min} messages/s (a PostgreSQL target; shown for scale)`, value: ours.messages_per_s, met: null },
      over_floor: { target: `>= ${TARGETS.over_floor_min} x the floor`, value: ratio, met: ratio >= TARGETS.over_floor_min },
      p99: { target: `p99 < ${TARGETS.p99_ms_max} ms`, value: ours.p99_ms, met: ours.p99_ms < TARGETS.p99_ms_max },
      lost: { target: '0 lost', value: correctness.lost, met: correctness.drained && correctness.lost === TARGETS.lost },
      duplicates: { target: '0 duplicates', value: correctness.duplicates, met: correctness.duplicates === TARGETS.duplicates && !correctness.unknown_wamid_stored },
      ...(fan
        ? {
            fanout_p95: { target: `fan-out p95 < ${TARGETS.fanout_p95_ms_max} ms`, value: fan.latency_ms.p95, met: fan.latency_ms.p95 < TARGETS.fanout_p95_ms_max },
            fanout_received: { target: `all ${fan.streams_asked} streams receive it`, value: fan.received, met: fan.received === fan.streams_asked },
          }
        : {}),
    };
    return {
      driver,
      status: 'ok',
      database: serverDb
        ? { driver: 'postgres', version: serverDb.server.version, settings: serverDb.server.settings, scratch_databases: 'two (server, floor), created for the run, dropped afterwards', redis: new URL(REDIS_URL).host }
        : { driver: 'pglite', data_dirs: 'fresh temp dirs (server, floor), deleted afterwards' },
      floor,
      smarteros: ours,
      ratio_over_floor: ratio,
      correctness,
      profile,
      fanout: fan,
      targets,
    };
  } catch (err) {
    log(`${driver} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { driver, status: 'failed', reason: err instanceof Error ? err.message : String(err) };
  } finally {
    for (const c of closers.reverse()) await c().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
    await removeDirs();
    await dropServerDb().catch((err: unknown) => log(`dropping the database failed: ${String(err)}`));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Output

const fmt = (v: number | null | undefined, digits = 1): string => (v == null || Number.isNaN(v) ? 'n/a' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
/**
 * CPU per 200 answer of the window, ms: the target's process with its database (PostgreSQL backends and Redis, or
 * PGlite inside the process). Less sensitive to other work on the machine than messages/s, which can land on one
 * target's window and not on another's.
 */
const cpuPerMessageMs = (x: Measured): number => {
  const ms = x.cpu.cpu_ms;
  return x.load.window.ok ? ((ms[x.target] ?? 0) + (ms.postgres ?? 0) + (ms.redis ?? 0)) / x.load.window.ok : Number.NaN;
};
const verdict = (x: { met: boolean | null }): string => (x.met === null ? 'no target' : x.met ? 'met' : '**missed**');

interface Report {
  machine: ReturnType<typeof describeMachine> & { busy_before_start_pct: number | null };
  drivers: DriverRow[];
}

function markdown(report: Report): string {
  const m = report.machine;
  const lines = [
    '# Chat benchmark',
    '',
    `${m.date}; ${m.cpus} x ${m.cpu_model}, ${m.total_memory_gib} GiB, Node ${m.node}; load average ${m.load_average_start.join(' / ')} at the start, ${m.load_average_end.join(' / ')} at the end ` +
      `(other work shares this machine; it kept it ${fmt(m.busy_before_start_pct, 0)}% busy just before the run).`,
    '',
    `Signed WhatsApp webhooks (one text message each) from ${SETTINGS.connections} keep-alive connections, closed loop, loopback; 1 request in ${SETTINGS.redelivery_every} a redelivery of a body already sent ` +
      `(same bytes, same signature), the others new wamids from ${SETTINGS.customers} customers. ${SETTINGS.warmup_s} s warm-up + ${SETTINGS.seconds} s measured per target; ` +
      'the load generator, the target, PostgreSQL and Redis share the two cores. messages/s counts the 200 answers of the window (redeliveries included: each is a request the intake must answer); latency from the request sent to the whole answer read, in ms.',
    '',
    '| driver | target | messages/s | new wamids/s | p50 | p99 | non-200 | errors | CPU ms per message | cores busy (window) | other work | ELU |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
  ];
  const cores = (x: Measured) =>
    Object.entries(x.cpu.cores)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  for (const d of report.drivers) {
    if (d.status !== 'ok') {
      lines.push(`| ${d.driver} | ${d.status}: ${d.reason.replace(/\|/g, '/').slice(0, 200)} | | | | | | | | | | |`);
      continue;
    }
    for (const [name, x] of [['floor (Fastify + HMAC + one insert)', d.floor], ['SmarterOS intake', d.smarteros]] as const) {
      lines.push(
        `| ${d.driver} | ${name} | ${fmt(x.messages_per_s, 0)} | ${fmt(x.new_messages_per_s, 0)} | ${fmt(x.p50_ms, 2)} | ${fmt(x.p99_ms, 2)} | ${x.load.whole_run.non200} | ${x.load.whole_run.errors} | ${fmt(cpuPerMessageMs(x), 2)} | ${cores(x)} | ${fmt(x.cpu.other_busy_pct, 0)}% | ${x.event_loop_utilization} |`,
      );
    }
  }
  const noisy = report.drivers.flatMap((d) =>
    d.status === 'ok' ? [d.floor, d.smarteros].filter((x) => (x.cpu.other_busy_pct ?? 0) > NOISY_OTHER_BUSY_PCT).map((x) => `${d.driver} ${x.target} ${x.cpu.other_busy_pct}%`) : [],
  );
  lines.push('');
  for (const d of report.drivers) {
    if (d.status !== 'ok') continue;
    lines.push(
      `- ${d.driver}: SmarterOS / floor = ${fmt(d.ratio_over_floor, 2)} in messages/s; ${fmt(cpuPerMessageMs(d.floor) / cpuPerMessageMs(d.smarteros), 2)} from CPU per message ` +
        "(what the messages/s ratio would be with the same cores for each; the server's figure includes its relay processing chat.ingest during the window).",
    );
  }
  if (noisy.length) lines.push('', `Note: other work kept the machine busy during these windows (${noisy.join(', ')}): their figures are lower than on a quiet machine, and the ratio of messages/s compares windows that other work slowed by different amounts; CPU per message is less sensitive to it.`);
  lines.push('', '## Correctness (after the drain, counted by SQL)', '', '| driver | unique sent | redeliveries | stored wamids | rows | lost | duplicates | receipts | drained in | receipts processed/s | non-200 by status |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const d of report.drivers) {
    if (d.status !== 'ok') continue;
    const k = d.correctness;
    lines.push(
      `| ${d.driver} | ${k.unique_sent} | ${k.redeliveries_sent} | ${k.counts.distinct_wamids} | ${k.counts.message_rows} | ${k.lost} | ${k.duplicates} | ${k.counts.receipts} | ` +
        `${k.drained ? `${fmt(k.drain_ms / 1000, 1)} s` : `**not drained** (${k.counts.unprocessed} left)`} | ${fmt(k.receipts_processed_per_s, 0)} | ${k.non200 + k.connection_errors === 0 ? 'none' : JSON.stringify({ ...k.status_counts, errors: k.connection_errors })} |`,
    );
  }
  lines.push(
    '',
    'lost = unique wamids sent - distinct wamids stored; duplicates = chat_messages rows - distinct wamids stored. Drained: every webhook receipt has processed_at (the server\'s own outbox relay, chat.ingest). ' +
      'receipts processed/s: from the first request to the end of the drain.',
  );
  const fans = report.drivers.flatMap((d) => (d.status === 'ok' && d.fanout ? [d.fanout] : []));
  if (fans.length) {
    lines.push('', '## Fan-out', '', '| driver | streams open | received | p50 ms | p95 ms | max ms | until ingest started (p50) | ingest to stream p50 / max |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const f of fans) {
      lines.push(
        `| ${f.driver} | ${f.streams_open} / ${f.streams_asked} | ${f.received} | ${fmt(f.latency_ms.p50, 1)} | ${fmt(f.latency_ms.p95, 1)} | ${fmt(f.latency_ms.max, 1)} | ${fmt(f.until_ingest_started_ms, 1)} | ${fmt(f.ingest_to_stream_ms.p50, 1)} / ${fmt(f.ingest_to_stream_ms.max, 1)} |`,
      );
    }
    lines.push(
      '',
      `Agent screens follow GET /api/v1/chat/stream (fetch, an agent API key) in a process of their own; one signed message is posted and timed from its 200 to each stream's message.created. ` +
        `"Until ingest started" is the chat_events row's created_at (the start of the ingest transaction) minus the 200: the wait for the outbox relay, whose dispatcher polls every ${fans[0]!.outbox_poll_ms} ms (SMARTEROS_OUTBOX_POLL_MS, ${SETTINGS.outbox_poll_ms === null ? "left at the server's default" : 'set by BENCH_CHAT_OUTBOX_POLL_MS'}).`,
    );
  }
  for (const d of report.drivers) {
    if (d.status !== 'ok' || !d.profile) continue;
    const p = d.profile;
    lines.push(
      '',
      `## Where the server's CPU goes (${d.driver})`,
      '',
      `A CPU profile of the server over ${SETTINGS.profile_seconds} s more of the same load (not counted above): ${fmt(p.busy_us_per_request, 0)} us of CPU per request, its outbox relay (chat.ingest) included. ` +
        'Self time charged to the nearest package or file on the stack:',
      '',
      '| owner | share | us/request |',
      '| --- | ---: | ---: |',
      ...p.self_by_owner.filter((e) => e.name !== '(idle)').slice(0, 12).map((e) => `| ${e.name} | ${fmt(e.pct)}% | ${fmt(e.us_per_request)} |`),
    );
  }
  lines.push('', '## Targets', '');
  for (const d of report.drivers) {
    if (d.status !== 'ok') continue;
    const byCpu = cpuPerMessageMs(d.floor) / cpuPerMessageMs(d.smarteros);
    lines.push(
      `- ${d.driver}: ${Object.values(d.targets).map((t) => `${t.target}: ${typeof t.value === 'number' ? fmt(t.value, Number.isInteger(t.value) ? 0 : 2) : 'n/a'} (${verdict(t)})`).join('; ')}. ` +
        `From CPU per message the ratio to the floor is ${fmt(byCpu, 2)} (${byCpu >= TARGETS.over_floor_min ? 'would meet' : 'would miss'} ${TARGETS.over_floor_min}).`,
    );
  }
  const pg = report.drivers.find((d) => d.driver === 'postgres' && d.status === 'ok') as Extract<DriverRow, { status: 'ok' }> | undefined;
  const perDay = ANCHOR.conversations_per_day * ANCHOR.assumed_inbound_messages_per_conversation;
  lines.push(
    '',
    `Anchor for scale: ${ANCHOR.chatwoot}. ` +
      (pg
        ? `At ${fmt(pg.smarteros.messages_per_s, 0)} messages/s on these 2 cores, a day of such a shop (${ANCHOR.conversations_per_day.toLocaleString('en-US')} conversations x ${ANCHOR.assumed_inbound_messages_per_conversation} inbound messages, our assumption: ${perDay.toLocaleString('en-US')} webhooks) is taken in ${fmt(perDay / pg.smarteros.messages_per_s / 60, 1)} minutes of full load, ` +
          `and processed into conversations in ${fmt(perDay / pg.correctness.receipts_processed_per_s / 60, 1)} minutes at the relay's ${fmt(pg.correctness.receipts_processed_per_s, 0)} receipts/s of this run.`
        : ''),
    '',
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const machine = { ...describeMachine(), busy_before_start_pct: await machineBusyPct() };
  log(
    `chat benchmark: ${SETTINGS.connections} connections, ${SETTINGS.warmup_s} s + ${SETTINGS.seconds} s per target, drivers ${DRIVERS.join(', ')}, fan-out on ${FANOUT_DRIVERS.join(', ') || 'none'} ` +
      `(${SETTINGS.fanout.streams} streams); load average ${machine.load_average_start.join(' ')}, machine ${machine.busy_before_start_pct}% busy before the start`,
  );
  const loadgen = await startLoad();
  const stopLoadgen = onCleanup(() => loadgen.stop());
  const drivers: DriverRow[] = [];
  for (const driver of DRIVERS) drivers.push(await benchDriver(driver, loadgen));
  await stopLoadgen();
  machine.load_average_end = loadAverage();
  const report = {
    benchmark: 'chat',
    machine,
    settings: SETTINGS,
    targets: TARGETS,
    anchor: ANCHOR,
    drivers,
    duration_s: Math.round(performance.now() - startedAt) / 1000,
  };
  writeResults('chat', report, markdown(report), log);
  for (const d of drivers) {
    if (d.status !== 'ok') continue;
    const missed = Object.values(d.targets).filter((t) => t.met === false).map((t) => t.target);
    log(`${d.driver}: ${d.smarteros.messages_per_s} messages/s, ${d.ratio_over_floor} x the floor (${d.floor.messages_per_s}/s), p99 ${d.smarteros.p99_ms} ms; targets missed: ${missed.length ? missed.join('; ') : 'none'}`);
  }
  const failed = drivers.some((d) => d.status === 'failed');
  const incorrect = drivers.some((d) => d.status === 'ok' && (d.correctness.lost !== 0 || d.correctness.duplicates !== 0 || !d.correctness.drained));
  if (incorrect) log('messages were lost or stored twice, or the drain did not finish: see correctness in the results');
  process.exitCode = failed || incorrect ? 1 : 0;
}

if (process.env.BENCH_CHAT_RENDER) {
  // Re-renders bench/results/chat.md from a saved report (no load, nothing started).
  const saved = JSON.parse(readFileSync(process.env.BENCH_CHAT_RENDER, 'utf8')) as Report;
  writeFileSync(new URL('./results/chat.md', import.meta.url), markdown(saved));
  log(`bench/results/chat.md re-rendered from ${process.env.BENCH_CHAT_RENDER}`);
} else {
  await runMain(main);
}
