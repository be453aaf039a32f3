import { rutFromBody } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebpay, type WebpayFake, type WebpayReturnCall } from '../../../../test/fakes/webpay.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * Webpay Plus for orders against Transbank's contract fake: the four returns (normal, timeout, aborted, the error form),
 * one commit per token however often the buyer comes back, a commit whose answer is lost (asked for its status, never
 * committed twice), a late commit's 422, the reconciler for a buyer who paid and never came back, refunds, payment
 * links, and the tenant's own commerce sealed in the vault.
 */
let t: TestServer;
let webpay: WebpayFake;
let tenant = '';

const api = async (method: string, path: string, body?: unknown) => t.request({ method, url: `/api/v1/erp/${path}${path.includes('?') ? '&' : '?'}tenant_id=${tenant}`, ...(body === undefined ? {} : { body }) });
const ok = async (method: string, path: string, body?: unknown, status = 200) => {
  const res = await api(method, path, body);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as Record<string, unknown> & { id: string; status: string };
};
/** Sends the return the buyer's browser would send, to the server (as the fake's form does). */
const back = async (call: WebpayReturnCall) => {
  const path = new URL(call.url).pathname;
  const res =
    call.method === 'GET'
      ? await t.server.app.inject({ method: 'GET', url: `${path}?${new URLSearchParams(call.form).toString()}` })
      : await t.server.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(call.form).toString() });
  return { status: res.statusCode, html: res.body, headers: res.headers };
};
const stock = async (sku: string) => ((await ok('GET', `stock?sku=${sku}`)).items as Array<{ on_hand: string; reserved: string; available: string }>)[0]!;
const newOrder = async (quantity = 1) => ok('POST', 'orders', { channel: 'store', buyer: { name: 'Ana Pérez', email: 'ana@example.cl' }, lines: [{ sku: 'TAL-18V', quantity }] }, 201);
const start = async (orderId: string) => (await ok('POST', `orders/${orderId}/webpay`, undefined, 201)) as unknown as { payment_id: string; token: string; url: string; amount: number; buy_order: string };

beforeAll(async () => {
  webpay = await startWebpay();
  t = await createTestServer({ env: { SMARTEROS_WEBPAY_URL: webpay.url, SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8', SMARTEROS_PUBLIC_URL: 'https://tienda.example.cl' } });
  tenant = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_600_021), business_name: 'Ferretería Webpay', contact_email: 'x@x.cl' } })).body.id);
  await ok('POST', 'products', { sku: 'TAL-18V', name: 'Taladro inalámbrico 18V', price: 49990, price_includes_tax: true }, 201);
  await ok('POST', 'stock/moves', { sku: 'TAL-18V', kind: 'receipt', quantity: 20 }, 201);
});
afterAll(async () => {
  await t?.close();
  await webpay?.close();
});

describe('a normal return', () => {
  it('reserves the stock while the buyer pays, commits once, and the order is paid', async () => {
    const order = await newOrder(2);
    const started = await start(order.id);
    expect(started).toMatchObject({ amount: 99_980, url: webpay.formUrl });
    expect(started.buy_order.length).toBeLessThanOrEqual(26);
    expect(webpay.requests.at(-1)).toMatchObject({ endpoint: 'create', body: { amount: 99_980, session_id: started.payment_id, return_url: 'https://tienda.example.cl/api/v1/erp/payments/webpay/return' } });
    expect(await stock('TAL-18V')).toMatchObject({ reserved: '2' });
    expect((await ok('GET', `orders/${order.id}`)).status).toBe('confirmed');

    const call = webpay.pay(started.token, { approve: true });
    const commits = webpay.calls.commit;
    const page = await back(call);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Pago aprobado');
    expect(page.html).toContain('$99.980');
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'");
    const paid = await ok('GET', `orders/${order.id}`);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 99_980 });
    expect((paid.payments as Array<Record<string, unknown>>)[0]).toMatchObject({ method: 'webpay', status: 'approved', provider_ref: started.token, details: expect.objectContaining({ response_code: 0, status: 'AUTHORIZED' }) });
    // The buyer reloads the return page, twice at once: the token is not committed again.
    const again = await Promise.all([back(call), back(call)]);
    for (const p of again) expect(p.html).toContain('Pago aprobado');
    expect(webpay.calls.commit).toBe(commits + 1);
  });

  it('a declined card fails the payment, keeps the order confirmed with its reservation, and another try can pay', async () => {
    const order = await newOrder();
    const first = await start(order.id);
    const page = await back(webpay.pay(first.token, { approve: false }));
    expect(page.html).toContain('Pago rechazado');
    const after = await ok('GET', `orders/${order.id}`);
    expect(after.status).toBe('confirmed');
    expect((after.payments as Array<{ status: string }>).map((p) => p.status)).toEqual(['failed']);
    const second = await start(order.id);
    expect((await back(webpay.pay(second.token, { approve: true }))).html).toContain('Pago aprobado');
    expect((await ok('GET', `orders/${order.id}`)).status).toBe('paid');
  });
});

