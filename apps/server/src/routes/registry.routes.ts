import {
  capabilityName,
  capabilityOutput,
  cloudflareAppOutput,
  createCapabilityInput,
  createCloudflareAppInput,
  createEndpointInput,
  createProviderInput,
  credentialInput,
  endpointOutput,
  importOpenApiInput,
  importResultOutput,
  providerOutput,
  providerRegistrationOutput,
  seedCreateProviderInput,
  updateCapabilityInput,
  updateEndpointInput,
  updateProviderInput,
  vaultRotateInput,
  vaultRotateOutput,
  vaultStatusOutput,
} from '@smarteros/modules/registry';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, ownTenantAccess, platformOnly, tenantAccess } from '../http/access.ts';
import type { AppServices } from '../services.ts';
import { bearer, errors, tenantSelector } from './common.ts';

/**
 * The API registry: providers (a company's APIs), their credentials (write-only), endpoints imported from OpenAPI or
 * declared, capabilities, Cloudflare Access applications, and the vault's key rotation. The tenant is the one of the
 * credential (platform admins add ?tenant_id=). Routes stay thin.
 */
const providerParams = z.object({ provider_id: z.uuid() });
const capabilityParams = z.object({ name: capabilityName });
const noContent = { 204: z.null().meta({ description: 'Done' }) };

