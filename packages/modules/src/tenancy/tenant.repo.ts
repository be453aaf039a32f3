import { formatRut, type Tx, type DB } from '@smarteros/kernel';
import { sql, type Selectable } from 'kysely';
import { AppError } from '@smarteros/kernel';
import type {
  DomainOutput,
  EventOutput,
  IntegrationOutput,
  ListTenantsQuery,
  OverviewRowOutput,
  ProductOutput,
  TenantOutput,
} from './tenant.schema.ts';

/** Queries of the control plane. Every function takes the caller's transaction (tenant or platform). */

const iso = (d: Date | string | null): string | null => (d == null ? null : new Date(d).toISOString());
const isoReq = (d: Date | string): string => new Date(d).toISOString();

export const VERIFY_RECORD_PREFIX = '_smarteros-verify';

export function toTenant(row: Selectable<DB['tenants']>): TenantOutput {
  return {
    id: row.id,
    rut: row.rut,
    rut_formatted: formatRut(row.rut),
    business_name: row.business_name,
    contact_email: row.contact_email,
    type: row.type,
    status: row.status,
    plan: row.plan,
    primary_domain: row.primary_domain,
    trial_expires_at: iso(row.trial_expires_at),
    services_enabled: row.services_enabled,
    metadata: row.metadata,
    created_at: isoReq(row.created_at),
    updated_at: isoReq(row.updated_at),
  };
}

/** What a product's answer needs beyond its row: which trials the tenant used and whether the tenant operates. */
export interface ProductContext {
  tenantStatus: string;
  usedTrials: ReadonlySet<string>;
}

const OPERATIONAL = new Set(['trial', 'active']);

export function toProduct(row: Selectable<DB['tenant_products']>, now: Date, ctx: ProductContext): ProductOutput {
  const left = row.status === 'trial' && row.trial_expires_at ? Math.max(0, Math.floor((new Date(row.trial_expires_at).getTime() - now.getTime()) / 1000)) : null;
  return {
    product_code: row.product_code,
    status: row.status,
    plan: row.plan,
    trial_expires_at: iso(row.trial_expires_at),
    trial_seconds_left: left,
    activated_at: isoReq(row.activated_at),
    deactivated_at: iso(row.deactivated_at),
    trial_available: !ctx.usedTrials.has(row.product_code),
    operable: OPERATIONAL.has(ctx.tenantStatus) && OPERATIONAL.has(row.status),
  };
}

/** The tenant's status and used trials, for toProduct. */
export async function productContext(tx: Tx, tenantId: string, tenantStatus?: string): Promise<ProductContext> {
  const status = tenantStatus ?? (await tx.selectFrom('tenants').select('status').where('id', '=', tenantId).executeTakeFirst())?.status ?? 'cancelled';
  const trials = await tx.selectFrom('trials').select('product_code').where('tenant_id', '=', tenantId).execute();
  return { tenantStatus: status, usedTrials: new Set(trials.map((t) => t.product_code)) };
}

export function toDomain(row: Selectable<DB['tenant_domains']>): DomainOutput {
  return {
    id: row.id,
    domain: row.domain,
    subdomain: row.subdomain,
    domain_type: row.domain_type,
    verified: row.verified,
    is_active: row.is_active,
    verification:
      !row.verified && row.verification_token
        ? { record_type: 'TXT', name: `${VERIFY_RECORD_PREFIX}.${row.domain}`, value: `smarteros-verify=${row.verification_token}` }
        : null,
    verified_at: iso(row.verified_at),
    created_at: isoReq(row.created_at),
  };
}

export function toIntegration(row: Selectable<DB['tenant_integrations']>): IntegrationOutput {
  return {
    id: row.id,
    integration_type: row.integration_type,
    external_id: row.external_id,
    external_ref: row.external_ref,
    is_active: row.is_active,
    status: row.status,
    created_at: isoReq(row.created_at),
    updated_at: isoReq(row.updated_at),
  };
}

export function toOverview(row: Selectable<DB['v_tenant_overview']>): OverviewRowOutput {
  return {
    ...row,
    rut_formatted: formatRut(row.rut),
    tenant_trial_expires_at: iso(row.tenant_trial_expires_at),
    products: row.products.map((p) => ({ ...p, trial_expires_at: iso(p.trial_expires_at) })),
    created_at: isoReq(row.created_at),
    updated_at: isoReq(row.updated_at),
  };
}

