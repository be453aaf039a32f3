import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEgressGuard } from '@smarteros/kernel';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebpayClient, isApproved, parseWebpayReturn, redirectForm, WEBPAY_REDIRECT_CSP, type WebpayClient } from '../../packages/modules/src/erp/webpay.ts';
import { startWebpay, type WebpayFake } from '../fakes/webpay.ts';
import { launchChromium, newContext } from './support.ts';

/**
 * The Webpay round trip in a real browser, with no platform server: a minimal merchant (redirectForm under its CSP,
 * a return handler with parseWebpayReturn and commit) and the Webpay fake's payment page, clicked as a cardholder would.
 */
describe('webpay fake: the payment form in a browser', () => {
  let fake: WebpayFake;
  let client: WebpayClient;
  let merchant: Server;
  let shop = '';
  let browser: Browser;
  let n = 0;

  beforeAll(async () => {
    fake = await startWebpay();
    client = createWebpayClient({ egress: createEgressGuard({ allow: ['127.0.0.0/8'] }), baseUrl: fake.url, commerceCode: fake.commerceCode, apiKey: fake.apiKey });
    merchant = createServer((req, res) => {
      let raw = '';
      req.on('data', (d: Buffer) => (raw += d.toString('utf8')));
      req.on('end', () => {
        void (async () => {
          const url = new URL(req.url ?? '/', shop);
          const page = (body: string) => {
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
            res.end(`<!doctype html><html lang="es-CL"><head><meta charset="utf-8"><title>Tienda</title></head><body><h1 id="result">${body}</h1></body></html>`);
          };
          if (url.pathname === '/checkout') {
            const { token, url: form } = await client.create({ buy_order: `OC-B-${++n}`, session_id: `s-${n}`, amount: 9_990, return_url: `${shop}/retorno` });
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': WEBPAY_REDIRECT_CSP });
            return res.end(redirectForm(form, token));
          }
          if (url.pathname === '/retorno') {
            const params = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(raw)) : Object.fromEntries(url.searchParams);
            const back = parseWebpayReturn(params);
            if (back.kind !== 'normal') return page(`Pago no realizado (${back.kind})`);
            const tx = await client.commit(back.token);
            return page(isApproved(tx) ? `Pago aprobado ${tx.buy_order}` : `Pago rechazado ${tx.buy_order}`);
          }
          res.writeHead(404).end();
        })().catch((err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(err));
        });
      });
    });
    await new Promise<void>((resolve) => merchant.listen(0, '127.0.0.1', resolve));
    shop = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (merchant ? merchant.close(() => resolve()) : resolve()));
    await fake?.close();
  });

  const checkout = async (): Promise<Page> => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${shop}/checkout`);
    // The merchant's page submits itself to Webpay's form (the fake's): the order and its amount are shown.
    await page.getByRole('button', { name: 'Pagar' }).waitFor();
    expect(page.url()).toBe(fake.formUrl);
    expect(await page.locator('#amount').textContent()).toBe('$9.990');
    return page;
  };

  it('«Pagar»: back at return_url with token_ws, committed AUTHORIZED', async () => {
    const page = await checkout();
    await page.getByRole('button', { name: 'Pagar' }).click();
    await page.locator('#result', { hasText: 'Pago aprobado' }).waitFor();
    expect(page.url()).toBe(`${shop}/retorno`);
    expect(await page.locator('#result').textContent()).toBe(`Pago aprobado OC-B-${n}`);
    await page.context().close();
  });

  it('«Rechazar»: committed, FAILED', async () => {
    const page = await checkout();
    await page.getByRole('button', { name: 'Rechazar' }).click();
    await page.locator('#result', { hasText: 'Pago rechazado' }).waitFor();
    await page.context().close();
  });

  it('«Anular»: an aborted return, never committed', async () => {
    const commits = fake.calls.commit;
    const page = await checkout();
    await page.getByRole('button', { name: 'Anular' }).click();
    await page.locator('#result', { hasText: 'Pago no realizado (aborted)' }).waitFor();
    expect(fake.calls.commit).toBe(commits);
    await page.context().close();
  });
});
