import { join } from 'node:path';
import type { ModuleContext, ModuleParts, PlatformServices } from '@smarteros/kernel';
import { createFileTransport, createNotifier, createSmtpTransport, type Notifier } from './notifier.ts';

declare module '@smarteros/kernel' {
  interface PlatformServices {
    notifier: Notifier;
  }
}

/** Messages: files under the data dir unless SMTP is configured (e-mail); other channels join with Chat. */
export function setupNotify(ctx: ModuleContext): ModuleParts<Pick<PlatformServices, 'notifier'>> {
  const { config } = ctx;
  const files = createFileTransport(join(config.dataDir, 'outbox-mail'), ctx.log);
  const notifier = createNotifier({ transports: config.mail.smtpUrl ? { email: createSmtpTransport(config.mail.smtpUrl, config.mail.from) } : {}, fallback: files });
  return { services: { notifier } };
}
