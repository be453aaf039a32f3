/**
 * OpenAPI import: an API provider's OpenAPI 3.0 / 3.1 document (JSON or YAML) -> one EndpointDraft per operation.
 * Pure: no database, no network, no file system. The registry service stores the drafts in api_endpoints; the gateway
 * validates calls against schema_in / schema_out (Ajv 2020-12) and builds the upstream request from schema_in's
 * `x-in` / `x-name` keywords; the MCP server publishes schema_in as a tool's inputSchema.
 *
 * Steps (each one refuses the document with AppError('unprocessable', ..., { issues: [{ path, message }] })):
 *  1. read: at most 5 MB; JSON when the text starts with `{`, YAML 1.2 otherwise; syntax errors name line and column;
 *  2. version: OpenAPI 3.0.x or 3.1.x (Swagger 2.0 and 3.2 are named and refused); 3.0 needs `paths`, 3.1 `paths` or
 *     `webhooks`; at most 2000 operations;
 *  3. references: every `$ref` must point inside the document and resolve (each failure names the ref and where it is);
 *  4. validation by @readme/openapi-parser, each failure mapped to a JSON pointer (openapi-validate.ts);
 *  5. endpoints, in document order of paths and, within a path, in the order of HTTP_METHODS.
 *
 * schema_in, one flat JSON Schema 2020-12 object per operation:
 *   { type: 'object', properties, required, additionalProperties: false, $defs? }
 * - each path, query and header parameter (path-item parameters first, then the operation's, which replace a path-item
 *   parameter of the same name and location) is a property: the parameter's schema converted, with the parameter's
 *   description, `deprecated` and `example` (as `examples`), plus `x-in: 'path' | 'query' | 'header'`; `x-style` and
 *   `x-explode` when the document sets them; a parameter described by `content` instead of `schema` adds
 *   `x-content-type` (its value is serialized as that media type);
 * - the property name is the parameter name when it is made of [A-Za-z0-9_.-] (at most 64 characters) and free;
 *   otherwise `<in>_<name>` (sanitized, then `_2`, `_3` ...) and `x-name` carries the name sent upstream: `x-name` is
 *   present exactly when the property name differs from the parameter name. `body` is taken first when the operation
 *   has a request body, so a parameter named `body` is renamed too;
 * - path parameters are always required; others when `required: true`;
 * - cookie parameters are ignored (the gateway sends no cookies); so are the headers the gateway owns or that carry
 *   credentials (Authorization, Cookie, Host, Content-Length, Content-Type, Accept, hop-by-hop headers, API-key
 *   headers; see DROPPED_HEADERS) and any parameter that is an `apiKey` security scheme of the document: the gateway
 *   injects credentials itself;
 * - the request body is the property `body` with `x-in: 'body'`, required when `requestBody.required`: the schema of
 *   its JSON media type (application/json first, else the first `+json` one; any other JSON type adds
 *   `x-content-type`); when the body has no JSON media type, the first media type's schema (or `{}`) with
 *   `x-content-type: <type>` and a description saying how it is sent. readOnly properties are left out of it.
 * schema_out: the converted schema of the first success response with a JSON media type (200..299 in order, then 2XX;
 *   `default` only when there is no 2xx response at all); `{}` when that media type has no schema; null when there is
 *   none. writeOnly properties are left out.
 * Schema conversion (openapi-schema.ts): OpenAPI 3.0 -> JSON Schema 2020-12 (`nullable`, boolean exclusive bounds,
 * `example` -> `examples`; OpenAPI-only keywords and `x-` extensions dropped); `$ref`s inlined except cycles, which
 * stay as `$ref: '#/$defs/<Name>'` with the schema under the root's `$defs`.
 */
import { isObject, put, unprocessable, type OpenApiIssue } from './openapi-issues.ts';
import { checkRefs, followRefs } from './openapi-refs.ts';
import { buildRoot, SchemaBudgetError, schemaContext, type Convert, type JsonSchema, type SchemaContext } from './openapi-schema.ts';
import { readDocument } from './openapi-source.ts';
import { validateDocument } from './openapi-validate.ts';

export type { JsonSchema } from './openapi-schema.ts';
export type { OpenApiIssue } from './openapi-issues.ts';
export { MAX_DOCUMENT_BYTES } from './openapi-source.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** The order of the endpoints of one path. (TRACE operations are not imported.) */
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export const MAX_OPERATIONS = 2000;
export const MAX_SEMANTIC_NAME = 128;
export const MAX_SUMMARY = 500;

