import type { ModuleContext, ModuleParts, PlatformServices } from '@smarteros/kernel';
import { createLifecycleJob } from './lifecycle.job.ts';
import { createTenancyActions } from './tenancy.actions.ts';
import { createTenancyService, type TenancyService } from './tenant.service.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    tenancy: TenancyService;
    lifecycle: ReturnType<typeof createLifecycleJob>;
  }
  interface PlatformDeps {
    /** DNS TXT lookup for custom-domain verification (tests give their own). */
    resolveTxt?: ((name: string) => Promise<string[][]>) | undefined;
  }
}

/** Tenants, products, trials, domains and integrations; the trial lifecycle job; the tenancy actions. */
export function setupTenancy(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, 'tenancy' | 'lifecycle'>> {
  const { db, clock, config } = ctx;
  const tenancy = createTenancyService({ db, clock, baseDomain: config.baseDomain, ...(ctx.deps.resolveTxt ? { resolveTxt: ctx.deps.resolveTxt } : {}) });
  const lifecycle = createLifecycleJob({ db, clock, warnDays: config.trial.warnDays, onError: (err) => ctx.log(`lifecycle: ${(err as Error).message}`) });
  return {
    services: { tenancy, lifecycle },
    actions: createTenancyActions({ tenancy }),
    jobs: [{ name: 'tenancy.lifecycle', start: () => lifecycle.start(config.jobsIntervalSeconds), stop: () => lifecycle.stop() }],
  };
}
