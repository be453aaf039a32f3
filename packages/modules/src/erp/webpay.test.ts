import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { AppError, createEgressGuard, createManualClock, HOUR_MS, DAY_MS } from '@smarteros/kernel';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebpay, type WebpayFake } from '../../../../test/fakes/webpay.ts';
import {
  WEBPAY_INTEGRATION,
  WEBPAY_REDIRECT_CSP,
  WebpayError,
  createWebpayClient,
  isApproved,
  parseWebpayReturn,
  redirectForm,
  type WebpayClient,
  type WebpayCreateInput,
} from './webpay.ts';

/** The real client against the Webpay Plus contract fake (test/fakes/webpay.ts). */
const egress = createEgressGuard({ allow: ['127.0.0.0/8'] });
const clock = createManualClock('2026-03-02T15:00:00Z');
let fake: WebpayFake;
let client: WebpayClient;
let order = 0;

beforeAll(async () => {
  fake = await startWebpay({ clock });
  client = createWebpayClient({ egress, baseUrl: fake.url, commerceCode: WEBPAY_INTEGRATION.commerceCode, apiKey: WEBPAY_INTEGRATION.apiKey });
});
afterAll(async () => {
  await fake?.close();
});

const input = (over: Partial<WebpayCreateInput> = {}): WebpayCreateInput => ({
  buy_order: `OC-${++order}`,
  session_id: `sesion-${order}`,
  amount: 15_990,
  return_url: 'https://tienda.example.cl/webpay/retorno',
  ...over,
});

const failureOf = async <E extends Error>(p: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  return err as E;
};

const fields = (call: { method: string; url: string; form: Record<string, string> }): Record<string, string> =>
  call.method === 'GET' ? Object.fromEntries(new URL(call.url).searchParams) : call.form;

