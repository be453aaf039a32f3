import { describe, expect, it } from 'vitest';
import { fieldsOf, initialValue, readForm } from './schema-form.ts';

/** The schema zod's toJSONSchema gives for an action's input (io: input: defaults make fields optional). */
const SCHEMA = {
  type: 'object',
  properties: {
    product_code: { type: 'string', enum: ['chat', 'erp'] },
    mode: { type: 'string', enum: ['trial', 'subscription'], default: 'trial' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Rows' },
    ratio: { type: 'number' },
    dry_run: { type: 'boolean', default: true },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
    note: { type: 'string', minLength: 2, pattern: '^[a-z]+$' },
    filter: { anyOf: [{ type: 'string' }, { type: 'null' }] },
  },
  required: ['product_code', 'note'],
  additionalProperties: false,
};

describe('schema-form', () => {
  const fields = fieldsOf(SCHEMA)!;

  it('maps each property to a field kind, with required marks, defaults and descriptions; unknown constructs are JSON', () => {
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['product_code', 'enum', true],
      ['mode', 'enum', false],
      ['limit', 'integer', false],
      ['ratio', 'number', false],
      ['dry_run', 'boolean', false],
      ['tags', 'string-array', false],
      ['note', 'string', true],
      ['filter', 'json', false],
    ]);
    expect(fields.map(initialValue)).toEqual(['', 'trial', '20', '', true, '', '', '']);
    expect(fields[2]!.description).toBe('Rows');
    expect(fieldsOf({ type: 'array' })).toBeNull();
  });

  it('reads the values into the input, or names each field that does not fit', () => {
    const values = Object.fromEntries(fields.map((f) => [f.name, initialValue(f)]));
    expect(readForm(fields, values).problems).toEqual({ product_code: { key: 'required' }, note: { key: 'required' } });
    const bad = readForm(fields, { ...values, product_code: 'erp', note: 'A1', limit: '2.5', ratio: 'x', tags: 'a\nb\nc', filter: '{' });
    expect(bad.problems).toEqual({
      note: { key: 'pattern' },
      limit: { key: 'integer' },
      ratio: { key: 'number' },
      tags: { key: 'maxItems', limit: 2 },
      filter: { key: 'json' },
    });
    const ok = readForm(fields, { ...values, product_code: 'erp', note: 'hola', limit: '100', ratio: '0,5', tags: 'a\n\nb', filter: 'null' });
    expect(ok.problems).toEqual({});
    expect(ok.input).toEqual({ product_code: 'erp', mode: 'trial', limit: 100, ratio: 0.5, dry_run: true, tags: ['a', 'b'], note: 'hola', filter: null });
    expect(readForm(fields, { ...values, product_code: 'erp', note: 'hola', limit: '0' }).problems).toEqual({ limit: { key: 'min', limit: 1 } });
  });
});
