import { defineAction, type Action } from '@smarteros/kernel';
import { z } from 'zod';
import type { TenancyService } from './tenant.service.ts';
import { activateProductInput, productOutput, tenantDetailOutput } from './tenant.schema.ts';

const noInput = z.object({}).strict();

/** The tenancy module's actions: the company's profile, its products, activating one. */
export function createTenancyActions(deps: { tenancy: TenancyService }): Action[] {
  const { tenancy } = deps;
  return [
    defineAction({
      name: 'smarteros.tenant_profile',
      title: { es: 'Perfil de la empresa', en: 'Company profile' },
      description: "The company's profile: name, RUT, status, plan, products with their trials, domains.",
      input: noInput,
      output: tenantDetailOutput,
      kind: 'read',
      minRole: 'viewer',
      run: (ctx) => tenancy.getTenant(ctx.tenantId),
    }),
    defineAction({
      name: 'smarteros.products',
      title: { es: 'Productos', en: 'Products' },
      description: 'The SmarterOS products of the company (chat, erp, automation, analytics, ai) with their state and trial end.',
      input: noInput,
      output: z.object({ items: z.array(productOutput) }),
      kind: 'read',
      minRole: 'viewer',
      run: async (ctx) => ({ items: await tenancy.listProducts(ctx.tenantId) }),
    }),
    defineAction({
      name: 'smarteros.activate_product',
      title: { es: 'Activar un producto', en: 'Activate a product' },
      description: 'Activate a SmarterOS product for the company: a trial (default) or a subscription.',
      // Plans and trial ends stay with the console and the platform admin: an action picks the product and the mode.
      input: activateProductInput.pick({ product_code: true, mode: true }).strict(),
      output: productOutput,
      kind: 'write',
      minRole: 'admin',
      run: (ctx, input) => tenancy.activateProduct(ctx.tenantId, input),
    }),
  ];
}
