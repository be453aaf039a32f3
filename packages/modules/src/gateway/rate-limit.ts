import type { Redis } from 'ioredis';
import { AppError } from '@smarteros/kernel';

/**
 * Token-bucket rate limits for the gateway: per tenant and per capability, shared by every server process through
 * Redis when REDIS_URL is set, in memory (one process) otherwise. Both implementations share one interface and one
 * arithmetic, so a rule behaves the same on either.
 *
 * Why hand-written and not a library: the gateway needs token-bucket semantics (a burst of `capacity`, then a steady
 * `refillPerSecond`, fractional tokens, an exact Retry-After) shared across processes, and "tenant + capability" taken
 * atomically, all or nothing, in one round trip. rate-limiter-flexible and @fastify/rate-limit count fixed windows
 * (INCR + PEXPIRE on a window key): they let 2x the limit through at a window boundary and cannot take several keys
 * all-or-nothing. The Redis side here is one small Lua script (below) and the memory side a bounded Map.
 *
 * The model. A bucket holds up to `capacity` tokens and gains `refillPerSecond` tokens per second, continuously
 * (millisecond clock, fractional tokens). A call of cost c passes when the bucket holds at least c tokens, and then
 * removes them. A bucket nobody touched is full, so a bucket at capacity is the same as no bucket: that is what lets
 * the memory map evict full buckets and Redis expire the keys once they would have refilled.
 *
 * Results. `remaining` is the whole number of tokens left (rounded down). `retryAfterMs` is 0 when allowed; when
 * refused it is the exact wait, rounded up to the millisecond, until that bucket holds the cost again (assuming no one
 * else takes from it meanwhile). A cost above the capacity can never pass: it is refused at once, without touching any
 * bucket, with `retryAfterMs: Infinity` (the caller should answer 413/422 rather than 429: waiting cannot help).
 * For `takeAll`, the result is the most restrictive bucket: when refused, the refusing bucket with the longest wait
 * (the first of them on a tie), so its Retry-After is the earliest moment the whole set can pass; when allowed, the
 * bucket with the fewest tokens left.
 */
export interface BucketRule {
  /** The burst: how many tokens a full bucket holds. */
  capacity: number;
  /** The steady rate: tokens added per second, up to the capacity. Must be > 0. */
  refillPerSecond: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Whole tokens left in the (most restrictive) bucket, rounded down. */
  remaining: number;
  /** 0 when allowed; else milliseconds until the call could pass (rounded up, at least 1; Infinity: never). */
  retryAfterMs: number;
  /** The capacity of the bucket this result describes. */
  limit: number;
}

export interface TakeItem {
  key: string;
  rule: BucketRule;
  /** Tokens this call costs in that bucket; default 1; 0 only reads the bucket. */
  cost?: number;
}

export interface RateLimiter {
  take(key: string, rule: BucketRule, cost?: number): Promise<TakeResult>;
  /**
   * Several buckets atomically: all or none consumed (tenant + capability in one round trip). Returns the most
   * restrictive result (see the top of this file). With no items nothing limits: allowed, with Infinity remaining.
   */
  takeAll(items: ReadonlyArray<TakeItem>): Promise<TakeResult>;
  close?(): Promise<void>;
}

/**
 * A rule for "n per minute": capacity n (a caller may spend the whole minute's budget at once) refilled at n/60 per
 * second (one token every 60/n s). Chosen so a quiet caller is never penalised for bunching its calls; the price is
 * that over the worst single 60 s window a caller can get up to 2n (a full bucket plus one minute of refill), while
 * over any longer span the average tends to n per minute. For a stricter burst use an explicit rule, e.g.
 * `{ capacity: Math.ceil(n / 6), refillPerSecond: n / 60 }`.
 */
export function perMinute(n: number): BucketRule {
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`perMinute needs a positive number, got ${n}`);
  return { capacity: n, refillPerSecond: n / 60 };
}

// ---------------------------------------------------------------------------------------------------------------------
// The arithmetic both implementations share (the Lua script repeats it line for line).

/** Tolerance for floating-point noise: 0.999 + 0.001 tokens must count as 1, and 1.0000000000000009 ms as 1 ms. */
const TOKEN_EPSILON = 1e-9;
const MS_EPSILON = 1e-6;

const ALLOW_ALL: TakeResult = { allowed: true, remaining: Number.POSITIVE_INFINITY, retryAfterMs: 0, limit: Number.POSITIVE_INFINITY };

