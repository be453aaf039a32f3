/**
 * The API gateway benchmark (`npm run bench:gateway`).
 *
 * One upstream, a bare node:http JSON server (GET /orders?status=paid answers two orders, only with the tenant's API
 * key), and in front of it, each in its own process, measured in the same run with the same load generator (autocannon
 * in a process of its own, 50 connections, loopback):
 *   (a) the upstream called directly;
 *   (b) @fastify/http-proxy with only the upstream option;
 *   (c) a twenty-line node:http + undici Pool proxy (bench/lib/undici-proxy.child.ts), no features;
 *   (d) the SmarterOS gateway: the real server in a child process, POST /api/v1/capabilities/orders.search/invoke with
 *       a JWT: auth, capability lookup (cached), input validation, credential injection from the vault, the token-bucket
 *       rate limits (limits high enough never to refuse, so they are checked but never bite), the upstream call through
 *       the egress-guarded undici Pool, output validation and a request-log row. On PostgreSQL (a fresh database, dropped
 *       afterwards) with Redis, and on embedded PGlite with the in-memory limiter.
 * Phase 1, closed loop: requests/s, p50 and p99 of each, and d/b, d/c. Phase 2, fixed rate at half of c's measured
 * throughput: p50 and p99 of c and d, and d.p99 - c.p99. Correctness: every answer of (d) is counted by status, and
 * after the run the request log (GET /api/v1/gateway/summary, and a count in PostgreSQL) must hold one row per call
 * sent to (d), and the upstream must have served each of them with the injected key.
 * CPU profiles of the gateway process and of (c) are taken over separate short stretches of load after the measurements
 * (BENCH_PROFILE=0 skips them).
 * Progress goes to stderr; stdout gets one JSON document, also written to bench/results/gateway.json, with a markdown
 * table in bench/results/gateway.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startChild, type ChildHandle } from './lib/child.ts';
import { summarizeProfile, type ProfileSummary } from './lib/cpuprofile.ts';
import { startLoadGenerator, type HttpLoadJob, type HttpLoadResult, type LoadGenerator } from './lib/http-load.ts';
import { scratchDatabaseOrSkip, type ScratchDatabase } from './lib/postgres.ts';
import { type PidSource, type ProcessCpu } from './lib/proc-cpu.ts';
import { describeMachine, driversFromEnv, loadAverage, machineBusyPct, startRun, writeResults } from './lib/run.ts';
import { meterWindow } from './lib/window-meter.ts';
import { api, API_KEY, expectStatus, lib, serverEnv, setupTenantWithUpstream, watchDatabaseProcesses } from './lib/tenant-setup.ts';

// ---------------------------------------------------------------------------------------------------------------
// Settings

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
type GatewayDriver = 'postgres' | 'pglite';
const GATEWAY_DRIVERS: GatewayDriver[] = driversFromEnv(process.env.BENCH_GATEWAY_DRIVERS, 'postgres,pglite');

const SETTINGS = {
  connections: 50,
  /** Phase 1: closed loop, a warm-up then a measured window, one continuous run per target. */
  /**
   * Warm-ups differ by target: each is measured at its steady state. The gateway is a large program and V8 takes a
   * while to optimize it: under closed-loop load a fresh server answered 1,700-2,000 req/s over its first 7 s,
   * 2,400-2,800 from 8 to 18 s and 3,000-3,500 from 19 s on (a 40 s probe on a quiet machine, with its CPU flat at one
   * core throughout), so a 3 s warm-up would measure its start-up. The proxies level off within a few seconds.
   */
  throughput: { seconds: 10, warmup_s: { upstream: 3, proxy: 5, gateway: 20 } },
  /** Phase 2: fixed rate at this fraction of c's measured requests/s. */
  fixed_rate: { fraction_of_c: 0.5, warmup_s: 2, seconds: 10 },
  /** Gateway rows measured at the fixed rate too (the PGlite row is throughput only, to keep the run near 3 minutes). */
  fixed_rate_drivers: (process.env.BENCH_FIXED_RATE_DRIVERS ?? 'postgres').split(',').map((d) => d.trim()),
  /** A CPU profile of the gateway process (PostgreSQL row) over a separate closed-loop stretch; 0 disables it. */
  profile_seconds: process.env.BENCH_PROFILE === '0' ? 0 : 4,
  /**
   * Also c and d (PostgreSQL row) at half of d's own closed-loop requests/s: a load d can carry, so the difference of
   * the latencies is the gateway's work per call and not saturation (when d cannot reach half of c's rate).
   */
  half_of_d_rate: { warmup_s: 2, seconds: 8 },
  /** High enough never to refuse: the limiter is checked (a Redis round trip) on every call. */
  rate_limits_per_minute: 10_000_000,
  capability: 'orders.search',
  invoke_input: { status: 'paid' },
} as const;

const TARGETS = { d_over_b_min: 1.0, d_over_c_min: 0.7, half_rate_p99_delta_ms_max: 2 } as const;
const ANCHOR = {
  kong_throughput_kept_with_rate_limiting_and_key_auth_pct: 76,
  note: "Kong's published benchmark: throughput with the rate-limiting and key-auth plugins on, against Kong with no plugins",
} as const;
/** Above this share of the machine used by other work during a window, the report says its figures are depressed. */
const NOISY_OTHER_BUSY_PCT = 15;
/** The whole run stops by itself after this long, cleaning up what it created. */
const WATCHDOG_MS = 5 * 60_000;

