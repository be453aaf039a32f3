import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRut, isValidRut, normalizeRut, parseRut, RUT_MAX_BODY, rutCheckDigit, rutFromBody, type RutProblem } from './rut.ts';

/**
 * Property tests of kernel/rut.ts against an independent definition of the Chilean RUT (modulo 11).
 * Seeded, so every run checks the same cases; set FC_SEED to explore others.
 */
const seed = Number(process.env.FC_SEED ?? 0x52_55_54);
const WEIGHTS = [2, 3, 4, 5, 6, 7] as const;
const DV_ALPHABET = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'K'] as const;

/** The definition: the digits of the body from right to left times 2,3,4,5,6,7,2,3,...; 11 - sum % 11; 11 -> 0, 10 -> K. */
function referenceCheckDigit(body: number): string {
  let sum = 0;
  let rest = body;
  for (let position = 0; rest > 0; position++) {
    sum += (rest % 10) * WEIGHTS[position % WEIGHTS.length]!;
    rest = Math.floor(rest / 10);
  }
  const value = 11 - (sum % 11);
  return value === 11 ? '0' : value === 10 ? 'K' : String(value);
}

/** Display form, grouped by thousands with arithmetic (no string tricks shared with the implementation). */
function referenceFormat(body: number, dv: string): string {
  const groups: string[] = [];
  let rest = body;
  while (rest >= 1000) {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  }
  groups.unshift(String(rest));
  return `${groups.join('.')}-${dv}`;
}

type ReferenceParse = { ok: true; rut: string } | { ok: false; problem: RutProblem };

/** The separators of the definition: ASCII white space, the no-break spaces, dots, hyphen, Unicode dashes and minus. */
const SEPARATORS = new Set([' ', '\t', '\r', '\n', '\u00a0', '\u2007', '\u202f', '.', '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212']);

/** What a person may type: digits, then the check digit, with separators anywhere; k = K. */
function referenceParse(input: string): ReferenceParse {
  const compact = [...input].filter((ch) => !SEPARATORS.has(ch)).join('').toUpperCase();
  if (compact === '') return { ok: false, problem: 'empty' };
  if (!/^[0-9]+[0-9K]$/.test(compact)) return { ok: false, problem: 'characters' };
  const body = compact.slice(0, -1).replace(/^0+/, '');
  if (body.length < 1 || body.length > 8) return { ok: false, problem: 'length' };
  const dv = compact.slice(-1);
  if (referenceCheckDigit(Number(body)) !== dv) return { ok: false, problem: 'check_digit' };
  return { ok: true, rut: `${body}-${dv}` };
}

const body = fc.integer({ min: 1, max: RUT_MAX_BODY });

/** Any spelling of a RUT: leading zeros, dots or spaces between any digits (or by thousands), hyphen or not, k or K. */
function spellingOf(rutBody: number, dv: string): fc.Arbitrary<string> {
  return fc
    .record({
      zeros: fc.integer({ min: 0, max: 3 }),
      thousands: fc.boolean(),
      gaps: fc.array(fc.constantFrom('', '', '', '.', ' '), { minLength: 11, maxLength: 11 }),
      hyphen: fc.constantFrom('-', '', ' - ', ' ', '- '),
      lowerK: fc.boolean(),
      before: fc.constantFrom('', ' ', '  ', '\t'),
      after: fc.constantFrom('', ' ', '\n', '\r\n'),
    })
    .map(({ zeros, thousands, gaps, hyphen, lowerK, before, after }) => {
      const digits = '0'.repeat(zeros) + String(rutBody);
      let spelled: string;
      if (thousands) {
        spelled = '0'.repeat(zeros) + referenceFormat(rutBody, '').slice(0, -1);
      } else {
        spelled = [...digits].map((d, i) => (i === 0 ? d : `${gaps[i - 1] ?? ''}${d}`)).join('');
      }
      return `${before}${spelled}${hyphen}${lowerK ? dv.toLowerCase() : dv}${after}`;
    });
}

