import { TENANT_ROLES } from '@smarteros/kernel';
import type { Command } from 'commander';
import { contextOf } from '../context.ts';
import { t } from '../i18n.ts';
import { formatDate, renderTable } from '../output.ts';
import { choice, tenantRef } from '../validate.ts';

export function registerApiKeyCommands(program: Command): void {
  const apikey = program.command('apikey').description(t('cmd.apikey'));

  apikey
    .command('create')
    .description(t('cmd.apikey.create'))
    .argument('<name>', t('col.name'))
    .requiredOption('--tenant <tenant>', t('opt.tenant'))
    .option('--role <role>', `${t('opt.role')} (${TENANT_ROLES.join(', ')})`)
    .action(async (name: string, opts: { tenant: string; role?: string }, cmd: Command) => {
      const role = opts.role !== undefined ? choice('--role', opts.role, TENANT_ROLES) : undefined;
      const id = tenantRef(opts.tenant);
      const ctx = contextOf(cmd);
      const key = await ctx.api.createApiKey(id, { name, ...(role ? { role } : {}) });
      ctx.out.data(key);
      ctx.out.line(t('apikey.created', key.name, key.role));
      ctx.out.line();
      ctx.out.line(`  ${key.key}`);
      ctx.out.line();
      // The warning goes to stderr as well, so it is seen even when the key is piped somewhere.
      ctx.out.note(t('apikey.once'));
    });

  apikey
    .command('list')
    .description(t('cmd.apikey.list'))
    .requiredOption('--tenant <tenant>', t('opt.tenant'))
    .action(async (opts: { tenant: string }, cmd: Command) => {
      const id = tenantRef(opts.tenant);
      const ctx = contextOf(cmd);
      const res = await ctx.api.listApiKeys(id);
      ctx.out.data(res);
      ctx.out.line(
        res.items.length
          ? renderTable(
              [t('col.id'), t('col.name'), t('col.role'), t('col.hint'), t('col.created'), t('col.lastUsed'), t('col.revoked')],
              res.items.map((k) => [k.id, k.name, k.role, `…${k.hint}`, formatDate(k.created_at), formatDate(k.last_used_at), formatDate(k.revoked_at)]),
            )
          : t('list.none'),
      );
    });

  apikey
    .command('revoke')
    .description(t('cmd.apikey.revoke'))
    .argument('<key-id>', 'id')
    .requiredOption('--tenant <tenant>', t('opt.tenant'))
    .action(async (keyId: string, opts: { tenant: string }, cmd: Command) => {
      const id = tenantRef(opts.tenant);
      const ctx = contextOf(cmd);
      await ctx.api.revokeApiKey(id, keyId);
      ctx.out.data({ revoked: keyId });
      ctx.out.line(t('apikey.revoked', keyId));
    });
}