export interface EndpointDraft {
  operation_id: string | null;
  /** From operationId (sanitized to [A-Za-z0-9_.-], max 128) or method + path (get_orders_id); unique in the document. */
  semantic_name: string;
  method: HttpMethod;
  /** The OpenAPI path template, e.g. /orders/{order_id}. */
  path: string;
  /** summary, else the first line of description, at most 500 characters. */
  summary: string | null;
  description: string | null;
  schema_in: JsonSchema;
  schema_out: JsonSchema | null;
  deprecated: boolean;
}

export interface ParsedApi {
  title: string;
  version: string;
  openapi: string;
  /** The document's server URLs, variables replaced by their defaults. */
  servers: string[];
  endpoints: EndpointDraft[];
}

/**
 * Accepts a JSON or YAML string, or an already-parsed object (never modified). Throws AppError('unprocessable',
 * message, { issues: [{ path, message }] }) naming what is wrong; `path` is a JSON pointer into the document.
 */
export async function parseOpenApi(input: string | Record<string, unknown>): Promise<ParsedApi> {
  const doc = readDocument(input);
  const openapi = checkVersion(doc);
  checkShape(doc, openapi);
  const refIssues = checkRefs(doc);
  if (refIssues.length > 0) throw unprocessable(refIssues);
  const validation = await validateDocument(doc);
  if (validation.length > 0) throw unprocessable(validation);

  const info = isObject(doc.info) ? doc.info : {};
  let endpoints: EndpointDraft[];
  try {
    endpoints = buildEndpoints(doc);
  } catch (err) {
    if (err instanceof SchemaBudgetError) throw unprocessable([{ path: '/paths', message: err.message }]);
    throw err;
  }
  return {
    title: typeof info.title === 'string' ? info.title : '',
    version: typeof info.version === 'string' ? info.version : '',
    openapi,
    servers: serversOf(doc),
    endpoints,
  };
}

function checkVersion(doc: Record<string, unknown>): string {
  const { openapi, swagger } = doc;
  if (openapi === undefined && swagger !== undefined) {
    throw unprocessable([
      {
        path: '/swagger',
        message: `Swagger ${String(swagger)} documents are not supported: only OpenAPI 3.0 and 3.1 are (convert it first, e.g. with swagger2openapi)`,
      },
    ]);
  }
  if (openapi === undefined) {
    throw unprocessable([{ path: '/openapi', message: 'the "openapi" field is missing: only OpenAPI 3.0 and 3.1 documents are supported' }]);
  }
  if (typeof openapi !== 'string') {
    throw unprocessable([{ path: '/openapi', message: `"openapi" must be a version string such as "3.0.3" (in YAML, quote it), not ${JSON.stringify(openapi)}` }]);
  }
  if (!/^3\.[01]\.\d+$/.test(openapi)) {
    throw unprocessable([{ path: '/openapi', message: `OpenAPI version "${openapi}" is not supported: only OpenAPI 3.0.x and 3.1.x are` }]);
  }
  return openapi;
}

const ALL_OPERATION_KEYS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function checkShape(doc: Record<string, unknown>, openapi: string): void {
  const issues: OpenApiIssue[] = [];
  if (doc.paths === undefined) {
    if (openapi.startsWith('3.0')) issues.push({ path: '/paths', message: 'the "paths" object is missing (OpenAPI 3.0 requires it)' });
    else if (doc.webhooks === undefined) issues.push({ path: '/paths', message: 'the document has neither "paths" nor "webhooks": there is nothing to import' });
  } else if (!isObject(doc.paths)) {
    issues.push({ path: '/paths', message: '"paths" must be an object of path templates' });
  }
  if (issues.length > 0) throw unprocessable(issues);
  const paths = isObject(doc.paths) ? doc.paths : {};
  let operations = 0;
  for (const item of Object.values(paths)) {
    const resolved = followRefs(doc, item);
    operations += ALL_OPERATION_KEYS.filter((m) => isObject(resolved[m])).length;
  }
  if (operations > MAX_OPERATIONS) {
    throw unprocessable([{ path: '/paths', message: `the document has ${operations} operations; at most ${MAX_OPERATIONS} can be imported` }]);
  }
}

function buildEndpoints(doc: Record<string, unknown>): EndpointDraft[] {
  const ctx = schemaContext(doc);
  const credentials = credentialParameters(doc);
  const endpoints: Omit<EndpointDraft, 'semantic_name'>[] = [];
  for (const [path, rawItem] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    const item = followRefs(doc, rawItem);
    for (const method of HTTP_METHODS) {
      const op = item[method.toLowerCase()];
      if (!isObject(op)) continue;
      const description = text(op.description) ?? text(item.description);
      endpoints.push({
        operation_id: typeof op.operationId === 'string' && op.operationId !== '' ? op.operationId : null,
        method,
        path,
        summary: clip(text(op.summary) ?? firstLine(text(op.description)) ?? text(item.summary) ?? firstLine(text(item.description)), MAX_SUMMARY),
        description,
        schema_in: inputSchema(ctx, item, op, credentials),
        schema_out: outputSchema(ctx, op),
        deprecated: op.deprecated === true,
      });
    }
  }
  const names = semanticNames(endpoints);
  return endpoints.map(({ operation_id, ...rest }, i) => ({ operation_id, semantic_name: names[i]!, ...rest }));
}

