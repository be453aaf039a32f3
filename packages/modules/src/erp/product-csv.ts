/**
 * Product import from a CSV file, as people export it from Excel or Google Sheets in Chile.
 *
 * - UTF-8, with or without a BOM; `,` or `;` between fields (Excel in es-CL writes `;`), chosen from the header line.
 * - The first non-blank line is the header; column names in Spanish or English, in any case, with or without accents
 *   ("Código de barras", "codigo_barras", "barcode"). An unknown, unnamed-but-filled or repeated column is an error.
 * - Fields may be quoted ("..."), with the delimiter, quotes ("") and line breaks inside.
 * - Every problem of the file is reported at once, each with the 1-based line of the file where its row starts and the
 *   column as written in the header; messages in Spanish (es-CL). Rows whose every field is empty (`;;;;`) are skipped.
 * - Prices stay decimal strings ('1990', '1990.5'), never floats.
 *
 * Linear in the size of the file: one pass of csv-parse, one pass over the rows, a Map for repeated SKUs.
 */
import { parse } from 'csv-parse/sync';

export interface ProductImportRow {
  /** Line of the file where the row starts (the header is line 1). */
  line: number;
  sku: string;
  name: string;
  description?: string;
  /** Unit of sale; 'unidad' when the column is absent or empty. */
  unit: string;
  /** Decimal string with '.' as decimal separator and at most 6 decimals, no thousands separators: '1990', '1990.5'. */
  price: string;
  price_includes_tax: boolean;
  tax: 'iva' | 'exempt';
  /** EAN-8, UPC-A (12 digits) or EAN-13 with a valid check digit. */
  barcode?: string;
  category?: string;
  /** Initial stock, a non-negative integer. */
  stock?: number;
  low_stock_threshold?: number;
  active: boolean;
}

export interface ProductImportError {
  /** 1-based line of the file (1 is the header). */
  line: number;
  /** The column as written in the header; '' when the problem is the whole row or the file. */
  column: string;
  /** In Spanish (es-CL), starting with the column's name: «precio: no es un número». */
  message: string;
}

export type ProductCsvResult = { ok: true; rows: ProductImportRow[] } | { ok: false; errors: ProductImportError[] };

export const PRODUCT_SKU_MAX_LENGTH = 64;
/** Largest integer part of a price (numeric(18,6)). */
const PRICE_MAX_INTEGER_DIGITS = 12;
/** Largest stock or threshold (a PostgreSQL integer). */
const INTEGER_MAX = 2_147_483_647;

type Field =
  | 'sku'
  | 'name'
  | 'description'
  | 'unit'
  | 'price'
  | 'price_includes_tax'
  | 'tax'
  | 'barcode'
  | 'category'
  | 'stock'
  | 'low_stock_threshold'
  | 'active';

/**
 * Each field's header names in folded form (see foldHeader): the first Spanish and the first English one are the
 * names used in messages; the others are accepted too.
 */
const FIELDS: Readonly<Record<Field, { es: readonly [string, ...string[]]; en: readonly [string, ...string[]]; required?: true }>> = {
  sku: { es: ['sku'], en: ['sku'], required: true },
  name: { es: ['nombre'], en: ['name'], required: true },
  description: { es: ['descripcion'], en: ['description'] },
  unit: { es: ['unidad'], en: ['unit'] },
  price: { es: ['precio'], en: ['price'], required: true },
  price_includes_tax: { es: ['incluye_iva', 'precio_incluye_iva'], en: ['price_includes_tax'] },
  tax: { es: ['impuesto'], en: ['tax'] },
  barcode: { es: ['codigo_barras', 'codigo_de_barras'], en: ['barcode'] },
  category: { es: ['categoria'], en: ['category'] },
  stock: { es: ['stock', 'stock_inicial'], en: ['stock', 'initial_stock'] },
  low_stock_threshold: { es: ['stock_minimo'], en: ['low_stock_threshold'] },
  active: { es: ['activo'], en: ['active'] },
};

const FIELD_LIST = Object.keys(FIELDS) as Field[];

