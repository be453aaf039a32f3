import { AppError, defineEvent, emitEvent, notFound, type Clock, type Database, type EgressGuard, type Tx } from '@smarteros/kernel';
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { DataKeyRow, Vault } from '../registry/index.ts';
import { createOdooClient, OdooError, type OdooClient, type OdooClientOptions } from './connectors/odoo.ts';
import { createShopifyClient, ShopifyError, verifyShopifyWebhook, type ShopifyClient, type ShopifyClientOptions, type ShopifyOrder } from './connectors/shopify.ts';
import { cartAbandoned } from './erp.events.ts';
import { partnerKeyOf, pullOdoo, pushRetryable, upsertOdooPartner, upsertOdooSaleOrder, type PushOrder } from './sync-odoo.ts';
import { importOneShopifyOrder, importShopifyCheckouts, importShopifyProducts, isRecordProblem, pullShopify, type ShopifyConfig, type ShopifyContext } from './sync-shopify.ts';
import { SyncSkip } from './sync-store.ts';
import { createConnectionInput, syncInput, type ConnectionOutput, type CreateConnectionInput, type SyncInput, type SyncResultOutput } from './sync.schema.ts';
import type { ConnectionError, ConnectionKind, ConnectionSecretName, ErpConnectionsTable, ExternalLinkKind } from './sync.tables.ts';

/**
 * The ERP's connectors, for companies that keep Odoo or Shopify: one connection per company and kind, its secrets
 * sealed by the vault (write-only), every call through the egress guard.
 *
 * - Pull: POST …/sync or the scheduled job (every SMARTEROS_ERP_SYNC_MINUTES), one at a time per connection (a lease
 *   on the connection row). Odoo: products and stock (sync-odoo.ts). Shopify: products, customers, orders, abandoned
 *   checkouts (sync-shopify.ts). What changed since the last sync, by cursors; everything is an upsert by a unique key,
 *   so a sync run twice changes nothing twice. A refusal of the other system is kept on the connection (status
 *   error, last_error in words for people) and answered as connector_sync_failed (502) naming its kind.
 * - Push to Odoo: the outbox's erp.odoo_push, on order.confirmed, makes the order's res.partner and sale.order
 *   (sync-odoo.ts). Orders that came from Odoo or Shopify are not pushed. A refusal no retry cures (a SKU Odoo does not
 *   have) is kept on the order's link and the connection; Odoo down, busy or refusing the key is retried by the outbox.
 * - Shopify's webhooks: `POST /webhooks/shopify/:connection_id`. X-Shopify-Hmac-Sha256 is checked on the raw bytes with
 *   the connection's webhook secret (a wrong or missing one is 401 and writes nothing); the webhook is written once per
 *   X-Shopify-Webhook-Id (a unique key) before the 200, and processed from the database by the outbox's
 *   erp.shopify_ingest, in order per record.
 * - cart.abandoned, once per Shopify checkout left unfinished for SMARTEROS_ERP_SHOPIFY_ABANDON_MINUTES with the buyer's
 *   contact (a conditional update in the transaction that emits it).
 */

export interface ErpSyncDeps {
  db: Database;
  clock: Clock;
  vault: Pick<Vault, 'seal' | 'open'>;
  egress: EgressGuard;
  /** Where Shopify sends the webhooks: {publicUrl}/webhooks/shopify/:connection_id. */
  publicUrl: string;
  config: { minutes: number; timeoutMs: number; abandonMinutes: number };
  /** Called after a transaction that emitted events committed (the relay wakes). */
  onEvents?: () => void;
  log?: (line: string) => void;
  /** Tests only: how clients are made (the real ones by default). */
  makeOdoo?: (options: OdooClientOptions) => OdooClient;
  makeShopify?: (options: ShopifyClientOptions) => ShopifyClient;
}

/** A Shopify webhook was written (processed from the database by erp.shopify_ingest, in order per record). */
export const shopifyWebhookReceived = defineEvent('erp.shopify_webhook_received', z.object({ receipt_id: z.number().int(), connection_id: z.uuid(), resource: z.string() }), {
  aggregate: (p) => `${p.connection_id}:${p.resource}`,
});
export const SYNC_EVENTS = [shopifyWebhookReceived];

/** Topics stored and processed; Shopify's others are answered 200 and dropped. */
export const SHOPIFY_TOPICS = ['orders/create', 'orders/updated', 'products/create', 'products/update', 'checkouts/create', 'checkouts/update'] as const;
const FAMILY: Record<string, 'order' | 'product' | 'checkout'> = { orders: 'order', products: 'product', checkouts: 'checkout' };

