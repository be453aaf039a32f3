// identity: principals and roles, password login, access tokens, external identity (JWKS) and tenant API keys.
import { defineModule } from '@smarteros/kernel';
import { setupIdentity } from './identity.setup.ts';
import { IDENTITY_EVENTS } from './identity.events.ts';
import { IDENTITY_ERRORS } from './identity.errors.ts';
import { IDENTITY_CONFIG } from './identity.config.ts';
export { authorizeTenant, requirePlatformAdmin, isPlatformAdmin, roleAtLeast, ROLES, type Principal, type Role } from './principal.ts';
export { createTokenService, type TokenService, type TokenConfig, type ExternalIdpConfig } from './token.ts';
export { createApiKeyService, looksLikeApiKey, type ApiKeyService } from './api-key.service.ts';
export { createAuthService, LOGIN_FAILURE_WINDOW_MS, type AuthService, type LoginResult } from './auth.service.ts';
export { createSessionService, type SessionService, type SessionTokens, type SessionMeta } from './session.service.ts';
export { createMemberService, recordSecurityEvent, type MemberService, type MemberOutput } from './member.service.ts';
export { hashPassword, verifyPassword } from './password.ts';
export * from './identity.schema.ts';
export { createInvitationService, invitationHandler, invitationMessage, formatDateTimeEs, invitationToken, type InvitationService, type InvitationOutput } from './invitation.service.ts';
export { normalizePhone } from './phone-number.ts';
export { createExternalIdentityService, type ExternalIdentityService, type ExternalClaims } from './external-identity.service.ts';
export {
  createPhoneVerificationService,
  phoneCodeHandler,
  codeFor,
  PHONE_CODE_TOPIC,
  type PhoneVerificationService,
  type PhoneChannel,
  type PhonePurpose,
} from './phone.service.ts';
export { createPasswordService, passwordResetHandler, passwordResetToken, PASSWORD_RESET_TOPIC, PASSWORD_RESET_TTL_MS, PASSWORD_RESET_MAX_PER_HOUR, type PasswordService } from './password.service.ts';
export { deviceLabel } from './user-agent.ts';
export { invitationCreated, phoneCodeRequested, passwordResetRequested, IDENTITY_EVENTS } from './identity.events.ts';
export type * from './identity.tables.ts';
export { IDENTITY_ERRORS, IDENTITY_CONFIG };

export { setupIdentity };

/** What the identity module brings besides its services (see ModuleManifest). */
export const identityModule = defineModule({ name: 'identity', tables: ['users', 'memberships', 'api_keys', 'sessions', 'security_events', 'user_auth', 'invitations', 'user_identities', 'password_resets'], setup: setupIdentity, errors: IDENTITY_ERRORS, config: IDENTITY_CONFIG, events: IDENTITY_EVENTS });
