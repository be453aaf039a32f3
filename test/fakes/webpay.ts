import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Transbank Webpay Plus (REST API v1.2) as Transbank documents it, on loopback.
 *
 * API, under `/rswebpaytransaction/api/webpay/v1.2/transactions`, every call with `Tbk-Api-Key-Id` (commerce code) and
 * `Tbk-Api-Key-Secret` (401 `{ error_message: 'Not Authorized' }` otherwise); errors are `{ error_message }`:
 * - `POST` `{ buy_order, session_id, amount, return_url }` → `{ token, url }` (token: 64 hex characters; url: the
 *   payment form, `{base}/webpayserver/initTransaction`). 422 for a missing or bad field (buy_order ≤ 26 of
 *   A-Z a-z 0-9 |_=&%.,~:/?[+!@()>-, session_id ≤ 61, amount a positive whole number of CLP, return_url ≤ 256).
 * - `PUT /{token}` (commit): AUTHORIZED with response_code 0 when the cardholder paid and the issuer approved, FAILED
 *   with response_code -1 when it declined; 422 "Invalid status '…' for transaction while authorizing" on a second
 *   commit or before the cardholder paid, 422 "Transaction has an invalid finished state: aborted" for a token the
 *   cardholder abandoned (aborted, timed out, form error).
 * - `GET /{token}` (status): the same shape, for 7 days after creation (then 422).
 * - `POST /{token}/refunds` `{ amount }`: REVERSED (only `{ type }`) for the whole amount within 3 hours of the
 *   authorization and before any other refund; NULLIFIED otherwise (`authorization_code`, `authorization_date`,
 *   `nullified_amount`, `balance`, `response_code: 0`), up to 90 days; 422 over the balance or when not authorized.
 *
 * The payment form: `GET|POST {url}` with `token_ws` (query or urlencoded form) shows a small es-CL page with the
 * order and amount and three buttons, «Pagar», «Rechazar» (the issuer declines) and «Anular» (the cardholder
 * cancels); the choice posts back here and the fake sends the browser to return_url the way Webpay does: an
 * auto-submitting POST form (or a 303 to a GET, with `returnMethod: 'GET'`; API v1.1+ returns the normal flow by
 * GET, so a return handler must take both).
 *
 * Controls for tests that have no browser: `pay`, `timeout`, `abort`, `formError` change the transaction as the form
 * would and answer the call the browser would then make to return_url. Fault injection: `loseNextCommitAnswer()`
 * (commits, then destroys the socket before answering), `failNext(status, endpoint?)` (answers that status without
 * doing anything: 5xx as an HTML page as a proxy would, 4xx as `{ error_message }`). `calls` counts the requests per
 * endpoint (faults included). Time comes from `clock` (a kernel Clock works), so tests can move it.
 *
 * Where Transbank does not document a message word for word, the wording here is the fake's (the statuses are the
 * documented ones).
 */
export type WebpayEndpoint = 'create' | 'commit' | 'status' | 'refund';

/** What the cardholder did on the payment form. */
export type FakeWebpayFormOutcome = 'pending' | 'approved' | 'declined' | 'aborted' | 'timed_out' | 'form_error';

export interface FakeWebpayTransaction {
  token: string;
  buy_order: string;
  session_id: string;
  amount: number;
  return_url: string;
  createdAt: number;
  form: FakeWebpayFormOutcome;
  /** Committed (by a commit whose answer may have been lost). */
  committed: boolean;
  status: 'INITIALIZED' | 'AUTHORIZED' | 'FAILED' | 'REVERSED' | 'NULLIFIED' | 'PARTIALLY_NULLIFIED';
  authorizedAt: number | null;
  balance: number;
  refunds: Array<{ type: 'REVERSED' | 'NULLIFIED'; amount: number; at: number; authorization_code?: string }>;
}

/** The request the browser makes to return_url. `submit()` makes it (redirects not followed). */
export interface WebpayReturnCall {
  method: 'GET' | 'POST';
  /** return_url; for GET, with the fields in its query. */
  url: string;
  form: Record<string, string>;
  submit(): Promise<Response>;
}

