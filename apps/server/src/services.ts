import { createEgressGuard, isUuid, type Clock, type Config, type Database, type EgressGuard } from '@smarteros/kernel';
import type { Redis } from 'ioredis';
import {
  createCircuitBreaker,
  createGatewayService,
  createMemoryRateLimiter,
  createOAuth2TokenCache,
  createRedisRateLimiter,
  createRequestLog,
} from '@smarteros/modules/gateway';
import { createCloudflareAccessVerifier, createMcpService, type CloudflareAccessDeps } from '@smarteros/modules/mcp';
import { createRegistryService, createVault } from '@smarteros/modules/registry';
import { join } from 'node:path';
import { createOutboxRelay } from '@smarteros/kernel';
import {
  createApiKeyService,
  createAuthService,
  createExternalIdentityService,
  createInvitationService,
  createMemberService,
  createPasswordService,
  createPhoneVerificationService,
  PASSWORD_RESET_TOPIC,
  passwordResetHandler,
  PHONE_CODE_TOPIC,
  phoneCodeHandler,
  createSessionService,
  createTokenService,
  invitationHandler,
} from '@smarteros/modules/identity';
import { createFileTransport, createNotifier, createSmtpTransport } from '@smarteros/modules/notify';
import { createLifecycleJob, createTenancyService } from '@smarteros/modules/tenancy';

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
  const relay = createOutboxRelay({ db });
  relay.subscribe('invitation.created', invitationHandler({ notifier, secret: config.jwt.secret, publicUrl: config.publicUrl }));
  const passwords = createPasswordService({ db, clock, secret: config.jwt.secret });
  relay.subscribe(PASSWORD_RESET_TOPIC, passwordResetHandler({ notifier, secret: config.jwt.secret, publicUrl: config.publicUrl }));
  relay.subscribe(PHONE_CODE_TOPIC, phoneCodeHandler({ notifier, secret: config.jwt.secret, clock }));
  // Cognitive connectivity: the registry and vault, and the gateway that calls a company's own APIs.
  const egress = deps.egress ?? createEgressGuard({ allow: config.egressAllow });
  const vault = createVault({ db, ring: config.masterKeys, clock });
  const registry = createRegistryService({ db, clock, vault, egress });
  const gw = config.gateway;
  // During an outage every call would report the same failure: say it once a minute.
  let lastRedisWarning = 0;
  const redisWarning = (err: unknown) => {
    const now = Date.now();
    if (now - lastRedisWarning < 60_000) return;
    lastRedisWarning = now;
    deps.log?.(`gateway rate limits: Redis is failing (${(err as Error).message}); calls pass unlimited until it is back`);
  };
  const requestLog = createRequestLog({ db, clock, retentionDays: gw.logRetentionDays, onError: (err) => deps.log?.(`gateway request log: ${(err as Error).message}`) });
  const limiter = deps.redis ? createRedisRateLimiter({ redis: deps.redis, onError: redisWarning }) : createMemoryRateLimiter();
  const gateway = createGatewayService({
    registry,
    vault,
    egress,
    limiter,
    breaker: createCircuitBreaker(),
    oauth2: createOAuth2TokenCache({ egress, clock, timeoutMs: gw.timeoutMs }),
    log: requestLog,
    clock,
    options: gw,
  });
  // The MCP layer: tools from capabilities and the platform, under each tenant's AI-control policy.
  const mcp = createMcpService({ db, clock, registry, gateway, tenancy, requestLog, limiter, secret: config.jwt.secret, onError: (err) => deps.log?.(`mcp: ${(err as Error).message}`) });
  const cloudflareAccess = createCloudflareAccessVerifier({ registry, egress, clock, ...(deps.cloudflareJwks ? { jwksFor: deps.cloudflareJwks } : {}) });
  return { tenancy, apiKeys, tokens, sessions, members, invitations, passwords, phone, auth, lifecycle, notifier, relay, egress, vault, registry, requestLog, gateway, mcp, cloudflareAccess };
}

export type AppServices = ReturnType<typeof createServices>;
