import { rutFromBody, type Database } from '@smarteros/kernel';
import { sql } from 'kysely';

/**
 * Business names of benchmark tenants: a trade from this list, a number and a legal form. The overview's filtered page
 * searches for one trade (FILTER_FRAGMENT), which matches about 1 tenant in NAME_WORDS.length.
 */
export const NAME_WORDS = [
  'Ferretería', 'Panadería', 'Botillería', 'Almacén', 'Librería', 'Farmacia', 'Verdulería', 'Carnicería',
  'Peluquería', 'Minimarket', 'Imprenta', 'Lavandería', 'Cafetería', 'Vulcanización', 'Óptica', 'Florería',
  'Mueblería', 'Pastelería', 'Zapatería', 'Jardinería',
] as const;

/** A fragment of exactly one trade in NAME_WORDS, lower case as the API compares it. */
export const FILTER_FRAGMENT = 'panader';

export const DEFAULT_PRODUCTS = ['chat', 'erp', 'automation'] as const;

export interface TenantInput {
  rut: string;
  business_name: string;
  contact_email: string;
  products: string[];
}

/** The body of POST /api/v1/tenants for benchmark tenant `n` (a unique RUT body). */
export function tenantInput(n: number): TenantInput {
  return {
    rut: rutFromBody(n),
    business_name: `${NAME_WORDS[n % NAME_WORDS.length]} Bench ${n} SpA`,
    contact_email: `contacto${n}@empresa${n}.cl`,
    products: [...DEFAULT_PRODUCTS],
  };
}

/** First RUT bodies of each source of tenants, far apart so no two sources collide. */
export const RUT_BASE = {
  http: 10_000_000,
  peer: 30_000_000,
  topUp: 50_000_000,
} as const;

/**
 * Adds `count` tenants with their default products straight in SQL, as the owner, in batches (the seed's own functions,
 * so the rows are what the API would write). created_at spreads over the past, one tenant a second, older than
 * anything made over HTTP. RUT bodies start after `firstBody`.
 */
export async function insertTenantsWithSql(
  db: Database,
  count: number,
  options: { batch: number; firstBody?: number; onBatch?: (done: number) => void },
): Promise<void> {
  const words = [...NAME_WORDS];
  const products = [...DEFAULT_PRODUCTS];
  const base = options.firstBody ?? RUT_BASE.topUp;
  for (let from = 1; from <= count; from += options.batch) {
    const to = Math.min(count, from + options.batch - 1);
    await db.asOwner((tx) =>
      sql`
        with s as (
          select g, (${base}::int + g)::text as body, now() - make_interval(secs => ${count}::int - g + 60) as at
            from generate_series(${from}::int, ${to}::int) g
        ), t as (
          select s.at, create_tenant_minimal(
                   (${words}::text[])[1 + (${base}::int + g) % ${words.length}::int] || ' Bench ' || s.body || ' Ltda',
                   'contacto' || s.body || '@empresa' || s.body || '.cl',
                   s.body || '-' || rut_check_digit(s.body), 'trial', 'customer', s.at) as id
            from s
        )
        select count(*) from t cross join lateral activate_default_products_for_tenant(t.id, null, ${products}::text[], t.at)`.execute(tx),
    );
    options.onBatch?.(to);
  }
}