// ---------------------------------------------------------------------------------------------------------------
// Progress, cleanup, watchdog

const { startedAt, log, onCleanup, main: runMain } = startRun({ watchdogMs: WATCHDOG_MS, hardExitMs: 20_000 });

// ---------------------------------------------------------------------------------------------------------------
// Report shapes

interface Measured {
  target: string;
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  load: HttpLoadResult;
  cpu: ProcessCpu;
  /** CPU microseconds per answered request of each process group over the window (robust to a busy machine). */
  cpu_us_per_request: Record<string, number>;
  /** The machine's load averages when the window started. */
  load_average: number[];
  /** Event-loop utilization of the measured process(es) over the window: 1 means never idle, the process is the limit. */
  event_loop_utilization: Record<string, number>;
  /** The window's wall-clock bounds (ISO), to read the gateway's request log over exactly the window. */
  window_at: { from: string; to: string };
  /** (d) only: the window as the gateway's request log saw it (GET /api/v1/gateway/summary?from&to): time inside gateway.invoke. */
  server_side?: { calls: number; p50_ms: number | null; p95_ms: number | null };
  /** What the upstream served during this run (warm-up included), by outcome. */
  upstream_served: { ok: number; unauthorized: number; not_found: number };
}

interface GatewayCorrectness {
  /** Calls sent to (d): the setup's check call plus every request the load generator wrote. */
  calls_sent: number;
  calls_answered: number;
  in_flight_at_stop: number;
  non2xx: number;
  status_counts: Record<string, number>;
  connection_errors: number;
  body_mismatches: number;
  sample_error: { status: number; body: string } | null;
  sample_error_message: string | null;
  /** Rows of the request log: GET /api/v1/gateway/summary (calls), and a count in PostgreSQL. */
  request_log_rows_api: number;
  request_log_rows_sql: number | null;
  /** Upstream calls the gateway made with the injected key, and without it (must be 0). */
  upstream_ok: number;
  upstream_unauthorized: number;
  all_200: boolean;
  nothing_lost: boolean;
}

type GatewayRow =
  | { driver: GatewayDriver; status: 'skipped' | 'failed'; reason: string }
  | {
      driver: GatewayDriver;
      status: 'ok';
      database: Record<string, unknown>;
      rate_limiter: string;
      setup_ms: number;
      throughput: Measured;
      fixed_rate: Measured | null;
      ratios: { d_over_a: number; d_over_b: number; d_over_c: number };
      /**
       * The same ratios from CPU per request of the proxy's and the gateway's own process (closed loop): what the
       * requests/s ratios would be if each had the same share of a core. Less sensitive to other work on the machine,
       * which can land on one target's window and not on another's.
       */
      cpu_ratios: { d_over_b: number; d_over_c: number };
      half_rate_p99_delta_ms: number | null;
      /** c and d at half of d's closed-loop rate (PostgreSQL row). */
      at_half_of_d: { rate: number; c: Measured; d: Measured; p99_delta_ms: number; p50_delta_ms: number } | null;
      correctness: GatewayCorrectness;
      profile: ProfileSummary | null;
      targets: Record<string, { target: string; value: number | null; met: boolean | null }>;
    };

