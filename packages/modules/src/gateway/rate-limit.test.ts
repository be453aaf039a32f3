import { describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { AppError } from '@smarteros/kernel';
import { createMemoryRateLimiter, createRedisRateLimiter, perMinute, type BucketRule } from './rate-limit.ts';

function clock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const tenRule: BucketRule = { capacity: 10, refillPerSecond: 1 };

describe('perMinute', () => {
  it('is a burst of n refilled at n per minute', () => {
    expect(perMinute(120)).toEqual({ capacity: 120, refillPerSecond: 2 });
    expect(() => perMinute(0)).toThrow(RangeError);
  });
});

describe('memory rate limiter', () => {
  it('allows a burst of the capacity, then refuses with the exact wait', async () => {
    const c = clock();
    const limiter = createMemoryRateLimiter({ now: c.now });
    for (let i = 9; i >= 0; i--) {
      expect(await limiter.take('t1', tenRule)).toEqual({ allowed: true, remaining: i, retryAfterMs: 0, limit: 10 });
    }
    expect(await limiter.take('t1', tenRule)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1000, limit: 10 });
    // Other keys are other buckets.
    expect((await limiter.take('t2', tenRule)).remaining).toBe(9);
  });

  it('refills continuously, and the announced wait is exact to the millisecond', async () => {
    const c = clock();
    const limiter = createMemoryRateLimiter({ now: c.now });
    const rule = { capacity: 2, refillPerSecond: 4 }; // one token every 250 ms
    await limiter.take('k', rule, 2);
    const refused = await limiter.take('k', rule);
    expect(refused).toMatchObject({ allowed: false, retryAfterMs: 250 });
    c.advance(249);
    expect(await limiter.take('k', rule)).toMatchObject({ allowed: false, retryAfterMs: 1 });
    c.advance(1);
    expect(await limiter.take('k', rule)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0, limit: 2 });
    // Fractional tokens: 100 ms later the bucket holds 0.4, so one token is 150 ms away.
    c.advance(100);
    expect(await limiter.take('k', rule)).toMatchObject({ allowed: false, retryAfterMs: 150 });
    // Never above the capacity however long it waits.
    c.advance(3_600_000);
    expect(await limiter.take('k', rule)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('perMinute(60) passes 60 at once, then one a second', async () => {
    const c = clock();
    const limiter = createMemoryRateLimiter({ now: c.now });
    const rule = perMinute(60);
    for (let i = 0; i < 60; i++) expect((await limiter.take('k', rule)).allowed).toBe(true);
    expect(await limiter.take('k', rule)).toMatchObject({ allowed: false, retryAfterMs: 1000 });
    c.advance(1000);
    expect((await limiter.take('k', rule)).allowed).toBe(true);
    expect((await limiter.take('k', rule)).allowed).toBe(false);
  });

  it('charges a cost above 1, and waits for the whole cost', async () => {
    const c = clock();
    const limiter = createMemoryRateLimiter({ now: c.now });
    expect(await limiter.take('k', tenRule, 7)).toEqual({ allowed: true, remaining: 3, retryAfterMs: 0, limit: 10 });
    expect(await limiter.take('k', tenRule, 5)).toEqual({ allowed: false, remaining: 3, retryAfterMs: 2000, limit: 10 });
    expect(await limiter.take('k', tenRule, 3)).toMatchObject({ allowed: true, remaining: 0 });
    // A cost of 0 reads without taking.
    c.advance(500);
    expect(await limiter.take('k', tenRule, 0)).toMatchObject({ allowed: true, remaining: 0 });
    // A cost above the capacity can never pass and touches nothing.
    expect(await limiter.take('k', tenRule, 11)).toMatchObject({ allowed: false, retryAfterMs: Number.POSITIVE_INFINITY, limit: 10 });
    c.advance(500);
    expect(await limiter.take('k', tenRule, 1)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('takeAll is all or nothing: an empty capability bucket leaves the tenant bucket untouched', async () => {
    const c = clock();
    const limiter = createMemoryRateLimiter({ now: c.now });
    const tenant = { key: 'tenant:a', rule: { capacity: 100, refillPerSecond: 10 } };
    const capability = { key: 'cap:a:invoices.create', rule: { capacity: 2, refillPerSecond: 0.5 } };
    expect(await limiter.takeAll([tenant, capability])).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0, limit: 2 });
    expect(await limiter.takeAll([tenant, capability])).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0, limit: 2 });
    expect(await limiter.takeAll([tenant, capability])).toEqual({ allowed: false, remaining: 0, retryAfterMs: 2000, limit: 2 });
    expect(await limiter.takeAll([tenant, capability])).toMatchObject({ allowed: false });
    // The tenant paid for the two calls that passed, not for the refused ones.
    expect(await limiter.take(tenant.key, tenant.rule, 0)).toMatchObject({ remaining: 98, limit: 100 });
    // Allowed: the bucket with the fewest tokens left describes the result.
    c.advance(2000);
    expect(await limiter.takeAll([{ ...tenant, cost: 90 }, capability])).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0, limit: 2 });
    c.advance(4000);
    expect(await limiter.takeAll([{ ...tenant, cost: 51 }, capability])).toEqual({ allowed: false, remaining: 50, retryAfterMs: 100, limit: 100 });
  });

  it('takeAll reports the refusing bucket with the longest wait; a key named twice pays twice', async () => {
    const limiter = createMemoryRateLimiter({ now: clock().now });
    const a = { key: 'a', rule: { capacity: 1, refillPerSecond: 1 } };
    const b = { key: 'b', rule: { capacity: 1, refillPerSecond: 0.1 } };
    await limiter.takeAll([a, b]);
    expect(await limiter.takeAll([a, b])).toEqual({ allowed: false, remaining: 0, retryAfterMs: 10_000, limit: 1 });
    expect(await limiter.takeAll([{ key: 'c', rule: tenRule, cost: 6 }, { key: 'c', rule: tenRule, cost: 6 }])).toMatchObject({
      allowed: false,
      remaining: 4,
    });
    expect(await limiter.take('c', tenRule, 0)).toMatchObject({ remaining: 10 });
    expect(await limiter.takeAll([])).toMatchObject({ allowed: true });
  });

  it('stays within maxKeys, dropping full buckets before drained ones', async () => {
    const c = clock();
    const limiter = createMemoryRateLimiter({ now: c.now, maxKeys: 3 });
    const slow = { capacity: 1, refillPerSecond: 0.001 };
    const fast = { capacity: 1, refillPerSecond: 1000 };
    await limiter.take('drained-1', slow);
    await limiter.take('refills', fast);
    await limiter.take('drained-2', slow);
    c.advance(10); // 'refills' is full again; the two slow buckets are still empty
    await limiter.take('new', slow);
    expect((await limiter.take('drained-1', slow)).allowed).toBe(false);
    expect((await limiter.take('drained-2', slow)).allowed).toBe(false);
    // No full bucket left to drop: the least recently used drained bucket goes, and its key starts afresh.
    for (let i = 0; i < 100; i++) await limiter.take(`flood-${i}`, slow);
    expect((await limiter.take('drained-1', slow)).allowed).toBe(true);
  });

  it('refuses malformed rules', async () => {
    const limiter = createMemoryRateLimiter();
    await expect(limiter.take('k', { capacity: 0, refillPerSecond: 1 })).rejects.toThrow(RangeError);
    await expect(limiter.take('k', { capacity: 1, refillPerSecond: 0 })).rejects.toThrow(RangeError);
    await expect(limiter.take('k', tenRule, -1)).rejects.toThrow(RangeError);
    await expect(limiter.take('', tenRule)).rejects.toThrow(RangeError);
  });
});

