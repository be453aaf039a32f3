import type { OrderInput } from '@smarteros/modules/erp';
import type { Context } from '../context.ts';

/**
 * The demo's ERP: a believable ferretería catalog (prices with IVA, as a Chilean shop shows them), a few business
 * customers with RUT and giro (facturas), and a month of orders across channels and states — the same every run
 * (a seeded generator; orders are imported with external_ref demo:N, so a second run finds them and adds nothing).
 */

type Row = [sku: string, name: string, price: number, category: string, stock: number, unit?: string];

const CATALOG: Row[] = [
  ['MART-16', 'Martillo carpintero 16 oz mango fibra', 8990, 'Herramientas manuales', 12],
  ['MART-GOMA', 'Martillo de goma 450 g', 5490, 'Herramientas manuales', 8],
  ['DEST-SET6', 'Set destornilladores 6 piezas', 7990, 'Herramientas manuales', 25],
  ['ALIC-UNIV', 'Alicate universal 8"', 6490, 'Herramientas manuales', 18],
  ['LLAV-AJ10', 'Llave ajustable 10"', 9990, 'Herramientas manuales', 14],
  ['HUIN-5M', 'Huincha de medir 5 m', 3990, 'Herramientas manuales', 40],
  ['NIVEL-60', 'Nivel de aluminio 60 cm', 6990, 'Herramientas manuales', 10],
  ['SERR-ARCO', 'Sierra de arco 12"', 8490, 'Herramientas manuales', 9],
  ['TAL-18V', 'Taladro percutor inalámbrico 18V con 2 baterías', 89990, 'Herramientas eléctricas', 6],
  ['TAL-650', 'Taladro percutor 650 W', 39990, 'Herramientas eléctricas', 10],
  ['ESM-115', 'Esmeril angular 4 1/2" 850 W', 34990, 'Herramientas eléctricas', 7],
  ['SIERRA-CIRC', 'Sierra circular 7 1/4" 1.400 W', 69990, 'Herramientas eléctricas', 4],
  ['ATORN-12V', 'Atornillador inalámbrico 12V', 44990, 'Herramientas eléctricas', 5],
  ['BROCA-SET', 'Set de brocas para concreto 5 piezas', 5990, 'Accesorios', 30],
  ['DISCO-CORTE', 'Disco de corte metal 4 1/2"', 990, 'Accesorios', 200, 'unidad'],
  ['TORN-CR-100', 'Tornillo volcanita 6 x 1" (caja 100)', 2490, 'Fijaciones', 80, 'caja'],
  ['TORN-MAD-100', 'Tornillo madera 8 x 1 1/2" (caja 100)', 3290, 'Fijaciones', 60, 'caja'],
  ['CLAVO-2', 'Clavo corriente 2" (1 kg)', 1990, 'Fijaciones', 120, 'kg'],
  ['CLAVO-4', 'Clavo corriente 4" (1 kg)', 1990, 'Fijaciones', 90, 'kg'],
  ['TARUGO-8', 'Tarugo plástico 8 mm (bolsa 50)', 1490, 'Fijaciones', 70, 'bolsa'],
  ['LATEX-GAL', 'Pintura látex blanco 1 galón', 14990, 'Pinturas', 35, 'galón'],
  ['ESMALTE-GAL', 'Esmalte sintético blanco 1 galón', 21990, 'Pinturas', 20, 'galón'],
  ['BROCHA-3', 'Brocha 3"', 2290, 'Pinturas', 45],
  ['RODILLO-9', 'Rodillo chiporro 9" con bandeja', 5990, 'Pinturas', 25],
  ['DILUY-1L', 'Diluyente sintético 1 L', 3490, 'Pinturas', 30, 'litro'],
  ['CEM-25', 'Cemento especial 25 kg', 5990, 'Construcción', 60, 'saco'],
  ['YESO-25', 'Yeso 25 kg', 6490, 'Construcción', 25, 'saco'],
  ['VOLC-10', 'Plancha volcanita 10 mm 1,2 x 2,4 m', 8990, 'Construcción', 40, 'plancha'],
  ['OSB-11', 'Tablero OSB 11,1 mm 1,22 x 2,44 m', 15990, 'Construcción', 30, 'plancha'],
  ['PINO-2X4', 'Pino dimensionado 2 x 4" x 3,2 m', 3990, 'Construcción', 100],
  ['CABLE-1.5', 'Cable eléctrico 1,5 mm (rollo 100 m)', 32990, 'Electricidad', 8, 'rollo'],
  ['ENCH-DOBLE', 'Enchufe doble 10 A', 2990, 'Electricidad', 50],
  ['AMPOLLETA-LED', 'Ampolleta LED 9 W luz cálida', 1490, 'Electricidad', 150],
  ['ALARG-5M', 'Alargador 3 tomas 5 m', 6990, 'Electricidad', 20],
  ['CINTA-AISL', 'Cinta aisladora 18 mm x 10 m', 890, 'Electricidad', 100],
  ['LLAVE-BANO', 'Llave monomando lavamanos', 29990, 'Gasfitería', 6],
  ['TEFLON', 'Cinta teflón 12 mm', 490, 'Gasfitería', 200],
  ['SIFON-PVC', 'Sifón PVC 40 mm', 3490, 'Gasfitería', 25],
  ['SILICONA-BANO', 'Silicona antihongos transparente 280 ml', 4990, 'Gasfitería', 30],
  ['GUANTE-CUERO', 'Guante de cuero (par)', 3990, 'Seguridad', 40, 'par'],
  ['LENTE-SEG', 'Lente de seguridad claro', 2490, 'Seguridad', 35],
  ['CASCO-BL', 'Casco de seguridad blanco', 5990, 'Seguridad', 15],
];

