/** Latency and rate summaries. Every duration is in milliseconds, rounded to 0.01 ms. */

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(values: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const n = sorted.length;
  return {
    count: n,
    mean: n ? round2(sum / n) : Number.NaN,
    p50: round2(percentile(sorted, 50)),
    p90: round2(percentile(sorted, 90)),
    p99: round2(percentile(sorted, 99)),
    max: n ? round2(sorted[n - 1]!) : Number.NaN,
  };
}

export const perSecond = (count: number, elapsedMs: number): number => (elapsedMs > 0 ? Math.round((count / elapsedMs) * 1000 * 10) / 10 : 0);

/** Runs fn `warmup` times unmeasured, then `count` times sequentially, timing each call. */
export async function timeSequential(fn: () => Promise<unknown>, opts: { warmup: number; count: number }): Promise<LatencySummary> {
  for (let i = 0; i < opts.warmup; i++) await fn();
  const times = new Float64Array(opts.count);
  for (let i = 0; i < opts.count; i++) {
    const start = performance.now();
    await fn();
    times[i] = performance.now() - start;
  }
  return summarize(times);
}