describe('create', () => {
  it('posts the documented request and answers the token and the form URL', async () => {
    const created = await client.create(input({ buy_order: 'OC|_=&%.,~:/?[+!@()>-9' }));
    expect(created.token).toMatch(/^[0-9a-f]{64}$/);
    expect(created.url).toBe(`${fake.url}/webpayserver/initTransaction`);
    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({ endpoint: 'create', method: 'POST', path: '/rswebpaytransaction/api/webpay/v1.2/transactions', apiKeyId: '597055555532', status: 200 });
    expect(sent.contentType).toMatch(/^application\/json/);
    expect(sent.body).toEqual({ buy_order: 'OC|_=&%.,~:/?[+!@()>-9', session_id: `sesion-${order}`, amount: 15_990, return_url: 'https://tienda.example.cl/webpay/retorno' });
    expect(fake.transactions.get(created.token)?.status).toBe('INITIALIZED');
  });

  it('refuses bad input before sending, naming each field', async () => {
    const before = fake.calls.create;
    const cases: Array<[Partial<WebpayCreateInput>, string]> = [
      [{ buy_order: 'x'.repeat(27) }, 'buy_order'],
      [{ buy_order: 'OC 1' }, 'buy_order'],
      [{ buy_order: 'OC#1' }, 'buy_order'],
      [{ buy_order: '' }, 'buy_order'],
      [{ session_id: 's'.repeat(62) }, 'session_id'],
      [{ session_id: '' }, 'session_id'],
      [{ amount: 0 }, 'amount'],
      [{ amount: -100 }, 'amount'],
      [{ amount: 1000.5 }, 'amount'],
      [{ amount: Number.NaN }, 'amount'],
      [{ return_url: 'ftp://tienda.example.cl/retorno' }, 'return_url'],
      [{ return_url: 'javascript:alert(1)' }, 'return_url'],
      [{ return_url: '/webpay/retorno' }, 'return_url'],
      [{ return_url: `https://tienda.example.cl/${'r'.repeat(240)}` }, 'return_url'],
    ];
    for (const [over, field] of cases) {
      const err = await failureOf(client.create(input(over)), AppError);
      expect(err.code, JSON.stringify(over)).toBe('validation_failed');
      expect(err.message.startsWith(`${field}: `), err.message).toBe(true);
      expect(err.details?.issues).toEqual([{ path: field, message: expect.any(String) }]);
    }
    // All the bad fields at once, each named.
    const all = await failureOf(client.create({ buy_order: 'x'.repeat(30), session_id: '', amount: 0, return_url: 'nope' }), AppError);
    expect((all.details?.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(['buy_order', 'session_id', 'amount', 'return_url']);
    // At the limits, accepted.
    await client.create(input({ buy_order: 'B'.repeat(26), session_id: 's'.repeat(61), return_url: `https://t.cl/${'r'.repeat(256 - 13)}` }));
    expect(fake.calls.create).toBe(before + 1);
  });

  it('the fake itself refuses what Transbank refuses (422 error_message), for clients that do not check', async () => {
    const post = (body: unknown) =>
      fetch(`${fake.url}/rswebpaytransaction/api/webpay/v1.2/transactions`, {
        method: 'POST',
        headers: { 'Tbk-Api-Key-Id': fake.commerceCode, 'Tbk-Api-Key-Secret': fake.apiKey, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await post({ ...input(), buy_order: 'orden con espacios' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ error_message: 'Invalid value for parameter: buy_order' });
    const amount = await post({ ...input(), amount: 10.5 });
    expect(amount.status).toBe(422);
    expect(((await amount.json()) as { error_message: string }).error_message).toContain('amount');
    const missing = await post({ buy_order: 'OC-x', session_id: 's', amount: 1000 });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { error_message: string }).error_message).toContain('return_url');
  });
});

describe('paying and committing', () => {
  it('approved: the return is normal, commit is AUTHORIZED with response_code 0, status agrees', async () => {
    const { token } = await client.create(input({ amount: 25_000 }));
    const back = fake.pay(token, { approve: true });
    expect(back.method).toBe('POST');
    expect(back.url).toBe('https://tienda.example.cl/webpay/retorno');
    expect(parseWebpayReturn(back.form)).toEqual({ kind: 'normal', token });
    const tx = await client.commit(token);
    expect(tx).toMatchObject({ status: 'AUTHORIZED', response_code: 0, amount: 25_000, buy_order: `OC-${order}`, session_id: `sesion-${order}`, card_detail: { card_number: '6623' }, vci: 'TSY' });
    expect(tx.accounting_date).toMatch(/^\d{4}$/);
    expect(new Date(tx.transaction_date).toISOString()).toBe(tx.transaction_date);
    expect(tx.authorization_code).toBeTruthy();
    expect(isApproved(tx)).toBe(true);
    expect(fake.requests.at(-1)).toMatchObject({ endpoint: 'commit', method: 'PUT', path: `/rswebpaytransaction/api/webpay/v1.2/transactions/${token}` });
    const again = await client.status(token);
    expect(again).toEqual(tx);
    expect(fake.requests.at(-1)).toMatchObject({ endpoint: 'status', method: 'GET' });
  });

  it('rejected by the issuer: commit is FAILED with response_code -1, not approved', async () => {
    const { token } = await client.create(input());
    fake.pay(token, { approve: false });
    const tx = await client.commit(token);
    expect(tx).toMatchObject({ status: 'FAILED', response_code: -1 });
    expect(isApproved(tx)).toBe(false);
  });

  it('isApproved wants both AUTHORIZED and response_code 0', () => {
    expect(isApproved({ status: 'AUTHORIZED', response_code: 0 })).toBe(true);
    expect(isApproved({ status: 'AUTHORIZED', response_code: -1 })).toBe(false);
    expect(isApproved({ status: 'AUTHORIZED' })).toBe(false);
    expect(isApproved({ status: 'FAILED', response_code: 0 })).toBe(false);
    expect(isApproved({ status: 'INITIALIZED', response_code: 0 })).toBe(false);
  });

  it('a second commit is rejected (422, Invalid status), keeping Transbank status and message', async () => {
    const { token } = await client.create(input());
    fake.pay(token, { approve: true });
    await client.commit(token);
    const err = await failureOf(client.commit(token), WebpayError);
    expect(err).toMatchObject({ kind: 'rejected', operation: 'commit', status: 422, errorMessage: "Invalid status '2' for transaction while authorizing" });
    expect(err.message).toContain("Invalid status '2'");
    expect(JSON.parse(JSON.stringify(err))).toEqual({ name: 'WebpayError', kind: 'rejected', operation: 'commit', status: 422, error_message: "Invalid status '2' for transaction while authorizing", message: err.message });
  });

  it('committing a token nobody paid, or one abandoned, is rejected by the fake as by Transbank', async () => {
    const unpaid = await client.create(input());
    expect(await failureOf(client.commit(unpaid.token), WebpayError)).toMatchObject({ kind: 'rejected', status: 422, errorMessage: expect.stringContaining('Invalid status') });
    for (const leave of ['abort', 'timeout', 'formError'] as const) {
      const { token } = await client.create(input());
      fake[leave](token);
      expect(await failureOf(client.commit(token), WebpayError), leave).toMatchObject({ kind: 'rejected', status: 422, errorMessage: expect.stringContaining('aborted') });
    }
  });

  it('a lost commit answer is a network error; status then says AUTHORIZED (and a commit again would be refused)', async () => {
    const { token } = await client.create(input());
    fake.pay(token, { approve: true });
    const commits = fake.calls.commit;
    fake.loseNextCommitAnswer();
    const err = await failureOf(client.commit(token), WebpayError);
    expect(err.kind).toBe('network');
    expect(err.operation).toBe('commit');
    expect(err.message).toContain('status()');
    expect(fake.calls.commit).toBe(commits + 1);
    const tx = await client.status(token);
    expect(tx.status).toBe('AUTHORIZED');
    expect(isApproved(tx)).toBe(true);
    expect((await failureOf(client.commit(token), WebpayError)).kind).toBe('rejected');
  });

  it('a 5xx is a network error (outcome unknown), a 4xx a rejection; nothing is retried', async () => {
    const { token } = await client.create(input());
    fake.pay(token, { approve: true });
    const commits = fake.calls.commit;
    fake.failNext(503, 'commit');
    expect(await failureOf(client.commit(token), WebpayError)).toMatchObject({ kind: 'network', status: 503 });
    expect(fake.calls.commit).toBe(commits + 1);
    expect(fake.transactions.get(token)?.committed).toBe(false);
    fake.failNext(500);
    expect(await failureOf(client.status(token), WebpayError)).toMatchObject({ kind: 'network', status: 500, operation: 'status' });
    fake.failNext(404, 'status');
    expect(await failureOf(client.status(token), WebpayError)).toMatchObject({ kind: 'rejected', status: 404 });
    expect(isApproved(await client.commit(token))).toBe(true);
  });

  it('status works for 7 days after creation, then Transbank refuses it', async () => {
    const { token } = await client.create(input());
    fake.pay(token, { approve: true });
    await client.commit(token);
    clock.advance(7 * DAY_MS - 60_000);
    expect((await client.status(token)).status).toBe('AUTHORIZED');
    clock.advance(2 * 60_000);
    expect(await failureOf(client.status(token), WebpayError)).toMatchObject({ kind: 'rejected', status: 422, errorMessage: expect.stringContaining('7 days') });
  });

  it('refuses a token that is not a token, before sending', async () => {
    const before = { ...fake.calls };
    for (const token of ['', '../../transactions', 'a b', 'x'.repeat(129)]) {
      const err = await failureOf(client.commit(token), AppError);
      expect(err.message).toMatch(/^token: /);
      expect((await failureOf(client.status(token), AppError)).code).toBe('validation_failed');
      expect((await failureOf(client.refund(token, 1000), AppError)).code).toBe('validation_failed');
    }
    expect(fake.calls).toEqual(before);
  });
});

describe('the returns', () => {
  it('tells the four returns apart, from the fake as the browser would bring them', async () => {
    const a = await client.create(input());
    expect(parseWebpayReturn(fields(fake.pay(a.token, { approve: true })))).toEqual({ kind: 'normal', token: a.token });
    const b = await client.create(input());
    expect(parseWebpayReturn(fields(fake.timeout(b.token)))).toEqual({ kind: 'timeout', buy_order: `OC-${order}`, session_id: `sesion-${order}` });
    const c = await client.create(input());
    expect(parseWebpayReturn(fields(fake.abort(c.token)))).toEqual({ kind: 'aborted', token: c.token, buy_order: `OC-${order}`, session_id: `sesion-${order}` });
    const d = await client.create(input());
    expect(parseWebpayReturn(fields(fake.formError(d.token)))).toEqual({ kind: 'error_form', token_ws: d.token, tbk_token: d.token, buy_order: `OC-${order}`, session_id: `sesion-${order}` });
  });

  it('reads the GET query as well (API v1.1+ returns the normal flow by GET)', async () => {
    const getFake = await startWebpay({ returnMethod: 'GET' });
    try {
      const c = createWebpayClient({ egress, baseUrl: getFake.url, commerceCode: getFake.commerceCode, apiKey: getFake.apiKey });
      const { token } = await c.create(input());
      const back = getFake.pay(token, { approve: true });
      expect(back.method).toBe('GET');
      expect(back.url).toBe(`https://tienda.example.cl/webpay/retorno?token_ws=${token}`);
      expect(parseWebpayReturn(Object.fromEntries(new URL(back.url).searchParams))).toEqual({ kind: 'normal', token });
    } finally {
      await getFake.close();
    }
  });

  it('anything else is invalid', () => {
    const token = 'a'.repeat(64);
    expect(parseWebpayReturn({})).toEqual({ kind: 'invalid' });
    expect(parseWebpayReturn({ token_ws: '' })).toEqual({ kind: 'invalid' });
    expect(parseWebpayReturn({ TBK_ORDEN_COMPRA: 'OC-1' })).toEqual({ kind: 'invalid' });
    expect(parseWebpayReturn({ TBK_ID_SESION: 's-1' })).toEqual({ kind: 'invalid' });
    expect(parseWebpayReturn({ token_ws: token, TBK_ORDEN_COMPRA: 'OC-1' })).toEqual({ kind: 'invalid' });
    expect(parseWebpayReturn({ token_ws: '<script>' })).toEqual({ kind: 'invalid' });
    expect(parseWebpayReturn({ TBK_TOKEN: '../x' })).toEqual({ kind: 'invalid' });
    expect(parseWebpayReturn({ token_ws: token, TBK_ORDEN_COMPRA: undefined })).toEqual({ kind: 'normal', token });
  });
});

describe('refunds', () => {
  const authorized = async (amount: number) => {
    const { token } = await client.create(input({ amount }));
    fake.pay(token, { approve: true });
    await client.commit(token);
    return token;
  };

  it('the whole amount within 3 hours of the authorization is REVERSED (only the type comes back)', async () => {
    const token = await authorized(10_000);
    clock.advance(3 * HOUR_MS - 60_000);
    expect(await client.refund(token, 10_000)).toEqual({ type: 'REVERSED' });
    expect(fake.requests.at(-1)).toMatchObject({ endpoint: 'refund', method: 'POST', path: `/rswebpaytransaction/api/webpay/v1.2/transactions/${token}/refunds`, body: { amount: 10_000 } });
    expect(await client.status(token)).toMatchObject({ status: 'REVERSED', balance: 0 });
    expect(await failureOf(client.refund(token, 1), WebpayError)).toMatchObject({ kind: 'rejected', status: 422 });
  });

  it('after 3 hours, or a part of it, is NULLIFIED with the balance; over the balance is rejected', async () => {
    const late = await authorized(10_000);
    clock.advance(3 * HOUR_MS + 60_000);
    expect(await client.refund(late, 10_000)).toMatchObject({ type: 'NULLIFIED', nullified_amount: 10_000, balance: 0, response_code: 0, authorization_code: expect.stringMatching(/^\d{6}$/) });
    expect((await client.status(late)).status).toBe('NULLIFIED');

    const part = await authorized(30_000);
    const first = await client.refund(part, 12_000);
    expect(first).toMatchObject({ type: 'NULLIFIED', nullified_amount: 12_000, balance: 18_000, response_code: 0 });
    expect(first.authorization_date).toBeTruthy();
    expect(await client.status(part)).toMatchObject({ status: 'PARTIALLY_NULLIFIED', balance: 18_000 });
    const over = await failureOf(client.refund(part, 18_001), WebpayError);
    expect(over).toMatchObject({ kind: 'rejected', status: 422, errorMessage: expect.stringContaining('balance') });
    expect(await client.refund(part, 18_000)).toMatchObject({ type: 'NULLIFIED', balance: 0 });
  });

  it('refuses a refund amount that is not a positive whole number, before sending', async () => {
    const before = fake.calls.refund;
    for (const amount of [0, -1, 10.5]) {
      const err = await failureOf(client.refund('a'.repeat(64), amount), AppError);
      expect(err.message).toMatch(/^amount: /);
    }
    expect(fake.calls.refund).toBe(before);
  });

  it('a failed payment cannot be refunded', async () => {
    const { token } = await client.create(input());
    fake.pay(token, { approve: false });
    await client.commit(token);
    expect(await failureOf(client.refund(token, 1000), WebpayError)).toMatchObject({ kind: 'rejected', status: 422 });
  });
});

describe('credentials and secrets', () => {
  const SECRET = 'C0FFEE5EC2E7C0FFEE5EC2E7C0FFEE5EC2E7C0FFEE5EC2E7C0FFEE5EC2E70001';
  let own: WebpayFake;
  beforeAll(async () => {
    own = await startWebpay({ commerceCode: '597012345678', apiKey: SECRET });
  });
  afterAll(async () => {
    await own?.close();
  });
  const leaks = (err: unknown, secret: string) => [String(err), JSON.stringify(err), inspect(err, { depth: 10 }), (err as Error).stack ?? ''].some((s) => s.includes(secret));

  it('a wrong key or commerce code is rejected with 401, and no key appears in the error', async () => {
    const wrongKey = createWebpayClient({ egress, baseUrl: own.url, commerceCode: '597012345678', apiKey: 'WRONG-KEY-0123456789' });
    const err = await failureOf(wrongKey.create(input()), WebpayError);
    expect(err).toMatchObject({ kind: 'rejected', status: 401, errorMessage: 'Not Authorized' });
    expect(leaks(err, 'WRONG-KEY-0123456789')).toBe(false);
    const wrongCode = createWebpayClient({ egress, baseUrl: own.url, commerceCode: '597099999999', apiKey: SECRET });
    const err2 = await failureOf(wrongCode.create(input()), WebpayError);
    expect(err2.status).toBe(401);
    expect(leaks(err2, SECRET)).toBe(false);
  });

  it('the right key works, and no error of any kind carries it', async () => {
    const good = createWebpayClient({ egress, baseUrl: own.url, commerceCode: '597012345678', apiKey: SECRET });
    const { token } = await good.create(input());
    const errors: unknown[] = [];
    const collect = (p: Promise<unknown>) => p.then(() => expect.unreachable('should have failed'), (e: unknown) => errors.push(e));
    await collect(good.commit(token)); // rejected: not paid
    own.failNext(502);
    await collect(good.status(token)); // network: 5xx
    own.pay(token, { approve: true });
    own.loseNextCommitAnswer();
    await collect(good.commit(token)); // network: cut
    await collect(createWebpayClient({ egress: createEgressGuard(), baseUrl: own.url, commerceCode: '597012345678', apiKey: SECRET }).status(token)); // egress refused
    expect(errors.map((e) => (e as WebpayError).kind)).toEqual(['rejected', 'network', 'network', 'egress_refused']);
    for (const err of errors) expect(leaks(err, SECRET), String(err)).toBe(false);
  });

  it('an error_message that quotes the key is redacted', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error_message: `bad header Tbk-Api-Key-Secret=${SECRET}` }));
    });
    try {
      const c = createWebpayClient({ egress, baseUrl: server.url, commerceCode: '597012345678', apiKey: SECRET });
      const err = await failureOf(c.status('a'.repeat(64)), WebpayError);
      expect(err.kind).toBe('rejected');
      expect(err.errorMessage).toContain('[redacted]');
      expect(leaks(err, SECRET)).toBe(false);
    } finally {
      await server.close();
    }
  });
});

