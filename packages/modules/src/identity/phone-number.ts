import { AppError } from '@smarteros/kernel';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** A phone number in E.164 (+56987654321); Chilean numbers may be written without the country code. */
export function normalizePhone(input: string, field = 'phone'): string {
  const parsed = parsePhoneNumberFromString(input.trim(), 'CL');
  if (!parsed?.isValid()) {
    throw new AppError('validation_failed', `${field}: not a valid phone number (e.g. +56 9 8765 4321)`, {
      issues: [{ path: `body.${field}`, message: 'not a valid phone number' }],
    });
  }
  return parsed.number;
}
