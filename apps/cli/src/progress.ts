import cliProgress from 'cli-progress';
import type { Context } from './context.ts';

/** Progress of long work: a cli-progress bar on a terminal; `[n/total] label: result` lines otherwise; nothing with --json. */
export interface Progress {
  /** n more units done (default 1), the bar's label, and the line kept for after the bar. */
  step(label: string, result: string, n?: number): void;
  stop(): void;
}

export function createProgress(ctx: Context, total: number): Progress {
  if (ctx.json) return { step() {}, stop() {} };
  if (process.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: ' {bar} {value}/{total}  {label}', hideCursor: true, clearOnComplete: true, stream: process.stdout },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { label: '' });
    const done: string[] = [];
    let stopped = false;
    return {
      step(label, result, n = 1) {
        done.push(`  ✓ ${label}: ${result}`);
        bar.increment(n, { label });
      },
      stop() {
        if (stopped) return;
        stopped = true;
        bar.stop();
        for (const line of done) ctx.out.line(line);
      },
    };
  }
  let value = 0;
  return {
    step(label, result, n = 1) {
      value += n;
      ctx.out.line(`[${value}/${total}] ${label}: ${result}`);
    },
    stop() {},
  };
}
