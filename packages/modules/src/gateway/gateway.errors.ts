import { defineErrors, ERROR_KINDS, type CodesOf } from '@smarteros/kernel';

/** The gateway's own error codes (upstream failures and timeouts are the kernel's, shared with the egress guard). */
export const GATEWAY_ERRORS = defineErrors({
  owner: 'gateway',
  codes: {
    capability_disabled: { ...ERROR_KINDS.conflict, message: 'This capability is disabled', words: { en: 'This capability is disabled', es: 'Esta capacidad está desactivada' } },
    circuit_open: { ...ERROR_KINDS.unavailable, message: 'The upstream API is failing; calls are paused for a moment', words: { en: 'The external service is failing; calls are paused for a moment', es: 'El servicio externo está fallando; las llamadas están en pausa por un momento' } },
  },
});

declare module '@smarteros/kernel' {
  interface ModuleErrorCodes extends CodesOf<typeof GATEWAY_ERRORS> {}
}