const validRut = body.map((b) => ({ body: b, dv: referenceCheckDigit(b), canonical: `${b}-${referenceCheckDigit(b)}` }));
const spelledRut = validRut.chain((r) => spellingOf(r.body, r.dv).map((input) => ({ ...r, input })));

describe('rutCheckDigit', () => {
  it('agrees with the modulo 11 definition for bodies 1..99.999.999 (as number and as string)', () => {
    fc.assert(
      fc.property(body, (b) => {
        const expected = referenceCheckDigit(b);
        expect(rutCheckDigit(b)).toBe(expected);
        expect(rutCheckDigit(String(b))).toBe(expected);
      }),
      { seed, numRuns: 20_000 },
    );
  });

  it('agrees with the definition on every body of the edges of the range', () => {
    const mismatches: number[] = [];
    const check = (b: number) => {
      if (rutCheckDigit(b) !== referenceCheckDigit(b)) mismatches.push(b);
    };
    for (let b = 1; b <= 20_000; b++) check(b);
    for (let b = RUT_MAX_BODY - 20_000; b <= RUT_MAX_BODY; b++) check(b);
    for (let p = 10; p <= RUT_MAX_BODY; p *= 10) [p - 1, p, p + 1].forEach(check);
    expect(mismatches).toEqual([]);
  });

  it('produces every check digit, K and 0 included', () => {
    const seen = new Set<string>();
    for (let b = 1; b <= 200 && seen.size < DV_ALPHABET.length; b++) seen.add(rutCheckDigit(b));
    expect([...seen].sort()).toEqual([...DV_ALPHABET].sort());
  });
});

describe('parseRut', () => {
  it('accepts any spelling of a valid RUT and normalizes it to body-DV', () => {
    fc.assert(
      fc.property(spelledRut, ({ input, canonical, body: b, dv }) => {
        expect(parseRut(input)).toEqual({ ok: true, rut: canonical, body: b, dv });
        expect(normalizeRut(input)).toBe(canonical);
        expect(isValidRut(input)).toBe(true);
      }),
      { seed, numRuns: 5_000 },
    );
  });

  it("rejects every wrong check digit, in any spelling, with problem 'check_digit'", () => {
    const wrongSpelling = validRut.chain((r) =>
      fc
        .constantFrom(...DV_ALPHABET.filter((d) => d !== r.dv))
        .chain((wrong) => spellingOf(r.body, wrong).map((input) => ({ input, wrong }))),
    );
    fc.assert(
      fc.property(wrongSpelling, ({ input }) => {
        const parsed = parseRut(input);
        expect(parsed).toMatchObject({ ok: false, problem: 'check_digit' });
        expect(normalizeRut(input)).toBeNull();
        expect(isValidRut(input)).toBe(false);
      }),
      { seed, numRuns: 5_000 },
    );
  });

  it('rejects all ten wrong check digits of a body', () => {
    fc.assert(
      fc.property(validRut, ({ body: b, dv }) => {
        for (const wrong of DV_ALPHABET.filter((d) => d !== dv)) {
          expect(parseRut(`${b}-${wrong}`)).toMatchObject({ ok: false, problem: 'check_digit' });
        }
      }),
      { seed, numRuns: 1_000 },
    );
  });

  it('never throws on garbage and is never ok unless the input is a RUT by the definition', () => {
    const garbage = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 24 }),
      fc.string({ unit: 'grapheme', maxLength: 24 }),
      fc.string({ unit: fc.constantFrom(...'0123456789kK.-  xX/,'), maxLength: 16 }),
      fc.string({ unit: fc.constantFrom(...'0123456789kK.- '), minLength: 2, maxLength: 12 }),
    );
    fc.assert(
      fc.property(garbage, (input) => {
        let parsed: ReturnType<typeof parseRut> | undefined;
        expect(() => {
          parsed = parseRut(input);
        }).not.toThrow();
        const expected = referenceParse(input);
        if (expected.ok) {
          expect(parsed).toMatchObject({ ok: true, rut: expected.rut });
        } else {
          expect(parsed).toMatchObject({ ok: false, problem: expected.problem });
        }
      }),
      { seed, numRuns: 10_000 },
    );
  });

  it('has a message for people on every failure', () => {
    for (const input of ['', '12a45678-5', '123456789-2', '12345678-4']) {
      const parsed = parseRut(input);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(/RUT/);
    }
  });

  it.each([
    ['12.345.678-5', '12345678-5'],
    ['76.086.428-5', '76086428-5'],
    ['11.111.111-1', '11111111-1'],
    ['99.999.999-9', '99999999-9'],
    ['12345678-5', '12345678-5'],
    ['123456785', '12345678-5'],
    [' 12 345 678 - 5 ', '12345678-5'],
    ['012.345.678-5', '12345678-5'],
    ['00000001-9', '1-9'],
  ])('accepts %j as %s', (input, canonical) => {
    expect(normalizeRut(input)).toBe(canonical);
    expect(referenceParse(input)).toEqual({ ok: true, rut: canonical });
  });

  it('accepts a lower-case k', () => {
    const kBody = Array.from({ length: 100 }, (_, i) => i + 1).find((b) => referenceCheckDigit(b) === 'K')!;
    expect(parseRut(`${kBody}-k`)).toMatchObject({ ok: true, rut: `${kBody}-K`, dv: 'K' });
    expect(parseRut(`${kBody}k`)).toMatchObject({ ok: true, rut: `${kBody}-K` });
  });

  it.each<[string, RutProblem]>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['.-.', 'empty'],
    ['12a45678-5', 'characters'],
    ['12.345.678-X', 'characters'],
    ['K', 'characters'],
    ['123456789-2', 'length'],
    ['100.000.000-4', 'length'],
    ['0-0', 'length'],
    ['00', 'length'],
    ['12.345.678-4', 'check_digit'],
    ['12.345.678-k', 'check_digit'],
  ])('rejects %j with %s', (input, problem) => {
    expect(parseRut(input)).toMatchObject({ ok: false, problem });
    expect(normalizeRut(input)).toBeNull();
  });
});

