import { parseRut, PRODUCT_CODES, TENANT_STATUSES, DOMAIN_TYPES, INTEGRATION_TYPES, INTEGRATION_STATUSES, DEFAULT_PRODUCTS } from '@smarteros/kernel';
import { z } from 'zod';

/**
 * Input and output shapes of the control plane. The HTTP routes, the OpenAPI document and the CLI all use these:
 * one declaration, so the three never disagree.
 */

export const rutInput = z
  .string()
  .max(20)
  .transform((value, ctx) => {
    const parsed = parseRut(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.message, params: { problem: parsed.problem } });
      return z.NEVER;
    }
    return parsed.rut;
  })
  .meta({ description: 'Chilean RUT in any common spelling (12.345.678-5, 123456785, 12345678-5)', example: '76.086.428-5' });

export const productCode = z.enum(PRODUCT_CODES as [string, ...string[]]).meta({ description: 'Product code' });
export const tenantStatus = z.enum(TENANT_STATUSES as [string, ...string[]]);
export const domainType = z.enum(DOMAIN_TYPES as [string, ...string[]]);
export const integrationType = z.enum(INTEGRATION_TYPES as [string, ...string[]]);
export const planCode = z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, 'must be a plan code such as trial, demo, starter, pro or infinite');
const businessName = z.string().trim().min(2, 'must have at least 2 characters').max(200);
const email = z.string().trim().toLowerCase().pipe(z.email('must be an e-mail address').max(254));
const metadata = z.record(z.string(), z.unknown()).refine((m) => JSON.stringify(m).length <= 16_384, 'must be at most 16 KB as JSON');

export const createTenantInput = z.object({
  rut: rutInput,
  business_name: businessName,
  contact_email: email,
  plan: planCode.default('trial'),
  type: z.enum(['customer', 'infrastructure']).default('customer'),
  products: z
    .array(productCode)
    .max(PRODUCT_CODES.length)
    .refine((a) => new Set(a).size === a.length, 'must not repeat a product')
    .default([...DEFAULT_PRODUCTS])
    .meta({ description: 'Products activated on creation (default chat, erp and automation); [] for none' }),
  trial_expires_at: z.iso.datetime({ offset: true }).optional().meta({ description: 'Override the plan trial end' }),
  metadata: metadata.optional(),
});
export type CreateTenantInput = z.infer<typeof createTenantInput>;

export const updateTenantInput = z
  .object({
    business_name: businessName.optional(),
    contact_email: email.optional(),
    metadata: metadata.optional(),
    plan: planCode.optional().meta({ description: 'Platform admins only' }),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'give at least one field to change');
export type UpdateTenantInput = z.infer<typeof updateTenantInput>;

export const statusChangeInput = z.object({ reason: z.string().trim().max(500).optional() });

export const listTenantsQuery = z.object({
  q: z.string().trim().max(100).optional().meta({ description: 'Search by business name (accents and case ignored) or RUT' }),
  status: tenantStatus.optional(),
  plan: planCode.optional(),
  type: z.enum(['customer', 'infrastructure']).optional(),
  product: productCode.optional().meta({ description: 'Tenants with this product in trial or active' }),
  sort: z.enum(['-created_at', 'created_at', 'business_name', '-business_name']).optional().meta({ description: 'Order (default -created_at: newest first); a leading - is descending' }),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(600).optional(),
});
export type ListTenantsQuery = z.infer<typeof listTenantsQuery>;

export const activateProductInput = z.object({
  product_code: productCode,
  mode: z.enum(['trial', 'subscription']).default('trial'),
  plan: planCode.optional(),
  trial_expires_at: z.iso.datetime({ offset: true }).optional(),
});
export type ActivateProductInput = z.infer<typeof activateProductInput>;

const RESERVED_SUBDOMAINS = new Set([
  'www', 'api', 'app', 'mcp', 'admin', 'login', 'auth', 'mail', 'smtp', 'ftp', 'static', 'cdn', 'status', 'docs',
  'chatwoot', 'odoo', 'n8n', 'metabase', 'kpi', 'erp', 'crm', 'ns1', 'ns2',
]);
export const subdomainLabel = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a DNS label: letters, digits and inner hyphens, at most 63')
  .refine((s) => !RESERVED_SUBDOMAINS.has(s), 'is reserved by the platform');
export const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name such as tienda.cl');

export const addDomainInput = z
  .object({
    subdomain: subdomainLabel.optional().meta({ description: 'Creates <subdomain>.<SMARTEROS_BASE_DOMAIN>, verified at once' }),
    domain: domainName.optional().meta({ description: 'A custom domain; verified by a DNS TXT record' }),
    domain_type: domainType.default('primary'),
  })
  .refine((v) => (v.subdomain === undefined) !== (v.domain === undefined), {
    message: 'give either subdomain or domain',
    path: ['subdomain'],
  });
export type AddDomainInput = z.infer<typeof addDomainInput>;

export const setIntegrationInput = z.object({
  integration_type: integrationType,
  external_id: z.string().trim().min(1).max(200).optional(),
  external_ref: metadata.optional(),
  status: z.enum(INTEGRATION_STATUSES as [string, ...string[]]).optional(),
  is_active: z.boolean().optional(),
});
export type SetIntegrationInput = z.infer<typeof setIntegrationInput>;

export const eventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional().meta({ description: 'Events older than this id' }),
});

