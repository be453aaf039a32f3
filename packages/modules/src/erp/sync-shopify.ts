import { type Database } from '@smarteros/kernel';
import Big from 'big.js';
import {
  mapShopifyCheckout,
  mapShopifyCustomer,
  mapShopifyOrder,
  mapShopifyProduct,
  type ShopifyCheckout,
  type ShopifyClient,
  type ShopifyCustomer,
  type ShopifyNeutralCustomer,
  type ShopifyOrder,
  type ShopifyProduct,
  type ShopifyResource,
} from './connectors/shopify.ts';
import { barcodeOf, importShopifyOrder, MissingProducts, priceOf, setStock, skuOf, SyncSkip, upsertProducts, upsertShopifyCheckout, upsertShopifyCustomer, type ConnectorProduct } from './sync-store.ts';
import type { SyncResultOutput } from './sync.schema.ts';

/**
 * Shopify: products (one product here per variant), customers, orders and abandoned checkouts come in, by pull (each
 * resource updated since the last sync, page by page with Shopify's cursors) and by webhook (erp.shopify_ingest).
 *
 * - A variant's SKU is its SKU here; a variant without a usable one gets SHOPIFY-<variant id>. external_ref is
 *   shopify:<variant id>; price as Shopify writes it (with IVA unless the connection says prices are net); active when
 *   the product is. Shopify keeps the stock: what is available here becomes the variant's inventory_quantity.
 * - Customers by external_ref shopify:<id>; orders by (channel shopify, external_ref shopify:<id>): importShopifyOrder.
 *   An order whose products are not here yet has them pulled first (by their ids), then comes in.
 * - Checkouts are kept (erp_shopify_checkouts); cart.abandoned follows once per checkout left unfinished.
 */

export const MAX_PAGES = 20;
const LIMIT = 250;

export interface ShopifyConfig {
  shop_url: string;
  prices_include_tax: boolean;
}

export interface ShopifyContext {
  db: Database;
  tenantId: string;
  connectionId: string;
  actor: string;
  now: () => Date;
  client: ShopifyClient;
  config: ShopifyConfig;
}

export interface ShopifyPullContext extends ShopifyContext {
  cursors: Record<string, unknown>;
  full: boolean;
  result: SyncResultOutput;
  problem: (ref: string, message: string) => void;
}

const customerOf = (raw: unknown): ShopifyNeutralCustomer | null => {
  if (!raw || typeof raw !== 'object') return null;
  try {
    return mapShopifyCustomer(raw as ShopifyCustomer);
  } catch {
    return null;
  }
};
const nameOf = (raw: { customer?: { first_name?: string | null; last_name?: string | null } | null; billing_address?: { first_name?: string | null; last_name?: string | null } | null }): string | null => {
  for (const who of [raw.customer, raw.billing_address]) {
    const name = [who?.first_name, who?.last_name].filter((s) => typeof s === 'string' && s.trim() !== '').join(' ');
    if (name) return name;
  }
  return null;
};

/** The variants of Shopify products as products here, and their inventory; answers how many were created and updated. */
export async function importShopifyProducts(ctx: ShopifyContext, products: ShopifyProduct[], problem: (ref: string, message: string) => void): Promise<{ created: number; updated: number; skipped: number; adjusted: number }> {
  const rows: ConnectorProduct[] = [];
  const inventory = new Map<string, number>();
  const seen = new Set<string>();
  let skipped = 0;
  for (const raw of products) {
    let p;
    try {
      p = mapShopifyProduct(raw);
    } catch (err) {
      skipped += 1;
      problem(`shopify:product:${String(raw?.id)}`, `Producto de Shopify ${String(raw?.id)}: ${(err as Error).message}`);
      continue;
    }
    const single = p.variants.length === 1;
    for (const v of p.variants) {
      const sku = skuOf(v.sku) ?? `SHOPIFY-${v.external_ref}`;
      const price = priceOf(v.price);
      const ref = `shopify:${v.external_ref}`;
      if (seen.has(sku)) {
        skipped += 1;
        problem(ref, `Variante de Shopify «${p.title}» (${v.title}): otra variante ya usa el SKU ${sku}`);
        continue;
      }
      if (price === null) {
        skipped += 1;
        problem(ref, `Variante de Shopify «${p.title}»: el precio ${v.price} no es válido`);
        continue;
      }
      seen.add(sku);
      const title = single || v.title === '' || v.title === 'Default Title' ? p.title : `${p.title} - ${v.title}`;
      rows.push({
        external_ref: ref,
        sku,
        name: (title.trim() || sku).slice(0, 200),
        price,
        price_includes_tax: ctx.config.prices_include_tax,
        tax: 'iva',
        barcode: barcodeOf(v.barcode),
        category: p.product_type ? p.product_type.slice(0, 100) : null,
        active: p.status === 'active',
      });
      if (v.inventory_quantity !== null) inventory.set(sku, v.inventory_quantity);
    }
  }
  if (rows.length === 0) return { created: 0, updated: 0, skipped, adjusted: 0 };
  return ctx.db.withTenant(ctx.tenantId, async (tx) => {
    const out = await upsertProducts(tx, ctx.tenantId, 'shopify', rows, ctx.now());
    const targets = [...inventory].map(([sku, available]) => ({ product_id: out.ids.get(sku)!, available: new Big(available) })).filter((t) => t.product_id !== undefined);
    const adjusted = await setStock(tx, ctx.tenantId, ctx.actor, targets, { reference: 'shopify:inventory', reason: 'Sincronización con Shopify: inventario disponible en Shopify' });
    return { created: out.created, updated: out.updated, skipped, adjusted };
  });
}

