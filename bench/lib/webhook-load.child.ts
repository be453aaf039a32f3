import { Pool } from 'undici';
import { emit, serveParent } from './child.ts';
import { perSecond, summarize } from './stats.ts';
import { signature, textDelivery, wamidOf, type WebhookCounts, type WebhookLoadJob, type WebhookLoadResult } from './webhook-load.ts';

// The webhook load generator's process: see webhook-load.ts.

const emptyCounts = (): WebhookCounts => ({ completed: 0, ok: 0, non200: 0, status_counts: {} });

function count(c: WebhookCounts, status: number): void {
  c.completed++;
  c.status_counts[status] = (c.status_counts[status] ?? 0) + 1;
  if (status === 200) c.ok++;
  else c.non200++;
}

/** How many recent deliveries a redelivery is picked from. */
const RECENT = 2000;

async function run(job: WebhookLoadJob): Promise<WebhookLoadResult> {
  const pool = new Pool(job.origin, { connections: job.connections, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: job.timeoutMs, bodyTimeout: job.timeoutMs });
  const whole = emptyCounts();
  const win = emptyCounts();
  const latencies: number[] = [];
  const perSecondOk = new Array<number>(job.seconds).fill(0);
  let newOkInWindow = 0;
  let uniqueSent = 0;
  let uniqueAccepted = 0;
  let redeliveries = 0;
  let requests = 0;
  let errors = 0;
  let sampleError: WebhookLoadResult['sample_error'] = null;
  let sampleErrorMessage: string | null = null;
  const recent: Array<{ body: string; signature: string }> = [];

  const t0 = performance.now();
  const windowStart = t0 + job.warmupSeconds * 1000;
  const windowEnd = windowStart + job.seconds * 1000;
  const startTimer = setTimeout(() => emit('window-start'), Math.max(0, windowStart - performance.now()));
  const endTimer = setTimeout(() => emit('window-end'), Math.max(0, windowEnd - performance.now()));

  async function connection(): Promise<void> {
    while (performance.now() < windowEnd) {
      const k = requests++;
      let delivery: { body: string; signature: string };
      const redelivery = k % job.redeliveryEvery === job.redeliveryEvery - 1 && recent.length > 0;
      if (redelivery) {
        delivery = recent[Math.floor(Math.random() * recent.length)]!;
        redeliveries++;
      } else {
        const n = uniqueSent++;
        const body = textDelivery(job.phoneNumberId, wamidOf(job.tag, n), n % job.customers, `Hola, tienen stock del producto ${n}? Quiero 2 unidades.`);
        delivery = { body, signature: signature(body, job.appSecret) };
        if (recent.length < RECENT) recent.push(delivery);
        else recent[n % RECENT] = delivery;
      }
      const start = performance.now();
      try {
        const res = await pool.request({
          method: 'POST',
          path: job.path,
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': delivery.signature },
          body: delivery.body,
        });
        const text = await res.body.text();
        const end = performance.now();
        const status = res.statusCode;
        count(whole, status);
        if (status === 200 && !redelivery) uniqueAccepted++;
        if (status !== 200) sampleError ??= { status, body: text.slice(0, 2000) };
        if (end >= windowStart && end < windowEnd) {
          count(win, status);
          if (status === 200) {
            latencies.push(end - start);
            perSecondOk[Math.min(job.seconds - 1, Math.floor((end - windowStart) / 1000))]!++;
            if (!redelivery) newOkInWindow++;
          }
        }
      } catch (err) {
        errors++;
        sampleErrorMessage ??= err instanceof Error ? err.message : String(err);
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: job.connections }, () => connection()));
  } finally {
    clearTimeout(startTimer);
    clearTimeout(endTimer);
    await pool.close();
  }
  const windowMs = job.seconds * 1000;
  return {
    label: job.label,
    connections: job.connections,
    window: {
      ...win,
      ms: windowMs,
      ok_per_s: perSecond(win.ok, windowMs),
      new_messages_ok_per_s: perSecond(newOkInWindow, windowMs),
      per_second: perSecondOk,
      latency_ms: summarize(latencies),
    },
    whole_run: { ...whole, unique_sent: uniqueSent, redeliveries_sent: redeliveries, unique_accepted: uniqueAccepted, errors, duration_ms: Math.round(performance.now() - t0) },
    sample_error: sampleError,
    sample_error_message: sampleErrorMessage,
  };
}

serveParent({ pid: process.pid }, { run: (job) => run(job as WebhookLoadJob) });