export async function findTenant(tx: Tx, id: string): Promise<Selectable<DB['tenants']> | undefined> {
  return tx.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function requireTenant(tx: Tx, id: string): Promise<Selectable<DB['tenants']>> {
  const row = await findTenant(tx, id);
  if (!row) throw new AppError('not_found', 'Tenant not found');
  return row;
}

/**
 * A tenant with its products, domains and integrations in one round trip (json_agg of the child rows; their
 * timestamps arrive as ISO text, which the mappers accept).
 */
export async function findTenantDetail(tx: Tx, id: string) {
  const row = await tx
    .selectFrom('tenants as t')
    .selectAll('t')
    .select([
      sql<Selectable<DB['tenant_products']>[]>`coalesce((select json_agg(p order by p.product_code) from tenant_products p where p.tenant_id = t.id), '[]')`.as('x_products'),
      sql<Selectable<DB['tenant_domains']>[]>`coalesce((select json_agg(d order by d.created_at, d.domain) from tenant_domains d where d.tenant_id = t.id), '[]')`.as('x_domains'),
      sql<Selectable<DB['tenant_integrations']>[]>`coalesce((select json_agg(i order by i.integration_type) from tenant_integrations i where i.tenant_id = t.id), '[]')`.as('x_integrations'),
      sql<string[]>`coalesce((select json_agg(distinct tr.product_code) from trials tr where tr.tenant_id = t.id), '[]')`.as('x_trials'),
    ])
    .where('t.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { x_products: products, x_domains: domains, x_integrations: integrations, x_trials: trials, ...tenant } = row;
  return { tenant, products, domains, integrations, productContext: { tenantStatus: tenant.status, usedTrials: new Set(trials) } as ProductContext };
}

export const listProducts = (tx: Tx, tenantId: string) =>
  tx.selectFrom('tenant_products').selectAll().where('tenant_id', '=', tenantId).orderBy('product_code').execute();

export const listDomains = (tx: Tx, tenantId: string) =>
  tx.selectFrom('tenant_domains').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('domain').execute();

export const listIntegrations = (tx: Tx, tenantId: string) =>
  tx.selectFrom('tenant_integrations').selectAll().where('tenant_id', '=', tenantId).orderBy('integration_type').execute();

export async function listEvents(tx: Tx, tenantId: string, limit: number, before?: number): Promise<EventOutput[]> {
  let q = tx
    .selectFrom('outbox')
    .select(['id', 'topic', 'payload', 'occurred_at', 'published_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(limit);
  if (before !== undefined) q = q.where('id', '<', before);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, occurred_at: isoReq(r.occurred_at), published_at: iso(r.published_at) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Keyset pagination over (sort key, id) in the chosen direction. A created_at cursor carries the time in
// microseconds, so no row is skipped or repeated even when many tenants share a millisecond; a business_name cursor
// carries the lower-cased name. Each cursor names its sort, so a cursor of one order is refused by another.

export const TENANT_SORTS = ['-created_at', 'created_at', 'business_name', '-business_name'] as const;
export type TenantSort = (typeof TENANT_SORTS)[number];

interface Cursor {
  sort: TenantSort;
  value: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.value, c.id])).toString('base64url');
}

const badCursor = () => new AppError('validation_failed', 'cursor: not a cursor this API gave out', { issues: [{ path: 'cursor', message: 'invalid cursor' }] });

export function decodeCursor(value: string, sort: TenantSort): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== sort || typeof parsed[1] !== 'string' || typeof parsed[2] !== 'string') throw badCursor();
  const [, v, id] = parsed as [string, string, string];
  if (!/^[0-9a-f-]{36}$/.test(id) || v.length > 400 || ((sort === 'created_at' || sort === '-created_at') && !/^\d{1,17}$/.test(v))) throw badCursor();
  return { sort, value: v, id };
}

/** Escapes LIKE's wildcards in a search term. */
const likeEscape = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One filtered, keyset-paged, sorted query over v_tenant_overview, shared by the tenant list and the overview. */
export async function overviewPage(tx: Tx, query: ListTenantsQuery) {
  const sort: TenantSort = query.sort ?? '-created_at';
  const desc = sort.startsWith('-');
  const byName = sort.endsWith('business_name');
  const dir = desc ? 'desc' : 'asc';
  // Filters (shared by the page and its total).
  type Q = ReturnType<typeof base>;
  const base = () => tx.selectFrom('v_tenant_overview');
  const filtered = <T extends Q>(q: T): T => {
    let r = q;
    if (query.status) r = r.where('tenant_status', '=', query.status as never) as T;
    if (query.plan) r = r.where('tenant_plan', '=', query.plan) as T;
    if (query.type) r = r.where('tenant_type', '=', query.type as never) as T;
    if (query.product) r = r.where(sql<boolean>`${query.product} = any (services_enabled)`) as T;
    if (query.q) {
      const term = query.q.toLowerCase();
      const compactRut = term.replace(/[.\s-]/g, '').toUpperCase();
      const pattern = `%${likeEscape(term)}%`;
      r = r.where((eb) =>
        eb.or([
          // Accents and case do not matter: "nunoa" finds "Ñuñoa" (search_text = lower(unaccent(...)), indexed).
          eb(sql`search_text(business_name)`, 'like', sql`search_text(${pattern})`),
          ...(/^\d[\dK]*$/.test(compactRut) ? [eb(sql`replace(rut, '-', '')`, 'like', `${compactRut}%`)] : []),
        ]),
      ) as T;
    }
    return r;
  };
  const key = byName ? sql<string>`lower(business_name)` : sql<string>`created_at`;
  let q = filtered(base())
    .selectAll()
    .select(byName ? sql<string>`lower(business_name)`.as('cursor_value') : sql<string>`((extract(epoch from created_at) * 1000000)::bigint)::text`.as('cursor_value'))
    .orderBy(key, dir)
    .orderBy('tenant_id', dir)
    .limit(query.limit + 1);
  if (query.cursor) {
    const c = decodeCursor(query.cursor, sort);
    const at = byName ? sql`${c.value}::text` : sql`(timestamptz 'epoch' + ${Number(c.value)} * interval '1 microsecond')`;
    q = q.where(desc ? sql<boolean>`(${key}, tenant_id) < (${at}, ${c.id}::uuid)` : sql<boolean>`(${key}, tenant_id) > (${at}, ${c.id}::uuid)`);
  }
  const rows = await q.execute();
  const total = Number((await filtered(base()).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page.at(-1);
  return {
    rows: page.map(({ cursor_value: _c, ...r }) => r),
    total,
    next_cursor: more && last ? encodeCursor({ sort, value: String(last.cursor_value), id: last.tenant_id }) : null,
  };
}
