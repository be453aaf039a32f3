import type { ConversationOutput, CreateInboxInput, InboxOutput } from '@smarteros/modules/chat';
import { isUuid } from '@smarteros/kernel';
import type { Command } from 'commander';
import { contextOf, invalid } from '../context.ts';
import { t } from '../i18n.ts';
import { formatDate, renderTable, yesNo } from '../output.ts';
import { promptHidden, readStdin } from '../prompt.ts';
import { addTenantOption, jsonObjectArg, readTextFile, tenantOpt, withTenantHint } from './registry-input.ts';

/** The secrets each channel needs, in the order they are asked for. */
const SECRETS = { whatsapp: ['access_token', 'app_secret', 'verify_token'], telegram: ['bot_token'] } as const;
type SecretChannel = keyof typeof SECRETS;
const CHANNELS = Object.keys(SECRETS) as SecretChannel[];

export function renderInboxes(items: InboxOutput[]): string {
  return renderTable(
    [t('col.name'), t('col.channel'), t('col.channelId'), t('col.assistant'), t('col.secrets'), 'Webhook', 'Id'],
    items.map((i) => [i.name, i.channel_type, i.external_id, yesNo(i.assistant_enabled), i.secrets.map((s) => `${s.name} …${s.last4}`).join(', '), i.webhook_url, i.id]),
  );
}

export function renderConversations(items: ConversationOutput[]): string {
  return renderTable(
    [t('col.contact'), t('col.channel'), t('col.status'), t('col.handledBy'), t('col.unread'), t('col.lastMessage'), 'Id'],
    items.map((c) => [c.contact.name ?? c.contact.phone ?? '', c.channel, t(`chat.status.${c.status}`), t(`chat.by.${c.handled_by}`), c.unread_count, formatDate(c.last_message_at), c.id]),
  );
}

/**
 * The inbox's secrets: a JSON object from --secrets-file (a file, or - for stdin), or asked for one by one on the
 * terminal without echo. Never from an argument (shell history, `ps`), never printed. Only the channel's names.
 */
async function readInboxSecrets(channel: SecretChannel, file: string | undefined): Promise<Record<string, string>> {
  const names: readonly string[] = SECRETS[channel];
  if (file === undefined) {
    if (!process.stdin.isTTY) throw invalid(t('err.inboxSecretsRequired', names.join(', ')));
    const out: Record<string, string> = {};
    for (const name of names) out[name] = (await promptHidden(t('prompt.inboxSecret', name))).trim();
    return out;
  }
  const given = jsonObjectArg('--secrets-file', file === '-' ? await readStdin() : readTextFile('--secrets-file', file));
  for (const key of Object.keys(given)) if (!names.includes(key)) throw invalid(t('err.inboxSecretUnknown', key, channel, names.join(', ')));
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = given[name];
    if (typeof v !== 'string' || !v.trim()) throw invalid(t('err.required', `--secrets-file: ${name}`));
    out[name] = v.trim();
  }
  return out;
}

interface CreateOptions {
  channel: string;
  name: string;
  phoneNumberId?: string;
  wabaId?: string;
  displayPhone?: string;
  secretsFile?: string;
  tenant?: string;
}

