import { rutFromBody } from '@smarteros/kernel';

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
