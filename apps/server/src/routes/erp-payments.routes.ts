import { paymentLinkOutput, paymentOutput, refundInput, redirectForm, webpayAccountInput, webpayAccountOutput, webpayStartOutput, WEBPAY_REDIRECT_CSP, type WebpayReturnResult } from '@smarteros/modules/erp';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ownTenantAccess, publicAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantSelector } from './common.ts';

/**
 * Webpay Plus for orders: start a payment (the buyer goes to Webpay's form), the return Webpay sends the buyer back to
 * (GET or POST, all four returns), payment links to send by WhatsApp, refunds, and the tenant's own commerce.
 */

const clp = new Intl.NumberFormat('es-CL', { style: 'currency', currency: 'CLP', maximumFractionDigits: 0 });
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** A small server-rendered page (es-CL, no script). */
export function resultPage(title: string, lines: string[], tone: 'ok' | 'bad' | 'wait'): string {
  const color = tone === 'ok' ? '#166534' : tone === 'bad' ? '#991b1b' : '#854d0e';
  return `<!doctype html><html lang="es-CL"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}main{max-width:32rem;margin:3rem auto;padding:1.5rem;background:#fff;border-radius:.75rem;box-shadow:0 1px 3px #0002}h1{font-size:1.4rem;color:${color}}p{line-height:1.5}</style></head>
<body><main><h1>${escape(title)}</h1>${lines.map((l) => `<p>${escape(l)}</p>`).join('')}</main></body></html>`;
}

export function webpayResultPage(r: WebpayReturnResult): { html: string; status: number } {
  const order = r.order ? `Pedido N° ${r.order.number} por ${clp.format(r.order.amount_total)}.` : '';
  const d = r.payment?.details ?? {};
  switch (r.outcome) {
    case 'approved':
      return {
        status: 200,
        html: resultPage('Pago aprobado', [order, d.card_last4 ? `Tarjeta terminada en ${String(d.card_last4)}, código de autorización ${String(d.authorization_code ?? '')}.` : '', 'Gracias por su compra. Le enviaremos la confirmación.'].filter(Boolean), 'ok'),
      };
    case 'rejected':
      return { status: 200, html: resultPage('Pago rechazado', [order, 'Webpay no autorizó el pago. No se hizo ningún cargo. Puede intentar de nuevo con otra tarjeta.'].filter(Boolean), 'bad') };
    case 'aborted':
      return { status: 200, html: resultPage('Pago anulado', [order, 'Usted anuló el pago en Webpay. No se hizo ningún cargo.'].filter(Boolean), 'bad') };
    case 'timeout':
      return { status: 200, html: resultPage('Tiempo agotado', [order, 'El formulario de Webpay expiró antes de completar el pago. No se hizo ningún cargo.'].filter(Boolean), 'bad') };
    case 'pending':
      return { status: 200, html: resultPage('Estamos confirmando su pago', [order, 'Webpay aún no nos confirma el resultado. Lo revisaremos en unos minutos; no vuelva a pagar.'].filter(Boolean), 'wait') };
    default:
      return { status: 400, html: resultPage('No encontramos este pago', ['El enlace no corresponde a un pago de Webpay de esta tienda.'], 'bad') };
  }
}

const sendHtml = (reply: FastifyReply, status: number, html: string, csp = PAGE_CSP) =>
  reply.status(status).header('content-type', 'text/html; charset=utf-8').header('content-security-policy', csp).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(html);