describe('returns that must never be committed', () => {
  it('an aborted payment (TBK_TOKEN) and an error form (both tokens) close the payment without a commit', async () => {
    for (const kind of ['abort', 'formError'] as const) {
      const order = await newOrder();
      const started = await start(order.id);
      const commits = webpay.calls.commit;
      const page = await back(webpay[kind](started.token));
      expect(page.html).toContain('Pago anulado');
      expect(webpay.calls.commit).toBe(commits);
      const o = await ok('GET', `orders/${order.id}`);
      expect(o.status).toBe('confirmed');
      expect((o.payments as Array<{ status: string; details: { closed: string } }>)[0]).toMatchObject({ status: 'cancelled', details: expect.objectContaining({ closed: 'aborted' }) });
    }
  });

  it('a timeout (TBK_ORDEN_COMPRA + TBK_ID_SESION, no token) closes it; a forged buy order is refused', async () => {
    const order = await newOrder();
    const started = await start(order.id);
    const call = webpay.timeout(started.token);
    const forged = await back({ ...call, form: { ...call.form, TBK_ORDEN_COMPRA: 'otra-orden' } });
    expect(forged.status).toBe(400);
    const page = await back(call);
    expect(page.html).toContain('Tiempo agotado');
    expect(((await ok('GET', `orders/${order.id}`)).payments as Array<{ status: string }>)[0]!.status).toBe('cancelled');
    expect((await back({ method: 'GET', url: call.url, form: {}, submit: call.submit })).status).toBe(400);
  });
});

describe('when things go wrong', () => {
  it('a commit whose answer is lost is asked for its status, not committed again, and the order is paid', async () => {
    const order = await newOrder();
    const started = await start(order.id);
    webpay.loseNextCommitAnswer();
    const commits = webpay.calls.commit;
    const page = await back(webpay.pay(started.token, { approve: true }));
    expect(page.html).toContain('Pago aprobado');
    expect(webpay.calls.commit).toBe(commits + 1);
    expect((await ok('GET', `orders/${order.id}`)).status).toBe('paid');
  });

  it('Webpay down during the commit leaves the payment pending («estamos confirmando»); the reconciler settles it later', async () => {
    const order = await newOrder();
    const started = await start(order.id);
    const call = webpay.pay(started.token, { approve: true });
    webpay.failNext(503, 'commit');
    webpay.failNext(503, 'status');
    const page = await back(call);
    expect(page.html).toContain('Estamos confirmando su pago');
    expect((await ok('GET', `orders/${order.id}`)).status).toBe('confirmed');
    // Not yet 15 minutes: left alone.
    expect(await t.server.services.webpay.reconcile()).toEqual({ settled: 0, closed: 0 });
    t.clock.advance(16 * 60_000);
    const commits = webpay.calls.commit;
    expect(await t.server.services.webpay.reconcile()).toMatchObject({ settled: 1 });
    // Transbank's status showed the claimed commit never took effect: committed now, once.
    expect(webpay.calls.commit).toBe(commits + 1);
    expect((await ok('GET', `orders/${order.id}`)).status).toBe('paid');
  });

  it('the reconciler commits a payment whose buyer paid and never came back', async () => {
    const order = await newOrder();
    const started = await start(order.id);
    webpay.pay(started.token, { approve: true }); // the buyer closes the browser: no return
    t.clock.advance(16 * 60_000);
    expect(await t.server.services.webpay.reconcile()).toMatchObject({ settled: 1 });
    expect((await ok('GET', `orders/${order.id}`)).status).toBe('paid');
  });

  it('an order cancelled while its buyer pays is never committed; a second payment of a paid order is refunded at once', async () => {
    const cancelled = await newOrder();
    const lost = await start(cancelled.id);
    await ok('POST', `orders/${cancelled.id}/cancel`);
    const commits = webpay.calls.commit;
    expect((await back(webpay.pay(lost.token, { approve: true }))).html).toContain('Pago anulado');
    expect(webpay.calls.commit).toBe(commits);
    expect(((await ok('GET', `orders/${cancelled.id}`)).payments as Array<{ status: string }>)[0]!.status).toBe('cancelled');

    // Two tabs: both payments were started, both are paid.
    const order = await newOrder();
    const a = await start(order.id);
    const b = await start(order.id);
    expect((await back(webpay.pay(a.token, { approve: true }))).html).toContain('Pago aprobado');
    expect((await back(webpay.pay(b.token, { approve: true }))).html).toContain('Pago aprobado');
    const o = await ok('GET', `orders/${order.id}`);
    expect(o).toMatchObject({ status: 'paid', amount_paid: 49_990 });
    expect((o.payments as Array<{ id: string; status: string }>).find((p) => p.id === b.payment_id)!.status).toBe('refunded');
    expect(webpay.transactions.get(b.token)!.status).toBe('REVERSED');
  });

  it('an order that is paid, completed or cancelled cannot start a payment', async () => {
    const order = await newOrder();
    await ok('POST', `orders/${order.id}/cancel`);
    const res = await api('POST', `orders/${order.id}/webpay`);
    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe('order_transition_not_allowed');
  });
});

