import { Worker } from 'node:worker_threads';
import { runLoadJob, type LoadJob, type LoadResult } from './loadgen.ts';

export type LoadgenMode = 'worker' | 'inline';

type WorkerReply = { ok: true; result: LoadResult } | { ok: false; error: string };

/** Runs a load job in a worker thread (default) or on the main thread. */
export async function runLoad(job: LoadJob, mode: LoadgenMode): Promise<LoadResult> {
  if (mode === 'inline') return runLoadJob(job);
  const worker = new Worker(new URL('./loadgen.worker.ts', import.meta.url), { workerData: job });
  try {
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      worker.once('message', (m: WorkerReply) => resolve(m));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`load generator exited with code ${code} before answering`)));
    });
    if (!reply.ok) throw new Error(`load generator failed: ${reply.error}`);
    return reply.result;
  } finally {
    await worker.terminate();
  }
}
