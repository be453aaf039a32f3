/**
 * One error type for the whole platform. Every code maps, in one table, to an HTTP status, a CLI exit code and an
 * MCP (JSON-RPC) error code. Messages are written for people and never carry internals (SQL, stack, secrets).
 *
 * The kernel defines the codes every module shares (below). A module defines its own with `defineErrors` in its
 * `<module>.errors.ts` and names them in `ModuleErrorCodes` (declaration merging), so `new AppError('rut_taken', …)`
 * type-checks where the tenancy module is part of the program; the definitions join the one table when the module
 * is loaded, and the composition root loads every module.
 */
export interface ErrorSpec {
  http: number;
  exit: number;
  mcp: number;
  /** The default English wording, used where the error comes from SQL or a constraint. */
  message?: string;
  /** The code's generic words in each language (a module's codes; the kernel's are in messages.ts). */
  words?: { en: string; es: string };
}

/** The families most codes fall into: same status, exit code and MCP code. */
export const ERROR_KINDS = {
  invalid: { http: 400, exit: 2, mcp: -32602 },
  conflict: { http: 409, exit: 5, mcp: -32009 },
  unprocessable: { http: 422, exit: 2, mcp: -32602 },
  upstream: { http: 502, exit: 7, mcp: -32603 },
  unavailable: { http: 503, exit: 7, mcp: -32603 },
} as const satisfies Record<string, ErrorSpec>;

export const KERNEL_ERRORS = {
  validation_failed: { ...ERROR_KINDS.invalid, message: 'Invalid input' },
  invalid_rut: { ...ERROR_KINDS.invalid, message: 'RUT is not valid (modulo 11)' },
  unauthorized: { http: 401, exit: 3, mcp: -32001 },
  forbidden: { http: 403, exit: 3, mcp: -32003 },
  not_found: { http: 404, exit: 4, mcp: -32004, message: 'Not found' },
  already_exists: { ...ERROR_KINDS.conflict, message: 'Already exists' },
  delivery_not_dead: { ...ERROR_KINDS.conflict, message: 'This delivery is not a dead letter' },
  payload_too_large: { http: 413, exit: 2, mcp: -32602 },
  unsupported_media_type: { http: 415, exit: 2, mcp: -32602 },
  unprocessable: ERROR_KINDS.unprocessable,
  egress_refused: ERROR_KINDS.unprocessable,
  rate_limited: { http: 429, exit: 6, mcp: -32029 },
  internal: { http: 500, exit: 1, mcp: -32603 },
  upstream_error: ERROR_KINDS.upstream,
  upstream_timeout: { http: 504, exit: 7, mcp: -32603 },
  unavailable: { ...ERROR_KINDS.unavailable, message: 'The service is not available right now' },
} as const satisfies Record<string, ErrorSpec>;

export type KernelErrorCode = keyof typeof KERNEL_ERRORS;

/** Filled by modules (declaration merging): `declare module '@smarteros/kernel' { interface ModuleErrorCodes extends CodesOf<typeof X> {} }`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the modules
export interface ModuleErrorCodes {}

export type ErrorCode = KernelErrorCode | Extract<keyof ModuleErrorCodes, string>;

/** What a unique or check constraint means, by constraint name. */
export interface ConstraintMap {
  /** unique constraint -> [code, message] (a code of the one table; checked when the constraint is hit, and by a test) */
  unique?: Record<string, readonly [code: string, message: string]>;
  /** check constraint -> the input field it guards */
  checks?: Record<string, string>;
}

export interface ErrorDefinitions<C extends string> extends ConstraintMap {
  /** Who defines them: a module's name (or `apps/server`). */
  owner: string;
  codes: Record<C, ErrorSpec>;
}

interface Registered {
  owner: string;
  spec: ErrorSpec;
}

const codeTable = new Map<string, Registered>(Object.entries(KERNEL_ERRORS).map(([code, spec]) => [code, { owner: 'kernel', spec }]));
const uniqueTable = new Map<string, readonly [string, string]>();
const checkTable = new Map<string, string>();

function claim<V>(table: Map<string, V>, key: string, value: V, owner: string, what: string, same: (a: V, b: V) => boolean): void {
  const had = table.get(key);
  if (had !== undefined && !same(had, value)) throw new Error(`${owner}: ${what} ${key} is already defined differently`);
  table.set(key, value);
}

/**
 * Defines a module's error codes and constraint names, and joins them to the one table. Defining the same code twice
 * with another meaning is a programming error (thrown at load time, so a test catches it).
 */
export function defineErrors<const C extends string>(defs: ErrorDefinitions<C>): ErrorDefinitions<C> {
  for (const [code, spec] of Object.entries(defs.codes) as Array<[string, ErrorSpec]>) {
    claim<Registered>(codeTable, code, { owner: defs.owner, spec }, defs.owner, 'error code', (a, b) => a.owner === b.owner && JSON.stringify(a.spec) === JSON.stringify(b.spec));
  }
  for (const [name, mapping] of Object.entries(defs.unique ?? {})) claim<readonly [string, string]>(uniqueTable, name, mapping, defs.owner, 'constraint', (a, b) => a[0] === b[0] && a[1] === b[1]);
  for (const [name, field] of Object.entries(defs.checks ?? {})) claim<string>(checkTable, name, field, defs.owner, 'constraint', (a, b) => a === b);
  return defs;
}

/** The codes a definition adds, as ModuleErrorCodes members. */
export type CodesOf<D> = D extends ErrorDefinitions<infer C> ? Record<C, true> : never;

export function isErrorCode(value: string): value is ErrorCode {
  return codeTable.has(value);
}

/** Status, exit code and MCP code of a code; an unknown code is treated as internal. */
export function errorSpec(code: string): ErrorSpec {
  return (codeTable.get(code) ?? codeTable.get('internal')!).spec;
}

/** Every code in the table with who defined it (docs and tests). */
export function errorTable(): Array<{ code: string; owner: string } & ErrorSpec> {
  return [...codeTable].map(([code, r]) => ({ code, owner: r.owner, ...r.spec }));
}

/** The meaning of a constraint name, as the modules defined it. */
export function uniqueConstraint(name: string): readonly [ErrorCode, string] | undefined {
  const hit = uniqueTable.get(name);
  return hit && isErrorCode(hit[0]) ? [hit[0], hit[1]] : undefined;
}

/** Every constraint name the modules defined (tests check that each names a code of the table). */
export function constraintTable(): { unique: Record<string, readonly [string, string]>; checks: Record<string, string> } {
  return { unique: Object.fromEntries(uniqueTable), checks: Object.fromEntries(checkTable) };
}
export function checkConstraintField(name: string): string | undefined {
  return checkTable.get(name);
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return errorSpec(this.code).http;
  }
  toJSON(): { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found`);
