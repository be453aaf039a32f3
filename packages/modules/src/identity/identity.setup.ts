import { isUuid, type ModuleContext, type ModuleParts, type PlatformServices } from '@smarteros/kernel';
import { createApiKeyService, type ApiKeyService } from './api-key.service.ts';
import { createAuthService, type AuthService } from './auth.service.ts';
import { createExternalIdentityService } from './external-identity.service.ts';
import { invitationCreated, passwordResetRequested, phoneCodeRequested } from './identity.events.ts';
import { createInvitationService, invitationHandler, type InvitationService } from './invitation.service.ts';
import { createMemberService, type MemberService } from './member.service.ts';
import { createPasswordService, passwordResetHandler, type PasswordService } from './password.service.ts';
import { createPhoneVerificationService, phoneCodeHandler, type PhoneVerificationService } from './phone.service.ts';
import { createSessionService, type SessionService } from './session.service.ts';
import { createTokenService, type TokenService } from './token.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    apiKeys: ApiKeyService;
    tokens: TokenService;
    sessions: SessionService;
    members: MemberService;
    auth: AuthService;
    invitations: InvitationService;
    passwords: PasswordService;
    phone: PhoneVerificationService;
  }
}

type IdentityServices = 'apiKeys' | 'tokens' | 'sessions' | 'members' | 'auth' | 'invitations' | 'passwords' | 'phone';

/** Principals, sessions, API keys, members and invitations, passwords and phone codes; the messages they send. */
export function setupIdentity(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, IdentityServices>> {
  const { db, clock, config } = ctx;
  const tenancy = ctx.use('tenancy');
  const notifier = ctx.use('notifier');
  const secret = config.jwt.secret;
  const apiKeys = createApiKeyService({ db, clock });
  const externalIdentities = createExternalIdentityService({ db, clock });
  // A token's tenant claim may be a RUT (the seed's IdP) or the tenant's id.
  const tokens = createTokenService(
    config.jwt,
    config.oidc,
    (ref) => tenancy.findTenantIdByRut({ id: 'system:oidc' }, ref).then((id) => id ?? (isUuid(ref) ? ref.toLowerCase() : undefined)),
    clock,
    (claims) => externalIdentities.link(claims),
  );
  const sessions = createSessionService({ db, clock, tokens, refreshTtlSeconds: config.refreshTtlSeconds, secret });
  return {
    services: {
      apiKeys,
      tokens,
      sessions,
      members: createMemberService({ db, clock }),
      auth: createAuthService({ db, clock, tokens, apiKeys, sessions, maxFailures: config.loginMaxFailures }),
      invitations: createInvitationService({ db, clock, secret, sessions, ttlHours: config.invitationTtlHours }),
      passwords: createPasswordService({ db, clock, secret }),
      phone: createPhoneVerificationService({ db, clock, secret }),
    },
    subscribers: [
      { name: 'identity.invitation_message', topics: [invitationCreated.name], handler: invitationHandler({ notifier, secret, publicUrl: config.publicUrl }) },
      { name: 'identity.phone_code_message', topics: [phoneCodeRequested.name], handler: phoneCodeHandler({ notifier, secret, clock }) },
      { name: 'identity.password_reset_message', topics: [passwordResetRequested.name], handler: passwordResetHandler({ notifier, secret, publicUrl: config.publicUrl }) },
    ],
  };
}
