import { isUuid, parseRut, PRODUCT_CODES } from '@smarteros/kernel';
import { invalid } from './context.ts';
import { t } from './i18n.ts';

/**
 * Input checks the CLI makes before calling the API, with the same rules (the RUT through @smarteros/kernel, like the
 * API and the database). The server still validates everything.
 */

/** A RUT in any spelling -> canonical `12345678-5`; an error naming the field otherwise. */
export function rutArg(field: string, value: string): string {
  const parsed = parseRut(value);
  if (!parsed.ok) throw invalid(t('err.invalidRut', field, parsed.problem), t('err.rutExample'));
  return parsed.rut;
}

/** A tenant reference: an id (uuid) as is, or a RUT in any spelling as its canonical form. */
export function tenantRef(value: string): string {
  if (isUuid(value)) return value.toLowerCase();
  const parsed = parseRut(value);
  if (!parsed.ok) throw invalid(t('err.invalidTenantRef', value), t('err.rutExample'));
  return parsed.rut;
}

export function choice<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  const v = value.trim().toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) throw invalid(t('err.invalidChoice', field, value, allowed.join(', ')));
  return v as T;
}

/** `chat,erp` -> ['chat', 'erp']; `none` -> []. */
export function productList(field: string, value: string): string[] {
  if (value.trim().toLowerCase() === 'none') return [];
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((p) => choice(field, p, PRODUCT_CODES));
  const seen = new Set<string>();
  for (const p of items) {
    if (seen.has(p)) throw invalid(t('err.repeated', field, p));
    seen.add(p);
  }
  return items;
}

export function intArg(field: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(t('err.invalidInteger', field, min, max));
  return n;
}

/** `--ref a=1 --ref b=x` -> { a: '1', b: 'x' }. */
export function refPairs(values: readonly string[] | undefined): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const pair of values) {
    const i = pair.indexOf('=');
    if (i <= 0) throw invalid(t('err.invalidRef', pair));
    out[pair.slice(0, i).trim()] = pair.slice(i + 1);
  }
  return out;
}
