import type { Generated } from 'kysely';
import type { CreatedAt, DomainType, IntegrationStatus, IntegrationType, Json, ProductCode, ProductStatus, TenantStatus, TenantType, Timestamp, TrialStatus } from '@smarteros/kernel';

/** Row types of the tenancy module's tables (tenants, products, trials, domains, integrations and the overview view), for Kysely. Keep in step with db/migrations. */

export interface PlansTable {
  code: string;
  name: string;
  trial_duration: string | null;
  is_unlimited: boolean;
  created_at: CreatedAt;
}

export interface TenantsTable {
  id: Generated<string>;
  rut: string;
  business_name: string;
  contact_email: string;
  type: TenantType;
  status: TenantStatus;
  plan: string;
  primary_domain: string | null;
  trial_expires_at: Timestamp | null;
  services_enabled: string[];
  metadata: Json;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TenantProductsTable {
  tenant_id: string;
  id: Generated<string>;
  product_code: ProductCode;
  status: ProductStatus;
  plan: string | null;
  trial_expires_at: Timestamp | null;
  activated_at: Timestamp;
  deactivated_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TrialsTable {
  tenant_id: string;
  id: Generated<string>;
  product_code: ProductCode;
  started_at: Timestamp;
  expires_at: Timestamp;
  status: TrialStatus;
  warned_at: Timestamp | null;
  ended_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface TenantDomainsTable {
  tenant_id: string;
  id: Generated<string>;
  domain: string;
  subdomain: string | null;
  domain_type: DomainType;
  verified: boolean;
  is_active: boolean;
  verification_token: string | null;
  verified_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TenantIntegrationsTable {
  tenant_id: string;
  id: Generated<string>;
  integration_type: IntegrationType;
  external_id: string | null;
  external_ref: Json;
  is_active: boolean;
  status: IntegrationStatus;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TenantOverviewView {
  tenant_id: string;
  business_name: string;
  rut: string;
  contact_email: string;
  tenant_type: TenantType;
  tenant_status: TenantStatus;
  tenant_plan: string;
  tenant_trial_expires_at: Date | null;
  primary_domain: string | null;
  services_enabled: string[];
  domains: string[];
  subdomains: string[];
  integrations: Array<{ type: IntegrationType; external_id: string | null; status: IntegrationStatus; is_active: boolean }>;
  products: Array<{ product_code: ProductCode; status: ProductStatus; trial_expires_at: string | null }>;
  has_chat: boolean;
  has_erp: boolean;
  has_automation: boolean;
  has_analytics: boolean;
  has_ai: boolean;
  created_at: Date;
  updated_at: Date;
}

declare module '@smarteros/kernel' {
  interface DB {
    plans: PlansTable;
    tenants: TenantsTable;
    tenant_products: TenantProductsTable;
    trials: TrialsTable;
    tenant_domains: TenantDomainsTable;
    tenant_integrations: TenantIntegrationsTable;
    v_tenant_overview: TenantOverviewView;
  }
}
