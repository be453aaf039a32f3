import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createActionCatalog, defineAction, inputJsonSchema, roleAtLeast, type Action } from './action.ts';
import { AppError } from './errors.ts';

const echo = (name: string): Action =>
  defineAction({
    name,
    title: { es: 'Eco', en: 'Echo' },
    description: 'Answers its input.',
    input: z.object({ text: z.string().min(1), times: z.number().int().default(1) }).strict(),
    kind: 'read',
    minRole: 'viewer',
    run: async (_ctx, input) => ({ said: input.text.repeat(input.times) }),
  });

describe('defineAction', () => {
  it('derives a 2020-12 object schema from the zod input, as callers send it (defaults make fields optional)', () => {
    const a = echo('test.echo');
    expect(a.inputSchema).toEqual({
      type: 'object',
      properties: { text: { type: 'string', minLength: 1 }, times: { type: 'integer', default: 1, minimum: expect.any(Number), maximum: expect.any(Number) } },
      required: ['text'],
      additionalProperties: false,
    });
    expect(a.origin).toBe('platform');
  });

  it('parse names every bad field, unknown keys included', () => {
    const a = echo('test.echo');
    expect(a.parse({ text: 'hola' })).toEqual({ text: 'hola', times: 1 });
    try {
      a.parse({ text: '', extra: 1, other: 2 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('validation_failed');
      expect((err as AppError).details?.issues).toEqual([
        { path: 'text', message: expect.any(String) },
        { path: 'extra', message: expect.any(String) },
        { path: 'other', message: expect.any(String) },
      ]);
      expect((err as AppError).message).toMatch(/^text: /);
    }
  });

  it('refuses names without a dotted namespace and inputs that are not objects', () => {
    expect(() => echo('echo')).toThrow(/dotted lower-case/);
    expect(() => echo('Test.Echo')).toThrow(/dotted lower-case/);
    expect(() => inputJsonSchema(z.string())).toThrow(/zod object/);
  });
});

describe('createActionCatalog', () => {
  it('refuses two actions with one name, and a dynamic action never shadows a platform one', async () => {
    expect(() => createActionCatalog({ actions: [[echo('test.echo')], [echo('test.echo')]] })).toThrow(/Two actions are named test.echo/);
    const shadow = { ...echo('test.echo'), origin: 'capability' as const, description: 'shadow' };
    const dynamic = { ...echo('orders.search'), origin: 'capability' as const };
    const catalog = createActionCatalog({ actions: [[echo('test.echo')]], sources: [{ name: 'caps', actions: async () => [shadow, dynamic] }] });
    const listed = await catalog.list('00000000-0000-4000-8000-000000000001');
    expect(listed.map((a) => [a.name, a.origin])).toEqual([
      ['test.echo', 'platform'],
      ['orders.search', 'capability'],
    ]);
  });
});

describe('roleAtLeast', () => {
  it('orders viewer < agent < admin < owner, with platform_admin above all', () => {
    expect(roleAtLeast('agent', 'viewer')).toBe(true);
    expect(roleAtLeast('agent', 'admin')).toBe(false);
    expect(roleAtLeast('owner', 'admin')).toBe(true);
    expect(roleAtLeast('platform_admin', 'owner')).toBe(true);
  });
});
