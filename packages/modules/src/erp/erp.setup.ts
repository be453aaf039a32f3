import type { ModuleContext, ModuleParts, PlatformServices } from '@smarteros/kernel';
import { createErpActions } from './erp.actions.ts';
import { createErpService, type ErpService } from './erp.service.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    erp: ErpService;
  }
}

/** Products, stock, customers, orders and payments; their actions in the catalog. */
export function setupErp(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, 'erp'>> {
  const relay = ctx.use('relay');
  const erp = createErpService({ db: ctx.db, clock: ctx.clock, onEvents: () => relay.wake() });
  return {
    services: { erp },
    actions: createErpActions({ db: ctx.db, erp }),
  };
}
