import type { LatencySummary } from './stats.ts';
import { startChild, type ChildHandle } from './child.ts';

/**
 * HTTP load with autocannon in a process of its own (http-load.child.ts), over a fixed duration: a warm-up, then a
 * measured window, in one continuous run (the connections stay open from the warm-up into the window). Two modes:
 *
 * - closed loop: `connections` connections, each sending its next request as soon as the previous answer arrives;
 * - fixed rate (`rate` requests/s in all): autocannon's overallRate, split over `connections` single-connection
 *   instances whose one-second windows are staggered evenly across the second. autocannon paces a connection by
 *   letting it send its quota for the second back to back and then pausing until the second is over; with one
 *   instance of 50 connections all 50 seconds start together, so the whole second's load arrives in a burst at the
 *   full speed of the target and the "half rate" latencies would be those of saturation. Staggering spreads the
 *   bursts over the second.
 *
 * Responses are attributed to the window by the time they arrive. The whole run (warm-up included) is counted too:
 * requests sent, answered, still in flight when the run stopped, errors; a benchmark compares them with what the target
 * says it served.
 */
export interface HttpLoadJob {
  label: string;
  /** Full URL, path and query included. */
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Requests per second over all connections (fixed rate); absent: closed loop. */
  rate?: number;
  /** Every 2xx answer must contain each of these strings; the others count as body mismatches. */
  expectInBody?: string[];
}

export interface HttpLoadCounts {
  completed: number;
  ok: number;
  non2xx: number;
  status_counts: Record<string, number>;
  body_mismatches: number;
}

export interface HttpLoadResult {
  label: string;
  mode: 'closed-loop' | 'fixed-rate';
  connections: number;
  rate_target: number | null;
  /** The measured window. */
  window: HttpLoadCounts & {
    ms: number;
    /** 2xx answers per second over the window. */
    per_s: number;
    /** 2xx answers in each second of the window (a stall or a hiccup shows here). */
    per_second: number[];
    /** Latency of the 2xx answers, from the request written to the answer read. */
    latency_ms: LatencySummary;
  };
  /** Warm-up and window together, until the load generator stopped. */
  whole_run: HttpLoadCounts & {
    /** Requests written: answered + in flight at the stop + errors (exact when errors is 0). */
    sent: number;
    in_flight_at_stop: number;
    /** Connection errors and timeouts. */
    errors: number;
    timeouts: number;
    duration_ms: number;
  };
  sample_error: { status: number; body: string } | null;
  sample_error_message: string | null;
  /** CPU time of the load generator's process during the window. */
  loadgen_cpu_ms: number;
}

export interface LoadGenerator {
  pid: number;
  /** Runs a job; onWindow is called when the measured window starts and ends (to sample other processes' CPU). */
  run(job: HttpLoadJob, onWindow?: (edge: 'start' | 'end') => void): Promise<HttpLoadResult>;
  stop(): Promise<void>;
}

export async function startLoadGenerator(): Promise<LoadGenerator> {
  let listener: ((edge: 'start' | 'end') => void) | undefined;
  const child: ChildHandle<{ pid: number }> = await startChild('load generator', new URL('./http-load.child.ts', import.meta.url), null, {
    onEvent: (name) => {
      if (name === 'window-start') listener?.('start');
      if (name === 'window-end') listener?.('end');
    },
  });
  return {
    pid: child.pid,
    async run(job, onWindow) {
      listener = onWindow;
      try {
        return await child.call<HttpLoadResult>('run', job);
      } finally {
        listener = undefined;
      }
    },
    stop: () => child.stop(),
  };
}
