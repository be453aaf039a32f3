import { createHash } from 'node:crypto';
import { AppError, type EgressGuard } from '@smarteros/kernel';
import { z } from 'zod';

/**
 * Transbank Webpay Plus, REST API v1.2, through the egress guard.
 *
 * The flow: `create` answers a token and the URL of Webpay's payment form; the browser is sent there by a POST form
 * with `token_ws` (`redirectForm`); Webpay sends the cardholder back to `return_url` (`parseWebpayReturn` tells the
 * four returns apart); only a normal return is confirmed with `commit`, once. `commit` is not idempotent: a second
 * one answers 422, and when the answer to a commit is lost (a `network` error) the outcome is unknown, so ask
 * `status` (it works for 7 days) instead of committing again. Nothing here retries.
 *
 * The API key is sent only in the `Tbk-Api-Key-Secret` header: it is never part of an error's message or JSON.
 */

/** Transbank's integration (test) environment and its public Webpay Plus credentials. */
export const WEBPAY_INTEGRATION = {
  baseUrl: 'https://webpay3gint.transbank.cl',
  commerceCode: '597055555532',
  apiKey: '579B532A7440BB0C9079DED94D31EA1615BACEB56610332264630D42D0A36B1C',
} as const;

/** The production host (the commerce code and API key are the merchant's own). */
export const WEBPAY_PRODUCTION_URL = 'https://webpay3g.transbank.cl';

/** The path of the transactions resource under the base URL. */
export const WEBPAY_TRANSACTIONS_PATH = '/rswebpaytransaction/api/webpay/v1.2/transactions';

const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_TIMEOUT_MS = 60_000;

export type WebpayTransactionStatus = 'INITIALIZED' | 'AUTHORIZED' | 'REVERSED' | 'FAILED' | 'NULLIFIED' | 'PARTIALLY_NULLIFIED' | 'CAPTURED';

export interface WebpayCreateInput {
  /** The merchant's order number, unique per transaction: at most 26 of A-Z a-z 0-9 and |_=&%.,~:/?[+!@()>- */
  buy_order: string;
  /** The merchant's session id, given back at the end: at most 61 characters. */
  session_id: string;
  /** In CLP: a positive whole number of pesos. */
  amount: number;
  /** Where Webpay sends the cardholder back: http(s), at most 256 characters. */
  return_url: string;
}

export interface WebpayCreated {
  /** The transaction's token (64 characters). */
  token: string;
  /** Webpay's payment form: POST `token_ws` to it (redirectForm). */
  url: string;
}

/** The transaction as commit and status answer it. */
export interface WebpayTransaction {
  vci?: string;
  amount: number;
  status: WebpayTransactionStatus;
  buy_order: string;
  session_id: string;
  card_detail?: { card_number: string };
  /** MMDD */
  accounting_date: string;
  /** ISO 8601 */
  transaction_date: string;
  authorization_code?: string;
  payment_type_code?: string;
  /** 0 approved; anything else a rejection. */
  response_code?: number;
  installments_amount?: number;
  installments_number?: number;
  balance?: number;
}

/** A refund: REVERSED (the whole amount, soon after authorization: only `type` comes back) or NULLIFIED. */
export interface WebpayRefund {
  type: 'REVERSED' | 'NULLIFIED';
  authorization_code?: string;
  authorization_date?: string;
  nullified_amount?: number;
  balance?: number;
  response_code?: number;
}

export type WebpayOperation = 'create' | 'commit' | 'status' | 'refund';

/**
 * - `rejected`: Transbank answered 4xx (`status`, and its `error_message` when it gave one), e.g. 422 "Invalid status
 *   '2' for transaction while authorizing" on a second commit, 401 for wrong credentials.
 * - `network`: no answer (connection failed or cut, timeout) or a 5xx: the outcome is unknown; after a commit, ask
 *   `status()` rather than committing again.
 * - `egress_refused`: the egress guard refused the destination.
 * - `invalid_response`: a 2xx (or a redirect) that is not what the API documents.
 */
export type WebpayErrorKind = 'rejected' | 'network' | 'egress_refused' | 'invalid_response';

