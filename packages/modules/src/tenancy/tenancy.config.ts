import { configInt, defineConfig } from '@smarteros/kernel';
import { z } from 'zod';

/** The tenancy module's variables. */
export const TENANCY_CONFIG = defineConfig({
  owner: 'tenancy',
  vars: {
    SMARTEROS_BASE_DOMAIN: {
      schema: z
        .string()
        .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case DNS name such as smarterbot.cl')
        .default('smarterbot.cl'),
      description: 'tenant subdomains are created under it',
    },
    SMARTEROS_TRIAL_WARN_DAYS: { schema: configInt(0, 60).default(3), description: 'days before expiry when `trial.expiring` is emitted' },
    SMARTEROS_JOBS_INTERVAL_SECONDS: { schema: configInt(0, 86_400).default(60), description: 'how often the trial lifecycle job runs (0 disables it in this process)' },
  },
  build: (v) => ({ baseDomain: v.SMARTEROS_BASE_DOMAIN, trial: { warnDays: v.SMARTEROS_TRIAL_WARN_DAYS }, jobsIntervalSeconds: v.SMARTEROS_JOBS_INTERVAL_SECONDS }),
});

export type TenancyConfig = ReturnType<typeof TENANCY_CONFIG.build>;

declare module '@smarteros/kernel' {
  interface PlatformConfig extends TenancyConfig {}
}