describe('redis rate limiter when Redis cannot answer', () => {
  /** A client that can never connect (port 1 refuses), with no offline queue: every command fails at once. */
  function deadClient(): Redis {
    return new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  }

  it('fails open by default and reports each failure to onError', async () => {
    const redis = deadClient();
    redis.on('error', () => {});
    const onError = vi.fn();
    const limiter = createRedisRateLimiter({ redis, onError });
    const items = [
      { key: 'tenant', rule: { capacity: 100, refillPerSecond: 1 } },
      { key: 'capability', rule: { capacity: 5, refillPerSecond: 1 } },
    ];
    expect(await limiter.takeAll(items)).toEqual({ allowed: true, remaining: 5, retryAfterMs: 0, limit: 5 });
    expect(await limiter.take('tenant', items[0]!.rule)).toMatchObject({ allowed: true });
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(Error);
    redis.disconnect();
  });

  it('fails closed with AppError unavailable when failOpen is false', async () => {
    const redis = deadClient();
    redis.on('error', () => {});
    const onError = vi.fn();
    const limiter = createRedisRateLimiter({ redis, failOpen: false, onError });
    const err: unknown = await limiter.take('k', tenRule).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('unavailable');
    expect((err as AppError).status).toBe(503);
    expect(onError).toHaveBeenCalledTimes(1);
    redis.disconnect();
  });

  it('does not wait longer than timeoutMs for a Redis that hangs', async () => {
    const hanging = {
      status: 'ready',
      defineCommand: () => {},
      smarterosTakeBuckets: () => new Promise(() => {}),
    } as unknown as Redis;
    const onError = vi.fn();
    const limiter = createRedisRateLimiter({ redis: hanging, timeoutMs: 30, onError });
    const started = performance.now();
    expect(await limiter.take('k', tenRule)).toMatchObject({ allowed: true, limit: 10 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(String(onError.mock.calls[0]![0])).toContain('30 ms');
  });

  it('answers an impossible cost and an empty takeAll without calling Redis', async () => {
    const redis = deadClient();
    const onError = vi.fn();
    const limiter = createRedisRateLimiter({ redis, failOpen: false, onError });
    expect(await limiter.take('k', tenRule, 11)).toMatchObject({ allowed: false, retryAfterMs: Number.POSITIVE_INFINITY });
    expect(await limiter.takeAll([])).toMatchObject({ allowed: true });
    expect(onError).not.toHaveBeenCalled();
    redis.disconnect();
  });
});
