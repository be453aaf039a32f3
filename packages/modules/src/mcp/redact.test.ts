import { describe, expect, it } from 'vitest';
import { auditArguments, redactText, redactValue } from './redact.ts';

const ALL = { rut: true, phone: true, email: true };
const NONE = { rut: false, phone: false, email: false };

describe('redaction', () => {
  it('hides RUTs in their usual spellings', () => {
    expect(redactText('Cliente 12.345.678-5 y 7654321-K, 76086428-5', ALL)).toBe('Cliente [rut] y [rut], [rut]');
    expect(redactText('pedido 12345 total 15990', ALL)).toBe('pedido 12345 total 15990');
  });

  it('hides Chilean mobiles and other E.164 numbers, not amounts or ids', () => {
    expect(redactText('Llamar al +56 9 1234 5678 o +56912345678 o 56-9-8765-4321', ALL)).toBe('Llamar al [phone] o [phone] o [phone]');
    expect(redactText('UK +44 20 7946 0958', ALL)).toBe('UK [phone]');
    expect(redactText('total 1234567890 CLP, pedido 987654321', ALL)).toBe('total 1234567890 CLP, pedido 987654321');
  });

  it('hides e-mail addresses', () => {
    expect(redactText('Escribir a ventas@tienda.cl o a.b+c@x.co', ALL)).toBe('Escribir a [email] o [email]');
  });

  it('applies only the rules asked for, to every string of a value, keeping keys', () => {
    const value = { 'ana@x.cl': 'ana@x.cl', rut: '12.345.678-5', list: ['+56 9 1234 5678', 3] };
    expect(redactValue(value, { rut: true, phone: false, email: false })).toEqual({ 'ana@x.cl': 'ana@x.cl', rut: '[rut]', list: ['+56 9 1234 5678', 3] });
    expect(redactValue(value, NONE)).toBe(value);
  });

  it('keeps no secret-looking key in audited arguments, and truncates large ones', () => {
    const args = { query: 'x', password: 'p', nested: { api_key: 'k', token: 't', ok: 1, Authorization: 'Bearer z' } };
    expect(auditArguments(args, NONE)).toEqual({ query: 'x', nested: { ok: 1 } });
    const big = auditArguments({ blob: 'x'.repeat(10_000) }, NONE);
    expect(big).toMatchObject({ truncated: true });
    expect(JSON.stringify(big).length).toBeLessThan(1200);
  });
});
