import { zodResolver } from '@hookform/resolvers/zod';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { CreateTenantBody } from './api/models.ts';
import { bodySchema } from './form-schema.ts';

const schema = z.object({
  business_name: z.string().check(z.trim(), z.minLength(2, 'Ingrese la razón social.')),
  calls: z.pipe(z.string().check(z.regex(/^\d+$/, 'Escriba un número entero.')), z.transform(Number)),
});
const options = { fields: {}, shouldUseNativeValidation: false } as const;

describe('forms: react-hook-form over zod/mini', () => {
  it('the zod resolver takes a zod/mini schema: field errors by name with their own words', async () => {
    const out = await zodResolver(schema)({ business_name: ' a ', calls: 'x' }, undefined, options);
    expect(out.values).toEqual({});
    expect(out.errors.business_name?.message).toBe('Ingrese la razón social.');
    expect(out.errors.calls?.message).toBe('Escriba un número entero.');
  });

  it('the submit handler gets the parsed values (trimmed, transformed)', async () => {
    const out = await zodResolver(schema)({ business_name: ' Ferretería ', calls: '60' }, undefined, options);
    expect(out.errors).toEqual({});
    expect(out.values).toEqual({ business_name: 'Ferretería', calls: 60 });
  });

  it('bodySchema holds a schema to its route’s body at compile time', () => {
    const fits = bodySchema<CreateTenantBody>()(z.object({ rut: z.string(), business_name: z.string(), contact_email: z.string(), repeat: z.string() }), { local: ['repeat'] });
    expect(fits).toBeDefined();
    // @ts-expect-error a field the body does not have
    bodySchema<CreateTenantBody>()(z.object({ rut: z.string(), business_name: z.string(), contact_email: z.string(), contact_mail: z.string() }));
    // @ts-expect-error a field of another type than the body's
    bodySchema<CreateTenantBody>()(z.object({ rut: z.string(), business_name: z.string(), contact_email: z.string(), plan: z.number() }));
    // @ts-expect-error a field the body requires is missing
    bodySchema<CreateTenantBody>()(z.object({ rut: z.string(), business_name: z.string() }));
    expect(bodySchema<CreateTenantBody>()(z.object({ rut: z.string(), business_name: z.string() }), { given: ['contact_email'] })).toBeDefined();
  });
});
