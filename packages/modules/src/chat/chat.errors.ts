import { defineErrors, ERROR_KINDS, type CodesOf } from '@smarteros/kernel';

/** The chat module's codes, and what its constraints mean. */
export const CHAT_ERRORS = defineErrors({
  owner: 'chat',
  codes: {
    whatsapp_window_closed: {
      ...ERROR_KINDS.conflict,
      message: "More than 24 hours since the customer's last message: WhatsApp accepts only a template now",
      words: {
        en: "More than 24 hours have passed since the customer's last message: WhatsApp only accepts an approved template now",
        es: 'Pasaron más de 24 horas desde el último mensaje del cliente: WhatsApp solo acepta ahora una plantilla aprobada',
      },
    },
    assistant_disabled: {
      ...ERROR_KINDS.conflict,
      message: "The inbox's assistant is off: turn it on before handing the conversation to it",
      words: {
        en: "The inbox's assistant is off: turn it on before handing the conversation to it",
        es: 'El asistente de esta bandeja está apagado: enciéndalo antes de devolverle la conversación',
      },
    },
    whatsapp_waba_missing: {
      ...ERROR_KINDS.conflict,
      message: 'The inbox has no waba_id (the WhatsApp Business Account id): its templates cannot be listed',
      words: {
        en: 'This WhatsApp inbox has no WhatsApp Business Account id (waba_id): connect the number again with it to use templates',
        es: 'Esta bandeja de WhatsApp no tiene el identificador de la cuenta de WhatsApp Business (waba_id): conecte el número de nuevo indicándolo para usar plantillas',
      },
    },
    whatsapp_reconnect: {
      ...ERROR_KINDS.upstream,
      message: "WhatsApp refused the inbox's access token: connect the number again",
      words: {
        en: "WhatsApp refused this inbox's access token: an administrator must connect the number again",
        es: 'WhatsApp rechazó el token de acceso de esta bandeja: un administrador debe conectar el número de nuevo',
      },
    },
    attachment_unavailable: {
      ...ERROR_KINDS.conflict,
      message: 'The attachment is not stored: its download failed or has not run yet',
      words: {
        en: 'This file is not available: its download from WhatsApp failed or has not finished yet',
        es: 'Este archivo no está disponible: su descarga desde WhatsApp falló o aún no termina',
      },
    },
  },
  unique: {
    chat_inboxes_external_key: ['already_exists', 'This number or bot is already connected to an inbox'],
    conversations_one_active: ['already_exists', 'This contact already has a conversation open in this inbox'],
    chat_labels_name_key: ['already_exists', 'A label with this name already exists'],
    chat_canned_responses_short_code_key: ['already_exists', 'A canned response with this short code already exists'],
    chatwoot_connections_account_key: ['already_exists', 'This Chatwoot account is already connected to this company'],
  },
  checks: {
    chat_inboxes_name_check: 'name',
    chat_labels_name_check: 'name',
    chat_labels_color_check: 'color',
    chat_canned_responses_short_code_check: 'short_code',
    chat_canned_responses_content_check: 'content',
  },
});

declare module '@smarteros/kernel' {
  interface ModuleErrorCodes extends CodesOf<typeof CHAT_ERRORS> {}
}
