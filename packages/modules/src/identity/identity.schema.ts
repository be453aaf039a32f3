import { TENANT_ROLES } from '@smarteros/kernel';
import { z } from 'zod';

export const tenantRole = z.enum(TENANT_ROLES as [string, ...string[]]);

export const loginInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('must be an e-mail address')),
  password: z.string().min(1, 'is required').max(1024),
  tenant_id: z.uuid().optional().meta({ description: 'Scope the token to one of your tenants' }),
});
export type LoginInput = z.infer<typeof loginInput>;

export const loginOutput = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  refresh_token: z.string().meta({ description: 'Single use: POST it to /api/v1/auth/refresh for a new pair' }),
  refresh_expires_in: z.number().int(),
  role: z.string(),
  tenant_id: z.string().nullable(),
});

export const refreshInput = z.object({ refresh_token: z.string().min(1).max(200) });
export const switchTenantInput = z.object({ tenant_id: z.uuid(), refresh_token: z.string().min(1).max(200) });

export const sessionOutput = z.object({
  id: z.string().meta({ description: 'The session (refresh-token family); DELETE /api/v1/auth/sessions/:id closes it' }),
  device: z.string().meta({ description: 'Readable browser and system, e.g. "Chrome 131 en Windows", "SmarterOS CLI"' }),
  tenant_id: z.string().nullable(),
  last_used_at: z.string(),
  expires_at: z.string(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  current: z.boolean(),
});

export const memberOutput = z.object({
  user_id: z.uuid(),
  email: z.string(),
  display_name: z.string().nullable(),
  role: z.string(),
  joined_at: z.string(),
  last_login_at: z.string().nullable(),
});

export const addMemberInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('must be an e-mail address').max(254)),
  role: tenantRole,
  display_name: z.string().trim().min(1).max(120).optional(),
  password: z.string().min(12, 'must have at least 12 characters').max(1024).optional().meta({ description: 'Required when the person has no account yet' }),
});

export const changeRoleInput = z.object({ role: tenantRole });

export const myTenantOutput = z.object({ tenant_id: z.uuid(), role: z.string(), business_name: z.string(), rut: z.string(), status: z.string() });

const actorFields = {
  actor: z.string().meta({ description: 'Who, as stored: user:<id>, api_key:<id>, an e-mail, system ...' }),
  actor_kind: z.string().meta({ description: 'user, api_key, external, oidc, system ...' }),
  actor_name: z.string().nullable().meta({ description: "The person's name (or e-mail), or the API key's name; null when unknown" }),
  actor_email: z.string().nullable(),
};

export const securityEventOutput = z.object({
  id: z.number().int(),
  occurred_at: z.string(),
  ...actorFields,
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const auditEntryOutput = z.object({
  id: z.number().int(),
  operation: z.string(),
  ...actorFields,
  target_tenant: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});

export const logQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(20).optional().meta({ description: 'next_cursor of the previous page (older entries)' }),
  before: z.coerce.number().int().positive().optional().meta({ description: 'Entries older than this id (cursor is preferred)' }),
  operation: z.string().max(100).optional().meta({ description: 'Platform audit: only this operation' }),
  action: z.string().max(100).optional().meta({ description: 'Security log: only this action' }),
});

/** A log page: newest first, next_cursor for older entries. */
export const logPageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next_cursor: z.string().nullable() });

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  role: tenantRole.default('viewer'),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;

const isoDate = z.string().meta({ format: 'date-time' });

export const apiKeyOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.string(),
  hint: z.string().meta({ description: 'Last 4 characters of the key' }),
  created_by: z.string(),
  created_at: isoDate,
  last_used_at: isoDate.nullable(),
  revoked_at: isoDate.nullable(),
});
export type ApiKeyOutput = z.infer<typeof apiKeyOutput>;

export const createdApiKeyOutput = z.object({
  id: z.uuid(),
  key: z.string().meta({ description: 'Shown once. Send as Authorization: Bearer <key>' }),
  name: z.string(),
  role: z.string(),
  hint: z.string(),
});

export const principalOutput = z.object({
  kind: z.string(),
  id: z.string(),
  role: z.string(),
  tenant_id: z.string().nullable(),
  name: z.string().nullable().meta({ description: "The person's display name (an API key: its name)" }),
  email: z.string().nullable().meta({ description: "The person's e-mail (null for API keys and external tokens)" }),
  session_id: z.string().nullable().meta({ description: 'The session of this access token (people)' }),
});

const newPassword = z.string().min(12, 'must have at least 12 characters').max(1024);
export const changePasswordInput = z.object({ current_password: z.string().min(1, 'is required').max(1024), new_password: newPassword });
export const passwordResetRequestInput = z.object({ email: z.string().trim().toLowerCase().pipe(z.email('must be an e-mail address').max(254)) });
export const passwordResetConfirmInput = z.object({ token: z.string().min(10).max(200), new_password: newPassword });

export const inviteInput = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email('must be an e-mail address').max(254)).optional(),
    phone: z.string().trim().min(8).max(30).optional().meta({ description: 'Chilean numbers may omit +56' }),
    role: tenantRole,
  })
  .refine((v) => v.email !== undefined || v.phone !== undefined, { message: 'give an email or a phone', path: ['email'] });

export const invitationOutput = z.object({
  id: z.uuid(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.string(),
  invited_by: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  state: z.enum(['pending', 'accepted', 'revoked', 'expired']),
});

export const invitationTokenInput = z.object({ token: z.string().min(10).max(200) });

export const invitationPreviewOutput = z.object({
  tenant_id: z.uuid(),
  business_name: z.string(),
  role: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  expires_at: z.string(),
});

export const acceptInvitationInput = z.object({
  token: z.string().min(10).max(200),
  email: z.string().trim().toLowerCase().pipe(z.email('must be an e-mail address').max(254)).optional().meta({ description: 'Only for invitations sent to a phone' }),
  password: z.string().min(12, 'must have at least 12 characters').max(1024),
  display_name: z.string().trim().min(1).max(120).optional(),
});