export class WebpayError extends Error {
  readonly kind: WebpayErrorKind;
  readonly operation: WebpayOperation;
  /** The HTTP status Transbank answered with, when it answered. */
  readonly status: number | undefined;
  /** Transbank's `error_message`, when it gave one. */
  readonly errorMessage: string | undefined;
  constructor(kind: WebpayErrorKind, operation: WebpayOperation, message: string, extra: { status?: number; errorMessage?: string } = {}) {
    super(message);
    this.name = 'WebpayError';
    this.kind = kind;
    this.operation = operation;
    this.status = extra.status;
    this.errorMessage = extra.errorMessage;
  }
  toJSON(): { name: 'WebpayError'; kind: WebpayErrorKind; operation: WebpayOperation; message: string; status?: number; error_message?: string } {
    return {
      name: 'WebpayError',
      kind: this.kind,
      operation: this.operation,
      message: this.message,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.errorMessage !== undefined ? { error_message: this.errorMessage } : {}),
    };
  }
}

export interface WebpayClientOptions {
  egress: EgressGuard;
  /** WEBPAY_INTEGRATION.baseUrl, WEBPAY_PRODUCTION_URL, or a contract fake's URL. */
  baseUrl: string;
  /** Sent as Tbk-Api-Key-Id. */
  commerceCode: string;
  /** Sent as Tbk-Api-Key-Secret. */
  apiKey: string;
  /** Per call, the whole answer included (default 15 000 ms, at most 60 000). */
  timeoutMs?: number;
}

export interface WebpayClient {
  /** POST /transactions. Validates the input first (AppError validation_failed naming the field; nothing sent). */
  create(input: WebpayCreateInput): Promise<WebpayCreated>;
  /** PUT /transactions/{token}: confirms a normal return, once. Lost answer (`network`): call status(), do not commit again. */
  commit(token: string): Promise<WebpayTransaction>;
  /** GET /transactions/{token}: the transaction's state, up to 7 days after its creation. */
  status(token: string): Promise<WebpayTransaction>;
  /** POST /transactions/{token}/refunds `{ amount }` (CLP, a positive whole number). */
  refund(token: string, amount: number): Promise<WebpayRefund>;
}

interface Issue {
  path: string;
  message: string;
}

