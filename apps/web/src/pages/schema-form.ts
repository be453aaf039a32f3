/**
 * A small JSON Schema (2020-12) to form mapper for the actions' inputs (decision 0004-console-data-layer): the
 * flat objects zod's toJSONSchema gives (string, number, integer, boolean, string enums, arrays of strings), with
 * required marks, defaults and descriptions; anything else is one JSON field. Validation here is the browser's first
 * pass (the server checks the same schema again).
 */

type Json = Record<string, unknown>;

interface Base {
  name: string;
  required: boolean;
  description?: string | undefined;
}

export type FieldSpec =
  | (Base & { kind: 'string'; default?: string; minLength?: number; maxLength?: number; pattern?: string })
  | (Base & { kind: 'number' | 'integer'; default?: number; minimum?: number; maximum?: number })
  | (Base & { kind: 'boolean'; default?: boolean })
  | (Base & { kind: 'enum'; options: string[]; default?: string })
  | (Base & { kind: 'string-array'; default?: string[]; minItems?: number; maxItems?: number })
  | (Base & { kind: 'json'; default?: unknown });

/** A field's value while edited: text for inputs (an array of strings: one a line), a flag for checkboxes. */
export type FieldValue = string | boolean;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function fieldOf(name: string, s: unknown, required: boolean): FieldSpec {
  const base = { name, required, description: isObj(s) ? str(s.description) : undefined };
  if (!isObj(s)) return { ...base, kind: 'json' };
  if (Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((e) => typeof e === 'string')) {
    return { ...base, kind: 'enum', options: s.enum as string[], ...(typeof s.default === 'string' ? { default: s.default } : {}) };
  }
  switch (s.type) {
    case 'string':
      return {
        ...base,
        kind: 'string',
        ...(str(s.default) !== undefined ? { default: str(s.default)! } : {}),
        ...(num(s.minLength) !== undefined ? { minLength: num(s.minLength)! } : {}),
        ...(num(s.maxLength) !== undefined ? { maxLength: num(s.maxLength)! } : {}),
        ...(str(s.pattern) !== undefined ? { pattern: str(s.pattern)! } : {}),
      };
    case 'number':
    case 'integer':
      return {
        ...base,
        kind: s.type,
        ...(num(s.default) !== undefined ? { default: num(s.default)! } : {}),
        ...(num(s.minimum) !== undefined ? { minimum: num(s.minimum)! } : {}),
        ...(num(s.maximum) !== undefined ? { maximum: num(s.maximum)! } : {}),
      };
    case 'boolean':
      return { ...base, kind: 'boolean', ...(typeof s.default === 'boolean' ? { default: s.default } : {}) };
    case 'array':
      if (isObj(s.items) && s.items.type === 'string' && Object.keys(s.items).every((k) => k === 'type' || k === 'description')) {
        const d = Array.isArray(s.default) && s.default.every((x) => typeof x === 'string') ? { default: s.default as string[] } : {};
        return { ...base, kind: 'string-array', ...d, ...(num(s.minItems) !== undefined ? { minItems: num(s.minItems)! } : {}), ...(num(s.maxItems) !== undefined ? { maxItems: num(s.maxItems)! } : {}) };
      }
  }
  return { ...base, kind: 'json', ...('default' in s ? { default: s.default } : {}) };
}

/** The fields of an object schema, in its order; null when the schema is not a plain object (one JSON box then). */
export function fieldsOf(schema: Json): FieldSpec[] | null {
  if (schema.type !== 'object' || (schema.properties !== undefined && !isObj(schema.properties))) return null;
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  return Object.entries((schema.properties as Json | undefined) ?? {}).map(([name, s]) => fieldOf(name, s, required.has(name)));
}

export function initialValue(f: FieldSpec): FieldValue {
  switch (f.kind) {
    case 'boolean':
      return f.default ?? false;
    case 'number':
    case 'integer':
      return f.default === undefined ? '' : String(f.default);
    case 'string-array':
      return (f.default ?? []).join('\n');
    case 'json':
      return f.default === undefined ? '' : JSON.stringify(f.default, null, 2);
    default:
      return f.default ?? '';
  }
}

/** Why a field's value does not fit, as a message key and its values (the page words it, naming the field). */
export type FieldProblem =
  | { key: 'required' }
  | { key: 'integer' | 'number' | 'json' | 'enum' }
  | { key: 'min' | 'max' | 'minLength' | 'maxLength' | 'minItems' | 'maxItems'; limit: number }
  | { key: 'pattern' };

/** The input to send, or each field's problem. Empty optional fields are left out (the server applies defaults). */
export function readForm(fields: FieldSpec[], values: Record<string, FieldValue>): { input: Json; problems: Record<string, FieldProblem> } {
  const input: Json = {};
  const problems: Record<string, FieldProblem> = {};
  for (const f of fields) {
    const raw = values[f.name] ?? initialValue(f);
    if (f.kind === 'boolean') {
      input[f.name] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw : '';
    if (text.trim() === '') {
      if (f.required) problems[f.name] = { key: 'required' };
      continue;
    }
    switch (f.kind) {
      case 'number':
      case 'integer': {
        const n = Number(text.trim().replace(',', '.'));
        if (!Number.isFinite(n) || (f.kind === 'integer' && !Number.isInteger(n))) problems[f.name] = { key: f.kind };
        else if (f.minimum !== undefined && n < f.minimum) problems[f.name] = { key: 'min', limit: f.minimum };
        else if (f.maximum !== undefined && n > f.maximum) problems[f.name] = { key: 'max', limit: f.maximum };
        else input[f.name] = n;
        break;
      }
      case 'enum':
        if (!f.options.includes(text)) problems[f.name] = { key: 'enum' };
        else input[f.name] = text;
        break;
      case 'string-array': {
        const items = text
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean);
        if (f.minItems !== undefined && items.length < f.minItems) problems[f.name] = { key: 'minItems', limit: f.minItems };
        else if (f.maxItems !== undefined && items.length > f.maxItems) problems[f.name] = { key: 'maxItems', limit: f.maxItems };
        else input[f.name] = items;
        break;
      }
      case 'json':
        try {
          input[f.name] = JSON.parse(text) as unknown;
        } catch {
          problems[f.name] = { key: 'json' };
        }
        break;
      case 'string':
        if (f.minLength !== undefined && text.length < f.minLength) problems[f.name] = { key: 'minLength', limit: f.minLength };
        else if (f.maxLength !== undefined && text.length > f.maxLength) problems[f.name] = { key: 'maxLength', limit: f.maxLength };
        else if (f.pattern !== undefined && !safeTest(f.pattern, text)) problems[f.name] = { key: 'pattern' };
        else input[f.name] = text;
        break;
    }
  }
  return { input, problems };
}

/** A pattern the browser cannot compile is left to the server. */
function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return true;
  }
}
