// notify: delivery of messages to people (e-mail, SMS, WhatsApp, Telegram) through pluggable transports.
import { defineModule } from '@smarteros/kernel';
import { setupNotify } from './notify.setup.ts';
import { NOTIFY_CONFIG } from './notify.config.ts';
export { createNotifier, createFileTransport, createSmtpTransport, maskAddress, type Notifier, type Transport, type Message, type Channel } from './notifier.ts';
export { createWhatsAppTransport, createTelegramTransport, whatsappTemplateBody, templateText, type InboxResolver, type SendingInbox } from './chat-transports.ts';
export { NOTIFY_CONFIG };

export { setupNotify };

/** What the notify module brings besides its services (see ModuleManifest). */
export const notifyModule = defineModule({ name: 'notify', tables: [], setup: setupNotify, config: NOTIFY_CONFIG });
