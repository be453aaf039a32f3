import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chatwootSignature, verifyChatwootSignature } from './chatwoot.ts';

describe('X-Chatwoot-Signature', () => {
  const secret = 'whsec-0123456789abcdef';
  // Non-ASCII bytes as Chatwoot sends them: the check is on the raw bytes, never on re-serialized JSON.
  const raw = Buffer.from('{"event":"message_created","content":"¿Despachan a Ñuñoa?"}', 'utf8');
  const ts = '1772452800';
  const hex = createHmac('sha256', secret).update(`${ts}.`).update(raw).digest('hex');

  it('is sha256= and the HMAC-SHA256 of "{timestamp}.{raw body}"', () => {
    expect(chatwootSignature(secret, ts, raw)).toBe(`sha256=${hex}`);
    expect(verifyChatwootSignature(raw, ts, `sha256=${hex}`, secret)).toBe(true);
    // The bare hex, and upper case, are the same signature.
    expect(verifyChatwootSignature(raw, ts, hex.toUpperCase(), secret)).toBe(true);
  });

  it('refuses a missing, malformed or wrong signature, another timestamp, other bytes, another secret', () => {
    expect(verifyChatwootSignature(raw, ts, undefined, secret)).toBe(false);
    expect(verifyChatwootSignature(raw, ts, '', secret)).toBe(false);
    expect(verifyChatwootSignature(raw, ts, 'sha256=abc', secret)).toBe(false);
    expect(verifyChatwootSignature(raw, ts, `sha256=${hex}00`, secret)).toBe(false);
    expect(verifyChatwootSignature(raw, '1772452801', `sha256=${hex}`, secret)).toBe(false);
    // Escaped and re-serialized are other bytes: the signature of one is not the other's.
    const escaped = Buffer.from('{"content":"\\u00d1u\\u00f1oa"}', 'utf8');
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(escaped.toString('utf8'))), 'utf8');
    expect(reserialized.equals(escaped)).toBe(false);
    expect(verifyChatwootSignature(escaped, ts, chatwootSignature(secret, ts, escaped), secret)).toBe(true);
    expect(verifyChatwootSignature(reserialized, ts, chatwootSignature(secret, ts, escaped), secret)).toBe(false);
    expect(verifyChatwootSignature(Buffer.from(raw.toString('utf8').replace('Ñuñoa', 'Nunoa')), ts, `sha256=${hex}`, secret)).toBe(false);
    expect(verifyChatwootSignature(raw, ts, `sha256=${hex}`, 'another-secret-000')).toBe(false);
  });
});
