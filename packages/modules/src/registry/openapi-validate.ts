import { validate } from '@readme/openapi-parser';
import { isObject, pointer, type OpenApiIssue } from './openapi-issues.ts';

/**
 * Validates the document with @readme/openapi-parser (the OpenAPI 3.0 / 3.1 JSON schemas plus its rules: path
 * parameters declared and required, no duplicate parameters, response codes, arrays with items ...). Only a duplicated
 * operationId is relaxed to a warning: the import gives every endpoint a unique name anyway.
 *
 * The library reports each failure as text with a code frame of the document printed as JSON (indent 2) after it
 * dereferenced it in place. The frame's marked line is mapped back to a JSON pointer by walking that same object, so
 * each issue gets a `path`; spec-rule messages name their place in backquotes (`/paths/orders/{id}/get`) and are
 * mapped to a pointer against the document's path names. Where neither works the path is '' and the message stays.
 *
 * The caller has already refused external `$ref`s, and the library is handed an object (never a string, which it
 * would read as a file name or URL) with external resolution off: nothing is fetched.
 */
export async function validateDocument(doc: Record<string, unknown>): Promise<OpenApiIssue[]> {
  const checked = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  let result: Awaited<ReturnType<typeof validate>>;
  try {
    result = await validate(checked as Parameters<typeof validate>[0], {
      resolve: { external: false, file: false },
      validate: { rules: { openapi: { 'duplicate-operation-id': 'warning' } } },
    });
  } catch (err) {
    return [{ path: '', message: `the document could not be validated: ${err instanceof Error ? err.message : String(err)}` }];
  }
  if (result.valid) return [];
  const issues = result.errors.map((e) => toIssue(e.message, checked, doc));
  if (result.additionalErrors > 0) issues.push({ path: '', message: `... and ${result.additionalErrors} more validation errors` });
  return issues;
}

function toIssue(text: string, printed: unknown, doc: Record<string, unknown>): OpenApiIssue {
  const lines = text.split('\n');
  const headline = lines[0]!.trim();
  const frameLine = /^>\s*(\d+)\s*\|/m.exec(text);
  if (frameLine) {
    // "ADDITIONAL PROPERTY must NOT have additional properties" + "   |   ^^^^ foo is not expected to be here!"
    const hint = lines.find((l) => /^\s*\|\s*\^/.test(l))?.replace(/^\s*\|\s*\^+\s*/, '').trim() ?? '';
    const message = headline.replace(/^[A-Z][A-Z ]*[A-Z] (?=[a-z])/, '');
    const tokens = tokensAtLine(printed, Number(frameLine[1]));
    return { path: tokens ? pointer(tokens) : '', message: hint && !hint.includes(message) ? `${message}: ${hint}` : message };
  }
  return { path: pathInMessage(headline, doc), message: headline.replaceAll('`', '"') };
}

/** The tokens of the value printed on line `line` of `JSON.stringify(value, null, 2)` (1-based), or null. */
export function tokensAtLine(value: unknown, line: number): (string | number)[] | null {
  const counts = new WeakMap<object, number>();
  const count = (v: unknown): number => {
    if (typeof v !== 'object' || v === null) return 1;
    const known = counts.get(v);
    if (known !== undefined) return known;
    const children = childrenOf(v);
    const n = children.length === 0 ? 1 : 2 + children.reduce((sum, [, c]) => sum + count(c), 0);
    counts.set(v, n);
    return n;
  };
  if (line < 1 || line > count(value)) return null;
  const tokens: (string | number)[] = [];
  let node: unknown = value;
  let start = 1;
  for (;;) {
    if (line === start || typeof node !== 'object' || node === null) return tokens;
    let cursor = start + 1;
    let next: [string | number, unknown] | undefined;
    for (const child of childrenOf(node)) {
      const n = count(child[1]);
      if (line < cursor + n) {
        next = child;
        break;
      }
      cursor += n;
    }
    if (!next) return tokens; // the closing bracket
    tokens.push(next[0]);
    node = next[1];
    start = cursor;
  }
}

function childrenOf(v: object): [string | number, unknown][] {
  if (Array.isArray(v)) return v.map((c: unknown, i) => [i, c]);
  // JSON.stringify leaves out undefined and functions in objects.
  return Object.entries(v).filter(([, c]) => c !== undefined && typeof c !== 'function');
}

/** `/paths/orders/{id}/get/...` written in a message -> `/paths/~1orders~1{id}/get/...` (the longest path name that fits). */
function pathInMessage(message: string, doc: Record<string, unknown>): string {
  const named = [...message.matchAll(/`(\/[^`]*)`/g)].map((m) => m[1]!);
  for (const where of named) {
    if (where.startsWith('/paths/') && isObject(doc.paths)) {
      const rest = where.slice('/paths'.length);
      const name = Object.keys(doc.paths)
        .filter((p) => rest === p || rest.startsWith(`${p}/`))
        .sort((a, b) => b.length - a.length)[0];
      if (name !== undefined) return pointer(['paths', name]) + rest.slice(name.length);
    }
    if (where.startsWith('/components/')) return where;
  }
  return '';
}
