import type { BucketRule } from '../gateway/index.ts';
import type { ChatChannel, InboxSecretName } from './chat.tables.ts';

/**
 * The one shape every channel's sender has: the sender (`chat.sendQueued`, driven by the outbox) reads the queued
 * message and its inbox's secrets, hands them to the channel's adapter, and stores what the adapter answers. An
 * adapter only talks to its channel; it never writes to the database.
 */

/** An error a retry may cure (throttling, the channel down): the outbox tries again later with backoff. */
export class RetryableSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryableSendError';
  }
}

/** A queued outgoing message, as a channel needs it to deliver it. */
export interface OutgoingJob {
  tenantId: string;
  messageId: number;
  conversationId: string;
  inboxId: string;
  channel: ChatChannel;
  /** The channel's id of the inbox (WhatsApp's phone_number_id, the bot's id); null for channels without one. */
  inboxExternalId: string | null;
  /** The channel's id of the customer (wa_id, Telegram chat id). */
  to: string;
  contentType: string;
  content: string;
  /** The message's payload (a template's name and parameters...). */
  payload: Record<string, unknown>;
}

/**
 * What a channel answered, final: `sent` with the channel's id of the message; or `failed` with an error code the
 * console words (and `unreachable` when the customer cannot be reached until they write again). Throw
 * RetryableSendError for what a later try may cure.
 */
export type SendOutcome = { sent: string } | { failed: string; message: string | null; unreachable?: boolean };

export interface ChannelSender {
  send(job: OutgoingJob, secrets: Partial<Record<InboxSecretName, string>>): Promise<SendOutcome>;
  /**
   * The channel's published rate limits, kept by the sender before each send (token buckets shared by the servers
   * through Redis): per inbox (a number's or a bot's throughput) and per contact (a channel's pair limit).
   */
  pacing?: { inbox: BucketRule; contact: BucketRule };
}

export type ChannelSenders = Partial<Record<ChatChannel, ChannelSender>>;
