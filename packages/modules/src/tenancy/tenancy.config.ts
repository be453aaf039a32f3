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
  },
  build: (v) => ({ baseDomain: v.SMARTEROS_BASE_DOMAIN, trial: { warnDays: v.SMARTEROS_TRIAL_WARN_DAYS } }),
});
