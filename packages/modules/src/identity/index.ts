// identity: principals and roles, password login, access tokens, external identity (JWKS) and tenant API keys.
export { authorizeTenant, requirePlatformAdmin, isPlatformAdmin, roleAtLeast, ROLES, type Principal, type Role } from './principal.ts';
export { createTokenService, type TokenService, type TokenConfig, type ExternalIdpConfig } from './token.ts';
export { createApiKeyService, looksLikeApiKey, type ApiKeyService } from './api-key.service.ts';
export { createAuthService, type AuthService, type LoginResult } from './auth.service.ts';
export { hashPassword, verifyPassword } from './password.ts';
export * from './identity.schema.ts';