// ---------------------------------------------------------------------------------------------------------------
// Outputs (dates as ISO-8601 strings)

const isoDate = z.string().meta({ format: 'date-time' });

export const tenantOutput = z.object({
  id: z.uuid(),
  rut: z.string().meta({ description: 'Canonical form 12345678-5' }),
  rut_formatted: z.string().meta({ description: 'Display form 12.345.678-5' }),
  business_name: z.string(),
  contact_email: z.string(),
  type: z.string(),
  status: z.string(),
  plan: z.string(),
  primary_domain: z.string().nullable(),
  trial_expires_at: isoDate.nullable(),
  services_enabled: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
  created_at: isoDate,
  updated_at: isoDate,
});
export type TenantOutput = z.infer<typeof tenantOutput>;

export const productOutput = z.object({
  product_code: z.string(),
  status: z.string(),
  plan: z.string().nullable(),
  trial_expires_at: isoDate.nullable(),
  trial_seconds_left: z.number().int().nullable(),
  activated_at: isoDate,
  deactivated_at: isoDate.nullable(),
  trial_available: z.boolean().meta({ description: 'No trial of this product was used yet: a trial request starts one (otherwise subscribe)' }),
  operable: z.boolean().meta({ description: 'The product is on trial or active and the tenant is operational (not suspended or cancelled)' }),
});
export type ProductOutput = z.infer<typeof productOutput>;

export const domainOutput = z.object({
  id: z.uuid(),
  domain: z.string(),
  subdomain: z.string().nullable(),
  domain_type: z.string(),
  verified: z.boolean(),
  is_active: z.boolean(),
  verification: z
    .object({ record_type: z.literal('TXT'), name: z.string(), value: z.string() })
    .nullable()
    .meta({ description: 'DNS record that proves ownership of a custom domain (until verified)' }),
  verified_at: isoDate.nullable(),
  created_at: isoDate,
});
export type DomainOutput = z.infer<typeof domainOutput>;

export const integrationOutput = z.object({
  id: z.uuid(),
  integration_type: z.string(),
  external_id: z.string().nullable(),
  external_ref: z.record(z.string(), z.unknown()),
  is_active: z.boolean(),
  status: z.string(),
  created_at: isoDate,
  updated_at: isoDate,
});
export type IntegrationOutput = z.infer<typeof integrationOutput>;

export const tenantDetailOutput = tenantOutput.extend({
  operational: z.boolean().meta({ description: 'On trial or active: products can be activated and operated (false when suspended or cancelled)' }),
  status_actions: z
    .array(z.enum(['activate', 'suspend', 'reactivate', 'cancel']))
    .meta({ description: 'The status changes allowed from the current status (POST /api/v1/tenants/:id/<action>, platform admins)' }),
  products: z.array(productOutput),
  domains: z.array(domainOutput),
  integrations: z.array(integrationOutput),
});
export type TenantDetailOutput = z.infer<typeof tenantDetailOutput>;

export const overviewRowOutput = z.object({
  tenant_id: z.uuid(),
  business_name: z.string(),
  rut: z.string(),
  rut_formatted: z.string(),
  contact_email: z.string(),
  tenant_type: z.string(),
  tenant_status: z.string(),
  tenant_plan: z.string(),
  tenant_trial_expires_at: isoDate.nullable(),
  primary_domain: z.string().nullable(),
  services_enabled: z.array(z.string()),
  domains: z.array(z.string()),
  subdomains: z.array(z.string()),
  integrations: z.array(z.object({ type: z.string(), external_id: z.string().nullable(), status: z.string(), is_active: z.boolean() })),
  products: z.array(z.object({ product_code: z.string(), status: z.string(), trial_expires_at: z.string().nullable() })),
  has_chat: z.boolean(),
  has_erp: z.boolean(),
  has_automation: z.boolean(),
  has_analytics: z.boolean(),
  has_ai: z.boolean(),
  created_at: isoDate,
  updated_at: isoDate,
});
export type OverviewRowOutput = z.infer<typeof overviewRowOutput>;

export const planOutput = z.object({
  code: z.string(),
  name: z.string(),
  trial_days: z.number().nullable().meta({ description: 'Length of a product trial on this plan; null on unlimited plans (products start active)' }),
  is_unlimited: z.boolean(),
});
export type PlanOutput = z.infer<typeof planOutput>;

export const eventOutput = z.object({
  id: z.number().int(),
  topic: z.string(),
  payload: z.record(z.string(), z.unknown()),
  occurred_at: isoDate,
  published_at: isoDate.nullable(),
});
export type EventOutput = z.infer<typeof eventOutput>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable().meta({ description: 'Pass as cursor for the next page' }) });

/** A page of a list that also says how many rows match its filters (every page, not only the first). */
export const countedPageOf = <T extends z.ZodType>(item: T) =>
  pageOf(item).extend({ total: z.number().int().meta({ description: 'Rows matching the filters, over all pages' }) });
