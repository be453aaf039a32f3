import { isUuid, type Clock, type Config, type Database } from '@smarteros/kernel';
import { join } from 'node:path';
import { createOutboxRelay } from '@smarteros/kernel';
import {
  createApiKeyService,
  createAuthService,
  createExternalIdentityService,
  createInvitationService,
  createMemberService,
  createPhoneVerificationService,
  PHONE_CODE_TOPIC,
  phoneCodeHandler,
  createSessionService,
  createTokenService,
  invitationHandler,
} from '@smarteros/modules/identity';
import { createFileTransport, createNotifier, createSmtpTransport } from '@smarteros/modules/notify';
import { createLifecycleJob, createTenancyService } from '@smarteros/modules/tenancy';

/** Builds every module service from its explicit dependencies. The server is the only composition root. */
export function createServices(deps: { config: Config; db: Database; clock: Clock; resolveTxt?: (name: string) => Promise<string[][]>; log?: (line: string) => void }) {
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
  const sessions = createSessionService({ db, clock, tokens, refreshTtlSeconds: config.refreshTtlSeconds });
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
  relay.subscribe(PHONE_CODE_TOPIC, phoneCodeHandler({ notifier, secret: config.jwt.secret, clock }));
  return { tenancy, apiKeys, tokens, sessions, members, invitations, phone, auth, lifecycle, notifier, relay };
}

export type AppServices = ReturnType<typeof createServices>;