// ---------------------------------------------------------------------------------------------------------------------
// schema_in

interface Parameter {
  name: string;
  in: string;
  def: Record<string, unknown>;
}

/** Headers a caller never sets: the gateway owns them, they are hop-by-hop, or they carry credentials. */
export const DROPPED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'host',
  'content-length',
  'content-type',
  'accept',
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'x-api-key',
  'api-key',
  'apikey',
  'x-auth-token',
  'x-access-token',
]);

/** `in:name` of each apiKey security scheme (header names lower-cased): the gateway sends those credentials. */
function credentialParameters(doc: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  const schemes = isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  for (const raw of Object.values(schemes)) {
    const scheme = followRefs(doc, raw);
    if (scheme.type === 'apiKey' && typeof scheme.name === 'string' && typeof scheme.in === 'string') out.add(parameterKey(scheme.in, scheme.name));
  }
  return out;
}

const parameterKey = (location: string, name: string): string => `${location}:${location === 'header' ? name.toLowerCase() : name}`;

/** Path-item parameters, then the operation's; an operation parameter replaces the path-item one with its name and `in`. */
function parametersOf(doc: Record<string, unknown>, item: Record<string, unknown>, op: Record<string, unknown>): Parameter[] {
  const list: Parameter[] = [];
  const add = (raw: unknown, replace: boolean) => {
    const def = followRefs(doc, raw);
    if (typeof def.name !== 'string' || typeof def.in !== 'string') return;
    const key = parameterKey(def.in, def.name);
    const at = list.findIndex((p) => parameterKey(p.in, p.name) === key);
    if (at < 0) list.push({ name: def.name, in: def.in, def });
    else if (replace) list[at] = { name: def.name, in: def.in, def };
  };
  for (const raw of Array.isArray(item.parameters) ? item.parameters : []) add(raw, false);
  for (const raw of Array.isArray(op.parameters) ? op.parameters : []) add(raw, true);
  return list;
}

function inputSchema(ctx: SchemaContext, item: Record<string, unknown>, op: Record<string, unknown>, credentials: Set<string>): JsonSchema {
  const { doc } = ctx;
  const parameters = parametersOf(doc, item, op).filter(
    (p) => (p.in === 'path' || p.in === 'query' || p.in === 'header') && !credentials.has(parameterKey(p.in, p.name)) && !(p.in === 'header' && DROPPED_HEADERS.has(p.name.toLowerCase())),
  );
  const body = op.requestBody === undefined ? null : followRefs(doc, op.requestBody);
  const bodyContent = body && isObject(body.content) && Object.keys(body.content).length > 0 ? body.content : null;
  return buildRoot(ctx, 'in', (convert) => {
    const properties: JsonSchema = {};
    const required: string[] = [];
    const taken = new Set<string>(bodyContent ? ['body'] : []);
    for (const p of parameters) {
      const name = propertyName(p, taken);
      taken.add(name);
      put(properties, name, parameterSchema(p, name, convert));
      if (p.in === 'path' || p.def.required === true) required.push(name);
    }
    if (body && bodyContent) {
      properties.body = bodySchema(body, bodyContent, convert);
      if (body.required === true) required.push('body');
    }
    return { type: 'object', properties, required, additionalProperties: false };
  });
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const sanitizeProperty = (s: string): string => s.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);

