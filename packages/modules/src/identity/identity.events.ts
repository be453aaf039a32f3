import { defineEvent } from '@smarteros/kernel';
import { z } from 'zod';

/** The events identity publishes. Neither carries a secret: the handlers recompute links and codes from the ids. */
export const invitationCreated = defineEvent(
  'invitation.created',
  z.object({
    tenant_id: z.uuid(),
    invitation_id: z.uuid(),
    business_name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    role: z.enum(['owner', 'admin', 'agent', 'viewer']),
    expires_at: z.iso.datetime({ offset: true }),
  }),
  { aggregate: (p) => `invitation:${p.invitation_id}` },
);

export const phoneCodeRequested = defineEvent(
  'phone_code.requested',
  z.object({
    tenant_id: z.uuid(),
    verification_id: z.uuid(),
    phone: z.string(),
    channel: z.enum(['sms', 'whatsapp']),
    expires_at: z.iso.datetime({ offset: true }),
  }),
  // The phone is the aggregate. The message subscriber is not ordered: a code that failed must not hold back the
  // new one the person asks for.
  { aggregate: (p) => `phone:${p.phone}` },
);

/** Every event of identity. */
/** A person asked to reset their password: the handler e-mails a link whose token it derives from the id (no secret here). */
export const passwordResetRequested = defineEvent(
  'identity.password_reset_requested',
  z.object({ reset_id: z.uuid(), email: z.email(), expires_at: z.iso.datetime({ offset: true }) }),
  { aggregate: (p) => `password_reset:${p.reset_id}` },
);

export const IDENTITY_EVENTS = [invitationCreated, phoneCodeRequested, passwordResetRequested] as const;
