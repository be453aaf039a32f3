import { defineConfig } from '@smarteros/kernel';
import { z } from 'zod';

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
  },
  build: (v) => ({ mail: { smtpUrl: v.SMARTEROS_SMTP_URL, from: v.SMARTEROS_MAIL_FROM } }),
});

export type NotifyConfig = ReturnType<typeof NOTIFY_CONFIG.build>;

declare module '@smarteros/kernel' {
  interface PlatformConfig extends NotifyConfig {}
}
