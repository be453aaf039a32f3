import autocannon, { type RawRequest } from 'autocannon';
import { summarize, type LatencySummary } from './stats.ts';
import { tenantInput } from './tenants.ts';

/**
 * HTTP load with autocannon. A job runs a warm-up phase (not counted) and then one measured phase of `amount`
 * requests, stopped early after `maxSeconds`. Runs in a worker thread (loadgen.worker.ts) so that the client's work
 * does not share the server's event loop, or inline.
 */
interface JobBase {
  /** http://host:port */
  baseUrl: string;
  token: string;
  connections: number;
  warmup: number;
  amount: number;
  maxSeconds: number;
}

export type LoadJob =
  | (JobBase & { kind: 'create-tenants'; rutStart: number })
  | (JobBase & { kind: 'get'; path: string });

export interface PhaseResult {
  /** Responses received (any status). */
  completed: number;
  ok: number;
  non2xx: number;
  statusCounts: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  /** From the first request sent to the last response received. */
  elapsedMs: number;
  /** Latency of 2xx responses. */
  latency: LatencySummary;
  sampleError: { status: number; body: string } | null;
  /** CPU time of the thread that ran the load generator during this phase. */
  threadCpuMs: number;
}

export interface LoadResult {
  warmup: PhaseResult;
  measured: PhaseResult;
  /** Next unused RUT body (create-tenants). */
  nextRut: number;
}

function runPhase(job: LoadJob, amount: number, nextRequest: () => RawRequest): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const statusCounts: Record<string, number> = {};
    let completed = 0;
    let ok = 0;
    let sampleError: PhaseResult['sampleError'] = null;
    let lastResponseAt = 0;
    const cpu0 = process.threadCpuUsage();
    const start = performance.now();
    const instance = autocannon(
      {
        url: `${job.baseUrl}${job.kind === 'get' ? job.path : '/api/v1/tenants'}`,
        connections: Math.min(job.connections, amount),
        duration: job.maxSeconds,
        maxOverallRequests: amount,
        timeout: 30,
        headers: {
          authorization: `Bearer ${job.token}`,
          ...(job.kind === 'create-tenants' ? { 'content-type': 'application/json' } : {}),
        },
        requests: [
          {
            setupRequest: (request) => ({ ...request, ...nextRequest() }),
            onResponse: (status, body) => {
              if ((status < 200 || status >= 300) && !sampleError) sampleError = { status, body: body.slice(0, 2000) };
            },
          },
        ],
      },
      (err, result) => {
        const cpu1 = process.threadCpuUsage(cpu0);
        if (err) return reject(err);
        resolve({
          completed,
          ok,
          non2xx: completed - ok,
          statusCounts,
          errors: result.errors,
          elapsedMs: Math.round((lastResponseAt - start) * 100) / 100,
          latency: summarize(latencies),
          sampleError,
          threadCpuMs: Math.round((cpu1.user + cpu1.system) / 1000),
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      completed++;
      lastResponseAt = performance.now();
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) {
        ok++;
        latencies.push(responseTime);
      }
    });
  });
}

export async function runLoadJob(job: LoadJob): Promise<LoadResult> {
  let rut = job.kind === 'create-tenants' ? job.rutStart : 0;
  const nextRequest = (): RawRequest =>
    job.kind === 'create-tenants' ? { method: 'POST', path: '/api/v1/tenants', body: JSON.stringify(tenantInput(rut++)) } : { method: 'GET', path: job.path };
  const warmup = job.warmup > 0 ? await runPhase(job, job.warmup, nextRequest) : emptyPhase();
  const measured = await runPhase(job, job.amount, nextRequest);
  return { warmup, measured, nextRut: rut };
}

function emptyPhase(): PhaseResult {
  return { completed: 0, ok: 0, non2xx: 0, statusCounts: {}, errors: 0, elapsedMs: 0, latency: summarize([]), sampleError: null, threadCpuMs: 0 };
}
