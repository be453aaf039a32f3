import { defineConfig } from '@smarteros/kernel';
import { z } from 'zod';
import { WEBPAY_INTEGRATION, WEBPAY_PRODUCTION_URL } from './webpay.ts';

const baseUrl = (fallback: string) => z.url({ protocol: /^https?$/ }).default(fallback);

/** Where Transbank's Webpay Plus is (the contract fake stands in by changing the integration URL). */
export const ERP_CONFIG = defineConfig({
  owner: 'erp',
  vars: {
    SMARTEROS_WEBPAY_URL: {
      schema: baseUrl(WEBPAY_INTEGRATION.baseUrl),
      description: "Webpay Plus integration environment: Transbank's (the default; with no account of its own a tenant uses its public commerce code 597055555532, no real card is charged) or the contract fake",
    },
    SMARTEROS_WEBPAY_PRODUCTION_URL: { schema: baseUrl(WEBPAY_PRODUCTION_URL), description: 'Webpay Plus production: for tenants whose own commerce code is in production' },
    SMARTEROS_WEBPAY_TIMEOUT_MS: { schema: z.coerce.number().int().min(1000).max(60_000).default(15_000), description: 'How long a call to Webpay may take (ms); a commit that times out is asked for its status, never committed again' },
  },
  build: (v) => ({
    erp: { webpay: { integrationUrl: v.SMARTEROS_WEBPAY_URL.replace(/\/+$/, ''), productionUrl: v.SMARTEROS_WEBPAY_PRODUCTION_URL.replace(/\/+$/, ''), timeoutMs: v.SMARTEROS_WEBPAY_TIMEOUT_MS } },
  }),
});

export type ErpConfig = ReturnType<typeof ERP_CONFIG.build>;

declare module '@smarteros/kernel' {
  interface PlatformConfig extends ErpConfig {}
}
