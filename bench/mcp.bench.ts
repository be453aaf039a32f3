/**
 * The MCP benchmark (`npm run bench:mcp`).
 *
 * One upstream, a bare node:http JSON server on loopback (bench/lib/upstream.child.ts: GET /orders?status=paid answers
 * two orders, only with the tenant's API key), registered by a tenant as one read capability (orders.search). The
 * SmarterOS server runs in its own process (bench/lib/mcp-server.child.ts) on PostgreSQL + Redis (a fresh database,
 * dropped afterwards) and, when time allows, on embedded PGlite with the in-memory limiter. The caller holds an owner's
 * JWT (verified once, then remembered by the server; an API key would cost a lookup per call). Gateway rate limits and
 * the tenant's MCP calls_per_minute are set high enough never to refuse: they are checked on every call.
 *
 * The same capability is called two ways, by one load generator in its own process (bench/lib/mcp-load.child.ts,
 * undici Clients, one connection each):
 *   REST  POST /api/v1/capabilities/orders.search/invoke
 *   MCP   tools/call over Streamable HTTP at /mcp, in an initialized session (JSON answers: enableJsonResponse)
 * (1) Latency at low concurrency: one call at a time, REST and MCP alternating on one connection each, a warm-up then
 *     2,000 measured calls of each; p50 and p99 of each, the added latency MCP - REST at p50 and p99 (target: at most
 *     1 ms at p50), and the median of the paired differences.
 * (2) Throughput: 50 concurrent loops for REST (50 connections), then for MCP (50 sessions opened first, each loop
 *     keeping its own session and connection), each a warm-up then a measured window; calls/s, p50, p99, CPU per call.
 * Correctness: every answer is checked (REST 200 with the upstream's body; MCP a JSON-RPC result, no isError, the
 * upstream's body in structuredContent); after the run the MCP audit (mcp_invocations) must hold one row per tools/call
 * made, the gateway's request log one row per call of either kind (by source), and the upstream must have served each.
 * Server-side split: p50 of the audit's duration_ms (time inside the MCP module's callTool) and of the request log's
 * latency_ms (time inside gateway.invoke) over the sequential window.
 * CPU profiles of the server (PostgreSQL row) over separate stretches of sequential and concurrent REST and MCP calls,
 * compared per call by owner (BENCH_PROFILE=0 skips them).
 * Progress goes to stderr; stdout gets one JSON document, also written to bench/results/mcp.json, with a markdown
 * table in bench/results/mcp.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startChild, type ChildHandle } from './lib/child.ts';
import { startMcpLoadGenerator, type CallKind, type KindCounts, type LoopJob, type LoopResult, type McpLoadGenerator, type SequentialResult, type SetupResult } from './lib/mcp-load.ts';
import { compareProfiles, type ProfileComparison } from './lib/profile-compare.ts';
import { scratchDatabaseOrSkip, type ScratchDatabase } from './lib/postgres.ts';
import { type PidSource, type ProcessCpu } from './lib/proc-cpu.ts';
import { describeMachine, driversFromEnv, loadAverage, machineBusyPct, startRun, writeResults } from './lib/run.ts';
import { api, API_KEY, expectStatus, lib, serverEnv, setupTenantWithUpstream, watchDatabaseProcesses } from './lib/tenant-setup.ts';
import { meterWindow } from './lib/window-meter.ts';

// ---------------------------------------------------------------------------------------------------------------
// Settings

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
type Driver = 'postgres' | 'pglite';
const DRIVERS: Driver[] = driversFromEnv(process.env.BENCH_MCP_DRIVERS, 'postgres,pglite');

const SETTINGS = {
  capability: 'orders.search',
  invoke_input: { status: 'paid' },
  /** What the upstream answers (and so what REST's body and MCP's structuredContent.body must be). */
  upstream_body: {
    items: [
      { id: 1, status: 'paid', total: 15990, customer_rut: '76.086.428-5' },
      { id: 2, status: 'paid', total: 4990, customer_rut: '12.345.678-5' },
    ],
    total: 2,
  },
  sessions: 50,
  rest_connections: 50,
  /**
   * Mixed REST + MCP load (25 loops each) before anything is measured: the server is a large program and V8 takes a
   * while to optimize it (bench:gateway found ~20 s of closed-loop load to its steady speed; both kinds share the
   * gateway path, so each warms the other's).
   */
  warmup_s: { postgres: 15, pglite: 10 } as Record<Driver, number>,
  /** (1) Sequential: one call at a time, REST and MCP alternating. */
  sequential: { warmup_pairs: 300, pairs: 2000 },
  /** (2) Closed loop, 50 loops, per kind: a warm-up then a measured window. */
  throughput: { loops: 50, warmup_s: 3, seconds: 10 },
  /** CPU profiles of the server (PostgreSQL row) per kind, sequential and at 50 loops; 0 disables them. */
  profile_seconds: process.env.BENCH_PROFILE === '0' ? 0 : 4,
  /** The V8 sampling interval of those profiles. */
  profile_interval_us: { sequential: 500, concurrent: 200 },
  /** High enough never to refuse: the limiters are checked on every call. */
  gateway_rate_limits_per_minute: 10_000_000,
  /** The tenant's MCP policy calls_per_minute (the schema's maximum). */
  mcp_calls_per_minute: 1_000_000,
  credential: 'JWT (an owner access token: verified once, then remembered by the server until it expires)',
} as const;

