import { isValidRut } from '@smarteros/kernel';
import { z } from 'zod';
import { chatChannel, conversationStatus } from './chat.schema.ts';

/** HTTP shapes of the agent's inbox operations: labels, canned responses, the contact panel, status, counts. */

const labelName = z.string().trim().min(1).max(50);
const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb')
  .transform((c) => c.toLowerCase());

export const labelInput = z.object({ name: labelName, color: color.optional().meta({ description: 'Colour as #rrggbb (default slate)' }) }).strict();
export const labelUpdate = z
  .object({ name: labelName.optional(), color: color.optional() })
  .strict()
  .refine((v) => v.name !== undefined || v.color !== undefined, { message: 'give name or color', path: ['name'] });
export const labelOutput = z.object({ id: z.uuid(), name: z.string(), color: z.string(), conversations: z.number().int().meta({ description: 'Conversations that carry it' }), created_at: z.string() }).meta({ id: 'ChatLabel' });
export type LabelOutput = z.infer<typeof labelOutput>;

const shortCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'letters, digits, - and _ (up to 32), without the /');
export const cannedInput = z.object({ short_code: shortCode, content: z.string().trim().min(1).max(4096) }).strict();
export const cannedUpdate = z
  .object({ short_code: shortCode.optional(), content: z.string().trim().min(1).max(4096).optional() })
  .strict()
  .refine((v) => v.short_code !== undefined || v.content !== undefined, { message: 'give short_code or content', path: ['short_code'] });
export const cannedQuery = z.object({ q: z.string().trim().max(32).optional().meta({ description: 'Short codes that start with it (what follows the / in the reply box)' }) });
export const cannedOutput = z.object({ id: z.uuid(), short_code: z.string(), content: z.string(), created_at: z.string(), updated_at: z.string() }).meta({ id: 'ChatCannedResponse' });
export type CannedOutput = z.infer<typeof cannedOutput>;

export const contactUpdate = z
  .object({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    email: z.email().max(254).nullable().optional(),
    rut: z.string().trim().max(20).refine(isValidRut, 'not a valid RUT (its check digit does not match)').nullable().optional().meta({ description: 'Chilean RUT in any spelling (12.345.678-5, 12345678-5); null clears it' }),
  })
  .strict()
  .refine((v) => v.name !== undefined || v.email !== undefined || v.rut !== undefined, { message: 'give name, email or rut', path: ['name'] });
export type ContactUpdate = z.infer<typeof contactUpdate>;

export const contactOutput = z
  .object({
    id: z.uuid(),
    name: z.string().nullable(),
    phone: z.string().nullable().meta({ description: 'E.164' }),
    email: z.string().nullable(),
    rut: z.string().nullable().meta({ description: 'Formatted 12.345.678-5' }),
    unreachable: z.boolean(),
    identities: z.array(z.object({ inbox_id: z.uuid(), inbox_name: z.string(), channel: chatChannel, external_id: z.string(), business_scoped_id: z.string().nullable() })),
    conversations: z.array(
      z.object({ id: z.uuid(), inbox_id: z.uuid(), channel: chatChannel, status: conversationStatus, created_at: z.string(), last_message_at: z.string().nullable(), resolved_at: z.string().nullable(), csat_score: z.number().int().nullable(), messages: z.number().int() }),
    ).meta({ description: "The contact's conversations, newest first" }),
    created_at: z.string(),
  })
  .meta({ id: 'ChatContact' });
export type ContactOutput = z.infer<typeof contactOutput>;

export const statusInput = z
  .object({
    status: conversationStatus.meta({ description: 'resolved (resolve), open (reopen), pending, or snoozed with snoozed_until' }),
    snoozed_until: z.iso.datetime({ offset: true }).optional().meta({ description: 'With snoozed: when it opens again (it also does when the customer writes)' }),
  })
  .strict();

const tally = z.object({ conversations: z.number().int(), unread: z.number().int().meta({ description: 'Conversations with unread messages' }) });
export const countsOutput = z
  .object({
    statuses: z.object({ open: tally, pending: tally, resolved: tally, snoozed: tally }),
    inboxes: z.array(z.object({ inbox_id: z.uuid(), statuses: z.object({ open: tally, pending: tally, resolved: tally, snoozed: tally }) })),
    mine: tally.meta({ description: "The caller's conversations that are not resolved" }),
    unassigned: tally.meta({ description: 'Open or pending conversations without an assignee' }),
  })
  .meta({ id: 'ChatCounts' });
export type CountsOutput = z.infer<typeof countsOutput>;