/** A one-off server for answers the fake does not give. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('transport failures', () => {
  let odd: { url: string; close(): Promise<void> } | undefined;
  afterEach(async () => {
    await odd?.close();
    odd = undefined;
  });

  it('an unanswered call times out as a network error', async () => {
    odd = await serve(() => {
      /* never answers */
    });
    const c = createWebpayClient({ egress, baseUrl: odd.url, commerceCode: '597055555532', apiKey: 'k', timeoutMs: 200 });
    const err = await failureOf(c.commit('a'.repeat(64)), WebpayError);
    expect(err.kind).toBe('network');
    expect(err.message).toContain('200 ms');
  });

  it('a 2xx not shaped as documented, non-JSON, or a redirect is an invalid response', async () => {
    const answers = [
      { status: 200, type: 'application/json', body: JSON.stringify({ token: 'abc' }) },
      { status: 200, type: 'application/json', body: JSON.stringify({ amount: 1000, status: 'WEIRD', buy_order: 'x', session_id: 'y', accounting_date: '0101', transaction_date: 'z' }) },
      { status: 200, type: 'text/html', body: '<html>ok</html>' },
      { status: 302, type: 'text/plain', body: '', location: 'https://elsewhere.example/' },
    ];
    let next = 0;
    odd = await serve((_req, res) => {
      const a = answers[next++]!;
      res.writeHead(a.status, { 'content-type': a.type, ...(a.location ? { location: a.location } : {}) });
      res.end(a.body);
    });
    const c = createWebpayClient({ egress, baseUrl: odd.url, commerceCode: '597055555532', apiKey: 'k' });
    expect(await failureOf(c.create(input()), WebpayError)).toMatchObject({ kind: 'invalid_response', operation: 'create' });
    expect(await failureOf(c.status('a'.repeat(64)), WebpayError)).toMatchObject({ kind: 'invalid_response', operation: 'status' });
    expect(await failureOf(c.commit('a'.repeat(64)), WebpayError)).toMatchObject({ kind: 'invalid_response', operation: 'commit' });
    expect(await failureOf(c.status('a'.repeat(64)), WebpayError)).toMatchObject({ kind: 'invalid_response' });
  });

  it('a destination the egress guard refuses is egress_refused', async () => {
    const c = createWebpayClient({ egress: createEgressGuard(), baseUrl: fake.url, commerceCode: '597055555532', apiKey: WEBPAY_INTEGRATION.apiKey });
    expect(await failureOf(c.create(input()), WebpayError)).toMatchObject({ kind: 'egress_refused', operation: 'create' });
  });

  it('refuses a bad configuration, naming the option', () => {
    const make = (over: Record<string, unknown>) => () => createWebpayClient({ egress, baseUrl: fake.url, commerceCode: '597055555532', apiKey: 'k', ...over });
    expect(make({ baseUrl: 'webpay3gint.transbank.cl' })).toThrow(/^baseUrl: /);
    expect(make({ commerceCode: '' })).toThrow(/^commerceCode: /);
    expect(make({ apiKey: '' })).toThrow(/^apiKey: /);
    expect(make({ timeoutMs: 5 * 60_000 })).toThrow(/^timeoutMs: /);
    expect(make({ timeoutMs: 0 })).toThrow(/^timeoutMs: /);
  });
});

