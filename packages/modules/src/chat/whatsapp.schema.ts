import { z } from 'zod';

/** HTTP shapes of WhatsApp templates and of the attachments downloaded from WhatsApp (routes and the console use them). */

export const templateOutput = z
  .object({
    name: z.string(),
    language: z.string().meta({ description: "The template's language code (es, es_CL, en_US…)" }),
    status: z.string().meta({ description: 'APPROVED (only these are listed and can be sent), PENDING, REJECTED, PAUSED…' }),
    category: z.string().nullable().meta({ description: 'MARKETING, UTILITY or AUTHENTICATION' }),
    header: z.string().nullable().meta({ description: "The header's text, when it has no parameter" }),
    body: z.string().nullable().meta({ description: 'The body with its placeholders ({{1}}, {{2}}…)' }),
    footer: z.string().nullable(),
    parameter_count: z.number().int().meta({ description: 'How many parameters the body needs (template.parameters must have exactly these)' }),
    parameter_names: z.array(z.string()).nullable().meta({ description: 'The placeholder names of a template with named parameters, in order; null for {{1}}, {{2}}…' }),
    sendable: z.boolean().meta({ description: 'False when the template needs header or button parameters, which cannot be sent from here' }),
    components: z.array(z.record(z.string(), z.unknown())).meta({ description: "The template's components as Meta lists them" }),
  })
  .meta({ id: 'WhatsAppTemplate' });
export type TemplateOutput = z.infer<typeof templateOutput>;
export const templatesList = z.object({ items: z.array(templateOutput) }).meta({ id: 'WhatsAppTemplateList' });

export const sendTemplateInput = z
  .object({
    template: z
      .object({
        name: z.string().trim().min(1).max(512).regex(/^[a-z0-9_]+$/, 'must be a template name (lowercase letters, digits and _)'),
        language: z.string().trim().min(2).max(15).regex(/^[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8})?$/, 'must be a language code like es or es_CL'),
        parameters: z.array(z.string().trim().min(1).max(1024)).max(100).optional().meta({ description: "The body's parameters in order: {{1}} is the first" }),
      })
      .strict(),
  })
  .strict();
export type SendTemplateInput = z.infer<typeof sendTemplateInput>;
