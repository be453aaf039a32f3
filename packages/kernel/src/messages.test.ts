import { describe, expect, it } from 'vitest';
import { errorTable, type ErrorCode } from './errors.ts';
import { localeOf, phrase, wordError, wordSchemaIssue } from './messages.ts';

describe('error messages in the request language', () => {
  it('reads Accept-Language: es-CL by default, en when it is preferred, q-values respected', () => {
    expect(localeOf(undefined)).toBe('es');
    expect(localeOf('')).toBe('es');
    expect(localeOf('fr-FR,de;q=0.8')).toBe('es');
    expect(localeOf('en')).toBe('en');
    expect(localeOf('en-US,en;q=0.9')).toBe('en');
    expect(localeOf('es-CL,en;q=0.5')).toBe('es');
    expect(localeOf('es;q=0.4,en-GB;q=0.8')).toBe('en');
    expect(localeOf('en;q=0,es')).toBe('es');
    expect(localeOf(['en', 'es;q=0.1'])).toBe('en');
  });

  it('words every code in Spanish, and keeps the English throw-site text for en', () => {
    // Every code of the one table (the modules' too: the test setup loads them), each with its own words.
    const codes = errorTable().map((r) => r.code as ErrorCode);
    expect(codes).toContain('rut_taken');
    for (const code of codes) {
      expect(wordError(code, 'x', undefined, 'es') !== wordError('internal', 'x', undefined, 'es') || code === 'internal', `${code} has no words`).toBe(true);
      const es = wordError(code, 'some English text nobody translated', undefined, 'es');
      expect(es, code).not.toMatch(/\{|English/);
      expect(es.length, code).toBeGreaterThan(3);
      expect(wordError(code, 'Some English text', undefined, 'en')).toBe('Some English text');
    }
  });

  it('takes parameters from the thrown message and from details', () => {
    expect(wordError('not_found', 'Capability orders.search not found', undefined, 'es')).toBe('No se encontró la capacidad orders.search');
    expect(wordError('forbidden', 'This needs the admin role or higher', { required_role: 'admin', role: 'viewer' }, 'es')).toBe(
      'Esto requiere el rol Administrador o superior',
    );
    expect(wordError('rate_limited', 'Too many calls to orders.search; try again in 7 s', { retry_after_seconds: 7 }, 'es')).toBe(
      'Demasiadas llamadas a orders.search; inténtelo de nuevo en 7 s',
    );
    expect(wordError('product_transition_not_allowed', 'A product cannot go from inactive to inactive', { entity: 'product', from: 'inactive', to: 'inactive' }, 'es')).toBe(
      'Un producto no puede pasar de inactive a inactive',
    );
    expect(wordError('validation_failed', 'cursor: not a cursor this API gave out', undefined, 'es')).toBe('cursor: no es un cursor entregado por esta API');
    expect(wordError('unprocessable', 'The OpenAPI document cannot be imported: must have required property info (at /) (3 issues in all)', undefined, 'es')).toBe(
      'No se puede importar el documento OpenAPI: must have required property info (en /) (3 problemas en total)',
    );
    expect(wordError('upstream_error', 'Pagos answered 503', { status: 503 }, 'es')).toBe('Pagos respondió 503');
  });

  it('words OpenAPI import issues, with their parameters', () => {
    expect(phrase('the document has 2002 operations; at most 2000 can be imported', 'es')).toBe('el documento tiene 2002 operaciones; se pueden importar como máximo 2000');
    expect(phrase('$ref "#/components/schemas/Missing" resolves nowhere: "Missing" does not exist at /components/schemas', 'es')).toBe(
      '$ref "#/components/schemas/Missing" no apunta a nada: "Missing" no existe en /components/schemas',
    );
    expect(wordError('unprocessable', 'The OpenAPI document cannot be imported: the document is empty', undefined, 'es')).toBe('No se puede importar el documento OpenAPI: el documento está vacío');
    expect(phrase('the document is empty', 'en')).toBe('the document is empty');
    expect(phrase('something nobody wrote down', 'es')).toBe('something nobody wrote down');
  });

  it('words JSON Schema (Ajv) issues from keyword and params', () => {
    expect(wordSchemaIssue('required', { missingProperty: 'rut' }, "must have required property 'rut'", 'es')).toBe('es obligatorio');
    expect(wordSchemaIssue('enum', { allowedValues: ['paid', 'open'] }, 'must be equal to one of the allowed values', 'es')).toBe('debe ser uno de: "paid", "open"');
    expect(wordSchemaIssue('minimum', { comparison: '>=', limit: 1 }, 'must be >= 1', 'es')).toBe('debe ser >= 1');
    expect(wordSchemaIssue('minimum', { comparison: '>=', limit: 1 }, 'must be >= 1', 'en')).toBe('must be >= 1');
    expect(wordSchemaIssue('if', {}, 'must match "then" schema', 'es')).toBe('must match "then" schema');
  });
});
