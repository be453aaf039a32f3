import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

/**
 * Delivery of messages to people (invitations, verification codes). Modules never send directly: they write an
 * event to the outbox; the server's relay hands it to a handler that renders the message and calls the notifier.
 * Transports: a file transport by default (each message is a file under <data dir>/outbox-mail, so secrets such as
 * invitation links never reach a log), SMTP when SMARTEROS_SMTP_URL is set. WhatsApp and Telegram plug in later:
 * the notify module is set up before chat, so chat's setup registers their transports (register(channel, transport)),
 * and each falls back to the file transport when no inbox is connected to send through.
 */
export type Channel = 'email' | 'sms' | 'whatsapp' | 'telegram';

export interface Message {
  channel: Channel;
  /** E-mail address or E.164 phone number. */
  to: string;
  subject: string;
  text: string;
  /** What it is, for logs and files: 'invitation', 'phone_code', ... */
  kind: string;
  /** The company it is sent for: its own connected inbox sends it when it has one (the platform's otherwise). */
  tenantId?: string;
}

export interface Transport {
  readonly name: string;
  send(message: Message): Promise<void>;
}

/** Shows enough of an address to recognize it and no more: a***@dominio.cl, +56 9 **** 5678. */
export function maskAddress(to: string): string {
  const at = to.indexOf('@');
  if (at > 0) return `${to[0]}***${to.slice(at)}`;
  return to.length > 4 ? `${to.slice(0, 3)}****${to.slice(-4)}` : '****';
}

export function createFileTransport(dir: string, log: (line: string) => void = () => {}): Transport {
  let n = 0;
  return {
    name: 'file',
    async send(m) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const safe = m.to.replace(/[^a-zA-Z0-9@.+_-]/g, '_');
      const file = join(dir, `${Date.now()}-${process.pid}-${++n}-${m.kind}-${m.channel}-${safe}.txt`);
      writeFileSync(file, `Channel: ${m.channel}\nTo: ${m.to}\nSubject: ${m.subject}\n\n${m.text}\n`, { mode: 0o600 });
      log(`notification ${m.kind} (${m.channel}) to ${maskAddress(m.to)} written to ${file}`);
    },
  };
}

export function createSmtpTransport(url: string, from: string): Transport {
  const transporter = nodemailer.createTransport(url);
  return {
    name: 'smtp',
    async send(m) {
      if (m.channel !== 'email') throw new Error(`the SMTP transport only delivers e-mail, not ${m.channel}`);
      await transporter.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    },
  };
}

export function createNotifier(deps: { transports: Partial<Record<Channel, Transport>>; fallback: Transport }) {
  const transports: Partial<Record<Channel, Transport>> = { ...deps.transports };
  return {
    /** The transport that delivers a channel. */
    transportFor(channel: Channel): Transport {
      return transports[channel] ?? deps.fallback;
    },
    /** Binds a channel's transport late (chat registers WhatsApp and Telegram once its inboxes exist). */
    register(channel: Channel, transport: Transport): void {
      transports[channel] = transport;
    },
    /** The transport messages fall back to (files under the data dir). */
    get fallback(): Transport {
      return deps.fallback;
    },
    send(message: Message): Promise<void> {
      return (transports[message.channel] ?? deps.fallback).send(message);
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
