import { describe, expect, it } from 'vitest';
import { whatsappFailure } from './whatsapp-send.ts';
import { placeholdersOf, renderTemplate, templateOf } from './whatsapp-templates.ts';

describe('templates', () => {
  it('counts the body placeholders, positional or named, and renders them', () => {
    expect(placeholdersOf('Hola {{1}}, su pedido {{2}}; gracias {{1}}')).toEqual(['1', '2']);
    expect(placeholdersOf('Hola {{ nombre }}')).toEqual(['nombre']);
    expect(placeholdersOf(null)).toEqual([]);
    expect(renderTemplate('Hola {{1}}, su pedido {{2}}; gracias {{1}}', ['1', '2'], ['Rosa', '55'])).toBe('Hola Rosa, su pedido 55; gracias Rosa');
    expect(renderTemplate('Hola {{nombre}} ({{codigo}})', ['nombre', 'codigo'], ['Rosa', 'A7'])).toBe('Hola Rosa (A7)');
    // A gap ({{1}} and {{3}}) still needs three parameters, as Meta counts them.
    expect(templateOf({ name: 'x', language: 'es', status: 'APPROVED', components: [{ type: 'BODY', text: '{{1}} y {{3}}' }] })).toMatchObject({ parameter_count: 3, sendable: true });
  });

  it('marks as not sendable a template that needs header or button parameters; skips malformed entries', () => {
    expect(templateOf({ name: 'x', language: 'es', status: 'APPROVED', components: [{ type: 'HEADER', format: 'TEXT', text: 'Hola {{1}}' }, { type: 'BODY', text: 'b' }] })).toMatchObject({ sendable: false, header: null });
    expect(templateOf({ name: 'x', language: 'es', status: 'APPROVED', components: [{ type: 'BODY', text: 'b' }, { type: 'BUTTONS', buttons: [{ type: 'URL', url: 'https://x.cl/{{1}}' }] }] })).toMatchObject({ sendable: false });
    expect(templateOf({ name: 'x', language: 'es', status: 'APPROVED', components: [] })).toMatchObject({ sendable: false, body: null });
    expect(templateOf({ language: 'es' })).toBeNull();
    expect(templateOf('nada')).toBeNull();
  });

  it("maps Meta's template errors to what a person can act on", () => {
    expect(whatsappFailure(132000)).toEqual({ retry: false, error: 'whatsapp_template_params' });
    expect(whatsappFailure(132012)).toEqual({ retry: false, error: 'whatsapp_template_params' });
    expect(whatsappFailure(132001)).toEqual({ retry: false, error: 'whatsapp_template_missing' });
    expect(whatsappFailure(132015)).toEqual({ retry: false, error: 'whatsapp_template_paused' });
  });
});
