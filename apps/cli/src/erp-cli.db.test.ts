import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rutFromBody } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../test/support/cli-process.ts';
import { createTestServer, type TestServer } from '../../../test/support/test-server.ts';

// Each test runs the CLI as a process several times (about a second each on a busy 2-core machine).
vi.setConfig({ testTimeout: 90_000 });

/** `smarteros erp product import`, `erp stock` and `erp order list|show` end to end, the CLI as a process. */
let t: TestServer;
let configDir: string;
let tenant = '';
const RUT = rutFromBody(76_530_011);

beforeAll(async () => {
  t = await createTestServer({ listen: true });
  configDir = mkdtempSync(join(tmpdir(), 'smarteros-erp-cli-'));
  tenant = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: RUT, business_name: 'Ferretería Los Andes', contact_email: 'x@x.cl' } })).body.id);
});
afterAll(async () => {
  await t?.close();
});

const cli = (args: string[]) => runCli(args, { url: t.server.url, token: t.adminToken, configDir });
const csv = (name: string, text: string) => {
  const file = join(configDir, name);
  writeFileSync(file, text);
  return file;
};

describe('smarteros erp', () => {
  it('reports every bad row of a CSV with its line and column, and imports nothing', async () => {
    const file = csv('malo.csv', 'sku;nombre;precio\nA-1;Martillo;1.990\nA-2;;990\nA-3;Clavos;gratis\n');
    const res = await cli(['erp', 'product', 'import', file, '--tenant', RUT]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('El archivo tiene 2 problemas; no se importó nada:');
    expect(res.stderr).toMatch(/línea 3, columna nombre: /);
    expect(res.stderr).toMatch(/línea 4, columna precio: /);
    expect((await t.request({ method: 'GET', url: `/api/v1/erp/products?tenant_id=${tenant}` })).body.total).toBe(0);
  });

  it('imports a catalog in batches with its stock, and imports it again without duplicating', async () => {
    const lines = ['sku;nombre;precio;incluye_iva;categoria;stock;stock_minimo'];
    for (let i = 1; i <= 120; i++) lines.push(`T-${String(i).padStart(3, '0')};Tornillo ${i} mm;$ ${i * 10};si;Fijaciones;${i % 7};3`);
    lines.push('MART-16;Martillo carpintero 16 oz;5.990;si;Herramientas;12;5');
    const file = csv('catalogo.csv', `\uFEFF${lines.join('\r\n')}\r\n`);
    const first = await cli(['erp', 'product', 'import', file, '--tenant', RUT, '--batch', '50']);
    expect(first.code, first.stderr).toBe(0);
    // Not a terminal: one progress line per batch, then the summary.
    expect(first.stdout).toContain('[50/121] productos 50 de 121');
    expect(first.stdout).toContain('[121/121] productos 121 de 121');
    expect(first.stdout).toMatch(/Importación lista: 121 productos nuevos, 0 actualizados, stock ajustado en \d+\./);
    const again = await cli(['--json', 'erp', 'product', 'import', file, '--tenant', RUT]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ created: 0, updated: 121, stock_adjusted: 0 });
    expect((await t.request({ method: 'GET', url: `/api/v1/erp/products?tenant_id=${tenant}&limit=1` })).body.total).toBe(121);

    const stock = await cli(['erp', 'stock', '--tenant', RUT, '--sku', 'MART-16']);
    expect(stock.code, stock.stderr).toBe(0);
    expect(stock.stdout).toContain('Martillo carpintero 16 oz');
    expect(stock.stdout).toMatch(/MART-16\s*│\s*Martillo carpintero 16 oz\s*│\s*12\s*│\s*0\s*│\s*12/);
    const low = JSON.parse((await cli(['--json', 'erp', 'stock', '--tenant', RUT, '--low', '--limit', '200'])).stdout) as { items: Array<{ sku: string; available: string }> };
    expect(low.items.length).toBeGreaterThan(0);
    expect(low.items.every((s) => Number(s.available) < 3)).toBe(true);
  });

  it('lists orders and shows one by its number with its lines, totals in CLP and payments', async () => {
    const made = await t.request({ method: 'POST', url: `/api/v1/erp/orders?tenant_id=${tenant}`, body: { channel: 'pos', buyer: { name: 'Camila Rojas' }, lines: [{ sku: 'MART-16', quantity: 2 }] } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect((await t.request({ method: 'POST', url: `/api/v1/erp/orders/${String(made.body.id)}/pay?tenant_id=${tenant}`, body: { method: 'cash' } })).status).toBe(200);
    const list = await cli(['erp', 'order', 'list', '--tenant', RUT]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('Camila Rojas');
    expect(list.stdout).toContain('Pagado');
    expect(list.stdout).toContain('$11.980');
    const show = await cli(['erp', 'order', 'show', `#${String(made.body.number)}`, '--tenant', RUT]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('MART-16');
    expect(show.stdout).toContain('Neto $10.067 · Exento $0 · IVA $1.913 · Total $11.980 · Pagado $11.980');
    expect(show.stdout).toContain('cash');
    const missing = await cli(['erp', 'order', 'show', '99999', '--tenant', RUT]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('No hay un pedido #99999');
    expect((await cli(['erp', 'order', 'list', '--tenant', RUT, '--status', 'pagado'])).code).toBe(2);
  });
});
