import type { ModuleContext, ModuleParts, PlatformServices } from '@smarteros/kernel';
import { createErpActions } from './erp.actions.ts';
import { createErpService, type ErpService } from './erp.service.ts';
import { createWebpayPayments, type WebpayPayments } from './webpay-payments.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    erp: ErpService;
    webpay: WebpayPayments;
  }
}

/** Products, stock, customers, orders and payments (Webpay Plus among them); their actions in the catalog. */
export function setupErp(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, 'erp' | 'webpay'>> {
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
  let reconcile: NodeJS.Timeout | null = null;
  return {
    services: { erp, webpay },
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
    ],
  };
}
