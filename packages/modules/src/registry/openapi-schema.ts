import { isObject, put } from './openapi-issues.ts';
import { MAX_REF_HOPS, refCycles, refTokens, resolveRef } from './openapi-refs.ts';

export type JsonSchema = Record<string, unknown>;

/** 'in': a request (readOnly properties are left out); 'out': a response (writeOnly properties are left out). */
export type Direction = 'in' | 'out';

/** Above this many schema objects one root stops inlining and keeps every `$ref` as a `$defs` entry (linear size). */
export const MAX_INLINE_NODES = 5000;
/** Above this many schema objects produced for the whole document the import is refused (a safety net). */
export const MAX_TOTAL_NODES = 2_000_000;
/** Deeper nesting than this stops inlining (and, with every `$ref` in `$defs`, refuses the document). */
export const MAX_DEPTH = 200;

/** Shared by every root of one document. */
export interface SchemaContext {
  doc: Record<string, unknown>;
  /** Whether a reference takes part in a cycle: then it is always written as `{ $ref: '#/$defs/<Name>' }`. */
  cyclic: (ref: string) => boolean;
  /** Schema objects produced so far (all roots). */
  total: number;
}

export function schemaContext(doc: Record<string, unknown>): SchemaContext {
  return { doc, cyclic: refCycles(doc), total: 0 };
}

export class SchemaBudgetError extends Error {}

class InlineTooLarge extends Error {}

/** The convert function handed to a root's builder: one schema of the document -> JSON Schema 2020-12. */
export type Convert = (node: unknown) => JsonSchema;

/**
 * Builds one self-contained JSON Schema 2020-12 root (an endpoint's schema_in or schema_out) from OpenAPI schemas.
 *
 * `$ref`s are inlined, except the references that take part in a cycle (a Category whose children are Categories;
 * see refCycles): those become `{ $ref: '#/$defs/<Name>' }` and their schema is written once under the root's
 * `$defs`, so the root stays self-contained and finite.
 * When inlining would pass MAX_INLINE_NODES schema objects or MAX_DEPTH levels (a large API that reuses big schemas
 * everywhere, a long chain of references), the root is built again with every reference as a `$defs` entry instead:
 * each referenced schema is then written once, so the size stays linear in the document.
 */
export function buildRoot(ctx: SchemaContext, direction: Direction, build: (convert: Convert) => JsonSchema): JsonSchema {
  let allDefs = false;
  for (;;) {
    const converter = new Converter(ctx, direction, allDefs);
    let root: JsonSchema | null = null;
    try {
      const built = build((node) => converter.convert(node));
      converter.convertDefs();
      root = built;
    } catch (err) {
      if (!(err instanceof InlineTooLarge)) throw err;
      allDefs = true;
    }
    ctx.total += converter.nodes;
    if (ctx.total > MAX_TOTAL_NODES) throw new SchemaBudgetError(`the schemas expand to more than ${MAX_TOTAL_NODES} schema objects`);
    if (root) {
      const defs = converter.defs();
      return defs ? { ...root, $defs: defs } : root;
    }
  }
}

/** Keywords whose value is a map of schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas']);
/** Keywords whose value is a schema (or a boolean, kept). */
const SCHEMA_VALUES = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'contentSchema',
]);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
/**
 * Dropped: OpenAPI-only keywords (`discriminator`, `xml`, `externalDocs`; `nullable` becomes a type), identifiers that
 * would change the base URI of the `#/$defs/...` references (`$id`, `$schema`, anchors, dynamic references), local
 * definitions (everything they hold is inlined or moved to the root's `$defs`), draft-07 `dependencies`, `$comment`.
 */
const DROPPED = new Set([
  '$ref',
  'nullable',
  'discriminator',
  'xml',
  'externalDocs',
  '$id',
  '$schema',
  '$anchor',
  '$dynamicAnchor',
  '$dynamicRef',
  '$recursiveRef',
  '$recursiveAnchor',
  '$vocabulary',
  '$comment',
  '$defs',
  'definitions',
  'dependencies',
]);
/** Siblings of a `$ref` that annotate rather than constrain: they are merged over the referenced schema. */
const ANNOTATIONS = new Set(['title', 'description', 'default', 'examples', 'example', 'deprecated', 'readOnly', 'writeOnly']);

class Converter {
  nodes = 0;
  private depth = 0;
  private readonly pending: string[] = [];
  private readonly defsByRef = new Map<string, { name: string; schema: JsonSchema | null }>();
  private readonly names = new Set<string>();
  private readonly ctx: SchemaContext;
  private readonly direction: Direction;
  private readonly allDefs: boolean;
  private readonly dialect: '3.0' | '3.1';

  constructor(ctx: SchemaContext, direction: Direction, allDefs: boolean) {
    this.ctx = ctx;
    this.direction = direction;
    this.allDefs = allDefs;
    this.dialect = typeof ctx.doc.openapi === 'string' && ctx.doc.openapi.startsWith('3.0') ? '3.0' : '3.1';
  }

  /** Converts the `$defs` entries met so far, and those they meet, each once. */
  convertDefs(): void {
    for (let ref = this.pending.shift(); ref !== undefined; ref = this.pending.shift()) {
      const target = resolveRef(this.ctx.doc, ref);
      this.defsByRef.get(ref)!.schema = this.convert(target.ok ? target.value : {});
    }
  }

  defs(): JsonSchema | null {
    if (this.defsByRef.size === 0) return null;
    const out: JsonSchema = {};
    for (const { name, schema } of this.defsByRef.values()) put(out, name, schema ?? {});
    return out;
  }