const TARGETS = { added_p50_ms_max: 1 } as const;
/** Above this share of the machine used by other work during a window, the report says its figures are depressed. */
const NOISY_OTHER_BUSY_PCT = 15;
/** The whole run stops by itself after this long, cleaning up what it created. */
const WATCHDOG_MS = 5 * 60_000;

// ---------------------------------------------------------------------------------------------------------------
// Progress, cleanup, watchdog

const { startedAt, log, onCleanup, main: runMain } = startRun({ watchdogMs: WATCHDOG_MS, hardExitMs: 20_000 });

const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------------------------
// Report shapes

interface Window {
  cpu: ProcessCpu;
  /** CPU microseconds per call of each process group over the window. */
  cpu_us_per_call: Record<string, number>;
  load_average: number[];
  /** Event-loop utilization of the server over the window (1: never idle, the server is the limit). */
  server_elu: number;
  window_at: { from: string; to: string };
}

interface ServerSide {
  /** The MCP audit's duration_ms: time inside the mcp module's callTool (policy, limiter, gateway.invoke, redaction). */
  mcp_call_tool_ms: { calls: number; p50: number | null; p99: number | null };
  /** The request log's latency_ms by source: time inside gateway.invoke. */
  gateway_invoke_ms: Record<string, { calls: number; p50: number | null; p99: number | null }>;
}

interface Correctness {
  /** Calls made by the load generator, by kind (all answered: its loops stop after the call in flight), plus the setup's REST check (the setup's first calls of each kind included). */
  calls: Record<CallKind, KindCounts>;
  /** MCP audit rows of the tenant: SQL count (through the server's own database handle), by outcome. */
  mcp_audit_rows: number;
  mcp_audit_outcomes: Record<string, number>;
  /** PostgreSQL only: the same count over a separate connection. */
  mcp_audit_rows_pg: number | null;
  /** The newest audit row as GET /api/v1/tenants/:id/mcp/invocations?limit=1 shows it. */
  mcp_audit_api_newest: Record<string, unknown> | null;
  /** Request-log rows by source (api: REST, mcp: tools/call). */
  request_log_rows: Record<string, number>;
  request_log_rows_pg: Record<string, number> | null;
  /** GET /api/v1/gateway/summary: calls of the capability (both sources). */
  request_log_summary_calls: number;
  upstream_served: { ok: number; unauthorized: number; not_found: number };
  all_correct: boolean;
  nothing_lost: boolean;
}

type Row =
  | { driver: Driver; status: 'skipped' | 'failed'; reason: string }
  | {
      driver: Driver;
      status: 'ok';
      database: Record<string, unknown>;
      rate_limiter: string;
      setup_ms: number;
      sessions: SetupResult;
      warmup: LoopResult;
      sequential: SequentialResult & { measured: Window; server_side: ServerSide };
      added_latency_ms: { p50: number; p99: number; paired_median: number };
      /**
       * The added p50 split with the server's own timings (differences of medians, so approximate): inside the MCP
       * module (its callTool less gateway.invoke: policy and tools from cache, its calls-per-minute bucket, redaction,
       * the audit row queued), inside gateway.invoke (MCP less REST), and outside both (HTTP framing, authentication,
       * fastify vs the SDK's transport and JSON-RPC layer).
       */
      added_p50_split_ms: { mcp_module: number | null; gateway_invoke: number | null; outside: number | null };
      throughput: { rest: LoopResult & { measured: Window }; mcp: LoopResult & { measured: Window }; mcp_over_rest: number; server_cpu_us_per_call: { rest: number; mcp: number } };
      profiles: { sequential: ProfileComparison; concurrent: ProfileComparison } | null;
      correctness: Correctness;
      targets: Record<string, { target: string; value: number; met: boolean }>;
    };

// ---------------------------------------------------------------------------------------------------------------
// Measuring

type ServerHandle = ChildHandle<{ url: string; pid: number; db: string }>;

/** Runs one load-generator job and accounts the CPU of every process over its measured window. */
async function metered<T extends { whole_run: unknown }>(
  groups: Record<string, PidSource>,
  server: ServerHandle,
  calls: (result: T) => number,
  run: (onWindow: (edge: 'start' | 'end') => void) => Promise<T>,
): Promise<T & { measured: Window }> {
  const windowMeter = meterWindow(groups, [server as ChildHandle<unknown>]);
  const result = await run(windowMeter.onWindow);
  const { cpu, elus, load_average, window_at } = await windowMeter.result();
  const n = calls(result);
  return {
    ...result,
    measured: {
      cpu,
      cpu_us_per_call: Object.fromEntries(Object.entries(cpu.cpu_ms).map(([k, ms]) => [k, n ? Math.round((ms * 1000) / n) : 0])),
      load_average,
      server_elu: elus[0]!,
      window_at,
    },
  };
}

