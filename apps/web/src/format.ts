import { formatRut, parseRut, RUT_SEPARATORS } from '@smarteros/kernel/rut';

export const TIME_ZONE = 'America/Santiago';

/** Chilean pesos have no decimals: $1.234.567. */
export function formatClp(amount: number, locale = 'es-CL'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CLP', maximumFractionDigits: 0 }).format(amount);
}

/** A date and time in Chile's time zone, on the 24-hour clock in every language (as the CLI shows them). */
export function formatDateTime(iso: string, locale = 'es-CL'): string {
  return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(iso));
}

export function formatDate(iso: string, locale = 'es-CL'): string {
  return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'medium' }).format(new Date(iso));
}

/** Display form of a RUT (12.345.678-5), or the input unchanged when it is not a valid RUT. */
export function displayRut(rut: string): string {
  return parseRut(rut).ok ? formatRut(rut) : rut;
}

/**
 * Formats a RUT while it is typed: keeps digits and K, puts the last character after a hyphen and dots in the body
 * (`760864285` -> `76.086.428-5`). It does not validate: parseRut does.
 */
export function formatRutInput(input: string): string {
  const compact = input.replace(RUT_SEPARATORS, '').toUpperCase().replace(/[^\dK]/g, '').slice(0, 9);
  if (compact.length <= 1) return compact;
  const body = compact.slice(0, -1).replace(/K/g, '');
  return `${body.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}-${compact.slice(-1)}`;
}

/** Whole seconds left split into the two largest units: [[13,'d'],[23,'h']]. */
export function splitDuration(seconds: number): Array<[number, 'days' | 'hours' | 'minutes' | 'seconds']> {
  const s = Math.max(0, Math.floor(seconds));
  const parts: Array<[number, 'days' | 'hours' | 'minutes' | 'seconds']> = [
    [Math.floor(s / 86_400), 'days'],
    [Math.floor((s % 86_400) / 3600), 'hours'],
    [Math.floor((s % 3600) / 60), 'minutes'],
    [s % 60, 'seconds'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  return first === -1 ? [[0, 'seconds']] : parts.slice(first, first + 2);
}