type HeaderLang = 'es' | 'en' | 'both';

/** Folded header name → field, and whether that spelling is Spanish, English or both (sku, stock). */
const HEADER_NAMES: ReadonlyMap<string, { field: Field; lang: HeaderLang }> = (() => {
  const map = new Map<string, { field: Field; lang: HeaderLang }>();
  for (const field of FIELD_LIST) {
    const { es, en } = FIELDS[field];
    for (const name of es) map.set(name, { field, lang: en.includes(name) ? 'both' : 'es' });
    for (const name of en) if (!es.includes(name)) map.set(name, { field, lang: 'en' });
  }
  return map;
})();

/** "Código de Barras " → "codigo_de_barras"; "Stock mínimo" → "stock_minimo"; "initial stock" → "initial_stock". */
function foldHeader(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** ',' or ';': whichever appears more often outside quotes in the header line (',' on a tie). */
function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (blank && ch.trim().length > 0) blank = false;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n' && !blank) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

const AFTER_QUOTE = 'después de cerrar comillas debe venir el separador o el fin de la línea; escriba las comillas dentro de un campo entre comillas como ""';
const CSV_PROBLEMS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'hay comillas que se abren y no se cierran; revise que cada campo entre comillas termine con comillas',
  CSV_INVALID_CLOSING_QUOTE: AFTER_QUOTE,
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: AFTER_QUOTE,
  INVALID_OPENING_QUOTE: 'hay comillas mal ubicadas en un campo',
};

interface ParsedRecord {
  raw: string;
  record: string[];
}

