/**
 * Chilean RUT (Rol Único Tributario): the one place where a RUT is validated, normalized and formatted.
 * The database enforces the same rule (the `rut` domain in db/migrations), so no path can store an invalid RUT.
 *
 * Canonical (stored) form: body without leading zeros, a hyphen, the check digit, upper-case K: `12345678-5`.
 * Display form: `12.345.678-5`.
 */

/**
 * Characters people put between the digits of a RUT, dropped before validation: ASCII white space, no-break spaces
 * (U+00A0, U+2007 figure, U+202F narrow, as es-CL number formatting and copy-paste produce), dots, the hyphen and the
 * Unicode dashes and minus. The database's rut_normalize() strips exactly the same set.
 */
export const RUT_SEPARATORS = /[ \t\r\n\u00a0\u2007\u202f.\-\u2010-\u2015\u2212]/g;

/** Largest body accepted: 99.999.999. */
export const RUT_MAX_BODY = 99_999_999;

/** Modulo 11 check digit of a RUT body (digits only). */
export function rutCheckDigit(body: number | string): string {
  const digits = String(body);
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += (digits.charCodeAt(i) - 48) * weight;
    weight = weight === 7 ? 2 : weight + 1;
  }
  const dv = 11 - (sum % 11);
  return dv === 11 ? '0' : dv === 10 ? 'K' : String(dv);
}

export type RutProblem = 'empty' | 'characters' | 'length' | 'check_digit';

export type RutParse = { ok: true; rut: string; body: number; dv: string } | { ok: false; problem: RutProblem; message: string };

const MESSAGES: Record<RutProblem, string> = {
  empty: 'RUT is required',
  characters: 'RUT may only contain digits, dots, a hyphen and a final K',
  length: 'RUT must have between 1 and 8 digits before the check digit',
  check_digit: 'RUT check digit does not match (modulo 11)',
};

/** Parses any common spelling (dots, hyphen, spaces, lower-case k, leading zeros) into the canonical form. */
export function parseRut(input: string): RutParse {
  const compact = input.replace(RUT_SEPARATORS, '').toUpperCase();
  const fail = (problem: RutProblem): RutParse => ({ ok: false, problem, message: MESSAGES[problem] });
  if (compact.length === 0) return fail('empty');
  if (!/^\d+[\dK]$/.test(compact)) return fail('characters');
  const bodyDigits = compact.slice(0, -1).replace(/^0+/, '');
  const dv = compact.slice(-1);
  if (bodyDigits.length === 0 || bodyDigits.length > 8) return fail('length');
  if (rutCheckDigit(bodyDigits) !== dv) return fail('check_digit');
  return { ok: true, rut: `${bodyDigits}-${dv}`, body: Number(bodyDigits), dv };
}

export function isValidRut(input: string): boolean {
  return parseRut(input).ok;
}

/** Canonical form, or null when the input is not a valid RUT. */
export function normalizeRut(input: string): string | null {
  const parsed = parseRut(input);
  return parsed.ok ? parsed.rut : null;
}

/** Display form `12.345.678-5`; throws on an invalid RUT (validate first where input comes from people). */
export function formatRut(input: string): string {
  const parsed = parseRut(input);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return `${String(parsed.body).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}-${parsed.dv}`;
}

/** Builds a valid canonical RUT from a body (used by seeds, fixtures and benchmarks). */
export function rutFromBody(body: number): string {
  if (!Number.isInteger(body) || body < 1 || body > RUT_MAX_BODY) throw new RangeError('RUT body out of range');
  return `${body}-${rutCheckDigit(body)}`;
}
