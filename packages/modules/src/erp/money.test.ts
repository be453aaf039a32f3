import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, Big, grossUnitPrice, lineTotal, orderAmounts, parseDecimal, type LineAmountsInput } from './money.ts';

const decimal = (maxInt: number, dp: number) =>
  fc.tuple(fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: 10 ** dp - 1 })).map(([i, f]) => (dp === 0 ? String(i) : `${i}.${String(f).padStart(dp, '0')}`));

const line: fc.Arbitrary<LineAmountsInput> = fc.record({
  quantity: fc.oneof(decimal(500, 0), decimal(50, 3)).filter((q) => new Big(q).gt(0)),
  unit_price: fc.oneof(decimal(2_000_000, 0), decimal(100_000, 6)),
  discount_pct: fc.oneof(fc.constant('0'), decimal(99, 2)),
  tax: fc.constantFrom('iva' as const, 'exempt' as const),
  price_includes_tax: fc.boolean(),
});

describe('CLP money by the SII rules', () => {
  it('rounds a line half up once, on the exact product (no float drift)', () => {
    // 0.1 × 3 in floats is 0.30000000000000004; 1.005 × 1000 is 1004.9999999999999 in floats.
    expect(lineTotal({ quantity: '3', unit_price: '0.1', tax: 'iva', price_includes_tax: false })).toBe(0);
    expect(lineTotal({ quantity: '1000', unit_price: '1.005', tax: 'iva', price_includes_tax: false })).toBe(1005);
    expect(lineTotal({ quantity: '3', unit_price: '1990.5', tax: 'iva', price_includes_tax: false })).toBe(5972); // 5971.5 -> up
    expect(lineTotal({ quantity: '2', unit_price: '10000', discount_pct: '12.5', tax: 'iva', price_includes_tax: false })).toBe(17500);
  });

  it('computes IVA on the net sum (facturas), and splits a gross total (boletas) so the buyer pays the shown prices', () => {
    const net = orderAmounts([
      { quantity: '1', unit_price: '1001', tax: 'iva', price_includes_tax: false },
      { quantity: '1', unit_price: '1001', tax: 'iva', price_includes_tax: false },
    ]);
    // Per line 190.19 -> 190 each (380), on the sum 2002 × 0.19 = 380.38 -> 380.
    expect(net).toMatchObject({ amount_untaxed: 2002, amount_tax: 380, amount_total: 2382 });
    const gross = orderAmounts([{ quantity: '1', unit_price: '11990', tax: 'iva', price_includes_tax: true }]);
    // Neto = round(11990 / 1.19) = 10076; IVA = 11990 - 10076 = 1914.
    expect(gross).toMatchObject({ amount_untaxed: 10076, amount_tax: 1914, amount_total: 11990 });
    const exempt = orderAmounts([
      { quantity: '2', unit_price: '5000', tax: 'exempt', price_includes_tax: false },
      { quantity: '1', unit_price: '10000', tax: 'iva', price_includes_tax: false },
    ]);
    expect(exempt).toMatchObject({ amount_untaxed: 20000, amount_exempt: 10000, amount_tax: 1900, amount_total: 21900 });
  });

  it('allocates by the largest remainder', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(0, [5, 5])).toEqual([0, 0]);
    expect(allocate(7, [0, 0])).toEqual([0, 0]);
  });

  it('property: the lines add up to the order, IVA follows the rule, amounts are integers', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (lines) => {
        const o = orderAmounts(lines);
        const all = [o.amount_untaxed, o.amount_exempt, o.amount_tax, o.amount_total, ...o.lines.flatMap((l) => [l.line_total, l.line_untaxed, l.line_tax])];
        expect(all.every(Number.isSafeInteger)).toBe(true);
        expect(o.lines.reduce((s, l) => s + l.line_untaxed, 0)).toBe(o.amount_untaxed);
        expect(o.lines.reduce((s, l) => s + l.line_tax, 0)).toBe(o.amount_tax);
        expect(o.amount_total).toBe(o.amount_untaxed + o.amount_tax);
        const sum = (pred: (l: LineAmountsInput) => boolean) => lines.reduce((s, l, i) => s + (pred(l) ? o.lines[i]!.line_total : 0), 0);
        expect(o.amount_exempt).toBe(sum((l) => l.tax === 'exempt'));
        const net = sum((l) => l.tax === 'iva' && !l.price_includes_tax);
        const gross = sum((l) => l.tax === 'iva' && l.price_includes_tax);
        const neto = o.amount_untaxed - o.amount_exempt;
        if (net === 0) {
          // Gross prices only: the total is exactly what the prices say.
          expect(o.amount_total).toBe(gross + o.amount_exempt);
          expect(neto).toBe(Number(new Big(gross).div('1.19').round(0, 1).toFixed(0)));
          lines.forEach((l, i) => {
            if (l.tax === 'iva') expect(o.lines[i]!.line_untaxed + o.lines[i]!.line_tax).toBe(o.lines[i]!.line_total);
          });
        } else {
          expect(o.amount_tax).toBe(Number(new Big(neto).times('0.19').round(0, 1).toFixed(0)));
        }
        lines.forEach((l, i) => {
          if (l.tax === 'exempt') expect(o.lines[i]).toMatchObject({ line_untaxed: o.lines[i]!.line_total, line_tax: 0 });
        });
      }),
      { numRuns: 500 },
    );
  });

  it('parses decimals strictly and names the field', () => {
    expect(parseDecimal('1990.123456', 'price', { maxDecimals: 6 }).toFixed()).toBe('1990.123456');
    expect(() => parseDecimal('1990.1234567', 'price', { maxDecimals: 6 })).toThrow(/price: a decimal number with at most 6 decimals/);
    expect(() => parseDecimal('1e3', 'price', { maxDecimals: 6 })).toThrow(/price/);
    expect(() => parseDecimal('0', 'lines.0.quantity', { maxDecimals: 3, positive: true })).toThrow(/lines\.0\.quantity: must be greater than 0/);
    expect(grossUnitPrice('10000', 'iva', false)).toBe(11900);
    expect(grossUnitPrice('11990', 'iva', true)).toBe(11990);
    expect(grossUnitPrice('5000', 'exempt', false)).toBe(5000);
  });
});