/** Parses a product CSV file; all the problems of the file at once, or the rows. */
export function parseProductCsv(text: string): ProductCsvResult {
  const normalized = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  if (normalized.trim().length === 0) return fail([{ line: 1, column: '', message: 'El archivo está vacío: debe tener una línea de encabezado y al menos una fila de productos.' }]);

  let records: ParsedRecord[];
  try {
    records = parse(normalized, {
      delimiter: detectDelimiter(normalized),
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reported = (error as { lines?: unknown }).lines;
    const problem = (typeof code === 'string' ? CSV_PROBLEMS[code] : undefined) ?? 'el archivo no tiene un formato CSV válido';
    const line = code === 'CSV_QUOTE_NOT_CLOSED' ? openQuoteLine(normalized) : typeof reported === 'number' && reported > 0 ? reported : 1;
    return fail([{ line, column: '', message: `Línea ${line}: ${problem}.` }]);
  }

  const errors: ProductImportError[] = [];
  // The header is the first line with something in it (blank lines before it are skipped).
  let nextLine = 1;
  let first = 0;
  while (isBlank(records[first]!.record)) nextLine += countNewlines(records[first++]!.raw);
  const headerLine = nextLine;
  const header = records[first]!.record.map((cell) => cell.trim());
  nextLine += countNewlines(records[first]!.raw);

  // The header: which column holds each field.
  const columnOf = new Map<Field, { index: number; name: string }>();
  const unnamed: number[] = [];
  let spanish = 0;
  let english = 0;
  header.forEach((name, index) => {
    if (name.length === 0) {
      unnamed.push(index);
      return;
    }
    const known = HEADER_NAMES.get(foldHeader(name));
    if (!known) {
      errors.push({ line: headerLine, column: name, message: `${name}: columna desconocida; las columnas aceptadas son ${acceptedColumns()}` });
      return;
    }
    const earlier = columnOf.get(known.field);
    if (earlier) {
      errors.push({ line: headerLine, column: name, message: `${name}: columna repetida; ya está como «${earlier.name}» (columna ${earlier.index + 1})` });
      return;
    }
    if (known.lang === 'es') spanish++;
    if (known.lang === 'en') english++;
    columnOf.set(known.field, { index, name });
  });
  const lang = english > spanish ? 'en' : 'es';
  for (const field of FIELD_LIST) {
    if (FIELDS[field].required && !columnOf.has(field)) {
      const es = FIELDS[field].es[0];
      const en = FIELDS[field].en[0];
      const column = lang === 'en' ? en : es;
      errors.push({ line: headerLine, column, message: `${column}: falta esta columna obligatoria${es === en ? '' : ` (se acepta «${es}» o «${en}»)`}` });
    }
  }

  const rows: ProductImportRow[] = [];
  const skuLines = new Map<string, number>();
  const unnamedReported = new Set<number>();
  let dataRows = 0;
  // Trailing unnamed header cells (`sku;nombre;precio;;`) may be missing from the rows; cells past the header may be
  // present if empty. Anything else that does not line up with the header is an error, never dropped silently.
  const namedLength = header.findLastIndex((name) => name.length > 0) + 1;
  for (let r = first + 1; r < records.length; r++) {
    const { raw, record } = records[r]!;
    const line = nextLine;
    nextLine += countNewlines(raw);
    if (isBlank(record)) continue;
    dataRows++;
    if (record.length < namedLength) {
      errors.push({ line, column: '', message: `La fila tiene ${record.length} ${record.length === 1 ? 'columna' : 'columnas'}, pero el encabezado tiene ${namedLength}; revise los separadores y las comillas.` });
      continue;
    }
    const beyond = record.findIndex((cell, i) => i >= header.length && cell.trim().length > 0);
    if (beyond !== -1) {
      errors.push({
        line,
        column: '',
        message: `La fila tiene datos en la columna ${beyond + 1}, pero el encabezado tiene ${header.length} columnas; si un valor contiene el separador, escríbalo entre comillas.`,
      });
      continue;
    }
    for (const index of unnamed) {
      if (!unnamedReported.has(index) && (record[index] ?? '').trim().length > 0) {
        unnamedReported.add(index);
        errors.push({ line, column: '', message: `La columna ${index + 1} tiene datos, pero no tiene nombre en el encabezado.` });
      }
    }
    const row = parseRow(line, record, columnOf, errors, skuLines);
    if (row) rows.push(row);
  }

  if (dataRows === 0) errors.push({ line: headerLine + 1, column: '', message: 'El archivo no tiene filas de productos: solo tiene el encabezado.' });
  return errors.length > 0 ? fail(errors) : { ok: true, rows };
}

/** The line of the quote left open at the end of the text (each "" toggles twice, so escaped quotes cancel out). */
function openQuoteLine(text: string): number {
  let line = 1;
  let openedAt = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    else if (ch === '"') {
      quoted = !quoted;
      if (quoted) openedAt = line;
    }
  }
  return openedAt;
}

function fail(errors: ProductImportError[]): ProductCsvResult {
  return { ok: false, errors };
}

function isBlank(record: readonly string[]): boolean {
  return record.every((cell) => cell.trim().length === 0);
}

function countNewlines(raw: string): number {
  let count = 0;
  for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) count++;
  return count;
}

function acceptedColumns(): string {
  return FIELD_LIST.map((f) => (FIELDS[f].es[0] === FIELDS[f].en[0] ? FIELDS[f].es[0] : `${FIELDS[f].es[0]}/${FIELDS[f].en[0]}`)).join(', ');
}

