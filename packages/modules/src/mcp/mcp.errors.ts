import { defineErrors, ERROR_KINDS, type CodesOf } from '@smarteros/kernel';

/** The MCP module's error codes (the action runner's confirmations). */
export const MCP_ERRORS = defineErrors({
  owner: 'mcp',
  codes: {
    confirmation_not_pending: {
      ...ERROR_KINDS.conflict,
      message: 'This confirmation is no longer pending',
      words: { en: 'This confirmation is no longer pending', es: 'Esta confirmación ya no está pendiente' },
    },
  },
});

declare module '@smarteros/kernel' {
  interface ModuleErrorCodes extends CodesOf<typeof MCP_ERRORS> {}
}
