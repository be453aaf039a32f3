import { z } from 'zod';

/** HTTP shapes of the outbox's deliveries (the console's dead-letter page and the CLI use them). */
export const deliveryStatus = z.enum(['pending', 'delivered', 'dead']).meta({ id: 'OutboxDeliveryStatus' });
const subscriberName = z.string().regex(/^[a-z0-9_.:-]{1,100}$/).meta({ description: 'Subscriber name, e.g. identity.invitation_message' });

export const deliveryOutput = z
  .object({
    tenant_id: z.uuid(),
    event_id: z.number().int(),
    subscriber: z.string(),
    topic: z.string(),
    aggregate: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
    status: deliveryStatus,
    attempts: z.number().int(),
    max_attempts: z.number().int().nullable().meta({ description: 'Attempts before dead, for this subscriber on this server (null: not registered here)' }),
    next_attempt_at: z.string().nullable().meta({ description: 'When a pending delivery is next tried' }),
    leased_until: z.string().nullable().meta({ description: 'A worker is running it until then' }),
    last_error: z.string().nullable().meta({ description: "The last attempt's error, trimmed, secrets removed" }),
    occurred_at: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    delivered_at: z.string().nullable(),
  })
  .meta({ id: 'OutboxDelivery' });

export const deliveriesQuery = z.object({
  status: deliveryStatus.optional(),
  subscriber: subscriberName.optional(),
  topic: z.string().min(1).max(100).optional(),
  tenant_id: z.string().min(1).max(64).optional().meta({ description: 'Platform admins: one tenant (id or RUT); without it, every tenant' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(200).optional().meta({ description: 'next_cursor of the previous page' }),
});

export const deliveriesPage = z.object({ items: z.array(deliveryOutput), next_cursor: z.string().nullable() }).meta({ id: 'OutboxDeliveryPage' });

export const retryDeliveriesInput = z
  .object({
    subscriber: subscriberName,
    event_id: z.number().int().positive().optional().meta({ description: 'One dead delivery: its event id' }),
    all_dead: z.literal(true).optional().meta({ description: 'Every dead delivery of the subscriber (in your tenant; platform admins: every tenant, or tenant_id)' }),
    tenant_id: z.string().min(1).max(64).optional().meta({ description: 'Platform admins: limit to one tenant (id or RUT)' }),
  })
  .refine((b) => (b.event_id === undefined) !== (b.all_dead === undefined), { message: 'give event_id or all_dead: true, not both', path: ['event_id'] });

export const retryDeliveriesOutput = z.object({ retried: z.number().int() });

export const subscriberSummary = z
  .object({
    subscriber: z.string(),
    registered: z.boolean().meta({ description: 'Registered in this server' }),
    topics: z.array(z.string()),
    ordered: z.boolean().nullable(),
    max_attempts: z.number().int().nullable(),
    pending: z.number().int(),
    dead: z.number().int(),
    delivered: z.number().int(),
    oldest_pending_at: z.string().nullable().meta({ description: 'Created time of the oldest pending delivery (its lag)' }),
  })
  .meta({ id: 'OutboxSubscriber' });
