import { defineEvent } from '@smarteros/kernel';
import { z } from 'zod';

/** A channel's webhook delivery was written to an inbox (processed from the database by chat.ingest). */
export const webhookReceived = defineEvent('chat.webhook_received', z.object({ receipt_id: z.number().int(), inbox_id: z.uuid(), channel: z.enum(['whatsapp', 'telegram', 'web', 'api']) }));

/** A customer's message was stored (the assistant, automations and live updates listen). */
export const messageReceived = defineEvent(
  'chat.message_received',
  z.object({ conversation_id: z.uuid(), message_id: z.number().int(), inbox_id: z.uuid(), contact_id: z.uuid(), content_type: z.string() }),
  { aggregate: (p) => p.conversation_id },
);

/** An agent's reply waits for the channel's sender. */
export const messageQueued = defineEvent('chat.message_queued', z.object({ message_id: z.number().int(), conversation_id: z.uuid(), inbox_id: z.uuid() }), { aggregate: (p) => p.conversation_id });

export const CHAT_EVENTS = [webhookReceived, messageReceived, messageQueued];
