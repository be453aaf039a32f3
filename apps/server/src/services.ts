import { isUuid, type Clock, type Config, type Database } from '@smarteros/kernel';
import { createApiKeyService, createAuthService, createMemberService, createSessionService, createTokenService } from '@smarteros/modules/identity';
import { createLifecycleJob, createTenancyService } from '@smarteros/modules/tenancy';

/** Builds every module service from its explicit dependencies. The server is the only composition root. */
export function createServices(deps: { config: Config; db: Database; clock: Clock; resolveTxt?: (name: string) => Promise<string[][]> }) {
  const { config, db, clock } = deps;
  const tenancy = createTenancyService({ db, clock, baseDomain: config.baseDomain, ...(deps.resolveTxt ? { resolveTxt: deps.resolveTxt } : {}) });
  const apiKeys = createApiKeyService({ db, clock });
  const tokens = createTokenService(
    config.jwt,
    config.oidc,
    (ref) => tenancy.findTenantIdByRut({ id: 'system:oidc' }, ref).then((id) => id ?? (isUuid(ref) ? ref.toLowerCase() : undefined)),
    clock,
  );
  const sessions = createSessionService({ db, clock, tokens, refreshTtlSeconds: config.refreshTtlSeconds });
  const members = createMemberService({ db, clock });
  const auth = createAuthService({ db, clock, tokens, apiKeys, sessions, maxFailures: config.loginMaxFailures });
  const lifecycle = createLifecycleJob({ db, clock, warnDays: config.trial.warnDays });
  return { tenancy, apiKeys, tokens, sessions, members, auth, lifecycle };
}

export type AppServices = ReturnType<typeof createServices>;