describe('formatRut', () => {
  it('gives the 12.345.678-5 style, and normalizing the display form gives back the canonical form', () => {
    fc.assert(
      fc.property(validRut, ({ body: b, dv, canonical }) => {
        const display = formatRut(canonical);
        expect(display).toBe(referenceFormat(b, dv));
        expect(display).toMatch(/^[1-9]\d{0,2}(\.\d{3}){0,2}-[0-9K]$/);
        expect(normalizeRut(display)).toBe(canonical);
      }),
      { seed, numRuns: 5_000 },
    );
  });

  it('formats any spelling the same as the canonical form', () => {
    fc.assert(
      fc.property(spelledRut, ({ input, canonical }) => {
        expect(formatRut(input)).toBe(formatRut(canonical));
      }),
      { seed, numRuns: 2_000 },
    );
  });

  it.each([
    ['12345678-5', '12.345.678-5'],
    ['76086428-5', '76.086.428-5'],
    ['1-9', '1-9'],
    ['1000-6', '1.000-6'],
    ['999-7', '999-7'],
  ])('formats %s as %s', (input, display) => {
    expect(referenceParse(input).ok).toBe(true);
    expect(formatRut(input)).toBe(display);
  });

  it('throws a RangeError on an invalid RUT', () => {
    expect(() => formatRut('12.345.678-4')).toThrow(RangeError);
    expect(() => formatRut('')).toThrow(RangeError);
  });
});

describe('rutFromBody', () => {
  it('builds the canonical RUT of a body', () => {
    fc.assert(
      fc.property(validRut, ({ body: b, canonical }) => {
        expect(rutFromBody(b)).toBe(canonical);
      }),
      { seed, numRuns: 2_000 },
    );
  });

  it.each([0, -1, RUT_MAX_BODY + 1, 1.5, Number.NaN])('refuses the body %d', (b) => {
    expect(() => rutFromBody(b)).toThrow(RangeError);
  });
});
