import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

/** A URL-safe random token of `bytes` bytes of entropy. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A key for one purpose ('invitation', 'phone-code', ...) derived from a server secret (HMAC-SHA256). */
export const deriveKey = (secret: string, purpose: string): Buffer => createHmac('sha256', secret).update(`smarteros:${purpose}`).digest();

/** HMAC-SHA256 of a message under a derived key, base64url (43 characters). */
export const hmacBase64url = (key: Buffer, message: string): string => createHmac('sha256', key).update(message).digest('base64url');

/**
 * JSON with object keys sorted at every depth: the same value always gives the same text (jsonb does not keep key
 * order, and a signature over arguments must not depend on the order a client sent them in).
 */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
