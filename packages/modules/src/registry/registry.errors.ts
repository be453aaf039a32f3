import { defineErrors } from '@smarteros/kernel';

/** What the registry's constraints mean (its failures use the kernel's codes). */
export const REGISTRY_ERRORS = defineErrors({
  owner: 'registry',
  codes: {},
  unique: {
    api_providers_tenant_name_key: ['already_exists', 'A provider with this name already exists'],
    api_endpoints_provider_route_key: ['already_exists', 'This provider already has an endpoint with this method and path'],
    api_endpoints_provider_semantic_key: ['already_exists', 'This provider already has an endpoint with this semantic_name'],
    mcp_capabilities_tenant_name_key: ['already_exists', 'A capability with this name already exists'],
    cloudflare_linked_apps_tenant_audience_key: ['already_exists', 'This Cloudflare Access application is already linked'],
  },
  checks: {
    api_providers_name_check: 'name',
    api_providers_base_url_check: 'base_url',
    api_endpoints_path_check: 'path',
    api_endpoints_semantic_name_check: 'semantic_name',
    mcp_capabilities_name_check: 'capability_name',
  },
});