describe('refunds', () => {
  it('refund in part, then the rest; over what is left is refused', async () => {
    const order = await newOrder();
    const started = await start(order.id);
    await back(webpay.pay(started.token, { approve: true }));
    const partial = await ok('POST', `payments/${started.payment_id}/refund`, { amount: 10_000 });
    expect(partial).toMatchObject({ status: 'approved' });
    const over = await api('POST', `payments/${started.payment_id}/refund`, { amount: 49_990 });
    expect(over.status).toBe(409);
    expect(over.body.error?.code).toBe('payment_exceeds_balance');
    const rest = await ok('POST', `payments/${started.payment_id}/refund`, {});
    expect(rest).toMatchObject({ status: 'refunded', details: expect.objectContaining({ refunds: [expect.objectContaining({ amount: 10_000 }), expect.objectContaining({ amount: 39_990 })] }) });
    expect((await api('POST', `payments/${started.payment_id}/refund`, {})).status).toBe(409);
  });
});

describe('payment links', () => {
  it('a link opened later starts a fresh payment and sends the browser to Webpay; a forged or expired link does not', async () => {
    const order = await newOrder();
    const link = (await ok('POST', `orders/${order.id}/payment-link`)) as unknown as { url: string; expires_at: string };
    expect(link.url).toMatch(/^https:\/\/tienda\.example\.cl\/pay\/[\w.-]+$/);
    const path = new URL(link.url).pathname;
    const page = await t.server.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="${webpay.formUrl}"`);
    expect(page.body).toContain('name="token_ws"');
    expect(String(page.headers['content-security-policy'])).toContain('script-src');
    const token = /name="token_ws" value="([^"]+)"/.exec(page.body)![1]!;
    await back(webpay.pay(token, { approve: true }));
    expect((await ok('GET', `orders/${order.id}`)).status).toBe('paid');
    // Paid: the link says so instead of charging again.
    expect((await t.server.app.inject({ method: 'GET', url: path })).statusCode).toBe(409);
    const forged = path.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await t.server.app.inject({ method: 'GET', url: forged })).statusCode).toBe(404);
    const other = await newOrder();
    const late = (await ok('POST', `orders/${other.id}/payment-link`)) as unknown as { url: string };
    t.clock.advance(8 * 24 * 3_600_000);
    expect((await t.server.app.inject({ method: 'GET', url: new URL(late.url).pathname })).statusCode).toBe(404);
  });
});

describe("the tenant's own commerce", () => {
  it('is sealed (only its last 4 shown) and used for the next payments', async () => {
    expect(await ok('GET', 'webpay-account')).toMatchObject({ own: false, commerce_code: '597055555532' });
    const bad = await api('PUT', 'webpay-account', { commerce_code: '123', api_key: 'x'.repeat(20) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('commerce_code');
    const key = 'clave-secreta-del-comercio-0123456789';
    const set = await ok('PUT', 'webpay-account', { commerce_code: '597000000001', api_key: key });
    expect(set).toEqual({ own: true, commerce_code: '597000000001', environment: 'integration', api_key_last4: '6789', updated_at: expect.any(String) });
    expect(JSON.stringify(set)).not.toContain(key);
    // The fake accepts only Transbank's public key: the tenant's own is sent, and refused (502 naming Webpay).
    const order = await newOrder();
    const res = await api('POST', `orders/${order.id}/webpay`);
    expect(res.status).toBe(502);
    expect(webpay.requests.at(-1)).toMatchObject({ endpoint: 'create', apiKeyId: '597000000001', status: 401 });
    expect(JSON.stringify(res.body)).not.toContain(key);
    expect((await api('DELETE', 'webpay-account')).status).toBe(204);
    expect((await ok('GET', 'webpay-account')).own).toBe(false);
  });
});
