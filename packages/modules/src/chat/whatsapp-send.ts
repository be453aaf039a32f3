import { AppError, type EgressGuard } from '@smarteros/kernel';
import { RetryableSendError, type ChannelSender, type OutgoingJob } from './channels.ts';
import type { TemplatePayload } from './whatsapp-templates.ts';

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
  // Templates: the parameters do not fit the template (count, or format), it is not there (deleted, not in this
  // language), or Meta paused or disabled it for its quality.
  if (code === 132000 || code === 132012) return { retry: false, error: 'whatsapp_template_params' };
  if (code === 132001) return { retry: false, error: 'whatsapp_template_missing' };
  if (code === 132015 || code === 132016) return { retry: false, error: 'whatsapp_template_paused' };
  return { retry: false, error: code === undefined ? 'whatsapp_error' : `whatsapp_${code}` };
}

const OUTGOING_TYPES = new Set(['image', 'audio', 'video', 'document']);

/** The Graph API's message object for a queued message: a text, or a template with its body's parameters. */
export function graphMessage(job: OutgoingJob): Record<string, unknown> {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: job.to };
  const t = job.payload.template as TemplatePayload | undefined;
  if (job.contentType === 'template' && t) {
    const parameters = t.parameters.map((text, i) => ({ type: 'text', text, ...(t.parameter_names ? { parameter_name: t.parameter_names[i] } : {}) }));
    return { ...base, type: 'template', template: { name: t.name, language: { code: t.language }, components: parameters.length > 0 ? [{ type: 'body', parameters }] : [] } };
  }
  const media = job.payload.media as { id?: string; caption?: string | null; filename?: string | null } | undefined;
  if (OUTGOING_TYPES.has(job.contentType) && media?.id) {
    // A file uploaded to Graph when it was queued: sent by its media id (audio takes no caption).
    const part = { id: media.id, ...(media.caption && job.contentType !== 'audio' ? { caption: media.caption } : {}), ...(job.contentType === 'document' && media.filename ? { filename: media.filename } : {}) };
    return { ...base, type: job.contentType, [job.contentType]: part };
  }
  return { ...base, type: 'text', text: { preview_url: false, body: job.content } };
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
          body: JSON.stringify(graphMessage(job)),
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
