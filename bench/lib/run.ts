/**
 * A benchmark run's lifecycle, shared by the benchmarks: progress on stderr (seconds since the start), cleanups that
 * run in reverse order of registration, a watchdog and SIGINT/SIGTERM handling that clean up before stopping, the
 * machine's description and the results written to bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcessMeter } from './proc-cpu.ts';

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

export interface Run {
  /** performance.now() when the run started. */
  startedAt: number;
  /** A progress line on stderr, prefixed with the seconds since the start. */
  log(message: string): void;
  /** Registers `fn` to run on cleanup, and returns a function that runs it now (once) instead. */
  onCleanup(fn: () => Promise<void>): () => Promise<void>;
  /** Runs what is still registered, newest first. */
  runCleanups(): Promise<void>;
  /** Runs `main`; a throw is logged and sets exit code 1; what is still registered is cleaned up either way. */
  main(main: () => Promise<void>): Promise<void>;
}

export interface RunOptions {
  /** The whole run stops by itself after this long, cleaning up what it created (exit code 2). */
  watchdogMs: number;
  /** After an abort, the process exits after this long even when the cleanups have not finished. */
  hardExitMs: number;
}

export function startRun(options: RunOptions): Run {
  const startedAt = performance.now();
  const log = (message: string): void => {
    process.stderr.write(`[${((performance.now() - startedAt) / 1000).toFixed(1).padStart(6)}s] ${message}\n`);
  };

  const cleanups = new Set<() => Promise<void>>();
  async function runCleanups(): Promise<void> {
    for (const fn of [...cleanups].reverse()) {
      cleanups.delete(fn);
      await fn().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
    }
  }
  function abort(reason: string, code: number): void {
    log(`${reason}: cleaning up and stopping`);
    const hard = setTimeout(() => process.exit(code), options.hardExitMs);
    hard.unref();
    void runCleanups().finally(() => process.exit(code));
  }
  const watchdog = setTimeout(() => abort(`the benchmark ran longer than ${options.watchdogMs / 1000}s`, 2), options.watchdogMs);
  watchdog.unref();
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));

  function onCleanup(fn: () => Promise<void>): () => Promise<void> {
    let done = false;
    const once = async (): Promise<void> => {
      if (done) return;
      done = true;
      cleanups.delete(once);
      await fn();
    };
    cleanups.add(once);
    return once;
  }

  async function main(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      log(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    } finally {
      await runCleanups();
    }
  }

  return { startedAt, log, onCleanup, runCleanups, main };
}

/** The drivers named in an environment variable (comma-separated), or in `fallback`; unknown names are dropped. */
export function driversFromEnv(value: string | undefined, fallback: string): Array<'postgres' | 'pglite'> {
  return (value ?? fallback)
    .split(',')
    .map((d) => d.trim())
    .filter((d): d is 'postgres' | 'pglite' => d === 'postgres' || d === 'pglite');
}

/** The machine's load averages (1, 5, 15 min), two decimals. */
export const loadAverage = (): number[] => os.loadavg().map((v) => Math.round(v * 100) / 100);

/** The machine a report was measured on; `load_average_end` is filled in at the end of the run. */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? 'unknown',
    total_memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    /** Other programs share this machine: its load averages (1, 5, 15 min) before and after the run. */
    load_average_start: loadAverage(),
    load_average_end: [] as number[],
  };
}

/** Busy share of all cores over 2 s (before anything of a benchmark started: other work). */
export async function machineBusyPct(): Promise<number | null> {
  const meter = await startProcessMeter({});
  await new Promise((r) => setTimeout(r, 2000));
  return (await meter.stop()).machine_busy_pct;
}

/** Writes bench/results/<name>.json and <name>.md, and the JSON to stdout. */
export function writeResults(name: string, report: { duration_s: number }, markdown: string, log: (message: string) => void): void {
  const json = JSON.stringify(report, null, 2);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${json}\n`);
  writeFileSync(join(RESULTS_DIR, `${name}.md`), markdown);
  process.stdout.write(`${json}\n`);
  log(`done in ${report.duration_s}s; results in bench/results/${name}.{json,md}`);
}
