// registry: a company's APIs (providers), their credentials (the vault), endpoints imported from OpenAPI and the
// capabilities built on them; Cloudflare Access applications. The module's one door.
import { defineModule } from '@smarteros/kernel';
import { setupRegistry } from './registry.setup.ts';
import { REGISTRY_ERRORS } from './registry.errors.ts';
export { createRegistryService, type RegistryService, type RegistryDeps, type CapabilityForCall } from './registry.service.ts';
export { createVault, lastFour, type Vault, type SealedSecret, type DataKeyRow } from './vault.service.ts';
export { parseOpenApi, type EndpointDraft, type ParsedApi, type JsonSchema } from './openapi.ts';
export * from './registry.schema.ts';
export type * from './registry.tables.ts';
export { REGISTRY_ERRORS };

export { setupRegistry };

/** What the registry module brings besides its services (see ModuleManifest). */
export const registryModule = defineModule({ name: 'registry', tables: ['tenant_data_keys', 'api_providers', 'api_credentials', 'api_endpoints', 'mcp_capabilities', 'cloudflare_linked_apps'], setup: setupRegistry, errors: REGISTRY_ERRORS });