/** `chat inbox create|list`, `chat conversations`: the channels a company answers on, and its conversations. */
export function registerChatCommands(program: Command): void {
  const chat = program.command('chat').description(t('cmd.chat'));
  const inbox = chat.command('inbox').description(t('cmd.chat.inbox'));

  addTenantOption(
    inbox
      .command('create')
      .description(t('cmd.chat.inbox.create'))
      .requiredOption('--channel <channel>', t('opt.channel', CHANNELS.join(' | ')))
      .requiredOption('--name <name>', t('opt.inboxName'))
      .option('--phone-number-id <id>', t('opt.phoneNumberId'))
      .option('--waba-id <id>', t('opt.wabaId'))
      .option('--display-phone <phone>', t('opt.displayPhone'))
      .option('--secrets-file <file>', t('opt.secretsFile'))
      .addHelpText('after', t('help.inboxSecrets')),
  ).action(
    withTenantHint(async (opts: CreateOptions, cmd: Command) => {
      // Every check first: a bad option stops the command before a secret is asked for or anything is sent.
      const channel = opts.channel.trim().toLowerCase();
      if (!CHANNELS.includes(channel as SecretChannel)) throw invalid(t('err.badChannel', opts.channel, CHANNELS.join(', ')));
      const name = opts.name.trim();
      if (!name) throw invalid(t('err.required', '--name'));
      if (channel === 'whatsapp' && !opts.phoneNumberId) throw invalid(t('err.required', '--phone-number-id'));
      if (channel === 'telegram') {
        for (const [flag, v] of [['--phone-number-id', opts.phoneNumberId], ['--waba-id', opts.wabaId], ['--display-phone', opts.displayPhone]] as const) {
          if (v !== undefined) throw invalid(t('err.optionNotForChannel', flag, channel));
        }
      }
      const tenant = tenantOpt(opts.tenant);
      const secrets = await readInboxSecrets(channel as SecretChannel, opts.secretsFile);
      const body: CreateInboxInput =
        channel === 'whatsapp'
          ? {
              channel_type: 'whatsapp',
              name,
              config: {
                phone_number_id: opts.phoneNumberId!.trim(),
                ...(opts.wabaId ? { waba_id: opts.wabaId.trim() } : {}),
                ...(opts.displayPhone ? { display_phone_number: opts.displayPhone.trim() } : {}),
                access_token: secrets.access_token!,
                app_secret: secrets.app_secret!,
                verify_token: secrets.verify_token!,
              },
            }
          : { channel_type: 'telegram', name, config: { bot_token: secrets.bot_token! } };
      const ctx = contextOf(cmd);
      const created = await ctx.api.createInbox(tenant, body);
      ctx.out.data(created);
      ctx.out.line(t('chat.inboxCreated', created.name, created.id));
      if (created.webhook_url && channel === 'whatsapp') ctx.out.line(t('chat.whatsappWebhook', created.webhook_url));
    }),
  );

  addTenantOption(inbox.command('list').description(t('cmd.chat.inbox.list'))).action(
    withTenantHint(async (opts: { tenant?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const res = await ctx.api.listInboxes(tenantOpt(opts.tenant));
      ctx.out.data(res);
      ctx.out.line(res.items.length ? renderInboxes(res.items) : t('chat.noInboxes'));
    }),
  );

  addTenantOption(
    chat
      .command('conversations')
      .description(t('cmd.chat.conversations'))
      .option('--status <status>', t('opt.conversationStatus'))
      .option('--inbox <id>', t('opt.inboxFilter'))
      .option('--limit <n>', t('opt.logLimit'))
      .option('--cursor <cursor>', t('opt.cursor')),
  ).action(
    withTenantHint(async (opts: { status?: string; inbox?: string; limit?: string; cursor?: string; tenant?: string }, cmd: Command) => {
      const statuses = ['open', 'pending', 'resolved', 'snoozed'];
      if (opts.status !== undefined && !statuses.includes(opts.status)) throw invalid(t('err.badStatus', opts.status, statuses.join(', ')));
      if (opts.inbox !== undefined && !isUuid(opts.inbox)) throw invalid(t('err.notUuid', '--inbox'));
      if (opts.limit !== undefined && !(/^\d{1,3}$/.test(opts.limit) && Number(opts.limit) >= 1 && Number(opts.limit) <= 200)) throw invalid(t('err.invalidInteger', '--limit', 1, 200));
      const ctx = contextOf(cmd);
      const res = await ctx.api.listConversations(tenantOpt(opts.tenant), { status: opts.status, inbox_id: opts.inbox, limit: opts.limit, cursor: opts.cursor });
      ctx.out.data(res);
      ctx.out.line(res.items.length ? renderConversations(res.items) : t('chat.noConversations'));
      if (res.next_cursor) ctx.out.line(t('chat.more', res.next_cursor));
    }),
  );
}
