// tenancy: tenants, products, trials, domains, integrations, the overview and the lifecycle job. The module's one door.
import { defineModule } from '@smarteros/kernel';
import { setupTenancy } from './tenancy.setup.ts';
import { TENANCY_EVENTS } from './tenant.events.ts';
import { TENANCY_ERRORS } from './tenancy.errors.ts';
import { TENANCY_CONFIG } from './tenancy.config.ts';
export { createTenancyService, INFRASTRUCTURE_TENANTS, DEMO_TENANT, type TenancyService, type TenancyDeps, type Actor, type TenantStatusAction } from './tenant.service.ts';
export { createLifecycleJob, type LifecycleResult } from './lifecycle.job.ts';
export * from './tenant.schema.ts';
export * from './tenant.events.ts';
export { createTenancyActions } from './tenancy.actions.ts';
export type * from './tenancy.tables.ts';
export { TENANCY_ERRORS, TENANCY_CONFIG };

export { setupTenancy };

/** What the tenancy module brings besides its services (see ModuleManifest). */
export const tenancyModule = defineModule({ name: 'tenancy', tables: ['plans', 'tenants', 'tenant_products', 'trials', 'tenant_domains', 'tenant_integrations', 'lifecycle_transitions', 'v_tenant_overview'], setup: setupTenancy, errors: TENANCY_ERRORS, config: TENANCY_CONFIG, events: TENANCY_EVENTS });
