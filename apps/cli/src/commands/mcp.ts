import { KERNEL_ERRORS } from '@smarteros/kernel';
import type { McpInvocationOutput, McpPolicy, McpPolicyInput } from '@smarteros/modules/mcp';
import type { Command } from 'commander';
import { ApiError, type McpAuditParams } from '../api-client.ts';
import { CliError, contextOf, invalid, loadErrorTable, type Context } from '../context.ts';
import { t } from '../i18n.ts';
import { formatDate, renderFields, renderTable, yesNo } from '../output.ts';
import { choice, intArg } from '../validate.ts';
import { formatLogTime } from './gateway.ts';
import { addTenantOption, csvArg, jsonObjectArg, tenantOpt, withTenantHint } from './registry-input.ts';

/**
 * `smarteros mcp`: the MCP side of SmarterOS from the terminal. `serve` bridges a local MCP client on stdio to the
 * server's /mcp, `test` checks the connection as an MCP client, `audit` lists the tool calls, and `policy` shows and
 * changes the tenant's AI controls. Every option is checked before the first request.
 */

/** The API's rule for tool names (packages/modules/src/mcp/mcp.schema.ts). */
const TOOL_NAME_RE = /^[A-Za-z0-9_.-]+$/;
const MAX_TOOLS = 1000;
const OUTCOMES = ['ok', 'error', 'denied', 'confirmation_required'] as const;
const CONFIRM_ROLES = ['owner', 'admin', 'agent'] as const;
const REDACTABLE = ['rut', 'phone', 'email'] as const;
const DEFAULT_TEST_TOOL = 'smarteros.tenant_profile';
/** A JWT: three base64url parts. */
const JWT_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function toolNameArg(field: string, value: string): string {
  const v = value.trim();
  if (!v || v.length > 128 || !TOOL_NAME_RE.test(v)) throw invalid(t('mcp.err.badTool', field, value));
  return v;
}

/** `a,b` -> ['a', 'b'] (tool names, no repeats); `none` -> [] when allowed. */
export function toolListArg(field: string, value: string, noneIsEmpty: boolean): string[] {
  if (noneIsEmpty && value.trim().toLowerCase() === 'none') return [];
  const items = csvArg(value).map((v) => toolNameArg(field, v));
  if (!items.length) throw invalid(t('mcp.err.emptyList', field));
  if (items.length > MAX_TOOLS) throw invalid(t('mcp.err.tooMany', field, MAX_TOOLS));
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item)) throw invalid(t('err.repeated', field, item));
    seen.add(item);
  }
  return items;
}

function cfAssertionArg(value: string | undefined, from: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.trim();
  if (v.length > 16_384 || !JWT_RE.test(v)) throw invalid(t('mcp.err.badAssertion', from));
  return v;
}

/** --cf-assertion, else $SMARTEROS_CF_ACCESS_ASSERTION. */
function cfAssertionOf(opts: { cfAssertion?: string }, env: Record<string, string | undefined>): string | undefined {
  if (opts.cfAssertion !== undefined) return cfAssertionArg(opts.cfAssertion, '--cf-assertion');
  return cfAssertionArg(env.SMARTEROS_CF_ACCESS_ASSERTION, 'SMARTEROS_CF_ACCESS_ASSERTION');
}

const rootOf = (cmd: Command): Command => {
  let root = cmd;
  while (root.parent) root = root.parent;
  return root;
};

/** The tenant of the policy and audit routes (in the path): --tenant, else the credential's own tenant. */
async function tenantInPath(ctx: Context, tenant: string | undefined): Promise<string> {
  if (tenant) return tenant;
  const me = await ctx.api.me();
  if (!me.tenant_id) throw invalid(t('err.tenantRequired'));
  return me.tenant_id;
}

const timeoutOf = (ctx: Context): number => {
  const n = Number(ctx.env.SMARTEROS_TIMEOUT_MS);
  return Number.isInteger(n) && n > 0 ? n : 30_000;
};

const addCfOption = (cmd: Command): Command => cmd.option('--cf-assertion <jwt>', t('mcp.opt.cfAssertion'));