const round = (v: number, digits = 3): number => Math.round(v * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------------------------
// Measuring one target

interface Target {
  name: string;
  /** The processes doing the work (CPU accounting and event-loop utilization). */
  processes: Array<ChildHandle<unknown>>;
  /** Extra pid groups for CPU accounting (PostgreSQL backends, Redis). */
  extraPids?: Record<string, PidSource>;
}

async function measure(loadgen: LoadGenerator, upstream: ChildHandle<unknown>, target: Target, job: HttpLoadJob): Promise<Measured> {
  const before = await upstream.call<Measured['upstream_served']>('counts');
  const groups: Record<string, PidSource> = { loadgen: loadgen.pid };
  for (const p of target.processes) groups[p.name] = p.pid;
  Object.assign(groups, target.extraPids ?? {});
  const windowMeter = meterWindow(groups, target.processes);
  const load = await loadgen.run(job, windowMeter.onWindow);
  const { cpu, elus, load_average, window_at } = await windowMeter.result(job.label);
  // Answers cut off by the stop may still be on their way through the proxies.
  await new Promise((r) => setTimeout(r, 300));
  const after = await upstream.call<Measured['upstream_served']>('counts');
  const l = load.window;
  return {
    target: target.name,
    requests_per_s: l.per_s,
    p50_ms: l.latency_ms.p50,
    p99_ms: l.latency_ms.p99,
    load,
    cpu,
    cpu_us_per_request: Object.fromEntries(Object.entries(cpu.cpu_ms).map(([k, ms]) => [k, l.completed ? Math.round((ms * 1000) / l.completed) : 0])),
    load_average,
    window_at,
    event_loop_utilization: Object.fromEntries(target.processes.map((p, i) => [p.name, elus[i]!])),
    upstream_served: { ok: after.ok - before.ok, unauthorized: after.unauthorized - before.unauthorized, not_found: after.not_found - before.not_found },
  };
}

/** A CPU profile of one process over a closed-loop stretch of `job` (not counted in the figures: the profiler slows it). */
async function profileUnderLoad(loadgen: LoadGenerator, proc: ChildHandle<unknown>, job: HttpLoadJob, name: string): Promise<{ load: HttpLoadResult; summary: ProfileSummary }> {
  const file = join(os.tmpdir(), `smarteros-bench-${name}-${process.pid}.cpuprofile`);
  await proc.call('profileStart');
  const load = await loadgen.run({ ...job, label: `${job.label}, profiled`, warmupSeconds: 0, seconds: SETTINGS.profile_seconds });
  await proc.call('profileStop', { path: file });
  const summary = summarizeProfile(file, { requests: load.whole_run.completed + load.whole_run.in_flight_at_stop });
  log(`  profiled ${name}: ${load.window.per_s} req/s with the profiler on, ${summary.busy_us_per_request} us of CPU per request; profile in ${file}`);
  for (const e of summary.self_by_owner.slice(0, 10)) log(`    ${String(e.pct).padStart(5)}%  ${String(e.us_per_request).padStart(6)} us/req  ${e.name}`);
  return { load, summary };
}

function describe(m: Measured): string {
  const w = m.load.window;
  const bad = w.non2xx + m.load.whole_run.errors + w.body_mismatches;
  const cores = Object.entries(m.cpu.cores)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return (
    `${m.requests_per_s} req/s, p50 ${m.p50_ms} ms, p99 ${m.p99_ms} ms${bad ? `, ${w.non2xx} non-2xx / ${m.load.whole_run.errors} errors / ${w.body_mismatches} wrong bodies` : ''}; ` +
    `${m.server_side ? `in the server (request log) p50 ${m.server_side.p50_ms} ms, p95 ${m.server_side.p95_ms} ms; ` : ''}` +
    `cores: ${cores}; CPU us/request: ${JSON.stringify(m.cpu_us_per_request)}; machine ${m.cpu.machine_busy_pct}% busy (other ${m.cpu.other_busy_pct}%); ELU ${JSON.stringify(m.event_loop_utilization)}`
  );
}

const upstreamJob = (label: string, baseUrl: string, warmupSeconds: number = SETTINGS.throughput.warmup_s.proxy): HttpLoadJob => ({
  label,
  url: `${baseUrl}/orders?status=paid`,
  method: 'GET',
  headers: { 'x-api-key': API_KEY },
  connections: SETTINGS.connections,
  seconds: SETTINGS.throughput.seconds,
  expectInBody: ['"total":2'],
  warmupSeconds,
});

const gatewayJob = (label: string, baseUrl: string, token: string): HttpLoadJob => ({
  label,
  url: `${baseUrl}/api/v1/capabilities/${SETTINGS.capability}/invoke`,
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify(SETTINGS.invoke_input),
  connections: SETTINGS.connections,
  warmupSeconds: SETTINGS.throughput.warmup_s.gateway,
  seconds: SETTINGS.throughput.seconds,
  expectInBody: ['"capability":"orders.search"', '"total":2'],
});

const atRate = (job: HttpLoadJob, rate: number, timing: { warmup_s: number; seconds: number } = SETTINGS.fixed_rate): HttpLoadJob => ({
  ...job,
  label: `${job.label} at ${rate}/s`,
  rate,
  warmupSeconds: timing.warmup_s,
  seconds: timing.seconds,
});

/** The gateway's own view of a window: calls and percentiles of its latency_ms (time inside gateway.invoke). */
async function serverSide(baseUrl: string, token: string, m: Measured): Promise<void> {
  const q = new URLSearchParams({ from: m.window_at.from, to: m.window_at.to });
  const res = await api(baseUrl, 'GET', `/api/v1/gateway/summary?${q}`, token);
  expectStatus('the request-log summary of a window', res, 200);
  const item = (res.body.items as Array<{ capability_name: string; calls: number; p50_ms: number | null; p95_ms: number | null }>).find((i) => i.capability_name === SETTINGS.capability);
  m.server_side = { calls: item?.calls ?? 0, p50_ms: item?.p50_ms ?? null, p95_ms: item?.p95_ms ?? null };
}

// ---------------------------------------------------------------------------------------------------------------
// One gateway row

interface Peers {
  loadgen: LoadGenerator;
  upstream: ChildHandle<{ url: string }>;
  a: Measured;
  b: Measured;
  c: Measured;
  undiciProxy: ChildHandle<{ url: string }>;
  /** c at the fixed rate, measured once (beside the first gateway row) and compared with every row. */
  cAtRate?: Measured;
  cProfile?: ProfileSummary;
  /** Upstream calls made by the peers while a gateway row was being measured (they carry the key too). */
  upstreamServedForPeers: number;
}

async function benchGateway(driver: GatewayDriver, peers: Peers): Promise<GatewayRow> {
  log(`=== (d) SmarterOS gateway on ${driver} ===`);
  const setupStart = performance.now();
  let scratch: ScratchDatabase | undefined;
  if (driver === 'postgres') {
    const opened = await scratchDatabaseOrSkip(DATABASE_URL, log);
    if ('skipped' in opened) return { driver, status: 'skipped', reason: opened.skipped };
    scratch = opened.scratch;
  }
  const dropDatabase = scratch ? onCleanup(scratch.drop) : async () => {};
  const dataDir = mkdtempSync(join(os.tmpdir(), `smarteros-bench-gateway-${driver}-`));
  const removeDataDir = onCleanup(async () => rmSync(dataDir, { recursive: true, force: true }));
  let stopServer: () => Promise<void> = async () => {};
  let closeMonitor: () => Promise<void> = async () => {};
  let sqlClient: pg.Client | undefined;
  try {
    const env = serverEnv(SETTINGS.rate_limits_per_minute, scratch, REDIS_URL);
    const server = await startChild<{ url: string; pid: number }>('gateway', lib('gateway-server.child.ts'), { dataDir, env }, { readyTimeoutMs: 90_000 });
    stopServer = onCleanup(() => server.stop());
    const base = server.info.url;
    log(`server at ${base} (pid ${server.pid})`);

    // A tenant (as the platform admin would create it), an owner's access token, the provider with its credential,
    // its OpenAPI document and one exposed capability.
    const { tenantId, token } = await setupTenantWithUpstream(server, peers.upstream.info.url, SETTINGS.capability);
    const upstreamAtStart = await peers.upstream.call<Measured['upstream_served']>('counts');
    const peersServedAtStart = peers.upstreamServedForPeers;
    const check = await api(base, 'POST', `/api/v1/capabilities/${SETTINGS.capability}/invoke`, token, SETTINGS.invoke_input);
    expectStatus('the first call of the capability', check, 200);
    if ((check.body.body as { total?: number } | undefined)?.total !== 2) throw new Error(`the first call answered ${JSON.stringify(check.body)}`);
    const setupMs = Math.round(performance.now() - setupStart);

    const extraPids: Record<string, PidSource> = {};
    if (scratch) closeMonitor = await watchDatabaseProcesses(scratch, extraPids, onCleanup);
    const target: Target = { name: 'gateway', processes: [server as ChildHandle<unknown>, peers.upstream as ChildHandle<unknown>], extraPids };
    const job = gatewayJob(`(d) gateway ${driver}`, base, token);
    const loads: HttpLoadResult[] = [];

    log(`(d) ${driver}: closed loop, ${SETTINGS.connections} connections, ${SETTINGS.throughput.warmup_s.gateway} s warm-up + ${SETTINGS.throughput.seconds} s`);
    const throughput = await measure(peers.loadgen, peers.upstream, target, job);
    loads.push(throughput.load);
    await serverSide(base, token, throughput);
    log(`  ${describe(throughput)}`);

    const rate = Math.max(1, Math.round(peers.c.requests_per_s * SETTINGS.fixed_rate.fraction_of_c));
    if (!peers.cAtRate && SETTINGS.fixed_rate_drivers.includes(driver)) {
      log(`(c) undici proxy at a fixed ${rate} req/s (half of its measured throughput)`);
      peers.cAtRate = await measure(peers.loadgen, peers.upstream, { name: 'undici-proxy', processes: [peers.undiciProxy as ChildHandle<unknown>, peers.upstream as ChildHandle<unknown>] }, atRate(upstreamJob('(c) undici proxy', peers.undiciProxy.info.url), rate));
      log(`  ${describe(peers.cAtRate)}`);
      peers.upstreamServedForPeers += peers.cAtRate.upstream_served.ok;
    }
    let fixedRate: Measured | null = null;
    if (SETTINGS.fixed_rate_drivers.includes(driver)) {
      log(`(d) ${driver} at a fixed ${rate} req/s`);
      fixedRate = await measure(peers.loadgen, peers.upstream, target, atRate(job, rate));
      loads.push(fixedRate.load);
      await serverSide(base, token, fixedRate);
      log(`  ${describe(fixedRate)}`);
    }

    let atHalfOfD: (GatewayRow & { status: 'ok' })['at_half_of_d'] = null;
    if (SETTINGS.half_of_d_rate.seconds > 0 && driver === 'postgres') {
      const low = Math.max(1, Math.round(throughput.requests_per_s / 2));
      log(`(c) and (d) ${driver} at a fixed ${low} req/s (half of d's measured throughput)`);
      const before = await peers.upstream.call<Measured['upstream_served']>('counts');
      const cLow = await measure(peers.loadgen, peers.upstream, { name: 'undici-proxy', processes: [peers.undiciProxy as ChildHandle<unknown>, peers.upstream as ChildHandle<unknown>] }, atRate(upstreamJob('(c) undici proxy', peers.undiciProxy.info.url), low, SETTINGS.half_of_d_rate));
      peers.upstreamServedForPeers += (await peers.upstream.call<Measured['upstream_served']>('counts')).ok - before.ok;
      log(`  (c) ${describe(cLow)}`);
      const dLow = await measure(peers.loadgen, peers.upstream, target, atRate(job, low, SETTINGS.half_of_d_rate));
      loads.push(dLow.load);
      await serverSide(base, token, dLow);
      log(`  (d) ${describe(dLow)}`);
      atHalfOfD = { rate: low, c: cLow, d: dLow, p99_delta_ms: Math.round((dLow.p99_ms - cLow.p99_ms) * 100) / 100, p50_delta_ms: Math.round((dLow.p50_ms - cLow.p50_ms) * 100) / 100 };
    }

    let profile: ProfileSummary | null = null;
    if (SETTINGS.profile_seconds > 0 && driver === 'postgres') {
      log(`CPU profiles over ${SETTINGS.profile_seconds} s of closed-loop load each (not counted in the figures): the gateway, then (c) for comparison`);
      const d = await profileUnderLoad(peers.loadgen, server as ChildHandle<unknown>, job, 'gateway');
      loads.push(d.load);
      profile = d.summary;
      const cJob = upstreamJob('(c) undici proxy', peers.undiciProxy.info.url);
      const before = await peers.upstream.call<Measured['upstream_served']>('counts');
      peers.cProfile = (await profileUnderLoad(peers.loadgen, peers.undiciProxy as ChildHandle<unknown>, cJob, 'undici-proxy')).summary;
      await new Promise((r) => setTimeout(r, 300));
      peers.upstreamServedForPeers += (await peers.upstream.call<Measured['upstream_served']>('counts')).ok - before.ok;
    }

    // Correctness: every call answered 200 and logged once, every upstream call carried the key.
    await new Promise((r) => setTimeout(r, 500));
    const summary = await api(base, 'GET', '/api/v1/gateway/summary', token);
    expectStatus('the request-log summary', summary, 200);
    let sqlRows: number | null = null;
    if (scratch) {
      sqlClient = new pg.Client({ connectionString: scratch.url, application_name: 'smarteros-bench' });
      await sqlClient.connect();
      sqlRows = Number((await sqlClient.query<{ n: string }>('select count(*) as n from gateway_requests where tenant_id = $1', [tenantId])).rows[0]!.n);
    }
    const upstreamAtEnd = await peers.upstream.call<Measured['upstream_served']>('counts');
    const statusCounts: Record<string, number> = { '200': 1 };
    let answered = 1;
    let inFlight = 0;
    let sent = 1;
    let errors = 0;
    let mismatches = 0;
    let sampleError: GatewayCorrectness['sample_error'] = null;
    let sampleMessage: string | null = null;
    for (const l of loads) {
      const w = l.whole_run;
      sent += w.sent;
      answered += w.completed;
      inFlight += w.in_flight_at_stop;
      errors += w.errors;
      mismatches += w.body_mismatches;
      for (const [k, v] of Object.entries(w.status_counts)) statusCounts[k] = (statusCounts[k] ?? 0) + v;
      sampleError ??= l.sample_error;
      sampleMessage ??= l.sample_error_message;
    }
    const non2xx = Object.entries(statusCounts).reduce((a, [k, v]) => a + (k === '200' ? 0 : v), 0);
    const logRowsApi = Number(summary.body.calls);
    const upstreamOk = upstreamAtEnd.ok - upstreamAtStart.ok - (peers.upstreamServedForPeers - peersServedAtStart);
    const correctness: GatewayCorrectness = {
      calls_sent: sent,
      calls_answered: answered,
      in_flight_at_stop: inFlight,
      non2xx,
      status_counts: statusCounts,
      connection_errors: errors,
      body_mismatches: mismatches,
      sample_error: sampleError,
      sample_error_message: sampleMessage,
      request_log_rows_api: logRowsApi,
      request_log_rows_sql: sqlRows,
      upstream_ok: upstreamOk,
      upstream_unauthorized: upstreamAtEnd.unauthorized - upstreamAtStart.unauthorized,
      all_200: non2xx === 0 && errors === 0 && mismatches === 0,
      nothing_lost: logRowsApi === sent && (sqlRows === null || sqlRows === sent) && upstreamOk === sent,
    };
    log(
      `correctness: ${sent} calls sent (${answered} answered, ${inFlight} in flight at the stops), non-2xx ${non2xx}, errors ${errors}, wrong bodies ${mismatches}; ` +
        `request log ${logRowsApi} rows (API)${sqlRows === null ? '' : `, ${sqlRows} (SQL)`}; upstream served ${upstreamOk} with the key, ${correctness.upstream_unauthorized} without`,
    );
    if (sampleError) log(`  sample error answer (${sampleError.status}): ${sampleError.body}`);
    if (sampleMessage) log(`  sample connection error: ${sampleMessage}`);

    const c = peers.cAtRate;
    const ratios = {
      d_over_a: round(throughput.requests_per_s / peers.a.requests_per_s),
      d_over_b: round(throughput.requests_per_s / peers.b.requests_per_s),
      d_over_c: round(throughput.requests_per_s / peers.c.requests_per_s),
    };
    const delta = fixedRate && c ? Math.round((fixedRate.p99_ms - c.p99_ms) * 100) / 100 : null;
    const gatewayUs = throughput.cpu_us_per_request.gateway ?? 0;
    const cpuRatios = {
      d_over_b: gatewayUs ? round((peers.b.cpu_us_per_request['fastify-proxy'] ?? 0) / gatewayUs) : 0,
      d_over_c: gatewayUs ? round((peers.c.cpu_us_per_request['undici-proxy'] ?? 0) / gatewayUs) : 0,
    };
    return {
      driver,
      status: 'ok',
      database: scratch
        ? { driver: 'postgres', version: scratch.server.version, settings: scratch.server.settings, scratch_database: 'created for the run, dropped afterwards' }
        : { driver: 'pglite', data_dir: 'fresh temp dir (deleted afterwards)' },
      rate_limiter: scratch ? `Redis (${new URL(REDIS_URL).host})` : 'in memory',
      setup_ms: setupMs,
      throughput,
      fixed_rate: fixedRate,
      ratios,
      cpu_ratios: cpuRatios,
      half_rate_p99_delta_ms: delta,
      at_half_of_d: atHalfOfD,
      correctness,
      profile,
      targets: {
        d_over_b: { target: `d >= ${TARGETS.d_over_b_min} x b (requests/s)`, value: ratios.d_over_b, met: ratios.d_over_b >= TARGETS.d_over_b_min },
        d_over_c: { target: `d >= ${TARGETS.d_over_c_min} x c (requests/s)`, value: ratios.d_over_c, met: ratios.d_over_c >= TARGETS.d_over_c_min },
        half_rate_p99_delta: {
          target: `at half of c's rate, d.p99 - c.p99 <= ${TARGETS.half_rate_p99_delta_ms_max} ms`,
          value: delta,
          met: delta === null ? null : delta <= TARGETS.half_rate_p99_delta_ms_max,
        },
      },
    };
  } catch (err) {
    log(`(d) ${driver} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { driver, status: 'failed', reason: err instanceof Error ? err.message : String(err) };
  } finally {
    await sqlClient?.end().catch(() => {});
    await closeMonitor().catch(() => {});
    await stopServer().catch((err: unknown) => log(`stopping the gateway failed: ${String(err)}`));
    await removeDataDir();
    await dropDatabase().catch((err: unknown) => log(`dropping the database failed: ${String(err)}`));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Output

const fmt = (v: number | null | undefined, digits = 1): string => (v == null || Number.isNaN(v) ? 'n/a' : v.toFixed(digits));

interface Report {
  machine: Record<string, unknown>;
  peers: { a_upstream_direct: Measured; b_fastify_http_proxy: Measured; c_undici_proxy: Measured; c_undici_proxy_at_half_rate: Measured | null };
  gateway: GatewayRow[];
  profile_c_undici_proxy: ProfileSummary | null;
}

function markdown(report: Report): string {
  const m = report.machine;
  const { a_upstream_direct: a, b_fastify_http_proxy: b, c_undici_proxy: c, c_undici_proxy_at_half_rate: cRate } = report.peers;
  const lines = [
    '# Gateway benchmark',
    '',
    `${String(m.date)}; ${String(m.cpus)} x ${String(m.cpu_model)}, Node ${String(m.node)}; load average ${JSON.stringify(m.load_average_start)} at the start, ${JSON.stringify(m.load_average_end)} at the end; ` +
      `other work kept the machine ${String(m.busy_before_start_pct)}% busy just before the run.`,
    `autocannon in its own process, ${SETTINGS.connections} connections, loopback; each target in its own process. Closed loop: a warm-up (upstream ${SETTINGS.throughput.warmup_s.upstream} s, ` +
      `proxies ${SETTINGS.throughput.warmup_s.proxy} s, gateway ${SETTINGS.throughput.warmup_s.gateway} s: a fresh gateway needs about 20 s of load to reach its steady speed) + ${SETTINGS.throughput.seconds} s measured.`,
    `Fixed rate: ${SETTINGS.fixed_rate.fraction_of_c * 100}% of c's requests/s, ${SETTINGS.fixed_rate.warmup_s} s warm-up + ${SETTINGS.fixed_rate.seconds} s. Latencies in ms. The load generator, the upstream and the target share the machine's cores.`,
    '',
    '| target | requests/s | p50 | p99 | vs b | vs c | at half of c: p50 | p99 | p99 - c.p99 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const peerRow = (name: string, x: Measured, rate?: Measured | null) =>
    `| ${name} | ${fmt(x.requests_per_s, 0)} | ${fmt(x.p50_ms, 2)} | ${fmt(x.p99_ms, 2)} | ${fmt(x.requests_per_s / b.requests_per_s, 2)} | ${fmt(x.requests_per_s / c.requests_per_s, 2)} | ` +
    `${rate ? fmt(rate.p50_ms, 2) : ''} | ${rate ? fmt(rate.p99_ms, 2) : ''} | ${rate ? '0.00' : ''} |`;
  lines.push(peerRow('(a) upstream, direct', a), peerRow('(b) @fastify/http-proxy', b), peerRow('(c) node:http + undici Pool', c, cRate));
  for (const g of report.gateway) {
    const name = `(d) SmarterOS gateway, ${g.driver}${g.driver === 'postgres' ? ' + Redis' : ''}`;
    if (g.status !== 'ok') {
      lines.push(`| ${name} | ${g.status}: ${g.reason.replace(/\|/g, '/')} | | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${name} | ${fmt(g.throughput.requests_per_s, 0)} | ${fmt(g.throughput.p50_ms, 2)} | ${fmt(g.throughput.p99_ms, 2)} | ${fmt(g.ratios.d_over_b, 2)} | ${fmt(g.ratios.d_over_c, 2)} | ` +
        `${g.fixed_rate ? fmt(g.fixed_rate.p50_ms, 2) : 'not run'} | ${g.fixed_rate ? fmt(g.fixed_rate.p99_ms, 2) : ''} | ${g.fixed_rate ? fmt(g.half_rate_p99_delta_ms, 2) : ''} |`,
    );
  }
  lines.push(
    '',
    `Targets: d >= ${TARGETS.d_over_b_min} x b and d >= ${TARGETS.d_over_c_min} x c in requests/s; at half of c's rate, d.p99 at most ${TARGETS.half_rate_p99_delta_ms_max} ms above c.p99. ` +
      `Anchor: Kong keeps ${ANCHOR.kong_throughput_kept_with_rate_limiting_and_key_auth_pct}% of its throughput with rate limiting and key-auth on.`,
  );
  for (const g of report.gateway) {
    if (g.status !== 'ok') continue;
    const t = g.targets;
    const verdict = (x: { met: boolean | null }) => (x.met === null ? 'not measured' : x.met ? 'met' : 'missed');
    lines.push(
      `- ${g.driver}: d/b ${fmt(t.d_over_b!.value, 2)} (${verdict(t.d_over_b!)}), d/c ${fmt(t.d_over_c!.value, 2)} (${verdict(t.d_over_c!)}), ` +
        `p99 at half rate ${t.half_rate_p99_delta!.value === null ? 'n/a' : `+${fmt(t.half_rate_p99_delta!.value, 2)} ms`} (${verdict(t.half_rate_p99_delta!)}). ` +
        `From CPU per request (same share of a core each): d/b ${fmt(g.cpu_ratios.d_over_b, 2)}, d/c ${fmt(g.cpu_ratios.d_over_c, 2)}.`,
    );
    const k = g.correctness;
    lines.push(
      `  Correctness: ${k.calls_sent} calls sent, ${k.non2xx} non-2xx, ${k.connection_errors} connection errors, ${k.body_mismatches} wrong bodies; ` +
        `request log ${k.request_log_rows_api} rows${k.request_log_rows_sql === null ? '' : ` (SQL ${k.request_log_rows_sql})`}; upstream served ${k.upstream_ok} with the injected key ` +
        `(${k.all_200 && k.nothing_lost ? 'all 200, nothing lost' : 'MISMATCH'}).`,
    );
    const ss = (x: Measured | undefined) => (x?.server_side ? `p50 ${fmt(x.server_side.p50_ms, 2)} / p95 ${fmt(x.server_side.p95_ms, 2)} ms` : 'n/a');
    lines.push(
      `  Time inside gateway.invoke (its request log's latency_ms: lookup, limit, validation, credential, upstream call; not HTTP parsing, JWT check or the answer's serialization): closed loop ${ss(g.throughput)}; at half of c's rate ${ss(g.fixed_rate ?? undefined)}` +
        `${g.at_half_of_d ? `; at half of d's rate ${ss(g.at_half_of_d.d)}` : ''}.`,
    );
    for (const [phase, x] of [['closed loop', g.throughput], ['fixed rate', g.fixed_rate]] as const) {
      if (!x) continue;
      const other = x.cpu.other_busy_pct;
      if (other !== null && other > NOISY_OTHER_BUSY_PCT) lines.push(`  - note: other work kept ${other}% of the machine busy during the ${phase} window; its figures are lower than on a quiet machine`);
    }
  }
  const cpuLine = (name: string, x: Measured) =>
    `| ${name} | ${Object.entries(x.cpu.cores)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} | ${fmt(x.cpu.machine_busy_pct, 0)}% | ${fmt(x.cpu.other_busy_pct, 0)}% | ${Object.entries(x.event_loop_utilization)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} |`;
  lines.push('', 'Where the cores went during each closed-loop window (cores busy on average; ELU: event-loop utilization of the target):', '', '| target | cores | machine busy | other | ELU |', '| --- | --- | ---: | ---: | --- |');
  lines.push(cpuLine('(a)', a), cpuLine('(b)', b), cpuLine('(c)', c));
  for (const g of report.gateway) if (g.status === 'ok') lines.push(cpuLine(`(d) ${g.driver}`, g.throughput));

  lines.push('', 'CPU per request (closed loop, microseconds of CPU per answered request, by process):', '', '| target | us/request |', '| --- | --- |');
  const perReq = (name: string, x: Measured) =>
    `| ${name} | ${Object.entries(x.cpu_us_per_request)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} |`;
  lines.push(perReq('(a)', a), perReq('(b)', b), perReq('(c)', c));
  for (const g of report.gateway) if (g.status === 'ok') lines.push(perReq(`(d) ${g.driver}`, g.throughput));

  for (const g of report.gateway) {
    if (g.status !== 'ok' || !g.at_half_of_d) continue;
    const h = g.at_half_of_d;
    lines.push(
      '',
      `At half of d's own rate (${h.rate} req/s, a load the gateway carries; ${g.driver}): (c) p50 ${fmt(h.c.p50_ms, 2)}, p99 ${fmt(h.c.p99_ms, 2)}; ` +
        `(d) p50 ${fmt(h.d.p50_ms, 2)}, p99 ${fmt(h.d.p99_ms, 2)}; d - c: p50 ${fmt(h.p50_delta_ms, 2)} ms, p99 ${fmt(h.p99_delta_ms, 2)} ms (achieved ${fmt(h.c.requests_per_s, 0)} and ${fmt(h.d.requests_per_s, 0)} req/s).`,
    );
  }
  lines.push('', `Fixed rate: target ${cRate?.load.rate_target ?? 'n/a'} req/s; achieved: (c) ${fmt(cRate?.requests_per_s, 0)}` + report.gateway.map((g) => (g.status === 'ok' && g.fixed_rate ? `, (d) ${g.driver} ${fmt(g.fixed_rate.requests_per_s, 0)}` : '')).join('') + ' req/s. A target that cannot reach the rate is saturated and its latencies are those of saturation.');

  let dProfile: ProfileSummary | null = null;
  for (const g of report.gateway) if (g.status === 'ok' && g.profile) dProfile ??= g.profile;
  if (dProfile) {
    const cp = report.profile_c_undici_proxy;
    lines.push(
      '',
      `CPU profile of the gateway process (${fmt(dProfile.busy_us_per_request, 0)} us of CPU per request with the profiler on${cp ? `; (c): ${fmt(cp.busy_us_per_request, 0)} us` : ''}), ` +
        'self time charged to the nearest package or file on the stack:',
      '',
      '| owner | share | us/request |',
      '| --- | ---: | ---: |',
    );
    for (const e of dProfile.self_by_owner.filter((x) => x.name !== '(idle)').slice(0, 15)) lines.push(`| ${e.name} | ${fmt(e.pct)}% | ${fmt(e.us_per_request)} |`);
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const machine = {
    ...describeMachine(),
    /** Busy share of all cores over 2 s before anything of this benchmark started: other work. */
    busy_before_start_pct: await machineBusyPct(),
  };
  log(
    `gateway benchmark: ${SETTINGS.connections} connections; gateway on ${GATEWAY_DRIVERS.join(', ')}; load average ${machine.load_average_start.join(' ')}, ` +
      `machine ${machine.busy_before_start_pct}% busy before the start`,
  );

  const loadgen = await startLoadGenerator();
  const stopLoadgen = onCleanup(() => loadgen.stop());
  const upstream = await startChild<{ url: string }>('upstream', lib('upstream.child.ts'), { apiKey: API_KEY });
  const stopUpstream = onCleanup(() => upstream.stop());
  const [fastifyProxy, undiciProxy] = await Promise.all([
    startChild<{ url: string }>('fastify-proxy', lib('fastify-proxy.child.ts'), { upstream: upstream.info.url }),
    startChild<{ url: string }>('undici-proxy', lib('undici-proxy.child.ts'), { upstream: upstream.info.url }),
  ]);
  const stopFastify = onCleanup(() => fastifyProxy.stop());
  const stopUndici = onCleanup(() => undiciProxy.stop());
  for (const [name, url] of [['upstream', upstream.info.url], ['@fastify/http-proxy', fastifyProxy.info.url], ['undici proxy', undiciProxy.info.url]] as const) {
    const res = await fetch(`${url}/orders?status=paid`, { headers: { 'x-api-key': API_KEY } });
    const body = (await res.json()) as { total?: number };
    if (res.status !== 200 || body.total !== 2) throw new Error(`${name} answered ${res.status} ${JSON.stringify(body)}`);
  }
  log(`upstream ${upstream.info.url}, @fastify/http-proxy ${fastifyProxy.info.url}, undici proxy ${undiciProxy.info.url}, load generator pid ${loadgen.pid}`);

  const t = SETTINGS.throughput;
  log(`(a) upstream directly: closed loop, ${t.warmup_s.upstream} s warm-up + ${t.seconds} s`);
  const a = await measure(loadgen, upstream, { name: 'upstream', processes: [upstream as ChildHandle<unknown>] }, upstreamJob('(a) upstream direct', upstream.info.url, t.warmup_s.upstream));
  log(`  ${describe(a)}`);
  log(`(b) @fastify/http-proxy: ${t.warmup_s.proxy} s warm-up + ${t.seconds} s`);
  const b = await measure(loadgen, upstream, { name: 'fastify-proxy', processes: [fastifyProxy as ChildHandle<unknown>, upstream as ChildHandle<unknown>] }, upstreamJob('(b) @fastify/http-proxy', fastifyProxy.info.url));
  log(`  ${describe(b)}`);
  await stopFastify();
  log(`(c) node:http + undici Pool proxy: ${t.warmup_s.proxy} s warm-up + ${t.seconds} s`);
  const c = await measure(loadgen, upstream, { name: 'undici-proxy', processes: [undiciProxy as ChildHandle<unknown>, upstream as ChildHandle<unknown>] }, upstreamJob('(c) undici proxy', undiciProxy.info.url));
  log(`  ${describe(c)}`);

  const peers: Peers = { loadgen, upstream, a, b, c, undiciProxy, upstreamServedForPeers: 0 };
  const gateway: GatewayRow[] = [];
  for (const driver of GATEWAY_DRIVERS) gateway.push(await benchGateway(driver, peers));

  await stopUndici();
  await stopUpstream();
  await stopLoadgen();
  machine.load_average_end = loadAverage();

  const report = {
    benchmark: 'gateway',
    machine,
    settings: SETTINGS,
    targets: TARGETS,
    anchor: ANCHOR,
    peers: { a_upstream_direct: a, b_fastify_http_proxy: b, c_undici_proxy: c, c_undici_proxy_at_half_rate: peers.cAtRate ?? null },
    gateway,
    profile_c_undici_proxy: peers.cProfile ?? null,
    duration_s: Math.round(performance.now() - startedAt) / 1000,
  };
  writeResults('gateway', report, markdown(report), log);
  for (const g of gateway) {
    if (g.status !== 'ok') continue;
    log(
      `(d) ${g.driver}: ${g.throughput.requests_per_s} req/s, d/b ${g.ratios.d_over_b}, d/c ${g.ratios.d_over_c}` +
        `${g.half_rate_p99_delta_ms === null ? '' : `, half-rate p99 delta ${g.half_rate_p99_delta_ms} ms`}; from CPU per request: d/b ${g.cpu_ratios.d_over_b}, d/c ${g.cpu_ratios.d_over_c}`,
    );
  }

  const failed = gateway.some((g) => g.status === 'failed');
  const incorrect = gateway.some((g) => g.status === 'ok' && !(g.correctness.all_200 && g.correctness.nothing_lost));
  if (incorrect) log('the gateway lost calls or answered something other than 200: see correctness in the results');
  process.exitCode = failed || incorrect ? 1 : 0;
}

await runMain(main);
