import { z } from 'zod';

/** HTTP shapes of the ERP connectors (Odoo, Shopify). Their secrets are write-only: an answer names them, never shows them. */

const secret = (what: string) => z.string().trim().min(8).max(500).meta({ description: `${what} (write-only: never returned)` });
const baseUrl = (description: string) =>
  z
    .url({ protocol: /^https?$/ })
    .max(500)
    .transform((u) => u.replace(/\/+$/, ''))
    .meta({ description });

export const odooConfigInput = z
  .object({
    base_url: baseUrl('The Odoo server, e.g. https://miempresa.odoo.com (no path)'),
    protocol: z.enum(['json2', 'jsonrpc']).default('json2').meta({ description: 'json2: Odoo 19’s JSON-2 API with an API key (the default); jsonrpc: the legacy /jsonrpc (Odoo 18 and earlier), with login and password' }),
    database: z.string().trim().min(1).max(100).optional().meta({ description: 'The database: needed for jsonrpc, and for json2 where one server hosts several' }),
    login: z.string().trim().min(1).max(200).optional().meta({ description: 'jsonrpc: the user’s login (usually an e-mail); a dedicated bot user is best' }),
  })
  .strict();

export const shopifyConfigInput = z
  .object({
    shop_url: baseUrl('The shop, https://{tienda}.myshopify.com'),
    prices_include_tax: z.boolean().default(true).meta({ description: 'Shopify’s prices include IVA (the usual setting of a shop in Chile); false when they are net' }),
  })
  .strict();

export const createConnectionInput = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('odoo'),
      config: odooConfigInput,
      secrets: z
        .object({
          api_key: secret('An Odoo API key (Preferences → Account Security → New API Key)').optional(),
          password: secret('jsonrpc: the user’s password, or one of its API keys').optional(),
        })
        .strict(),
    })
    .strict()
    .superRefine((v, ctx) => {
      if (v.config.protocol === 'json2') {
        if (v.secrets.api_key === undefined) ctx.addIssue({ code: 'custom', path: ['secrets', 'api_key'], message: 'json2 needs an API key' });
        if (v.secrets.password !== undefined) ctx.addIssue({ code: 'custom', path: ['secrets', 'password'], message: 'json2 takes an API key, not a password' });
      } else {
        if (v.config.database === undefined) ctx.addIssue({ code: 'custom', path: ['config', 'database'], message: 'jsonrpc needs the database' });
        if (v.config.login === undefined) ctx.addIssue({ code: 'custom', path: ['config', 'login'], message: 'jsonrpc needs the login' });
        if ((v.secrets.password === undefined) === (v.secrets.api_key === undefined)) ctx.addIssue({ code: 'custom', path: ['secrets', 'password'], message: 'jsonrpc needs the password or an API key (one of them)' });
      }
    }),
  z
    .object({
      kind: z.literal('shopify'),
      config: shopifyConfigInput,
      secrets: z
        .object({
          access_token: secret('The app’s Admin API access token (shpat_…), with read_products, read_customers, read_orders and read_checkouts'),
          webhook_secret: secret('The app’s client secret: Shopify signs its webhooks with it (X-Shopify-Hmac-Sha256)'),
        })
        .strict(),
    })
    .strict(),
]);
export type CreateConnectionInput = z.input<typeof createConnectionInput>;

export const syncInput = z
  .object({
    full: z.boolean().default(false).meta({ description: 'Pull everything again from the start, not only what changed since the last sync (it changes nothing twice)' }),
  })
  .strict();
export type SyncInput = z.input<typeof syncInput>;

const count = z.number().int().min(0);
export const syncResultOutput = z
  .object({
    connection_id: z.uuid(),
    kind: z.enum(['odoo', 'shopify']),
    started_at: z.iso.datetime(),
    finished_at: z.iso.datetime(),
    products: z.object({ created: count, updated: count, skipped: count }),
    stock: z.object({ adjusted: count }).meta({ description: 'Products whose quantity here was set to the other system’s' }),
    customers: z.object({ created: count, updated: count }),
    orders: z.object({ created: count, updated: count, unchanged: count, skipped: count }),
    checkouts: z.object({ seen: count }),
    more: z.boolean().meta({ description: 'true: there is more to pull (a large first sync goes on at the next run, where this one stopped)' }),
    problems: z.array(z.object({ ref: z.string(), message: z.string() })).meta({ description: 'What was skipped and why (at most 50)' }),
  })
  .meta({ id: 'ErpSyncResult' });
export type SyncResultOutput = z.output<typeof syncResultOutput>;

export const connectionErrorOutput = z.object({
  at: z.iso.datetime(),
  during: z.enum(['sync', 'push', 'webhook']),
  kind: z.string().meta({ description: 'auth, access, not_found, validation, server, network, rate_limited, egress_refused…' }),
  message: z.string(),
});

export const connectionOutput = z
  .object({
    id: z.uuid(),
    kind: z.enum(['odoo', 'shopify']),
    config: z.record(z.string(), z.unknown()).meta({ description: 'Settings that are not secrets' }),
    status: z.enum(['connected', 'synced', 'error']).meta({ description: 'connected: never synced; synced: the last sync ended well; error: see last_error' }),
    last_sync_at: z.iso.datetime().nullable(),
    last_error: connectionErrorOutput.nullable(),
    last_result: syncResultOutput.nullable(),
    webhook_url: z.string().nullable().meta({ description: 'Shopify: where the shop’s webhooks go (orders/create, orders/updated, products/create, products/update, checkouts/create, checkouts/update)' }),
    secrets: z.array(z.object({ name: z.string(), last4: z.string(), fingerprint: z.string() })).meta({ description: 'Which secrets are set (never their values)' }),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'ErpConnection' });
export type ConnectionOutput = z.output<typeof connectionOutput>;
