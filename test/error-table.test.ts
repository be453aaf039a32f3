import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, constraintTable, defineErrors, ERROR_KINDS, errorSpec, errorTable, isErrorCode, mapDbError } from '@smarteros/kernel';
import { MODULES } from '@smarteros/server';
import { describe, expect, it } from 'vitest';

/** The one error table, merged from the kernel's codes and each module's (defineErrors in <module>.errors.ts). */
const migrations = join(import.meta.dirname, '..', 'db', 'migrations');
const sqlText = readdirSync(migrations)
  .map((f) => readFileSync(join(migrations, f), 'utf8'))
  .join('\n');

describe('the error table', () => {
  it('holds the modules’ codes, each with its owner', () => {
    const owners = new Map(errorTable().map((r) => [r.code, r.owner]));
    expect(owners.get('rut_taken')).toBe('tenancy');
    expect(owners.get('last_owner')).toBe('identity');
    expect(owners.get('circuit_open')).toBe('gateway');
    expect(owners.get('idempotency_key_reused')).toBe('apps/server');
    expect(owners.get('validation_failed')).toBe('kernel');
    expect(MODULES.filter((m) => 'errors' in m).length).toBeGreaterThanOrEqual(4);
  });

  it('knows every code the SQL functions raise', () => {
    const raised = [...sqlText.matchAll(/message\s*=\s*'([a-z_]+)'/g)].map((m) => m[1]!);
    const transitions = ['tenant', 'product', 'trial'].map((e) => `${e}_transition_not_allowed`);
    expect(raised.length).toBeGreaterThan(5);
    for (const code of [...raised, ...transitions]) expect(isErrorCode(code), code).toBe(true);
  });

  it('maps every named unique constraint to a code of the table, and the constraints exist', () => {
    const { unique, checks } = constraintTable();
    for (const [name, [code]] of Object.entries(unique)) {
      expect(isErrorCode(code), `${name} -> ${code}`).toBe(true);
      expect(sqlText.includes(name) || name.endsWith('_pkey'), `${name} is not in the migrations`).toBe(true);
    }
    for (const name of Object.keys(checks)) expect(sqlText.includes(name), `${name} is not in the migrations`).toBe(true);
  });

  it('maps a constraint violation by the owning module’s name for it', () => {
    const err = mapDbError(Object.assign(new Error('duplicate'), { code: '23505', constraint: 'tenants_rut_key' }));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('rut_taken');
    expect((err as AppError).status).toBe(409);
    const sqlRaised = mapDbError(Object.assign(new Error('last_owner'), { code: 'SO409' }));
    expect((sqlRaised as AppError).code).toBe('last_owner');
  });

  it('refuses a code defined twice with another meaning, and treats an unknown code as internal', () => {
    expect(() => defineErrors({ owner: 'elsewhere', codes: { rut_taken: ERROR_KINDS.invalid } })).toThrow(/rut_taken is already defined/);
    expect(errorSpec('no_such_code')).toEqual(errorSpec('internal'));
  });
});
