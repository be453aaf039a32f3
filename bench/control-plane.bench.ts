/**
 * The control-plane benchmark (`npm run bench:control-plane`).
 *
 * For each driver (PGlite in a fresh temp dir; PostgreSQL in a fresh database on the server of DATABASE_URL) it starts
 * the real server in-process and measures:
 *   1. tenant creation through HTTP (POST /api/v1/tenants, 16 connections, autocannon), and its peer: the same SQL
 *      functions called directly in owner transactions, 16 concurrent loops, no HTTP, auth, validation or audit;
 *   2. the overview over 10,000 tenants (GET /api/v1/overview?limit=50: first page, a filtered page and a deep page),
 *      and its peers: the view query through the kernel, and a plain select on tenants.
 * Progress goes to stderr; stdout gets one JSON document, also written to bench/results/control-plane.json, with a
 * markdown table in bench/results/control-plane.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { type Database, type DriverKind } from '@smarteros/kernel';
import { ADMIN_EMAIL, ADMIN_PASSWORD, benchConfig } from './lib/server.ts';
import { startServer, type RunningServer } from '@smarteros/server';
import { sql } from 'kysely';
import { startCpuMeter, type CpuUse } from './lib/cpu.ts';
import { runLoad, type LoadgenMode } from './lib/loadgen-client.ts';
import type { PhaseResult } from './lib/loadgen.ts';
import { openBackendMonitor, scratchDatabaseOrSkip, type ScratchDatabase } from './lib/postgres.ts';
import { describeMachine, driversFromEnv, loadAverage, startRun, writeResults } from './lib/run.ts';
import { perSecond, summarize, timeSequential, type LatencySummary } from './lib/stats.ts';
import { FILTER_FRAGMENT, insertTenantsWithSql, RUT_BASE, tenantInput } from './lib/tenants.ts';

// ---------------------------------------------------------------------------------------------------------------
// Settings

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const LOADGEN: LoadgenMode = process.env.BENCH_LOADGEN === 'inline' ? 'inline' : 'worker';
const DRIVERS: DriverKind[] = driversFromEnv(process.env.BENCH_DRIVERS, 'pglite,postgres');

const SETTINGS = {
  connections: 16,
  db_pool_max: 16,
  /** Tenant creation through HTTP: warm-up, then `amount` requests or `max_seconds`, whichever ends first. */
  create_http: { warmup: 200, amount: 3000, max_seconds: 12 },
  /** The peer: the same SQL in 16 concurrent loops. */
  create_peer: { concurrency: 16, warmup: 200, amount: 3000, max_seconds: 12 },
  overview_tenants: 10_000,
  top_up_batch: 2_000,
  /** Sequential (1 connection) GETs of the overview. */
  overview: { warmup: 50, count: 500 },
  overview_filtered: { warmup: 20, count: 200, q: FILTER_FRAGMENT, status: 'trial' },
  overview_deep: { pages_followed: 20, warmup: 20, count: 200 },
  /** Sequential SQL peers of the overview. */
  overview_sql: { warmup: 50, count: 500 },
  loadgen: LOADGEN,
} as const;

const TARGETS = { postgres_creations_per_s_min: 300, overview_p50_ms_max: 10 } as const;
/** Above this share of the machine used by other work during a run, the report says its figures are depressed. */
const NOISY_OTHER_BUSY_PCT = 15;

/** The whole run stops by itself after this long, cleaning up what it created. */
const WATCHDOG_MS = 8 * 60_000;

// ---------------------------------------------------------------------------------------------------------------
// Progress, cleanup, watchdog

const { startedAt, log, onCleanup, main: runMain } = startRun({ watchdogMs: WATCHDOG_MS, hardExitMs: 15_000 });

// ---------------------------------------------------------------------------------------------------------------
// Report shapes

interface HttpFigures {
  requests: number;
  non2xx: number;
  status_counts: Record<string, number>;
  connection_errors: number;
  elapsed_ms: number;
  per_s: number;
  latency_ms: LatencySummary;
  sample_error: { status: number; body: string } | null;
}

interface CreationFigures {
  http: HttpFigures & { warmup_requests: number; warmup_non2xx: number; cpu: CpuUse };
  peer: { transactions: number; errors: number; elapsed_ms: number; per_s: number; latency_ms: LatencySummary; sample_error: string | null; cpu: CpuUse };
  /** SmarterOS (HTTP) tenants/s divided by the peer's. */
  ratio_http_to_peer: number;
}

