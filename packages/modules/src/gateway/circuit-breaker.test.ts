import { describe, expect, it } from 'vitest';
import { AppError } from '@smarteros/kernel';
import { createCircuitBreaker } from './circuit-breaker.ts';

function clock(start = 1_700_000_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('circuit breaker', () => {
  it('opens after N consecutive failures, and a success resets the count', () => {
    const c = clock();
    const breaker = createCircuitBreaker({ failureThreshold: 3, resetTimeoutMs: 10_000, now: c.now });
    breaker.acquire('p').failure();
    breaker.acquire('p').failure();
    breaker.acquire('p').success();
    expect(breaker.state('p')).toBe('closed');
    expect(breaker.snapshot()).toEqual([]);
    breaker.acquire('p').failure();
    breaker.acquire('p').failure();
    expect(breaker.snapshot()).toEqual([{ key: 'p', state: 'closed', failures: 2, opened_at: null }]);
    breaker.acquire('p').failure();
    expect(breaker.state('p')).toBe('open');
    expect(breaker.snapshot()).toEqual([{ key: 'p', state: 'open', failures: 3, opened_at: c.now() }]);
    // Other providers are not affected.
    expect(breaker.state('other')).toBe('closed');
    expect(() => breaker.acquire('other')).not.toThrow();
  });

  it('refuses while open with circuit_open, the provider and retry_after_ms', () => {
    const c = clock();
    const breaker = createCircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 10_000, now: c.now });
    breaker.acquire('prov-1').failure();
    c.advance(4_000);
    const err = refusal(() => breaker.acquire('prov-1', 'Bsale'));
    expect(err.code).toBe('circuit_open');
    expect(err.status).toBe(503);
    expect(err.message).toContain('Bsale');
    expect(err.details).toEqual({ provider: 'prov-1', retry_after_ms: 6_000 });
    expect(refusal(() => breaker.acquire('prov-1')).message).toContain('prov-1');
  });

  it('half-open after the timeout admits one probe; its success closes the circuit', () => {
    const c = clock();
    const breaker = createCircuitBreaker({ failureThreshold: 2, resetTimeoutMs: 10_000, now: c.now });
    breaker.acquire('p').failure();
    breaker.acquire('p').failure();
    c.advance(9_999);
    expect(breaker.state('p')).toBe('open');
    c.advance(1);
    expect(breaker.state('p')).toBe('half_open');
    const probe = breaker.acquire('p');
    expect(refusal(() => breaker.acquire('p')).details).toMatchObject({ provider: 'p', retry_after_ms: 1000 });
    probe.success();
    expect(breaker.state('p')).toBe('closed');
    expect(breaker.snapshot()).toEqual([]);
    // Closed again: the full threshold is needed to reopen.
    breaker.acquire('p').failure();
    expect(breaker.state('p')).toBe('closed');
  });

  it('a failed probe reopens the circuit with a fresh timeout', () => {
    const c = clock();
    const breaker = createCircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 10_000, now: c.now });
    breaker.acquire('p').failure();
    c.advance(10_000);
    const probe = breaker.acquire('p');
    c.advance(2_000);
    probe.failure();
    expect(breaker.state('p')).toBe('open');
    expect(refusal(() => breaker.acquire('p')).details).toMatchObject({ retry_after_ms: 10_000 });
    expect(breaker.snapshot()).toEqual([{ key: 'p', state: 'open', failures: 2, opened_at: c.now() }]);
    c.advance(10_000);
    expect(breaker.state('p')).toBe('half_open');
  });

  it('ignores late and repeated reports', () => {
    const c = clock();
    const breaker = createCircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 1_000, halfOpenMaxCalls: 2, now: c.now });
    const slow = breaker.acquire('p');
    breaker.acquire('p').failure();
    slow.success(); // admitted while closed, reported while open: does not close it
    expect(breaker.state('p')).toBe('open');
    c.advance(1_000);
    const first = breaker.acquire('p');
    const second = breaker.acquire('p');
    expect(() => breaker.acquire('p')).toThrow(AppError);
    first.failure();
    first.failure();
    second.success(); // a probe of the period that just failed
    expect(breaker.snapshot()).toEqual([{ key: 'p', state: 'open', failures: 2, opened_at: c.now() }]);
  });

  it('a probe that never reports does not wedge the circuit', () => {
    const c = clock();
    const breaker = createCircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 1_000, now: c.now });
    breaker.acquire('p').failure();
    c.advance(1_000);
    breaker.acquire('p'); // lost
    c.advance(999);
    expect(() => breaker.acquire('p')).toThrow(AppError);
    c.advance(1);
    breaker.acquire('p').success();
    expect(breaker.state('p')).toBe('closed');
  });

  it('keeps at most maxKeys providers, dropping closed ones before open ones', () => {
    const breaker = createCircuitBreaker({ failureThreshold: 2, maxKeys: 2, now: clock().now });
    breaker.acquire('down').failure();
    breaker.acquire('down').failure();
    for (const key of ['a', 'b', 'c']) breaker.acquire(key).failure();
    expect(breaker.snapshot()).toEqual([
      { key: 'down', state: 'open', failures: 2, opened_at: expect.any(Number) },
      { key: 'c', state: 'closed', failures: 1, opened_at: null },
    ]);
    expect(() => createCircuitBreaker({ failureThreshold: 0 })).toThrow(RangeError);
  });
});