describe('redirectForm', () => {
  it('is an es-CL page that POSTs token_ws to Webpay by itself, with a button without JavaScript', () => {
    const page = redirectForm('https://webpay3gint.transbank.cl/webpayserver/initTransaction', 'e9d555262db0f989e49d724b4db0b0af367cc415cde41f500a776550fc5fddd3');
    expect(page).toContain('<html lang="es-CL">');
    expect(page).toContain('<form id="webpay" method="post" action="https://webpay3gint.transbank.cl/webpayserver/initTransaction">');
    expect(page).toContain('<input type="hidden" name="token_ws" value="e9d555262db0f989e49d724b4db0b0af367cc415cde41f500a776550fc5fddd3">');
    expect(page).toMatch(/<noscript>.*<button type="submit">Continuar a Webpay<\/button>.*<\/noscript>/s);
    expect(page).toContain("document.getElementById('webpay').submit();");
    expect(WEBPAY_REDIRECT_CSP).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
  });

  it('escapes what it writes and refuses a URL that is not http(s) or a token that is not one', () => {
    const page = redirectForm('https://pago.example/?a=1&b="><script>alert(1)</script>', 'abc123');
    expect(page).toContain('action="https://pago.example/?a=1&amp;b=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page.match(/<script>/g)).toHaveLength(1);
    expect(() => redirectForm('javascript:alert(1)', 'abc123')).toThrow(/^url: /);
    expect(() => redirectForm('https://pago.example/', '"><img src=x onerror=alert(1)>')).toThrow(/^token: /);
  });
});

describe('the fake payment form (what a browser sees)', () => {
  it('shows the order with «Pagar», «Rechazar», «Anular», and sends the choice back to return_url as Webpay does', async () => {
    const { token, url } = await client.create(input({ amount: 12_345 }));
    const form = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token_ws: token }) });
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('lang="es-CL"');
    expect(html).toContain('$12.345');
    for (const label of ['>Pagar<', '>Rechazar<', '>Anular<']) expect(html).toContain(label);
    expect((await fetch(`${url}?token_ws=${token}`)).status).toBe(200);

    const decide = (action: string, t: string) =>
      fetch(`${fake.url}/webpayserver/decision`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token_ws: t, action }) });
    const back = await (await decide('pay', token)).text();
    expect(back).toContain('<form id="back" method="post" action="https://tienda.example.cl/webpay/retorno">');
    expect(back).toContain(`name="token_ws" value="${token}"`);
    expect(back).not.toContain('TBK_TOKEN');
    expect(isApproved(await client.commit(token))).toBe(true);
    expect((await decide('pay', token)).status).toBe(409);

    const other = await client.create(input());
    const aborted = await (await decide('abort', other.token)).text();
    expect(aborted).toContain(`name="TBK_TOKEN" value="${other.token}"`);
    expect(aborted).toContain('name="TBK_ORDEN_COMPRA"');
    expect(aborted).not.toContain('name="token_ws"');
    expect((await fetch(`${url}?token_ws=${other.token}`)).status).toBe(409);
    expect((await fetch(`${url}?token_ws=${'f'.repeat(64)}`)).status).toBe(404);
  });
});
