import { describe, expect, it } from 'vitest';
import { checkBarcode, parsePrice, parseProductCsv, type ProductCsvResult, type ProductImportError, type ProductImportRow } from './product-csv.ts';

function rowsOf(result: ProductCsvResult): ProductImportRow[] {
  if (!result.ok) throw new Error(`expected rows, got errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.rows;
}

function errorsOf(result: ProductCsvResult): ProductImportError[] {
  if (result.ok) throw new Error(`expected errors, got ${result.rows.length} rows`);
  return result.errors;
}

describe('parseProductCsv: good files', () => {
  it('reads a Chilean Excel export: BOM, CRLF, semicolons, Spanish headers, quoted fields with ; and line breaks', () => {
    const text =
      '\uFEFFSKU;Nombre;Descripción;Unidad;Precio;Incluye IVA;Impuesto;Código de barras;Categoría;Stock;Stock mínimo;Activo\r\n' +
      'A-001;"Café; molido 250 g";"Tostado medio.\r\nOrigen: Colombia";bolsa;$ 1.990;sí;IVA;7801234567894;Almacén;1.000;10;Sí\r\n' +
      'A-002;Azúcar 1 kg;;kg;1990,5;No;Exento;;;;;no\r\n' +
      'A-003;"Té ""premium""";;;1.990.000;1;exento;96385074;Té;0;0;1\r\n';
    expect(rowsOf(parseProductCsv(text))).toEqual([
      {
        line: 2,
        sku: 'A-001',
        name: 'Café; molido 250 g',
        description: 'Tostado medio.\nOrigen: Colombia',
        unit: 'bolsa',
        price: '1990',
        price_includes_tax: true,
        tax: 'iva',
        barcode: '7801234567894',
        category: 'Almacén',
        stock: 1000,
        low_stock_threshold: 10,
        active: true,
      },
      // The row above spans lines 2 and 3, so this one starts on line 4.
      { line: 4, sku: 'A-002', name: 'Azúcar 1 kg', unit: 'kg', price: '1990.5', price_includes_tax: false, tax: 'exempt', active: false },
      {
        line: 5,
        sku: 'A-003',
        name: 'Té "premium"',
        unit: 'unidad',
        price: '1990000',
        price_includes_tax: true,
        tax: 'exempt',
        barcode: '96385074',
        category: 'Té',
        stock: 0,
        low_stock_threshold: 0,
        active: true,
      },
    ]);
  });

  it('reads a comma-separated file with English headers', () => {
    const text = [
      'sku,name,description,unit,price,price_includes_tax,tax,barcode,category,initial stock,low_stock_threshold,active',
      'B1,"Shirt, blue","Cotton, size M",unit,"1990,5",false,exempt,036000291452,Clothes,5,1,true',
      'B2,Socks,,pair,1.990,TRUE,iva,4006381333931,,,,FALSE',
      'B3,Cap,,,"1,990.50",0,,,,,,0',
    ].join('\n');
    expect(rowsOf(parseProductCsv(text))).toEqual([
      {
        line: 2,
        sku: 'B1',
        name: 'Shirt, blue',
        description: 'Cotton, size M',
        unit: 'unit',
        price: '1990.5',
        price_includes_tax: false,
        tax: 'exempt',
        barcode: '036000291452',
        category: 'Clothes',
        stock: 5,
        low_stock_threshold: 1,
        active: true,
      },
      { line: 3, sku: 'B2', name: 'Socks', unit: 'pair', price: '1990', price_includes_tax: true, tax: 'iva', barcode: '4006381333931', active: false },
      { line: 4, sku: 'B3', name: 'Cap', unit: 'unidad', price: '1990.5', price_includes_tax: false, tax: 'iva', active: false },
    ]);
  });

  it('applies the defaults and leaves absent optional fields out', () => {
    const [row] = rowsOf(parseProductCsv('sku;nombre;precio\nX;Producto;100\n'));
    expect(row).toEqual({ line: 2, sku: 'X', name: 'Producto', unit: 'unidad', price: '100', price_includes_tax: true, tax: 'iva', active: true });
    expect(Object.keys(row!).sort()).toEqual(['active', 'line', 'name', 'price', 'price_includes_tax', 'sku', 'tax', 'unit']);
  });

  it('accepts header names in any case, with accents, spaces or underscores, and in any order', () => {
    const text = '  PRECIO ; Nombre ;SKU;Stock_Minimo;codigo de barras;INCLUYE_IVA;Stock Inicial\n1.990;Pan;P1;3;78029002;no;7\n';
    expect(rowsOf(parseProductCsv(text))).toEqual([
      { line: 2, sku: 'P1', name: 'Pan', unit: 'unidad', price: '1990', price_includes_tax: false, tax: 'iva', barcode: '78029002', stock: 7, low_stock_threshold: 3, active: true },
    ]);
  });

  it('trims values, skips blank and all-empty rows (;;;) and trailing unnamed header columns', () => {
    const text = '\n\nsku;nombre;precio;;\n  A  ;  Uno  ; 10 \n;;\n\nB;Dos;20;;\n;;;;\n';
    const rows = rowsOf(parseProductCsv(text));
    expect(rows.map((r) => [r.line, r.sku, r.name, r.price])).toEqual([
      [4, 'A', 'Uno', '10'],
      [7, 'B', 'Dos', '20'],
    ]);
  });

  it('keeps a literal quote inside an unquoted field, and drops spaces around quoted fields', () => {
    const [row, second] = rowsOf(parseProductCsv('sku;nombre;precio\nM15;Monitor 15" HD;99990\nM2 ;  "Mouse; USB"  ; 5 \n'));
    expect(row!.name).toBe('Monitor 15" HD');
    expect(second).toMatchObject({ sku: 'M2', name: 'Mouse; USB', price: '5' });
  });

  it('parses 10,000 rows (linear work: SKUs in a Map)', () => {
    const lines = ['sku;nombre;precio;stock'];
    for (let i = 0; i < 10_000; i++) lines.push(`SKU-${i};"Producto ${i}; talla única";${i}.990;${i % 50}`);
    const rows = rowsOf(parseProductCsv(lines.join('\r\n')));
    expect(rows).toHaveLength(10_000);
    expect(rows[9_999]).toMatchObject({ line: 10_001, sku: 'SKU-9999', name: 'Producto 9999; talla única', price: '9999.99', stock: 49 });
    expect(rows[5]).toMatchObject({ line: 7, price: '5990' });
  });

  it('reports every problem of a 10,000-row file', () => {
    const lines = ['sku,nombre,precio'];
    for (let i = 0; i < 10_000; i++) lines.push(`DUP,Producto ${i},abc`);
    const errors = errorsOf(parseProductCsv(lines.join('\n')));
    expect(errors).toHaveLength(10_000 + 9_999);
    expect(errors.at(-1)).toEqual({ line: 10_001, column: 'precio', message: 'precio: no es un número' });
    expect(errors.at(-2)).toEqual({ line: 10_001, column: 'sku', message: 'sku: «DUP» está repetido; ya aparece en la línea 2' });
  });
});

describe('parseProductCsv: bad rows', () => {
  const header = 'sku;nombre;precio;incluye_iva;impuesto;codigo_barras;stock;stock_minimo;activo';
  const good = ['OK', 'Producto', '1990', 'si', 'iva', '', '', '', 'si'];
  const columns = header.split(';');

  it.each([
    ['sku', '', 'sku: es obligatorio'],
    ['sku', 'X'.repeat(65), 'sku: tiene 65 caracteres; el máximo es 64'],
    ['nombre', '   ', 'nombre: es obligatorio'],
    ['precio', '', 'precio: es obligatorio'],
    ['precio', 'gratis', 'precio: no es un número'],
    ['precio', '1.99.0', 'precio: no es un número'],
    ['precio', '12.34,5.6', 'precio: no es un número'],
    ['precio', '-1990', 'precio: no puede ser negativo'],
    ['precio', '1,1234567', 'precio: admite hasta 6 decimales'],
    ['precio', '1234567890123', 'precio: es demasiado grande'],
    ['incluye_iva', 'quizás', 'incluye_iva: no se entiende «quizás»; use sí o no'],
    ['impuesto', 'retención', 'impuesto: no se entiende «retención»; use iva o exento'],
    ['codigo_barras', '7801234567890', 'codigo_barras: el dígito verificador no es válido'],
    ['codigo_barras', '12345', 'codigo_barras: tiene 5 dígitos; debe tener 8, 12 o 13 (EAN-8, UPC-A o EAN-13)'],
    ['codigo_barras', '780-123', 'codigo_barras: debe tener solo dígitos'],
    [
      'codigo_barras',
      '7,80123E+12',
      'codigo_barras: parece estar en notación científica (así lo deja Excel); dé formato de texto a la columna antes de exportar',
    ],
    ['stock', '-3', 'stock: no puede ser negativo'],
    ['stock', '2,5', 'stock: debe ser un número entero mayor o igual a cero'],
    ['stock', 'muchos', 'stock: debe ser un número entero mayor o igual a cero'],
    ['stock', '3000000000', 'stock: es demasiado grande (máximo 2147483647)'],
    ['stock_minimo', '1.5', 'stock_minimo: debe ser un número entero mayor o igual a cero'],
    ['activo', 'tal vez', 'activo: no se entiende «tal vez»; use sí o no'],
  ])('reports %s = %j', (column, value, message) => {
    const cells = [...good];
    cells[columns.indexOf(column)] = value.includes(';') ? `"${value}"` : value;
    const errors = errorsOf(parseProductCsv(`${header}\n${good.join(';').replace('OK', 'FIRST')}\n${cells.join(';')}\n`));
    expect(errors).toEqual([{ line: 3, column, message }]);
  });

  it('names the column as written in the header', () => {
    const errors = errorsOf(parseProductCsv('SKU;Nombre;Precio de venta\nA;Uno;x\n'));
    expect(errors[0]).toMatchObject({ line: 1, column: 'Precio de venta' });
    expect(errorsOf(parseProductCsv('SKU;Nombre;Precio\nA;Uno;x\n'))).toEqual([{ line: 2, column: 'Precio', message: 'Precio: no es un número' }]);
  });

  it('reports a repeated SKU on its later lines, naming the first one', () => {
    const text = 'sku,nombre,precio\nA,Uno,1\nB,Dos,2\nA,Tres,3\nA,Cuatro,4\n';
    expect(errorsOf(parseProductCsv(text))).toEqual([
      { line: 4, column: 'sku', message: 'sku: «A» está repetido; ya aparece en la línea 2' },
      { line: 5, column: 'sku', message: 'sku: «A» está repetido; ya aparece en la línea 2' },
    ]);
  });

  it('reports all the problems of all the rows at once, in file order', () => {
    const text = [
      'sku;nombre;precio;activo;codigo_barras',
      'A;Uno;1.990;si;', // good
      ';;abc;quizás;123', // four problems in one row
      'B;"Dos',
      'líneas";-5;si;', // the row of line 4 spans two lines
      'C;Tres;10;si;4006381333930',
      'B;Cuatro;1;si;',
    ].join('\n');
    expect(errorsOf(parseProductCsv(text))).toEqual([
      { line: 3, column: 'sku', message: 'sku: es obligatorio' },
      { line: 3, column: 'nombre', message: 'nombre: es obligatorio' },
      { line: 3, column: 'precio', message: 'precio: no es un número' },
      { line: 3, column: 'codigo_barras', message: 'codigo_barras: tiene 3 dígitos; debe tener 8, 12 o 13 (EAN-8, UPC-A o EAN-13)' },
      { line: 3, column: 'activo', message: 'activo: no se entiende «quizás»; use sí o no' },
      { line: 4, column: 'precio', message: 'precio: no puede ser negativo' },
      { line: 6, column: 'codigo_barras', message: 'codigo_barras: el dígito verificador no es válido' },
      { line: 7, column: 'sku', message: 'sku: «B» está repetido; ya aparece en la línea 4' },
    ]);
  });

  it('reports rows that do not line up with the header', () => {
    const text = 'sku,nombre,precio\nA,Uno\nB,Tornillo 3,5 mm,100\nC,Tres,30,,\n';
    expect(errorsOf(parseProductCsv(text))).toEqual([
      { line: 2, column: '', message: 'La fila tiene 2 columnas, pero el encabezado tiene 3; revise los separadores y las comillas.' },
      {
        line: 3,
        column: '',
        message: 'La fila tiene datos en la columna 4, pero el encabezado tiene 3 columnas; si un valor contiene el separador, escríbalo entre comillas.',
      },
    ]);
  });

  it('reports data under a column without a name, once', () => {
    const text = 'sku;;nombre;precio\nA;x;Uno;1\nB;y;Dos;2\nC;;Tres;3\n';
    expect(errorsOf(parseProductCsv(text))).toEqual([{ line: 2, column: '', message: 'La columna 2 tiene datos, pero no tiene nombre en el encabezado.' }]);
  });
});

describe('parseProductCsv: bad files', () => {
  it.each([[''], ['\uFEFF'], ['  \r\n\n ; \n'.replace(' ; ', '  ')]])('reports an empty file %j', (text) => {
    expect(errorsOf(parseProductCsv(text))).toEqual([
      { line: 1, column: '', message: 'El archivo está vacío: debe tener una línea de encabezado y al menos una fila de productos.' },
    ]);
  });

  it('reports a header without rows', () => {
    expect(errorsOf(parseProductCsv('sku;nombre;precio\n;;\n'))).toEqual([
      { line: 2, column: '', message: 'El archivo no tiene filas de productos: solo tiene el encabezado.' },
    ]);
  });

  it('reports unknown, repeated and missing columns together with the bad rows', () => {
    const text = 'sku;name;nombre;color;Peso\nA;Uno;Uno;rojo;1\nB;;;azul;x\n';
    const errors = errorsOf(parseProductCsv(text));
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [1, 'nombre'],
      [1, 'color'],
      [1, 'Peso'],
      [1, 'price'],
      [3, 'name'],
    ]);
    expect(errors[0]!.message).toBe('nombre: columna repetida; ya está como «name» (columna 2)');
    expect(errors[1]!.message).toMatch(/^color: columna desconocida; las columnas aceptadas son sku, nombre\/name, descripcion\/description, unidad\/unit, precio\/price, /);
    // The header's only English-only name (name) makes it an English header.
    expect(errors[3]!.message).toBe('price: falta esta columna obligatoria (se acepta «precio» o «price»)');
    expect(errors[4]!.message).toBe('name: es obligatorio');
  });

  it('names a missing column in the language of the header', () => {
    const errors = errorsOf(parseProductCsv('sku,price,description\nA,1,x\n'));
    expect(errors).toEqual([{ line: 1, column: 'name', message: 'name: falta esta columna obligatoria (se acepta «nombre» o «name»)' }]);
    expect(errorsOf(parseProductCsv('precio\n1\n')).map((e) => e.column)).toEqual(['sku', 'nombre']);
  });

  it('reports a quote that is never closed at the line where it opens', () => {
    const text = 'sku;nombre;precio\nA;"Uno ""bueno""";1\nB;"Dos;2\nC;Tres;3\n';
    expect(errorsOf(parseProductCsv(text))).toEqual([
      { line: 3, column: '', message: 'Línea 3: hay comillas que se abren y no se cierran; revise que cada campo entre comillas termine con comillas.' },
    ]);
  });

  it('reports a closing quote followed by text', () => {
    const errors = errorsOf(parseProductCsv('sku;nombre;precio\nA;"Uno"x;1\n'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 2, column: '' });
    expect(errors[0]!.message).toMatch(/^Línea 2: después de cerrar comillas/);
  });
});

describe('parsePrice', () => {
  it.each([
    ['1990', '1990'],
    ['1.990', '1990'],
    ['12.990', '12990'],
    ['1.990.000', '1990000'],
    ['$ 1.990', '1990'],
    ['$1.990', '1990'],
    ['CLP 1.990', '1990'],
    ['1\u00a0990', '1990'],
    ['1990,5', '1990.5'],
    ['1990,50', '1990.5'],
    ['1.990,50', '1990.5'],
    ['1,990.50', '1990.5'],
    ['1,990,000', '1990000'],
    ['1,990', '1.99'],
    ['1990.5', '1990.5'],
    ['1990.123456', '1990.123456'],
    ['1234.990', '1234.99'],
    ['0.990', '0.99'],
    ['0,5', '0.5'],
    [',5', '0.5'],
    ['0', '0'],
    ['000120', '120'],
    ['100,000000', '100'],
    ['999999999999', '999999999999'],
  ])('reads %j as %j', (text, expected) => {
    expect(parsePrice(text)).toBe(expected);
  });

  it.each([
    ['abc', 'no es un número'],
    ['1.99.0', 'no es un número'],
    ['1.990,5,5', 'no es un número'],
    ['1,99,0', 'no es un número'],
    ['1e3', 'no es un número'],
    ['$', 'no es un número'],
    ['.', 'no es un número'],
    ['1 990 $', 'no es un número'],
    ['-5', 'no puede ser negativo'],
    ['0,0000001', 'admite hasta 6 decimales'],
    ['1000000000000', 'es demasiado grande'],
  ])('refuses %j: %s', (text, problem) => {
    expect(parsePrice(text)).toEqual({ problem });
  });
});

describe('checkBarcode', () => {
  it.each(['96385074', '78029002', '036000291452', '4006381333931', '7801234567894', '7800000000016'])('accepts %s', (code) => {
    expect(checkBarcode(code)).toBeUndefined();
  });

  it('refuses every wrong check digit of a valid code', () => {
    for (const code of ['96385074', '036000291452', '7801234567894']) {
      for (let d = 0; d <= 9; d++) {
        const changed = code.slice(0, -1) + String(d);
        if (changed !== code) expect(checkBarcode(changed)).toBe('el dígito verificador no es válido');
      }
    }
  });
});