const LEASE_MS = 15 * 60_000;
const CLAIM_MS = 2 * 60_000;
const MAX_PROBLEMS = 50;
const ACTOR = 'system:erp-sync';
const secretId = (connectionId: string, name: ConnectionSecretName) => `erp-connection:${connectionId}:${name}`;
const PROVIDER: Record<ConnectionKind, string> = { odoo: 'Odoo', shopify: 'Shopify' };

type ConnectionRow = Selectable<ErpConnectionsTable>;
interface OdooStored {
  base_url: string;
  protocol: 'json2' | 'jsonrpc';
  database?: string;
  login?: string;
}

/** A later attempt may succeed (another worker holds the claim; the other system is down). The outbox retries. */
class RetryLater extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLater';
  }
}

/** What a connector's error means, in words for people (es-CL first, en), and its kind. Never a secret or a traceback. */
export function describeConnectorError(err: unknown, provider: string): { kind: string; es: string; en: string } {
  const upstream = err instanceof Error ? err.message.slice(0, 300) : '';
  if (err instanceof AppError && err.code === 'egress_refused') {
    return { kind: 'egress_refused', es: `la dirección de ${provider} no está permitida por el guardia de salida (SMARTEROS_EGRESS_ALLOW)`, en: `${provider}'s address is not allowed by the egress guard` };
  }
  if (err instanceof OdooError || err instanceof ShopifyError) {
    const es: Record<string, string> = {
      auth: `${provider} no acepta la credencial (revise la clave, el token o el usuario)`,
      access: `el usuario de ${provider} no tiene permiso para esto`,
      forbidden: `el token de ${provider} no tiene el permiso necesario, o la tienda no está disponible`,
      not_found: `${provider} no encuentra la dirección, la base de datos o el registro`,
      validation: `${provider} rechazó los datos`,
      rate_limited: `${provider} está limitando las llamadas; se reintentará más tarde`,
      server: `${provider} falló (error del servidor)`,
      network: `${provider} no respondió`,
    };
    return { kind: err.kind, es: `${es[err.kind] ?? `${provider} rechazó la llamada`}. ${provider}: ${upstream}`, en: upstream };
  }
  if (err instanceof AppError) return { kind: err.code, es: `${provider}: ${upstream}`, en: upstream };
  return { kind: 'internal', es: 'error interno durante la sincronización', en: 'internal error during the sync' };
}

const emptyResult = (connectionId: string, kind: ConnectionKind, at: Date): SyncResultOutput => ({
  connection_id: connectionId,
  kind,
  started_at: at.toISOString(),
  finished_at: at.toISOString(),
  products: { created: 0, updated: 0, skipped: 0 },
  stock: { adjusted: 0 },
  customers: { created: 0, updated: 0 },
  orders: { created: 0, updated: 0, unchanged: 0, skipped: 0 },
  checkouts: { seen: 0 },
  more: false,
  problems: [],
});

