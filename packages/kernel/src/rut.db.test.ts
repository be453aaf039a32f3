import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.ts';
import type { Tx } from './db/database.ts';
import { AppError } from './errors.ts';
import { parseRut, RUT_MAX_BODY, rutCheckDigit, rutFromBody } from './rut.ts';

/**
 * The database's RUT rule (rut_check_digit, rut_is_canonical, rut_normalize, the `rut` domain) is the same rule as
 * kernel/rut.ts. Inputs are checked in batches: one query per generated array, a few hundred inputs in all.
 */
const seed = Number(process.env.FC_SEED ?? 0x52_55_54);

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

interface Probe {
  input: string;
  normalized: string | null;
  error: string | null;
  canonical: boolean;
  domain: boolean;
}

/** Runs every input through the SQL functions in one query, catching rut_normalize's error per input. */
async function probeAll(inputs: readonly string[]): Promise<Probe[]> {
  return t.db.asOwner(async (tx: Tx) => {
    await sql`
      create or replace function pg_temp.rut_probe(p text) returns jsonb language plpgsql as $$
      declare
        v_normalized text;
        v_error text;
        v_domain boolean;
      begin
        begin
          v_normalized := rut_normalize(p);
        exception when others then
          v_error := sqlstate || ' ' || sqlerrm;
        end;
        begin
          perform p::rut;
          v_domain := true;
        exception when check_violation then
          v_domain := false;
        end;
        return jsonb_build_object('normalized', v_normalized, 'error', v_error,
                                  'canonical', rut_is_canonical(p), 'domain', v_domain);
      end $$`.execute(tx);
    const { rows } = await sql<{ probe: Omit<Probe, 'input'> }>`
      select pg_temp.rut_probe(u.input) as probe
        from jsonb_array_elements_text(${JSON.stringify(inputs)}::jsonb) with ordinality as u(input, n)
       order by u.n`.execute(tx);
    // The input is reported from the original array: PGlite drops a leading U+FEFF from text it returns.
    expect(rows).toHaveLength(inputs.length);
    return rows.map((r, i) => ({ ...r.probe, input: inputs[i]! }));
  });
}

/** What the SQL side must answer for an input, according to parseRut. */
function expectedProbe(input: string): Probe {
  const parsed = parseRut(input);
  const canonical = parsed.ok && parsed.rut === input;
  return {
    input,
    normalized: parsed.ok ? parsed.rut : null,
    error: parsed.ok ? null : 'SO400 invalid_rut',
    canonical,
    domain: canonical,
  };
}

/** Non-ASCII and control characters as \\uXXXX, so a failure message shows what was sent. */
const visible = (s: string): string =>
  JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Fails with one line per input where SQL and TypeScript disagree. */
async function expectAgreement(inputs: readonly string[]): Promise<void> {
  const probes = await probeAll(inputs);
  const disagreements = probes.flatMap((probe) => {
    const expected = expectedProbe(probe.input);
    const same =
      probe.normalized === expected.normalized &&
      probe.error === expected.error &&
      probe.canonical === expected.canonical &&
      probe.domain === expected.domain;
    if (same) return [];
    const side = (p: Probe) => `normalize=${p.normalized ?? p.error} canonical=${p.canonical} domain=${p.domain}`;
    return [`${visible(probe.input)}: parseRut says ${side(expected)}; SQL says ${side(probe)}`];
  });
  expect(disagreements).toEqual([]);
}

const validBody = fc.integer({ min: 1, max: RUT_MAX_BODY });
const dvChar = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'K', 'k');
/** Spellings people type; the separators are ASCII (see the Unicode test below for the rest). */
const spelled = fc
  .record({
    body: validBody,
    zeros: fc.integer({ min: 0, max: 2 }),
    dots: fc.boolean(),
    hyphen: fc.constantFrom('-', '', ' - ', ' '),
    lower: fc.boolean(),
    pad: fc.constantFrom('', ' ', '\t', '\n'),
  })
  .map(({ body, zeros, dots, hyphen, lower, pad }) => {
    const digits = String(body);
    const grouped = dots ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.') : digits;
    const dv = rutCheckDigit(body);
    return `${pad}${'0'.repeat(zeros)}${grouped}${hyphen}${lower ? dv.toLowerCase() : dv}${pad}`;
  });
const canonicalValid = validBody.map((b) => rutFromBody(b));
const wrongCheckDigit = fc.tuple(validBody, dvChar).map(([b, dv]) => `${b}-${dv}`);
const nearMiss = fc.string({ unit: fc.constantFrom(...'0123456789kK.- '), minLength: 1, maxLength: 14 });
const garbage = fc.string({ unit: 'grapheme', maxLength: 16 }).map((s) => s.replaceAll('\u0000', ''));
const rutInputs = fc.array(fc.oneof(spelled, canonicalValid, wrongCheckDigit, nearMiss, garbage), { minLength: 60, maxLength: 80 });

