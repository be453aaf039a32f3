import { z } from 'zod';
import { randomBytes } from 'node:crypto';

/** HTTP shapes of the API channel: the inbox's settings and the signed incoming request. */

export const apiInboxConfig = z
  .object({
    webhook_url: z.url({ protocol: /^https?$/ }).max(2000).meta({ description: "Where replies are POSTed (signed with X-SmarterOS-Signature); called through the egress guard" }),
    signing_secret: z
      .string()
      .trim()
      .min(32)
      .max(200)
      .optional()
      .meta({ description: 'Signs requests both ways. Write-only; generated when not given, and then shown once in the creation answer' }),
  })
  .strict();
export type ApiInboxConfig = z.infer<typeof apiInboxConfig>;

/** One message from the tenant's system to its API inbox. */
export const apiIncomingMessage = z
  .object({
    message_id: z.string().trim().min(1).max(200).meta({ description: "The caller's id of the message: sending it again stores nothing new" }),
    contact: z
      .object({
        id: z.string().trim().min(1).max(200).meta({ description: "The caller's id of the customer (one contact per id)" }),
        name: z.string().trim().min(1).max(100).optional(),
        phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be E.164, like +56912345678').optional(),
      })
      .strict(),
    content: z.string().trim().min(1).max(4096),
    sent_at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type ApiIncomingMessage = z.infer<typeof apiIncomingMessage>;

/** An API inbox's settings and its signing secret (the tenant's, or generated and then answered once in `generated`). */
export function apiInboxParts(config: ApiInboxConfig): { settings: Record<string, unknown>; secrets: { signing_secret: string }; generated: Record<string, string> } {
  const { signing_secret, ...settings } = config;
  const secret = signing_secret ?? `whsec_${randomBytes(32).toString('base64url')}`;
  return { settings, secrets: { signing_secret: secret }, generated: signing_secret ? {} : { signing_secret: secret } };
}
