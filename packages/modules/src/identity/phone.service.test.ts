import { randomUUID } from 'node:crypto';
import { createManualClock, type OutboxEvent } from '@smarteros/kernel';
import { describe, expect, it } from 'vitest';
import type { Message } from '../notify/index.ts';
import { codeFor, phoneCodeHandler, phoneCodeMessage } from './phone.service.ts';

const SECRET = 'unit-secret-unit-secret-unit-secret-000';

describe('codeFor', () => {
  it('is 6 digits, stable for an id and a secret, and changes with either', () => {
    const id = '3f2b8a1e-9c4d-4e5f-8a6b-7c8d9e0f1a2b';
    const code = codeFor(SECRET, id);
    expect(code).toMatch(/^[0-9]{6}$/);
    expect(codeFor(SECRET, id)).toBe(code);
    // Pinned (HMAC-SHA256 under deriveKey(secret, 'phone-code'), first 8 bytes big-endian mod 10^6): a change of
    // derivation would invalidate every code in flight.
    expect(code).toBe('463989');
    const others = Array.from({ length: 20 }, () => codeFor(SECRET, randomUUID()));
    expect(new Set(others).size).toBeGreaterThan(15);
    expect(Array.from({ length: 20 }, (_, i) => codeFor(`${SECRET}-${i}`, id)).filter((c) => c === code).length).toBeLessThan(3);
  });

  it('keeps leading zeros', () => {
    const codes = Array.from({ length: 3000 }, () => codeFor(SECRET, randomUUID()));
    expect(codes.every((c) => /^[0-9]{6}$/.test(c))).toBe(true);
    // About 10% of codes start with 0; all 3000 missing one would mean the padding is broken.
    expect(codes.some((c) => c.startsWith('0'))).toBe(true);
  });
});

describe('phoneCodeHandler', () => {
  const clock = createManualClock('2026-03-02T12:00:00Z');
  const tenantId = randomUUID();
  const event = (payload: Record<string, unknown>): OutboxEvent => ({ tenant_id: tenantId, id: 1, topic: 'phone_code.requested', payload: { tenant_id: tenantId, ...payload }, occurred_at: clock.now(), aggregate: null });

  it('sends the code, recomputed from the id, by the channel asked for', async () => {
    const sent: Message[] = [];
    const handle = phoneCodeHandler({ notifier: { send: async (m) => void sent.push(m) }, secret: SECRET, clock });
    const id = randomUUID();
    const expires_at = new Date(clock.now().getTime() + 600_000).toISOString();
    await handle(event({ verification_id: id, phone: '+56987654321', channel: 'whatsapp', expires_at }));
    await handle(event({ verification_id: id, phone: '+56987654321', channel: 'sms', expires_at }));
    expect(sent.map((m) => m.channel)).toEqual(['whatsapp', 'sms']);
    expect(sent[0]).toMatchObject({ to: '+56987654321', kind: 'phone_code', text: `Su código SmarterOS es ${codeFor(SECRET, id)}. Vence en 10 minutos.` });
    expect(phoneCodeMessage('012345')).toBe('Su código SmarterOS es 012345. Vence en 10 minutos.');
  });

  it('does not send a code that expired before the relay got to it, and refuses a malformed event', async () => {
    const sent: Message[] = [];
    const handle = phoneCodeHandler({ notifier: { send: async (m) => void sent.push(m) }, secret: SECRET, clock });
    await handle(event({ verification_id: randomUUID(), phone: '+56987654321', channel: 'sms', expires_at: clock.now().toISOString() }));
    expect(sent).toEqual([]);
    await expect(handle(event({ phone: '+56987654321' }))).rejects.toThrow(/verification_id/);
  });
});