interface OverviewFigures {
  tenants: number;
  top_up: { tenants_added: number; elapsed_ms: number; domains: number; integrations: number };
  http: {
    first_page: HttpFigures & { cpu: CpuUse };
    filtered_page: HttpFigures & { query: string; items: number };
    deep_page: HttpFigures & { page: number; items: number };
  };
  sql: {
    view_kernel_platform: LatencySummary;
    view_raw_owner: LatencySummary;
    tenants_plain: LatencySummary;
  };
}

interface TargetCheck {
  target: string;
  value: number | null;
  applies: boolean;
  met: boolean | null;
}

type DriverReport =
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; error: string; duration_s: number }
  | {
      status: 'ok';
      database: Record<string, unknown>;
      duration_s: number;
      creation: CreationFigures;
      overview: OverviewFigures;
      targets: { creations_per_s: TargetCheck; overview_p50_ms: TargetCheck };
    };

function httpFigures(phase: PhaseResult): HttpFigures {
  return {
    requests: phase.completed,
    non2xx: phase.non2xx,
    status_counts: phase.statusCounts,
    connection_errors: phase.errors,
    elapsed_ms: phase.elapsedMs,
    per_s: perSecond(phase.ok, phase.elapsedMs),
    latency_ms: phase.latency,
    sample_error: phase.sampleError,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Phases

async function login(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || !body.access_token) throw new Error(`admin login failed (${res.status}): ${JSON.stringify(body)}`);
  return body.access_token;
}

async function countTenants(db: Database): Promise<number> {
  return db.asOwner(async (tx) => Number((await sql<{ n: number }>`select count(*)::int as n from tenants`.execute(tx)).rows[0]!.n));
}

/** The same work as POST /api/v1/tenants without HTTP, auth, validation or audit: the two SQL functions in one owner transaction. */
async function createTenantDirect(db: Database, n: number): Promise<void> {
  const t = tenantInput(n);
  await db.asOwner(async (tx) => {
    const created = await sql<{ id: string }>`select create_tenant_minimal(${t.business_name}, ${t.contact_email}, ${t.rut}) as id`.execute(tx);
    await sql`select count(*) from activate_default_products_for_tenant(${created.rows[0]!.id}::uuid, null)`.execute(tx);
  });
}

async function peerPhase(db: Database, amount: number, maxSeconds: number, next: () => number) {
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let sampleError: string | null = null;
  const start = performance.now();
  const deadline = start + maxSeconds * 1000;
  let lastDone = start;
  const loop = async (): Promise<void> => {
    while (issued < amount && performance.now() < deadline) {
      issued++;
      const t0 = performance.now();
      try {
        await createTenantDirect(db, next());
        lastDone = performance.now();
        latencies.push(lastDone - t0);
      } catch (err) {
        errors++;
        sampleError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: SETTINGS.create_peer.concurrency }, loop));
  const elapsed = lastDone - start;
  return {
    transactions: latencies.length,
    errors,
    elapsed_ms: Math.round(elapsed * 100) / 100,
    per_s: perSecond(latencies.length, elapsed),
    latency_ms: summarize(latencies),
    sample_error: sampleError,
  };
}

interface DriverContext {
  server: RunningServer;
  token: string;
  /** PostgreSQL backends of the benchmark database, for CPU accounting (PostgreSQL only). */
  backendPids?: () => Promise<number[]>;
}

async function benchCreation(ctx: DriverContext): Promise<CreationFigures> {
  const { server, token } = ctx;
  const s = SETTINGS.create_http;
  log(`creation over HTTP: ${s.warmup} warm-up, then ${s.amount} requests (at most ${s.max_seconds}s), ${SETTINGS.connections} connections`);
  const job = { kind: 'create-tenants', baseUrl: server.url, token, connections: SETTINGS.connections, warmup: 0, maxSeconds: s.max_seconds } as const;
  const warm = await runLoad({ ...job, amount: s.warmup, rutStart: RUT_BASE.http }, SETTINGS.loadgen);
  const meterHttp = await startCpuMeter(ctx.backendPids);
  const load = await runLoad({ ...job, amount: s.amount, rutStart: warm.nextRut }, SETTINGS.loadgen);
  const cpuHttp = await meterHttp.stop(load.measured.ok, SETTINGS.loadgen === 'worker' ? load.measured.threadCpuMs : null);
  const http = { ...httpFigures(load.measured), warmup_requests: warm.measured.completed, warmup_non2xx: warm.measured.non2xx, cpu: cpuHttp };
  log(`  ${http.per_s} tenants/s, p50 ${http.latency_ms.p50} ms, p99 ${http.latency_ms.p99} ms, non-2xx ${http.non2xx + http.warmup_non2xx}`);
  log(`  CPU ms per tenant: server thread ${cpuHttp.main_thread_ms_per_op}, load generator ${cpuHttp.loadgen_thread_ms_per_op}, PostgreSQL backends ${cpuHttp.db_backends_ms_per_op}; machine ${cpuHttp.machine_busy_pct}% busy (other ${cpuHttp.other_busy_pct}%)`);
  for (const sample of [warm.measured.sampleError, load.measured.sampleError]) {
    if (sample) log(`  sample error answer (${sample.status}): ${sample.body}`);
  }
  // Requests cut by the time limit may still be finishing on the server.
  await new Promise((r) => setTimeout(r, 300));

  const p = SETTINGS.create_peer;
  log(`creation peer (SQL functions, ${p.concurrency} loops): ${p.warmup} warm-up, then ${p.amount} transactions (at most ${p.max_seconds}s)`);
  let n = RUT_BASE.peer;
  await peerPhase(server.db, p.warmup, p.max_seconds, () => n++);
  const meterPeer = await startCpuMeter(ctx.backendPids);
  const peerResult = await peerPhase(server.db, p.amount, p.max_seconds, () => n++);
  const peer = { ...peerResult, cpu: await meterPeer.stop(peerResult.transactions) };
  log(`  ${peer.per_s} tenants/s, p50 ${peer.latency_ms.p50} ms, p99 ${peer.latency_ms.p99} ms, errors ${peer.errors}`);
  log(`  CPU ms per tenant: main thread ${peer.cpu.main_thread_ms_per_op}, PostgreSQL backends ${peer.cpu.db_backends_ms_per_op}; machine ${peer.cpu.machine_busy_pct}% busy (other ${peer.cpu.other_busy_pct}%)`);
  if (peer.sample_error) log(`  sample peer error: ${peer.sample_error}`);
  return { http, peer, ratio_http_to_peer: peer.per_s > 0 ? Math.round((http.per_s / peer.per_s) * 1000) / 1000 : 0 };
}

/** Brings the database to `target` tenants with SQL as the owner, plus domains and integrations for the view's subqueries. */
async function topUp(db: Database, target: number): Promise<OverviewFigures['top_up']> {
  const start = performance.now();
  const before = await countTenants(db);
  const missing = Math.max(0, target - before);
  log(`top-up: ${before} tenants, adding ${missing} with SQL`);
  await insertTenantsWithSql(db, missing, { batch: SETTINGS.top_up_batch, onBatch: (done) => log(`  ${before + done} tenants`) });
  const extras = await db.asOwner(async (tx) => {
    const body = sql`split_part(t.rut::text, '-', 1)::bigint`;
    const domains = await sql<{ n: number }>`
      with added as (
      insert into tenant_domains (tenant_id, domain, subdomain, domain_type, verified, verified_at, created_at, updated_at)
      select t.id, 'b' || ${body} || '.smarterbot.cl', 'b' || ${body}, 'primary', true, t.created_at, t.created_at, t.created_at
        from tenants t where t.type = 'customer' and ${body} % 4 = 0
      union all
      select t.id, 'empresa' || ${body} || '.cl', null, 'store', false, null, t.created_at, t.created_at
        from tenants t where t.type = 'customer' and ${body} % 20 = 0
      returning 1)
      select count(*)::int as n from added`.execute(tx);
    await sql`
      update tenants t set primary_domain = 'b' || ${body} || '.smarterbot.cl'
       where t.type = 'customer' and ${body} % 4 = 0 and t.primary_domain is null`.execute(tx);
    const integrations = await sql<{ n: number }>`
      with added as (
      insert into tenant_integrations (tenant_id, integration_type, external_id, status)
      select t.id, 'chatwoot', 'account-' || ${body}, 'connected' from tenants t where t.type = 'customer' and ${body} % 3 = 0
      union all
      select t.id, 'odoo', null, 'pending' from tenants t where t.type = 'customer' and ${body} % 5 = 0
      returning 1)
      select count(*)::int as n from added`.execute(tx);
    return { domains: domains.rows[0]!.n, integrations: integrations.rows[0]!.n };
  });
  // The steady state of a database that has lived with 10,000 tenants: dead row versions of the bulk load (each product
  // insert updates its tenant's services_enabled) pruned and planner statistics fresh, as autovacuum would leave them
  // on a server (PGlite has no autovacuum). Doing it here also keeps autovacuum from running during the measurements.
  const session = await db.pool.connect();
  try {
    await session.query('vacuum analyze');
  } finally {
    session.release();
  }
  return { tenants_added: missing, elapsed_ms: Math.round(performance.now() - start), ...extras };
}

async function getJson(url: string, token: string): Promise<{ items: unknown[]; next_cursor: string | null }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { items?: unknown[]; next_cursor?: string | null };
  if (res.status !== 200 || !Array.isArray(body.items)) throw new Error(`GET ${url} answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return { items: body.items, next_cursor: body.next_cursor ?? null };
}

async function sequentialGet(server: RunningServer, token: string, path: string, spec: { warmup: number; count: number }): Promise<HttpFigures> {
  const load = await runLoad(
    { kind: 'get', baseUrl: server.url, token, path, connections: 1, warmup: spec.warmup, amount: spec.count, maxSeconds: 60 },
    SETTINGS.loadgen,
  );
  const figures = httpFigures(load.measured);
  figures.non2xx += load.warmup.non2xx;
  figures.sample_error ??= load.warmup.sampleError;
  return figures;
}

async function benchOverview(ctx: DriverContext): Promise<OverviewFigures> {
  const { server, token, backendPids } = ctx;
  const db = server.db;
  const topped = await topUp(db, SETTINGS.overview_tenants);
  const tenants = await countTenants(db);
  log(`overview over ${tenants} tenants`);

  const o = SETTINGS.overview;
  const meter = await startCpuMeter(backendPids);
  const firstPageFigures = await sequentialGet(server, token, '/api/v1/overview?limit=50', o);
  const firstPage = { ...firstPageFigures, cpu: await meter.stop(o.warmup + o.count) };
  log(`  first page: p50 ${firstPage.latency_ms.p50} ms, p99 ${firstPage.latency_ms.p99} ms`);
  log(`  CPU ms per request: server thread ${firstPage.cpu.main_thread_ms_per_op}, PostgreSQL backends ${firstPage.cpu.db_backends_ms_per_op}; machine ${firstPage.cpu.machine_busy_pct}% busy (other ${firstPage.cpu.other_busy_pct}%)`);

  const f = SETTINGS.overview_filtered;
  const filteredPath = `/api/v1/overview?limit=50&q=${encodeURIComponent(f.q)}&status=${f.status}`;
  const filteredItems = (await getJson(`${server.url}${filteredPath}`, token)).items.length;
  const filtered = { ...(await sequentialGet(server, token, filteredPath, f)), query: filteredPath, items: filteredItems };
  log(`  filtered page (${filteredItems} items): p50 ${filtered.latency_ms.p50} ms, p99 ${filtered.latency_ms.p99} ms`);

  const d = SETTINGS.overview_deep;
  let cursor: string | null = null;
  for (let i = 0; i < d.pages_followed; i++) {
    const page = await getJson(`${server.url}/api/v1/overview?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token);
    if (!page.next_cursor) throw new Error(`the overview ended after ${i + 1} pages`);
    cursor = page.next_cursor;
  }
  const deepPath = `/api/v1/overview?limit=50&cursor=${encodeURIComponent(cursor!)}`;
  const deepItems = (await getJson(`${server.url}${deepPath}`, token)).items.length;
  const deep = { ...(await sequentialGet(server, token, deepPath, d)), page: d.pages_followed + 1, items: deepItems };
  log(`  deep page ${deep.page}: p50 ${deep.latency_ms.p50} ms, p99 ${deep.latency_ms.p99} ms`);

  const q = SETTINGS.overview_sql;
  const viewKernel = await timeSequential(
    () =>
      db.platform({ name: 'bench', actor: 'bench', audit: false }, (tx) =>
        tx.selectFrom('v_tenant_overview').selectAll().orderBy('created_at', 'desc').orderBy('tenant_id', 'desc').limit(50).execute(),
      ),
    q,
  );
  const rawQuery = async (text: string): Promise<void> => {
    const session = await db.pool.connect();
    try {
      await session.query(text);
    } finally {
      session.release();
    }
  };
  const viewRaw = await timeSequential(() => rawQuery('select * from v_tenant_overview order by created_at desc, tenant_id desc limit 50'), q);
  const plain = await timeSequential(() => rawQuery('select * from tenants order by created_at desc, id desc limit 50'), q);
  log(`  SQL: view through the kernel p50 ${viewKernel.p50} ms, view raw p50 ${viewRaw.p50} ms, plain tenants p50 ${plain.p50} ms`);

  return {
    tenants,
    top_up: topped,
    http: { first_page: firstPage, filtered_page: filtered, deep_page: deep },
    sql: { view_kernel_platform: viewKernel, view_raw_owner: viewRaw, tenants_plain: plain },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// One driver

async function benchDriver(kind: DriverKind): Promise<DriverReport> {
  const start = performance.now();
  log(`=== ${kind} ===`);
  let scratch: ScratchDatabase | undefined;
  if (kind === 'postgres') {
    const opened = await scratchDatabaseOrSkip(DATABASE_URL, log);
    if ('skipped' in opened) return { status: 'skipped', reason: opened.skipped };
    scratch = opened.scratch;
  }
  const dropDatabase = scratch ? onCleanup(scratch.drop) : async () => {};
  const dataDir = mkdtempSync(join(os.tmpdir(), `smarteros-bench-${kind}-`));
  const removeDataDir = onCleanup(async () => rmSync(dataDir, { recursive: true, force: true }));
  let stopServer: () => Promise<void> = async () => {};
  let closeMonitor: () => Promise<void> = async () => {};
  try {
    const config = benchConfig(dataDir, {
      SMARTEROS_DB_POOL_MAX: String(SETTINGS.db_pool_max),
      ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    });
    const server = await startServer({ config, onStep: (step) => log(`  ${step}`) });
    stopServer = onCleanup(server.close);
    log(`server at ${server.url}`);
    const token = await login(server.url);

    let backendPids: (() => Promise<number[]>) | undefined;
    if (scratch) {
      const monitor = await openBackendMonitor(scratch.url);
      closeMonitor = onCleanup(monitor.close);
      backendPids = () => monitor.pids();
    }

    const creation = await benchCreation({ server, token, ...(backendPids ? { backendPids } : {}) });
    const overview = await benchOverview({ server, token, ...(backendPids ? { backendPids } : {}) });

    const creationsPerS = creation.http.per_s;
    const overviewP50 = overview.http.first_page.latency_ms.p50;
    return {
      status: 'ok',
      database:
        kind === 'postgres'
          ? { driver: 'postgres', version: scratch!.server.version, settings: scratch!.server.settings, pool_max: SETTINGS.db_pool_max }
          : { driver: 'pglite', data_dir: 'fresh temp dir (deleted afterwards)' },
      duration_s: Math.round(performance.now() - start) / 1000,
      creation,
      overview,
      targets: {
        creations_per_s: {
          target: `>= ${TARGETS.postgres_creations_per_s_min} tenant creations/s (PostgreSQL)`,
          value: creationsPerS,
          applies: kind === 'postgres',
          met: kind === 'postgres' ? creationsPerS >= TARGETS.postgres_creations_per_s_min : null,
        },
        overview_p50_ms: {
          target: `overview page p50 <= ${TARGETS.overview_p50_ms_max} ms`,
          value: overviewP50,
          applies: true,
          met: overviewP50 <= TARGETS.overview_p50_ms_max,
        },
      },
    };
  } catch (err) {
    log(`${kind} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { status: 'failed', error: err instanceof Error ? err.message : String(err), duration_s: Math.round(performance.now() - start) / 1000 };
  } finally {
    await closeMonitor().catch(() => {});
    await stopServer().catch((err: unknown) => log(`closing the server failed: ${String(err)}`));
    await removeDataDir();
    await dropDatabase().catch((err: unknown) => log(`dropping ${scratch?.name} failed: ${String(err)}`));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Output

const fmt = (v: number | null | undefined, digits = 1): string => (v == null || Number.isNaN(v) ? 'n/a' : v.toFixed(digits));

function markdown(report: { machine: Record<string, unknown>; drivers: Record<string, DriverReport> }): string {
  const lines = [
    '# Control-plane benchmark',
    '',
    `${String(report.machine.date)}; ${String(report.machine.cpus)} x ${String(report.machine.cpu_model)}, ${String(report.machine.total_memory_gib)} GiB, Node ${String(report.machine.node)}.`,
    `Creations: POST /api/v1/tenants, ${SETTINGS.connections} connections (load generator: ${SETTINGS.loadgen}); peer: the SQL functions in ${SETTINGS.create_peer.concurrency} loops.`,
    `Overview: GET /api/v1/overview?limit=50 over ${SETTINGS.overview_tenants} tenants, sequential. Latencies in ms.`,
    '',
    '| driver | creations/s | p50 | p99 | peer creations/s | overview p50 | overview p99 | filtered p50 | deep page p50 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [driver, r] of Object.entries(report.drivers)) {
    if (r.status !== 'ok') {
      lines.push(`| ${driver} | ${r.status}: ${(r.status === 'skipped' ? r.reason : r.error).replace(/\|/g, '/')} | | | | | | | |`);
      continue;
    }
    const h = r.creation.http;
    const o = r.overview.http;
    lines.push(
      `| ${driver} | ${fmt(h.per_s)} | ${fmt(h.latency_ms.p50)} | ${fmt(h.latency_ms.p99)} | ${fmt(r.creation.peer.per_s)} | ` +
        `${fmt(o.first_page.latency_ms.p50, 2)} | ${fmt(o.first_page.latency_ms.p99, 2)} | ${fmt(o.filtered_page.latency_ms.p50, 2)} | ${fmt(o.deep_page.latency_ms.p50, 2)} |`,
    );
  }
  lines.push('', `Targets: >= ${TARGETS.postgres_creations_per_s_min} tenant creations/s on PostgreSQL; overview page p50 <= ${TARGETS.overview_p50_ms_max} ms.`);
  for (const [driver, r] of Object.entries(report.drivers)) {
    if (r.status !== 'ok') continue;
    const c = r.targets.creations_per_s;
    const o = r.targets.overview_p50_ms;
    lines.push(
      `- ${driver}: creations ${c.applies ? (c.met ? 'met' : 'missed') : 'n/a'} (${fmt(c.value)}/s, ${fmt(r.creation.ratio_http_to_peer * 100, 0)}% of the peer); ` +
        `overview ${o.met ? 'met' : 'missed'} (p50 ${fmt(o.value, 2)} ms)`,
    );
    const other = r.creation.http.cpu.other_busy_pct;
    if (other !== null && other > NOISY_OTHER_BUSY_PCT) {
      lines.push(`  - note: other work kept ${other}% of the machine busy during the HTTP creation run; its figures are lower than on a quiet machine`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const machine = describeMachine();
  log(`control-plane benchmark: drivers ${DRIVERS.join(', ')}; load generator ${SETTINGS.loadgen}`);
  const drivers: Record<string, DriverReport> = {};
  for (const kind of DRIVERS) drivers[kind] = await benchDriver(kind);
  machine.load_average_end = loadAverage();
  const report = {
    benchmark: 'control-plane',
    machine,
    settings: SETTINGS,
    targets: TARGETS,
    drivers,
    duration_s: Math.round(performance.now() - startedAt) / 1000,
  };
  writeResults('control-plane', report, markdown(report), log);

  const failed = Object.values(drivers).some((d) => d.status === 'failed');
  const non2xx = Object.values(drivers).some(
    (d) =>
      d.status === 'ok' &&
      d.creation.http.non2xx + d.creation.http.warmup_non2xx + d.overview.http.first_page.non2xx + d.overview.http.filtered_page.non2xx + d.overview.http.deep_page.non2xx > 0,
  );
  if (non2xx) log('some answers were not 2xx: see sample_error in the results');
  process.exitCode = failed || non2xx ? 1 : 0;
}

await runMain(main);
