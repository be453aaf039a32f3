import { API_AUTH_TYPES, API_CATEGORIES } from '@smarteros/kernel';
import type { CredentialInput, CredentialOutput, EndpointOutput, ProviderOutput, ProviderRegistrationOutput } from '@smarteros/modules/registry';
import type { Command } from 'commander';
import { contextOf, invalid } from '../context.ts';
import { t } from '../i18n.ts';
import { formatDate, renderFields, renderTable, yesNo } from '../output.ts';
import { choice } from '../validate.ts';
import {
  addTenantOption,
  checkSecretSource,
  csvArg,
  exposeArgs,
  httpUrlArg,
  readSecret,
  readTextFile,
  resolveProvider,
  tenantOpt,
  withTenantHint,
  type SecretOptions,
} from './registry-input.ts';

/** The credential's options (never its secret: that comes from stdin, an env var or a hidden prompt). */
interface CredentialOptions extends SecretOptions {
  headerName?: string;
  queryName?: string;
  username?: string;
  clientId?: string;
  tokenUrl?: string;
  scopes?: string;
}

/** Which auth type each credential option belongs to. */
const CREDENTIAL_OPTIONS: ReadonlyArray<[key: keyof CredentialOptions, flag: string, auth: string]> = [
  ['headerName', '--header-name', 'api_key'],
  ['queryName', '--query-name', 'api_key'],
  ['username', '--username', 'basic'],
  ['clientId', '--client-id', 'oauth2'],
  ['tokenUrl', '--token-url', 'oauth2'],
  ['scopes', '--scopes', 'oauth2'],
];

const given = (opts: CredentialOptions) => CREDENTIAL_OPTIONS.filter(([key]) => opts[key] !== undefined);

/** Checks the credential options against the auth type; answers the credential without its secret. */
function credentialShape(auth: string, opts: CredentialOptions): Omit<CredentialInput, 'secret'> {
  for (const [, flag, owner] of given(opts)) if (owner !== auth) throw invalid(t('err.optionNotForAuth', flag, auth));
  if (auth === 'none') {
    if (opts.secretStdin) throw invalid(t('err.optionNotForAuth', '--secret-stdin', auth));
    if (opts.secretEnv !== undefined) throw invalid(t('err.optionNotForAuth', '--secret-env', auth));
    return {};
  }
  if (opts.headerName !== undefined && opts.queryName !== undefined) throw invalid(t('err.oneOf', '--header-name', '--query-name'));
  if (auth === 'basic' && !opts.username) throw invalid(t('err.optionRequiredForAuth', '--username', auth));
  if (auth === 'oauth2') {
    if (!opts.clientId) throw invalid(t('err.optionRequiredForAuth', '--client-id', auth));
    if (!opts.tokenUrl) throw invalid(t('err.optionRequiredForAuth', '--token-url', auth));
  }
  checkSecretSource(opts);
  return {
    ...(opts.headerName !== undefined ? { header_name: opts.headerName.trim() } : {}),
    ...(opts.queryName !== undefined ? { query_name: opts.queryName.trim() } : {}),
    ...(opts.username !== undefined ? { username: opts.username } : {}),
    ...(opts.clientId !== undefined ? { client_id: opts.clientId } : {}),
    ...(opts.tokenUrl !== undefined ? { token_url: httpUrlArg('--token-url', opts.tokenUrl) } : {}),
    ...(opts.scopes !== undefined ? { scopes: csvArg(opts.scopes) } : {}),
  };
}

function addCredentialOptions(cmd: Command): Command {
  return cmd
    .option('--header-name <header>', t('opt.headerName'))
    .option('--query-name <param>', t('opt.queryName'))
    .option('--username <user>', t('opt.username'))
    .option('--client-id <id>', t('opt.clientId'))
    .option('--token-url <url>', t('opt.tokenUrl'))
    .option('--scopes <list>', t('opt.scopes'))
    .option('--secret-stdin', t('opt.secretStdin'))
    .option('--secret-env <name>', t('opt.secretEnv'))
    .addHelpText('after', t('help.secret'));
}

