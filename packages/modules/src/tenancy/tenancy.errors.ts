import { defineErrors, ERROR_KINDS, type CodesOf } from '@smarteros/kernel';

/** The tenancy module's error codes and what its constraints mean. */
export const TENANCY_ERRORS = defineErrors({
  owner: 'tenancy',
  codes: {
    rut_taken: { ...ERROR_KINDS.conflict, message: 'A tenant with this RUT already exists', words: { en: 'A tenant with this RUT already exists', es: 'Ya existe una empresa con este RUT' } },
    domain_taken: { ...ERROR_KINDS.conflict, message: 'This domain is already assigned', words: { en: 'This domain is already assigned', es: 'Este dominio ya está asignado' } },
    tenant_transition_not_allowed: { ...ERROR_KINDS.conflict, words: { en: 'This change of the tenant state is not allowed', es: 'Este cambio de estado de la empresa no está permitido' } },
    product_transition_not_allowed: { ...ERROR_KINDS.conflict, words: { en: 'This change of the product state is not allowed', es: 'Este cambio de estado del producto no está permitido' } },
    trial_transition_not_allowed: { ...ERROR_KINDS.conflict, words: { en: 'This change of the trial state is not allowed', es: 'Este cambio de estado de la prueba no está permitido' } },
    trial_already_used: { ...ERROR_KINDS.conflict, message: 'This product has already had its trial', words: { en: 'This product has already had its trial; subscribe to it instead', es: 'Este producto ya tuvo su prueba; puede contratarlo como suscripción' } },
    tenant_not_operational: { ...ERROR_KINDS.conflict, message: 'The tenant is not in a state that allows this (suspended or cancelled)', words: { en: 'The tenant is not in a state that allows this (suspended or cancelled)', es: 'La empresa no está en un estado que lo permita (suspendida o cancelada)' } },
  },
  unique: {
    tenants_rut_key: ['rut_taken', 'A tenant with this RUT already exists'],
    tenant_domains_domain_key: ['domain_taken', 'This domain is already assigned'],
    tenant_domains_tenant_domain_key: ['domain_taken', 'This domain is already assigned'],
    trials_tenant_product_key: ['trial_already_used', 'This product has already had its trial'],
    tenant_integrations_tenant_type_key: ['already_exists', 'This integration already exists'],
    tenant_products_tenant_product_key: ['already_exists', 'This product is already registered'],
  },
  checks: {
    tenants_business_name_check: 'business_name',
    tenants_contact_email_check: 'contact_email',
    tenants_type_check: 'type',
    tenants_status_check: 'status',
    tenants_metadata_check: 'metadata',
    tenant_products_code_check: 'product_code',
    tenant_domains_domain_check: 'domain',
    tenant_domains_subdomain_check: 'subdomain',
    tenant_domains_type_check: 'domain_type',
    tenant_integrations_type_check: 'integration_type',
    tenant_integrations_status_check: 'status',
    tenant_integrations_ref_check: 'external_ref',
  },
});

declare module '@smarteros/kernel' {
  interface ModuleErrorCodes extends CodesOf<typeof TENANCY_ERRORS> {}
}
