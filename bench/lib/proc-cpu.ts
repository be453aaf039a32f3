import { readdirSync, readFileSync } from 'node:fs';
import { processCpuMs } from './cpu.ts';

/**
 * CPU use of named groups of processes over a stretch of time (the load generator, a proxy, the upstream, PostgreSQL
 * backends, Redis), and of the whole machine, from Linux /proc. Whatever kept the machine busy beyond the named
 * processes is `other` (PostgreSQL's background processes, other programs sharing the machine).
 */
export interface ProcessCpu {
  wall_ms: number;
  /** Busy share of all cores, 0..100. */
  machine_busy_pct: number | null;
  /** Busy share of all cores not explained by the named processes, 0..100. */
  other_busy_pct: number | null;
  /** CPU ms of each group over the stretch. */
  cpu_ms: Record<string, number>;
  /** Cores each group kept busy on average (cpu_ms / wall_ms). */
  cores: Record<string, number>;
}

export type PidSource = number | (() => Promise<number[]> | number[]);

function machineTicks(): { idle: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { idle: (fields[3] ?? 0) + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/** USER_HZ: Linux reports process and machine times in ticks of 10 ms. */
const TICK_MS = 10;

async function pidsOf(source: PidSource): Promise<number[]> {
  return typeof source === 'number' ? [source] : await source();
}

/** The pid of a process of this machine by its name (/proc/<pid>/comm), e.g. redis-server, for its CPU share. */
export function findProcessByName(comm: string): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) return Number(entry);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // not Linux
  }
  return undefined;
}

export async function startProcessMeter(groups: Record<string, PidSource>): Promise<{ stop(): Promise<ProcessCpu> }> {
  const at0 = new Map<string, Map<number, number>>();
  for (const [name, source] of Object.entries(groups)) {
    const m = new Map<number, number>();
    for (const pid of await pidsOf(source)) m.set(pid, processCpuMs(pid) ?? 0);
    at0.set(name, m);
  }
  const machine0 = machineTicks();
  const t0 = performance.now();
  return {
    async stop() {
      const wall = performance.now() - t0;
      const machine1 = machineTicks();
      const cpu: Record<string, number> = {};
      for (const [name, source] of Object.entries(groups)) {
        let ms = 0;
        const start = at0.get(name)!;
        for (const pid of await pidsOf(source)) ms += Math.max(0, (processCpuMs(pid) ?? 0) - (start.get(pid) ?? 0));
        cpu[name] = ms;
      }
      let busy: number | null = null;
      let other: number | null = null;
      if (machine0 && machine1 && machine1.total > machine0.total) {
        const ticks = machine1.total - machine0.total;
        busy = 100 * (1 - (machine1.idle - machine0.idle) / ticks);
        const explained = Object.values(cpu).reduce((a, b) => a + b, 0);
        other = Math.max(0, busy - (100 * explained) / (ticks * TICK_MS));
      }
      const cores = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Math.round((v / wall) * 100) / 100]));
      return {
        wall_ms: Math.round(wall),
        machine_busy_pct: busy === null ? null : Math.round(busy),
        other_busy_pct: other === null ? null : Math.round(other),
        cpu_ms: cpu,
        cores,
      };
    },
  };
}
