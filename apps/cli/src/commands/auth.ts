import { KERNEL_ERRORS } from '@smarteros/kernel';
import type { Command } from 'commander';
import { credentialsPath, deleteCredentials, saveCredentials } from '../credentials.ts';
import { CliError, contextOf, invalid } from '../context.ts';
import { t } from '../i18n.ts';
import { formatDate, renderFields } from '../output.ts';
import { promptHidden, promptLine, readStdin } from '../prompt.ts';

export function registerAuthCommands(program: Command): void {
  program
    .command('login')
    .description(t('cmd.login'))
    .option('--email <email>', t('opt.email'))
    .option('--password <password>', t('opt.password'))
    .action(async (opts: { email?: string; password?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const tty = Boolean(process.stdin.isTTY);
      let email = opts.email?.trim();
      if (!email) {
        if (!tty) throw invalid(t('err.emailRequired'));
        email = await promptLine(t('prompt.email'));
      }
      let password = opts.password;
      if (password === undefined) password = tty ? await promptHidden(t('prompt.password')) : await readStdin();
      if (!password) throw invalid(t('err.passwordRequired'));

      const result = await ctx.api.login(email, password);
      const expiresAt = new Date(Date.now() + result.expires_in * 1000).toISOString();
      const file = saveCredentials({ url: ctx.url, token: result.access_token, expires_at: expiresAt }, ctx.env);
      ctx.out.data(result);
      ctx.out.line(t('login.done', ctx.url, result.role, formatDate(expiresAt)));
      ctx.out.line(t('login.saved', file));
      if (ctx.env.SMARTEROS_TOKEN) ctx.out.note(t('login.envOverrides'));
    });

  program
    .command('logout')
    .description(t('cmd.logout'))
    .action((_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const file = credentialsPath(ctx.env);
      const removed = deleteCredentials(ctx.env);
      ctx.out.data({ logged_out: removed });
      ctx.out.line(removed ? t('logout.done', file) : t('logout.none'));
    });

  program
    .command('token')
    .description(t('cmd.token'))
    .action((_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      if (!ctx.token) throw new CliError(t('token.none'), KERNEL_ERRORS.unauthorized.exit);
      process.stdout.write(`${ctx.token}\n`);
    });

  program
    .command('whoami')
    .description(t('cmd.whoami'))
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = contextOf(cmd);
      const me = await ctx.api.me();
      ctx.out.data(me);
      const source =
        ctx.tokenSource === 'login' && ctx.login
          ? t('whoami.source.login', formatDate(ctx.login.expires_at))
          : ctx.tokenSource === 'env'
            ? t('whoami.source.env')
            : t('whoami.source.flag');
      ctx.out.line(
        renderFields([
          [t('whoami.server'), ctx.url],
          [t('whoami.kind'), me.kind],
          [t('whoami.id'), me.id],
          [t('whoami.role'), me.role],
          [t('whoami.tenant'), me.tenant_id ?? '-'],
          [t('whoami.credential'), source],
        ]),
      );
    });
}