describe('SQL RUT functions agree with parseRut', () => {
  it('rut_normalize, rut_is_canonical and the rut domain, on generated valid and invalid inputs', async () => {
    await fc.assert(fc.asyncProperty(rutInputs, expectAgreement), { seed, numRuns: 6 });
  });

  it('rut_check_digit, on generated bodies (leading zeros included)', async () => {
    const bodies = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 2 }), validBody).map(([zeros, b]) => '0'.repeat(zeros) + String(b)),
      { minLength: 100, maxLength: 100 },
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (batch) => {
        const { rows } = await t.db.asOwner((tx) =>
          sql<{ body: string; dv: string }>`
            select u.body, rut_check_digit(u.body) as dv
              from jsonb_array_elements_text(${JSON.stringify(batch)}::jsonb) with ordinality as u(body, n)
             order by u.n`.execute(tx),
        );
        expect(rows).toEqual(batch.map((b) => ({ body: b, dv: rutCheckDigit(b) })));
      }),
      { seed, numRuns: 3 },
    );
  });

  it('on the named examples and the edges', async () => {
    await expectAgreement([
      '12.345.678-5',
      '12345678-5',
      '123456785',
      '12.345.678-k',
      '76.086.428-5',
      '11.111.111-1',
      '99.999.999-9',
      '99999999-9',
      '1-9',
      '0-0',
      '00000001-9',
      '100.000.000-4',
      '123456789-2',
      '12a45678-5',
      '12345678-',
      '-5',
      '',
      ' ',
      'K',
      'kk',
      "12'345.678-5",
      '12.345.678-5; drop table tenants',
    ]);
  });

  it('on RUTs spelled with the Unicode separators both sides accept (NBSP, narrow NBSP, dashes)', async () => {
    const separators = ['\u00a0', '\u2007', '\u202f', '\u2010', '\u2013', '\u2212'];
    const inputs = separators.flatMap((s) => [`12.345.678${s}5`, `${s}12345678-5`, `12${s}345${s}678-5`]);
    // Precondition: these are valid RUTs for the TypeScript side.
    expect(inputs.filter((i) => !parseRut(i).ok)).toEqual([]);
    await expectAgreement(inputs);
  });

  it('on RUTs with other Unicode spaces, which both sides refuse alike', async () => {
    const others = ['\u3000', '\ufeff', '\u2028', '\u1680', '\u205f'];
    const inputs = others.flatMap((s) => [`12.345.678${s}-5`, `12${s}345678-5`]);
    expect(inputs.filter((i) => parseRut(i).ok)).toEqual([]);
    await expectAgreement(inputs);
  });
});

describe('no path stores an invalid RUT', () => {
  const insertTenant = (rut: string) =>
    t.db.asOwner((tx) =>
      sql`insert into tenants (rut, business_name, contact_email) values (${rut}, 'Probe SpA', 'probe@example.cl')`.execute(tx),
    );

  it.each(['12345678-4', '12.345.678-5', '12345678-k', '012345678-5', '123456785', '', 'x'])(
    'the owner cannot insert a tenant with rut %j (domain check)',
    async (rut) => {
      const err: unknown = await insertTenant(rut).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'invalid_rut', details: { field: 'rut' } });
      expect((err as AppError).cause).toMatchObject({ code: '23514' });
    },
  );

  it('the owner cannot insert a tenant with any generated non-canonical rut', async () => {
    const nonCanonical = fc.oneof(wrongCheckDigit, spelled, nearMiss).filter((s) => {
      const parsed = parseRut(s);
      return !parsed.ok || parsed.rut !== s;
    });
    await fc.assert(
      fc.asyncProperty(nonCanonical, async (rut) => {
        await expect(insertTenant(rut)).rejects.toMatchObject({ code: 'invalid_rut' });
      }),
      { seed, numRuns: 25 },
    );
  });

  it('the owner cannot change a stored rut into an invalid one', async () => {
    const good = rutFromBody(12_345_678);
    await insertTenant(good);
    const err: unknown = await t.db
      .asOwner((tx) => sql`update tenants set rut = '12345678-4' where rut = ${good}`.execute(tx))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_rut' });
    const { rows } = await t.db.asOwner((tx) => sql<{ rut: string }>`select rut from tenants where rut like '12345678-%'`.execute(tx));
    expect(rows).toEqual([{ rut: good }]);
  });

  it('create_tenant_minimal normalizes a valid spelling and refuses an invalid one with invalid_rut', async () => {
    const id = await t.db.platform({ name: 'test', actor: 'test' }, async (tx) => {
      const { rows } = await sql<{ id: string }>`select create_tenant_minimal('Normaliza SpA', 'n@example.cl', ' 76.086.428-5 ') as id`.execute(tx);
      return rows[0]!.id;
    });
    const { rows } = await t.db.asOwner((tx) => sql<{ rut: string }>`select rut from tenants where id = ${id}`.execute(tx));
    expect(rows).toEqual([{ rut: '76086428-5' }]);
    await expect(
      t.db.platform({ name: 'test', actor: 'test' }, (tx) =>
        sql`select create_tenant_minimal('Mala SpA', 'm@example.cl', '76.086.428-4')`.execute(tx),
      ),
    ).rejects.toMatchObject({ code: 'invalid_rut', details: { field: 'rut', value: '76.086.428-4' } });
  });
});