export function erpPaymentRoutes(app: FastifyInstance, services: Pick<AppServices, 'webpay'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { webpay } = services;
  const tags = ['erp'];
  const orderParams = z.object({ order_id: z.uuid() });

  r.post('/api/v1/erp/orders/:order_id/webpay', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'Start a Webpay Plus payment of what the order owes (a draft is confirmed first, reserving its stock): Webpay’s token and form URL',
      description: 'Send the buyer to url with a POST of token_ws (GET /pay/… from a payment link does it). Webpay sends the buyer back to /api/v1/erp/payments/webpay/return.',
      security: bearer,
      params: orderParams,
      querystring: tenantSelector,
      response: { 201: webpayStartOutput, ...errors(400, 401, 403, 404, 409, 502, 503) },
    },
    handler: async (req, reply) => reply.status(201).send(await webpay.start(req.tenantId!, req.params.order_id, actorOf(req).id)),
  });

  r.post('/api/v1/erp/orders/:order_id/payment-link', {
    config: { access: ownTenantAccess('agent') },
    schema: {
      tags,
      summary: 'A Webpay payment link for the order, valid 7 days, to send to the buyer (WhatsApp, e-mail): opening it starts a fresh payment',
      security: bearer,
      params: orderParams,
      querystring: tenantSelector,
      response: { 200: paymentLinkOutput, ...errors(400, 401, 403, 404) },
    },
    handler: async (req) => webpay.paymentLink(req.tenantId!, req.params.order_id),
  });

  r.post('/api/v1/erp/payments/:payment_id/refund', {
    config: { access: ownTenantAccess('admin') },
    schema: {
      tags,
      summary: 'Refund a Webpay payment, whole or in part (Transbank reverses it within 3 hours of the authorization, nullifies it later)',
      security: bearer,
      params: z.object({ payment_id: z.uuid() }),
      querystring: tenantSelector,
      body: refundInput,
      response: { 200: paymentOutput, ...errors(400, 401, 403, 404, 409, 502, 503) },
    },
    handler: async (req) => webpay.refund(req.tenantId!, req.params.payment_id, req.body.amount, actorOf(req).id),
  });

  r.get('/api/v1/erp/webpay-account', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'The tenant’s Webpay commerce (own: false means Transbank’s public integration commerce)', security: bearer, querystring: tenantSelector, response: { 200: webpayAccountOutput, ...errors(400, 401, 403, 404) } },
    handler: async (req) => webpay.getAccount(req.tenantId!),
  });
  r.put('/api/v1/erp/webpay-account', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Set the tenant’s own Webpay commerce code and API key (sealed by the vault, never shown again)', security: bearer, querystring: tenantSelector, body: webpayAccountInput, response: { 200: webpayAccountOutput, ...errors(400, 401, 403, 404) } },
    handler: async (req) => webpay.setAccount(req.tenantId!, actorOf(req).id, req.body),
  });
  r.delete('/api/v1/erp/webpay-account', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Forget the tenant’s own commerce: payments go to Transbank’s integration commerce again', security: bearer, querystring: tenantSelector, response: { 204: z.null(), ...errors(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      await webpay.deleteAccount(req.tenantId!);
      return reply.status(204).send(null);
    },
  });

  // Webpay's return: GET (REST v1.1+) or a POSTed form, so this scope reads urlencoded bodies as records.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    const field = z.string().max(200).optional();
    const params = z.looseObject({ token_ws: field, TBK_TOKEN: field, TBK_ORDEN_COMPRA: field, TBK_ID_SESION: field });
    for (const method of ['GET', 'POST'] as const) {
      scope.withTypeProvider<ZodTypeProvider>().route({
        method,
        url: '/api/v1/erp/payments/webpay/return',
        config: { access: publicAccess },
        schema: {
          tags,
          summary: `Webpay’s return (${method}): token_ws is committed once; TBK_TOKEN (aborted) and TBK_ORDEN_COMPRA + TBK_ID_SESION (timed out) close the payment without committing. An HTML page with the result`,
          ...(method === 'GET' ? { querystring: params } : { body: params.optional() }),
        },
        handler: async (req, reply) => {
          const given = (method === 'GET' ? req.query : { ...(req.query as Record<string, string>), ...((req.body as Record<string, string> | undefined) ?? {}) }) as Record<string, string>;
          const page = webpayResultPage(await webpay.handleReturn(given));
          return sendHtml(reply, page.status, page.html);
        },
      });
    }
  });

  r.get('/pay/:token', {
    config: { access: publicAccess },
    schema: { tags, summary: 'A payment link: starts a Webpay payment of what the order owes and sends the browser to Webpay’s form', params: z.object({ token: z.string().min(10).max(200) }) },
    handler: async (req, reply) => {
      const link = webpay.openLink(req.params.token);
      if (!link) return sendHtml(reply, 404, resultPage('Enlace de pago no válido', ['Este enlace de pago no existe o venció. Pida uno nuevo a la tienda.'], 'bad'));
      try {
        const started = await webpay.start(link.tenantId, link.orderId, 'payment-link');
        return sendHtml(reply, 200, redirectForm(started.url, started.token), WEBPAY_REDIRECT_CSP);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'order_transition_not_allowed') return sendHtml(reply, 409, resultPage('Este pedido no tiene pagos pendientes', ['El pedido ya está pagado, completado o anulado.'], 'ok'));
        if (code === 'insufficient_stock') return sendHtml(reply, 409, resultPage('Sin stock suficiente', ['Uno de los productos del pedido ya no tiene stock. Escríbanos para ayudarle.'], 'bad'));
        if (code === 'not_found') return sendHtml(reply, 404, resultPage('Enlace de pago no válido', ['Este pedido no existe.'], 'bad'));
        throw err;
      }
    },
  });
}
