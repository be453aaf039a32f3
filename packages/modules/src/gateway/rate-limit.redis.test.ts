import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisRateLimiter, type RateLimiter } from './rate-limit.ts';

/**
 * The Redis limiter against a real Redis: runs only when REDIS_URL is set (e.g. REDIS_URL=redis://127.0.0.1:6379).
 * Each test has its own random key prefix and deletes its keys afterwards. Server time cannot be moved, so rules use
 * either a negligible refill (1 token per 1000 s or slower) or a fast one with short real waits.
 */
const url = process.env.REDIS_URL;
const slow = (capacity: number) => ({ capacity, refillPerSecond: 0.001 });

describe.skipIf(!url)('redis rate limiter', () => {
  let redis: Redis;
  let prefix: string;
  let limiter: RateLimiter;

  beforeAll(async () => {
    redis = new Redis(url!, { maxRetriesPerRequest: 1 });
    await redis.ping();
  });
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(() => {
    prefix = `smarteros:test:${randomUUID()}:`;
    limiter = createRedisRateLimiter({ redis, prefix, failOpen: false, timeoutMs: 0 });
  });
  afterEach(async () => {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    if (keys.length > 0) await redis.del(...keys);
  });

  it('allows a burst of the capacity, then refuses with the wait for one token', async () => {
    for (let i = 4; i >= 0; i--) {
      expect(await limiter.take('k', slow(5))).toEqual({ allowed: true, remaining: i, retryAfterMs: 0, limit: 5 });
    }
    const refused = await limiter.take('k', slow(5));
    expect(refused).toMatchObject({ allowed: false, remaining: 0, limit: 5 });
    // One token at 0.001/s is 1,000,000 ms away, less the few ms since the bucket emptied.
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1_000_000);
    expect(refused.retryAfterMs).toBeGreaterThan(990_000);
  });

  it('refills on the server clock, and the announced wait is enough', async () => {
    const rule = { capacity: 1, refillPerSecond: 20 }; // one token every 50 ms
    expect((await limiter.take('k', rule)).allowed).toBe(true);
    const refused = await limiter.take('k', rule);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(50);
    await sleep(refused.retryAfterMs + 2);
    expect(await limiter.take('k', rule)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0, limit: 1 });
  });

  it('charges a cost above 1; a cost of 0 only reads; a cost above the capacity never passes', async () => {
    expect(await limiter.take('k', slow(10), 7)).toEqual({ allowed: true, remaining: 3, retryAfterMs: 0, limit: 10 });
    const refused = await limiter.take('k', slow(10), 5);
    expect(refused).toMatchObject({ allowed: false, remaining: 3, limit: 10 });
    expect(refused.retryAfterMs).toBeGreaterThan(1_990_000); // 2 tokens at 0.001/s
    expect(await limiter.take('k', slow(10), 0)).toMatchObject({ allowed: true, remaining: 3 });
    expect(await limiter.take('k', slow(10), 3)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await limiter.take('k', slow(10), 11)).toMatchObject({ allowed: false, retryAfterMs: Number.POSITIVE_INFINITY });
  });

  it('takeAll is all or nothing across keys', async () => {
    const tenant = { key: 'tenant:a', rule: slow(100) };
    const capability = { key: 'cap:a:invoices.create', rule: slow(2) };
    expect(await limiter.takeAll([tenant, capability])).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0, limit: 2 });
    expect(await limiter.takeAll([tenant, capability])).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0, limit: 2 });
    const refused = await limiter.takeAll([tenant, capability]);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, limit: 2 });
    expect(await limiter.takeAll([tenant, capability])).toMatchObject({ allowed: false });
    expect(await limiter.take(tenant.key, tenant.rule, 0)).toMatchObject({ allowed: true, remaining: 98 });
    // A key named twice pays twice, and a refusal writes nothing.
    const twice = { key: 'c', rule: slow(10), cost: 6 };
    expect(await limiter.takeAll([twice, twice])).toMatchObject({ allowed: false, remaining: 4 });
    expect(await redis.exists(`${prefix}c`)).toBe(0);
  });

  it('stores a hash per bucket that expires when it would be full again', async () => {
    await limiter.take('k', { capacity: 10, refillPerSecond: 1 }, 3);
    const key = `${prefix}k`;
    expect(Object.keys(await redis.hgetall(key)).sort()).toEqual(['t', 'ts']);
    const pttl = await redis.pttl(key);
    expect(pttl).toBeGreaterThan(2_900);
    expect(pttl).toBeLessThanOrEqual(3_000);
    // A fast bucket vanishes once refilled; reading an absent bucket creates nothing.
    await limiter.take('fast', { capacity: 1, refillPerSecond: 50 });
    expect(await redis.pttl(`${prefix}fast`)).toBeGreaterThan(0);
    await sleep(60);
    expect(await redis.exists(`${prefix}fast`)).toBe(0);
    await limiter.take('read', slow(5), 0);
    expect(await redis.exists(`${prefix}read`)).toBe(0);
  });

  it('two OS processes share one budget: 2 x 100 attempts on a bucket of 50 allow exactly 50', async () => {
    const fixture = fileURLToPath(new URL('./rate-limit.fixture.ts', import.meta.url));
    const children: ChildProcess[] = [];
    const start = (): { ready: Promise<void>; result: Promise<{ allowed: number; attempts: number }>; exited: Promise<number | null> } => {
      const child = fork(fixture, [], {
        execArgv: [],
        env: { ...process.env, REDIS_URL: url, FIXTURE_PREFIX: prefix, FIXTURE_KEY: 'shared', FIXTURE_ATTEMPTS: '100', FIXTURE_CAPACITY: '50' },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      // The fixture sends two messages: { ready } and then { allowed, attempts }.
      const messages: unknown[] = [];
      const waiters: Array<() => void> = [];
      child.on('message', (m) => {
        messages.push(m);
        waiters.forEach((w) => w());
      });
      const nth = (n: number): Promise<unknown> =>
        new Promise((resolve, reject) => {
          const check = (): void => {
            if (messages.length > n) resolve(messages[n]);
          };
          waiters.push(check);
          check();
          void exited.then((code) => reject(new Error(`fixture exited with ${code} before message ${n}`)));
        });
      return {
        ready: nth(0).then(() => undefined),
        result: nth(1) as Promise<{ allowed: number; attempts: number }>,
        exited,
      };
    };
    const guard = setTimeout(() => children.forEach((c) => c.kill()), 25_000);
    try {
      const a = start();
      const b = start();
      await Promise.all([a.ready, b.ready]);
      for (const c of children) c.send('go');
      const [ra, rb] = await Promise.all([a.result, b.result]);
      expect(ra.attempts + rb.attempts).toBe(200);
      expect(ra.allowed + rb.allowed).toBe(50);
      expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
    } finally {
      clearTimeout(guard);
    }
  });
});
