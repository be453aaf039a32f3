import { parseDocument } from 'yaml';
import { isObject, unprocessable, type OpenApiIssue } from './openapi-issues.ts';

/** The largest document accepted, as UTF-8 text (or as JSON text, for an already-parsed object). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
const MB = (MAX_DOCUMENT_BYTES / 1024 / 1024).toString();

/**
 * Turns the input (JSON or YAML text, or an already-parsed object) into a plain object, or throws the 422 naming the
 * syntax problem with its line and column. Text that starts with `{` is read as JSON; anything else as YAML 1.2
 * (unique keys, merge keys, alias expansion capped by the yaml library: a few bytes cannot expand into gigabytes).
 */
export function readDocument(input: unknown): Record<string, unknown> {
  let value: unknown;
  if (typeof input === 'string') {
    if (Buffer.byteLength(input, 'utf8') > MAX_DOCUMENT_BYTES) {
      throw unprocessable([{ path: '', message: `the document is larger than ${MB} MB` }]);
    }
    const text = input.replace(/^\uFEFF/, '');
    if (text.trim() === '') throw unprocessable([{ path: '', message: 'the document is empty' }]);
    value = text.trimStart().startsWith('{') ? readJson(text) : readYaml(text);
  } else {
    // A copy through JSON: the caller's object is never touched, and only plain JSON data goes on.
    let text: string | undefined;
    try {
      text = JSON.stringify(input);
    } catch {
      throw unprocessable([{ path: '', message: 'the document is not plain JSON data (it has a cycle or a value JSON cannot hold)' }]);
    }
    if (text !== undefined && Buffer.byteLength(text, 'utf8') > MAX_DOCUMENT_BYTES) {
      throw unprocessable([{ path: '', message: `the document is larger than ${MB} MB` }]);
    }
    value = text === undefined ? undefined : JSON.parse(text);
  }
  if (!isObject(value)) {
    const kind = value === null ? 'null' : value === undefined ? 'nothing' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw unprocessable([{ path: '', message: `the document must be an object (an OpenAPI document), not ${kind}` }]);
  }
  return value;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    // V8 says "... in JSON at position 18 (line 3 column 8)" for most errors; "Unexpected token" errors carry a snippet
    // instead; the YAML parser (JSON is YAML) then often knows the place.
    const position = /at position (\d+)/.exec(raw);
    const message = raw.replace(/\s*in JSON at position \d+.*$/s, '').replace(/\s+/g, ' ').slice(0, 200);
    let where = '';
    if (position) {
      const { line, column } = lineColumn(text, Number(position[1]));
      where = ` at line ${line}, column ${column}`;
    } else {
      const yamlError = parseDocument(text, { uniqueKeys: true }).errors[0];
      const at = yamlError?.linePos?.[0];
      if (at) where = ` at line ${at.line}, column ${at.col}`;
    }
    throw unprocessable([{ path: '', message: `invalid JSON${where}: ${message}` }]);
  }
}

function readYaml(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    const issues: OpenApiIssue[] = doc.errors.slice(0, 10).map((e) => {
      const at = e.linePos?.[0];
      const message = e.message.replace(/ at line \d+, column \d+.*$/s, '');
      return { path: '', message: `invalid YAML${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${message}` };
    });
    throw unprocessable(issues);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw unprocessable([{ path: '', message: `the YAML cannot be read: ${message}` }]);
  }
}
