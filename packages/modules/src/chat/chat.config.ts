import { defineConfig } from '@smarteros/kernel';
import { z } from 'zod';

const baseUrl = (fallback: string) => z.url({ protocol: /^https?$/ }).default(fallback);

/** Where the channels' APIs are (the contract fakes and a sandbox stand in by changing them). */
export const CHAT_CONFIG = defineConfig({
  owner: 'chat',
  vars: {
    SMARTEROS_WHATSAPP_API_URL: { schema: baseUrl('https://graph.facebook.com/v21.0'), description: "WhatsApp Cloud API: the Graph API's base URL, with its version" },
    SMARTEROS_TELEGRAM_API_URL: { schema: baseUrl('https://api.telegram.org'), description: "Telegram: the Bot API's base URL" },
  },
  build: (v) => ({ chat: { whatsappApiUrl: v.SMARTEROS_WHATSAPP_API_URL.replace(/\/+$/, ''), telegramApiUrl: v.SMARTEROS_TELEGRAM_API_URL.replace(/\/+$/, '') } }),
});

export type ChatConfig = ReturnType<typeof CHAT_CONFIG.build>;

declare module '@smarteros/kernel' {
  interface PlatformConfig extends ChatConfig {}
}