export function createErpSync(deps: ErpSyncDeps) {
  const { db, clock, vault, egress } = deps;
  const makeOdoo = deps.makeOdoo ?? createOdooClient;
  const makeShopify = deps.makeShopify ?? createShopifyClient;
  const webhookUrl = (id: string) => `${deps.publicUrl}/webhooks/shopify/${id}`;
  const routes = new Map<string, { at: number; route: { tenantId: string; connectionId: string; secret: string } | null }>();
  const log = (line: string) => deps.log?.(line);

  function odooClient(config: OdooStored, secrets: Partial<Record<ConnectionSecretName, string>>): OdooClient {
    const common = { egress, timeoutMs: deps.config.timeoutMs, userAgent: 'SmarterOS ERP' };
    if (config.protocol === 'json2') return makeOdoo({ ...common, connection: { protocol: 'json2', baseUrl: config.base_url, apiKey: secrets.api_key ?? '', ...(config.database ? { database: config.database } : {}) } });
    return makeOdoo({ ...common, connection: { protocol: 'jsonrpc', baseUrl: config.base_url, database: config.database ?? '', login: config.login ?? '', password: secrets.password ?? secrets.api_key ?? '' } });
  }
  const shopifyClient = (config: ShopifyConfig, secrets: Partial<Record<ConnectionSecretName, string>>): ShopifyClient =>
    makeShopify({ egress, shopUrl: config.shop_url, accessToken: secrets.access_token ?? '', timeoutMs: deps.config.timeoutMs });

  async function secretsOf(tx: Tx, tenantId: string, connectionId: string): Promise<Partial<Record<ConnectionSecretName, string>>> {
    const rows = await tx
      .selectFrom('erp_connection_secrets as s')
      .innerJoin('tenant_data_keys as d', (j) => j.onRef('d.tenant_id', '=', 's.tenant_id').onRef('d.id', '=', 's.data_key_id'))
      .select(['s.name', 's.ciphertext', 'd.id as key_id', 'd.master_key_id', 'd.wrapped_key'])
      .where('s.connection_id', '=', connectionId)
      .execute();
    const out: Partial<Record<ConnectionSecretName, string>> = {};
    for (const r of rows) out[r.name] = vault.open(tenantId, secretId(connectionId, r.name), { id: r.key_id, master_key_id: r.master_key_id, wrapped_key: r.wrapped_key }, r.ciphertext);
    return out;
  }

  async function outputs(tx: Tx, ids?: string[]): Promise<ConnectionOutput[]> {
    let q = tx.selectFrom('erp_connections').selectAll();
    if (ids) q = q.where('id', 'in', ids);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    if (rows.length === 0) return [];
    const secrets = await tx
      .selectFrom('erp_connection_secrets')
      .select(['connection_id', 'name', 'last4', 'fingerprint'])
      .where(
        'connection_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('name')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      config: r.config,
      status: r.status,
      last_sync_at: r.last_sync_at?.toISOString() ?? null,
      last_error: r.last_error,
      last_result: (r.last_result as SyncResultOutput | null) ?? null,
      webhook_url: r.kind === 'shopify' ? webhookUrl(r.id) : null,
      secrets: secrets.filter((s) => s.connection_id === r.id).map(({ name, last4, fingerprint }) => ({ name, last4, fingerprint })),
      created_at: r.created_at.toISOString(),
    }));
  }

  /** The refusal of a probe when connecting, as the field to fix (nothing is written). */
  function probeError(err: unknown, input: CreateConnectionInput): AppError {
    const provider = PROVIDER[input.kind];
    const field = (path: string, message: string) => new AppError('validation_failed', `${path}: ${message}`, { issues: [{ path, message }] });
    if (err instanceof AppError) return err;
    if (err instanceof OdooError && input.kind === 'odoo') {
      const keyField = input.secrets.api_key !== undefined ? 'secrets.api_key' : 'secrets.password';
      if (err.kind === 'auth') return field(input.config.protocol === 'jsonrpc' ? 'config.login' : keyField, `Odoo does not accept this ${input.config.protocol === 'jsonrpc' ? 'login and password' : 'API key'}`);
      if (err.kind === 'access') return field(keyField, "the Odoo user may not read products (give it the Inventory or Sales user's rights)");
      if (err.kind === 'not_found') return field(input.config.database ? 'config.database' : 'config.base_url', 'Odoo has no such database or path');
    }
    if (err instanceof ShopifyError) {
      if (err.kind === 'auth') return field('secrets.access_token', 'Shopify does not accept this access token');
      if (err.kind === 'forbidden') return field('secrets.access_token', 'the token lacks read_products (or the shop is unavailable)');
      if (err.kind === 'not_found') return field('config.shop_url', 'not a Shopify shop’s Admin API');
    }
    const d = describeConnectorError(err, provider);
    return new AppError('upstream_error', `${provider} did not answer as expected: ${d.en}`, { provider, kind: d.kind });
  }

  async function setError(tenantId: string, connectionId: string, error: ConnectionError): Promise<void> {
    await db.withTenant(tenantId, (tx) => tx.updateTable('erp_connections').set({ status: 'error', last_error: JSON.stringify(error), updated_at: clock.now() }).where('id', '=', connectionId).execute());
  }

  /** The connection found by a webhook's path, on the whole platform (Shopify knows no tenant), with its webhook secret. Cached briefly. */
  async function routeOf(connectionId: string): Promise<{ tenantId: string; connectionId: string; secret: string } | null> {
    if (!/^[0-9a-f-]{36}$/i.test(connectionId)) return null;
    const hit = routes.get(connectionId);
    if (hit && clock.now().getTime() - hit.at < 5000) return hit.route;
    const row = await db.platform({ name: 'erp.shopify_route', actor: ACTOR, audit: false, readOnly: true }, (tx) =>
      tx
        .selectFrom('erp_connections as c')
        .innerJoin('erp_connection_secrets as s', (j) => j.onRef('s.tenant_id', '=', 'c.tenant_id').onRef('s.connection_id', '=', 'c.id').on('s.name', '=', 'webhook_secret'))
        .innerJoin('tenant_data_keys as d', (j) => j.onRef('d.tenant_id', '=', 's.tenant_id').onRef('d.id', '=', 's.data_key_id'))
        .select(['c.tenant_id', 'c.id', 's.ciphertext', 'd.id as key_id', 'd.master_key_id', 'd.wrapped_key'])
        .where('c.id', '=', connectionId)
        .where('c.kind', '=', 'shopify')
        .executeTakeFirst(),
    );
    let route: { tenantId: string; connectionId: string; secret: string } | null = null;
    if (row) {
      const key: DataKeyRow = { id: row.key_id, master_key_id: row.master_key_id, wrapped_key: row.wrapped_key };
      route = { tenantId: row.tenant_id, connectionId: row.id, secret: vault.open(row.tenant_id, secretId(row.id, 'webhook_secret'), key, row.ciphertext) };
    }
    if (routes.size > 10_000) routes.clear();
    routes.set(connectionId, { at: clock.now().getTime(), route });
    return route;
  }

  /** A Shopify connection's context for processing (its token opened), in the tenant's transaction. */
  async function shopifyContext(tenantId: string, connectionId: string): Promise<ShopifyContext | null> {
    return db.withTenant(tenantId, async (tx) => {
      const row = await tx.selectFrom('erp_connections').selectAll().where('id', '=', connectionId).where('kind', '=', 'shopify').executeTakeFirst();
      if (!row) return null;
      const config = row.config as unknown as ShopifyConfig;
      return { db, tenantId, connectionId, actor: ACTOR, now: () => clock.now(), client: shopifyClient(config, await secretsOf(tx, tenantId, connectionId)), config };
    });
  }

  /** Claims our link of a record in Odoo: done (its id), claimed (this caller makes it), or busy (another does). */
  async function claimLink(tenantId: string, connectionId: string, kind: ExternalLinkKind, key: string): Promise<{ state: 'done'; externalId: string } | { state: 'claimed' } | { state: 'busy' }> {
    const now = clock.now();
    return db.withTenant(tenantId, async (tx) => {
      const claimed = await tx
        .insertInto('erp_external_links')
        .values({ tenant_id: tenantId, connection_id: connectionId, kind, local_key: key, claimed_until: new Date(now.getTime() + CLAIM_MS), created_at: now, updated_at: now })
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'connection_id', 'kind', 'local_key'])
            .doUpdateSet({ claimed_until: new Date(now.getTime() + CLAIM_MS), updated_at: now })
            .where('erp_external_links.external_id', 'is', null)
            .where((eb) => eb.or([eb('erp_external_links.claimed_until', 'is', null), eb('erp_external_links.claimed_until', '<=', now)])),
        )
        .returning('external_id')
        .executeTakeFirst();
      if (claimed) return { state: 'claimed' };
      const row = await tx.selectFrom('erp_external_links').select('external_id').where('connection_id', '=', connectionId).where('kind', '=', kind).where('local_key', '=', key).executeTakeFirstOrThrow();
      return row.external_id !== null ? { state: 'done', externalId: row.external_id } : { state: 'busy' };
    });
  }

  async function settleLink(tenantId: string, connectionId: string, kind: ExternalLinkKind, key: string, outcome: { externalId: string } | { error: string | null }): Promise<void> {
    await db.withTenant(tenantId, (tx) =>
      tx
        .updateTable('erp_external_links')
        .set('externalId' in outcome ? { external_id: outcome.externalId, claimed_until: null, last_error: null, updated_at: clock.now() } : { claimed_until: null, last_error: outcome.error, updated_at: clock.now() })
        .where('connection_id', '=', connectionId)
        .where('kind', '=', kind)
        .where('local_key', '=', key)
        .execute(),
    );
  }

  /** The order as Odoo needs it, or null when it is not to be pushed (none, a draft, cancelled, or from Odoo or Shopify). */
  async function orderToPush(tx: Tx, orderId: string): Promise<PushOrder | null> {
    const o = await tx.selectFrom('orders').select(['id', 'number', 'status', 'channel', 'customer_id', 'buyer', 'created_at']).where('id', '=', orderId).executeTakeFirst();
    if (!o || o.channel === 'odoo' || o.channel === 'shopify' || o.status === 'draft' || o.status === 'cancelled') return null;
    const customer = o.customer_id ? await tx.selectFrom('erp_customers').select(['id', 'rut', 'razon_social', 'email', 'phone', 'address', 'city']).where('id', '=', o.customer_id).executeTakeFirst() : undefined;
    const lines = await tx.selectFrom('order_lines').select(['sku', 'quantity', 'unit_price', 'price_includes_tax', 'tax', 'discount_pct']).where('order_id', '=', orderId).orderBy('line_no').execute();
    return { id: o.id, number: o.number, created_at: o.created_at, customer: customer ?? null, buyer: o.buyer, lines };
  }

  /** One sync, under the connection's lease. */
  async function runSync(tenantId: string, connectionId: string, input: { full: boolean }): Promise<SyncResultOutput> {
    const started = clock.now();
    const leased = await db.withTenant(tenantId, (tx) =>
      tx
        .updateTable('erp_connections')
        .set({ sync_lease_until: new Date(started.getTime() + LEASE_MS) })
        .where('id', '=', connectionId)
        .where((eb) => eb.or([eb('sync_lease_until', 'is', null), eb('sync_lease_until', '<=', started)]))
        .returningAll()
        .executeTakeFirst(),
    );
    if (!leased) {
      const exists = await db.withTenant(tenantId, (tx) => tx.selectFrom('erp_connections').select('id').where('id', '=', connectionId).executeTakeFirst());
      if (!exists) throw notFound('connection');
      throw new AppError('connector_sync_running', 'A sync of this connection is running', { connection_id: connectionId });
    }
    const conn: ConnectionRow = leased;
    const provider = PROVIDER[conn.kind];
    const result = emptyResult(connectionId, conn.kind, started);
    const cursors: Record<string, unknown> = { ...conn.cursors };
    const problem = (ref: string, message: string) => {
      if (result.problems.length < MAX_PROBLEMS) result.problems.push({ ref, message: message.slice(0, 500) });
    };
    const finish = async (error: ConnectionError | null) => {
      result.finished_at = clock.now().toISOString();
      await db.withTenant(tenantId, async (tx) => {
        const current = await tx.selectFrom('erp_connections').select(['last_error']).where('id', '=', connectionId).executeTakeFirst();
        // A sync that ends well clears a sync's error; a push's or a webhook's stays until one of those goes well.
        const keep = error === null && current?.last_error && current.last_error.during !== 'sync' ? current.last_error : null;
        await tx
          .updateTable('erp_connections')
          .set({
            status: error || keep ? 'error' : 'synced',
            last_error: error ? JSON.stringify(error) : keep ? JSON.stringify(keep) : null,
            last_sync_at: clock.now(),
            last_result: JSON.stringify(result),
            cursors: JSON.stringify(cursors),
            sync_lease_until: null,
            updated_at: clock.now(),
          })
          .where('id', '=', connectionId)
          .execute();
      });
    };
    try {
      const secrets = await db.withTenant(tenantId, (tx) => secretsOf(tx, tenantId, connectionId));
      const common = { db, tenantId, actor: ACTOR, now: () => clock.now(), cursors, full: input.full, result, problem };
      if (conn.kind === 'odoo') {
        await pullOdoo({ ...common, client: odooClient(conn.config as unknown as OdooStored, secrets) });
      } else {
        const config = conn.config as unknown as ShopifyConfig;
        await pullShopify({ ...common, connectionId, config, client: shopifyClient(config, secrets) });
      }
      await finish(null);
      deps.onEvents?.();
      return result;
    } catch (err) {
      const d = describeConnectorError(err, provider);
      await finish({ at: clock.now().toISOString(), during: 'sync', kind: d.kind, message: d.es }).catch((e: unknown) => log(`erp sync ${connectionId}: could not record the failure: ${(e as Error).message}`));
      deps.onEvents?.();
      if (d.kind === 'internal') throw err;
      throw new AppError('connector_sync_failed', `The sync with ${provider} failed (${d.kind}): ${d.en}`, { provider, kind: d.kind, reason: d.es, connection_id: connectionId, result });
    }
  }

  return {
    /**
     * Connects Odoo or Shopify: the credentials are tried first (one small read), then the connection and its sealed
     * secrets are written. Nothing is written when the other system refuses; the answer holds no secret.
     */
    async createConnection(actor: { id: string }, tenantId: string, raw: CreateConnectionInput): Promise<ConnectionOutput> {
      const input = createConnectionInput.parse(raw);
      const taken = await db.withTenant(tenantId, (tx) => tx.selectFrom('erp_connections').select('id').where('kind', '=', input.kind).executeTakeFirst());
      if (taken) throw new AppError('already_exists', `The company already has a ${PROVIDER[input.kind]} connection`);
      const secrets: Partial<Record<ConnectionSecretName, string>> = { ...input.secrets };
      try {
        if (input.kind === 'odoo') await odooClient(input.config, secrets).pullProducts({ limit: 1 });
        else await shopifyClient(input.config, secrets).page('products', { limit: 1 });
      } catch (err) {
        throw probeError(err, input);
      }
      const out = await db.withTenant(tenantId, async (tx) => {
        const now = clock.now();
        const row = await tx
          .insertInto('erp_connections')
          .values({ tenant_id: tenantId, kind: input.kind, config: JSON.stringify(input.config), created_by: actor.id, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const [name, value] of Object.entries(secrets) as Array<[ConnectionSecretName, string | undefined]>) {
          if (value === undefined) continue;
          const s = await vault.seal(tx, tenantId, secretId(row.id, name), value);
          await tx.insertInto('erp_connection_secrets').values({ tenant_id: tenantId, connection_id: row.id, name, data_key_id: s.data_key_id, ciphertext: s.ciphertext, fingerprint: s.fingerprint, last4: s.last4, updated_at: now }).execute();
        }
        return (await outputs(tx, [row.id]))[0]!;
      });
      routes.delete(out.id);
      return out;
    },

    listConnections: (tenantId: string): Promise<ConnectionOutput[]> => db.withTenant(tenantId, (tx) => outputs(tx)),

    async getConnection(tenantId: string, connectionId: string): Promise<ConnectionOutput> {
      const [out] = await db.withTenant(tenantId, (tx) => outputs(tx, [connectionId]));
      if (!out) throw notFound('connection');
      return out;
    },

    /** Disconnects: the connection, its secrets, webhooks, checkouts and links go; what came in (products, orders) stays. */
    async deleteConnection(tenantId: string, connectionId: string): Promise<void> {
      const done = await db.withTenant(tenantId, (tx) => tx.deleteFrom('erp_connections').where('id', '=', connectionId).returning('id').executeTakeFirst());
      if (!done) throw notFound('connection');
      routes.delete(connectionId);
    },

    /** Pulls now (what changed since the last sync, or everything with full): answers the counts. */
    sync: (tenantId: string, connectionId: string, raw: SyncInput = {}): Promise<SyncResultOutput> => runSync(tenantId, connectionId, syncInput.parse(raw)),

    /** The scheduled sync: each connection not synced for SMARTEROS_ERP_SYNC_MINUTES, one at a time. */
    async runScheduled(limit = 20): Promise<{ synced: number; failed: number }> {
      if (deps.config.minutes <= 0) return { synced: 0, failed: 0 };
      const due = new Date(clock.now().getTime() - deps.config.minutes * 60_000);
      const rows = await db.platform({ name: 'erp.sync_due', actor: ACTOR, audit: false, readOnly: true }, (tx) =>
        tx
          .selectFrom('erp_connections')
          .select(['tenant_id', 'id'])
          .where((eb) => eb.or([eb('last_sync_at', 'is', null), eb('last_sync_at', '<=', due)]))
          .where((eb) => eb.or([eb('sync_lease_until', 'is', null), eb('sync_lease_until', '<=', clock.now())]))
          .orderBy(sql`last_sync_at nulls first`)
          .limit(limit)
          .execute(),
      );
      let synced = 0;
      let failed = 0;
      for (const r of rows) {
        try {
          await runSync(r.tenant_id, r.id, { full: false });
          synced += 1;
        } catch (err) {
          failed += 1;
          const code = err instanceof AppError ? err.code : 'internal';
          if (code !== 'connector_sync_running') log(`erp sync ${r.id}: ${code}${err instanceof AppError && typeof err.details?.kind === 'string' ? ` (${err.details.kind})` : ''}`);
        }
      }
      return { synced, failed };
    },

    /**
     * A Shopify webhook, before its 200: X-Shopify-Hmac-Sha256 over the raw bytes with the connection's webhook
     * secret, then written once per X-Shopify-Webhook-Id. Throws unauthorized (401, nothing written) for a bad or
     * missing signature or an unknown connection; validation_failed for a missing webhook id or a body that is not JSON.
     */
    async intakeShopify(connectionId: string, headers: { hmac?: string | undefined; topic?: string | undefined; webhookId?: string | undefined }, raw: Buffer): Promise<{ duplicate: boolean; ignored: boolean }> {
      const route = await routeOf(connectionId);
      if (!route || !verifyShopifyWebhook(raw, headers.hmac, route.secret)) throw new AppError('unauthorized', 'The Shopify signature does not match this connection');
      const topic = headers.topic?.trim() ?? '';
      if (!(SHOPIFY_TOPICS as readonly string[]).includes(topic)) return { duplicate: false, ignored: true };
      const webhookId = headers.webhookId?.trim() ?? '';
      const field = (path: string, message: string) => new AppError('validation_failed', `${path}: ${message}`, { issues: [{ path, message }] });
      if (!/^[A-Za-z0-9._:-]{1,200}$/.test(webhookId)) throw field('headers.x-shopify-webhook-id', 'missing or not a webhook id');
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw field('body', 'not JSON');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw field('body', 'not an object');
      const id = (body as { id?: unknown }).id;
      if (typeof id !== 'number' && typeof id !== 'string') throw field('body.id', 'missing');
      const resource = `${FAMILY[topic.split('/')[0]!]}:${String(id)}`;
      const stored = await db.withTenant(route.tenantId, async (tx) => {
        const row = await tx
          .insertInto('erp_shopify_webhooks')
          .values({ tenant_id: route.tenantId, connection_id: route.connectionId, webhook_id: webhookId, topic, payload: JSON.stringify(body), received_at: clock.now() })
          .onConflict((oc) => oc.columns(['tenant_id', 'connection_id', 'webhook_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (row) await emitEvent(tx, route.tenantId, shopifyWebhookReceived, { receipt_id: Number(row.id), connection_id: route.connectionId, resource });
        return row !== undefined;
      });
      if (stored) deps.onEvents?.();
      return { duplicate: !stored, ignored: false };
    },

    /** Processes one stored Shopify webhook (the outbox's erp.shopify_ingest). */
    async ingestShopify(tenantId: string, receiptId: number): Promise<void> {
      const receipt = await db.withTenant(tenantId, (tx) => tx.selectFrom('erp_shopify_webhooks').select(['connection_id', 'topic', 'payload', 'processed_at']).where('id', '=', receiptId).executeTakeFirst());
      if (!receipt || receipt.processed_at) return;
      const ctx = await shopifyContext(tenantId, receipt.connection_id);
      if (!ctx) return;
      const problems: string[] = [];
      const problem = (_ref: string, message: string) => void problems.push(message);
      const done = async (error: string | null) => {
        await db.withTenant(tenantId, (tx) => tx.updateTable('erp_shopify_webhooks').set({ processed_at: clock.now(), error }).where('id', '=', receiptId).where('processed_at', 'is', null).execute());
      };
      try {
        const payload = receipt.payload as Record<string, unknown>;
        if (receipt.topic.startsWith('products/')) await importShopifyProducts(ctx, [payload as never], problem);
        else if (receipt.topic.startsWith('orders/')) await importOneShopifyOrder(ctx, payload as unknown as ShopifyOrder, problem);
        else if (receipt.topic.startsWith('checkouts/')) await importShopifyCheckouts(ctx, [payload as never], problem);
        await done(problems.length ? problems.join('; ').slice(0, 2000) : null);
      } catch (err) {
        const transient = err instanceof ShopifyError ? err.retryable || err.kind === 'auth' || err.kind === 'forbidden' : !(err instanceof SyncSkip) && !isRecordProblem(err) && !(err instanceof AppError && err.code === 'egress_refused');
        if (transient) throw err;
        const message = err instanceof SyncSkip ? err.message : describeConnectorError(err, 'Shopify').es;
        await done(message.slice(0, 2000));
        await setError(tenantId, receipt.connection_id, { at: clock.now().toISOString(), during: 'webhook', kind: err instanceof SyncSkip ? 'skipped' : err instanceof AppError ? err.code : 'error', message: `Webhook ${receipt.topic}: ${message}`.slice(0, 1000) });
      }
      deps.onEvents?.();
    },

    /**
     * Pushes one confirmed order to Odoo (the outbox's erp.odoo_push, on order.confirmed): its res.partner, then its
     * sale.order, each once (links; Odoo's own search by ref and client_order_ref when a link was lost).
     */
    async pushOrder(tenantId: string, orderId: string): Promise<void> {
      const job = await db.withTenant(tenantId, async (tx) => {
        const conn = await tx.selectFrom('erp_connections').select(['id', 'config', 'last_error']).where('kind', '=', 'odoo').executeTakeFirst();
        if (!conn) return null;
        const order = await orderToPush(tx, orderId);
        return order ? { conn, order, secrets: await secretsOf(tx, tenantId, conn.id) } : null;
      });
      if (!job) return;
      const { conn, order } = job;
      const orderKey = `order:${order.id}`;
      const claim = await claimLink(tenantId, conn.id, 'sale_order', orderKey);
      if (claim.state === 'done') return;
      if (claim.state === 'busy') throw new RetryLater('another push of this order is running');
      const client = odooClient(conn.config as unknown as OdooStored, job.secrets);
      const partnerKey = partnerKeyOf(order);
      let partnerClaimed = false;
      try {
        const partner = await claimLink(tenantId, conn.id, 'partner', partnerKey);
        if (partner.state === 'busy') throw new RetryLater('another push is making this customer in Odoo');
        let partnerId: number;
        if (partner.state === 'done') partnerId = Number(partner.externalId);
        else {
          partnerClaimed = true;
          partnerId = await upsertOdooPartner(client, order);
          await settleLink(tenantId, conn.id, 'partner', partnerKey, { externalId: String(partnerId) });
          partnerClaimed = false;
        }
        const saleOrderId = await upsertOdooSaleOrder(client, order, partnerId);
        await settleLink(tenantId, conn.id, 'sale_order', orderKey, { externalId: String(saleOrderId) });
        if (conn.last_error?.during === 'push') {
          await db.withTenant(tenantId, (tx) =>
            tx.updateTable('erp_connections').set({ status: 'synced', last_error: null, updated_at: clock.now() }).where('id', '=', conn.id).where(sql<boolean>`last_error->>'during' = 'push'`).execute(),
          );
        }
      } catch (err) {
        const retry = err instanceof RetryLater || pushRetryable(err);
        const d = err instanceof RetryLater ? { kind: 'busy', es: err.message } : describeConnectorError(err, 'Odoo');
        if (partnerClaimed) await settleLink(tenantId, conn.id, 'partner', partnerKey, { error: retry ? null : d.es.slice(0, 1000) });
        await settleLink(tenantId, conn.id, 'sale_order', orderKey, { error: retry ? null : d.es.slice(0, 1000) });
        if (!(err instanceof RetryLater)) await setError(tenantId, conn.id, { at: clock.now().toISOString(), during: 'push', kind: d.kind, message: `Pedido N° ${order.number}: ${d.es}`.slice(0, 1000) });
        if (retry) throw err;
      }
    },

    /** Emits cart.abandoned once for each Shopify checkout left unfinished long enough with the buyer's contact. */
    async sweepAbandoned(limit = 200): Promise<number> {
      const now = clock.now();
      const cutoff = new Date(now.getTime() - deps.config.abandonMinutes * 60_000);
      const due = await db.platform({ name: 'erp.shopify_abandoned_scan', actor: ACTOR, audit: false, readOnly: true }, (tx) =>
        tx
          .selectFrom('erp_shopify_checkouts')
          .select(['tenant_id', 'id'])
          .where('notified_at', 'is', null)
          .where('completed_at', 'is', null)
          .where((eb) => eb.or([eb('email', 'is not', null), eb('phone', 'is not', null)]))
          .where('checkout_updated_at', '<=', cutoff)
          .where(sql<boolean>`jsonb_array_length(items) > 0`)
          .orderBy('checkout_updated_at')
          .limit(limit)
          .execute(),
      );
      let emitted = 0;
      for (const r of due) {
        const sent = await db.withTenant(r.tenant_id, async (tx) => {
          const c = await tx
            .updateTable('erp_shopify_checkouts')
            .set({ notified_at: now })
            .where('id', '=', r.id)
            .where('notified_at', 'is', null)
            .where('completed_at', 'is', null)
            .returningAll()
            .executeTakeFirst();
          if (!c) return false;
          const conn = await tx.selectFrom('erp_connections').select('config').where('id', '=', c.connection_id).executeTakeFirstOrThrow();
          await emitEvent(tx, r.tenant_id, cartAbandoned, {
            cart_id: c.id,
            ...(c.name ? { name: c.name } : {}),
            ...(c.email ? { email: c.email } : {}),
            ...(c.phone ? { phone: c.phone } : {}),
            items: c.items,
            total: c.total,
            store_url: (conn.config as unknown as ShopifyConfig).shop_url,
            ...(c.recover_url ? { recover_url: c.recover_url } : {}),
            source: 'shopify',
          });
          return true;
        });
        if (sent) emitted += 1;
      }
      if (emitted > 0) deps.onEvents?.();
      return emitted;
    },

    /** Drops processed webhooks received before `before` (what they brought stays). */
    async pruneWebhooks(before: Date): Promise<number> {
      const done = await db.platform({ name: 'erp.shopify_webhooks_retention', actor: ACTOR, audit: false }, (tx) =>
        tx.deleteFrom('erp_shopify_webhooks').where('received_at', '<', before).where('processed_at', 'is not', null).executeTakeFirst(),
      );
      return Number(done.numDeletedRows);
    },
  };
}

export type ErpSync = ReturnType<typeof createErpSync>;
