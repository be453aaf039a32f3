import { errorTable } from '@smarteros/kernel';
import { TABLE_OWNERS } from '../modules.ts';
import { z } from 'zod';

/** Every code of the one error table: the module list is loaded first, so each module's codes are in it. */
function codes(): string[] {
  if (TABLE_OWNERS.length === 0) throw new Error('the module list did not load');
  return errorTable()
    .map((r) => r.code)
    .sort();
}

export const errorBody = z
  .object({
    error: z.object({
      // Validated as a string; the document lists every code of the one table (the kernel's and every module's, loaded
      // with the module list), so typed clients catch a code that is not one.
      code: z.string().meta({ description: 'Stable machine-readable code, e.g. rut_taken', enum: codes() }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

export const tenantParams = z.object({ id: z.string().min(1).max(64).meta({ description: 'Tenant id (uuid) or RUT' }) });

/** The error answers a route can give, for the OpenAPI document. */
export const errors = (...codes: Array<400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502 | 503 | 504>) =>
  Object.fromEntries(codes.map((c) => [c, errorBody])) as Record<number, typeof errorBody>;

export const bearer = [{ bearerAuth: [] }];

/** ?tenant_id= on routes whose tenant comes from the credential: platform admins name the tenant (id or RUT). */
export const tenantSelector = z.object({
  tenant_id: z.string().min(1).max(64).optional().meta({ description: 'Platform admins: the tenant (id or RUT). Others act on the tenant of their credential.' }),
});
