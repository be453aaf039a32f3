import { z } from 'zod';

/** HTTP shapes of the Chatwoot connector. Its tokens and webhook secret are write-only. */

const token = (what: string) => z.string().trim().min(8).max(500).meta({ description: `${what} (write-only: never returned)` });

export const createChatwootConnectionInput = z
  .object({
    base_url: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .transform((u) => u.replace(/\/+$/, ''))
      .meta({ description: "The Chatwoot installation's address, e.g. https://chat.example.cl" }),
    account_id: z.number().int().positive().optional().meta({ description: 'An existing Chatwoot account; without it, platform_token creates one' }),
    account_name: z.string().trim().min(1).max(100).optional().meta({ description: 'Name of the account created with platform_token (default: SmarterOS)' }),
    platform_token: token("A Chatwoot Platform App's access token: creates the account").optional(),
    api_access_token: token("An access token of a Chatwoot user or bot of the account: the Application API's api_access_token header"),
    webhook_secret: token("The secret of the Chatwoot webhook pointed at this connection, when it is not created here").optional(),
    inbox_name: z.string().trim().min(1).max(100).default('SmarterOS').meta({ description: 'Name of the API inbox created in Chatwoot' }),
    agent_bot: z.boolean().default(true).meta({ description: 'The assistant answers the conversations Chatwoot keeps pending, and hands off by opening them' }),
    mirror_inboxes: z.boolean().default(true).meta({ description: "The company's WhatsApp and Telegram conversations are mirrored into the API inbox; Chatwoot's agents answer them there" }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.account_id === undefined && v.platform_token === undefined) ctx.addIssue({ code: 'custom', path: ['account_id'], message: 'give account_id, or platform_token to create the account' });
  });
export type CreateChatwootConnectionInput = z.infer<typeof createChatwootConnectionInput>;

export const chatwootConnectionOutput = z
  .object({
    id: z.uuid(),
    base_url: z.string(),
    account_id: z.number().int(),
    chatwoot_inbox_id: z.number().int().nullable(),
    inbox_id: z.uuid().meta({ description: 'The SmarterOS inbox holding the mirrored conversations' }),
    agent_bot: z.boolean(),
    mirror_inboxes: z.boolean(),
    webhook_url: z.string().meta({ description: "Where Chatwoot sends this connection's webhooks" }),
    secrets: z.array(z.object({ name: z.string(), last4: z.string(), fingerprint: z.string() })).meta({ description: 'Which secrets are set (never their values)' }),
    created_at: z.string(),
  })
  .meta({ id: 'ChatwootConnection' });
export type ChatwootConnectionOutput = z.infer<typeof chatwootConnectionOutput>;
