// notify: delivery of messages to people (e-mail, SMS, WhatsApp, Telegram) through pluggable transports.
export { createNotifier, createFileTransport, createSmtpTransport, maskAddress, type Notifier, type Transport, type Message, type Channel } from './notifier.ts';