export function renderPolicy(p: McpPolicy): string {
  const redacted = [p.redact_rut ? 'RUT' : '', p.redact_phone ? t('mcp.policy.phone') : '', p.redact_email ? t('mcp.policy.email') : ''].filter(Boolean);
  return renderFields([
    [t('mcp.policy.allowed'), p.allowed_tools === null ? t('mcp.policy.allTools') : p.allowed_tools.length ? p.allowed_tools.join(', ') : t('mcp.policy.noTools')],
    [t('mcp.policy.denied'), p.denied_tools.length ? p.denied_tools.join(', ') : t('mcp.policy.noTools')],
    [t('mcp.policy.readOnly'), yesNo(p.read_only)],
    [t('mcp.policy.confirmWrites'), yesNo(p.confirm_writes)],
    [t('mcp.policy.confirmRole'), p.confirm_min_role],
    [t('mcp.policy.redact'), redacted.length ? redacted.join(', ') : t('mcp.policy.nothing')],
    [t('mcp.policy.perMinute'), String(p.calls_per_minute)],
    [t('show.updated'), p.updated_at ? `${formatDate(p.updated_at)}${p.updated_by ? ` (${p.updated_by})` : ''}` : '-'],
  ]);
}

export function renderInvocations(items: McpInvocationOutput[]): string {
  return renderTable(
    [t('col.time'), t('col.principal'), t('mcp.col.client'), t('mcp.col.tool'), t('mcp.col.outcome'), t('col.errorCode'), 'ms'],
    items.map((i) => [
      formatLogTime(i.created_at),
      i.principal,
      [i.client_name, i.client_version].filter(Boolean).join(' '),
      i.tool,
      i.outcome,
      i.error_code ?? '',
      Math.round(i.duration_ms),
    ]),
  );
}

interface PolicyOptions {
  tenant?: string;
  allow?: string;
  allowAll?: boolean;
  deny?: string;
  readOnly?: boolean;
  confirmWrites?: boolean;
  confirmRole?: string;
  redact?: string | false;
  callsPerMinute?: string;
}

/** The PUT body from the options; refuses contradictions and an empty change, naming the options. */
export function policyBody(opts: PolicyOptions): McpPolicyInput {
  if (opts.allow !== undefined && opts.allowAll) throw invalid(t('err.oneOf', '--allow', '--allow-all'));
  const body: McpPolicyInput = {};
  if (opts.allow !== undefined) body.allowed_tools = toolListArg('--allow', opts.allow, false);
  if (opts.allowAll) body.allowed_tools = null;
  if (opts.deny !== undefined) body.denied_tools = toolListArg('--deny', opts.deny, true);
  if (opts.readOnly !== undefined) body.read_only = opts.readOnly;
  if (opts.confirmWrites !== undefined) body.confirm_writes = opts.confirmWrites;
  if (opts.confirmRole !== undefined) body.confirm_min_role = choice('--confirm-role', opts.confirmRole, CONFIRM_ROLES);
  if (opts.redact !== undefined) {
    const fields = opts.redact === false ? [] : csvArg(opts.redact).map((f) => choice('--redact', f, REDACTABLE));
    if (opts.redact !== false && !fields.length) throw invalid(t('mcp.err.emptyList', '--redact'));
    body.redact_rut = fields.includes('rut');
    body.redact_phone = fields.includes('phone');
    body.redact_email = fields.includes('email');
  }
  const perMinute = intArg('--calls-per-minute', opts.callsPerMinute, 1, 1_000_000);
  if (perMinute !== undefined) body.calls_per_minute = perMinute;
  if (!Object.keys(body).length) throw invalid(t('mcp.err.nothingToChange'));
  return body;
}

