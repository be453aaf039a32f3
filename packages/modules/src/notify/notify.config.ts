import { defineConfig } from '@smarteros/kernel';
import { z } from 'zod';

const inboxId = (what: string, external: string) => ({
  schema: z
    .string()
    .regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{3,32})$/i, `must be an inbox id (uuid) or ${external} (digits)`)
    .optional(),
  shownDefault: "(unset: a company's own inbox, or files in the data dir)",
  description: `${what}: a connected chat inbox (any company's, usually the operator's own), by its id or ${external}`,
});

/** Where messages go. */
export const NOTIFY_CONFIG = defineConfig({
  owner: 'notify',
  vars: {
    SMARTEROS_SMTP_URL: {
      schema: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
      shownDefault: '(unset: messages go to files in the data dir)',
      description: 'SMTP server for e-mail, e.g. smtps://user:pass@smtp.example.cl',
      sensitive: true,
    },
    SMARTEROS_MAIL_FROM: { schema: z.string().min(3).default('SmarterOS <no-reply@smarterbot.cl>'), description: 'sender of e-mail' },
    SMARTEROS_NOTIFY_WHATSAPP_INBOX: inboxId("The platform's WhatsApp inbox for invitations and phone codes", 'its phone_number_id'),
    SMARTEROS_NOTIFY_WHATSAPP_TEMPLATE: {
      schema: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be a WhatsApp template name (lowercase, digits, _)').default('smarteros_aviso'),
      description: 'Approved WhatsApp template for notices (outside the 24-hour window only templates go): one body variable, {{1}}, the text',
    },
    SMARTEROS_NOTIFY_WHATSAPP_CODE_TEMPLATE: {
      schema: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be a WhatsApp template name (lowercase, digits, _)').optional(),
      shownDefault: '(unset: phone codes use the notice template)',
      description: 'Approved WhatsApp authentication template for phone codes: body {{1}} the code, a copy-code button',
    },
    SMARTEROS_NOTIFY_WHATSAPP_LANGUAGE: { schema: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a template language code such as es or es_CL').default('es'), description: "The WhatsApp templates' language code" },
    SMARTEROS_NOTIFY_TELEGRAM_INBOX: inboxId("The platform's Telegram bot for notices to a Telegram chat id", "its bot's id"),
    SMARTEROS_NOTIFY_SMS_VIA: {
      schema: z.enum(['file', 'whatsapp']).default('file'),
      description: 'What delivers messages to a phone (invitations by SMS): files in the data dir, or WhatsApp templates',
    },
  },
  build: (v) => ({
    mail: { smtpUrl: v.SMARTEROS_SMTP_URL, from: v.SMARTEROS_MAIL_FROM },
    notify: {
      whatsappInboxId: v.SMARTEROS_NOTIFY_WHATSAPP_INBOX,
      whatsappTemplate: v.SMARTEROS_NOTIFY_WHATSAPP_TEMPLATE,
      whatsappCodeTemplate: v.SMARTEROS_NOTIFY_WHATSAPP_CODE_TEMPLATE,
      whatsappLanguage: v.SMARTEROS_NOTIFY_WHATSAPP_LANGUAGE,
      telegramInboxId: v.SMARTEROS_NOTIFY_TELEGRAM_INBOX,
      smsVia: v.SMARTEROS_NOTIFY_SMS_VIA,
    },
  }),
});

export type NotifyConfig = ReturnType<typeof NOTIFY_CONFIG.build>;

declare module '@smarteros/kernel' {
  interface PlatformConfig extends NotifyConfig {}
}
