import type { EgressGuard } from '@smarteros/kernel';
import { maskAddress, type Message, type Transport } from './notifier.ts';

/**
 * WhatsApp and Telegram transports of the notifier. They send through a connected chat inbox, found by the `inbox`
 * resolver chat gives (the message's company's own inbox, else the platform's), through the egress guard; with no
 * inbox they hand the message to the fallback (files under the data dir). A refusal throws: the outbox handler that
 * called the notifier is retried.
 */
export interface SendingInbox {
  inboxId: string;
  /** WhatsApp: the phone_number_id; Telegram: the bot's id. */
  externalId: string;
  /** WhatsApp: the access token; Telegram: the bot token. */
  token: string;
}
export type InboxResolver = (tenantId: string | undefined) => Promise<SendingInbox | null>;

interface Common {
  egress: EgressGuard;
  apiUrl: string;
  inbox: InboxResolver;
  fallback: Transport;
  log?: (line: string) => void;
  timeoutMs?: number;
}

/** Template parameters take no new lines, tabs or more than 4 spaces in a row (Graph refuses them), and 1,024 characters at most. */
export const templateText = (text: string): string =>
  text
    .replace(/\s*\n\s*/g, ' · ')
    .replace(/[\t ]{2,}/g, ' ')
    .trim()
    .slice(0, 1024);

/** The body Graph expects for a template: the notice template with the text, or the authentication one with the code. */
export function whatsappTemplateBody(m: Message, o: { template: string; codeTemplate?: string | undefined; language: string }): Record<string, unknown> {
  const to = m.to.replace(/\D/g, '');
  const code = m.kind === 'phone_code' ? /\b(\d{4,8})\b/.exec(m.text)?.[1] : undefined;
  const template =
    code && o.codeTemplate
      ? {
          name: o.codeTemplate,
          language: { code: o.language },
          components: [
            { type: 'body', parameters: [{ type: 'text', text: code }] },
            { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: code }] },
          ],
        }
      : { name: o.template, language: { code: o.language }, components: [{ type: 'body', parameters: [{ type: 'text', text: templateText(m.text) }] }] };
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'template', template };
}

export function createWhatsAppTransport(deps: Common & { template: string; codeTemplate?: string | undefined; language: string }): Transport {
  return {
    name: 'whatsapp',
    async send(m) {
      if (!/^\+?[1-9]\d{6,14}$/.test(m.to)) throw new Error(`WhatsApp needs a phone number, not ${maskAddress(m.to)}`);
      const inbox = await deps.inbox(m.tenantId);
      if (!inbox) return deps.fallback.send(m);
      const res = await deps.egress.fetch(`${deps.apiUrl}/${inbox.externalId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${inbox.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(whatsappTemplateBody(m, deps)),
        maxRedirects: 0,
        signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
      });
      const out = (await res.json().catch(() => ({}))) as { messages?: Array<{ id?: string }>; error?: { code?: number } };
      if (!res.ok || !out.messages?.[0]?.id) throw new Error(`WhatsApp refused the ${m.kind} (${out.error?.code ?? res.status})`);
      deps.log?.(`notification ${m.kind} (whatsapp) to ${maskAddress(m.to)} sent`);
    },
  };
}

export function createTelegramTransport(deps: Common): Transport {
  return {
    name: 'telegram',
    async send(m) {
      if (!/^(-?\d{1,20}|@[A-Za-z0-9_]{5,32})$/.test(m.to)) throw new Error('Telegram needs a chat id');
      const inbox = await deps.inbox(m.tenantId);
      if (!inbox) return deps.fallback.send(m);
      const res = await deps.egress.fetch(`${deps.apiUrl}/bot${inbox.token}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: m.to, text: `${m.subject}\n\n${m.text}`.slice(0, 4096) }),
        maxRedirects: 0,
        signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
      });
      const out = (await res.json().catch(() => ({}))) as { ok?: boolean; error_code?: number; parameters?: { retry_after?: number } };
      if (out.ok !== true) throw new Error(`Telegram refused the ${m.kind} (${out.error_code ?? res.status}${out.parameters?.retry_after ? `, retry after ${out.parameters.retry_after} s` : ''})`);
      deps.log?.(`notification ${m.kind} (telegram) to chat ${maskAddress(m.to)} sent`);
    },
  };
}
