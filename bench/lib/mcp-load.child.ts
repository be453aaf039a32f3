import { Client } from 'undici';
import { emit, serveParent } from './child.ts';
import type { CallKind, KindCounts, KindWindow, LoopJob, LoopResult, McpLoadSetup, SequentialJob, SequentialResult, SetupResult } from './mcp-load.ts';
import { perSecond, summarize } from './stats.ts';

// The MCP benchmark's load generator process: see mcp-load.ts.

interface Session {
  client: Client;
  id: string;
  rpcId: number;
}

let setupArg: McpLoadSetup | null = null;
let protocolVersion = '';
let restClients: Client[] = [];
let sessions: Session[] = [];
let expectedBody = '';
let restPath = '';
let restBody = '';
let mcpPrefix = '';
let mcpSuffix = '';
const totals: Record<CallKind, KindCounts> = { rest: emptyCounts(), mcp: emptyCounts() };
let sampleError: string | null = null;

function emptyCounts(): KindCounts {
  return { calls: 0, ok: 0, bad: 0, errors: 0, status_counts: {} };
}

const newClient = (origin: string): Client => new Client(origin, { pipelining: 1, headersTimeout: 10_000, bodyTimeout: 10_000, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });

function mcpHeaders(sessionId?: string): Record<string, string> {
  return {
    authorization: `Bearer ${setupArg!.token}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...(sessionId ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': protocolVersion } : {}),
  };
}

async function post(client: Client, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const res = await client.request({ method: 'POST', path, headers, body });
  return { status: res.statusCode, headers: res.headers as Record<string, unknown>, text: await res.body.text() };
}

async function initSession(origin: string, n: number): Promise<{ session: Session; ms: number; serverInfo: unknown; protocol: string }> {
  const client = newClient(origin);
  const t0 = performance.now();
  const init = await post(
    client,
    '/mcp',
    mcpHeaders(),
    JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'smarteros-bench', version: '1.0.0' } } }),
  );
  const id = init.headers['mcp-session-id'];
  if (init.status !== 200 || typeof id !== 'string') throw new Error(`initialize ${n} answered ${init.status}: ${init.text.slice(0, 500)}`);
  const result = (JSON.parse(init.text) as { result?: { protocolVersion: string; serverInfo: unknown } }).result;
  if (!result) throw new Error(`initialize ${n}: no result: ${init.text.slice(0, 500)}`);
  protocolVersion = result.protocolVersion;
  const note = await post(client, '/mcp', mcpHeaders(id), JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  if (note.status !== 202) throw new Error(`notifications/initialized ${n} answered ${note.status}: ${note.text.slice(0, 500)}`);
  return { session: { client, id, rpcId: 1 }, ms: performance.now() - t0, serverInfo: result.serverInfo, protocol: result.protocolVersion };
}

async function setup(s: McpLoadSetup): Promise<SetupResult> {
  setupArg = s;
  const origin = new URL(s.baseUrl).origin;
  expectedBody = JSON.stringify(s.expectBody);
  restPath = `/api/v1/capabilities/${encodeURIComponent(s.capability)}/invoke`;
  restBody = JSON.stringify(s.input);
  const rpc = JSON.stringify({ jsonrpc: '2.0', id: 999_999_999, method: 'tools/call', params: { name: s.capability, arguments: s.input } });
  [mcpPrefix, mcpSuffix] = rpc.split('999999999') as [string, string];
  restClients = Array.from({ length: s.restConnections }, () => newClient(origin));
  const initMs: number[] = [];
  let serverInfo: unknown = null;
  // Ten at a time: the sessions are opened before anything is measured.
  for (let from = 0; from < s.sessions; from += 10) {
    const batch = await Promise.all(Array.from({ length: Math.min(10, s.sessions - from) }, (_, i) => initSession(origin, from + i)));
    for (const b of batch) {
      sessions.push(b.session);
      initMs.push(b.ms);
      serverInfo = b.serverInfo;
    }
  }
  const first = sessions[0]!;
  const list = await post(first.client, '/mcp', mcpHeaders(first.id), JSON.stringify({ jsonrpc: '2.0', id: first.rpcId++, method: 'tools/list' }));
  const tools = (JSON.parse(list.text) as { result?: { tools?: Array<{ name: string }> } }).result?.tools ?? [];
  // One call of each kind, to record how the server frames its answers (counted like every other call).
  const answerHeaders = {} as SetupResult['answer_headers'];
  for (const kind of ['rest', 'mcp'] as const) {
    const r = await call(kind, 0, (h) => (answerHeaders[kind] = h));
    if (typeof r !== 'number') throw new Error(`the first ${kind} call failed: ${sampleError ?? r}`);
  }
  return {
    protocol_version: protocolVersion,
    server_info: serverInfo,
    sessions: sessions.length,
    init_ms: summarize(initMs),
    tool_listed: tools.some((t) => t.name === s.capability),
    answer_headers: answerHeaders,
  };
}

/** One call; its latency in ms when the answer was correct, or 'bad' / 'error'. */
async function call(kind: CallKind, index: number, onHeaders?: (headers: Record<string, unknown>) => void): Promise<number | 'bad' | 'error'> {
  const counts = totals[kind];
  counts.calls++;
  let status: number;
  let text: string;
  let rpcId = 0;
  const t0 = performance.now();
  let t1: number;
  try {
    if (kind === 'rest') {
      const res = await restClients[index % restClients.length]!.request({
        method: 'POST',
        path: restPath,
        headers: { authorization: `Bearer ${setupArg!.token}`, 'content-type': 'application/json' },
        body: restBody,
      });
      status = res.statusCode;
      onHeaders?.(res.headers);
      text = await res.body.text();
    } else {
      const s = sessions[index % sessions.length]!;
      rpcId = s.rpcId++;
      const res = await s.client.request({ method: 'POST', path: '/mcp', headers: mcpHeaders(s.id), body: `${mcpPrefix}${rpcId}${mcpSuffix}` });
      status = res.statusCode;
      onHeaders?.(res.headers);
      text = await res.body.text();
    }
    t1 = performance.now();
  } catch (err) {
    counts.errors++;
    sampleError ??= `${kind}: ${err instanceof Error ? err.message : String(err)}`;
    return 'error';
  }
  counts.status_counts[status] = (counts.status_counts[status] ?? 0) + 1;
  let good = false;
  if (status === 200) {
    try {
      if (kind === 'rest') {
        const j = JSON.parse(text) as { capability?: string; status?: number; body?: unknown };
        good = j.capability === setupArg!.capability && j.status === 200 && JSON.stringify(j.body) === expectedBody;
      } else {
        const j = JSON.parse(text) as { id?: number; result?: { isError?: boolean; content?: Array<{ type: string; text?: string }>; structuredContent?: { status?: number; body?: unknown } } };
        const r = j.result;
        good =
          j.id === rpcId &&
          !!r &&
          r.isError !== true &&
          r.structuredContent?.status === 200 &&
          JSON.stringify(r.structuredContent.body) === expectedBody &&
          r.content?.[0]?.type === 'text' &&
          typeof r.content[0].text === 'string' &&
          r.content[0].text.includes('"total":2');
      }
    } catch {
      good = false;
    }
  }
  if (!good) {
    counts.bad++;
    sampleError ??= `${kind}: ${status} ${text.slice(0, 1000)}`;
    return 'bad';
  }
  counts.ok++;
  return t1 - t0;
}

async function loops(job: LoopJob): Promise<LoopResult> {
  if (!setupArg) throw new Error('setup first');
  const kinds = [...new Set(job.kinds)];
  const t0 = performance.now();
  const windowStart = t0 + job.warmupSeconds * 1000;
  const windowEnd = windowStart + job.seconds * 1000;
  const before = structuredClone(totals);
  const win = Object.fromEntries(kinds.map((k) => [k, { ok: 0, bad: 0, errors: 0, latencies: [] as number[], perSecond: new Array<number>(job.seconds).fill(0) }]));
  let cpuAtStart = process.cpuUsage();
  let cpuMs = 0;
  const startTimer = setTimeout(() => {
    cpuAtStart = process.cpuUsage();
    emit('window-start');
  }, Math.max(0, windowStart - performance.now()));
  const endTimer = setTimeout(() => {
    const d = process.cpuUsage(cpuAtStart);
    cpuMs = Math.round((d.user + d.system) / 1000);
    emit('window-end');
  }, Math.max(0, windowEnd - performance.now()));

  const loop = async (i: number) => {
    const kind = job.kinds[i % job.kinds.length]!;
    const index = Math.floor(i / job.kinds.length);
    const w = win[kind]!;
    while (performance.now() < windowEnd) {
      const r = await call(kind, index);
      const now = performance.now();
      const inWindow = now >= windowStart && now < windowEnd;
      if (typeof r === 'number') {
        if (inWindow) {
          w.ok++;
          w.latencies.push(r);
          w.perSecond[Math.min(job.seconds - 1, Math.floor((now - windowStart) / 1000))]!++;
        }
      } else {
        if (inWindow) w[r === 'bad' ? 'bad' : 'errors']++;
        if (r === 'error') await new Promise((res) => setTimeout(res, 10));
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: job.loops }, (_, i) => loop(i)));
    // The window-end timer may fire a moment after the last loop stopped.
    while (cpuMs === 0 && performance.now() < windowEnd + 1000) await new Promise((r) => setTimeout(r, 5));
  } finally {
    clearTimeout(startTimer);
    clearTimeout(endTimer);
  }
  const windowMs = job.seconds * 1000;
  const window: LoopResult['window'] = {};
  const whole: LoopResult['whole_run'] = {};
  const samples: LoopResult['samples'] = {};
  for (const k of kinds) {
    const w = win[k]!;
    window[k] = { per_s: perSecond(w.ok, windowMs), ok: w.ok, bad: w.bad, errors: w.errors, per_second: w.perSecond, latency_ms: summarize(w.latencies) } satisfies KindWindow;
    whole[k] = diffCounts(totals[k], before[k]);
    if (job.keepSamples) samples[k] = w.latencies.map((v) => Math.round(v * 1000) / 1000);
  }
  return { label: job.label, loops: job.loops, window_ms: windowMs, window, whole_run: whole, ...(job.keepSamples ? { samples } : {}), sample_error: sampleError, loadgen_cpu_ms: cpuMs };
}

function diffCounts(a: KindCounts, b: KindCounts): KindCounts {
  const status: Record<string, number> = {};
  for (const [k, v] of Object.entries(a.status_counts)) {
    const d = v - (b.status_counts[k] ?? 0);
    if (d) status[k] = d;
  }
  return { calls: a.calls - b.calls, ok: a.ok - b.ok, bad: a.bad - b.bad, errors: a.errors - b.errors, status_counts: status };
}

async function sequential(job: SequentialJob): Promise<SequentialResult> {
  if (!setupArg) throw new Error('setup first');
  const before = structuredClone(totals);
  for (let i = 0; i < job.warmup; i++) {
    await call('rest', 0);
    await call('mcp', 0);
  }
  const rest: number[] = [];
  const mcp: number[] = [];
  const delta: number[] = [];
  const cpu0 = process.cpuUsage();
  emit('window-start');
  const t0 = performance.now();
  for (let i = 0; i < job.count; i++) {
    // Alternate which kind goes first, so that neither always follows the other.
    const order: CallKind[] = i % 2 === 0 ? ['rest', 'mcp'] : ['mcp', 'rest'];
    const got: Partial<Record<CallKind, number>> = {};
    for (const k of order) {
      const r = await call(k, 0);
      if (typeof r === 'number') got[k] = r;
    }
    if (got.rest !== undefined) rest.push(got.rest);
    if (got.mcp !== undefined) mcp.push(got.mcp);
    if (got.rest !== undefined && got.mcp !== undefined) delta.push(got.mcp - got.rest);
  }
  const windowMs = Math.round(performance.now() - t0);
  emit('window-end');
  const d = process.cpuUsage(cpu0);
  return {
    label: job.label,
    rest: summarize(rest),
    mcp: summarize(mcp),
    paired_delta_ms: summarize(delta),
    window_ms: windowMs,
    whole_run: { rest: diffCounts(totals.rest, before.rest), mcp: diffCounts(totals.mcp, before.mcp) },
    sample_error: sampleError,
    loadgen_cpu_ms: Math.round((d.user + d.system) / 1000),
  };
}


async function teardown(): Promise<{ deleted: number }> {
  let deleted = 0;
  for (const s of sessions) {
    try {
      const { 'content-type': _json, ...headers } = mcpHeaders(s.id);
      const res = await s.client.request({ method: 'DELETE', path: '/mcp', headers });
      await res.body.dump();
      if (res.statusCode === 200) deleted++;
    } catch {
      // the server may be gone already
    }
  }
  await Promise.all([...sessions.map((s) => s.client.close().catch(() => {})), ...restClients.map((c) => c.close().catch(() => {}))]);
  sessions = [];
  restClients = [];
  setupArg = null;
  for (const k of ['rest', 'mcp'] as const) totals[k] = emptyCounts();
  sampleError = null;
  return { deleted };
}

serveParent(
  { pid: process.pid },
  {
    setup: (arg) => setup(arg as McpLoadSetup),
    loops: (arg) => loops(arg as LoopJob),
    sequential: (arg) => sequential(arg as SequentialJob),
    totals: () => structuredClone(totals),
    teardown: () => teardown(),
    close: async () => {
      await Promise.all([...sessions.map((s) => s.client.destroy().catch(() => {})), ...restClients.map((c) => c.destroy().catch(() => {}))]);
    },
  },
);
