import { defineConfig } from '@smarteros/kernel';
import { z } from 'zod';

const baseUrl = (fallback: string) => z.url({ protocol: /^https?$/ }).default(fallback);

/** Where the channels' APIs are (the contract fakes and a sandbox stand in by changing them). */
export const CHAT_CONFIG = defineConfig({
  owner: 'chat',
  vars: {
    SMARTEROS_WHATSAPP_API_URL: { schema: baseUrl('https://graph.facebook.com/v21.0'), description: "WhatsApp Cloud API: the Graph API's base URL, with its version" },
    SMARTEROS_TELEGRAM_API_URL: { schema: baseUrl('https://api.telegram.org'), description: "Telegram: the Bot API's base URL" },
    SMARTEROS_CHAT_MEDIA_MAX_BYTES: {
      schema: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(16 * 1024 * 1024),
      description: "The largest file the inbox keeps (bytes; default 16 MiB, at most 100 MiB, WhatsApp's document limit): a customer's larger file is marked media_too_large, not stored; an agent's is refused with 413",
    },
  },
  build: (v) => ({ chat: { whatsappApiUrl: v.SMARTEROS_WHATSAPP_API_URL.replace(/\/+$/, ''), telegramApiUrl: v.SMARTEROS_TELEGRAM_API_URL.replace(/\/+$/, ''), mediaMaxBytes: v.SMARTEROS_CHAT_MEDIA_MAX_BYTES } }),
});

export type ChatConfig = ReturnType<typeof CHAT_CONFIG.build>;

declare module '@smarteros/kernel' {
  interface PlatformConfig extends ChatConfig {}
}