/** One Shopify order (a page's or a webhook's): its missing products pulled once from Shopify, then imported. */
export async function importOneShopifyOrder(ctx: ShopifyContext, raw: ShopifyOrder, problem: (ref: string, message: string) => void): Promise<'created' | 'updated' | 'unchanged'> {
  const o = mapShopifyOrder(raw);
  const run = () => ctx.db.withTenant(ctx.tenantId, (tx) => importShopifyOrder(tx, ctx.tenantId, ctx.actor, o, raw as unknown as Record<string, unknown>, ctx.connectionId, ctx.now(), customerOf));
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof MissingProducts) || err.productIds.length === 0) throw err;
    const { items } = await ctx.client.products({ ids: err.productIds.slice(0, 250).join(',') });
    await importShopifyProducts(ctx, items, problem);
    return run();
  }
}

export async function importShopifyCheckouts(ctx: ShopifyContext, checkouts: ShopifyCheckout[], problem: (ref: string, message: string) => void): Promise<number> {
  let seen = 0;
  await ctx.db.withTenant(ctx.tenantId, async (tx) => {
    for (const raw of checkouts) {
      let c;
      try {
        c = mapShopifyCheckout(raw);
      } catch (err) {
        problem(`shopify:checkout:${String(raw?.id)}`, `Checkout de Shopify ${String(raw?.id)}: ${(err as Error).message}`);
        continue;
      }
      await upsertShopifyCheckout(tx, ctx.tenantId, ctx.connectionId, c, nameOf(raw), ctx.now());
      seen += 1;
    }
  });
  return seen;
}

interface ResourceCursor {
  /** updated_at_min of the walk (ISO). */
  since?: string;
  /** Where an unfinished walk goes on. */
  page_info?: string;
  /** The newest updated_at seen by the unfinished walk. */
  newest?: string;
}

/** Walks one resource from its cursor, page by page (at most MAX_PAGES a run); answers whether it is unfinished. */
async function walk<R extends ShopifyResource>(ctx: ShopifyPullContext, resource: R, onPage: (items: Array<{ id: number; updated_at?: string }>) => Promise<void>): Promise<boolean> {
  const cursor: ResourceCursor = ctx.full ? {} : ((ctx.cursors[resource] as ResourceCursor | undefined) ?? {});
  const query: Record<string, string | number> = { limit: LIMIT };
  if (cursor.since && !cursor.page_info) query.updated_at_min = cursor.since;
  if (resource === 'orders') query.status = 'any';
  let newest = cursor.newest ?? cursor.since ?? null;
  let next: string | null = null;
  for await (const page of ctx.client.pages(resource, query, { maxPages: MAX_PAGES, ...(cursor.page_info ? { pageInfo: cursor.page_info } : {}) })) {
    const items = page.items as Array<{ id: number; updated_at?: string }>;
    await onPage(items);
    for (const item of items) {
      const at = typeof item.updated_at === 'string' ? new Date(item.updated_at) : null;
      if (at && !Number.isNaN(at.getTime()) && (newest === null || at.toISOString() > newest)) newest = at.toISOString();
    }
    next = page.next_page_info;
  }
  const out: ResourceCursor = next ? { ...(cursor.since ? { since: cursor.since } : {}), page_info: next, ...(newest ? { newest } : {}) } : newest ? { since: newest } : {};
  ctx.cursors[resource] = out;
  return next !== null;
}

/** Products, customers, orders, abandoned checkouts: each resource updated since the last sync. */
export async function pullShopify(ctx: ShopifyPullContext): Promise<void> {
  const { result } = ctx;
  const more: boolean[] = [];
  more.push(
    await walk(ctx, 'products', async (items) => {
      const out = await importShopifyProducts(ctx, items as ShopifyProduct[], ctx.problem);
      result.products.created += out.created;
      result.products.updated += out.updated;
      result.products.skipped += out.skipped;
      result.stock.adjusted += out.adjusted;
    }),
  );
  more.push(
    await walk(ctx, 'customers', async (items) => {
      await ctx.db.withTenant(ctx.tenantId, async (tx) => {
        for (const raw of items as ShopifyCustomer[]) {
          const c = customerOf(raw);
          if (!c) continue;
          const out = await upsertShopifyCustomer(tx, ctx.tenantId, c, ctx.now());
          if (out.created) result.customers.created += 1;
          else result.customers.updated += 1;
        }
      });
    }),
  );
  more.push(
    await walk(ctx, 'orders', async (items) => {
      for (const raw of items as ShopifyOrder[]) {
        try {
          const outcome = await importOneShopifyOrder(ctx, raw, ctx.problem);
          result.orders[outcome] += 1;
        } catch (err) {
          if (!(err instanceof SyncSkip) && !isRecordProblem(err)) throw err;
          result.orders.skipped += 1;
          ctx.problem(err instanceof SyncSkip ? err.ref : `shopify:${String(raw?.id)}`, err instanceof SyncSkip ? err.message : `Pedido de Shopify ${String(raw?.name ?? raw?.id)}: ${(err as Error).message}`);
        }
      }
    }),
  );
  more.push(
    await walk(ctx, 'checkouts', async (items) => {
      result.checkouts.seen += await importShopifyCheckouts(ctx, items as ShopifyCheckout[], ctx.problem);
    }),
  );
  result.more = more.some(Boolean);
}

/** An error of one record's data (a mapper's or the ERP's refusal), not of the connection: the record is skipped. */
export function isRecordProblem(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'validation_failed' || code === 'insufficient_stock' || code === 'product_inactive' || code === 'order_transition_not_allowed' || code === 'payment_exceeds_balance' || code === 'already_exists';
}
