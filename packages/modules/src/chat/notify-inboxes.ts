import type { Database, ModuleContext } from '@smarteros/kernel';
import { sql } from 'kysely';
import { createTelegramTransport, createWhatsAppTransport, type InboxResolver } from '../notify/index.ts';
import type { Vault } from '../registry/index.ts';
import { secretId } from './chat.service.ts';

/**
 * The inbox a notice goes out through: the company's own connected inbox of the channel when the message names a
 * company and it has one, else the platform's (SMARTEROS_NOTIFY_WHATSAPP_INBOX / _TELEGRAM_INBOX: an inbox id, or its phone_number_id / bot id); null when neither
 * (the notifier's file fallback takes it). Its token is opened by the vault at send time, never kept.
 */
export function notifyInboxResolver(deps: { db: Database; vault: Vault }, channel: 'whatsapp' | 'telegram', platformInboxId: string | undefined): InboxResolver {
  const secret = channel === 'whatsapp' ? 'access_token' : 'bot_token';
  return async (tenantId) => {
    if (!tenantId && !platformInboxId) return null;
    const row = await deps.db.platform({ name: 'chat.notify_inbox', actor: 'system:notify', audit: false, readOnly: true }, (tx) =>
      tx
        .selectFrom('chat_inboxes as i')
        .innerJoin('chat_inbox_secrets as s', (j) => j.onRef('s.tenant_id', '=', 'i.tenant_id').onRef('s.inbox_id', '=', 'i.id').on('s.name', '=', secret))
        .innerJoin('tenant_data_keys as d', (j) => j.onRef('d.tenant_id', '=', 's.tenant_id').onRef('d.id', '=', 's.data_key_id'))
        .select(['i.tenant_id', 'i.id', 'i.external_id', 's.ciphertext', 'd.id as key_id', 'd.master_key_id', 'd.wrapped_key'])
        .where('i.channel', '=', channel)
        .where('i.external_id', 'is not', null)
        .where((eb) => eb.or([...(tenantId ? [eb('i.tenant_id', '=', tenantId)] : []), ...(platformInboxId ? [/^\d+$/.test(platformInboxId) ? eb('i.external_id', '=', platformInboxId) : eb('i.id', '=', platformInboxId)] : [])]))
        // The company's own first, then the platform's.
        .orderBy(sql`case when i.tenant_id = ${tenantId ?? null}::uuid then 0 else 1 end`)
        .orderBy('i.created_at')
        .limit(1)
        .executeTakeFirst(),
    );
    if (!row?.external_id) return null;
    const token = deps.vault.open(row.tenant_id, secretId(row.id, secret), { id: row.key_id, master_key_id: row.master_key_id, wrapped_key: row.wrapped_key }, row.ciphertext);
    return { inboxId: row.id, externalId: row.external_id, token };
  };
}

/** Binds the notifier's WhatsApp and Telegram transports (notify is set up before chat); SMS goes by WhatsApp when configured. */
export function registerNotifyTransports(ctx: ModuleContext): void {
  const notifier = ctx.use('notifier');
  const { notify, chat } = ctx.config;
  const deps = { db: ctx.db, vault: ctx.use('vault') };
  const common = { egress: ctx.use('egress'), fallback: notifier.fallback, log: ctx.log };
  const whatsapp = createWhatsAppTransport({ ...common, apiUrl: chat.whatsappApiUrl, inbox: notifyInboxResolver(deps, 'whatsapp', notify.whatsappInboxId), template: notify.whatsappTemplate, codeTemplate: notify.whatsappCodeTemplate, language: notify.whatsappLanguage });
  notifier.register('whatsapp', whatsapp);
  if (notify.smsVia === 'whatsapp') notifier.register('sms', whatsapp);
  notifier.register('telegram', createTelegramTransport({ ...common, apiUrl: chat.telegramApiUrl, inbox: notifyInboxResolver(deps, 'telegram', notify.telegramInboxId) }));
}
