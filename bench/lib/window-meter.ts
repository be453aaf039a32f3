import type { ChildHandle } from './child.ts';
import { startProcessMeter, type PidSource, type ProcessCpu } from './proc-cpu.ts';
import { loadAverage } from './run.ts';

export interface MeasuredWindow {
  cpu: ProcessCpu;
  /** Event-loop utilization of each of the processes, in their order. */
  elus: number[];
  /** The machine's load averages when the window started. */
  load_average: number[];
  /** The window's wall-clock bounds (ISO). */
  window_at: { from: string; to: string };
}

/**
 * Accounts the CPU of `groups` and the event-loop utilization of `processes` over a load generator's measured window:
 * pass `onWindow` to the load generator's run, then await `result` once the run is over.
 */
export function meterWindow(groups: Record<string, PidSource>, processes: Array<ChildHandle<unknown>>): {
  onWindow: (edge: 'start' | 'end') => void;
  result: (label?: string) => Promise<MeasuredWindow>;
} {
  let meter: Awaited<ReturnType<typeof startProcessMeter>> | undefined;
  let startPromise: Promise<unknown> | undefined;
  let endPromise: Promise<[ProcessCpu, number[]]> | undefined;
  let la: number[] = [];
  const windowAt = { from: '', to: '' };
  return {
    onWindow: (edge) => {
      if (edge === 'start') {
        la = loadAverage();
        windowAt.from = new Date().toISOString();
        startPromise = Promise.all([startProcessMeter(groups).then((m) => (meter = m)), ...processes.map((p) => p.call('eluStart'))]);
      } else {
        windowAt.to = new Date().toISOString();
        endPromise = (async () => {
          await startPromise;
          return Promise.all([meter!.stop(), Promise.all(processes.map((p) => p.call<number>('eluEnd')))]);
        })();
        // `result` awaits it; until then a failure (a process stopped by an interrupt's cleanup) must not end the run
        // as an unhandled rejection in the middle of its cleanups.
        endPromise.catch(() => {});
      }
    },
    result: async (label) => {
      if (!endPromise) throw new Error(`${label ? `${label}: ` : ''}the load generator reported no measured window`);
      const [cpu, elus] = await endPromise;
      return { cpu, elus, load_average: la, window_at: windowAt };
    },
  };
}
