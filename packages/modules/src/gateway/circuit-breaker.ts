import { AppError } from '@smarteros/kernel';

/**
 * A circuit breaker per upstream provider, keyed by the provider's id.
 *
 * closed     calls pass; each counted failure adds one to a run of consecutive failures, a success ends the run.
 *            `failureThreshold` consecutive failures open the circuit.
 * open       calls are refused with AppError('circuit_open') (HTTP 503) and `retry_after_ms`, until `resetTimeoutMs`
 *            after the opening.
 * half_open  then up to `halfOpenMaxCalls` probes pass at once; the first probe to succeed closes the circuit, a
 *            probe that fails opens it again with a fresh timeout. Other calls meanwhile are refused.
 *
 * What counts as a failure is the caller's choice, reported through the token `acquire` returns: the gateway reports
 * `failure()` for a provider that is unwell (connection errors, timeouts, 5xx) and `success()` for anything else,
 * including a 4xx, which is the client's fault and says the provider is up. A token reports once (later reports are
 * ignored), and a late report from a call admitted before the circuit changed state does not flip it: only probes of
 * the current half-open period decide, and outcomes of calls admitted while closed count only while it is closed.
 *
 * No timers: time is read lazily (`now`, default Date.now) when a call arrives, so nothing keeps the process alive
 * and an idle breaker costs nothing. A key is stored only while it has something to remember (a failure run or a
 * non-closed state); a healthy provider has no entry. The map is bounded by `maxKeys` (default 10,000): past it the
 * oldest closed entries go first. A probe that never reports (a caller bug) does not wedge the circuit: after
 * `resetTimeoutMs` without an outcome another probe is admitted.
 *
 * Why not opossum: it wraps one function per breaker and runs its own timeout, promise wrapping, rolling statistics
 * buckets (with timers) and event emitters per call. The gateway needs lightweight per-provider state looked up by id
 * on a hot path of thousands of calls per second, with the timeout owned by undici, so a few fields per provider
 * checked lazily do the job without wrapping the call.
 */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit; default 5. */
  failureThreshold: number;
  /** Milliseconds from opening to half-open; default 30,000. */
  resetTimeoutMs: number;
  /** Probes admitted at once in half-open; default 1. */
  halfOpenMaxCalls?: number;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
  /** Most providers remembered at once; default 10,000. */
  maxKeys?: number;
}

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitToken {
  success(): void;
  failure(): void;
}

export interface CircuitBreaker {
  /**
   * Before a call: throws AppError('circuit_open', message naming the provider, { provider, retry_after_ms }) when open
   * (HTTP 503); in half-open admits up to halfOpenMaxCalls probes. Returns a token to report the outcome.
   * `label` names the provider in the message (default: the key).
   */
  acquire(key: string, label?: string): CircuitToken;
  state(key: string): CircuitState;
  /** Providers with something to report (a failure run or a non-closed state); healthy ones are omitted. */
  snapshot(): Array<{ key: string; state: CircuitState; failures: number; opened_at: number | null }>;
}

interface Entry {
  state: CircuitState;
  /** Consecutive counted failures (kept across open/half-open for the snapshot; reset on close). */
  failures: number;
  openedAt: number | null;
  /** Half-open period, so probes of an earlier period are told apart. */
  period: number;
  probes: number;
  lastProbeAt: number;
}

/** While a probe is out, other callers are told to come back after this long (at most the reset timeout). */
const PROBE_RETRY_MS = 1000;