/** `huella 3f9a… , termina en …abcd` plus where it goes (header, query parameter, user, client). */
export function describeCredential(c: CredentialOutput | null): string {
  if (!c) return t('show.credentialNone');
  const where = [
    c.header_name ? `header ${c.header_name}` : '',
    c.query_name ? `query ${c.query_name}` : '',
    c.username ? `user ${c.username}` : '',
    c.client_id ? `client_id ${c.client_id}` : '',
    c.token_url ? `token_url ${c.token_url}` : '',
    c.scopes.length ? `scopes ${c.scopes.join(',')}` : '',
  ].filter(Boolean);
  return [t('show.fingerprint', c.fingerprint, c.last4), ...where].join('; ');
}

export function renderProvider(p: ProviderOutput): string {
  return renderFields([
    ['Id', p.id],
    [t('col.name'), p.name],
    [t('show.baseUrl'), p.base_url],
    [t('show.category'), p.category],
    [t('show.auth'), p.auth_type],
    [t('show.credential'), describeCredential(p.credential)],
    [t('show.openapi'), p.openapi ? `${p.openapi.title ?? ''} ${p.openapi.version ?? ''} (${formatDate(p.openapi.imported_at)})`.trim() : '-'],
    [t('show.endpoints'), String(p.endpoint_count)],
    [t('show.capabilities'), String(p.capability_count)],
    [t('show.enabled'), yesNo(p.enabled)],
    [t('show.registered'), formatDate(p.created_at)],
  ]);
}

function renderEndpoints(items: Array<Pick<EndpointOutput, 'id' | 'method' | 'path' | 'semantic_name'> & Partial<EndpointOutput>>): string {
  const full = items.some((e) => e.enabled !== undefined);
  return renderTable(
    full
      ? [t('col.method'), t('col.path'), t('col.semanticName'), t('col.enabled'), t('col.capabilities'), 'Id']
      : [t('col.method'), t('col.path'), t('col.semanticName'), 'Id'],
    items.map((e) =>
      full
        ? [e.method, e.path, e.semantic_name, yesNo(e.enabled ?? true), (e.capabilities ?? []).join(', '), e.id]
        : [e.method, e.path, e.semantic_name, e.id],
    ),
  );
}

function renderRegistration(p: ProviderRegistrationOutput): string {
  const lines = [renderProvider(p)];
  if (p.endpoints.length) lines.push('', `${t('show.endpoints')} (${p.endpoints.length}):`, renderEndpoints(p.endpoints));
  lines.push('', `${t('show.capabilities')}: ${p.capabilities.length ? p.capabilities.map((c) => c.capability_name).join(', ') : t('show.none')}`);
  return lines.join('\n');
}

interface RegisterOptions extends CredentialOptions {
  tenant?: string;
  category?: string;
  auth?: string;
  description?: string;
  openapi?: string;
  openapiUrl?: string;
  expose?: string[];
}

