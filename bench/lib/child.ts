import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';

/**
 * Benchmark participants in their own processes (so that nothing measured shares an event loop with anything else),
 * driven over the IPC channel: the child announces itself with `ready` (and what it wants the parent to know, e.g. its
 * URL), answers calls by name, and may emit events. A child exits when its parent goes away (the channel closes), so
 * an interrupted benchmark leaves no process behind.
 */
type FromChild =
  | { t: 'ready'; info: unknown }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: string }
  | { t: 'event'; name: string; data: unknown };
type ToChild = { t: 'call'; id: number; op: string; arg: unknown };

export interface ChildHandle<Info> {
  name: string;
  pid: number;
  info: Info;
  call<T = unknown>(op: string, arg?: unknown): Promise<T>;
  /** Calls `close` when the child has it, then waits for the exit; SIGTERM, then SIGKILL, when it does not go. */
  stop(): Promise<void>;
}

export interface ChildOptions {
  /** Extra environment (on top of this process's). */
  env?: Record<string, string>;
  execArgv?: string[];
  /** How long to wait for `ready`. */
  readyTimeoutMs?: number;
  onEvent?: (name: string, data: unknown) => void;
}

/** Starts `file` (a URL of a *.child.ts) with `arg` (JSON) and waits until it is ready. */
export async function startChild<Info>(name: string, file: URL, arg: unknown, options: ChildOptions = {}): Promise<ChildHandle<Info>> {
  // The child's stdout goes to our stderr: our stdout carries only the JSON report.
  const child: ChildProcess = fork(fileURLToPath(file), [JSON.stringify(arg ?? null)], {
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 2, 2, 'ipc'],
    serialization: 'advanced',
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    for (const p of pending.values()) p.reject(new Error(`${name} exited`));
    pending.clear();
    resolve();
  }));

  const info = await new Promise<Info>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready within ${options.readyTimeoutMs ?? 60_000} ms`)), options.readyTimeoutMs ?? 60_000);
    child.on('message', (m: FromChild) => {
      if (m.t === 'ready') {
        clearTimeout(timer);
        resolve(m.info as Info);
      } else if (m.t === 'reply') {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        else p?.reject(new Error(`${name}: ${m.error}`));
      } else if (m.t === 'event') {
        options.onEvent?.(m.name, m.data);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? code}) before it was ready`));
    });
    child.once('error', reject);
  }).catch(async (err: unknown) => {
    if (!exited) child.kill('SIGKILL');
    await exitPromise;
    throw err;
  });

  const call = <T>(op: string, arg?: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error(`${name} has exited`));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ t: 'call', id, op, arg } satisfies ToChild);
    });

  let stopping: Promise<void> | null = null;
  return {
    name,
    pid: child.pid!,
    info,
    call,
    stop() {
      stopping ??= (async () => {
        if (exited) return;
        const closed = call('close').catch(() => undefined);
        const timeout = (ms: number) => new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref());
        await Promise.race([closed, timeout(15_000)]);
        if ((await Promise.race([exitPromise, timeout(5_000)])) === 'timeout' && !exited) child.kill('SIGTERM');
        if ((await Promise.race([exitPromise, timeout(5_000)])) === 'timeout' && !exited) child.kill('SIGKILL');
        await exitPromise;
      })();
      return stopping;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The child's side

export type Handlers = Record<string, (arg: unknown) => unknown>;

/** The argument the parent started this child with. */
export function childArg<T>(): T {
  return JSON.parse(process.argv[2] ?? 'null') as T;
}

/** Sends an event to the parent. */
export function emit(name: string, data?: unknown): void {
  process.send?.({ t: 'event', name, data } satisfies FromChild);
}

/**
 * Answers the parent's calls with `handlers` and announces `info`. `close` (if given) runs on the parent's stop()
 * and the process then exits; without it the process exits at once.
 */
export function serveParent(info: unknown, handlers: Handlers): void {
  if (!process.send) throw new Error('this file runs as a child of a benchmark (node:child_process fork)');
  // Every child can report how busy its event loop was between two calls (1 = never idle: the process is the limit),
  // and take a CPU profile of itself (the V8 sampling profiler, as node --cpu-prof) between two calls.
  let eluMark = performance.eventLoopUtilization();
  let session: Session | null = null;
  const all: Handlers = {
    eluStart: () => {
      eluMark = performance.eventLoopUtilization();
    },
    eluEnd: () => Math.round(performance.eventLoopUtilization(eluMark).utilization * 1000) / 1000,
    profileStart: async (arg) => {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: (arg as { intervalUs?: number } | undefined)?.intervalUs ?? 200 });
      await session.post('Profiler.start');
    },
    profileStop: async (arg) => {
      if (!session) throw new Error('no profile was started');
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = null;
      writeFileSync((arg as { path: string }).path, JSON.stringify(profile));
    },
    ...handlers,
  };
  process.on('message', (m: ToChild) => {
    if (m.t !== 'call') return;
    void (async () => {
      try {
        const fn = all[m.op];
        if (!fn && m.op !== 'close') throw new Error(`unknown call ${m.op}`);
        const value = fn ? await fn(m.arg) : undefined;
        process.send!({ t: 'reply', id: m.id, ok: true, value } satisfies FromChild);
        if (m.op === 'close') setImmediate(() => process.exit(0));
      } catch (err) {
        process.send!({ t: 'reply', id: m.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies FromChild);
        if (m.op === 'close') setImmediate(() => process.exit(1));
      }
    })();
  });
  // The parent went away (finished, crashed or was killed): nothing is left to serve.
  process.on('disconnect', () => {
    const close = all.close;
    const hard = setTimeout(() => process.exit(0), 5_000);
    hard.unref();
    void Promise.resolve(close?.(undefined)).finally(() => process.exit(0));
  });
  process.send({ t: 'ready', info } satisfies FromChild);
}
