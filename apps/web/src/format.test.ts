import { describe, expect, it } from 'vitest';
import { displayRut, formatClp, formatDateTime, formatRutInput, splitDuration } from './format.ts';

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

});
