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
    SMARTEROS_ERP_SYNC_MINUTES: {
      schema: z.coerce.number().int().min(0).max(1440).default(15),
      description: 'How often the scheduled sync pulls each Odoo and Shopify connection (minutes); 0: only on demand (POST …/sync) and by webhook',
    },
    SMARTEROS_ERP_CONNECTOR_TIMEOUT_MS: { schema: z.coerce.number().int().min(1000).max(120_000).default(30_000), description: 'How long one call to Odoo or Shopify may take (ms)' },
    SMARTEROS_ERP_SHOPIFY_ABANDON_MINUTES: {
      schema: z.coerce.number().int().min(5).max(30 * 24 * 60).default(120),
      description: 'Shopify: minutes a checkout with the buyer’s contact may sit unchanged and unfinished before cart.abandoned is emitted (once per checkout)',
    },
  },
  build: (v) => ({
    erp: {
      webpay: { integrationUrl: v.SMARTEROS_WEBPAY_URL.replace(/\/+$/, ''), productionUrl: v.SMARTEROS_WEBPAY_PRODUCTION_URL.replace(/\/+$/, ''), timeoutMs: v.SMARTEROS_WEBPAY_TIMEOUT_MS },
      sync: { minutes: v.SMARTEROS_ERP_SYNC_MINUTES, timeoutMs: v.SMARTEROS_ERP_CONNECTOR_TIMEOUT_MS, abandonMinutes: v.SMARTEROS_ERP_SHOPIFY_ABANDON_MINUTES },
    },
  }),
});

export type ErpConfig = ReturnType<typeof ERP_CONFIG.build>;

declare module '@smarteros/kernel' {
  interface PlatformConfig extends ErpConfig {}
}
