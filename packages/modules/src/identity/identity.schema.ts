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
  role: z.string(),
  tenant_id: z.string().nullable(),
});

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
});
