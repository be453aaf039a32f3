import autocannon, { type Options } from 'autocannon';
import { emit, serveParent } from './child.ts';
import type { HttpLoadCounts, HttpLoadJob, HttpLoadResult } from './http-load.ts';
import { perSecond, summarize } from './stats.ts';

// The load generator's process: see http-load.ts.

interface AutocannonClient {
  once(event: 'done', fn: () => void): void;
  pipelinedRequests: { size(): number };
}

const emptyCounts = (): HttpLoadCounts => ({ completed: 0, ok: 0, non2xx: 0, status_counts: {}, body_mismatches: 0 });

function count(c: HttpLoadCounts, status: number, mismatch: boolean): void {
  c.completed++;
  c.status_counts[status] = (c.status_counts[status] ?? 0) + 1;
  if (status >= 200 && status < 300) {
    c.ok++;
    if (mismatch) c.body_mismatches++;
  } else {
    c.non2xx++;
  }
}

async function run(job: HttpLoadJob): Promise<HttpLoadResult> {
  const fixedRate = job.rate !== undefined;
  const instances = fixedRate ? job.connections : 1;
  const staggerMs = fixedRate ? 1000 / instances : 0;
  const durationS = job.warmupSeconds + job.seconds + (fixedRate ? 1 : 0);
  const target = new URL(job.url);
  const path = `${target.pathname}${target.search}`;

  const whole = emptyCounts();
  const win = emptyCounts();
  const latencies: number[] = [];
  const perSecondOk = new Array<number>(job.seconds).fill(0);
  let errors = 0;
  let timeouts = 0;
  let inFlight = 0;
  let sampleError: HttpLoadResult['sample_error'] = null;
  let sampleErrorMessage: string | null = null;
  const seenClients = new WeakSet<object>();
  let lastMismatch = false;

  const t0 = performance.now();
  const windowStart = t0 + job.warmupSeconds * 1000;
  const windowEnd = windowStart + job.seconds * 1000;
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

  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const share = fixedRate ? Math.floor(job.rate! / instances) + (i < job.rate! % instances ? 1 : 0) : 0;
      const options: Options & { overallRate?: number; sampleInt?: number } = {
        url: target.origin,
        connections: fixedRate ? 1 : job.connections,
        duration: durationS,
        timeout: 10,
        sampleInt: 250,
        ...(fixedRate ? { overallRate: Math.max(1, share) } : {}),
        requests: [
          {
            method: job.method,
            path,
            headers: job.headers,
            ...(job.body !== undefined ? { body: job.body } : {}),
            onResponse: (status, body) => {
              lastMismatch = status >= 200 && status < 300 && !!job.expectInBody?.some((s) => !body.includes(s));
              if ((status < 200 || status >= 300 || lastMismatch) && !sampleError) sampleError = { status, body: body.slice(0, 2000) };
            },
          },
        ],
      };
      const instance = autocannon(options, (err, result) => {
        if (err) return reject(err);
        timeouts += result.timeouts;
        resolve();
      });
      instance.on('response', (client: unknown, status: number, _bytes: number, responseTime: number) => {
        const now = performance.now();
        const c = client as AutocannonClient;
        if (!seenClients.has(c)) {
          seenClients.add(c);
          // Called before autocannon drops the client's queue: what it had written and not yet seen answered.
          c.once('done', () => (inFlight += c.pipelinedRequests.size()));
        }
        const mismatch = lastMismatch;
        lastMismatch = false;
        count(whole, status, mismatch);
        if (now >= windowStart && now < windowEnd) {
          count(win, status, mismatch);
          if (status >= 200 && status < 300) {
            latencies.push(responseTime);
            perSecondOk[Math.min(job.seconds - 1, Math.floor((now - windowStart) / 1000))]!++;
          }
        }
      });
      instance.on('reqError', (err: Error) => {
        errors++;
        sampleErrorMessage ??= err.message;
      });
    });

  const runs: Promise<void>[] = [];
  for (let i = 0; i < instances; i++) {
    runs.push(i === 0 ? one(0) : new Promise<void>((r) => setTimeout(r, i * staggerMs)).then(() => one(i)));
  }
  try {
    await Promise.all(runs);
  } finally {
    clearTimeout(startTimer);
    clearTimeout(endTimer);
  }
  const windowMs = job.seconds * 1000;
  return {
    label: job.label,
    mode: fixedRate ? 'fixed-rate' : 'closed-loop',
    connections: job.connections,
    rate_target: job.rate ?? null,
    window: { ...win, ms: windowMs, per_s: perSecond(win.ok, windowMs), per_second: perSecondOk, latency_ms: summarize(latencies) },
    whole_run: {
      ...whole,
      sent: whole.completed + inFlight + errors,
      in_flight_at_stop: inFlight,
      errors,
      timeouts,
      duration_ms: Math.round(performance.now() - t0),
    },
    sample_error: sampleError,
    sample_error_message: sampleErrorMessage,
    loadgen_cpu_ms: cpuMs,
  };
}

serveParent({ pid: process.pid }, { run: (job) => run(job as HttpLoadJob) });