/** One data row; pushes its problems to `errors` and answers undefined when it has any. */
function parseRow(
  line: number,
  record: readonly string[],
  columnOf: ReadonlyMap<Field, { index: number; name: string }>,
  errors: ProductImportError[],
  skuLines: Map<string, number>,
): ProductImportRow | undefined {
  const before = errors.length;
  const value = (field: Field): string | undefined => {
    const column = columnOf.get(field);
    return column === undefined ? undefined : (record[column.index] ?? '').trim();
  };
  const problem = (field: Field, message: string): undefined => {
    const column = columnOf.get(field)!.name;
    errors.push({ line, column, message: `${column}: ${message}` });
    return undefined;
  };
  /** The value of a present column, or undefined (missing column or empty cell; a missing required column is a header error). */
  const present = (field: Field): string | undefined => {
    const v = value(field);
    return v === undefined || v.length === 0 ? undefined : v;
  };
  const required = (field: Field): string | undefined => {
    const v = value(field);
    if (v === undefined) return undefined;
    return v.length === 0 ? problem(field, 'es obligatorio') : v;
  };

  const sku = required('sku');
  if (sku !== undefined) {
    if (sku.length > PRODUCT_SKU_MAX_LENGTH) problem('sku', `tiene ${sku.length} caracteres; el máximo es ${PRODUCT_SKU_MAX_LENGTH}`);
    else {
      const first = skuLines.get(sku);
      if (first !== undefined) problem('sku', `«${sku}» está repetido; ya aparece en la línea ${first}`);
      else skuLines.set(sku, line);
    }
  }
  const name = required('name');

  const priceText = required('price');
  const price = priceText === undefined ? undefined : parsePrice(priceText);
  if (typeof price === 'object') problem('price', price.problem);

  const includesText = present('price_includes_tax');
  const priceIncludesTax = includesText === undefined ? true : parseBoolean(includesText);
  if (priceIncludesTax === undefined) problem('price_includes_tax', `no se entiende «${includesText}»; use sí o no`);

  const taxText = present('tax');
  const tax = taxText === undefined ? 'iva' : parseTax(taxText);
  if (tax === undefined) problem('tax', `no se entiende «${taxText}»; use iva o exento`);

  const barcode = present('barcode');
  const barcodeProblem = barcode === undefined ? undefined : checkBarcode(barcode);
  if (barcodeProblem !== undefined) problem('barcode', barcodeProblem);

  const stockText = present('stock');
  const stock = stockText === undefined ? undefined : parseCount(stockText);
  if (typeof stock === 'string') problem('stock', stock);

  const thresholdText = present('low_stock_threshold');
  const threshold = thresholdText === undefined ? undefined : parseCount(thresholdText);
  if (typeof threshold === 'string') problem('low_stock_threshold', threshold);

  const activeText = present('active');
  const active = activeText === undefined ? true : parseBoolean(activeText);
  if (active === undefined) problem('active', `no se entiende «${activeText}»; use sí o no`);

  if (errors.length > before || sku === undefined || name === undefined || typeof price !== 'string') return undefined;
  if (priceIncludesTax === undefined || tax === undefined || active === undefined) return undefined;
  const row: ProductImportRow = {
    line,
    sku,
    name,
    unit: present('unit') ?? 'unidad',
    price,
    price_includes_tax: priceIncludesTax,
    tax,
    active,
  };
  const description = present('description');
  if (description !== undefined) row.description = description;
  if (barcode !== undefined) row.barcode = barcode;
  const category = present('category');
  if (category !== undefined) row.category = category;
  if (typeof stock === 'number') row.stock = stock;
  if (typeof threshold === 'number') row.low_stock_threshold = threshold;
  return row;
}

const TRUE_WORDS = new Set(['si', 'sí', 's', 'true', 'verdadero', '1', 'yes', 'y', 'x']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'falso', '0']);

