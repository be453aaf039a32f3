import { z } from 'zod';
import { randomBytes } from 'node:crypto';

/** HTTP shapes of the web widget channel: the inbox's settings and the visitor's endpoints. */

/** An origin as browsers send it in `Origin`: scheme, host and port only (`https://www.tienda.cl`). */
export const webOrigin = z
  .string()
  .trim()
  .max(200)
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s.toLowerCase().replace(/\/$/, '');
      } catch {
        return false;
      }
    },
    { message: 'must be an origin: scheme, host and port only, like https://www.tienda.cl' },
  )
  .transform((s) => new URL(s).origin);

export const webInboxConfig = z
  .object({
    allowed_origins: z.array(webOrigin).min(1).max(20).meta({ description: 'The sites that may show the widget (their Origin); every other site is refused' }),
    identity_secret: z
      .string()
      .trim()
      .min(16)
      .max(200)
      .optional()
      .meta({ description: "Signs the logged-in user's id (user_hash = HMAC-SHA256 hex of user_id). Write-only; generated when not given, and then shown once in the creation answer" }),
    greeting: z.string().trim().min(1).max(300).optional().meta({ description: 'The first line the widget shows (default: a greeting in the page language)' }),
  })
  .strict();
export type WebInboxConfig = z.infer<typeof webInboxConfig>;

export const visitorSessionInput = z
  .object({
    token: z.string().max(2000).optional().meta({ description: 'The visitor token of an earlier session on this browser: the same visitor resumes' }),
    user_id: z.string().trim().min(1).max(200).optional().meta({ description: "The tenant site's own id of a logged-in user (identity verification; needs user_hash)" }),
    user_hash: z.string().regex(/^[0-9a-f]{64}$/i, 'must be the hex HMAC-SHA256 of user_id with the identity secret').optional(),
    name: z.string().trim().min(1).max(100).optional().meta({ description: "The verified user's name (taken only with a verified user_id)" }),
  })
  .strict()
  .refine((v) => (v.user_id === undefined) === (v.user_hash === undefined), { message: 'give user_id and user_hash together', path: ['user_hash'] });

export const visitorMessage = z
  .object({
    id: z.string(),
    client_message_id: z.string().nullable().meta({ description: "The visitor's own id of a message it wrote" }),
    direction: z.enum(['incoming', 'outgoing']).meta({ description: 'incoming: the visitor wrote it; outgoing: the team or the assistant' }),
    sender_type: z.enum(['contact', 'agent', 'bot', 'system']),
    content_type: z.string(),
    content: z.string().nullable(),
    status: z.string(),
    sent_at: z.string(),
  })
  .meta({ id: 'WebVisitorMessage' });
export type VisitorMessage = z.infer<typeof visitorMessage>;

export const visitorSessionOutput = z
  .object({
    token: z.string().meta({ description: 'Send it as X-Visitor-Token; keep it to resume (it expires)' }),
    expires_at: z.string(),
    verified: z.boolean().meta({ description: 'The visitor is a user the tenant site vouched for (user_hash checked)' }),
    inbox: z.object({ name: z.string(), greeting: z.string().nullable() }),
  })
  .meta({ id: 'WebVisitorSession' });

export const visitorPostInput = z
  .object({
    client_message_id: z.uuid().meta({ description: "The widget's id of this message: sending it again stores nothing new" }),
    content: z.string().trim().min(1).max(4096),
  })
  .strict();

export const visitorMessagesPage = z.object({ items: z.array(visitorMessage) }).meta({ id: 'WebVisitorMessages' });

/** A web inbox's settings and its secret (the tenant's, or generated and then answered once in `generated`). */
export function webInboxParts(config: WebInboxConfig): { settings: Record<string, unknown>; secrets: { identity_secret: string }; generated: Record<string, string> } {
  const { identity_secret, ...settings } = config;
  const secret = identity_secret ?? `wid_${randomBytes(32).toString('base64url')}`;
  return { settings, secrets: { identity_secret: secret }, generated: identity_secret ? {} : { identity_secret: secret } };
}