export interface WebpayFakeOptions {
  /** The credentials it accepts (default: Transbank's integration commerce code and key). */
  commerceCode?: string;
  apiKey?: string;
  clock?: { now(): Date };
  /** How the cardholder is sent back to return_url (default POST: an auto-submitting form). */
  returnMethod?: 'GET' | 'POST';
  /** The loopback port (default a free one). */
  port?: number;
}

export interface WebpayFake {
  /** The base URL to give the client (in place of https://webpay3gint.transbank.cl). */
  url: string;
  /** The payment form's URL (what create answers as `url`). */
  formUrl: string;
  commerceCode: string;
  apiKey: string;
  returnMethod: 'GET' | 'POST';
  transactions: Map<string, FakeWebpayTransaction>;
  /** Requests received per endpoint, faults included. */
  calls: Record<WebpayEndpoint, number>;
  /** Every API request: what the client sent (the secret header is only checked, never kept). */
  requests: Array<{ endpoint: WebpayEndpoint; method: string; path: string; contentType: string | undefined; apiKeyId: string | undefined; body: unknown; status: number }>;
  /** The cardholder pays: the issuer approves (commit → AUTHORIZED) or declines (commit → FAILED). Normal return: token_ws. */
  pay(token: string, outcome: { approve: boolean }): WebpayReturnCall;
  /** The form timed out: TBK_ID_SESION + TBK_ORDEN_COMPRA, no token. */
  timeout(token: string): WebpayReturnCall;
  /** The cardholder cancelled («Anular»): TBK_TOKEN + TBK_ORDEN_COMPRA + TBK_ID_SESION. */
  abort(token: string): WebpayReturnCall;
  /** An error on the payment form: token_ws + TBK_TOKEN + TBK_ORDEN_COMPRA + TBK_ID_SESION. */
  formError(token: string): WebpayReturnCall;
  /** The next commit is carried out, then its socket destroyed before any answer. */
  loseNextCommitAnswer(): void;
  /** The next request (to that endpoint, or any) answers `status` and does nothing. Calls queue up. */
  failNext(status: number, endpoint?: WebpayEndpoint): void;
  close(): Promise<void>;
}

export const FAKE_WEBPAY_INTEGRATION = {
  commerceCode: '597055555532',
  apiKey: '579B532A7440BB0C9079DED94D31EA1615BACEB56610332264630D42D0A36B1C',
} as const;

