import { startChild, type ChildHandle } from './child.ts';
import type { LatencySummary } from './stats.ts';

/**
 * The MCP benchmark's load generator, in a process of its own (mcp-load.child.ts): undici Clients (one connection
 * each), so that each MCP session keeps its own connection and the same client code drives both kinds of call:
 *
 * - `rest`: POST /api/v1/capabilities/:name/invoke with the input as the body;
 * - `mcp`: a JSON-RPC tools/call over Streamable HTTP in an initialized session (Mcp-Session-Id,
 *   Mcp-Protocol-Version, Accept: application/json, text/event-stream), answered as JSON (enableJsonResponse).
 *
 * Every answer is checked: REST 200 with the upstream's body; MCP 200, a JSON-RPC result for the request's id, no
 * isError, structuredContent with the upstream's body and a text content. The generator counts every call it made of
 * each kind (all of them answered: loops stop after their call in flight), so that the benchmark can compare the counts
 * with the MCP audit and the gateway's request log.
 */
export type CallKind = 'rest' | 'mcp';

export interface McpLoadSetup {
  baseUrl: string;
  token: string;
  capability: string;
  input: Record<string, unknown>;
  /** MCP sessions to initialize (one connection each). */
  sessions: number;
  /** REST connections to open. */
  restConnections: number;
  /** What a correct answer's upstream body holds (compared as JSON). */
  expectBody: unknown;
}

export interface SetupResult {
  protocol_version: string;
  server_info: unknown;
  sessions: number;
  /** Time to initialize one session (initialize + notifications/initialized), ms. */
  init_ms: LatencySummary;
  /** tools/list of the first session had the capability. */
  tool_listed: boolean;
  /** The HTTP headers of one answer of each kind (framing: content-length or chunked). */
  answer_headers: Record<CallKind, Record<string, unknown>>;
}

export interface KindCounts {
  calls: number;
  ok: number;
  /** Answered, but not a correct result (HTTP status, JSON-RPC error, isError, wrong body). */
  bad: number;
  /** No answer: a connection error or a timeout. */
  errors: number;
  status_counts: Record<string, number>;
}

export interface LoopJob {
  label: string;
  /** Loop i calls `kinds[i % kinds.length]`. */
  kinds: CallKind[];
  /** Concurrent loops (each with its own connection, and for MCP its own session). 1 = sequential. */
  loops: number;
  warmupSeconds: number;
  seconds: number;
  /** Keep the latency of every measured call (the sequential comparison pairs them). */
  keepSamples?: boolean;
}

export interface KindWindow {
  /** Correct answers in the window, per second. */
  per_s: number;
  ok: number;
  bad: number;
  errors: number;
  /** Correct answers per second of the window. */
  per_second: number[];
  latency_ms: LatencySummary;
}

export interface LoopResult {
  label: string;
  loops: number;
  window_ms: number;
  window: Partial<Record<CallKind, KindWindow>>;
  /** Every call of the run (warm-up included). */
  whole_run: Partial<Record<CallKind, KindCounts>>;
  samples?: Partial<Record<CallKind, number[]>>;
  sample_error: string | null;
  loadgen_cpu_ms: number;
}

export interface SequentialJob {
  label: string;
  warmup: number;
  /** Measured calls of each kind, alternating rest, mcp, rest, mcp... on one connection each, one call at a time. */
  count: number;
}

export interface SequentialResult {
  label: string;
  rest: LatencySummary;
  mcp: LatencySummary;
  /** mcp[i] - rest[i] of consecutive pairs. */
  paired_delta_ms: LatencySummary;
  window_ms: number;
  whole_run: Record<CallKind, KindCounts>;
  sample_error: string | null;
  loadgen_cpu_ms: number;
}

export interface McpLoadGenerator {
  pid: number;
  setup(s: McpLoadSetup): Promise<SetupResult>;
  loops(job: LoopJob, onWindow?: (edge: 'start' | 'end') => void): Promise<LoopResult>;
  sequential(job: SequentialJob, onWindow?: (edge: 'start' | 'end') => void): Promise<SequentialResult>;
  /** Calls made so far by kind, since setup. */
  totals(): Promise<Record<CallKind, KindCounts>>;
  /** Ends the sessions (DELETE /mcp) and closes the connections. */
  teardown(): Promise<{ deleted: number }>;
  stop(): Promise<void>;
}

export async function startMcpLoadGenerator(): Promise<McpLoadGenerator> {
  let listener: ((edge: 'start' | 'end') => void) | undefined;
  const child: ChildHandle<{ pid: number }> = await startChild('mcp load generator', new URL('./mcp-load.child.ts', import.meta.url), null, {
    onEvent: (name) => {
      if (name === 'window-start') listener?.('start');
      if (name === 'window-end') listener?.('end');
    },
  });
  const withWindow = async <T>(op: string, arg: unknown, onWindow?: (edge: 'start' | 'end') => void): Promise<T> => {
    listener = onWindow;
    try {
      return await child.call<T>(op, arg);
    } finally {
      listener = undefined;
    }
  };
  return {
    pid: child.pid,
    setup: (s) => child.call('setup', s),
    loops: (job, onWindow) => withWindow('loops', job, onWindow),
    sequential: (job, onWindow) => withWindow('sequential', job, onWindow),
    totals: () => child.call('totals'),
    teardown: () => child.call('teardown'),
    stop: () => child.stop(),
  };
}
