import { createActionCatalog, createEgressGuard, isUuid, type Clock, type Database, type EgressGuard } from '@smarteros/kernel';
import { type Config } from './config.ts';
import type { Redis } from 'ioredis';
import { createCapabilityActionSource, createGateway, createGatewayActions } from '@smarteros/modules/gateway';
import { createActionRunner, createCloudflareAccessVerifier, createMcpService, type CloudflareAccessDeps } from '@smarteros/modules/mcp';
import { createRegistryService, createVault } from '@smarteros/modules/registry';
import { join } from 'node:path';
import { configureEventValidation, createOutboxRelay } from '@smarteros/kernel';
import {
  createApiKeyService,
  createAuthService,
  createExternalIdentityService,
  createInvitationService,
  createMemberService,
  createPasswordService,
  createPhoneVerificationService,
  invitationCreated,
  passwordResetHandler,
  passwordResetRequested,
  phoneCodeHandler,
  phoneCodeRequested,
  createSessionService,
  createTokenService,
  invitationHandler,
} from '@smarteros/modules/identity';
import { createFileTransport, createNotifier, createSmtpTransport } from '@smarteros/modules/notify';
import { createLifecycleJob, createTenancyActions, createTenancyService } from '@smarteros/modules/tenancy';

/** Builds every module service from its explicit dependencies. The server is the only composition root. */
export function createServices(deps: {
  config: Config;
  db: Database;
  clock: Clock;
  redis?: Redis | undefined;
  resolveTxt?: (name: string) => Promise<string[][]>;
  log?: (line: string) => void;
  /** The egress guard (tests inject one with their own DNS); by default from SMARTEROS_EGRESS_ALLOW. */
  egress?: EgressGuard;
  /** Cloudflare Access team keys (tests give their own); by default fetched from the team's certs URL. */
  cloudflareJwks?: CloudflareAccessDeps['jwksFor'];
}) {
  const { config, db, clock } = deps;
  const tenancy = createTenancyService({ db, clock, baseDomain: config.baseDomain, ...(deps.resolveTxt ? { resolveTxt: deps.resolveTxt } : {}) });
  const apiKeys = createApiKeyService({ db, clock });
  const externalIdentities = createExternalIdentityService({ db, clock });
  const tokens = createTokenService(
    config.jwt,
    config.oidc,
    (ref) => tenancy.findTenantIdByRut({ id: 'system:oidc' }, ref).then((id) => id ?? (isUuid(ref) ? ref.toLowerCase() : undefined)),
    clock,
    (claims) => externalIdentities.link(claims),
  );
  const sessions = createSessionService({ db, clock, tokens, refreshTtlSeconds: config.refreshTtlSeconds, secret: config.jwt.secret });
  const members = createMemberService({ db, clock });
  const auth = createAuthService({ db, clock, tokens, apiKeys, sessions, maxFailures: config.loginMaxFailures });
  const lifecycle = createLifecycleJob({ db, clock, warnDays: config.trial.warnDays });
  const invitations = createInvitationService({ db, clock, secret: config.jwt.secret, sessions, ttlHours: config.invitationTtlHours });
  // Messages: files under the data dir unless SMTP is configured (e-mail); other channels join with Chat.
  const files = createFileTransport(join(config.dataDir, 'outbox-mail'), deps.log);
  const notifier = createNotifier({ transports: config.mail.smtpUrl ? { email: createSmtpTransport(config.mail.smtpUrl, config.mail.from) } : {}, fallback: files });
  const phone = createPhoneVerificationService({ db, clock, secret: config.jwt.secret });
  // Outbox: payloads that fail their schema are refused outside production, and logged in production (events.ts).
  configureEventValidation({ strict: config.env !== 'production', onInvalid: (topic, problem) => deps.log?.(`outbox: ${topic} payload does not match its schema: ${problem}`) });
  const relay = createOutboxRelay({ db, clock });
  relay.subscribe({ name: 'identity.invitation_message', topics: [invitationCreated.name], handler: invitationHandler({ notifier, secret: config.jwt.secret, publicUrl: config.publicUrl }) });
  relay.subscribe({ name: 'identity.phone_code_message', topics: [phoneCodeRequested.name], handler: phoneCodeHandler({ notifier, secret: config.jwt.secret, clock }) });
  const passwords = createPasswordService({ db, clock, secret: config.jwt.secret });
  relay.subscribe({ name: 'identity.password_reset_message', topics: [passwordResetRequested.name], handler: passwordResetHandler({ notifier, secret: config.jwt.secret, publicUrl: config.publicUrl }) });
  // Cognitive connectivity: the registry and vault, and the gateway that calls a company's own APIs.
  const egress = deps.egress ?? createEgressGuard({ allow: config.egressAllow });
  const vault = createVault({ db, ring: config.masterKeys, clock });
  const registry = createRegistryService({ db, clock, vault, egress });
  const gateway = createGateway({ db, clock, registry, vault, egress, options: config.gateway, redis: deps.redis, ...(deps.log ? { warn: deps.log } : {}) });
  const { requestLog, limiter } = gateway;
  // One action catalog: each module's actions, and each tenant's registry capabilities as a dynamic source. The runner
  // (AI-control policy, budget, confirmation, redaction, audit) is the one every caller goes through: MCP, the REST API,
  // the CLI, and next the assistant and automations.
  const actions = createActionCatalog({
    actions: [createTenancyActions({ tenancy }), createGatewayActions({ requestLog })],
    sources: [createCapabilityActionSource({ registry, gateway })],
  });
  const runner = createActionRunner({ db, clock, catalog: actions, limiter, secret: config.jwt.secret, onError: (err) => deps.log?.(`actions: ${(err as Error).message}`) });
  const mcp = createMcpService({ runner });
  const cloudflareAccess = createCloudflareAccessVerifier({ registry, egress, clock, ...(deps.cloudflareJwks ? { jwksFor: deps.cloudflareJwks } : {}) });
  return { tenancy, apiKeys, tokens, sessions, members, invitations, passwords, phone, auth, lifecycle, notifier, relay, egress, vault, registry, requestLog, gateway, actions, runner, mcp, cloudflareAccess };
}

export type AppServices = ReturnType<typeof createServices>;
