import Big from 'big.js';
import { AppError } from '@smarteros/kernel';

/**
 * Money by the SII's rules, with one rounding policy: half up to the peso (the SII's «redondeo al entero»), applied
 * once per amount the SII names (MontoItem, MntNeto, IVA), never to intermediate products. Everything is decimal
 * (big.js): a price of 1.990,333333 times 3 is exact before it is rounded. No float touches an amount.
 *
 * An order's amounts (the formulas of the SII's DTE and boleta instructions):
 * - each line: line_total = round(unit_price × quantity × (1 − discount_pct / 100)), in the basis of its price
 *   (gross when the price includes IVA);
 * - net-priced taxed lines: MntNeto = Σ line_total, IVA = round(MntNeto × 0.19);
 * - gross-priced taxed lines only (a shop's prices, the boleta): Total = Σ line_total, MntNeto = round(Total / 1.19),
 *   IVA = Total − MntNeto, so the buyer pays exactly the sum of the prices shown;
 * - both kinds in one order: the gross lines' net part is round(G / 1.19), added to the net lines, and IVA =
 *   round(MntNeto × 0.19) on the whole (one IVA per document, as the SII computes it);
 * - exempt lines: MntExe = Σ line_total; amount_untaxed = MntNeto + MntExe; amount_total = amount_untaxed + IVA.
 * Each line then carries its share of the net amount and of IVA (largest remainder), so the lines add up to the
 * order's amounts exactly.
 */

export const IVA_RATE = '0.19';
const IVA = new Big(IVA_RATE);
const ONE_PLUS_IVA = new Big(1).plus(IVA);
const HUNDRED = new Big(100);
const ROUND_HALF_UP = 1;

export type Tax = 'iva' | 'exempt';

/** A decimal from its string form (no exponent, at most `maxDecimals` places); throws validation_failed naming the field. */
export function parseDecimal(value: string | number, field: string, options: { maxDecimals: number; min?: string; max?: string; positive?: boolean }): Big {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const re = new RegExp(`^-?\\d{1,14}(\\.\\d{1,${options.maxDecimals}})?$`);
  const fail = (message: string): never => {
    throw new AppError('validation_failed', `${field}: ${message}`, { issues: [{ path: field, message }] });
  };
  if (!re.test(text)) fail(options.maxDecimals === 0 ? 'an integer' : `a decimal number with at most ${options.maxDecimals} decimals (a dot before them)`);
  const n = new Big(text);
  if (options.positive && n.lte(0)) fail('must be greater than 0');
  if (options.min !== undefined && n.lt(options.min)) fail(`must be at least ${options.min}`);
  if (options.max !== undefined && n.gt(options.max)) fail(`must be at most ${options.max}`);
  return n;
}

/** Rounds half up to whole pesos. */
export function pesos(amount: Big): number {
  const n = Number(amount.round(0, ROUND_HALF_UP).toFixed(0));
  if (!Number.isSafeInteger(n)) throw new AppError('validation_failed', 'amount: too large', { issues: [{ path: 'amount', message: 'too large' }] });
  return n;
}

/** A decimal's canonical text (no trailing zeros): what the API answers for prices and quantities. */
export const decimalText = (value: Big | string): string => new Big(value).toFixed();

export interface LineAmountsInput {
  quantity: Big | string;
  unit_price: Big | string;
  discount_pct?: Big | string | undefined;
  tax: Tax;
  price_includes_tax: boolean;
}

export interface LineAmounts {
  /** The line's amount in its price's basis (gross when the price includes IVA): the SII's MontoItem. */
  line_total: number;
  /** The line's share of the order's net amount (its own amount for exempt and net-priced lines). */
  line_untaxed: number;
  /** The line's share of the order's IVA. */
  line_tax: number;
}

export interface OrderAmounts {
  lines: LineAmounts[];
  amount_untaxed: number;
  amount_exempt: number;
  amount_tax: number;
  amount_total: number;
}

/** MontoItem: round(price × quantity × (1 − discount / 100)). */
export function lineTotal(line: LineAmountsInput): number {
  const discount = new Big(line.discount_pct ?? 0);
  return pesos(new Big(line.unit_price).times(line.quantity).times(HUNDRED.minus(discount)).div(HUNDRED));
}

/** Splits `amount` over integer weights by the largest remainder (ties to the earlier line): the parts add to amount. */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, w) => a + BigInt(w), 0n);
  if (total === 0n) return weights.map(() => 0);
  const a = BigInt(amount);
  const parts = weights.map((w) => (a * BigInt(w)) / total);
  const rest = weights.map((w, i) => ({ i, r: (a * BigInt(w)) % total }));
  let left = Number(a - parts.reduce((s, p) => s + p, 0n));
  rest.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of rest) {
    if (left <= 0) break;
    parts[i]! += 1n;
    left -= 1;
  }
  return parts.map(Number);
}

/** The order's amounts and each line's share, by the SII's formulas (see the top of this file). */
export function orderAmounts(lines: readonly LineAmountsInput[]): OrderAmounts {
  const totals = lines.map(lineTotal);
  let gross = 0;
  let net = 0;
  let exempt = 0;
  lines.forEach((l, i) => {
    const t = totals[i]!;
    if (l.tax === 'exempt') exempt += t;
    else if (l.price_includes_tax) gross += t;
    else net += t;
  });
  const grossNet = gross === 0 ? 0 : pesos(new Big(gross).div(ONE_PLUS_IVA));
  const neto = net + grossNet;
  const iva = net === 0 ? gross - grossNet : pesos(new Big(neto).times(IVA));
  // Net shares: net lines keep their amount; the gross lines share grossNet by their gross amounts.
  const grossIdx = lines.map((l, i) => (l.tax === 'iva' && l.price_includes_tax ? i : -1)).filter((i) => i >= 0);
  const grossShares = allocate(grossNet, grossIdx.map((i) => totals[i]!));
  const untaxed = totals.slice();
  grossIdx.forEach((i, k) => (untaxed[i] = grossShares[k]!));
  const tax = lines.map(() => 0);
  if (net === 0) {
    // Gross prices only: each line's IVA is what its gross amount holds beyond its net share (they add to IVA).
    for (const i of grossIdx) tax[i] = totals[i]! - untaxed[i]!;
  } else {
    const taxedIdx = lines.map((l, i) => (l.tax === 'iva' ? i : -1)).filter((i) => i >= 0);
    const taxShares = allocate(iva, taxedIdx.map((i) => untaxed[i]!));
    taxedIdx.forEach((i, k) => (tax[i] = taxShares[k]!));
  }
  return {
    lines: totals.map((t, i) => ({ line_total: t, line_untaxed: untaxed[i]!, line_tax: tax[i]! })),
    amount_untaxed: neto + exempt,
    amount_exempt: exempt,
    amount_tax: iva,
    amount_total: neto + exempt + iva,
  };
}

/** A unit price with IVA, for showing (storefront, search): gross prices as they are, net ones times 1.19, in pesos. */
export function grossUnitPrice(price: Big | string, tax: Tax, priceIncludesTax: boolean): number {
  const p = new Big(price);
  return pesos(tax === 'exempt' || priceIncludesTax ? p : p.times(ONE_PLUS_IVA));
}

export { Big };