function propertyName(p: Parameter, taken: Set<string>): string {
  if (NAME.test(p.name) && !taken.has(p.name)) return p.name;
  const base = sanitizeProperty(`${p.in}_${p.name}`);
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base.slice(0, 64 - `_${n}`.length)}_${n}`;
  return name;
}

function parameterSchema(p: Parameter, name: string, convert: Convert): JsonSchema {
  let source: unknown = p.def.schema;
  let contentType: string | null = null;
  if (source === undefined && isObject(p.def.content)) {
    const first = Object.entries(p.def.content)[0];
    if (first) {
      contentType = first[0];
      source = isObject(first[1]) ? first[1].schema : undefined;
    }
  }
  const schema: JsonSchema = { ...convert(source) };
  const description = text(p.def.description);
  if (description) schema.description = description;
  if (p.def.deprecated === true) schema.deprecated = true;
  if (p.def.example !== undefined && schema.examples === undefined) schema.examples = [structuredClone(p.def.example)];
  schema['x-in'] = p.in;
  if (name !== p.name) schema['x-name'] = p.name;
  if (typeof p.def.style === 'string') schema['x-style'] = p.def.style;
  if (typeof p.def.explode === 'boolean') schema['x-explode'] = p.def.explode;
  if (contentType) schema['x-content-type'] = contentType;
  return schema;
}

function bodySchema(body: Record<string, unknown>, content: Record<string, unknown>, convert: Convert): JsonSchema {
  const json = jsonMedia(content);
  const [type, media] = json ?? Object.entries(content)[0]!;
  const schema: JsonSchema = { ...convert(isObject(media) ? media.schema : undefined) };
  const description = text(body.description);
  if (json) {
    if (description) schema.description = description;
    schema['x-in'] = 'body';
    if (baseType(type) !== 'application/json') schema['x-content-type'] = type;
  } else {
    const note = `Sent as ${type} (not JSON).`;
    schema.description = description ? `${description.replace(/([^.!?])$/, '$1.')} ${note}` : note;
    schema['x-in'] = 'body';
    schema['x-content-type'] = type;
  }
  return schema;
}

// ---------------------------------------------------------------------------------------------------------------------
// schema_out

function outputSchema(ctx: SchemaContext, op: Record<string, unknown>): JsonSchema | null {
  const responses = isObject(op.responses) ? op.responses : {};
  const codes = Object.keys(responses);
  const success = [...codes.filter((c) => /^2[0-9][0-9]$/.test(c)).sort(), ...codes.filter((c) => c.toUpperCase() === '2XX')];
  const candidates = success.length > 0 ? success : codes.filter((c) => c === 'default');
  for (const code of candidates) {
    const response = followRefs(ctx.doc, responses[code]);
    const json = isObject(response.content) ? jsonMedia(response.content) : null;
    if (json) {
      const media = json[1];
      return buildRoot(ctx, 'out', (convert) => convert(isObject(media) ? media.schema : undefined));
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------------
// helpers

const baseType = (type: string): string => type.split(';')[0]!.trim().toLowerCase();

function isJsonType(type: string): boolean {
  const sub = baseType(type).split('/')[1] ?? '';
  return sub === 'json' || sub.endsWith('+json');
}

/** application/json (with any parameters) first, else the first JSON media type (`+json`, text/json). */
function jsonMedia(content: Record<string, unknown>): [string, unknown] | null {
  const entries = Object.entries(content);
  return entries.find(([t]) => baseType(t) === 'application/json') ?? entries.find(([t]) => isJsonType(t)) ?? null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function firstLine(value: string | null): string | null {
  return value === null ? null : (value.split('\n').find((l) => l.trim() !== '')?.trim() ?? null);
}

function clip(value: string | null, max: number): string | null {
  if (value === null || value.length <= max) return value;
  return `${value.slice(0, max - 1)}…`;
}

function serversOf(doc: Record<string, unknown>): string[] {
  const servers = Array.isArray(doc.servers) ? doc.servers : [];
  return servers.flatMap((s: unknown) => {
    if (!isObject(s) || typeof s.url !== 'string') return [];
    const variables = isObject(s.variables) ? s.variables : {};
    return [
      s.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
        const v = variables[name];
        return isObject(v) && typeof v.default === 'string' ? v.default : whole;
      }),
    ];
  });
}

const sanitizeName = (s: string): string =>
  s
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_SEMANTIC_NAME);

/**
 * operationIds first (in document order), then the endpoints without one (method + path), so a declared operationId
 * keeps its name even when a generated name would have taken it. Unique ignoring case: `_2`, `_3` ... within 128.
 */
function semanticNames(endpoints: readonly Omit<EndpointDraft, 'semantic_name'>[]): string[] {
  const used = new Set<string>();
  const names: (string | undefined)[] = endpoints.map(() => undefined);
  const claim = (base: string): string => {
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, MAX_SEMANTIC_NAME - `_${n}`.length)}_${n}`;
    used.add(name.toLowerCase());
    return name;
  };
  endpoints.forEach((e, i) => {
    const base = e.operation_id === null ? '' : sanitizeName(e.operation_id);
    if (base) names[i] = claim(base);
  });
  endpoints.forEach((e, i) => {
    if (names[i] !== undefined) return;
    const path = sanitizeName(e.path.replace(/[{}]/g, ''));
    names[i] = claim(sanitizeName(`${e.method.toLowerCase()}_${path || 'root'}`));
  });
  return names.map((n) => n!);
}