function invalid(issues: Issue[]): AppError {
  return new AppError('validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
}

const BUY_ORDER = /^[A-Za-z0-9|_=&%.,~:/?[+!@()>-]+$/;
const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

function httpUrlIssue(value: unknown, path: string, max: number): Issue | null {
  if (typeof value !== 'string' || value === '') return { path, message: 'is required' };
  if (value.length > max) return { path, message: `must be at most ${max} characters` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { path, message: 'must be an absolute http(s) URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { path, message: 'must be an absolute http(s) URL' };
  return null;
}

function createIssues(input: WebpayCreateInput): Issue[] {
  const issues: Issue[] = [];
  const { buy_order, session_id, amount, return_url } = (input ?? {}) as Partial<WebpayCreateInput>;
  if (typeof buy_order !== 'string' || buy_order === '') issues.push({ path: 'buy_order', message: 'is required' });
  else if (buy_order.length > 26) issues.push({ path: 'buy_order', message: 'must be at most 26 characters' });
  else if (!BUY_ORDER.test(buy_order)) issues.push({ path: 'buy_order', message: 'may hold only letters, digits and |_=&%.,~:/?[+!@()>-' });
  if (typeof session_id !== 'string' || session_id === '') issues.push({ path: 'session_id', message: 'is required' });
  else if (session_id.length > 61) issues.push({ path: 'session_id', message: 'must be at most 61 characters' });
  else if (CONTROL.test(session_id)) issues.push({ path: 'session_id', message: 'must not hold control characters' });
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) issues.push({ path: 'amount', message: 'must be a positive whole number of pesos (CLP)' });
  const url = httpUrlIssue(return_url, 'return_url', 256);
  if (url) issues.push(url);
  return issues;
}

function checkToken(token: unknown): string {
  if (typeof token !== 'string' || !TOKEN.test(token)) throw invalid([{ path: 'token', message: 'is not a Webpay token' }]);
  return token;
}

/** The object without its undefined fields (absent, as Transbank leaves them out). */
const compact = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const numeric = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

const createdSchema = z.object({ token: z.string().min(1), url: z.string().min(1) });

const transactionSchema = z
  .object({
    vci: optional(z.string()),
    amount: numeric,
    status: z.enum(['INITIALIZED', 'AUTHORIZED', 'REVERSED', 'FAILED', 'NULLIFIED', 'PARTIALLY_NULLIFIED', 'CAPTURED']),
    buy_order: z.string(),
    session_id: z.string(),
    card_detail: optional(z.object({ card_number: optional(z.string()) })),
    accounting_date: z.string(),
    transaction_date: z.string(),
    authorization_code: optional(z.string()),
    payment_type_code: optional(z.string()),
    response_code: optional(numeric),
    installments_amount: optional(numeric),
    installments_number: optional(numeric),
    balance: optional(numeric),
  })
  .transform(({ card_detail, ...rest }): WebpayTransaction => {
    const out: WebpayTransaction = compact(rest);
    if (card_detail?.card_number !== undefined) out.card_detail = { card_number: card_detail.card_number };
    return out;
  });

const refundSchema = z
  .object({
    type: z.enum(['REVERSED', 'NULLIFIED']),
    authorization_code: optional(z.string()),
    authorization_date: optional(z.string()),
    nullified_amount: optional(numeric),
    balance: optional(numeric),
    response_code: optional(numeric),
  })
  .transform((r): WebpayRefund => compact(r));

/** The Webpay Plus REST client (see the module comment for the flow and the errors). */
export function createWebpayClient(options: WebpayClientOptions): WebpayClient {
  const { egress, commerceCode, apiKey } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const setup: Issue[] = [];
  const base = httpUrlIssue(options.baseUrl, 'baseUrl', 2048);
  if (base) setup.push(base);
  if (typeof commerceCode !== 'string' || !/^\d{1,20}$/.test(commerceCode)) setup.push({ path: 'commerceCode', message: 'must be the commerce code (digits)' });
  if (typeof apiKey !== 'string' || apiKey === '') setup.push({ path: 'apiKey', message: 'is required' });
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) setup.push({ path: 'timeoutMs', message: `must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}` });
  if (setup.length) throw invalid(setup);
  const root = options.baseUrl.replace(/\/+$/, '') + WEBPAY_TRANSACTIONS_PATH;

  /** Never lets the key through, whatever a message quotes. */
  const redact = (text: string): string => text.split(apiKey).join('[redacted]');

  async function call<T>(operation: WebpayOperation, method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    let res: Awaited<ReturnType<EgressGuard['fetch']>>;
    let text: string;
    try {
      res = await egress.fetch(root + path, {
        method,
        headers: { 'Tbk-Api-Key-Id': commerceCode, 'Tbk-Api-Key-Secret': apiKey, 'Content-Type': 'application/json', Accept: 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        maxRedirects: 0,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw failure(operation, err);
    }
    if (res.status >= 500) {
      throw new WebpayError('network', operation, `Webpay answered ${res.status} to the ${operation}; the outcome is unknown${operation === 'commit' ? ': ask status() before committing again' : ''}`, { status: res.status });
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (res.status >= 400) {
      const raw = (json as { error_message?: unknown } | undefined)?.error_message;
      const errorMessage = typeof raw === 'string' ? redact(raw).slice(0, 500) : undefined;
      throw new WebpayError('rejected', operation, `Webpay refused the ${operation} (${res.status})${errorMessage ? `: ${errorMessage}` : ''}`, {
        status: res.status,
        ...(errorMessage !== undefined ? { errorMessage } : {}),
      });
    }
    if (res.status < 200 || res.status > 299) {
      throw new WebpayError('invalid_response', operation, `Webpay answered ${res.status} to the ${operation}, which the API does not document`, { status: res.status });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'body';
      throw new WebpayError('invalid_response', operation, `Webpay's answer to the ${operation} is not as documented (${where})`, { status: res.status });
    }
    return parsed.data;
  }

  function failure(operation: WebpayOperation, err: unknown): WebpayError {
    if (err instanceof AppError && err.code === 'egress_refused') return new WebpayError('egress_refused', operation, redact(err.message));
    // The guard turns a redirect (never followed here) into upstream_error with reason 'redirect'.
    if (err instanceof AppError && err.details?.reason === 'redirect') {
      return new WebpayError('invalid_response', operation, `Webpay answered the ${operation} with a redirect, which the API does not document`);
    }
    const after = operation === 'commit' ? '; the outcome is unknown: ask status() before committing again' : '';
    const name = (err as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return new WebpayError('network', operation, `Webpay did not answer the ${operation} within ${timeoutMs} ms${after}`);
    const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
    const detail = typeof cause?.code === 'string' ? cause.code : err instanceof Error ? err.message : 'unknown error';
    return new WebpayError('network', operation, redact(`Webpay could not be reached for the ${operation} (${detail})${after}`));
  }

  return {
    async create(input) {
      const issues = createIssues(input);
      if (issues.length) throw invalid(issues);
      const { buy_order, session_id, amount, return_url } = input;
      return call('create', 'POST', '', { buy_order, session_id, amount, return_url }, createdSchema);
    },
    async commit(token) {
      return call('commit', 'PUT', `/${encodeURIComponent(checkToken(token))}`, undefined, transactionSchema);
    },
    async status(token) {
      return call('status', 'GET', `/${encodeURIComponent(checkToken(token))}`, undefined, transactionSchema);
    },
    async refund(token, amount) {
      const checked = checkToken(token);
      if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) throw invalid([{ path: 'amount', message: 'must be a positive whole number of pesos (CLP)' }]);
      return call('refund', 'POST', `/${encodeURIComponent(checked)}/refunds`, { amount }, refundSchema);
    },
  };
}

/** Paid: AUTHORIZED with response_code 0 (anything else is not a payment). */
export function isApproved(tx: Pick<WebpayTransaction, 'status' | 'response_code'>): boolean {
  return tx.status === 'AUTHORIZED' && tx.response_code === 0;
}

/**
 * What came back to return_url:
 * - `normal`: only `token_ws`: commit it.
 * - `timeout`: `TBK_ID_SESION` + `TBK_ORDEN_COMPRA`, no token: the form timed out; nothing to commit.
 * - `aborted`: `TBK_TOKEN` (with `TBK_ORDEN_COMPRA`, `TBK_ID_SESION`): the cardholder cancelled; never commit.
 * - `error_form`: both `token_ws` and `TBK_TOKEN`: an error on the payment form; treat as aborted.
 * - `invalid`: anything else (a forged or broken request).
 */
export type WebpayReturn =
  | { kind: 'normal'; token: string }
  | { kind: 'timeout'; buy_order: string; session_id: string }
  | { kind: 'aborted'; token: string; buy_order?: string; session_id?: string }
  | { kind: 'error_form'; token_ws: string; tbk_token: string; buy_order?: string; session_id?: string }
  | { kind: 'invalid' };

/** Classifies a return (the GET query or the POST form, as a plain record). Empty values count as absent. */
export function parseWebpayReturn(params: Record<string, string | undefined>): WebpayReturn {
  const get = (name: string): string | undefined => {
    const v = params?.[name];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const tokenWs = get('token_ws');
  const tbkToken = get('TBK_TOKEN');
  const buyOrder = get('TBK_ORDEN_COMPRA');
  const sessionId = get('TBK_ID_SESION');
  const ids = { ...(buyOrder !== undefined ? { buy_order: buyOrder } : {}), ...(sessionId !== undefined ? { session_id: sessionId } : {}) };
  if ((tokenWs !== undefined && !TOKEN.test(tokenWs)) || (tbkToken !== undefined && !TOKEN.test(tbkToken))) return { kind: 'invalid' };
  if (tokenWs !== undefined && tbkToken !== undefined) return { kind: 'error_form', token_ws: tokenWs, tbk_token: tbkToken, ...ids };
  if (tokenWs !== undefined) return buyOrder === undefined && sessionId === undefined ? { kind: 'normal', token: tokenWs } : { kind: 'invalid' };
  if (tbkToken !== undefined) return { kind: 'aborted', token: tbkToken, ...ids };
  if (buyOrder !== undefined && sessionId !== undefined) return { kind: 'timeout', buy_order: buyOrder, session_id: sessionId };
  return { kind: 'invalid' };
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"'`]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c]!);

const REDIRECT_SCRIPT = "document.getElementById('webpay').submit();";

/**
 * A Content-Security-Policy that lets redirectForm's page work (its one inline script, by hash) and nothing else;
 * form-action stays open to https (and http for the integration fakes) because the form goes to Webpay.
 */
export const WEBPAY_REDIRECT_CSP = `default-src 'none'; script-src 'sha256-${createHash('sha256').update(REDIRECT_SCRIPT).digest('base64')}'; form-action https: http:; base-uri 'none'; frame-ancestors 'none'`;

/** The HTML page that sends the browser to Webpay: a POST form with `token_ws`, submitted by script (a button without). */
export function redirectForm(url: string, token: string): string {
  const issue = httpUrlIssue(url, 'url', 2048);
  if (issue) throw invalid([issue]);
  checkToken(token);
  return [
    '<!doctype html>',
    '<html lang="es-CL">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Redirigiendo a Webpay…</title></head>',
    '<body>',
    `<form id="webpay" method="post" action="${escapeHtml(url)}">`,
    `<input type="hidden" name="token_ws" value="${escapeHtml(token)}">`,
    '<p>Te estamos llevando a Webpay para completar el pago…</p>',
    '<noscript><p>Tu navegador no ejecuta JavaScript: presiona el botón para continuar.</p><button type="submit">Continuar a Webpay</button></noscript>',
    '</form>',
    `<script>${REDIRECT_SCRIPT}</script>`,
    '</body>',
    '</html>',
  ].join('\n');
}
