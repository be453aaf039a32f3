import * as z from 'zod/mini';
import { OUTBOX_STATUSES, PRODUCT_CODES, TENANT_STATUSES } from './api/models.ts';

/**
 * The search params a page keeps in the URL (so Back, a reload or a shared link restore them), validated with zod
 * when the router reads them: a value that does not fit is dropped, never an error page.
 */
const pick = <T>(schema: z.ZodMiniType<T>, value: unknown): T | undefined => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/** The router parses "123" as a number: a search text is text whatever it looks like. */
const text = (value: unknown): string | undefined => (typeof value === 'number' ? String(value) : pick(z.string().check(z.minLength(1), z.maxLength(200)), value));

export const TENANT_SORTS = ['-created_at', 'created_at', 'business_name', '-business_name'] as const;

export interface TenantsSearch {
  q?: string | undefined;
  status?: (typeof TENANT_STATUSES)[number] | undefined;
  product?: (typeof PRODUCT_CODES)[number] | undefined;
  /** The table's order (the server's sort values); newest first when absent. */
  sort?: (typeof TENANT_SORTS)[number] | undefined;
  /** The cursors of the pages after the first one, in order: the last one is the page shown. */
  cursors?: string[] | undefined;
}

export function tenantsSearch(raw: Record<string, unknown>): TenantsSearch {
  const cursors = pick(z.array(z.string().check(z.minLength(1), z.maxLength(500))).check(z.maxLength(400)), raw.cursors);
  return {
    q: text(raw.q),
    status: pick(z.enum(TENANT_STATUSES), raw.status),
    product: pick(z.enum(PRODUCT_CODES), raw.product),
    sort: pick(z.enum(TENANT_SORTS), raw.sort),
    cursors: cursors && cursors.length > 0 ? cursors : undefined,
  };
}

export interface OutboxSearch {
  /** The deliveries shown: dead (the default), pending or delivered. */
  status?: (typeof OUTBOX_STATUSES)[number] | undefined;
}

export function outboxSearch(raw: Record<string, unknown>): OutboxSearch {
  return { status: pick(z.enum(OUTBOX_STATUSES), raw.status) };
}
