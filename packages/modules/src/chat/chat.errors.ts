import { defineErrors } from '@smarteros/kernel';

/** What the chat module's constraints mean (its failures use the kernel's codes). */
export const CHAT_ERRORS = defineErrors({
  owner: 'chat',
  codes: {},
  unique: {
    chat_inboxes_external_key: ['already_exists', 'This number or bot is already connected to an inbox'],
  },
  checks: {
    chat_inboxes_name_check: 'name',
  },
});