export function createCircuitBreaker(options: Partial<CircuitBreakerOptions> = {}): CircuitBreaker {
  const failureThreshold = options.failureThreshold ?? 5;
  const resetTimeoutMs = options.resetTimeoutMs ?? 30_000;
  const halfOpenMaxCalls = options.halfOpenMaxCalls ?? 1;
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  for (const [name, value] of Object.entries({ failureThreshold, halfOpenMaxCalls, maxKeys })) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  }
  if (!Number.isFinite(resetTimeoutMs) || resetTimeoutMs < 0) throw new RangeError('resetTimeoutMs must be a number >= 0');

  const entries = new Map<string, Entry>();
  let periods = 0;

  /** The entry with its state brought up to `at` (open -> half_open when the timeout has passed). */
  function current(key: string, at: number): Entry | undefined {
    const entry = entries.get(key);
    if (entry?.state === 'open' && at - entry.openedAt! >= resetTimeoutMs) startHalfOpen(entry, at);
    return entry;
  }

  function startHalfOpen(entry: Entry, at: number): void {
    entry.state = 'half_open';
    entry.period = ++periods;
    entry.probes = 0;
    entry.lastProbeAt = at;
  }

  function open(key: string, entry: Entry, at: number): void {
    entry.state = 'open';
    entry.openedAt = at;
    entry.probes = 0;
    // Re-inserted last: the oldest entries are the ones evicted first.
    entries.delete(key);
    entries.set(key, entry);
  }

  function remember(key: string, entry: Entry): void {
    entries.set(key, entry);
    if (entries.size <= maxKeys) return;
    for (const [k, e] of entries) {
      if (e.state === 'closed' && k !== key) {
        entries.delete(k);
        return;
      }
    }
    entries.delete(entries.keys().next().value!);
  }

  function refuse(key: string, label: string | undefined, retryAfterMs: number): never {
    const name = label ?? key;
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    throw new AppError(
      'circuit_open',
      `The provider ${name} is failing and calls to it are paused; try again in ${seconds} s`,
      { provider: key, retry_after_ms: retryAfterMs },
    );
  }

  /** A call admitted while closed: its outcome counts only while the circuit is still closed. */
  function closedToken(key: string): CircuitToken {
    let reported = false;
    return {
      success() {
        if (reported) return;
        reported = true;
        const entry = entries.get(key);
        if (entry?.state === 'closed') entries.delete(key); // a healthy provider needs no entry
      },
      failure() {
        if (reported) return;
        reported = true;
        const at = now();
        const entry = current(key, at);
        if (entry && entry.state !== 'closed') return;
        const next = entry ?? { state: 'closed', failures: 0, openedAt: null, period: 0, probes: 0, lastProbeAt: 0 };
        next.failures += 1;
        if (!entry) remember(key, next);
        if (next.failures >= failureThreshold) open(key, next, at);
      },
    };
  }

  /** A probe of one half-open period: the first outcome decides, probes of an earlier period are ignored. */
  function probeToken(key: string, entry: Entry): CircuitToken {
    const period = entry.period;
    let reported = false;
    const live = (): boolean => !reported && entries.get(key) === entry && entry.state === 'half_open' && entry.period === period;
    return {
      success() {
        if (!live()) return;
        reported = true;
        entries.delete(key); // closed with no failures: nothing to remember
        entry.state = 'closed';
      },
      failure() {
        if (!live()) return;
        reported = true;
        entry.failures += 1;
        open(key, entry, now());
      },
    };
  }

  return {
    acquire(key, label) {
      const at = now();
      const entry = current(key, at);
      if (!entry || entry.state === 'closed') return closedToken(key);
      if (entry.state === 'open') return refuse(key, label, entry.openedAt! + resetTimeoutMs - at);
      // half_open; a probe silent for a whole reset timeout is taken as lost, and a new period starts.
      if (entry.probes >= halfOpenMaxCalls && at - entry.lastProbeAt >= resetTimeoutMs) startHalfOpen(entry, at);
      if (entry.probes >= halfOpenMaxCalls) return refuse(key, label, Math.min(PROBE_RETRY_MS, resetTimeoutMs) || 1);
      entry.probes += 1;
      entry.lastProbeAt = at;
      return probeToken(key, entry);
    },

    state(key) {
      return current(key, now())?.state ?? 'closed';
    },

    snapshot() {
      const at = now();
      return [...entries.keys()].map((key) => {
        const entry = current(key, at)!;
        return { key, state: entry.state, failures: entry.failures, opened_at: entry.state === 'closed' ? null : entry.openedAt };
      });
    },
  };
}
