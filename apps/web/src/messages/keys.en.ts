import type { AreaMessages } from '../i18n.tsx';

/** The words of API keys (the tenant page's section, and the MCP page's key form), in English: a chunk of its own, fetched only when English is chosen. */
export const en: AreaMessages<'keys'> = {
  'keys.title': 'API keys',
  'keys.loading': 'Loading keys…',
  'keys.none': 'No active API keys.',
  'keys.create': 'Create a key',
  'keys.name': 'Key name',
  'keys.nameHint': 'To recognise it later, for example "Web shop integration".',
  'keys.nameRequired': 'Enter a name for the key.',
  'keys.role': 'Key role',
  'keys.submit': 'Create key',
  'keys.creating': 'Creating…',
  'keys.onceWarning': 'Copy this key now: it will not be shown again. Keep it somewhere safe.',
  'keys.newKey': 'Key "{name}"',
  'keys.copy': 'Copy key',
  'keys.copied': 'Copied',
  'keys.lastUsed': 'last used {date}',
  'keys.neverUsed': 'never used',
  'keys.revoke': 'Revoke',
  'keys.revokeLabel': 'Revoke the key {name}',
  'keys.revokeConfirm': 'Revoke the key "{name}"? Whatever uses it will stop working.',
};