export function registerProviderCommands(program: Command): void {
  const provider = program.command('provider').description(t('cmd.provider'));

  addCredentialOptions(
    addTenantOption(
      provider
        .command('register')
        .description(t('cmd.provider.register'))
        .argument('<name>', t('arg.providerName'))
        .argument('<base-url>', t('arg.baseUrl')),
    )
      .option('--category <category>', `${t('opt.category')} (${API_CATEGORIES.join(', ')})`)
      .option('--auth <type>', `${t('opt.auth')} (${API_AUTH_TYPES.join(', ')})`)
      .option('--description <text>', t('opt.description'))
      .option('--openapi <file>', t('opt.openapi'))
      .option('--openapi-url <url>', t('opt.openapiUrl'))
      .option('--expose <operationId=capability...>', t('opt.expose')),
  ).action(
    withTenantHint(async (nameIn: string, baseUrlIn: string, opts: RegisterOptions, cmd: Command) => {
      // Every check first: a bad option stops the command before the secret is asked for or anything is sent.
      const name = nameIn.trim();
      if (!name || name.length > 100) throw invalid(t('err.badLength', 'name', 100));
      const baseUrl = httpUrlArg('base-url', baseUrlIn);
      const category = opts.category !== undefined ? choice('--category', opts.category, API_CATEGORIES) : undefined;
      const firstCredentialOption = given(opts)[0]?.[1] ?? (opts.secretStdin ? '--secret-stdin' : opts.secretEnv !== undefined ? '--secret-env' : undefined);
      if (opts.auth === undefined && firstCredentialOption) throw invalid(t('err.authForCredential', firstCredentialOption));
      const auth = opts.auth !== undefined ? choice('--auth', opts.auth, API_AUTH_TYPES) : 'none';
      const shape = credentialShape(auth, opts);
      if (opts.openapi !== undefined && opts.openapiUrl !== undefined) throw invalid(t('err.oneOf', '--openapi', '--openapi-url'));
      const openapiUrl = opts.openapiUrl !== undefined ? httpUrlArg('--openapi-url', opts.openapiUrl) : undefined;
      const expose = exposeArgs(opts.expose);
      if (expose && opts.openapi === undefined && openapiUrl === undefined) throw invalid(t('err.oneRequired', '--openapi', '--openapi-url'));
      const tenant = tenantOpt(opts.tenant);
      const document = opts.openapi !== undefined ? readTextFile('--openapi', opts.openapi) : undefined;
      const ctx = contextOf(cmd);
      const credential = auth === 'none' ? undefined : { ...shape, secret: await readSecret(opts, auth, ctx.env) };

      const created = await ctx.api.createProvider(tenant, {
        name,
        base_url: baseUrl,
        auth_type: auth,
        ...(category ? { category } : {}),
        ...(opts.description !== undefined ? { description: opts.description } : {}),
        ...(credential ? { credential } : {}),
        ...(document !== undefined ? { openapi: document } : {}),
        ...(openapiUrl !== undefined ? { openapi_url: openapiUrl } : {}),
        ...(expose ? { expose } : {}),
      });
      ctx.out.data(created);
      ctx.out.line(t('provider.registered', created.name, created.id));
      ctx.out.line();
      ctx.out.line(renderRegistration(created));
    }),
  );

  addTenantOption(provider.command('list').description(t('cmd.provider.list'))).action(
    withTenantHint(async (opts: { tenant?: string }, cmd: Command) => {
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      const res = await ctx.api.listProviders(tenant);
      ctx.out.data(res);
      if (!res.items.length) return ctx.out.line(t('provider.none'));
      ctx.out.line(
        renderTable(
          [t('col.name'), t('col.baseUrl'), t('col.auth'), t('col.credential'), t('col.endpoints'), t('col.capabilities'), 'Id'],
          res.items.map((p) => [
            p.name,
            p.base_url,
            p.auth_type,
            p.credential ? `${p.credential.fingerprint}${p.credential.last4 ? ` …${p.credential.last4}` : ''}` : '-',
            p.endpoint_count,
            p.capability_count,
            p.id,
          ]),
        ),
      );
      ctx.out.line(t('provider.count', res.items.length));
    }),
  );

  addTenantOption(provider.command('show').description(t('cmd.provider.show')).argument('<provider>', t('arg.provider'))).action(
    withTenantHint(async (ref: string, opts: { tenant?: string }, cmd: Command) => {
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      const p = await ctx.api.getProvider(tenant, await resolveProvider(ctx, tenant, ref));
      ctx.out.data(p);
      ctx.out.line(renderProvider(p));
    }),
  );

  addTenantOption(provider.command('delete').description(t('cmd.provider.delete')).argument('<provider>', t('arg.provider'))).action(
    withTenantHint(async (ref: string, opts: { tenant?: string }, cmd: Command) => {
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      const id = await resolveProvider(ctx, tenant, ref);
      await ctx.api.deleteProvider(tenant, id);
      ctx.out.data({ deleted: id });
      ctx.out.line(t('provider.deleted', ref));
    }),
  );

  addCredentialOptions(
    addTenantOption(provider.command('credential').description(t('cmd.provider.credential')).argument('<provider>', t('arg.provider'))),
  ).action(
    withTenantHint(async (ref: string, opts: CredentialOptions & { tenant?: string }, cmd: Command) => {
      const tenant = tenantOpt(opts.tenant);
      if (opts.tokenUrl !== undefined) httpUrlArg('--token-url', opts.tokenUrl);
      if (opts.headerName !== undefined && opts.queryName !== undefined) throw invalid(t('err.oneOf', '--header-name', '--query-name'));
      checkSecretSource(opts);
      const ctx = contextOf(cmd);
      const current = await ctx.api.getProvider(tenant, await resolveProvider(ctx, tenant, ref));
      if (current.auth_type === 'none') throw invalid(t('err.noSecretForNone'));
      const shape = credentialShape(current.auth_type, opts);
      const secret = await readSecret(opts, current.auth_type, ctx.env);
      const p = await ctx.api.setCredential(tenant, current.id, { ...shape, secret });
      ctx.out.data(p);
      ctx.out.line(t('provider.credentialSet', p.name, describeCredential(p.credential)));
    }),
  );

  addTenantOption(
    provider
      .command('import')
      .description(t('cmd.provider.import'))
      .argument('<provider>', t('arg.provider'))
      .argument('[file-or-url]', t('arg.openapiSource')),
  )
    // Not --url: that is the program's server address, and commander gives it to the program wherever it is written.
    .option('--openapi-url <url>', t('opt.importUrl'))
    .option('--expose <operationId=capability...>', t('opt.expose'))
    .action(
      withTenantHint(async (ref: string, source: string | undefined, opts: { tenant?: string; openapiUrl?: string; expose?: string[] }, cmd: Command) => {
        const isUrl = source !== undefined && /^https?:\/\//i.test(source.trim());
        if (source !== undefined && opts.openapiUrl !== undefined) throw invalid(t('err.oneOf', 'file-or-url', '--openapi-url'));
        if (source === undefined && opts.openapiUrl === undefined) throw invalid(t('err.oneRequired', 'file-or-url', '--openapi-url'), t('hint.importUrl'));
        const url = opts.openapiUrl !== undefined ? httpUrlArg('--openapi-url', opts.openapiUrl) : isUrl ? httpUrlArg('file-or-url', source!) : undefined;
        const expose = exposeArgs(opts.expose);
        const tenant = tenantOpt(opts.tenant);
        const document = url === undefined ? readTextFile('file-or-url', source!) : undefined;
        const ctx = contextOf(cmd);
        const id = await resolveProvider(ctx, tenant, ref);
        const res = await ctx.api.importOpenApi(tenant, id, { ...(document !== undefined ? { document } : { url: url! }), ...(expose ? { expose } : {}) });
        ctx.out.data(res);
        ctx.out.line(t('provider.imported', res.title, res.version, res.created, res.updated, res.unchanged, res.removed));
        if (res.capabilities.length) ctx.out.line(`${t('show.capabilities')}: ${res.capabilities.map((c) => c.capability_name).join(', ')}`);
      }),
    );

  addTenantOption(provider.command('endpoints').description(t('cmd.provider.endpoints')).argument('<provider>', t('arg.provider'))).action(
    withTenantHint(async (ref: string, opts: { tenant?: string }, cmd: Command) => {
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      const res = await ctx.api.listEndpoints(tenant, await resolveProvider(ctx, tenant, ref));
      ctx.out.data(res);
      ctx.out.line(res.items.length ? renderEndpoints(res.items) : t('list.none'));
    }),
  );
}