export function registerMcpCommands(program: Command): void {
  const mcp = program.command('mcp').description(t('cmd.mcp'));

  addCfOption(addTenantOption(mcp.command('serve').description(t('cmd.mcp.serve'))))
    .addHelpText('after', t('help.mcpServe'))
    .action(
      withTenantHint(async (opts: { tenant?: string; cfAssertion?: string }, cmd: Command) => {
        const tenant = tenantOpt(opts.tenant);
        const ctx = contextOf(cmd);
        const cfAssertion = cfAssertionOf(opts, ctx.env);
        const { mcpTarget, connectMcp } = await import('../mcp-client.ts');
        const { startBridge } = await import('../mcp-bridge.ts');
        const target = mcpTarget({ serverUrl: ctx.url, token: ctx.token, tenant, cfAssertion });
        const log = (line: string) => process.stderr.write(`${line}\n`);
        if (process.stdin.isTTY) log(t('mcp.serve.tty'));
        // First a session of our own: an unreachable server or a refused credential is said now, with its exit code,
        // rather than as a failed initialize inside the local client.
        const probe = await connectMcp(target, { name: 'smarteros-cli', version: rootOf(cmd).version() ?? '0', timeoutMs: timeoutOf(ctx) });
        const info = probe.client.getServerVersion();
        await probe.close();
        const bridge = await startBridge({ target, log, debug: Boolean(ctx.env.SMARTEROS_DEBUG), timeoutMs: timeoutOf(ctx) });
        const onSignal = () => void bridge.stop();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        log(t('mcp.serve.ready', `${info?.name ?? '?'} ${info?.version ?? ''}`.trim(), target.url.href));
        const code = await bridge.done;
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        log(t('mcp.serve.stopped'));
        if (code !== 0) process.exitCode = code;
        // Nothing should be left running; if something is (a socket the SDK keeps), do not hang the client that spawned us.
        setTimeout(() => process.exit(code), 1000).unref();
      }),
    );

  addCfOption(addTenantOption(mcp.command('test').description(t('cmd.mcp.test'))))
    .option('--tool <name>', t('mcp.opt.tool', DEFAULT_TEST_TOOL))
    .option('--args <json>', t('mcp.opt.args'))
    .action(
      withTenantHint(async (opts: { tenant?: string; tool?: string; args?: string; cfAssertion?: string }, cmd: Command) => {
        const toolName = opts.tool !== undefined ? toolNameArg('--tool', opts.tool) : DEFAULT_TEST_TOOL;
        const args = opts.args !== undefined ? jsonObjectArg('--args', opts.args) : {};
        const tenant = tenantOpt(opts.tenant);
        const ctx = contextOf(cmd);
        const cfAssertion = cfAssertionOf(opts, ctx.env);
        const timeoutMs = timeoutOf(ctx);
        const { mcpTarget, connectMcp, mcpProblem, toolError } = await import('../mcp-client.ts');
        const target = mcpTarget({ serverUrl: ctx.url, token: ctx.token, tenant, cfAssertion });
        const out = ctx.out;
        // The report's label: value lines, printed as each step ends, aligned as one block.
        const labels = [t('mcp.test.endpoint'), 'Cloudflare Access', t('mcp.test.server'), t('mcp.test.protocol')];
        const width = Math.max(...labels.map((l) => l.length)) + 2;
        const field = (label: string, value: string) => out.line(`${`${label}:`.padEnd(width)}${value}`);

        // 1. Cloudflare Access: a linked application means /mcp asks for the assertion header.
        const apps = (await ctx.api.listCloudflareApps(tenant)).items.filter((a) => a.enabled);
        field(t('mcp.test.endpoint'), target.url.href);
        const cfLine = !apps.length
          ? t('mcp.test.cfNone')
          : t('mcp.test.cfLinked', apps.map((a) => `${a.name} (${a.team_domain})`).join(', '), cfAssertion ? t('mcp.test.cfSent') : t('mcp.test.cfMissing'));
        field('Cloudflare Access', cfLine);
        const report: Record<string, unknown> = {
          endpoint: target.url.href,
          cloudflare_access: { apps: apps.map((a) => ({ name: a.name, team_domain: a.team_domain })), assertion_sent: Boolean(cfAssertion) },
        };

        // 2. initialize.
        let conn;
        try {
          conn = await connectMcp(target, { name: 'smarteros-cli', version: rootOf(cmd).version() ?? '0', timeoutMs });
        } catch (err) {
          out.data({ ...report, ok: false });
          if (apps.length && err instanceof ApiError && err.code === 'forbidden' && /cloudflare/i.test(err.message)) {
            throw new CliError(err.message, KERNEL_ERRORS.forbidden.exit, t('mcp.hint.cfAssertion'));
          }
          throw err;
        }
        try {
          const server = conn.client.getServerVersion();
          const protocol = conn.transport.protocolVersion ?? '?';
          field(t('mcp.test.server'), `${server?.name ?? '?'} ${server?.version ?? ''}${server?.title ? ` (${server.title})` : ''}`);
          field(t('mcp.test.protocol'), protocol);
          report.server = server;
          report.protocol_version = protocol;

          // 3. tools/list (every page).
          const tools: Array<{ name: string; kind: 'read' | 'write' }> = [];
          let cursor: string | undefined;
          do {
            const page = await conn.client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs });
            for (const tool of page.tools) tools.push({ name: tool.name, kind: tool.annotations?.readOnlyHint ? 'read' : 'write' });
            cursor = page.nextCursor;
          } while (cursor);
          report.tools = tools;
          out.line();
          out.line(t('mcp.test.tools', tools.length));
          if (tools.length) out.line(renderTable([t('mcp.col.tool'), t('col.kind')], tools.map((x) => [x.name, t(x.kind === 'read' ? 'mcp.kind.read' : 'mcp.kind.write')])));

          // 4. One read tool: a write tool is never called by a test.
          const listed = tools.find((x) => x.name === toolName);
          if (listed?.kind === 'write') throw invalid(t('mcp.err.writeTool', toolName));
          out.line();
          if (!listed) out.line(t('mcp.test.notListed', toolName));
          const t0 = performance.now();
          const result = await conn.client.callTool({ name: toolName, arguments: args }, undefined, { timeout: timeoutMs });
          const ms = Math.round(performance.now() - t0);
          if (result.isError) {
            // A failing tool answers its platform error code: its exit code comes from the whole table.
            await loadErrorTable();
            const e = toolError(result);
            report.call = { tool: toolName, ok: false, duration_ms: ms, error: { code: e.code, message: e.message } };
            out.line(t('mcp.test.callError', toolName, e.code, String(ms)));
            out.data({ ...report, ok: false });
            throw new CliError(t('mcp.test.failed', toolName, e.code, e.message), e.exit);
          }
          report.call = { tool: toolName, ok: true, duration_ms: ms };
          out.line(t('mcp.test.callOk', toolName, String(ms)));
          out.data({ ...report, ok: true });
        } catch (err) {
          throw mcpProblem(err, target, timeoutMs);
        } finally {
          await conn.close();
        }
      }),
    );

  addTenantOption(mcp.command('audit').description(t('cmd.mcp.audit')))
    .option('--tool <name>', t('mcp.opt.toolFilter'))
    .option('--outcome <outcome>', `${t('mcp.opt.outcome')} (${OUTCOMES.join(', ')})`)
    .option('--limit <n>', t('opt.logLimit'))
    .option('--all', t('opt.all'))
    .action(
      withTenantHint(async (opts: { tenant?: string; tool?: string; outcome?: string; limit?: string; all?: boolean }, cmd: Command) => {
        const query: McpAuditParams = {
          tool: opts.tool !== undefined ? toolNameArg('--tool', opts.tool) : undefined,
          outcome: opts.outcome !== undefined ? choice('--outcome', opts.outcome, OUTCOMES) : undefined,
          limit: intArg('--limit', opts.limit, 1, 200) ?? (opts.all ? 200 : undefined),
        };
        const tenant = tenantOpt(opts.tenant);
        const ctx = contextOf(cmd);
        const ref = await tenantInPath(ctx, tenant);
        let page = await ctx.api.mcpInvocations(ref, query);
        const items = [...page.items];
        while (opts.all && page.next_cursor) {
          page = await ctx.api.mcpInvocations(ref, { ...query, cursor: page.next_cursor });
          items.push(...page.items);
        }
        const next = opts.all ? null : page.next_cursor;
        ctx.out.data({ items, next_cursor: next });
        if (!items.length) return ctx.out.line(t('mcp.audit.none'));
        ctx.out.line(renderInvocations(items));
        ctx.out.line(t('mcp.audit.count', items.length));
        if (next) ctx.out.line(t('tenant.more'));
      }),
    );

  const policy = mcp.command('policy').description(t('cmd.mcp.policy'));

  addTenantOption(policy.command('show').description(t('cmd.mcp.policy.show'))).action(
    withTenantHint(async (opts: { tenant?: string }, cmd: Command) => {
      const tenant = tenantOpt(opts.tenant);
      const ctx = contextOf(cmd);
      const p = await ctx.api.mcpPolicy(await tenantInPath(ctx, tenant));
      ctx.out.data(p);
      ctx.out.line(renderPolicy(p));
    }),
  );

  addTenantOption(policy.command('set').description(t('cmd.mcp.policy.set')))
    .option('--allow <tools>', t('mcp.opt.allow'))
    .option('--allow-all', t('mcp.opt.allowAll'))
    .option('--deny <tools>', t('mcp.opt.deny'))
    .option('--read-only', t('mcp.opt.readOnly'))
    .option('--no-read-only', t('mcp.opt.noReadOnly'))
    .option('--confirm-writes', t('mcp.opt.confirmWrites'))
    .option('--no-confirm-writes', t('mcp.opt.noConfirmWrites'))
    .option('--confirm-role <role>', `${t('mcp.opt.confirmRole')} (${CONFIRM_ROLES.join(', ')})`)
    .option('--redact <fields>', `${t('mcp.opt.redact')} (${REDACTABLE.join(', ')})`)
    .option('--no-redact', t('mcp.opt.noRedact'))
    .option('--calls-per-minute <n>', `${t('mcp.opt.perMinute')} (1-1000000)`)
    .action(
      withTenantHint(async (opts: PolicyOptions, cmd: Command) => {
        const body = policyBody(opts);
        const tenant = tenantOpt(opts.tenant);
        const ctx = contextOf(cmd);
        const p = await ctx.api.setMcpPolicy(await tenantInPath(ctx, tenant), body);
        ctx.out.data(p);
        ctx.out.line(t('mcp.policy.saved'));
        ctx.out.line();
        ctx.out.line(renderPolicy(p));
      }),
    );
}
