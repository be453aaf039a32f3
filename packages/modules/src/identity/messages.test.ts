import { describe, expect, it } from 'vitest';
import { invitationMessage } from './invitation.service.ts';
import { phoneCodeMessage } from './phone.service.ts';

// 2026-03-02 21:30 UTC is 18:30 in Santiago (summer time, UTC-3).
const expiresAt = new Date('2026-03-02T21:30:00Z');
const link = 'https://app.smarterbot.cl/invitations/accept#inv_x';

describe('messages to people', () => {
  it('words the invitation e-mail in the console register, with the role in Spanish, 24-hour time and no double period', () => {
    const text = invitationMessage({ businessName: 'Ferretería Los Andes S.A.', role: 'owner', link, expiresAt, channel: 'email' });
    expect(text).toContain('Recibió una invitación para unirse a Ferretería Los Andes S.A. en SmarterOS con el rol Dueño.');
    expect(text).toContain(`Para aceptar la invitación, abra este enlace: ${link}`);
    expect(text).toContain('La invitación vence el 2 de marzo de 2026 a las 18:30.');
    expect(text).not.toMatch(/\.\./);
    expect(text).not.toMatch(/rol (owner|admin|agent|viewer)\b/);
    expect(text).not.toMatch(/\b(Te|tu|Tu|Acepta)\b/);
    expect(text).not.toMatch(/a\.\s?m\.|p\.\s?m\./);
    expect(text).toContain('as owner.');
  });

  it('keeps the SMS to one line in the same register', () => {
    const sms = invitationMessage({ businessName: 'Verdulería', role: 'viewer', link, expiresAt, channel: 'sms' });
    expect(sms).toBe(`Recibió una invitación para unirse a Verdulería en SmarterOS con el rol Solo lectura. Acepte aquí: ${link} (vence el 2 de marzo de 2026 a las 18:30)`);
    expect(phoneCodeMessage('012345')).toBe('Su código SmarterOS es 012345. Vence en 10 minutos.');
  });
});