  convert(node: unknown): JsonSchema {
    if (node === true || node === undefined) return {};
    if (node === false) return { not: {} };
    if (!isObject(node)) return {};
    if (++this.depth > MAX_DEPTH) {
      if (!this.allDefs) throw new InlineTooLarge();
      throw new SchemaBudgetError(`a schema nests more than ${MAX_DEPTH} levels deep`);
    }
    try {
      return typeof node.$ref === 'string' ? this.convertRef(node, node.$ref) : this.convertPlain(node);
    } finally {
      this.depth--;
    }
  }

  private convertRef(node: Record<string, unknown>, ref: string): JsonSchema {
    let base: JsonSchema;
    if (this.allDefs || this.ctx.cyclic(ref)) {
      base = { $ref: `#/$defs/${this.defName(ref)}` };
    } else {
      const target = resolveRef(this.ctx.doc, ref);
      base = this.convert(target.ok ? target.value : {});
    }
    const siblings = Object.fromEntries(Object.entries(node).filter(([k]) => k !== '$ref'));
    if (Object.keys(siblings).length === 0) return base;
    const extra = this.convertPlain(siblings);
    const annotations: JsonSchema = {};
    const assertions: JsonSchema = {};
    for (const [k, v] of Object.entries(extra)) put(ANNOTATIONS.has(k) ? annotations : assertions, k, v);
    // OpenAPI 3.0 ignores a $ref's siblings, but `nullable` and a description next to a $ref are what authors mean.
    let merged: JsonSchema = { ...base, ...annotations };
    if (Object.keys(assertions).length > 0 && this.dialect === '3.1') merged = { allOf: [base, assertions], ...annotations };
    return siblings.nullable === true ? nullable(merged) : merged;
  }

  private convertPlain(node: Record<string, unknown>): JsonSchema {
    if (++this.nodes > MAX_INLINE_NODES && !this.allDefs) throw new InlineTooLarge();
    const out: JsonSchema = {};
    const omitted = new Set<string>();
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED.has(key) || key.startsWith('x-')) continue;
      if (SCHEMA_MAPS.has(key) && isObject(value)) {
        const map: JsonSchema = {};
        for (const [name, child] of Object.entries(value)) {
          if (key === 'properties' && this.leftOut(child)) omitted.add(name);
          else put(map, name, this.convert(child));
        }
        put(out, key, map);
      } else if (SCHEMA_VALUES.has(key)) {
        if (key === 'items' && Array.isArray(value)) put(out, 'prefixItems', value.map((c) => this.convert(c)));
        else put(out, key, typeof value === 'boolean' ? value : this.convert(value));
      } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
        put(out, key, value.map((c) => this.convert(c)));
      } else if (key === 'example') {
        if (!Array.isArray(node.examples)) out.examples = [structuredClone(value)];
      } else if (key === 'examples') {
        if (Array.isArray(value)) out.examples = structuredClone(value);
      } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
        // OpenAPI 3.0 (draft 4): `minimum: 5, exclusiveMinimum: true` -> `exclusiveMinimum: 5`.
        const bound = key === 'exclusiveMinimum' ? node.minimum : node.maximum;
        if (typeof value === 'number') put(out, key, value);
        else if (value === true && typeof bound === 'number') put(out, key, bound);
      } else if ((key === 'minimum' && node.exclusiveMinimum === true) || (key === 'maximum' && node.exclusiveMaximum === true)) {
        continue;
      } else {
        put(out, key, structuredClone(value));
      }
    }
    if (omitted.size > 0 && Array.isArray(out.required)) {
      const required = out.required.filter((r) => typeof r !== 'string' || !omitted.has(r));
      if (required.length > 0) out.required = required;
      else delete out.required;
    }
    return node.nullable === true ? nullable(out) : out;
  }

  /** A readOnly property is not sent in a request; a writeOnly one never comes back in a response. */
  private leftOut(node: unknown): boolean {
    const flag = this.direction === 'in' ? 'readOnly' : 'writeOnly';
    let current = node;
    for (let hops = 0; hops <= MAX_REF_HOPS && isObject(current); hops++) {
      if (current[flag] === true) return true;
      if (typeof current.$ref !== 'string') return false;
      const next = resolveRef(this.ctx.doc, current.$ref);
      current = next.ok ? next.value : null;
    }
    return false;
  }

  private defName(ref: string): string {
    const known = this.defsByRef.get(ref);
    if (known) return known.name;
    const tokens = refTokens(ref) ?? [];
    const base = (tokens.at(-1) ?? 'Schema').replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100) || 'Schema';
    let name = base;
    for (let n = 2; this.names.has(name); n++) name = `${base}_${n}`;
    this.names.add(name);
    this.defsByRef.set(ref, { name, schema: null });
    this.pending.push(ref);
    return name;
  }
}

/**
 * `nullable: true` (OpenAPI 3.0) as JSON Schema: 'null' joins the type (and the enum, which would refuse null
 * otherwise); a schema built from `$ref`/`allOf`/`anyOf`/`oneOf`/`not` becomes `anyOf: [schema, { type: 'null' }]`
 * (its annotations stay outside). A schema without a type already allows null.
 */
export function nullable(schema: JsonSchema): JsonSchema {
  const composed = ['$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'const'].some((k) => schema[k] !== undefined);
  if (composed) {
    const inner: JsonSchema = {};
    const outer: JsonSchema = {};
    for (const [k, v] of Object.entries(schema)) put(ANNOTATIONS.has(k) ? outer : inner, k, v);
    return { anyOf: [inner, { type: 'null' }], ...outer };
  }
  const out: JsonSchema = { ...schema };
  if (typeof out.type === 'string' && out.type !== 'null') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}
