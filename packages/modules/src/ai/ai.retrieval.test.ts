import { describe, expect, it } from 'vitest';
import { rank, statsOf, type ScoredDoc } from './ai.retrieval.ts';
import { asksForPerson, fold, languageOf, stem, terms } from './ai.text.ts';

/** A small shop's FAQ, as its owner would write it (with accents). */
const FAQ = [
  ['horario', '¿Cuál es el horario de atención?', 'Atendemos de lunes a viernes de 9:00 a 18:00 y los sábados de 10:00 a 14:00.'],
  ['despacho', '¿Hacen despachos a regiones?', 'Sí, despachamos a todo Chile por Starken; el envío a regiones cuesta $5.990.'],
  ['pago', '¿Qué medios de pago aceptan?', 'Aceptamos tarjetas de débito y crédito, transferencia electrónica y efectivo.'],
  ['cambio', '¿Cómo cambio o devuelvo un producto?', 'Tiene 10 días para cambios y devoluciones presentando su boleta.'],
  ['ubicacion', '¿Dónde está la tienda?', 'Estamos en Av. Providencia 1234, Providencia, Santiago.'],
] as const;
const DOCS: ScoredDoc[] = FAQ.map(([id, q, a]) => ({ id, question: terms(q), answer: terms(a) }));
const STATS = statsOf(DOCS);
const THRESHOLD = 0.5;
const best = (text: string) => {
  const top = rank(terms(text), DOCS, STATS)[0];
  return top && top.score >= THRESHOLD ? top.id : null;
};

describe('Spanish normalisation', () => {
  it('folds case, accents and punctuation; drops stop words; stems plurals', () => {
    expect(fold('¿Cuál es el HORARIO de atención?')).toBe('cual es el horario de atencion');
    expect(terms('¿Cuál es el horario de atención?')).toEqual(['horari', 'atencion']);
    for (const [a, b] of [['productos', 'producto'], ['regiones', 'región'], ['luces', 'luz'], ['meses', 'mes'], ['envíos', 'envio'], ['clases', 'clase'], ['abiertas', 'abierto'], ['colores', 'color']]) {
      expect(terms(a!), `${a} ~ ${b}`).toEqual(terms(b!));
    }
    expect(stem('mes')).toBe('mes');
    expect(terms('Hola, buenas tardes: quisiera saber los PRECIOS')).toEqual(terms('precio'));
  });
});

describe('scoring a FAQ', () => {
  it('finds the entry for a question typed without accents or capitals', () => {
    expect(best('cual es el horario de atencion')).toBe('horario');
    expect(best('donde esta la tienda')).toBe('ubicacion');
    expect(best('como cambio un producto')).toBe('cambio');
  });

  it('matches singular against plural and back', () => {
    expect(best('hacen despacho a region?')).toBe('despacho');
    expect(best('medio de pago')).toBe('pago');
    expect(best('horarios')).toBe('horario');
    expect(best('aceptan tarjeta de credito')).toBe('pago');
  });

  it('weighs the question above the answer', () => {
    const [first, second] = rank(terms('regiones'), [{ id: 'answer-only', question: terms('¿Cuánto cuesta el envío?'), answer: terms('El envío a regiones cuesta $5.990') }, DOCS[1]!], STATS);
    expect(first!.id).toBe('despacho');
    expect(first!.score).toBeGreaterThan(second!.score);
  });

  it('answers nothing for a question the FAQ does not cover, or for a greeting', () => {
    expect(best('¿Venden bicicletas eléctricas?')).toBeNull();
    expect(best('¿Cuál es la clave del wifi?')).toBeNull();
    expect(best('Hola, buenas tardes')).toBeNull();
    expect(best('horario de la piscina temperada y clases de natacion')).toBeNull();
    expect(rank([], DOCS, STATS)).toEqual([]);
  });

  it('scores in [0, 1] whatever the size of the knowledge', () => {
    for (const text of ['horario', 'cual es el horario de atencion', 'despacho regiones tarjeta']) {
      for (const r of rank(terms(text), DOCS, STATS)) {
        expect(r.score).toBeGreaterThan(0);
        expect(r.score).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('asking for a person', () => {
  it('recognises Spanish and English phrasings', () => {
    for (const text of ['Quiero hablar con una persona', 'un humano por favor', 'necesito un ejecutivo', 'Páseme con un agente', 'no eres un bot?', 'HUMANO', 'agent', 'I want to talk to a human', 'Can I speak with someone?', 'real person please', 'operator']) {
      expect(asksForPerson(text), text).toBe(true);
    }
  });
  it('does not take FAQ questions for it', () => {
    for (const text of ['¿Tienen menú ejecutivo?', 'Mesa para cuatro personas', '¿Cuál es el horario?', 'What are your opening hours?']) expect(asksForPerson(text), text).toBe(false);
  });
});

describe('the customer’s language', () => {
  it('is Spanish unless the text reads as English', () => {
    expect(languageOf('quiero hablar con una persona')).toBe('es');
    expect(languageOf('¿Hola?')).toBe('es');
    expect(languageOf('I want to talk to a human')).toBe('en');
    expect(languageOf('agent')).toBe('en');
    expect(languageOf('ok')).toBe('es');
  });
});