const API = '/rswebpaytransaction/api/webpay/v1.2/transactions';
const FORM_PATH = '/webpayserver/initTransaction';
const DECISION_PATH = '/webpayserver/decision';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BUY_ORDER = /^[A-Za-z0-9|_=&%.,~:/?[+!@()>-]{1,26}$/;

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** MMDD in Chile (Transbank's accounting date). */
const accountingDate = (at: number): string => {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Santiago', month: '2-digit', day: '2-digit' }).formatToParts(new Date(at));
  return `${parts.find((p) => p.type === 'month')!.value}${parts.find((p) => p.type === 'day')!.value}`;
};

const sixDigits = (): string => String(randomBytes(3).readUIntBE(0, 3) % 1_000_000).padStart(6, '0');

export async function startWebpay(options: WebpayFakeOptions = {}): Promise<WebpayFake> {
  const clock = options.clock ?? { now: () => new Date() };
  const now = () => clock.now().getTime();
  const commerceCode = options.commerceCode ?? FAKE_WEBPAY_INTEGRATION.commerceCode;
  const apiKey = options.apiKey ?? FAKE_WEBPAY_INTEGRATION.apiKey;
  const transactions = new Map<string, FakeWebpayTransaction>();
  const calls: Record<WebpayEndpoint, number> = { create: 0, commit: 0, status: 0, refund: 0 };
  const requests: WebpayFake['requests'] = [];
  const failures: Array<{ status: number; endpoint?: WebpayEndpoint }> = [];
  let loseCommit = false;
  let base = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const html = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  };
  const page = (title: string, body: string) =>
    `<!doctype html>\n<html lang="es-CL"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main>${body}</main></body></html>`;

  /** The transaction as commit and status answer it. */
  const view = (t: FakeWebpayTransaction) => {
    const paid = t.form === 'approved' || t.form === 'declined';
    const at = t.authorizedAt ?? t.createdAt;
    return {
      ...(paid ? { vci: 'TSY' } : {}),
      amount: t.amount,
      status: t.status,
      buy_order: t.buy_order,
      session_id: t.session_id,
      ...(paid ? { card_detail: { card_number: '6623' } } : {}),
      accounting_date: accountingDate(at),
      transaction_date: new Date(at).toISOString(),
      ...(paid && t.committed ? { authorization_code: t.form === 'approved' ? '1213' : '000000', payment_type_code: 'VN', response_code: t.form === 'approved' ? 0 : -1 } : {}),
      installments_number: 0,
      ...(t.refunds.length ? { balance: t.balance } : {}),
    };
  };

  /** The call the browser makes to return_url with these fields. */
  const returnCall = (t: FakeWebpayTransaction, form: Record<string, string>): WebpayReturnCall => {
    const method = fake.returnMethod;
    const url = new URL(t.return_url);
    if (method === 'GET') for (const [k, v] of Object.entries(form)) url.searchParams.set(k, v);
    return {
      method,
      url: url.href,
      form,
      submit: () =>
        method === 'GET'
          ? fetch(url, { redirect: 'manual' })
          : fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() }),
    };
  };

  const pending = (token: string): FakeWebpayTransaction => {
    const t = transactions.get(token);
    if (!t) throw new Error(`webpay fake: no transaction ${token}`);
    if (t.form !== 'pending') throw new Error(`webpay fake: the form of ${token} is already ${t.form}`);
    return t;
  };
  const ids = (t: FakeWebpayTransaction) => ({ TBK_ORDEN_COMPRA: t.buy_order, TBK_ID_SESION: t.session_id });

  const controls = {
    pay(token: string, outcome: { approve: boolean }) {
      const t = pending(token);
      t.form = outcome.approve ? 'approved' : 'declined';
      return returnCall(t, { token_ws: t.token });
    },
    timeout(token: string) {
      const t = pending(token);
      t.form = 'timed_out';
      return returnCall(t, ids(t));
    },
    abort(token: string) {
      const t = pending(token);
      t.form = 'aborted';
      return returnCall(t, { TBK_TOKEN: t.token, ...ids(t) });
    },
    formError(token: string) {
      const t = pending(token);
      t.form = 'form_error';
      return returnCall(t, { token_ws: t.token, TBK_TOKEN: t.token, ...ids(t) });
    },
  };

  const createTx = (body: Record<string, unknown>): { status: number; body: unknown } => {
    for (const field of ['buy_order', 'session_id', 'amount', 'return_url']) {
      if (body[field] === undefined || body[field] === null || body[field] === '') return { status: 422, body: { error_message: `${field} is required!` } };
    }
    const { buy_order, session_id, amount, return_url } = body;
    const bad = (field: string) => ({ status: 422, body: { error_message: `Invalid value for parameter: ${field}` } });
    if (typeof buy_order !== 'string' || !BUY_ORDER.test(buy_order)) return bad('buy_order');
    if (typeof session_id !== 'string' || session_id.length > 61) return bad('session_id');
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) return bad('amount');
    if (typeof return_url !== 'string' || return_url.length > 256 || !/^https?:\/\//i.test(return_url) || !URL.canParse(return_url)) return bad('return_url');
    const token = randomBytes(32).toString('hex');
    transactions.set(token, { token, buy_order, session_id, amount, return_url, createdAt: now(), form: 'pending', committed: false, status: 'INITIALIZED', authorizedAt: null, balance: amount, refunds: [] });
    return { status: 200, body: { token, url: base + FORM_PATH } };
  };

  const commitTx = (t: FakeWebpayTransaction): { status: number; body: unknown } => {
    if (t.committed) return { status: 422, body: { error_message: "Invalid status '2' for transaction while authorizing" } };
    if (t.form === 'pending') return { status: 422, body: { error_message: "Invalid status '0' for transaction while authorizing" } };
    if (t.form !== 'approved' && t.form !== 'declined') return { status: 422, body: { error_message: 'Transaction has an invalid finished state: aborted' } };
    t.committed = true;
    t.authorizedAt = now();
    t.status = t.form === 'approved' ? 'AUTHORIZED' : 'FAILED';
    if (t.form === 'declined') t.balance = 0;
    return { status: 200, body: view(t) };
  };

  const refundTx = (t: FakeWebpayTransaction, body: Record<string, unknown>): { status: number; body: unknown } => {
    const amount = body.amount;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) return { status: 422, body: { error_message: 'Invalid value for parameter: amount' } };
    if ((t.status !== 'AUTHORIZED' && t.status !== 'PARTIALLY_NULLIFIED') || t.authorizedAt === null) return { status: 422, body: { error_message: `Transaction can not be refunded: status ${t.status}` } };
    if (now() - t.authorizedAt > 90 * DAY) return { status: 422, body: { error_message: 'The refund period has been exceeded' } };
    if (amount > t.balance) return { status: 422, body: { error_message: 'Amount to refund exceeds the available balance' } };
    const at = now();
    if (amount === t.amount && t.refunds.length === 0 && at - t.authorizedAt <= 3 * HOUR) {
      t.refunds.push({ type: 'REVERSED', amount, at });
      t.balance = 0;
      t.status = 'REVERSED';
      return { status: 200, body: { type: 'REVERSED' } };
    }
    const authorization_code = sixDigits();
    t.refunds.push({ type: 'NULLIFIED', amount, at, authorization_code });
    t.balance -= amount;
    t.status = t.balance === 0 ? 'NULLIFIED' : 'PARTIALLY_NULLIFIED';
    return { status: 200, body: { type: 'NULLIFIED', authorization_code, authorization_date: new Date(at).toISOString(), nullified_amount: amount, balance: t.balance, response_code: 0 } };
  };

  const api = (req: IncomingMessage, res: ServerResponse, path: string, raw: string) => {
    const rest = path.slice(API.length);
    const method = req.method ?? 'GET';
    const m = /^\/([^/]+)(\/refunds)?$/.exec(rest);
    const endpoint: WebpayEndpoint | null =
      (rest === '' || rest === '/') && method === 'POST'
        ? 'create'
        : m && !m[2] && method === 'PUT'
          ? 'commit'
          : m && !m[2] && method === 'GET'
            ? 'status'
            : m && m[2] && method === 'POST'
              ? 'refund'
              : null;
    if (!endpoint) return json(res, 404, { error_message: 'Not Found' });
    calls[endpoint] += 1;
    let body: Record<string, unknown> = {};
    let parsedBody: unknown;
    const contentType = req.headers['content-type'];
    const apiKeyId = typeof req.headers['tbk-api-key-id'] === 'string' ? req.headers['tbk-api-key-id'] : undefined;
    const record = (status: number) => requests.push({ endpoint, method, path, contentType, apiKeyId, body: parsedBody, status });
    const send = (out: { status: number; body: unknown }) => {
      record(out.status);
      json(res, out.status, out.body);
    };
    if (raw !== '') {
      try {
        parsedBody = JSON.parse(raw);
      } catch {
        return send({ status: 400, body: { error_message: 'Malformed JSON request' } });
      }
      if (parsedBody && typeof parsedBody === 'object' && !Array.isArray(parsedBody)) body = parsedBody as Record<string, unknown>;
    }
    const fault = failures.findIndex((f) => f.endpoint === undefined || f.endpoint === endpoint);
    if (fault >= 0) {
      const [{ status }] = failures.splice(fault, 1) as [{ status: number }];
      record(status);
      if (status >= 500) return html(res, status, `<html><body><h1>${status}</h1></body></html>`);
      return json(res, status, { error_message: status === 401 ? 'Not Authorized' : `Simulated error ${status}` });
    }
    if (apiKeyId !== commerceCode || req.headers['tbk-api-key-secret'] !== apiKey) return send({ status: 401, body: { error_message: 'Not Authorized' } });
    if (raw !== '' && !/^application\/json\b/i.test(contentType ?? '')) return send({ status: 415, body: { error_message: 'Unsupported Media Type' } });
    if (endpoint === 'create') return send(createTx(body));
    const t = transactions.get(decodeURIComponent(m![1]!));
    if (!t) return send({ status: 422, body: { error_message: 'Transaction not found' } });
    if (endpoint === 'status') {
      if (now() - t.createdAt > 7 * DAY) return send({ status: 422, body: { error_message: "The transactions's date has passed max time (7 days) to recover the status" } });
      return send({ status: 200, body: view(t) });
    }
    if (endpoint === 'refund') return send(refundTx(t, body));
    const out = commitTx(t);
    if (loseCommit) {
      loseCommit = false;
      record(0);
      res.socket?.destroy();
      return;
    }
    return send(out);
  };

  /** The payment form: the order, the amount and the three choices. */
  const formPage = (res: ServerResponse, token: string | null) => {
    const t = token ? transactions.get(token) : undefined;
    if (!t) return html(res, 404, page('Webpay', '<h1>Transacción no encontrada</h1><p>El enlace de pago no es válido o expiró.</p>'));
    if (t.form !== 'pending') return html(res, 409, page('Webpay', '<h1>Transacción ya procesada</h1><p>Esta transacción ya no se puede pagar.</p>'));
    const amount = new Intl.NumberFormat('es-CL', { style: 'currency', currency: 'CLP' }).format(t.amount);
    return html(
      res,
      200,
      page(
        'Webpay Plus (simulado)',
        `<h1>Webpay Plus (simulado)</h1>
<p>Comercio <span id="commerce">${escapeHtml(commerceCode)}</span></p>
<p>Orden de compra: <strong id="buy-order">${escapeHtml(t.buy_order)}</strong></p>
<p>Monto a pagar: <strong id="amount">${escapeHtml(amount)}</strong></p>
<form method="post" action="${DECISION_PATH}">
<input type="hidden" name="token_ws" value="${escapeHtml(t.token)}">
<button type="submit" name="action" value="pay">Pagar</button>
<button type="submit" name="action" value="reject">Rechazar</button>
<button type="submit" name="action" value="abort">Anular</button>
</form>`,
      ),
    );
  };

  /** The cardholder chose: send the browser to return_url as Webpay does. */
  const decision = (res: ServerResponse, form: URLSearchParams) => {
    const token = form.get('token_ws') ?? '';
    const action = form.get('action');
    const t = transactions.get(token);
    if (!t || t.form !== 'pending' || (action !== 'pay' && action !== 'reject' && action !== 'abort')) {
      return html(res, 409, page('Webpay', '<h1>Transacción ya procesada</h1><p>Esta transacción ya no se puede pagar.</p>'));
    }
    const call = action === 'abort' ? controls.abort(token) : controls.pay(token, { approve: action === 'pay' });
    if (call.method === 'GET') {
      res.writeHead(303, { location: call.url });
      return res.end();
    }
    const fields = Object.entries(call.form)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('\n');
    return html(
      res,
      200,
      page(
        'Volviendo al comercio…',
        `<form id="back" method="post" action="${escapeHtml(call.url)}">
${fields}
<p>Volviendo al comercio…</p>
<noscript><button type="submit">Volver al comercio</button></noscript>
</form>
<script>document.getElementById('back').submit();</script>`,
      ),
    );
  };

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      if (url.pathname === API || url.pathname.startsWith(`${API}/`)) return api(req, res, url.pathname, raw);
      const form = /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '') ? new URLSearchParams(raw) : new URLSearchParams();
      if (url.pathname === FORM_PATH && (req.method === 'GET' || req.method === 'POST')) return formPage(res, form.get('token_ws') ?? url.searchParams.get('token_ws'));
      if (url.pathname === DECISION_PATH && req.method === 'POST') return decision(res, form);
      return html(res, 404, page('Webpay', '<h1>No encontrado</h1>'));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  const fake: WebpayFake = {
    url: base,
    formUrl: base + FORM_PATH,
    commerceCode,
    apiKey,
    returnMethod: options.returnMethod ?? 'POST',
    transactions,
    calls,
    requests,
    ...controls,
    loseNextCommitAnswer: () => {
      loseCommit = true;
    },
    failNext: (status, endpoint) => {
      failures.push(endpoint === undefined ? { status } : { status, endpoint });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
