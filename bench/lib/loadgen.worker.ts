import { parentPort, workerData } from 'node:worker_threads';
import { runLoadJob, type LoadJob } from './loadgen.ts';

// Worker-thread entry of loadgen.ts: runs one job and posts its result (or its error message) back.
try {
  parentPort!.postMessage({ ok: true, result: await runLoadJob(workerData as LoadJob) });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
