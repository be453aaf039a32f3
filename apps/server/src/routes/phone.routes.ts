import { AppError } from '@smarteros/kernel';
import type { Principal } from '@smarteros/modules/identity';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticated, tenantAccess } from '../http/access.ts';
import { bearer, errors, tenantParams } from './common.ts';

/**
 * Phone verification: a tenant (agent or higher) sends a 6-digit code to a phone by SMS or WhatsApp and checks it;
 * a person verifies their own phone under /api/v1/me/phone (it becomes users.phone). See the phone service.
 */
type PhoneChannel = 'sms' | 'whatsapp';

/** What these routes need of the services (AppServices has it once the phone service is wired). */
export interface PhoneRouteServices {
  phone: {
    request(
      tenantId: string,
      input: { phone: string; channel?: PhoneChannel | undefined; userId?: string | undefined },
      by?: Principal,
    ): Promise<{ id: string; phone: string; channel: PhoneChannel; expires_at: string }>;
    verify(tenantId: string, input: { phone: string; code: string }, options?: { by?: Principal; userId?: string }): Promise<{ verified: true; phone: string }>;
  };
}

const phoneField = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(32)
  .meta({ description: 'Phone number, any spelling; Chilean numbers may omit +56 (normalized to E.164)', examples: ['+56 9 8765 4321'] });
const channelField = z.enum(['sms', 'whatsapp']).default('sms').meta({ description: 'How the code is sent' });

export const phoneVerificationInput = z.object({ phone: phoneField, channel: channelField });
export const phoneVerifyInput = z.object({
  phone: phoneField,
  code: z
    .string()
    .trim()
    .regex(/^[0-9]{3} ?[0-9]{3}$/, 'must be the 6 digits of the message')
    .meta({ description: 'The 6-digit code sent to the phone', examples: ['123456'] }),
});
export const phoneVerificationOutput = z
  .object({
    id: z.uuid(),
    phone: z.string().meta({ description: 'E.164' }),
    channel: z.enum(['sms', 'whatsapp']),
    expires_at: z.string().meta({ description: 'The code is valid for 10 minutes and 5 attempts' }),
  })
  .meta({ id: 'PhoneVerification' });
export const phoneVerifiedOutput = z.object({ verified: z.literal(true), phone: z.string() }).meta({ id: 'PhoneVerified' });

/** The person and tenant of a /me request: a person with an account, acting in one tenant. */
function personInTenant(req: FastifyRequest): { person: Principal; tenantId: string } {
  const p = req.principal!;
  if (p.kind !== 'user') throw new AppError('forbidden', 'Only a person with an account can verify their own phone');
  if (!p.tenantId) throw new AppError('forbidden', 'Act in one of your tenants first (switch tenant), then verify your phone');
  return { person: p, tenantId: p.tenantId };
}

export function phoneRoutes(app: FastifyInstance, services: PhoneRouteServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { phone } = services;
  const tags = ['phone'];
  const limits =
    'At most one code a minute and five an hour per phone and tenant (429 rate_limited with details.retry_after_seconds and Retry-After).';
  const attempts = 'A wrong code answers 422 unprocessable with details.attempts_left; after 5 wrong codes, 429 rate_limited (request a new code).';

  r.post('/api/v1/tenants/:id/phone-verifications', {
    config: { access: tenantAccess('agent'), idempotent: true },
    schema: {
      tags,
      summary: 'Send a 6-digit code to a phone by SMS or WhatsApp (agent or higher)',
      description: limits,
      security: bearer,
      params: tenantParams,
      body: phoneVerificationInput,
      response: { 201: phoneVerificationOutput, ...errors(400, 401, 403, 404, 409, 429) },
    },
    handler: async (req, reply) => reply.status(201).send(await phone.request(req.tenantId!, req.body, req.principal!)),
  });

  r.post('/api/v1/tenants/:id/phone-verifications/verify', {
    config: { access: tenantAccess('agent') },
    schema: {
      tags,
      summary: 'Check a code sent to a phone (agent or higher)',
      description: attempts,
      security: bearer,
      params: tenantParams,
      body: phoneVerifyInput,
      response: { 200: phoneVerifiedOutput, ...errors(400, 401, 403, 404, 422, 429) },
    },
    handler: (req) => phone.verify(req.tenantId!, req.body, { by: req.principal! }),
  });

  r.post('/api/v1/me/phone', {
    config: { access: authenticated, idempotent: true },
    schema: {
      tags,
      summary: 'Start verifying your own phone: a code is sent to it',
      description: `For a person acting in a tenant. ${limits}`,
      security: bearer,
      body: phoneVerificationInput,
      response: { 201: phoneVerificationOutput, ...errors(400, 401, 403, 404, 409, 429) },
    },
    handler: async (req, reply) => {
      const { person, tenantId } = personInTenant(req);
      return reply.status(201).send(await phone.request(tenantId, { ...req.body, userId: person.id }, person));
    },
  });

  r.post('/api/v1/me/phone/verify', {
    config: { access: authenticated },
    schema: {
      tags,
      summary: 'Check the code sent to your phone; it becomes your verified phone',
      description: attempts,
      security: bearer,
      body: phoneVerifyInput,
      response: { 200: phoneVerifiedOutput, ...errors(400, 401, 403, 404, 422, 429) },
    },
    handler: (req) => {
      const { person, tenantId } = personInTenant(req);
      return phone.verify(tenantId, req.body, { by: person, userId: person.id });
    },
  });
}
