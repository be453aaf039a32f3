/**
 * Redaction of personal data in what AI models receive and in what the audit keeps: Chilean RUTs (12.345.678-5,
 * 12345678-5), phone numbers (+56 9 1234 5678 and other E.164 numbers) and e-mail addresses, in every string of a
 * value (object keys are kept). Keys that name a secret (password, token, secret, api key, authorization...) lose
 * their value entirely in the audit.
 */
export interface RedactionRules {
  rut: boolean;
  phone: boolean;
  email: boolean;
}

const RUT_RE = /\b\d{1,2}(?:\.\d{3}){2}-[\dkK]\b|\b\d{7,8}-[\dkK]\b/g;
const PHONE_RE = /(?<![\w+])\+?56[\s-]?9(?:[\s-]?\d){8}\b|(?<![\w])\+\d(?:[\s-]?\d){7,14}\b/g;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const SECRET_KEY_RE = /pass(word)?|secret|token|api[_-]?key|authorization|credential|cookie|_confirmation/i;

export const anyRedaction = (r: RedactionRules): boolean => r.rut || r.phone || r.email;

export function redactText(text: string, r: RedactionRules): string {
  let out = text;
  if (r.email) out = out.replace(EMAIL_RE, '[email]');
  if (r.rut) out = out.replace(RUT_RE, '[rut]');
  if (r.phone) out = out.replace(PHONE_RE, '[phone]');
  return out;
}

/** The value with every string redacted; depth-limited so a hostile structure cannot run long. */
export function redactValue(value: unknown, r: RedactionRules, depth = 0): unknown {
  if (!anyRedaction(r) || depth > 32) return value;
  if (typeof value === 'string') return redactText(value, r);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, r, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, r, depth + 1)]));
  }
  return value;
}

/** Arguments as the audit keeps them: secret-looking keys removed, personal data redacted when the policy says so, at most 4 KB. */
export function auditArguments(args: Record<string, unknown>, r: RedactionRules): Record<string, unknown> {
  const strip = (v: unknown, depth: number): unknown => {
    if (depth > 16) return '[…]';
    if (Array.isArray(v)) return v.map((x) => strip(x, depth + 1));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).filter(([k]) => !SECRET_KEY_RE.test(k)).map(([k, x]) => [k, strip(x, depth + 1)]));
    }
    return v;
  };
  const cleaned = redactValue(strip(args, 0), r) as Record<string, unknown>;
  const text = JSON.stringify(cleaned);
  return text.length <= 4096 ? cleaned : { truncated: true, preview: text.slice(0, 1000) };
}
