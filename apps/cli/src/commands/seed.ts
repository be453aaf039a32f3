import { errorSpec } from '@smarteros/kernel';
import type { TenantDetailOutput } from '@smarteros/modules/tenancy';
import type { Command } from 'commander';
import { ApiError } from '../api-client.ts';
import { CliError, contextOf, type Context } from '../context.ts';
import { t } from '../i18n.ts';
import { displayRut } from '../output.ts';
import { createProgress } from '../progress.ts';
import { DEMO_ERP_STEPS, ensureDemoErp } from './demo-erp.ts';
import { renderTenant } from './tenant.ts';

/** The integrations the demo tenant starts with, waiting to be connected. */
export const DEMO_INTEGRATIONS = ['chatwoot', 'odoo', 'n8n'] as const;

const isConflict = (err: unknown, code: string): err is ApiError => err instanceof ApiError && err.code === code;

/** The demo inbox's credentials: published on purpose (README), good only for signing webhooks sent by hand. */
export const DEMO_INBOX = {
  phone_number_id: '100000000000001',
  app_secret: 'demo-app-secret-cambiar',
  access_token: 'demo-access-token-sin-meta',
  verify_token: 'demo-verify-token-cambiar',
} as const;

const DEMO_FAQ = [
  { question: '¿Cuál es el horario de atención?', answer: 'Atendemos de lunes a viernes de 9:00 a 19:00 y los sábados de 10:00 a 14:00.', tags: ['horario'] },
  { question: '¿Hacen despacho a domicilio?', answer: 'Sí, despachamos en la Región Metropolitana en 24 a 48 horas hábiles. El despacho cuesta $3.990 y es gratis sobre $40.000.', tags: ['despacho'] },
  { question: '¿Qué medios de pago aceptan?', answer: 'Aceptamos Webpay (débito y crédito), transferencia bancaria y efectivo en tienda.', tags: ['pagos'] },
  { question: '¿Dónde está la tienda?', answer: 'Estamos en Av. Irarrázaval 1234, Ñuñoa, Santiago.', tags: ['ubicacion'] },
];

/** The demo inbox with the assistant on and the FAQ: made once, found again on later runs. */
async function ensureDemoInbox(ctx: Context, tenantId: string): Promise<{ created: boolean }> {
  const { items } = await ctx.api.listInboxes(tenantId);
  let inbox = items.find((i) => i.channel_type === 'whatsapp' && i.external_id === DEMO_INBOX.phone_number_id);
  const created = !inbox;
  inbox ??= await ctx.api.createInbox(tenantId, { channel_type: 'whatsapp', name: 'WhatsApp (demostración)', config: { ...DEMO_INBOX, display_phone_number: '+56 9 0000 0000' } });
  if (!inbox.assistant_enabled) await ctx.api.updateInbox(tenantId, inbox.id, { assistant: { enabled: true } });
  const known = new Set((await ctx.api.listKnowledge(tenantId)).items.map((k) => k.question));
  for (const entry of DEMO_FAQ) if (!known.has(entry.question)) await ctx.api.addKnowledge(tenantId, entry);
  return { created };
}

/**
 * CLIENTE DEMO (RUT 11.111.111-1): plan demo (a 24-hour trial), chat, erp and automation, subdomain demo, and the
 * chatwoot, odoo and n8n integrations pending. Safe to run again: it finds what exists and completes the rest.
 */
async function seedDemo(ctx: Context): Promise<void> {
  const { DEMO_TENANT } = await import('@smarteros/modules/tenancy');
  const total = 4 + DEMO_INTEGRATIONS.length + DEMO_ERP_STEPS;
  const progress = createProgress(ctx, total);
  const warnings: string[] = [];
  try {
    let tenant: TenantDetailOutput;
    let created = false;
    try {
      tenant = await ctx.api.createTenant({
        rut: DEMO_TENANT.rut,
        business_name: DEMO_TENANT.business_name,
        contact_email: DEMO_TENANT.contact_email,
        plan: DEMO_TENANT.plan,
        products: [...DEMO_TENANT.products],
      });
      created = true;
      progress.step(t('seed.step.tenant'), t('seed.created'));
    } catch (err) {
      if (!isConflict(err, 'rut_taken')) throw err;
      tenant = await ctx.api.getTenant(DEMO_TENANT.rut);
      progress.step(t('seed.step.tenant'), t('seed.exists'));
    }

    const live = new Set(tenant.products.filter((p) => p.status === 'trial' || p.status === 'active').map((p) => p.product_code));
    const activated: string[] = [];
    for (const code of DEMO_TENANT.products.filter((p) => !live.has(p))) {
      try {
        await ctx.api.activateProduct(tenant.id, { product_code: code, mode: 'trial' });
        activated.push(code);
      } catch (err) {
        if (!(err instanceof ApiError) || err.status !== 409) throw err;
        warnings.push(t('seed.warn', code, err.message));
      }
    }
    if (created) activated.unshift(...DEMO_TENANT.products.filter((p) => live.has(p)));
    progress.step(t('seed.step.products'), activated.length ? t('seed.activated', activated.join(', ')) : t('seed.exists'));

    try {
      const d = await ctx.api.addDomain(tenant.id, { subdomain: DEMO_TENANT.subdomain, domain_type: 'primary' });
      progress.step(t('seed.step.domain', d.domain), t('seed.assigned'));
    } catch (err) {
      if (!isConflict(err, 'domain_taken')) throw err;
      const own = tenant.domains.find((d) => d.subdomain === DEMO_TENANT.subdomain);
      if (!own) throw new CliError(t('err.seedDomainElsewhere', DEMO_TENANT.subdomain), errorSpec('domain_taken').exit);
      progress.step(t('seed.step.domain', own.domain), t('seed.exists'));
    }

    for (const type of DEMO_INTEGRATIONS) {
      // An integration that exists (maybe connected since) is left as it is.
      if (tenant.integrations.some((i) => i.integration_type === type)) {
        progress.step(t('seed.step.integration', type), t('seed.exists'));
        continue;
      }
      const i = await ctx.api.setIntegration(tenant.id, { integration_type: type, status: 'pending' });
      progress.step(t('seed.step.integration', type), i.status);
    }

    // Chat: a WhatsApp inbox with known demo credentials (never a real number), the assistant on, and its FAQ.
    const inbox = await ensureDemoInbox(ctx, tenant.id);
    progress.step(t('seed.step.chat'), inbox.created ? t('seed.created') : t('seed.exists'));

    // ERP: the ferretería's catalog with its stock, business customers and a month of orders.
    await ensureDemoErp(ctx, tenant.id, (part, result, n) => progress.step(t(`seed.step.erp.${part}`), result, n));

    progress.stop();
    const final = await ctx.api.getTenant(tenant.id);
    ctx.out.data(final);
    for (const w of warnings) ctx.out.note(w);
    ctx.out.line();
    ctx.out.line(`${t('seed.summary')} ${final.business_name} (${displayRut(final.rut)})`);
    ctx.out.line();
    ctx.out.line(renderTenant(final));
    ctx.out.line();
    ctx.out.line(t('seed.chatHint', DEMO_INBOX.phone_number_id, DEMO_INBOX.app_secret));
  } catch (err) {
    progress.stop();
    throw err;
  }
}

export function registerSeedCommands(program: Command): void {
  const seed = program.command('seed').description(t('cmd.seed'));
  seed
    .command('demo')
    .description(t('cmd.seed.demo'))
    .action((_opts: unknown, cmd: Command) => seedDemo(contextOf(cmd)));
}
