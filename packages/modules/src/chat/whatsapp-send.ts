import { AppError, type EgressGuard } from '@smarteros/kernel';
import { RetryableSendError, type ChannelSender } from './channels.ts';

/**
 * Meta's error codes, as a person can act on them: stored on the failed message (the console words each), or retried.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
 */
export function whatsappFailure(code: number | undefined): { retry: true } | { retry: false; error: string } {
  if (code === 130429 || code === 131056 || code === 131000 || code === 131016 || code === 2) return { retry: true };
  if (code === 131047) return { retry: false, error: 'whatsapp_window_closed' };
  if (code === 131026) return { retry: false, error: 'whatsapp_undeliverable' };
  if (code === 190 || code === 10 || code === 200) return { retry: false, error: 'whatsapp_reconnect' };
  if (code === 131051) return { retry: false, error: 'whatsapp_unsupported' };
  return { retry: false, error: code === undefined ? 'whatsapp_error' : `whatsapp_${code}` };
}

/** WhatsApp Cloud API: `POST /{phone-number-id}/messages` on the Graph API, through the egress guard. */
export function createWhatsAppSender(deps: { egress: EgressGuard; apiUrl: string; timeoutMs: number }): ChannelSender {
  return {
    // Cloud API: 80 messages/s per number by default; to one user, a burst of 45 then one every 6 s (the pair rate
    // limit Meta answers 131056 beyond).
    pacing: { inbox: { capacity: 80, refillPerSecond: 80 }, contact: { capacity: 45, refillPerSecond: 1 / 6 } },
    async send(job, secrets) {
      const token = secrets.access_token;
      if (!token || !job.inboxExternalId) return { failed: 'whatsapp_reconnect', message: 'The inbox has no access token or number' };
      let res: Response;
      try {
        res = await deps.egress.fetch(`${deps.apiUrl}/${job.inboxExternalId}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: job.to, type: 'text', text: { preview_url: false, body: job.content } }),
          maxRedirects: 0,
          signal: AbortSignal.timeout(deps.timeoutMs),
        });
      } catch (err) {
        if (err instanceof AppError && err.code === 'egress_refused') return { failed: 'egress_refused', message: err.message };
        throw new RetryableSendError(`WhatsApp did not answer: ${(err as Error).message}`);
      }
      const body = (await res.json().catch(() => ({}))) as { messages?: Array<{ id?: string }>; error?: { code?: number; message?: string } };
      const wamid = body.messages?.[0]?.id;
      if (res.ok && wamid) return { sent: wamid };
      if (res.status >= 500) throw new RetryableSendError(`WhatsApp answered ${res.status}`);
      const failure = whatsappFailure(body.error?.code);
      if (failure.retry) throw new RetryableSendError(`WhatsApp is throttling (${body.error?.code ?? res.status})`);
      return { failed: failure.error, message: body.error?.message?.slice(0, 500) ?? null };
    },
  };
}
