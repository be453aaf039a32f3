import { AppError, isErrorCode, type ErrorCode } from '../errors.ts';

/** Maps a PostgreSQL error (from either driver) to an AppError; anything unknown is rethrown untouched (a 500). */
interface PgErrorLike {
  code?: string;
  constraint?: string;
  detail?: string;
  message: string;
}

const UNIQUE: Record<string, [ErrorCode, string]> = {
  tenants_rut_key: ['rut_taken', 'A tenant with this RUT already exists'],
  tenant_domains_domain_key: ['domain_taken', 'This domain is already assigned'],
  tenant_domains_tenant_domain_key: ['domain_taken', 'This domain is already assigned'],
  trials_tenant_product_key: ['trial_already_used', 'This product has already had its trial'],
  users_email_key: ['already_exists', 'A user with this e-mail already exists'],
  memberships_pkey: ['already_exists', 'This person is already a member of the tenant'],
  invitations_open_email_key: ['already_exists', 'This address was invited at the same moment; try again'],
  invitations_open_phone_key: ['already_exists', 'This address was invited at the same moment; try again'],
  tenant_integrations_tenant_type_key: ['already_exists', 'This integration already exists'],
  tenant_products_tenant_product_key: ['already_exists', 'This product is already registered'],
  api_providers_tenant_name_key: ['already_exists', 'A provider with this name already exists'],
  api_endpoints_provider_route_key: ['already_exists', 'This provider already has an endpoint with this method and path'],
  api_endpoints_provider_semantic_key: ['already_exists', 'This provider already has an endpoint with this semantic_name'],
  mcp_capabilities_tenant_name_key: ['already_exists', 'A capability with this name already exists'],
  cloudflare_linked_apps_tenant_audience_key: ['already_exists', 'This Cloudflare Access application is already linked'],
};

const CHECK_FIELDS: Record<string, string> = {
  rut_check: 'rut',
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
  api_keys_name_check: 'name',
  api_keys_role_check: 'role',
  invitations_role_check: 'role',
  user_auth_phone_check: 'phone',
  users_phone_check: 'phone',
  invitations_email_check: 'email',
  invitations_phone_check: 'phone',
  invitations_contact_check: 'email',
  memberships_role_check: 'role',
  users_email_check: 'email',
  api_providers_name_check: 'name',
  api_providers_base_url_check: 'base_url',
  api_endpoints_path_check: 'path',
  api_endpoints_semantic_name_check: 'semantic_name',
  mcp_capabilities_name_check: 'capability_name',
};

function isPgError(err: unknown): err is PgErrorLike {
  return typeof err === 'object' && err !== null && typeof (err as PgErrorLike).code === 'string' && 'message' in err;
}

function parseDetail(detail: string | undefined): Record<string, unknown> | undefined {
  if (!detail) return undefined;
  try {
    const value: unknown = JSON.parse(detail);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const CUSTOM_MESSAGES: Partial<Record<ErrorCode, string>> = {
  invalid_rut: 'RUT is not valid (modulo 11)',
  trial_already_used: 'This product has already had its trial',
  tenant_not_operational: 'The tenant is not in a state that allows this (suspended or cancelled)',
  not_found: 'Not found',
  last_owner: 'A tenant must keep at least one owner',
};

export function mapDbError(err: unknown): unknown {
  if (err instanceof AppError || !isPgError(err)) return err;
  const code = err.code!;
  if (code.startsWith('SO')) {
    const details = parseDetail(err.detail);
    const appCode: ErrorCode = isErrorCode(err.message) ? err.message : code === 'SO409' ? 'tenant_not_operational' : 'validation_failed';
    let message = CUSTOM_MESSAGES[appCode] ?? 'Invalid input';
    if (appCode.endsWith('_transition_not_allowed') && details) {
      message = `A ${String(details.entity)} cannot go from ${String(details.from)} to ${String(details.to)}`;
    } else if (appCode === 'validation_failed' && details?.field) {
      message = `${String(details.field)}: ${String(details.problem ?? 'invalid value')}`;
    } else if (appCode === 'not_found' && details?.entity) {
      message = `${String(details.entity)} not found`;
    }
    return new AppError(appCode, message, details, { cause: err });
  }
  switch (code) {
    case '23505': {
      const [appCode, message] = UNIQUE[err.constraint ?? ''] ?? ['already_exists', 'Already exists'];
      return new AppError(appCode, message, undefined, { cause: err });
    }
    case '23514': {
      const field = CHECK_FIELDS[err.constraint ?? ''];
      if (field === 'rut') return new AppError('invalid_rut', 'RUT is not valid (modulo 11)', { field: 'rut' }, { cause: err });
      return new AppError('validation_failed', field ? `${field}: invalid value` : 'Invalid value', field ? { field } : undefined, {
        cause: err,
      });
    }
    case '23503':
      if (err.constraint?.endsWith('_plan_fkey')) {
        return new AppError('validation_failed', 'plan: unknown plan', { field: 'plan' }, { cause: err });
      }
      return new AppError('not_found', 'Not found', undefined, { cause: err });
    case '22P02':
    case '22007':
    case '22008':
      return new AppError('validation_failed', 'Invalid value', undefined, { cause: err });
    case '42501':
      // Row-level security refused the row: it belongs to another tenant. Never say that it exists.
      return new AppError('not_found', 'Not found', undefined, { cause: err });
    case '57P01':
    case '57P03':
    case '08000':
    case '08001':
    case '08003':
    case '08006':
    case '53300':
      return new AppError('unavailable', 'The database is not available right now', undefined, { cause: err });
    default:
      return err;
  }
}