const CUSTOMERS = [
  { rut: '76.086.428-5', razon_social: 'Constructora Los Aromos SpA', giro: 'Construcción de edificios', address: 'Av. Grecia 2100', comuna: 'Ñuñoa', email: 'compras@losaromos.cl', phone: '+56 9 5555 0101' },
  { rut: '77.350.120-3', razon_social: 'Gasfitería Pérez e Hijos Ltda.', giro: 'Instalaciones de gasfitería', address: 'Los Leones 455', comuna: 'Providencia', email: 'facturas@gasfiteriaperez.cl', phone: '+56 9 5555 0202' },
  { rut: '76.543.210-3', razon_social: 'Pinturas y Terminaciones del Sur SpA', giro: 'Terminaciones de obras', address: 'Gran Avenida 8800', comuna: 'La Cisterna', email: 'contabilidad@terminacionessur.cl', phone: '+56 9 5555 0303' },
];

const BUYERS = ['Camila Rojas', 'Diego Soto', 'Valentina Muñoz', 'Matías González', 'Francisca Díaz', 'Benjamín Silva', 'Javiera Contreras', 'Tomás Pérez', 'Isidora Morales', 'Vicente Fuentes'];
const CHANNELS: OrderInput['channel'][] = ['pos', 'pos', 'pos', 'store', 'store', 'whatsapp', 'web'];

