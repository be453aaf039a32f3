import { describe, expect, it } from 'vitest';
import { backoffMs, deliveryError } from './outbox.ts';

describe('backoffMs', () => {
  const backoff = { baseMs: 1000, maxMs: 60_000 };
  it('doubles per attempt up to the cap, with the upper half random', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffMs(n, backoff, () => 1))).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    expect(backoffMs(3, backoff, () => 0)).toBe(2000);
    expect(backoffMs(3, backoff, () => 0.5)).toBe(3000);
  });
});

describe('deliveryError', () => {
  it('keeps the message and cuts out what could be a secret', () => {
    expect(deliveryError(new Error('SMTP down at smtps://mailer:s3cr3t@smtp.example.cl:465'))).toBe('SMTP down at smtps://***@smtp.example.cl:465');
    expect(deliveryError(new Error('401 for Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig'))).toBe('401 for Authorization: Bearer ***');
    expect(deliveryError(new Error('bad key sk_live_abcdef123456 and inv_0123_4567_mac'))).toBe('bad key sk_*** and inv_***');
    expect(deliveryError(new Error('config {"password": "hunter2", token=abc.def}'))).toBe('config {"password": "***", token=***}');
    expect(deliveryError(new Error(`opaque ${'A'.repeat(64)} tail`))).toBe('opaque *** tail');
    expect(deliveryError(new TypeError('x is not a function'))).toBe('TypeError: x is not a function');
    expect(deliveryError('plain string')).toBe('plain string');
    expect(deliveryError({ weird: true })).toBe('handler failed');
  });

  it('is one line of at most 500 characters, without the stack', () => {
    const err = new Error(`line one\n${'word '.repeat(300)}`);
    const out = deliveryError(err);
    expect(out.length).toBe(500);
    expect(out).not.toMatch(/\n|at .*outbox/);
  });
});