async function query<T>(server: ServerHandle, text: string, params: unknown[] = []): Promise<T[]> {
  return server.call<T[]>('query', { text, params });
}

async function serverSide(server: ServerHandle, tenantId: string, w: { from: string; to: string }): Promise<ServerSide> {
  await server.call('flushLogs');
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : round(Number(v), 3));
  const [m] = await query<{ n: string; p50: unknown; p99: unknown }>(
    server,
    `select count(*) as n, percentile_cont(0.5) within group (order by duration_ms) as p50, percentile_cont(0.99) within group (order by duration_ms) as p99
       from mcp_invocations where tenant_id = $1::uuid and created_at >= $2::timestamptz and created_at < $3::timestamptz`,
    [tenantId, w.from, w.to],
  );
  const g = await query<{ source: string; n: string; p50: unknown; p99: unknown }>(
    server,
    `select source, count(*) as n, percentile_cont(0.5) within group (order by latency_ms) as p50, percentile_cont(0.99) within group (order by latency_ms) as p99
       from gateway_requests where tenant_id = $1::uuid and created_at >= $2::timestamptz and created_at < $3::timestamptz group by source order by source`,
    [tenantId, w.from, w.to],
  );
  return {
    mcp_call_tool_ms: { calls: Number(m?.n ?? 0), p50: num(m?.p50), p99: num(m?.p99) },
    gateway_invoke_ms: Object.fromEntries(g.map((r) => [r.source, { calls: Number(r.n), p50: num(r.p50), p99: num(r.p99) }])),
  };
}

async function profileKind(loadgen: McpLoadGenerator, server: ServerHandle, kind: CallKind, loops: number, name: string): Promise<{ file: string; calls: number; per_s: number }> {
  const file = join(os.tmpdir(), `smarteros-bench-mcp-${name}-${process.pid}.cpuprofile`);
  // One call at a time the profiler's own interruptions are a large share of each call: sample less often.
  await server.call('profileStart', { intervalUs: loops === 1 ? SETTINGS.profile_interval_us.sequential : SETTINGS.profile_interval_us.concurrent });
  const r = await loadgen.loops({ label: `${name}, profiled`, kinds: [kind], loops, warmupSeconds: 0, seconds: SETTINGS.profile_seconds });
  await server.call('profileStop', { path: file });
  const whole = r.whole_run[kind]!;
  return { file, calls: whole.calls, per_s: r.window[kind]!.per_s };
}

function logComparison(c: ProfileComparison): void {
  log(`    busy CPU per call: ${c.a.label} ${c.a.busy_us_per_call} us, ${c.b.label} ${c.b.busy_us_per_call} us (+${c.busy_delta_us_per_call} us)`);
  for (const o of c.owners.slice(0, 12)) log(`    ${String(o.delta_us).padStart(7)} us  (${o.a_us} -> ${o.b_us})  ${o.name}`);
}

// ---------------------------------------------------------------------------------------------------------------
// One driver

