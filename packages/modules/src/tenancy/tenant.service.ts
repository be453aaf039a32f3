import { resolveTxt as dnsResolveTxt } from 'node:dns/promises';
import { AppError, formatRut, normalizeRut, randomToken, rutFromBody, emitEvent, type Clock, type Database, type ProductCode, type Tx, type DB } from '@smarteros/kernel';
import { sql, type Selectable } from 'kysely';
import * as repo from './tenant.repo.ts';
import { domainAdded, domainAssigned, domainVerified, integrationSet, tenantUpdated } from './tenant.events.ts';
import type {
  ActivateProductInput,
  AddDomainInput,
  CreateTenantInput,
  DomainOutput,
  EventOutput,
  IntegrationOutput,
  ListTenantsQuery,
  OverviewRowOutput,
  PlanOutput,
  ProductOutput,
  SetIntegrationInput,
  TenantDetailOutput,
  TenantOutput,
  UpdateTenantInput,
} from './tenant.schema.ts';

export interface TenancyDeps {
  db: Database;
  clock: Clock;
  baseDomain: string;
  /** DNS TXT lookup for custom-domain verification (injectable for tests). */
  resolveTxt?: (name: string) => Promise<string[][]>;
}

/** Who is acting, for the platform audit. */
export interface Actor {
  id: string;
}

export type TenantStatusAction = 'activate' | 'suspend' | 'reactivate' | 'cancel';
const TARGET_STATUS: Record<TenantStatusAction, 'suspended' | 'active' | 'cancelled'> = {
  activate: 'active',
  suspend: 'suspended',
  reactivate: 'active',
  cancel: 'cancelled',
};

/** The infrastructure tenants that exist from the first start (seed: SMARTERBOT and SmarterMCP). */
export const INFRASTRUCTURE_TENANTS = [
  { rut: '99999999-9', business_name: 'SMARTERBOT', contact_email: 'ops@smarterbot.cl', plan: 'infinite' },
  { rut: rutFromBody(99_999_998), business_name: 'SmarterMCP', contact_email: 'mcp@smarterbot.cl', plan: 'infinite' },
] as const;

export const DEMO_TENANT = {
  rut: '11111111-1',
  business_name: 'CLIENTE DEMO',
  contact_email: 'demo@smarterbot.cl',
  plan: 'demo',
  products: ['chat', 'erp', 'automation'] as ProductCode[],
  subdomain: 'demo',
} as const;

/** The status changes the lifecycle allows from each tenant status (lifecycle_transitions, by action). */
const STATUS_ACTIONS: Record<string, TenantStatusAction[]> = {
  trial: ['activate', 'suspend', 'cancel'],
  active: ['suspend', 'cancel'],
  suspended: ['reactivate', 'cancel'],
  cancelled: [],
};

export function statusFacts(status: string): { operational: boolean; status_actions: TenantStatusAction[] } {
  return { operational: status === 'trial' || status === 'active', status_actions: STATUS_ACTIONS[status] ?? [] };
}