interface Outcome {
  allowed: boolean;
  /** Tokens left (fractional). */
  tokens: number;
  retryAfterMs: number;
  limit: number;
}

interface Checked {
  key: string;
  capacity: number;
  /** Tokens per millisecond. */
  ratePerMs: number;
  cost: number;
}

function check(items: ReadonlyArray<TakeItem>): Checked[] {
  return items.map(({ key, rule, cost = 1 }) => {
    if (typeof key !== 'string' || key.length === 0) throw new RangeError('A bucket key must be a non-empty string');
    const { capacity, refillPerSecond } = rule;
    if (!Number.isFinite(capacity) || capacity <= 0) throw new RangeError(`Bucket ${key}: capacity must be a positive number`);
    if (!Number.isFinite(refillPerSecond) || refillPerSecond <= 0) {
      throw new RangeError(`Bucket ${key}: refillPerSecond must be a positive number`);
    }
    if (!Number.isFinite(cost) || cost < 0) throw new RangeError(`Bucket ${key}: cost must be a number >= 0`);
    return { key, capacity, ratePerMs: refillPerSecond / 1000, cost };
  });
}

/** Tokens in a bucket last written with `tokens` at `at`, seen at `now`. */
function refilled(tokens: number, at: number, now: number, capacity: number, ratePerMs: number): number {
  return Math.min(capacity, tokens + Math.max(0, now - at) * ratePerMs);
}

/** Milliseconds until a bucket short of `deficit` tokens has them. */
function waitMs(deficit: number, ratePerMs: number): number {
  return Math.max(1, Math.ceil(deficit / ratePerMs - MS_EPSILON));
}

/** A cost above the capacity never passes: answered without touching any bucket. */
function impossible(items: Checked[]): TakeResult | undefined {
  const item = items.find((i) => i.cost > i.capacity);
  return item ? { allowed: false, remaining: 0, retryAfterMs: Number.POSITIVE_INFINITY, limit: item.capacity } : undefined;
}

