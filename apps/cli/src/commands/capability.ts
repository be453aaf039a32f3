import { KERNEL_ERRORS } from '@smarteros/kernel';
import type { CapabilityOutput } from '@smarteros/modules/registry';
import type { Command } from 'commander';
import { ApiError } from '../api-client.ts';
import { CliError, contextOf } from '../context.ts';
import { t } from '../i18n.ts';
import { formatDate, renderFields, renderTable, yesNo } from '../output.ts';
import { choice, intArg } from '../validate.ts';
import { addTenantOption, capabilityNameArg, readInput, tenantOpt, uuidArg, withTenantHint } from './registry-input.ts';

const KINDS = ['read', 'write'] as const;

const endpointLabel = (c: CapabilityOutput): string => `${c.endpoint.method} ${c.endpoint.path}`;

export function renderCapability(c: CapabilityOutput): string {
  return [
    renderFields([
      [t('col.name'), c.capability_name],
      ['Id', c.id],
      [t('show.description'), c.description ?? '-'],
      [t('show.enabled'), yesNo(c.enabled)],
      [t('show.kind'), c.kind],
      [t('show.confirm'), yesNo(c.requires_confirmation)],
      [t('show.rate'), c.rate_limit_per_minute != null ? String(c.rate_limit_per_minute) : '-'],
      [t('show.provider'), `${c.provider.name} (${c.provider.id})`],
      [t('show.endpoint'), `${endpointLabel(c)}  ${c.endpoint.semantic_name} (${c.endpoint.id})`],
      [t('show.updated'), formatDate(c.updated_at)],
    ]),
    '',
    `${t('show.schemaIn')}:`,
    JSON.stringify(c.schema_in, null, 2),
  ].join('\n');
}

/** The body of an answer: JSON pretty-printed, text as it came. */
const renderBody = (body: unknown): string => (typeof body === 'string' ? body : JSON.stringify(body, null, 2) ?? '');

export function registerCapabilityCommands(program: Command): void {
  const capability = program.command('capability').description(t('cmd.capability'));

  addTenantOption(capability.command('list').description(t('cmd.capability.list'))).action(
    withTenantHint(async (opts: { tenant?: string }, cmd: Command) => {
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      const res = await ctx.api.listCapabilities(tenant);
      ctx.out.data(res);
      if (!res.items.length) return ctx.out.line(t('capability.none'));
      ctx.out.line(
        renderTable(
          [t('col.capability'), t('col.enabled'), t('col.kind'), t('col.confirm'), t('col.rate'), t('col.provider'), t('col.endpoint')],
          res.items.map((c) => [c.capability_name, yesNo(c.enabled), c.kind, yesNo(c.requires_confirmation), c.rate_limit_per_minute ?? '', c.provider.name, endpointLabel(c)]),
        ),
      );
    }),
  );

  addTenantOption(capability.command('show').description(t('cmd.capability.show')).argument('<name>', t('arg.capability'))).action(
    withTenantHint(async (nameIn: string, opts: { tenant?: string }, cmd: Command) => {
      const name = capabilityNameArg('name', nameIn);
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      const c = await ctx.api.getCapability(tenant, name);
      ctx.out.data(c);
      ctx.out.line(renderCapability(c));
    }),
  );

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    addTenantOption(capability.command(action).description(t(`cmd.capability.${action}`)).argument('<name>', t('arg.capability'))).action(
      withTenantHint(async (nameIn: string, opts: { tenant?: string }, cmd: Command) => {
        const name = capabilityNameArg('name', nameIn);
        const tenant = tenantOpt(opts.tenant);
        const ctx = contextOf(cmd);
        const c = await ctx.api.updateCapability(tenant, name, { enabled });
        ctx.out.data(c);
        ctx.out.line(t(enabled ? 'capability.enabled' : 'capability.disabled', c.capability_name));
      }),
    );
  }

  addTenantOption(capability.command('delete').description(t('cmd.capability.delete')).argument('<name>', t('arg.capability'))).action(
    withTenantHint(async (nameIn: string, opts: { tenant?: string }, cmd: Command) => {
      const name = capabilityNameArg('name', nameIn);
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      await ctx.api.deleteCapability(tenant, name);
      ctx.out.data({ deleted: name });
      ctx.out.line(t('capability.deleted', name));
    }),
  );

  addTenantOption(capability.command('create').description(t('cmd.capability.create')).argument('<name>', t('arg.capability')))
    .requiredOption('--endpoint <endpoint-id>', t('opt.endpoint'))
    .option('--kind <kind>', `${t('opt.kind')} (${KINDS.join(', ')})`)
    .option('--confirm', t('opt.confirm'))
    .option('--no-confirm', t('opt.noConfirm'))
    .option('--rate <n>', `${t('opt.rate')} (1-1000000)`)
    .option('--description <text>', t('opt.description'))
    .action(
      withTenantHint(
        async (nameIn: string, opts: { tenant?: string; endpoint: string; kind?: string; confirm?: boolean; rate?: string; description?: string }, cmd: Command) => {
          const name = capabilityNameArg('name', nameIn);
          const endpointId = uuidArg('--endpoint', opts.endpoint);
          const kind = opts.kind !== undefined ? choice('--kind', opts.kind, KINDS) : undefined;
          const rate = intArg('--rate', opts.rate, 1, 1_000_000);
          const tenant = tenantOpt(opts.tenant);
          const ctx = contextOf(cmd);
          const c = await ctx.api.createCapability(tenant, {
            capability_name: name,
            endpoint_id: endpointId,
            ...(kind ? { kind } : {}),
            ...(opts.confirm !== undefined ? { requires_confirmation: opts.confirm } : {}),
            ...(rate !== undefined ? { rate_limit_per_minute: rate } : {}),
            ...(opts.description !== undefined ? { description: opts.description } : {}),
          });
          ctx.out.data(c);
          ctx.out.line(t('capability.created', c.capability_name));
          ctx.out.line();
          ctx.out.line(renderCapability(c));
        },
      ),
    );

  addTenantOption(capability.command('invoke').description(t('cmd.capability.invoke')).argument('<name>', t('arg.capability')))
    .option('--input <json>', t('opt.input'))
    .option('--input-file <file>', t('opt.inputFile'))
    .action(
      withTenantHint(async (nameIn: string, opts: { tenant?: string; input?: string; inputFile?: string }, cmd: Command) => {
        const name = capabilityNameArg('name', nameIn);
        const tenant = tenantOpt(opts.tenant);
        const input = await readInput(opts);
        const ctx = contextOf(cmd);
        let res;
        try {
          res = await ctx.api.invokeCapability(tenant, name, input);
        } catch (err) {
          // The upstream's own status and answer after the error line (the gateway never echoes a credential).
          if (err instanceof ApiError && err.code === 'upstream_error') {
            const status = err.details?.status;
            const hint = [
              typeof status === 'number' ? t('hint.upstream', String(status)) : '',
              err.details?.body !== undefined ? renderBody(err.details.body).slice(0, 4000) : '',
            ].filter(Boolean);
            throw new CliError(err.message, KERNEL_ERRORS.upstream_error.exit, hint.length ? hint.join('\n') : undefined);
          }
          throw err;
        }
        ctx.out.data(res);
        ctx.out.line(t('invoke.result', res.capability, res.status, String(Math.round(res.duration_ms))));
        ctx.out.line(renderBody(res.body));
      }),
    );
}
