import { describe, expect, it } from 'vitest';
import { displayRut, formatClp, formatDateTime, formatRutInput, splitDuration } from './format.ts';
import { IntlMessageFormat } from 'intl-messageformat';
import { loadMessages, MESSAGES_ES, translator, type MessageKey } from './i18n.tsx';
import { en } from './messages/en.ts';

describe('console formatting', () => {
  it('formats a RUT while it is typed, and displays a valid one as 12.345.678-5', () => {
    expect(['', '7', '76', '7608', '760864285', '76.086.428-5', '76086428-5', '7.608.642.85', '12345678k'].map(formatRutInput)).toEqual([
      '',
      '7',
      '7-6',
      '760-8',
      '76.086.428-5',
      '76.086.428-5',
      '76.086.428-5',
      '76.086.428-5',
      '12.345.678-K',
    ]);
    expect(formatRutInput('76.086.428-55')).toBe('76.086.428-5');
    expect(displayRut('760864285')).toBe('76.086.428-5');
    expect(displayRut('not a rut')).toBe('not a rut');
  });

  it('shows pesos without decimals and dates in Chile', () => {
    expect(formatClp(1234567.6).replace(/\s/g, ' ')).toBe('$1.234.568');
    // 12:00 UTC on 2 March 2026 is 09:00 in Santiago (summer time, UTC-3).
    expect(formatDateTime('2026-03-02T12:00:00Z')).toMatch(/02-03-2026.*9:00/);
    // The 24-hour clock in both languages, as the CLI shows times: 18:30 UTC is 15:30 in Santiago, never 3:30 PM.
    expect(formatDateTime('2026-03-02T18:30:00Z')).toMatch(/15:30/);
    expect(formatDateTime('2026-03-02T18:30:00Z', 'en-US')).toMatch(/15:30/);
    expect(formatDateTime('2026-03-02T18:30:00Z', 'en-US')).not.toMatch(/PM/);
  });

  it('splits a countdown into its two largest units', () => {
    expect(splitDuration(14 * 86_400)).toEqual([
      [14, 'days'],
      [0, 'hours'],
    ]);
    expect(splitDuration(3 * 3600 + 125)).toEqual([
      [3, 'hours'],
      [2, 'minutes'],
    ]);
    expect(splitDuration(-5)).toEqual([[0, 'seconds']]);
  });

  it('has every message in both languages, each valid ICU, and fills placeholders and plurals', async () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(MESSAGES_ES).sort());
    for (const dict of [MESSAGES_ES, en]) for (const key of Object.keys(dict) as MessageKey[]) expect(() => new IntlMessageFormat(dict[key], 'es-CL'), key).not.toThrow();
    await loadMessages('en');
    expect(translator('es')('log.count', { n: 1 })).toBe('1 llamada mostrada');
    expect(translator('es')('log.count', { n: 3 })).toBe('3 llamadas mostradas');
    expect(translator('en')('tenants.count', { n: 1 })).toBe('1 company on this page');
    expect(translator('es')('caps.jsonObject')).toContain('entre llaves { }');
    expect(translator('es')('tenants.page', { n: 2 })).toBe('Página 2');
    expect(translator('en')('tenant.trialLeft', { time: '3 d' })).toBe('Trial: 3 d left');
  });
});