/** A small seeded generator (mulberry32), so the demo is the same every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEMO_ORDER_COUNT = 90;

/** The demo catalog (stock included), its customers and a month of orders. Calls step after each part. */
export async function ensureDemoErp(ctx: Context, tenantId: string, step: (part: 'catalog' | 'customers' | 'orders', result: string, n?: number) => void): Promise<void> {
  // The stock is set only for products the demo did not have yet: a second run leaves what the month sold.
  const existing = new Set((await ctx.api.stockLevels(tenantId, { limit: '200' })).items.map((s) => s.sku));
  const imported = await ctx.api.importProducts(tenantId, {
    // What a ferretería had a month ago: the orders below take their share.
    rows: CATALOG.map(([sku, name, price, category, stock, unit]) => ({
      sku,
      name,
      price: String(price),
      price_includes_tax: true,
      tax: 'iva' as const,
      category,
      unit: unit ?? 'unidad',
      low_stock_threshold: String(Math.max(2, Math.round(stock / 5))),
      active: true,
      ...(existing.has(sku) ? {} : { stock: String(stock + 15) }),
    })),
    reference: 'seed:demo',
  });
  step('catalog', `${imported.created} / ${CATALOG.length}`);

  const known = new Set((await ctx.api.listCustomers(tenantId, { limit: '200' })).items.map((c) => c.rut));
  const customerIds: string[] = [];
  for (const c of CUSTOMERS) {
    if (!known.has(c.rut)) await ctx.api.createCustomer(tenantId, c);
  }
  for (const c of (await ctx.api.listCustomers(tenantId, { limit: '200' })).items) if (c.rut && CUSTOMERS.some((x) => x.rut === c.rut)) customerIds.push(c.id);
  step('customers', String(customerIds.length));

  let made = 0;
  let now: Date | null = null;
  // The newest order first, placed now: its created_at is the server's clock (the CLI's may differ), which dates the rest.
  for (const n of [DEMO_ORDER_COUNT, ...Array.from({ length: DEMO_ORDER_COUNT - 1 }, (_, i) => i + 1)]) {
    // One generator per order: the same order every run, whatever the earlier ones did.
    const rnd = random(20_261_203 + n);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
    // Spread over the last 30 days, shop hours in Santiago (UTC−3/−4: 13:00–23:00 UTC).
    const day = Math.floor(((DEMO_ORDER_COUNT - n) / DEMO_ORDER_COUNT) * 30);
    let placed: Date | undefined;
    if (now !== null) {
      placed = new Date(now.getTime() - day * 86_400_000);
      placed.setUTCHours(13 + Math.floor(rnd() * 10), Math.floor(rnd() * 60), 0, 0);
      if (placed > now) placed = new Date(now.getTime() - 3_600_000 * (1 + rnd()));
    }
    const business = rnd() < 0.2 && customerIds.length > 0;
    const lines = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
      const [sku] = pick(CATALOG);
      return { sku, quantity: String(1 + Math.floor(rnd() * 3)) };
    }).filter((l, i, all) => all.findIndex((x) => x.sku === l.sku) === i);
    const buyer = pick(BUYERS);
    const order = await ctx.api.createOrder(tenantId, {
      channel: pick(CHANNELS),
      external_ref: `demo:${n}`,
      ...(placed ? { placed_at: placed.toISOString() } : {}),
      lines,
      ...(business ? { customer_id: pick(customerIds), document_kind: 'factura' as const } : { buyer: { name: buyer, email: `${buyer.split(' ')[0]!.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')}@example.cl` } }),
    });
    now ??= new Date(order.created_at);
    // A second run finds the order as it left it.
    if (order.status === 'draft') {
      const fate = rnd();
      const recent = day <= 1;
      try {
        if (fate < 0.08) await ctx.api.moveOrder(tenantId, order.id, 'cancel');
        else if (recent && fate < 0.3) await ctx.api.moveOrder(tenantId, order.id, 'confirm');
        else {
          await ctx.api.payOrder(tenantId, order.id, { method: fate < 0.5 ? 'card_terminal' : fate < 0.8 ? 'transfer' : 'cash' });
          if (!recent || fate > 0.6) await ctx.api.moveOrder(tenantId, order.id, 'complete');
        }
      } catch {
        // Out of stock for this order (the catalog's stock is a month's): it stays a draft, as a real one would.
      }
    }
    made += 1;
    if (made % 10 === 0 || made === DEMO_ORDER_COUNT) step('orders', `${made} / ${DEMO_ORDER_COUNT}`, made % 10 === 0 ? 10 : made % 10);
  }
}

export const DEMO_ERP_STEPS = 2 + DEMO_ORDER_COUNT;
