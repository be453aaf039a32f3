import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { Clock, Database } from '@smarteros/kernel';
import type { Config } from './config.ts';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { assertAccessDeclared, registerAccessControl } from './http/access.ts';
import { registerConsole } from './http/console.ts';
import { registerErrorHandling } from './http/errors.ts';
import { registerIdempotency } from './http/idempotency.ts';
import { actionRoutes } from './routes/actions.routes.ts';
import { aiProvidersRoutes } from './routes/ai-providers.routes.ts';
import { aiRoutes } from './routes/ai.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { chatRoutes } from './routes/chat.routes.ts';
import { chatInboxOpsRoutes } from './routes/chat-inbox-ops.routes.ts';
import { chatwootRoutes } from './routes/chatwoot.routes.ts';
import { chatMediaRoutes } from './routes/chat-media.routes.ts';
import { chatTemplateRoutes } from './routes/chat-templates.routes.ts';
import { chatApiChannelRoutes } from './routes/chat-api-channel.routes.ts';
import { erpPaymentRoutes } from './routes/erp-payments.routes.ts';
import { erpRoutes } from './routes/erp.routes.ts';
import { erpSyncRoutes } from './routes/erp-sync.routes.ts';
import { chatWebRoutes } from './routes/chat-web.routes.ts';
import { invitationRoutes, memberRoutes } from './routes/members.routes.ts';
import { mcpRoutes } from './mcp/mcp.routes.ts';
import { mcpAdminRoutes } from './routes/mcp-admin.routes.ts';
import { outboxRoutes } from './routes/outbox.routes.ts';
import { gatewayRoutes } from './routes/gateway.routes.ts';
import { phoneRoutes } from './routes/phone.routes.ts';
import { registryRoutes } from './routes/registry.routes.ts';
import { seedRoutes } from './routes/seed.routes.ts';
import { systemRoutes, VERSION } from './routes/system.routes.ts';
import { tenantRoutes } from './routes/tenants.routes.ts';
import type { AppServices } from './services.ts';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppDeps {
  config: Config;
  db: Database;
  clock: Clock;
  services: AppServices;
  redis?: Redis | undefined;
  logger?: boolean;
  /** Where log lines go (default standard output); tests capture them here. */
  logStream?: { write(line: string): void } | undefined;
  /** The built web console (default apps/web/dist); when it has no index.html, `/` answers 503 with how to build it. */
  consoleDir?: string | undefined;
}

/** The HTTP adapter: Fastify, zod validation, OpenAPI at /api/docs, access control on every route. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger:
      deps.logger === false || config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            ...(deps.logStream ? { stream: deps.logStream } : {}),
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]', 'req.headers["x-visitor-token"]'], censor: '[redacted]' },
          },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
    requestIdHeader: false,
  });
  // Before any plugin: every route, the plugins' too, must declare who may call it.
  app.addHook('onRoute', assertAccessDeclared);
  // JSON only: a text/plain body would otherwise reach validation as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(fastifyRateLimit, {
    global: false,
    ...(deps.redis ? { redis: deps.redis, nameSpace: 'smarteros:ratelimit:' } : {}),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'SmarterOS API',
        version: VERSION,
        description:
          'The control plane of SmarterOS: tenants (companies with a RUT), products with trials, domains, integrations and API keys. ' +
          'Errors always have the shape { "error": { "code", "message", "details" } }. Creating POSTs accept an Idempotency-Key header.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An access token from /api/v1/auth/login, an sk_ API key, or an external IdP token' } } },
    },
    transform: jsonSchemaTransform,
    // The schemas routes name by id (Error, ApiProvider, ...) go into components.schemas, so every $ref resolves.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  registerAccessControl(app, deps.services);
  registerIdempotency(app, { db: deps.db, clock: deps.clock });

  systemRoutes(app, { db: deps.db, config, redis: deps.redis, startedAt: deps.clock.now() });
  const cookie = { publicUrl: config.publicUrl, refreshTtlSeconds: config.refreshTtlSeconds };
  authRoutes(app, deps.services, { loginMaxPerMinute: config.loginMaxPerMinute, ...cookie });
  tenantRoutes(app, deps.services);
  memberRoutes(app, deps.services);
  invitationRoutes(app, deps.services, { loginMaxPerMinute: config.loginMaxPerMinute, ...cookie });
  phoneRoutes(app, deps.services);
  seedRoutes(app, deps.services);
  registryRoutes(app, deps.services);
  gatewayRoutes(app, deps.services);
  mcpRoutes(app, deps.services, config);
  mcpAdminRoutes(app, deps.services);
  actionRoutes(app, deps.services);
  outboxRoutes(app, deps.services);
  aiRoutes(app, deps.services);
  aiProvidersRoutes(app, deps.services);
  chatRoutes(app, deps.services);
  chatInboxOpsRoutes(app, deps.services);
  chatwootRoutes(app, deps.services);
  chatTemplateRoutes(app, deps.services);
  chatMediaRoutes(app, deps.services);
  chatWebRoutes(app, deps.services);
  chatApiChannelRoutes(app, deps.services);
  erpRoutes(app, deps.services);
  erpSyncRoutes(app, deps.services);
  erpPaymentRoutes(app, deps.services);
  await registerConsole(app, { dir: deps.consoleDir });
  await app.ready();
  return app;
}
