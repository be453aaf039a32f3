// tenancy: tenants, products, trials, domains, integrations, the overview and the lifecycle job. The module's one door.
export { createTenancyService, INFRASTRUCTURE_TENANTS, DEMO_TENANT, type TenancyService, type TenancyDeps, type Actor, type TenantStatusAction } from './tenant.service.ts';
export { createLifecycleJob, type LifecycleResult } from './lifecycle.job.ts';
export * from './tenant.schema.ts';
export * from './tenant.events.ts';