export function createTenancyService(deps: TenancyDeps) {
  const { db, clock } = deps;
  const resolveTxt = deps.resolveTxt ?? dnsResolveTxt;

  async function detail(tx: Tx, id: string): Promise<TenantDetailOutput> {
    const found = await repo.findTenantDetail(tx, id);
    if (!found) throw new AppError('not_found', 'Tenant not found');
    const now = clock.now();
    return {
      ...repo.toTenant(found.tenant),
      ...statusFacts(found.tenant.status),
      products: found.products.map((p) => repo.toProduct(p, now, found.productContext)),
      domains: found.domains.map(repo.toDomain),
      integrations: found.integrations.map(repo.toIntegration),
    };
  }

  return {
    /** Creates a tenant and activates its products in one transaction (platform operation, audited). */
    async createTenant(actor: Actor, input: CreateTenantInput): Promise<TenantDetailOutput> {
      const now = clock.now();
      return db.platform({ name: 'tenant.create', actor: actor.id, details: { rut: input.rut, plan: input.plan } }, async (tx) => {
        const created = await sql<{ id: string }>`
          select create_tenant_minimal(${input.business_name}, ${input.contact_email}, ${input.rut},
                                       ${input.plan}, ${input.type}, ${now}::timestamptz) as id`.execute(tx);
        const id = created.rows[0]!.id;
        if (input.metadata) {
          await tx.updateTable('tenants').set({ metadata: JSON.stringify(input.metadata) }).where('id', '=', id).execute();
        }
        const products = input.products.length
          ? (
              await sql<Selectable<DB['tenant_products']>>`select * from activate_default_products_for_tenant(${id}::uuid,
                  ${input.trial_expires_at ?? null}::timestamptz, ${input.products}::text[], ${now}::timestamptz)`.execute(tx)
            ).rows
          : [];
        // A tenant created in this transaction has no domains or integrations yet: answer without reading them.
        const tenant = await repo.requireTenant(tx, id);
        const ctx = await repo.productContext(tx, id, tenant.status);
        return {
          ...repo.toTenant(tenant),
          ...statusFacts(tenant.status),
          products: products.sort((a, b) => a.product_code.localeCompare(b.product_code)).map((p) => repo.toProduct(p, now, ctx)),
          domains: [],
          integrations: [],
        };
      });
    },

    getTenant(tenantId: string): Promise<TenantDetailOutput> {
      return db.withTenant(tenantId, (tx) => detail(tx, tenantId));
    },

    /** Resolves a RUT (any spelling) to a tenant id; undefined when there is none. */
    async findTenantIdByRut(actor: Actor, rut: string): Promise<string | undefined> {
      const canonical = normalizeRut(rut);
      if (!canonical) return undefined;
      return db.platform({ name: 'tenant.resolve_rut', actor: actor.id, audit: false }, async (tx) => {
        const row = await tx.selectFrom('tenants').select('id').where('rut', '=', canonical).executeTakeFirst();
        return row?.id;
      });
    },

    /** The names and RUTs of these tenants, for lists that show other modules' rows by tenant (the outbox's). */
    async tenantLabels(actor: Actor, ids: readonly string[]): Promise<Map<string, { business_name: string; rut_formatted: string }>> {
      const wanted = [...new Set(ids)];
      if (wanted.length === 0) return new Map();
      return db.platform({ name: 'tenant.labels', actor: actor.id, audit: false, readOnly: true }, async (tx) => {
        const rows = await tx.selectFrom('tenants').select(['id', 'business_name', 'rut']).where('id', 'in', wanted).execute();
        return new Map(rows.map((r) => [r.id, { business_name: r.business_name, rut_formatted: formatRut(r.rut) }]));
      });
    },

    /** Name, e-mail and metadata within the tenant; a plan change is a platform operation. */
    async updateTenant(actor: Actor, tenantId: string, input: UpdateTenantInput, opts: { platformAdmin: boolean }): Promise<TenantDetailOutput> {
      if (input.plan !== undefined && !opts.platformAdmin) {
        throw new AppError('forbidden', 'Only platform admins change a tenant plan');
      }
      const now = clock.now();
      const change = {
        ...(input.business_name !== undefined ? { business_name: input.business_name } : {}),
        ...(input.contact_email !== undefined ? { contact_email: input.contact_email } : {}),
        ...(input.metadata !== undefined ? { metadata: JSON.stringify(input.metadata) } : {}),
      };
      const apply = async (tx: Tx) => {
        const current = await repo.requireTenant(tx, tenantId);
        // A cancelled tenant is closed: its record stays as it was. (A suspended one can still be corrected.)
        if (current.status === 'cancelled') {
          throw new AppError('tenant_not_operational', 'A cancelled tenant cannot be changed', { tenant_status: current.status });
        }
        await tx
          .updateTable('tenants')
          .set({ ...change, ...(input.plan !== undefined ? { plan: input.plan } : {}), updated_at: now })
          .where('id', '=', tenantId)
          .execute();
        await emitEvent(tx, tenantId, tenantUpdated, { tenant_id: tenantId, fields: Object.keys(input).filter((k) => input[k as keyof UpdateTenantInput] !== undefined) });
        return detail(tx, tenantId);
      };
      return input.plan !== undefined
        ? db.platform({ name: 'tenant.update_plan', actor: actor.id, targetTenant: tenantId, details: { plan: input.plan } }, apply)
        : db.withTenant(tenantId, apply);
    },

    /** activate (trial -> active), suspend, reactivate or cancel: platform operations, audited; illegal moves answer 409. */
    changeStatus(actor: Actor, tenantId: string, action: TenantStatusAction, reason?: string): Promise<TenantDetailOutput> {
      const now = clock.now();
      return db.platform({ name: `tenant.${action}`, actor: actor.id, targetTenant: tenantId, details: { reason: reason ?? null } }, async (tx) => {
        await repo.requireTenant(tx, tenantId);
        await sql`select 1 from set_tenant_status(${tenantId}::uuid, ${TARGET_STATUS[action]}, ${reason ?? null}, ${now}::timestamptz)`.execute(tx);
        return detail(tx, tenantId);
      });
    },

    /** All tenants, filtered and keyset-paged (platform operation, audited). */
    listTenants(actor: Actor, query: ListTenantsQuery): Promise<{ items: TenantOutput[]; next_cursor: string | null; total: number }> {
      return db.platform({ name: 'tenant.list', actor: actor.id, readOnly: true, details: { ...query, cursor: query.cursor ? 'yes' : null } }, async (tx) => {
        const page = await repo.overviewPage(tx, query);
        const ids = page.rows.map((r) => r.tenant_id);
        const rows = ids.length ? await tx.selectFrom('tenants').selectAll().where('id', 'in', ids).execute() : [];
        const byId = new Map(rows.map((r) => [r.id, r]));
        return { items: ids.map((id) => repo.toTenant(byId.get(id)!)), next_cursor: page.next_cursor, total: page.total };
      });
    },

    /** v_tenant_overview: every tenant for platform admins (audited), the caller's own row for a tenant principal. */
    overview(actor: Actor, scope: { tenantId: string | null }, query: ListTenantsQuery): Promise<{ items: OverviewRowOutput[]; next_cursor: string | null; total: number }> {
      const run = async (tx: Tx) => {
        const page = await repo.overviewPage(tx, query);
        return { items: page.rows.map((r) => repo.toOverview(r)), next_cursor: page.next_cursor, total: page.total };
      };
      return scope.tenantId
        ? db.withTenant(scope.tenantId, run)
        : db.platform({ name: 'tenant.overview', actor: actor.id, readOnly: true, details: { ...query, cursor: query.cursor ? 'yes' : null } }, run);
    },

    /**
     * Activates a product. Idempotent: a product already on trial (trial asked) or active answers its state with
     * changed false (HTTP 200, no event); a trial asked once the trial is used answers 409 trial_already_used with
     * details.can_subscribe.
     */
    activateProductOutcome(tenantId: string, input: ActivateProductInput): Promise<{ product: ProductOutput; changed: boolean }> {
      const now = clock.now();
      return db.withTenant(tenantId, async (tx) => {
        await repo.requireTenant(tx, tenantId);
        const code = input.product_code as ProductCode;
        const before = await tx.selectFrom('tenant_products').select(['status', 'updated_at']).where('tenant_id', '=', tenantId).where('product_code', '=', code).forUpdate().executeTakeFirst();
        await sql`select 1 from activate_product_for_tenant(${tenantId}::uuid, ${input.product_code}, ${input.mode},
            ${input.trial_expires_at ?? null}::timestamptz, ${input.plan ?? null}, ${now}::timestamptz)`.execute(tx);
        const row = await tx.selectFrom('tenant_products').selectAll().where('tenant_id', '=', tenantId).where('product_code', '=', code).executeTakeFirstOrThrow();
        const changed = !before || before.status !== row.status || new Date(before.updated_at).getTime() !== new Date(row.updated_at).getTime();
        return { product: repo.toProduct(row, now, await repo.productContext(tx, tenantId)), changed };
      });
    },

    /** activateProductOutcome without the outcome (the product's state either way). */
    async activateProduct(tenantId: string, input: ActivateProductInput): Promise<ProductOutput> {
      return (await this.activateProductOutcome(tenantId, input)).product;
    },

    deactivateProduct(tenantId: string, productCode: ProductCode): Promise<ProductOutput> {
      const now = clock.now();
      return db.withTenant(tenantId, async (tx) => {
        await repo.requireTenant(tx, tenantId);
        await sql`select 1 from deactivate_product_for_tenant(${tenantId}::uuid, ${productCode}, ${now}::timestamptz)`.execute(tx);
        const row = await tx.selectFrom('tenant_products').selectAll().where('tenant_id', '=', tenantId).where('product_code', '=', productCode).executeTakeFirstOrThrow();
        return repo.toProduct(row, now, await repo.productContext(tx, tenantId));
      });
    },

    listProducts(tenantId: string): Promise<ProductOutput[]> {
      const now = clock.now();
      return db.withTenant(tenantId, async (tx) => {
        const tenant = await repo.requireTenant(tx, tenantId);
        const ctx = await repo.productContext(tx, tenantId, tenant.status);
        return (await repo.listProducts(tx, tenantId)).map((p) => repo.toProduct(p, now, ctx));
      });
    },

    /** A subdomain under the base domain (verified at once) or a custom domain (verified later by DNS TXT). */
    addDomain(tenantId: string, input: AddDomainInput): Promise<DomainOutput> {
      const now = clock.now();
      return db.withTenant(tenantId, async (tx) => {
        const tenant = await repo.requireTenant(tx, tenantId);
        const sub = input.subdomain;
        const domain = sub !== undefined ? `${sub}.${deps.baseDomain}` : input.domain!;
        const row = await tx
          .insertInto('tenant_domains')
          .values({
            tenant_id: tenantId,
            domain,
            subdomain: sub ?? null,
            domain_type: input.domain_type as never,
            verified: sub !== undefined,
            is_active: true,
            verified_at: sub !== undefined ? now : null,
            verification_token: sub !== undefined ? null : randomToken(18),
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (input.domain_type === 'primary' && row.verified && !tenant.primary_domain) {
          await tx.updateTable('tenants').set({ primary_domain: domain, updated_at: now }).where('id', '=', tenantId).execute();
        }
        await emitEvent(tx, tenantId, sub !== undefined ? domainAssigned : domainAdded, {
          tenant_id: tenantId,
          domain,
          domain_type: input.domain_type,
          verified: row.verified,
        });
        return repo.toDomain(row);
      });
    },

    /** Checks the DNS TXT record of a custom domain; marks it verified when the token is there. */
    async verifyDomain(tenantId: string, domainId: string): Promise<DomainOutput> {
      const row = await db.withTenant(tenantId, (tx) =>
        tx.selectFrom('tenant_domains').selectAll().where('tenant_id', '=', tenantId).where('id', '=', domainId).executeTakeFirst(),
      );
      if (!row) throw new AppError('not_found', 'Domain not found');
      if (row.verified) return repo.toDomain(row);
      const name = `${repo.VERIFY_RECORD_PREFIX}.${row.domain}`;
      const expected = `smarteros-verify=${row.verification_token}`;
      let records: string[][];
      try {
        records = await resolveTxt(name);
      } catch {
        records = [];
      }
      if (!records.some((chunks) => chunks.join('') === expected)) {
        throw new AppError('unprocessable', `The TXT record ${name} with value ${expected} was not found yet`, {
          record_type: 'TXT',
          name,
          value: expected,
        });
      }
      const now = clock.now();
      return db.withTenant(tenantId, async (tx) => {
        const updated = await tx
          .updateTable('tenant_domains')
          .set({ verified: true, verified_at: now, updated_at: now })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', domainId)
          .returningAll()
          .executeTakeFirstOrThrow();
        const tenant = await repo.requireTenant(tx, tenantId);
        if (updated.domain_type === 'primary' && !tenant.primary_domain) {
          await tx.updateTable('tenants').set({ primary_domain: updated.domain, updated_at: now }).where('id', '=', tenantId).execute();
        }
        await emitEvent(tx, tenantId, domainVerified, { tenant_id: tenantId, domain: updated.domain });
        return repo.toDomain(updated);
      });
    },

    listDomains(tenantId: string): Promise<DomainOutput[]> {
      return db.withTenant(tenantId, async (tx) => {
        await repo.requireTenant(tx, tenantId);
        return (await repo.listDomains(tx, tenantId)).map(repo.toDomain);
      });
    },

    /** Creates or updates the tenant's integration of one type. */
    setIntegration(tenantId: string, input: SetIntegrationInput): Promise<IntegrationOutput> {
      const now = clock.now();
      return db.withTenant(tenantId, async (tx) => {
        await repo.requireTenant(tx, tenantId);
        const values = {
          external_id: input.external_id ?? null,
          external_ref: JSON.stringify(input.external_ref ?? {}),
          status: (input.status ?? (input.external_id ? 'connected' : 'pending')) as never,
          is_active: input.is_active ?? true,
          updated_at: now,
        };
        const row = await tx
          .insertInto('tenant_integrations')
          .values({ tenant_id: tenantId, integration_type: input.integration_type as never, created_at: now, ...values })
          .onConflict((oc) => oc.columns(['tenant_id', 'integration_type']).doUpdateSet(values))
          .returningAll()
          .executeTakeFirstOrThrow();
        await emitEvent(tx, tenantId, integrationSet, {
          tenant_id: tenantId,
          integration_type: row.integration_type,
          external_id: row.external_id,
          status: row.status,
        });
        return repo.toIntegration(row);
      });
    },

    listIntegrations(tenantId: string): Promise<IntegrationOutput[]> {
      return db.withTenant(tenantId, async (tx) => {
        await repo.requireTenant(tx, tenantId);
        return (await repo.listIntegrations(tx, tenantId)).map(repo.toIntegration);
      });
    },

    listEvents(tenantId: string, query: { limit: number; before?: number | undefined }): Promise<EventOutput[]> {
      return db.withTenant(tenantId, async (tx) => {
        await repo.requireTenant(tx, tenantId);
        return repo.listEvents(tx, tenantId, query.limit, query.before);
      });
    },

    /** The plans a tenant can be on (for the console's plan pickers). */
    listPlans(): Promise<PlanOutput[]> {
      return db.platform({ name: 'tenant.plans', actor: 'system', audit: false, readOnly: true }, async (tx) => {
        const rows = await sql<{ code: string; name: string; trial_seconds: number | null; is_unlimited: boolean }>`
          select code, name, extract(epoch from trial_duration)::float8 as trial_seconds, is_unlimited from plans order by is_unlimited, code`.execute(tx);
        return rows.rows.map((r) => ({ code: r.code, name: r.name, trial_days: r.trial_seconds === null ? null : Number(r.trial_seconds) / 86_400, is_unlimited: r.is_unlimited }));
      });
    },

    /** Creates the infrastructure tenants when missing (first start). Returns the ones it created. */
    async ensureInfrastructureTenants(): Promise<string[]> {
      const created: string[] = [];
      for (const t of INFRASTRUCTURE_TENANTS) {
        const now = clock.now();
        const made = await db.platform({ name: 'tenant.bootstrap', actor: 'system', details: { rut: t.rut } }, async (tx) => {
          const exists = await tx.selectFrom('tenants').select('id').where('rut', '=', t.rut).executeTakeFirst();
          if (exists) return false;
          const r = await sql<{ id: string }>`select create_tenant_minimal(${t.business_name}, ${t.contact_email}, ${t.rut},
                                   ${t.plan}, 'infrastructure', ${now}::timestamptz) as id`.execute(tx);
          await sql`select 1 from activate_default_products_for_tenant(${r.rows[0]!.id}::uuid, null,
                      array['chat','erp','automation','analytics','ai'], ${now}::timestamptz)`.execute(tx);
          return true;
        });
        if (made) created.push(t.business_name);
      }
      return created;
    },
  };
}

export type TenancyService = ReturnType<typeof createTenancyService>;
