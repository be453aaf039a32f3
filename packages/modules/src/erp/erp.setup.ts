import type { ModuleContext, ModuleParts, PlatformServices } from '@smarteros/kernel';
import { createErpActions } from './erp.actions.ts';
import { createErpService, type ErpService } from './erp.service.ts';
import { orderConfirmed } from './erp.events.ts';
import { createErpSync, shopifyWebhookReceived, type ErpSync } from './sync.ts';
import { createWebpayPayments, type WebpayPayments } from './webpay-payments.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    erp: ErpService;
    webpay: WebpayPayments;
    erpSync: ErpSync;
  }
}

/** Processed Shopify webhooks are kept this long: a retry of the same webhook id within it is still one row. */
const WEBHOOKS_KEPT_MS = 30 * 24 * 3_600_000;

/** Products, stock, customers, orders and payments (Webpay Plus among them), the Odoo and Shopify connectors; their actions in the catalog. */
export function setupErp(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, 'erp' | 'webpay' | 'erpSync'>> {
  const relay = ctx.use('relay');
  const onEvents = () => relay.wake();
  const erp = createErpService({ db: ctx.db, clock: ctx.clock, onEvents });
  const webpay = createWebpayPayments({
    db: ctx.db,
    clock: ctx.clock,
    egress: ctx.use('egress'),
    vault: ctx.use('vault'),
    config: ctx.config.erp.webpay,
    publicUrl: ctx.config.publicUrl,
    secret: ctx.config.jwt.secret,
    onEvents,
    onError: (err) => ctx.log(`erp.webpay: ${err instanceof Error ? err.message : 'error'}`),
  });
  const erpSync = createErpSync({
    db: ctx.db,
    clock: ctx.clock,
    vault: ctx.use('vault'),
    egress: ctx.use('egress'),
    publicUrl: ctx.config.publicUrl,
    config: ctx.config.erp.sync,
    onEvents,
    log: (line) => ctx.log(line),
  });
  let reconcile: NodeJS.Timeout | null = null;
  let connectors: NodeJS.Timeout | null = null;
  let lastPrune = 0;
  const tick = async () => {
    await erpSync.runScheduled();
    await erpSync.sweepAbandoned();
    if (ctx.clock.now().getTime() - lastPrune > 3_600_000) {
      lastPrune = ctx.clock.now().getTime();
      await erpSync.pruneWebhooks(new Date(lastPrune - WEBHOOKS_KEPT_MS));
    }
  };
  return {
    services: { erp, webpay, erpSync },
    subscribers: [
      {
        // Ordered per order: its pushes one after the other (a claim keeps two servers apart on the same customer).
        name: 'erp.odoo_push',
        topics: [orderConfirmed.name],
        ordered: true,
        maxAttempts: 12,
        backoff: { baseMs: 5000, maxMs: 30 * 60_000 },
        handler: (event) => erpSync.pushOrder(event.tenant_id, String(event.payload.order_id)),
      },
      {
        // Ordered per Shopify record: an order's orders/create before its orders/updated.
        name: 'erp.shopify_ingest',
        topics: [shopifyWebhookReceived.name],
        ordered: true,
        maxAttempts: 12,
        backoff: { baseMs: 5000, maxMs: 30 * 60_000 },
        handler: (event) => erpSync.ingestShopify(event.tenant_id, Number(event.payload.receipt_id)),
      },
    ],
    actions: createErpActions({ db: ctx.db, erp, webpay }),
    jobs: [
      {
        // Webpay payments left open (a buyer who paid and closed the browser before the return) are settled.
        name: 'erp.webpay_reconcile',
        start: () => {
          reconcile = setInterval(() => void webpay.reconcile().catch((err: unknown) => ctx.log(`erp.webpay_reconcile failed: ${(err as Error).message}`)), 60_000);
          reconcile.unref();
        },
        stop: () => {
          if (reconcile) clearInterval(reconcile);
          reconcile = null;
        },
      },
      {
        // Odoo and Shopify connections not synced for SMARTEROS_ERP_SYNC_MINUTES are pulled; abandoned Shopify
        // checkouts are announced (cart.abandoned); processed webhooks past their keep are dropped. Every minute.
        name: 'erp.connectors_sync',
        start: () => {
          connectors = setInterval(() => void tick().catch((err: unknown) => ctx.log(`erp.connectors_sync failed: ${(err as Error).message}`)), 60_000);
          connectors.unref();
        },
        stop: () => {
          if (connectors) clearInterval(connectors);
          connectors = null;
        },
      },
    ],
  };
}
