import { AppError, type EgressGuard } from '@smarteros/kernel';
import { RetryableSendError, type ChannelSender } from './channels.ts';

/** A Bot API refusal that a retry will not cure (403: the customer blocked the bot; 400: a bad request). */
export class TelegramError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.name = 'TelegramError';
    this.code = code;
  }
}

export type TelegramClient = ReturnType<typeof createTelegramClient>;

/** The Bot API (`{apiUrl}/bot{token}/{method}`), through the egress guard. */
export function createTelegramClient(deps: { egress: EgressGuard; apiUrl: string; timeoutMs: number }) {
  return {
    /**
     * One Bot API call: its `result`, or an error. 429 (with retry_after) and outages are RetryableSendError; a refused
     * token is a validation error on `field` when connecting (field given), a TelegramError otherwise.
     */
    async call<T = unknown>(token: string, method: string, body: Record<string, unknown>, field?: string): Promise<T> {
      let res: Response;
      try {
        res = await deps.egress.fetch(`${deps.apiUrl}/bot${token}/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          maxRedirects: 0,
          signal: AbortSignal.timeout(deps.timeoutMs),
        });
      } catch (err) {
        if (err instanceof AppError) throw err;
        if (field) throw new AppError('upstream_error', `Telegram did not answer: ${(err as Error).message}`);
        throw new RetryableSendError(`Telegram did not answer: ${(err as Error).message}`);
      }
      const out = (await res.json().catch(() => ({}))) as { ok?: boolean; result?: T; error_code?: number; description?: string; parameters?: { retry_after?: number } };
      if (out.ok === true) return out.result as T;
      const code = out.error_code ?? res.status;
      if ((code === 429 || code >= 500) && field) throw new AppError('upstream_error', `Telegram is busy (${code}); try again`, { status: code });
      if (code === 429 || code >= 500) throw new RetryableSendError(`Telegram is busy (${code}); retry after ${out.parameters?.retry_after ?? '?'} s`);
      if (field && (code === 401 || code === 404)) {
        throw new AppError('validation_failed', `${field}: Telegram does not accept this bot token`, { issues: [{ path: field, message: 'Telegram does not accept this bot token' }] });
      }
      throw new TelegramError(code, out.description ?? `Telegram answered ${code}`);
    },
  };
}

/** Telegram: `sendMessage` to the customer's chat; a 403 (the bot blocked) makes the contact unreachable. */
export function createTelegramSender(client: TelegramClient): ChannelSender {
  return {
    // Bot API: about 30 messages/s per bot, and about one a second to one chat (bursts allowed), then 429.
    pacing: { inbox: { capacity: 30, refillPerSecond: 30 }, contact: { capacity: 5, refillPerSecond: 1 } },
    async send(job, secrets) {
      const token = secrets.bot_token;
      if (!token) return { failed: 'telegram_reconnect', message: 'The inbox has no bot token' };
      try {
        const out = await client.call<{ message_id: number }>(token, 'sendMessage', { chat_id: job.to, text: job.content });
        return { sent: `${job.to}:${out.message_id}` };
      } catch (err) {
        if (err instanceof AppError && err.code === 'egress_refused') return { failed: 'egress_refused', message: err.message };
        if (!(err instanceof TelegramError)) throw err;
        if (err.code === 403) return { failed: 'telegram_blocked', message: err.message.slice(0, 500), unreachable: true };
        return { failed: err.code === 401 ? 'telegram_reconnect' : `telegram_${err.code}`, message: err.message.slice(0, 500) };
      }
    },
  };
}
