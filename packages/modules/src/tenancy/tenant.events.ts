import { defineEvent } from '@smarteros/kernel';
import { z } from 'zod';
import { domainType, productCode } from './tenant.schema.ts';

/**
 * The events tenancy publishes, most of them from the lifecycle SQL functions (db/migrations/0002_control_plane.sql):
 * each is declared here with its payload, and test/events.db.test.ts checks that every topic the migrations emit is
 * declared and that the payloads they write match. Their aggregate is the tenant (ordering per tenant).
 */
const tenantId = z.uuid();
/** A timestamp as PostgreSQL writes it into JSON (an offset, microseconds) or as toISOString() does. */
const at = z.iso.datetime({ offset: true });

export const tenantCreated = defineEvent(
  'tenant.created',
  z.object({ tenant_id: tenantId, rut: z.string(), plan: z.string(), type: z.string() }),
);

const statusChange = z.object({ tenant_id: tenantId, from: z.string(), to: z.string(), reason: z.string().nullable() });
export const tenantActivated = defineEvent('tenant.activated', statusChange);
export const tenantSuspended = defineEvent('tenant.suspended', statusChange);
export const tenantReactivated = defineEvent('tenant.reactivated', statusChange);
export const tenantCancelled = defineEvent('tenant.cancelled', statusChange);

export const tenantUpdated = defineEvent('tenant.updated', z.object({ tenant_id: tenantId, fields: z.array(z.string()) }));

export const productActivated = defineEvent(
  'product.activated',
  z.object({ tenant_id: tenantId, product_code: productCode, status: z.enum(['trial', 'active']), plan: z.string().nullable(), trial_expires_at: at.nullable() }),
);
export const productDeactivated = defineEvent('product.deactivated', z.object({ tenant_id: tenantId, product_code: productCode }));

export const trialExpiring = defineEvent('trial.expiring', z.object({ tenant_id: tenantId, product_code: productCode, expires_at: at }));
export const trialExpired = defineEvent('trial.expired', z.object({ tenant_id: tenantId, product_code: productCode, expired_at: at }));

const domainAddedPayload = z.object({ tenant_id: tenantId, domain: z.string(), domain_type: domainType, verified: z.boolean() });
export const domainAssigned = defineEvent('domain.assigned', domainAddedPayload);
export const domainAdded = defineEvent('domain.added', domainAddedPayload);
export const domainVerified = defineEvent('domain.verified', z.object({ tenant_id: tenantId, domain: z.string() }));

export const integrationSet = defineEvent(
  'integration.set',
  z.object({ tenant_id: tenantId, integration_type: z.string(), external_id: z.string().nullable(), status: z.string() }),
);

/** Every event of tenancy. */
export const TENANCY_EVENTS = [
  tenantCreated,
  tenantActivated,
  tenantSuspended,
  tenantReactivated,
  tenantCancelled,
  tenantUpdated,
  productActivated,
  productDeactivated,
  trialExpiring,
  trialExpired,
  domainAssigned,
  domainAdded,
  domainVerified,
  integrationSet,
] as const;