export function registryRoutes(app: FastifyInstance, services: AppServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { registry, vault } = services;
  const tags = ['registry'];

  r.get('/api/v1/providers', {
    config: { access: ownTenantAccess('viewer') },
    schema: { tags, summary: "The tenant's API providers (credentials show only a fingerprint and the last 4 characters)", security: bearer, querystring: tenantSelector, response: { 200: z.object({ items: z.array(providerOutput) }), ...errors(400, 401, 404) } },
    handler: async (req) => ({ items: await registry.listProviders(req.tenantId!) }),
  });

  r.post('/api/v1/providers', {
    config: { access: ownTenantAccess('admin') },
    schema: {
      tags,
      summary: 'Register an API provider: its credential (encrypted), its OpenAPI document (text, object or URL) and the operations to expose as capabilities',
      security: bearer,
      querystring: tenantSelector,
      body: createProviderInput,
      response: { 201: providerRegistrationOutput, ...errors(400, 401, 403, 404, 409, 422) },
    },
    handler: async (req, reply) => reply.status(201).send(await registry.createProvider(actorOf(req), req.tenantId!, req.body)),
  });

  r.get('/api/v1/providers/:provider_id', {
    config: { access: ownTenantAccess('viewer') },
    schema: { tags, summary: 'One provider', security: bearer, params: providerParams, querystring: tenantSelector, response: { 200: providerOutput, ...errors(400, 401, 404) } },
    handler: (req) => registry.getProvider(req.tenantId!, req.params.provider_id),
  });

  r.patch('/api/v1/providers/:provider_id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Change a provider (a new auth_type drops the credential)', security: bearer, params: providerParams, querystring: tenantSelector, body: updateProviderInput, response: { 200: providerOutput, ...errors(400, 401, 403, 404, 409, 422) } },
    handler: (req) => registry.updateProvider(actorOf(req), req.tenantId!, req.params.provider_id, req.body),
  });

  r.delete('/api/v1/providers/:provider_id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Delete a provider with its credential, endpoints and capabilities', security: bearer, params: providerParams, querystring: tenantSelector, response: { ...noContent, ...errors(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      await registry.deleteProvider(actorOf(req), req.tenantId!, req.params.provider_id);
      return reply.status(204).send(null);
    },
  });

  r.put('/api/v1/providers/:provider_id/credential', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Set or replace the credential (write-only: the answer shows its fingerprint and last 4 characters)', security: bearer, params: providerParams, querystring: tenantSelector, body: credentialInput, response: { 200: providerOutput, ...errors(400, 401, 403, 404, 422) } },
    handler: (req) => registry.setCredential(actorOf(req), req.tenantId!, req.params.provider_id, req.body),
  });

  r.delete('/api/v1/providers/:provider_id/credential', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Delete the credential', security: bearer, params: providerParams, querystring: tenantSelector, response: { ...noContent, ...errors(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      await registry.deleteCredential(actorOf(req), req.tenantId!, req.params.provider_id);
      return reply.status(204).send(null);
    },
  });

  r.post('/api/v1/providers/:provider_id/openapi', {
    config: { access: ownTenantAccess('admin') },
    schema: {
      tags,
      summary: 'Import (or re-import) an OpenAPI 3.0/3.1 document: endpoints are matched by method and path, so nothing is duplicated',
      security: bearer,
      params: providerParams,
      querystring: tenantSelector,
      body: importOpenApiInput,
      response: { 200: importResultOutput, ...errors(400, 401, 403, 404, 409, 422) },
    },
    handler: (req) => registry.importOpenApi(actorOf(req), req.tenantId!, req.params.provider_id, req.body),
  });

  r.get('/api/v1/providers/:provider_id/endpoints', {
    config: { access: ownTenantAccess('viewer') },
    schema: { tags, summary: "A provider's endpoints with their schemas and capabilities", security: bearer, params: providerParams, querystring: tenantSelector, response: { 200: z.object({ items: z.array(endpointOutput) }), ...errors(400, 401, 404) } },
    handler: async (req) => ({ items: await registry.listEndpoints(req.tenantId!, req.params.provider_id) }),
  });

  r.post('/api/v1/providers/:provider_id/endpoints', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Declare an endpoint by hand (no OpenAPI document)', security: bearer, params: providerParams, querystring: tenantSelector, body: createEndpointInput, response: { 201: endpointOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: async (req, reply) => reply.status(201).send(await registry.createEndpoint(actorOf(req), req.tenantId!, req.params.provider_id, req.body)),
  });

  r.patch('/api/v1/endpoints/:endpoint_id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Enable or disable an endpoint, change its summary or schema_out', security: bearer, params: z.object({ endpoint_id: z.uuid() }), querystring: tenantSelector, body: updateEndpointInput, response: { 200: endpointOutput, ...errors(400, 401, 403, 404) } },
    handler: (req) => registry.updateEndpoint(actorOf(req), req.tenantId!, req.params.endpoint_id, req.body),
  });

  r.get('/api/v1/capabilities', {
    config: { access: ownTenantAccess('viewer') },
    schema: { tags: ['capabilities'], summary: "The tenant's capabilities with their input and output schemas", security: bearer, querystring: tenantSelector, response: { 200: z.object({ items: z.array(capabilityOutput) }), ...errors(400, 401, 404) } },
    handler: async (req) => ({ items: await registry.listCapabilities(req.tenantId!) }),
  });

  r.post('/api/v1/capabilities', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags: ['capabilities'], summary: 'Publish an endpoint as a capability', security: bearer, querystring: tenantSelector, body: createCapabilityInput, response: { 201: capabilityOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: async (req, reply) => reply.status(201).send(await registry.createCapability(actorOf(req), req.tenantId!, req.body)),
  });

  r.get('/api/v1/capabilities/:name', {
    config: { access: ownTenantAccess('viewer') },
    schema: { tags: ['capabilities'], summary: 'One capability', security: bearer, params: capabilityParams, querystring: tenantSelector, response: { 200: capabilityOutput, ...errors(400, 401, 404) } },
    handler: (req) => registry.getCapability(req.tenantId!, req.params.name),
  });

  r.patch('/api/v1/capabilities/:name', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags: ['capabilities'], summary: 'Change a capability (enable, kind, confirmation, rate limit)', security: bearer, params: capabilityParams, querystring: tenantSelector, body: updateCapabilityInput, response: { 200: capabilityOutput, ...errors(400, 401, 403, 404) } },
    handler: (req) => registry.updateCapability(actorOf(req), req.tenantId!, req.params.name, req.body),
  });

  r.delete('/api/v1/capabilities/:name', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags: ['capabilities'], summary: 'Delete a capability', security: bearer, params: capabilityParams, querystring: tenantSelector, response: { ...noContent, ...errors(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      await registry.deleteCapability(actorOf(req), req.tenantId!, req.params.name);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/cloudflare-apps', {
    config: { access: ownTenantAccess('viewer') },
    schema: { tags, summary: 'Cloudflare Access applications linked to the tenant', security: bearer, querystring: tenantSelector, response: { 200: z.object({ items: z.array(cloudflareAppOutput) }), ...errors(400, 401, 404) } },
    handler: async (req) => ({ items: await registry.listCloudflareApps(req.tenantId!) }),
  });

  r.post('/api/v1/cloudflare-apps', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Link a Cloudflare Access application (team domain and AUD tag)', security: bearer, querystring: tenantSelector, body: createCloudflareAppInput, response: { 201: cloudflareAppOutput, ...errors(400, 401, 403, 404, 409) } },
    handler: async (req, reply) => reply.status(201).send(await registry.linkCloudflareApp(actorOf(req), req.tenantId!, req.body)),
  });

  r.delete('/api/v1/cloudflare-apps/:app_id', {
    config: { access: ownTenantAccess('admin') },
    schema: { tags, summary: 'Unlink a Cloudflare Access application', security: bearer, params: z.object({ app_id: z.uuid() }), querystring: tenantSelector, response: { ...noContent, ...errors(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      await registry.unlinkCloudflareApp(actorOf(req), req.tenantId!, req.params.app_id);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/vault/status', {
    config: { access: platformOnly },
    schema: { tags: ['vault'], summary: 'Master keys and how many tenant data keys each one wraps (platform admin)', security: bearer, response: { 200: vaultStatusOutput, ...errors(401, 403) } },
    handler: (req) => vault.status(actorOf(req)),
  });

  r.post('/api/v1/vault/rotate', {
    config: { access: platformOnly },
    schema: { tags: ['vault'], summary: 'Re-wrap a batch of data keys with the current master key; call until remaining is 0 (platform admin)', security: bearer, body: vaultRotateInput.nullish(), response: { 200: vaultRotateOutput, ...errors(401, 403, 422) } },
    handler: (req) => vault.rotate(actorOf(req), req.body?.batch_size ?? 500),
  });

  // The seed's route: the tenant in the body.
  r.post('/api/providers', {
    config: { access: tenantAccess('admin', 'body') },
    schema: { tags: ['seed compatibility'], summary: 'Register an API provider (alias of POST /api/v1/providers)', security: bearer, body: seedCreateProviderInput, response: { 201: providerRegistrationOutput, ...errors(400, 401, 403, 404, 409, 422) } },
    handler: async (req, reply) => {
      const { tenant_id: _tenant, ...input } = req.body;
      return reply.status(201).send(await registry.createProvider(actorOf(req), req.tenantId!, input));
    },
  });
}
