// registry: a company's APIs (providers), their credentials (the vault), endpoints imported from OpenAPI and the
// capabilities built on them; Cloudflare Access applications. The module's one door.
export { createRegistryService, type RegistryService, type RegistryDeps, type CapabilityForCall } from './registry.service.ts';
export { createVault, lastFour, type Vault, type SealedSecret, type DataKeyRow } from './vault.service.ts';
export { parseOpenApi, type EndpointDraft, type ParsedApi, type JsonSchema } from './openapi.ts';
export * from './registry.schema.ts';
