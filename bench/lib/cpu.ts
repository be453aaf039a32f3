import { readFileSync } from 'node:fs';

/**
 * Where the CPU goes during a phase: this process's main thread (the server, its drivers and, with PGlite, the
 * database itself), the load generator's thread, the PostgreSQL backends of the benchmark database, and whatever else
 * kept the machine busy (PostgreSQL's background processes, other programs). Linux /proc; elsewhere the machine and
 * backend figures are null.
 */
export interface CpuUse {
  wall_ms: number;
  ops: number;
  /** Busy share of all cores of the machine, 0..100. */
  machine_busy_pct: number | null;
  /** CPU ms per operation of the server's thread. */
  main_thread_ms_per_op: number;
  /** CPU ms per operation of the load generator's thread (null when it ran on the main thread or there was none). */
  loadgen_thread_ms_per_op: number | null;
  /** CPU ms per operation of the PostgreSQL backends serving the benchmark database. */
  db_backends_ms_per_op: number | null;
  /** Busy share of all cores not explained by the three above, 0..100: other programs, PostgreSQL background work. */
  other_busy_pct: number | null;
}

/** /proc reports process times in USER_HZ, which Linux fixes at 100 per second for user space. */
const TICK_MS = 10;

function machineTicks(): { idle: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    return { idle: (fields[3] ?? 0) + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/** utime + stime of a process in ms, or null when it is gone. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 (utime) and 15 (stime) of proc(5); `rest` starts at field 3.
    return (Number(rest[11]) + Number(rest[12])) * TICK_MS;
  } catch {
    return null;
  }
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

export interface CpuMeter {
  stop(ops: number, loadgenThreadMs?: number | null): Promise<CpuUse>;
}

/** Starts measuring. `backendPids` lists the PostgreSQL backends to account for (omit for PGlite). */
export async function startCpuMeter(backendPids?: () => Promise<number[]>): Promise<CpuMeter> {
  const backendsAtStart = new Map<number, number>();
  for (const pid of (await backendPids?.()) ?? []) backendsAtStart.set(pid, processCpuMs(pid) ?? 0);
  const machine0 = machineTicks();
  const thread0 = process.threadCpuUsage();
  const t0 = performance.now();
  return {
    async stop(ops, loadgenThreadMs = null) {
      const wall = performance.now() - t0;
      const thread = process.threadCpuUsage(thread0);
      const machine1 = machineTicks();
      let backendsMs: number | null = null;
      if (backendPids) {
        backendsMs = 0;
        for (const pid of await backendPids()) backendsMs += Math.max(0, (processCpuMs(pid) ?? 0) - (backendsAtStart.get(pid) ?? 0));
      }
      const mainMs = (thread.user + thread.system) / 1000;
      let busyPct: number | null = null;
      let otherPct: number | null = null;
      if (machine0 && machine1 && machine1.total > machine0.total) {
        const totalTicks = machine1.total - machine0.total;
        busyPct = 100 * (1 - (machine1.idle - machine0.idle) / totalTicks);
        const busyMs = (busyPct / 100) * totalTicks * TICK_MS;
        const explained = mainMs + (loadgenThreadMs ?? 0) + (backendsMs ?? 0);
        otherPct = Math.max(0, (100 * (busyMs - explained)) / (totalTicks * TICK_MS));
      }
      const perOp = (ms: number | null): number | null => (ms === null || ops === 0 ? null : round2(ms / ops));
      return {
        wall_ms: Math.round(wall),
        ops,
        machine_busy_pct: busyPct === null ? null : Math.round(busyPct),
        main_thread_ms_per_op: perOp(mainMs) ?? 0,
        loadgen_thread_ms_per_op: perOp(loadgenThreadMs),
        db_backends_ms_per_op: perOp(backendsMs),
        other_busy_pct: otherPct === null ? null : Math.round(otherPct),
      };
    },
  };
}
