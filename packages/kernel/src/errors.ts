/**
 * One error type for the whole platform. Every code maps, in one table, to an HTTP status, a CLI exit code and an
 * MCP (JSON-RPC) error code. Messages are written for people and never carry internals (SQL, stack, secrets).
 */
export const ERROR_CODES = {
  validation_failed: { http: 400, exit: 2, mcp: -32602 },
  invalid_rut: { http: 400, exit: 2, mcp: -32602 },
  unauthorized: { http: 401, exit: 3, mcp: -32001 },
  forbidden: { http: 403, exit: 3, mcp: -32003 },
  not_found: { http: 404, exit: 4, mcp: -32004 },
  rut_taken: { http: 409, exit: 5, mcp: -32009 },
  domain_taken: { http: 409, exit: 5, mcp: -32009 },
  already_exists: { http: 409, exit: 5, mcp: -32009 },
  tenant_transition_not_allowed: { http: 409, exit: 5, mcp: -32009 },
  product_transition_not_allowed: { http: 409, exit: 5, mcp: -32009 },
  trial_transition_not_allowed: { http: 409, exit: 5, mcp: -32009 },
  trial_already_used: { http: 409, exit: 5, mcp: -32009 },
  tenant_not_operational: { http: 409, exit: 5, mcp: -32009 },
  last_owner: { http: 409, exit: 5, mcp: -32009 },
  idempotency_in_progress: { http: 409, exit: 5, mcp: -32009 },
  capability_disabled: { http: 409, exit: 5, mcp: -32009 },
  delivery_not_dead: { http: 409, exit: 5, mcp: -32009 },
  payload_too_large: { http: 413, exit: 2, mcp: -32602 },
  unsupported_media_type: { http: 415, exit: 2, mcp: -32602 },
  idempotency_key_reused: { http: 422, exit: 2, mcp: -32602 },
  unprocessable: { http: 422, exit: 2, mcp: -32602 },
  egress_refused: { http: 422, exit: 2, mcp: -32602 },
  rate_limited: { http: 429, exit: 6, mcp: -32029 },
  internal: { http: 500, exit: 1, mcp: -32603 },
  upstream_error: { http: 502, exit: 7, mcp: -32603 },
  circuit_open: { http: 503, exit: 7, mcp: -32603 },
  unavailable: { http: 503, exit: 7, mcp: -32603 },
  upstream_timeout: { http: 504, exit: 7, mcp: -32603 },
} as const satisfies Record<string, { http: number; exit: number; mcp: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;

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
    return ERROR_CODES[this.code].http;
  }
  toJSON(): { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value);
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found`);