async function benchDriver(driver: Driver, loadgen: McpLoadGenerator, upstream: ChildHandle<{ url: string }>): Promise<Row> {
  log(`=== SmarterOS server on ${driver} ===`);
  const setupStart = performance.now();
  let scratch: ScratchDatabase | undefined;
  if (driver === 'postgres') {
    const opened = await scratchDatabaseOrSkip(DATABASE_URL, log);
    if ('skipped' in opened) return { driver, status: 'skipped', reason: opened.skipped };
    scratch = opened.scratch;
  }
  const dropDatabase = scratch ? onCleanup(scratch.drop) : async () => {};
  const dataDir = mkdtempSync(join(os.tmpdir(), `smarteros-bench-mcp-${driver}-`));
  const removeDataDir = onCleanup(async () => rmSync(dataDir, { recursive: true, force: true }));
  let stopServer: () => Promise<void> = async () => {};
  let closeMonitor: () => Promise<void> = async () => {};
  let sqlClient: pg.Client | undefined;
  let sessionsOpen = false;
  try {
    const env = serverEnv(SETTINGS.gateway_rate_limits_per_minute, scratch, REDIS_URL);
    const server: ServerHandle = await startChild('server', lib('mcp-server.child.ts'), { dataDir, env }, { readyTimeoutMs: 90_000 });
    stopServer = onCleanup(() => server.stop());
    const base = server.info.url;
    log(`server at ${base} (pid ${server.pid}, ${server.info.db})`);

    // A tenant, an owner's access token, the provider with its credential, its OpenAPI document and one capability;
    // the tenant's MCP policy with a calls-per-minute budget that never refuses.
    const { tenantId, token } = await setupTenantWithUpstream(server, upstream.info.url, SETTINGS.capability);
    const policy = await api(base, 'PUT', `/api/v1/tenants/${tenantId}/mcp/policy`, token, { calls_per_minute: SETTINGS.mcp_calls_per_minute });
    expectStatus('setting the MCP policy', policy, 200);
    const upstreamAtStart = await upstream.call<Correctness['upstream_served']>('counts');
    const check = await api(base, 'POST', `/api/v1/capabilities/${SETTINGS.capability}/invoke`, token, SETTINGS.invoke_input);
    expectStatus('the first REST call of the capability', check, 200);
    if (JSON.stringify(check.body.body) !== JSON.stringify(SETTINGS.upstream_body)) throw new Error(`the first call answered ${JSON.stringify(check.body)}`);

    const sessions = await loadgen.setup({
      baseUrl: base,
      token,
      capability: SETTINGS.capability,
      input: SETTINGS.invoke_input,
      sessions: SETTINGS.sessions,
      restConnections: SETTINGS.rest_connections,
      expectBody: SETTINGS.upstream_body,
    });
    sessionsOpen = true;
    if (!sessions.tool_listed) throw new Error(`tools/list did not list ${SETTINGS.capability}`);
    const setupMs = Math.round(performance.now() - setupStart);
    log(`setup ${setupMs} ms: ${sessions.sessions} MCP sessions (protocol ${sessions.protocol_version}; initialize + initialized p50 ${sessions.init_ms.p50} ms), ${SETTINGS.rest_connections} REST connections`);
    log(`  answer headers: REST ${JSON.stringify(sessions.answer_headers.rest)}; MCP ${JSON.stringify(sessions.answer_headers.mcp)}`);

    const groups: Record<string, PidSource> = { loadgen: loadgen.pid, server: server.pid, upstream: upstream.pid };
    if (scratch) closeMonitor = await watchDatabaseProcesses(scratch, groups, onCleanup);

    const warmS = SETTINGS.warmup_s[driver];
    log(`warm-up: ${SETTINGS.throughput.loops} loops (REST and MCP alternating by loop) for ${warmS} s`);
    const warmup = await loadgen.loops({ label: 'warm-up, mixed', kinds: ['rest', 'mcp'], loops: SETTINGS.throughput.loops, warmupSeconds: 0, seconds: warmS });
    log(`  REST ${warmup.window.rest?.per_s}/s, MCP ${warmup.window.mcp?.per_s}/s (together); last second: REST ${warmup.window.rest?.per_second.at(-1)}, MCP ${warmup.window.mcp?.per_second.at(-1)}`);

    const sq = SETTINGS.sequential;
    log(`(1) sequential: ${sq.warmup_pairs} pairs of warm-up, then ${sq.pairs} REST and ${sq.pairs} MCP calls alternating, one at a time`);
    const seqRun = await metered(groups, server, (r: SequentialResult) => r.rest.count + r.mcp.count, (onWindow) => loadgen.sequential({ label: 'sequential', warmup: sq.warmup_pairs, count: sq.pairs }, onWindow));
    const seqServer = await serverSide(server, tenantId, seqRun.measured.window_at);
    const sequential = { ...seqRun, server_side: seqServer };
    const added = {
      p50: round(sequential.mcp.p50 - sequential.rest.p50),
      p99: round(sequential.mcp.p99 - sequential.rest.p99),
      paired_median: sequential.paired_delta_ms.p50,
    };
    const ct = seqServer.mcp_call_tool_ms.p50;
    const gApi = seqServer.gateway_invoke_ms.api?.p50 ?? null;
    const gMcp = seqServer.gateway_invoke_ms.mcp?.p50 ?? null;
    const split = {
      mcp_module: ct !== null && gMcp !== null ? round(ct - gMcp, 3) : null,
      gateway_invoke: gMcp !== null && gApi !== null ? round(gMcp - gApi, 3) : null,
      outside: ct !== null && gApi !== null ? round(sequential.mcp.p50 - ct - (sequential.rest.p50 - gApi), 3) : null,
    };
    log(
      `  REST p50 ${sequential.rest.p50} ms, p99 ${sequential.rest.p99}; MCP p50 ${sequential.mcp.p50}, p99 ${sequential.mcp.p99}; added p50 ${added.p50} ms, p99 ${added.p99} ms, paired median ${added.paired_median} ms`,
    );
    log(
      `  in the server: callTool p50 ${seqServer.mcp_call_tool_ms.p50} ms; gateway.invoke p50 api ${seqServer.gateway_invoke_ms.api?.p50} / mcp ${seqServer.gateway_invoke_ms.mcp?.p50} ms; ` +
        `server CPU ${sequential.measured.cpu_us_per_call.server} us per call (both kinds)`,
    );
    log(`  added p50 split: MCP module ${split.mcp_module} ms, gateway.invoke ${split.gateway_invoke} ms, outside (HTTP, transport, JSON-RPC) ${split.outside} ms`);

    const t = SETTINGS.throughput;
    const closed = async (kind: CallKind) => {
      const job: LoopJob = { label: `${kind} x ${t.loops}`, kinds: [kind], loops: t.loops, warmupSeconds: t.warmup_s, seconds: t.seconds };
      log(`(2) ${kind.toUpperCase()}: ${t.loops} concurrent loops${kind === 'mcp' ? ', one session each' : ''}, ${t.warmup_s} s warm-up + ${t.seconds} s`);
      const r = await metered(groups, server, (x: LoopResult) => x.window[kind]!.ok, (onWindow) => loadgen.loops(job, onWindow));
      const w = r.window[kind]!;
      log(
        `  ${w.per_s} calls/s, p50 ${w.latency_ms.p50} ms, p99 ${w.latency_ms.p99} ms${w.bad + w.errors ? `, ${w.bad} bad, ${w.errors} errors` : ''}; ` +
          `CPU us/call ${JSON.stringify(r.measured.cpu_us_per_call)}; server ELU ${r.measured.server_elu}; machine ${r.measured.cpu.machine_busy_pct}% busy (other ${r.measured.cpu.other_busy_pct}%)`,
      );
      return r;
    };
    const rest = await closed('rest');
    const mcp = await closed('mcp');
    const throughput = {
      rest,
      mcp,
      mcp_over_rest: round(mcp.window.mcp!.per_s / rest.window.rest!.per_s, 3),
      server_cpu_us_per_call: { rest: rest.measured.cpu_us_per_call.server ?? 0, mcp: mcp.measured.cpu_us_per_call.server ?? 0 },
    };

    let profiles: (Row & { status: 'ok' })['profiles'] = null;
    if (SETTINGS.profile_seconds > 0 && driver === 'postgres') {
      log(`CPU profiles of the server over ${SETTINGS.profile_seconds} s each (not counted in the figures): REST and MCP, sequential and at ${t.loops} loops`);
      const restSeq = await profileKind(loadgen, server, 'rest', 1, 'rest-sequential');
      const mcpSeq = await profileKind(loadgen, server, 'mcp', 1, 'mcp-sequential');
      const restCon = await profileKind(loadgen, server, 'rest', t.loops, 'rest-concurrent');
      const mcpCon = await profileKind(loadgen, server, 'mcp', t.loops, 'mcp-concurrent');
      profiles = {
        sequential: compareProfiles({ label: 'REST', file: restSeq.file, calls: restSeq.calls }, { label: 'MCP', file: mcpSeq.file, calls: mcpSeq.calls }),
        concurrent: compareProfiles({ label: 'REST', file: restCon.file, calls: restCon.calls }, { label: 'MCP', file: mcpCon.file, calls: mcpCon.calls }),
      };
      log(`  sequential (${restSeq.per_s} and ${mcpSeq.per_s} calls/s with the profiler on; ${restSeq.file}, ${mcpSeq.file}):`);
      logComparison(profiles.sequential);
      log(`  ${t.loops} loops (${restCon.per_s} and ${mcpCon.per_s} calls/s with the profiler on):`);
      logComparison(profiles.concurrent);
    }

    // Correctness: every call answered correctly, audited (MCP) and logged (both), and served by the upstream.
    const totals = await loadgen.totals();
    totals.rest = { ...totals.rest, calls: totals.rest.calls + 1, ok: totals.rest.ok + 1, status_counts: { ...totals.rest.status_counts, 200: (totals.rest.status_counts['200'] ?? 0) + 1 } };
    await server.call('flushLogs');
    await new Promise((r) => setTimeout(r, 300));
    const auditRows = await query<{ outcome: string; n: string }>(server, 'select outcome, count(*) as n from mcp_invocations where tenant_id = $1::uuid group by outcome', [tenantId]);
    const auditOutcomes = Object.fromEntries(auditRows.map((r) => [r.outcome, Number(r.n)]));
    const auditTotal = Object.values(auditOutcomes).reduce((a, b) => a + b, 0);
    const logRows = Object.fromEntries(
      (await query<{ source: string; n: string }>(server, 'select source, count(*) as n from gateway_requests where tenant_id = $1::uuid group by source', [tenantId])).map((r) => [r.source, Number(r.n)]),
    );
    let auditPg: number | null = null;
    let logPg: Record<string, number> | null = null;
    if (scratch) {
      sqlClient = new pg.Client({ connectionString: scratch.url, application_name: 'smarteros-bench' });
      await sqlClient.connect();
      auditPg = Number((await sqlClient.query<{ n: string }>('select count(*) as n from mcp_invocations where tenant_id = $1', [tenantId])).rows[0]!.n);
      logPg = Object.fromEntries((await sqlClient.query<{ source: string; n: string }>('select source, count(*) as n from gateway_requests where tenant_id = $1 group by source', [tenantId])).rows.map((r) => [r.source, Number(r.n)]));
    }
    const newest = await api(base, 'GET', `/api/v1/tenants/${tenantId}/mcp/invocations?limit=1`, token);
    expectStatus('the MCP audit', newest, 200);
    const summary = await api(base, 'GET', '/api/v1/gateway/summary', token);
    expectStatus('the request-log summary', summary, 200);
    const upstreamAtEnd = await upstream.call<Correctness['upstream_served']>('counts');
    const upstreamServed = {
      ok: upstreamAtEnd.ok - upstreamAtStart.ok,
      unauthorized: upstreamAtEnd.unauthorized - upstreamAtStart.unauthorized,
      not_found: upstreamAtEnd.not_found - upstreamAtStart.not_found,
    };
    const calls = totals.rest.calls + totals.mcp.calls;
    const allCorrect = totals.rest.bad + totals.rest.errors + totals.mcp.bad + totals.mcp.errors === 0 && (auditOutcomes.ok ?? 0) === auditTotal;
    const nothingLost =
      auditTotal === totals.mcp.calls &&
      (auditPg === null || auditPg === totals.mcp.calls) &&
      (logRows.api ?? 0) === totals.rest.calls &&
      (logRows.mcp ?? 0) === totals.mcp.calls &&
      (logPg === null || ((logPg.api ?? 0) === totals.rest.calls && (logPg.mcp ?? 0) === totals.mcp.calls)) &&
      Number(summary.body.calls) === calls &&
      upstreamServed.ok === calls;
    const correctness: Correctness = {
      calls: totals,
      mcp_audit_rows: auditTotal,
      mcp_audit_outcomes: auditOutcomes,
      mcp_audit_rows_pg: auditPg,
      mcp_audit_api_newest: ((newest.body.items as Array<Record<string, unknown>> | undefined) ?? [])[0] ?? null,
      request_log_rows: logRows,
      request_log_rows_pg: logPg,
      request_log_summary_calls: Number(summary.body.calls),
      upstream_served: upstreamServed,
      all_correct: allCorrect,
      nothing_lost: nothingLost,
    };
    log(
      `correctness: REST ${totals.rest.calls} calls (${totals.rest.bad} bad, ${totals.rest.errors} errors), MCP ${totals.mcp.calls} tools/call (${totals.mcp.bad} bad, ${totals.mcp.errors} errors); ` +
        `MCP audit ${auditTotal} rows ${JSON.stringify(auditOutcomes)}${auditPg === null ? '' : ` (pg ${auditPg})`}; request log ${JSON.stringify(logRows)}${logPg ? ` (pg ${JSON.stringify(logPg)})` : ''}, summary ${correctness.request_log_summary_calls}; ` +
        `upstream served ${upstreamServed.ok} -> ${allCorrect && nothingLost ? 'all correct, nothing lost' : 'MISMATCH'}`,
    );
    const sampleError = sequential.sample_error ?? rest.sample_error ?? mcp.sample_error;
    if (sampleError) log(`  sample error: ${sampleError}`);

    const teardown = await loadgen.teardown();
    sessionsOpen = false;
    log(`${teardown.deleted} sessions ended (DELETE /mcp)`);

    return {
      driver,
      status: 'ok',
      database: scratch
        ? { driver: 'postgres', version: scratch.server.version, settings: scratch.server.settings, scratch_database: 'created for the run, dropped afterwards' }
        : { driver: 'pglite', data_dir: 'fresh temp dir (deleted afterwards)' },
      rate_limiter: scratch ? `Redis (${new URL(REDIS_URL).host})` : 'in memory',
      setup_ms: setupMs,
      sessions,
      warmup,
      sequential,
      added_latency_ms: added,
      added_p50_split_ms: split,
      throughput,
      profiles,
      correctness,
      targets: {
        added_p50: { target: `MCP p50 - REST p50 <= ${TARGETS.added_p50_ms_max} ms (sequential)`, value: added.p50, met: added.p50 <= TARGETS.added_p50_ms_max },
      },
    };
  } catch (err) {
    log(`${driver} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { driver, status: 'failed', reason: err instanceof Error ? err.message : String(err) };
  } finally {
    if (sessionsOpen) await loadgen.teardown().catch(() => {});
    await sqlClient?.end().catch(() => {});
    await closeMonitor().catch(() => {});
    await stopServer().catch((err: unknown) => log(`stopping the server failed: ${String(err)}`));
    await removeDataDir();
    await dropDatabase().catch((err: unknown) => log(`dropping the database failed: ${String(err)}`));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Output

const fmt = (v: number | null | undefined, digits = 2): string => (v == null || Number.isNaN(v) ? 'n/a' : v.toFixed(digits));

interface Report {
  machine: Record<string, unknown>;
  rows: Row[];
}

function markdown(report: Report): string {
  const m = report.machine;
  const sq = SETTINGS.sequential;
  const t = SETTINGS.throughput;
  const lines = [
    '# MCP benchmark',
    '',
    `${String(m.date)}; ${String(m.cpus)} x ${String(m.cpu_model)}, Node ${String(m.node)}; load average ${JSON.stringify(m.load_average_start)} at the start, ${JSON.stringify(m.load_average_end)} at the end; ` +
      `other work kept the machine ${String(m.busy_before_start_pct)}% busy just before the run.`,
    `One capability (orders.search, a read) over a bare node:http JSON upstream on loopback, called through REST (POST /api/v1/capabilities/:name/invoke) and through MCP tools/call ` +
      `(Streamable HTTP, an initialized session, JSON answers). Credential: ${SETTINGS.credential}. Gateway rate limits and the MCP calls-per-minute policy checked on every call, never refusing. ` +
      `The load generator (undici, one connection per loop, its own process), the server, the upstream, PostgreSQL and Redis share the machine's cores.`,
    `(1) Sequential: ${sq.warmup_pairs} pairs of warm-up after ${SETTINGS.warmup_s.postgres} s (PGlite ${SETTINGS.warmup_s.pglite} s) of mixed load, then ${sq.pairs} REST and ${sq.pairs} MCP calls alternating, one at a time. ` +
      `(2) Throughput: ${t.loops} concurrent loops per kind (MCP: ${SETTINGS.sessions} sessions, one per loop), ${t.warmup_s} s warm-up + ${t.seconds} s. Latencies in ms.`,
    '',
    '| driver | REST p50 | REST p99 | MCP p50 | MCP p99 | added p50 | added p99 | paired median | target (added p50 <= 1 ms) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of report.rows) {
    if (r.status !== 'ok') {
      lines.push(`| ${r.driver} | ${r.status}: ${r.reason.replace(/\|/g, '/')} | | | | | | | |`);
      continue;
    }
    const s = r.sequential;
    lines.push(
      `| ${r.driver}${r.driver === 'postgres' ? ' + Redis' : ''} | ${fmt(s.rest.p50)} | ${fmt(s.rest.p99)} | ${fmt(s.mcp.p50)} | ${fmt(s.mcp.p99)} | ${fmt(r.added_latency_ms.p50)} | ${fmt(r.added_latency_ms.p99)} | ${fmt(r.added_latency_ms.paired_median)} | ${r.targets.added_p50!.met ? 'met' : 'missed'} |`,
    );
  }
  lines.push('', `Throughput at ${t.loops} concurrent loops:`, '', '| driver | REST calls/s | p50 | p99 | MCP calls/s | p50 | p99 | MCP / REST | server CPU us/call REST | MCP |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of report.rows) {
    if (r.status !== 'ok') continue;
    const a = r.throughput.rest.window.rest!;
    const b = r.throughput.mcp.window.mcp!;
    lines.push(
      `| ${r.driver} | ${fmt(a.per_s, 0)} | ${fmt(a.latency_ms.p50)} | ${fmt(a.latency_ms.p99)} | ${fmt(b.per_s, 0)} | ${fmt(b.latency_ms.p50)} | ${fmt(b.latency_ms.p99)} | ${fmt(r.throughput.mcp_over_rest)} | ` +
        `${r.throughput.server_cpu_us_per_call.rest} | ${r.throughput.server_cpu_us_per_call.mcp} |`,
    );
  }
  lines.push('', `CPU per call at ${t.loops} loops (microseconds of CPU per correct answer over the window, by process; cores busy on average):`, '', '| driver | kind | CPU us per call | cores |', '| --- | --- | --- | --- |');
  for (const r of report.rows) {
    if (r.status !== 'ok') continue;
    for (const [kind, x] of [['REST', r.throughput.rest.measured], ['MCP', r.throughput.mcp.measured]] as const) {
      const list = (o: Record<string, number>) =>
        Object.entries(o)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
      lines.push(`| ${r.driver} | ${kind} | ${list(x.cpu_us_per_call)} | ${list(x.cpu.cores)} |`);
    }
  }
  lines.push('');
  for (const r of report.rows) {
    if (r.status !== 'ok') continue;
    const ss = r.sequential.server_side;
    const k = r.correctness;
    lines.push(
      `- ${r.driver}: in the server over the sequential window, p50 of time inside the MCP module's callTool ${fmt(ss.mcp_call_tool_ms.p50, 3)} ms; inside gateway.invoke ${fmt(ss.gateway_invoke_ms.api?.p50, 3)} ms (REST) and ${fmt(ss.gateway_invoke_ms.mcp?.p50, 3)} ms (MCP). ` +
        `Outside them (HTTP, auth, fastify or the SDK transport, JSON): REST ${fmt(r.sequential.rest.p50 - (ss.gateway_invoke_ms.api?.p50 ?? Number.NaN), 3)} ms, MCP ${fmt(r.sequential.mcp.p50 - (ss.mcp_call_tool_ms.p50 ?? Number.NaN), 3)} ms (differences of medians).`,
      `  Added p50 split (differences of medians): MCP module ${fmt(r.added_p50_split_ms.mcp_module, 3)} ms, gateway.invoke ${fmt(r.added_p50_split_ms.gateway_invoke, 3)} ms, outside (HTTP framing, fastify vs the SDK transport, JSON-RPC) ${fmt(r.added_p50_split_ms.outside, 3)} ms. ` +
        `Answer framing: REST ${String(r.sessions.answer_headers.rest['content-length'] ? 'content-length' : r.sessions.answer_headers.rest['transfer-encoding'])}, MCP ${String(r.sessions.answer_headers.mcp['content-length'] ? 'content-length' : r.sessions.answer_headers.mcp['transfer-encoding'])}.`,
      `  Correctness: REST ${k.calls.rest.calls} calls (${k.calls.rest.bad} bad, ${k.calls.rest.errors} errors), MCP ${k.calls.mcp.calls} tools/call (${k.calls.mcp.bad} bad, ${k.calls.mcp.errors} errors); ` +
        `MCP audit ${k.mcp_audit_rows} rows${k.mcp_audit_rows_pg === null ? '' : ` (pg ${k.mcp_audit_rows_pg})`}, all ${Object.keys(k.mcp_audit_outcomes).join(', ')}; request log ${JSON.stringify(k.request_log_rows)}; upstream served ${k.upstream_served.ok} ` +
        `(${k.all_correct && k.nothing_lost ? 'all correct, nothing lost' : 'MISMATCH'}).`,
      `  Machine during the windows: sequential ${r.sequential.measured.cpu.machine_busy_pct}% busy (other ${r.sequential.measured.cpu.other_busy_pct}%), REST ${r.throughput.rest.measured.cpu.machine_busy_pct}% (other ${r.throughput.rest.measured.cpu.other_busy_pct}%), ` +
        `MCP ${r.throughput.mcp.measured.cpu.machine_busy_pct}% (other ${r.throughput.mcp.measured.cpu.other_busy_pct}%); server ELU at 50 loops: REST ${r.throughput.rest.measured.server_elu}, MCP ${r.throughput.mcp.measured.server_elu}.`,
    );
    for (const [phase, x] of [['sequential', r.sequential.measured], ['REST throughput', r.throughput.rest.measured], ['MCP throughput', r.throughput.mcp.measured]] as const) {
      const other = x.cpu.other_busy_pct;
      if (other !== null && other > NOISY_OTHER_BUSY_PCT) lines.push(`  - note: other work kept ${other}% of the machine busy during the ${phase} window; its figures are lower (slower) than on a quiet machine`);
    }
  }
  for (const r of report.rows) {
    if (r.status !== 'ok' || !r.profiles) continue;
    for (const [name, c] of [['sequential', r.profiles.sequential], [`${t.loops} loops`, r.profiles.concurrent]] as const) {
      lines.push(
        '',
        `CPU profile of the server (${r.driver}), ${name}: busy CPU per call REST ${fmt(c.a.busy_us_per_call, 0)} us, MCP ${fmt(c.b.busy_us_per_call, 0)} us (+${fmt(c.busy_delta_us_per_call, 0)} us), ` +
          'self time charged to the nearest package or file on the stack, per call, largest differences first:',
        '',
        '| owner | REST us | MCP us | MCP - REST |',
        '| --- | ---: | ---: | ---: |',
      );
      const shown = [...c.owners.filter((o) => o.delta_us >= 1).slice(0, 12), ...c.owners.filter((o) => o.delta_us <= -1).slice(-4)];
      for (const o of shown) lines.push(`| ${o.name} | ${fmt(o.a_us, 1)} | ${fmt(o.b_us, 1)} | ${o.delta_us > 0 ? '+' : ''}${fmt(o.delta_us, 1)} |`);
    }
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
  log(`MCP benchmark on ${DRIVERS.join(', ')}; load average ${machine.load_average_start.join(' ')}, machine ${machine.busy_before_start_pct}% busy before the start`);

  const loadgen = await startMcpLoadGenerator();
  const stopLoadgen = onCleanup(() => loadgen.stop());
  const upstream = await startChild<{ url: string }>('upstream', lib('upstream.child.ts'), { apiKey: API_KEY });
  const stopUpstream = onCleanup(() => upstream.stop());
  log(`upstream ${upstream.info.url} (pid ${upstream.pid}), load generator pid ${loadgen.pid}`);

  const rows: Row[] = [];
  for (const driver of DRIVERS) rows.push(await benchDriver(driver, loadgen, upstream));

  await stopUpstream();
  await stopLoadgen();
  machine.load_average_end = loadAverage();

  const report = {
    benchmark: 'mcp',
    machine,
    settings: SETTINGS,
    targets: TARGETS,
    rows,
    duration_s: Math.round(performance.now() - startedAt) / 1000,
  };
  writeResults('mcp', report, markdown(report), log);
  for (const r of rows) {
    if (r.status !== 'ok') continue;
    log(
      `${r.driver}: sequential added p50 ${r.added_latency_ms.p50} ms (${r.targets.added_p50!.met ? 'met' : 'missed'}), p99 ${r.added_latency_ms.p99} ms; ` +
        `50 loops: REST ${r.throughput.rest.window.rest!.per_s}/s, MCP ${r.throughput.mcp.window.mcp!.per_s}/s (${r.throughput.mcp_over_rest})`,
    );
  }
  const failed = rows.some((r) => r.status === 'failed');
  const incorrect = rows.some((r) => r.status === 'ok' && !(r.correctness.all_correct && r.correctness.nothing_lost));
  if (incorrect) log('calls were lost or answered wrongly: see correctness in the results');
  process.exitCode = failed || incorrect ? 1 : 0;
}

await runMain(main);
