import { afterEach, describe, expect, it } from 'vitest';
import { detectLang, setLang, t } from './i18n.ts';
import { displayRut, formatClp, formatDate, formatDuration, renderFields, renderTable, timeLeft } from './output.ts';

afterEach(() => setLang('es'));

describe('output formatting', () => {
  it('shows dates in Santiago time, es-CL format', () => {
    // March: Chilean summer time (UTC-3). July: winter time (UTC-4).
    expect(formatDate('2026-03-02T12:00:00Z')).toMatch(/^02-03-2026,? 09:00$/);
    expect(formatDate('2026-07-15T03:30:00Z')).toMatch(/^14-07-2026,? 23:30$/);
    expect(formatDate(null)).toBe('');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('writes pesos without decimals', () => {
    expect(formatClp(1_234_567.6).replace(/\s/g, '')).toBe('$1.234.568');
    expect(formatClp(0).replace(/\s/g, '')).toBe('$0');
  });

  it('formats RUTs for display and never throws while printing', () => {
    expect(displayRut('76086428-5')).toBe('76.086.428-5');
    expect(displayRut('11111111-1')).toBe('11.111.111-1');
    expect(displayRut('garbage')).toBe('garbage');
  });

  it('says how much time is left, in the chosen language', () => {
    expect(formatDuration(14 * 86_400)).toBe('14 d');
    expect(formatDuration(13 * 86_400 + 23 * 3600 + 59 * 60)).toBe('13 d 23 h');
    expect(formatDuration(24 * 3600 - 60)).toBe('23 h 59 min');
    expect(formatDuration(300)).toBe('5 min');
    expect(formatDuration(20)).toBe('< 1 min');
    expect(timeLeft(3600)).toBe('quedan 1 h');
    expect(timeLeft(0)).toBe('vencida');
    expect(timeLeft(null)).toBe('');
    setLang('en');
    expect(timeLeft(3600)).toBe('1 h left');
    expect(timeLeft(-5)).toBe('expired');
  });

  it('renders plain tables and aligned fields (no colour codes)', () => {
    const table = renderTable(['RUT', 'Nombre'], [['76.086.428-5', 'Ferretería'], ['1-9', null]]);
    expect(table).not.toContain('\u001b[');
    expect(table).toContain('│ 76.086.428-5 │ Ferretería │');
    expect(renderFields([['Id', 'x'], ['Estado', 'trial']])).toBe('Id:     x\nEstado: trial');
  });
});

describe('language', () => {
  it('is Spanish unless --lang en or LANG=en*', () => {
    expect(detectLang([], {})).toBe('es');
    expect(detectLang([], { LANG: 'es_CL.UTF-8' })).toBe('es');
    expect(detectLang([], { LANG: 'en_US.UTF-8' })).toBe('en');
    expect(detectLang(['--lang', 'en', 'tenant', 'list'], {})).toBe('en');
    expect(detectLang(['--lang=es'], { LANG: 'en_US.UTF-8' })).toBe('es');
    expect(detectLang(['--lang', 'fr'], {})).toBe('es');
  });

  it('has every message in both languages', () => {
    setLang('en');
    expect(t('err.connectionRefused', 'http://x')).toBe('no SmarterOS server is listening at http://x');
    setLang('es');
    expect(t('err.invalidRut', 'rut', 'check_digit')).toBe('rut: el dígito verificador del RUT no coincide (módulo 11)');
  });
});