/** The most restrictive outcome: the refusing one with the longest wait, else the one with the fewest tokens left. */
function combine(outcomes: Outcome[]): TakeResult {
  let pick: Outcome | undefined;
  for (const o of outcomes) {
    if (!pick) pick = o;
    else if (!o.allowed) {
      if (pick.allowed || o.retryAfterMs > pick.retryAfterMs) pick = o;
    } else if (pick.allowed && o.tokens < pick.tokens) pick = o;
  }
  if (!pick) return { ...ALLOW_ALL };
  return {
    allowed: pick.allowed,
    remaining: Math.floor(pick.tokens + TOKEN_EPSILON),
    retryAfterMs: pick.allowed ? 0 : pick.retryAfterMs,
    limit: pick.limit,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Memory

interface MemoryBucket {
  tokens: number;
  at: number;
  capacity: number;
  ratePerMs: number;
}

/** How many of the least recently used buckets one eviction looks at for a full one before dropping the oldest. */
const EVICTION_SCAN = 32;

/**
 * One process's buckets in a Map kept in least-recently-used order and bounded by `maxKeys` (default 100,000). Over
 * the bound, a full bucket among the least recently used is dropped first (that loses nothing: a full bucket is the same
 * as none), else the least recently used one (its owner gets a fresh bucket: the price of the bound). Each call also
 * drops the oldest bucket when it has refilled, so the map drains under traffic. No timers: nothing keeps the process
 * alive, and `now` (default Date.now, milliseconds) is read once per call.
 */
export function createMemoryRateLimiter(deps: { now?: () => number; maxKeys?: number } = {}): RateLimiter {
  const now = deps.now ?? Date.now;
  const maxKeys = deps.maxKeys ?? 100_000;
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError('maxKeys must be a positive integer');
  const buckets = new Map<string, MemoryBucket>();

  const isFull = (b: MemoryBucket, at: number): boolean =>
    refilled(b.tokens, b.at, at, b.capacity, b.ratePerMs) + TOKEN_EPSILON >= b.capacity;

  function evict(at: number): void {
    let scanned = 0;
    for (const [key, bucket] of buckets) {
      if (buckets.size <= maxKeys || scanned++ >= EVICTION_SCAN) break;
      if (isFull(bucket, at)) buckets.delete(key);
    }
    while (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
  }

  function takeAllNow(items: ReadonlyArray<TakeItem>): TakeResult {
    const checked = check(items);
    const never = impossible(checked);
    if (never) return never;
    const at = now();
    // Tokens per key as this call goes: a key named twice pays twice.
    const pending = new Map<string, MemoryBucket>();
    const outcomes: Outcome[] = [];
    for (const { key, capacity, ratePerMs, cost } of checked) {
      const seen = pending.get(key);
      const stored = seen ? undefined : buckets.get(key);
      const tokens = seen
        ? Math.min(capacity, seen.tokens)
        : stored
          ? refilled(stored.tokens, stored.at, at, capacity, ratePerMs)
          : capacity;
      if (tokens + TOKEN_EPSILON >= cost) {
        const left = Math.max(0, tokens - cost);
        pending.set(key, { tokens: left, at, capacity, ratePerMs });
        outcomes.push({ allowed: true, tokens: left, retryAfterMs: 0, limit: capacity });
      } else {
        pending.set(key, { tokens, at, capacity, ratePerMs });
        outcomes.push({ allowed: false, tokens, retryAfterMs: waitMs(cost - tokens, ratePerMs), limit: capacity });
      }
    }
    const result = combine(outcomes);
    if (result.allowed) {
      for (const [key, bucket] of pending) {
        buckets.delete(key); // re-inserted last: the Map stays in least-recently-used order
        if (bucket.tokens + TOKEN_EPSILON < bucket.capacity) buckets.set(key, bucket);
      }
    }
    // Opportunistic cleanup, O(1): the least recently used bucket goes once it has refilled.
    const oldest = buckets.entries().next().value;
    if (oldest && !pending.has(oldest[0]) && isFull(oldest[1], at)) buckets.delete(oldest[0]);
    if (buckets.size > maxKeys) evict(at);
    return result;
  }

  return {
    take: async (key, rule, cost) => takeAllNow([{ key, rule, cost }]),
    takeAll: async (items) => takeAllNow(items),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Redis

/**
 * KEYS[i] is bucket i; ARGV[3i-2], ARGV[3i-1], ARGV[3i] its capacity, refill in tokens per millisecond, and cost.
 * Each bucket is a hash { t = tokens, ts = when t was written, in ms of Redis server time }; a missing key is a full
 * bucket. The script reads the server clock (TIME, microseconds, so every process agrees whatever its own clock says),
 * refills each bucket, and checks each cost, a key named twice paying twice. Only if every bucket can pay does it write
 * them all (all or nothing), each with PEXPIRE = the time it takes to refill completely, so an idle bucket vanishes
 * exactly when it would be full again (a bucket left full is deleted at once). A refused call writes nothing.
 * Reply: { 1 | 0, then per bucket: tokens left (a string: Lua numbers in replies are truncated to integers), wait in
 * ms (a string too, for the same reason) }. Redis >= 5 (TIME before writes needs effects replication, default since 5).
 * Under Redis Cluster the keys of one call must share a hash slot: give them a common {hash tag}.
 */
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local MAX_TTL = 35184372088832
local state = {}
local order = {}
local reply = { 1 }
for i = 1, #KEYS do
  local key = KEYS[i]
  local capacity = tonumber(ARGV[3 * i - 2])
  local rate = tonumber(ARGV[3 * i - 1])
  local cost = tonumber(ARGV[3 * i])
  local s = state[key]
  local tokens
  if s then
    tokens = math.min(capacity, s.tokens)
  else
    local h = redis.call('HMGET', key, 't', 'ts')
    if h[1] then
      local elapsed = now - tonumber(h[2])
      if elapsed < 0 then elapsed = 0 end
      tokens = math.min(capacity, tonumber(h[1]) + elapsed * rate)
    else
      tokens = capacity
    end
    s = {}
    state[key] = s
    order[#order + 1] = key
  end
  s.capacity = capacity
  s.rate = rate
  local wait = 0
  if tokens + 1e-9 >= cost then
    tokens = math.max(0, tokens - cost)
  else
    wait = math.max(1, math.ceil((cost - tokens) / rate - 1e-6))
    reply[1] = 0
  end
  s.tokens = tokens
  reply[#reply + 1] = string.format('%.17g', tokens)
  reply[#reply + 1] = string.format('%.17g', wait)
end
if reply[1] == 1 then
  for _, key in ipairs(order) do
    local s = state[key]
    local ttl = math.min(MAX_TTL, math.ceil((s.capacity - s.tokens) / s.rate - 1e-6))
    if s.tokens + 1e-9 >= s.capacity or ttl < 1 then
      redis.call('DEL', key)
    else
      redis.call('HSET', key, 't', string.format('%.17g', s.tokens), 'ts', string.format('%.17g', now))
      redis.call('PEXPIRE', key, string.format('%d', ttl))
    end
  end
end
return reply
`;

const COMMAND = 'smarterosTakeBuckets';

interface TakeBucketsCommand {
  [COMMAND](numKeys: number, ...args: string[]): Promise<unknown>;
}

export interface RedisRateLimiterDeps {
  /** The caller's client; it stays the caller's (connect it, quit it). */
  redis: Redis;
  /** Prefix of every bucket key; default 'smarteros:bucket:'. */
  prefix?: string;
  /**
   * When Redis cannot answer (not connected, slower than `timeoutMs`, a script error): true (the default) lets
   * the call through, as an API gateway usually does (an outage of the limiter should not become an outage of every
   * tenant's API); false refuses it with AppError('unavailable') (HTTP 503). Either way `onError` hears of it.
   */
  failOpen?: boolean;
  /** Called with each Redis failure (one per failed call), so the caller can log or count it (throttle the log: during
   * an outage that is every call). What it throws is ignored. */
  onError?: (err: unknown) => void;
  /**
   * Longest wait for Redis on a call, in ms (default 250: far above a healthy round trip, so an event loop busy for a
   * moment does not count as an outage; 0: no limit of ours, only the client's). A call answered by the timeout may
   * still be counted by Redis when its reply comes late.
   */
  timeoutMs?: number;
}

/**
 * Commands are sent on a ready connection, on a lazy one not yet opened ('wait': the command opens it), and while the
 * client makes its first connection (held in ioredis's offline queue, bounded by `timeoutMs`). Once the client has been
 * ready, a lost connection (reconnecting, connecting again, closed) fails each call at once instead: queued there,
 * the commands would pile up by thousands a second during an outage, every call would wait the whole `timeoutMs`, and
 * the queued takes would still be spent on reconnection though their callers had long been answered.
 */
const FIRST_CONNECT_STATES = new Set(['wait', 'connecting', 'connect']);

/**
 * Buckets in Redis, shared by every process that uses the same Redis and prefix: one EVALSHA per `take`/`takeAll`
 * (ioredis `defineCommand` sends the script by SHA and falls back to EVAL once if the server does not have it).
 */
export function createRedisRateLimiter(deps: RedisRateLimiterDeps): RateLimiter {
  const { redis, prefix = 'smarteros:bucket:', failOpen = true, onError, timeoutMs = 250 } = deps;
  redis.defineCommand(COMMAND, { lua: TAKE_SCRIPT });
  const command = redis as unknown as TakeBucketsCommand;
  let wasReady = false;

  function call(items: Checked[]): Promise<unknown> {
    if (redis.status === 'ready') wasReady = true;
    else if (wasReady || !FIRST_CONNECT_STATES.has(redis.status)) return Promise.reject(new Error(`Redis connection is ${redis.status}`));
    const args: string[] = items.map((i) => prefix + i.key);
    for (const i of items) args.push(String(i.capacity), String(i.ratePerMs), String(i.cost));
    const sent = command[COMMAND](items.length, ...args);
    if (!(timeoutMs > 0)) return sent;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
      sent.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  function parse(reply: unknown, items: Checked[]): Outcome[] {
    if (!Array.isArray(reply) || reply.length !== 1 + 2 * items.length) throw new Error('Unexpected reply from the rate-limit script');
    return items.map((item, i) => {
      const tokens = Number(reply[1 + 2 * i]);
      const wait = Number(reply[2 + 2 * i]);
      return { allowed: wait === 0, tokens, retryAfterMs: wait, limit: item.capacity };
    });
  }

  async function takeAll(items: ReadonlyArray<TakeItem>): Promise<TakeResult> {
    const checked = check(items);
    if (checked.length === 0) return { ...ALLOW_ALL };
    const never = impossible(checked);
    if (never) return never;
    try {
      const reply = await call(checked);
      return combine(parse(reply, checked));
    } catch (err) {
      try {
        onError?.(err);
      } catch {
        // A failing logger must not change the answer.
      }
      if (!failOpen) throw new AppError('unavailable', 'Rate limiting is unavailable; try again shortly', undefined, { cause: err });
      // Open: allowed, described by the smallest rule as if its bucket were full (its real level is unknown).
      const smallest = checked.reduce((a, b) => (b.capacity < a.capacity ? b : a));
      return { allowed: true, remaining: Math.floor(smallest.capacity), retryAfterMs: 0, limit: smallest.capacity };
    }
  }

  return {
    take: (key, rule, cost) => takeAll([{ key, rule, cost }]),
    takeAll,
  };
}