function parseBoolean(text: string): boolean | undefined {
  const word = text.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

function parseTax(text: string): 'iva' | 'exempt' | undefined {
  const word = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (word === 'iva' || word === 'afecto') return 'iva';
  if (word === 'exento' || word === 'exenta' || word === 'exempt') return 'exempt';
  return undefined;
}

/**
 * A price as people write it in Chile, to a canonical decimal string:
 * `1990`, `1.990` and `1.990.000` (dots between thousands), `1990,5` and `1.990,50` (decimal comma), `$ 1.990`,
 * and also `1990.5` (a dot followed by other than three digits is a decimal point) and `1,990.50`.
 */
export function parsePrice(text: string): string | { problem: string } {
  const compact = text.replace(/[\s\u00a0\u202f]+/g, '').replace(/^(clp)?\$?/i, '');
  if (compact.startsWith('-')) return /^-[\d.,]+$/.test(compact) ? { problem: 'no puede ser negativo' } : { problem: 'no es un número' };
  if (!/^\d[\d.,]*$/.test(compact) && !/^[.,]\d+$/.test(compact)) return { problem: 'no es un número' };

  let integer: string;
  let fraction: string;
  const lastDot = compact.lastIndexOf('.');
  const lastComma = compact.lastIndexOf(',');
  const grouped = (digits: string, separator: '.' | ','): string | undefined => {
    const groups = digits.split(separator);
    const [head = '', ...rest] = groups;
    if (!/^\d{1,3}$/.test(head) || rest.some((g) => !/^\d{3}$/.test(g))) return undefined;
    return groups.join('');
  };
  if (lastDot !== -1 && lastComma !== -1) {
    // Both: the last one is the decimal separator, the other one separates thousands.
    const decimal = lastDot > lastComma ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    const at = Math.max(lastDot, lastComma);
    const intPart = grouped(compact.slice(0, at), thousands);
    if (intPart === undefined) return { problem: 'no es un número' };
    integer = intPart;
    fraction = compact.slice(at + 1);
  } else if (lastComma !== -1) {
    // Only commas: one is the decimal comma (1990,5); several separate thousands (1,990,000).
    if (compact.indexOf(',') === lastComma) {
      integer = compact.slice(0, lastComma);
      fraction = compact.slice(lastComma + 1);
    } else {
      const intPart = grouped(compact, ',');
      if (intPart === undefined) return { problem: 'no es un número' };
      integer = intPart;
      fraction = '';
    }
  } else if (lastDot !== -1) {
    // Only dots: several, or one followed by exactly three digits, separate thousands (1.990, 1.990.000);
    // one followed by other than three digits is a decimal point (1990.5).
    const several = compact.indexOf('.') !== lastDot;
    const thousandsLike = several || (/^\d{1,3}\.\d{3}$/.test(compact) && !compact.startsWith('0'));
    if (thousandsLike) {
      const intPart = grouped(compact, '.');
      if (intPart === undefined) return { problem: 'no es un número' };
      integer = intPart;
      fraction = '';
    } else {
      integer = compact.slice(0, lastDot);
      fraction = compact.slice(lastDot + 1);
    }
  } else {
    integer = compact;
    fraction = '';
  }
  if (!/^\d*$/.test(integer) || !/^\d*$/.test(fraction) || (integer.length === 0 && fraction.length === 0)) return { problem: 'no es un número' };
  fraction = fraction.replace(/0+$/, '');
  if (fraction.length > 6) return { problem: 'admite hasta 6 decimales' };
  integer = integer.replace(/^0+(?=\d)/, '') || '0';
  if (integer.length > PRICE_MAX_INTEGER_DIGITS) return { problem: 'es demasiado grande' };
  return fraction.length > 0 ? `${integer}.${fraction}` : integer;
}

/** A non-negative integer (digits, or dots between thousands: 1.000), or the problem. */
function parseCount(text: string): number | string {
  const compact = text.replace(/[\s\u00a0\u202f]+/g, '');
  const digits = /^\d+$/.test(compact) ? compact : /^\d{1,3}(\.\d{3})+$/.test(compact) ? compact.replaceAll('.', '') : undefined;
  if (digits === undefined) return /^-\d/.test(compact) ? 'no puede ser negativo' : 'debe ser un número entero mayor o igual a cero';
  const value = Number(digits);
  return value > INTEGER_MAX ? `es demasiado grande (máximo ${INTEGER_MAX})` : value;
}

/** Undefined when the text is a valid EAN-8, UPC-A or EAN-13; otherwise the problem. */
export function checkBarcode(text: string): string | undefined {
  if (/^\d+([.,]\d+)?E\+?\d+$/i.test(text)) {
    return 'parece estar en notación científica (así lo deja Excel); dé formato de texto a la columna antes de exportar';
  }
  if (!/^\d+$/.test(text)) return 'debe tener solo dígitos';
  if (text.length !== 8 && text.length !== 12 && text.length !== 13) return `tiene ${text.length} dígitos; debe tener 8, 12 o 13 (EAN-8, UPC-A o EAN-13)`;
  return gtinCheckDigit(text.slice(0, -1)) === Number(text.at(-1)) ? undefined : 'el dígito verificador no es válido';
}

/** GS1 check digit: from the right, weights 3, 1, 3, 1, ...; the digit that brings the sum to a multiple of 10. */
function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}
