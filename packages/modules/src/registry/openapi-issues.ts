import { AppError } from '@smarteros/kernel';

/** One problem found in an OpenAPI document: `path` is a JSON pointer into the document ('' for the whole document). */
export interface OpenApiIssue {
  path: string;
  message: string;
}

/** At most this many issues are returned; a last one says how many more there were. */
export const MAX_ISSUES = 50;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON pointer (RFC 6901) of a list of tokens: ['paths', '/orders', 'get'] -> '/paths/~1orders/get'. */
export function pointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${String(t).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** The 422 every refusal of a document answers: the message names the first problem; `details.issues` lists them all. */
export function unprocessable(issues: OpenApiIssue[]): AppError {
  const shown = issues.slice(0, MAX_ISSUES);
  if (issues.length > MAX_ISSUES) shown.push({ path: '', message: `... and ${issues.length - MAX_ISSUES} more issues` });
  const first = shown[0] ?? { path: '', message: 'the document is not a valid OpenAPI document' };
  const where = first.path ? ` (at ${first.path})` : '';
  const more = issues.length > 1 ? ` (${issues.length} issues in all)` : '';
  return new AppError('unprocessable', `The OpenAPI document cannot be imported: ${first.message}${where}${more}`, { issues: shown });
}

/** Defines a key on a fresh object even when it is `__proto__` (a plain assignment would change the prototype). */
export function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
