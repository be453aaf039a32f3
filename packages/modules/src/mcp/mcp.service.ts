import { performance } from 'node:perf_hooks';
import type { Selectable } from 'kysely';
import { AppError, canonicalJson, createBatchInsert, cursorId, deriveKey, pageOfRows, hmacBase64url, safeEqual, type Clock, type Database, type DB } from '@smarteros/kernel';
import type { McpOutcome } from './mcp.tables.ts';
import { perMinute, type GatewayService, type RateLimiter, type RequestLog } from '../gateway/index.ts';
import { recordSecurityEvent, roleAtLeast, type Role } from '../identity/index.ts';
import type { CapabilityOutput, RegistryService } from '../registry/index.ts';
import type { TenancyService } from '../tenancy/index.ts';
import type { McpInvocationsPage, McpInvocationsQuery, McpPolicy, McpPolicyInput } from './mcp.schema.ts';
import { auditArguments, redactValue, type RedactionRules } from './redact.ts';

/**
 * The MCP layer, free of any protocol library: which tools a tenant's AI clients see (its enabled capabilities and the
 * platform's own tools, filtered by the tenant's AI-control policy), and what calling one does (policy, confirmation of
 * writes, the calls-per-minute budget, the gateway path for capabilities, redaction, one audit row). The MCP SDK
 * adapter in apps/server turns these into tools/list and tools/call.
 */
export interface McpContext {
  tenantId: string;
  principal: { id: string; role: Role };
  /** How the caller is named in the audit, e.g. api_key:<id>. */
  principalLabel: string;
  client?: { name?: string | undefined; version?: string | undefined } | undefined;
  sessionId?: string | undefined;
}

export interface McpTool {
  name: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  kind: 'read' | 'write';
  /** Whether calling it asks for confirmation first (under the current policy). */
  confirm: boolean;
}

export interface McpToolResult {
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface McpDeps {
  db: Database;
  clock: Clock;
  registry: RegistryService;
  gateway: GatewayService;
  tenancy: TenancyService;
  requestLog: RequestLog;
  limiter: RateLimiter;
  /** Server secret: confirmation tokens are HMACs under a key derived from it. */
  secret: string;
  /** How long a confirmation stays valid (default 10 minutes). */
  confirmationTtlMs?: number;
  /** How long a tenant's tools and policy are reused (default 5 s; this server's changes drop them at once). */
  cacheTtlMs?: number;
  onError?: (err: unknown) => void;
}

const CONFIRMATION_ARG = '_confirmation';

/** A tool this tenant does not have at all: a protocol error in MCP terms, not a tool result. */
export class UnknownToolError extends AppError {
  constructor(name: string) {
    super('not_found', `Unknown tool: ${name}`);
  }
}
const DEFAULT_POLICY: McpPolicy = {
  allowed_tools: null,
  denied_tools: [],
  read_only: false,
  confirm_writes: true,
  confirm_min_role: 'admin',
  redact_rut: false,
  redact_phone: false,
  redact_email: false,
  calls_per_minute: 120,
  updated_by: null,
  updated_at: null,
};

interface BuiltIn {
  tool: Omit<McpTool, 'confirm'>;
  /** Lowest role that may call it. */
  minRole: 'viewer' | 'agent' | 'admin';
  run(ctx: McpContext, args: Record<string, unknown>): Promise<unknown>;
}

const OBJECT = (properties: Record<string, unknown> = {}, required: string[] = []) => ({ type: 'object', properties, required, additionalProperties: false });


const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

export function createMcpService(deps: McpDeps) {
  const { db, clock, registry, gateway, tenancy, requestLog, limiter } = deps;
  const ttl = deps.cacheTtlMs ?? 5000;
  const confirmationTtl = deps.confirmationTtlMs ?? 10 * 60_000;
  const confirmKey = deriveKey(deps.secret, 'mcp-confirmation');
  const listeners = new Set<(tenantId: string, origin: 'local' | 'peer') => void>();
  const cache = new Map<string, { at: number; policy: McpPolicy; capabilities: CapabilityOutput[] }>();
  /** Confirmations already used, until they expire (one use each on this server). */
  const used = new Map<string, number>();

  const audit = createBatchInsert<Omit<Selectable<DB['mcp_invocations']>, 'id'>>({
    db,
    table: 'mcp_invocations',
    columns: ['tenant_id', 'created_at', 'principal', 'client_name', 'client_version', 'session_id', 'tool', 'arguments', 'outcome', 'success', 'error_code', 'duration_ms'],
    operation: 'mcp.invocation_audit',
    ...(deps.onError ? { onError: deps.onError } : {}),
  });

  function changed(tenantId: string, origin: 'local' | 'peer' = 'local'): void {
    cache.delete(tenantId);
    for (const fn of listeners) fn(tenantId, origin);
  }
  registry.onChange((tenantId) => changed(tenantId));

  const BUILT_INS: BuiltIn[] = [
    {
      tool: { name: 'smarteros.tenant_profile', title: 'Perfil de la empresa', description: "The company's profile: name, RUT, status, plan, products with their trials, domains.", inputSchema: OBJECT(), kind: 'read' },
      minRole: 'viewer',
      run: (ctx) => tenancy.getTenant(ctx.tenantId),
    },
    {
      tool: { name: 'smarteros.products', title: 'Productos', description: 'The SmarterOS products of the company (chat, erp, automation, analytics, ai) with their state and trial end.', inputSchema: OBJECT(), kind: 'read' },
      minRole: 'viewer',
      run: async (ctx) => ({ items: await tenancy.listProducts(ctx.tenantId) }),
    },
    {
      tool: {
        name: 'smarteros.activate_product',
        title: 'Activar un producto',
        description: 'Activate a SmarterOS product for the company: a trial (default) or a subscription.',
        inputSchema: OBJECT(
          { product_code: { type: 'string', enum: ['chat', 'erp', 'automation', 'analytics', 'ai'] }, mode: { type: 'string', enum: ['trial', 'subscription'], default: 'trial' } },
          ['product_code'],
        ),
        kind: 'write',
      },
      minRole: 'admin',
      run: (ctx, args) => tenancy.activateProduct(ctx.tenantId, { product_code: String(args.product_code), mode: args.mode === 'subscription' ? 'subscription' : 'trial' }),
    },
    {
      tool: {
        name: 'smarteros.request_log_summary',
        title: 'Resumen de llamadas',
        description: "Calls, errors and latency per capability through the company's API gateway (default: the last 24 hours).",
        inputSchema: OBJECT({ from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } }),
        kind: 'read',
      },
      minRole: 'viewer',
      run: (ctx, args) => requestLog.summary(ctx.tenantId, { from: typeof args.from === 'string' ? args.from : undefined, to: typeof args.to === 'string' ? args.to : undefined }),
    },
  ];
  const builtIn = new Map(BUILT_INS.map((b) => [b.tool.name, b]));

  async function readPolicy(tenantId: string): Promise<McpPolicy> {
    const row = await db.withTenant(tenantId, (tx) => tx.selectFrom('mcp_policies').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst());
    if (!row) return { ...DEFAULT_POLICY };
    return {
      allowed_tools: row.allowed_tools,
      denied_tools: row.denied_tools,
      read_only: row.read_only,
      confirm_writes: row.confirm_writes,
      confirm_min_role: row.confirm_min_role,
      redact_rut: row.redact_rut,
      redact_phone: row.redact_phone,
      redact_email: row.redact_email,
      calls_per_minute: row.calls_per_minute,
      updated_by: row.updated_by,
      updated_at: new Date(row.updated_at).toISOString(),
    };
  }

  async function state(tenantId: string) {
    const hit = cache.get(tenantId);
    const now = performance.now();
    if (hit && now - hit.at < ttl) return hit;
    const [policy, capabilities] = await Promise.all([readPolicy(tenantId), registry.listCapabilities(tenantId)]);
    const fresh = { at: now, policy, capabilities };
    if (cache.size > 10_000) cache.clear();
    cache.set(tenantId, fresh);
    return fresh;
  }

  const rules = (p: McpPolicy): RedactionRules => ({ rut: p.redact_rut, phone: p.redact_phone, email: p.redact_email });

  function allowedByPolicy(p: McpPolicy, name: string, kind: 'read' | 'write'): boolean {
    if (p.denied_tools.includes(name)) return false;
    if (p.allowed_tools && !p.allowed_tools.includes(name)) return false;
    return !(p.read_only && kind === 'write');
  }

  function withConfirmation(schema: Record<string, unknown>): Record<string, unknown> {
    const properties = { ...((schema.properties as Record<string, unknown>) ?? {}) };
    properties[CONFIRMATION_ARG] = { type: 'string', description: 'The confirmation token from a first call of this tool, given by someone allowed to confirm.' };
    return { ...schema, properties };
  }

  /** The tools under a policy; with a role, only those that role may call (what tools/list shows). */
  function toolsFor(p: McpPolicy, capabilities: CapabilityOutput[], role?: Role): McpTool[] {
    const tools: McpTool[] = [];
    for (const b of BUILT_INS) {
      if (!allowedByPolicy(p, b.tool.name, b.tool.kind)) continue;
      if (role && !roleAtLeast(role, b.minRole)) continue;
      const confirm = b.tool.kind === 'write' && p.confirm_writes;
      tools.push({ ...b.tool, inputSchema: confirm ? withConfirmation(b.tool.inputSchema) : b.tool.inputSchema, confirm });
    }
    for (const c of capabilities) {
      if (!c.enabled || builtIn.has(c.capability_name) || !allowedByPolicy(p, c.capability_name, c.kind)) continue;
      if (role && c.kind === 'write' && !roleAtLeast(role, 'agent')) continue;
      const confirm = c.kind === 'write' && (c.requires_confirmation || p.confirm_writes);
      tools.push({
        name: c.capability_name,
        description: c.description ?? `${c.endpoint.method} ${c.endpoint.path} (${c.provider.name})`,
        inputSchema: confirm ? withConfirmation(c.schema_in) : c.schema_in,
        kind: c.kind,
        confirm,
      });
    }
    return tools;
  }

  function confirmationFor(tenantId: string, tool: string, args: Record<string, unknown>, exp: number): string {
    return `${exp}.${hmacBase64url(confirmKey, `${tenantId}|${tool}|${canonicalJson(args)}|${exp}`)}`;
  }

  function checkConfirmation(tenantId: string, tool: string, args: Record<string, unknown>, token: string): void {
    const [expText, mac] = token.split('.');
    const exp = Number(expText);
    const now = clock.now().getTime();
    if (!mac || !Number.isSafeInteger(exp)) throw new AppError('validation_failed', `${CONFIRMATION_ARG}: not a confirmation token`);
    if (!safeEqual(confirmationFor(tenantId, tool, args, exp), token)) {
      throw new AppError('validation_failed', `${CONFIRMATION_ARG}: the token does not match these arguments (ask again without it)`);
    }
    if (exp <= now) throw new AppError('validation_failed', `${CONFIRMATION_ARG}: the confirmation expired (ask again without it)`);
    for (const [k, until] of used) if (until <= now) used.delete(k);
    if (used.has(token)) throw new AppError('validation_failed', `${CONFIRMATION_ARG}: this confirmation was already used`);
    used.set(token, exp);
  }

  function errorResult(err: AppError, r: RedactionRules): McpToolResult {
    const body = redactValue(err.toJSON(), r) as Record<string, unknown>;
    return { isError: true, content: [{ type: 'text', text: `${err.code}: ${String(redactValue(err.message, r))}` }], structuredContent: body };
  }

  function okResult(value: unknown, r: RedactionRules): McpToolResult {
    const clean = redactValue(value, r);
    return {
      content: [{ type: 'text', text: text(clean) }],
      ...(clean && typeof clean === 'object' && !Array.isArray(clean) ? { structuredContent: clean as Record<string, unknown> } : {}),
    };
  }

  return {
    /**
     * Called with a tenant id when the tools it sees may have changed: by this server (origin local: the registry or the
     * policy changed here) or, as another server reported, elsewhere (origin peer).
     */
    onToolsChanged(listener: (tenantId: string, origin: 'local' | 'peer') => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Another server changed this tenant's tools: forget what is cached and tell this server's sessions. */
    peerChanged(tenantId: string): void {
      changed(tenantId, 'peer');
    },

    /** The tools this caller sees: allowed by the tenant's policy, and callable with the caller's role. */
    async listTools(ctx: McpContext): Promise<McpTool[]> {
      const s = await state(ctx.tenantId);
      return toolsFor(s.policy, s.capabilities, ctx.principal.role);
    },

    /** Calls one tool. Never throws for the tool's own failures: they come back as isError results, and are audited. */
    async callTool(ctx: McpContext, name: string, rawArgs: Record<string, unknown> | undefined): Promise<McpToolResult> {
      const t0 = performance.now();
      const { [CONFIRMATION_ARG]: given, ...args } = rawArgs ?? {};
      const confirmation = typeof given === 'string' ? given : undefined;
      let policy = DEFAULT_POLICY;
      let outcome: McpOutcome = 'ok';
      let errorCode: string | null = null;
      try {
        const s = await state(ctx.tenantId);
        policy = s.policy;
        const tool = toolsFor(policy, s.capabilities).find((x) => x.name === name);
        if (!tool) {
          const exists = builtIn.has(name) || s.capabilities.some((c) => c.capability_name === name && c.enabled);
          outcome = exists ? 'denied' : 'error';
          throw exists
            ? new AppError('forbidden', `The tool ${name} is not allowed by this company's AI policy${policy.read_only ? ' (read-only mode)' : ''}`)
            : new UnknownToolError(name);
        }
        // The calls-per-minute bucket, keyed by its rate too (a changed policy starts a fresh budget). A capability call
        // that needs no confirmation takes it in the gateway's own round trip, with the tenant's and the capability's.
        const mcpBucket = { key: `mcp:${ctx.tenantId}:${policy.calls_per_minute}`, rule: perMinute(policy.calls_per_minute) };
        const b = builtIn.get(name);
        const oneTrip = !b && !tool.confirm;
        if (!oneTrip) {
          const taken = await limiter.take(mcpBucket.key, mcpBucket.rule);
          if (!taken.allowed) {
            throw new AppError('rate_limited', `Too many tool calls; try again in ${Math.ceil(taken.retryAfterMs / 1000)} s`, { retry_after_seconds: Math.max(1, Math.ceil(taken.retryAfterMs / 1000)) });
          }
        }
        if (b && !roleAtLeast(ctx.principal.role, b.minRole)) {
          outcome = 'denied';
          throw new AppError('forbidden', `The tool ${name} needs the ${b.minRole} role or higher`, { required_role: b.minRole });
        }
        if (tool.confirm) {
          if (!confirmation) {
            outcome = 'confirmation_required';
            const exp = clock.now().getTime() + confirmationTtl;
            const capability = s.capabilities.find((c) => c.capability_name === name);
            const action = capability ? { method: capability.endpoint.method, path: capability.endpoint.path, provider: capability.provider.name } : { tool: name };
            const token = confirmationFor(ctx.tenantId, name, args, exp);
            return {
              content: [
                {
                  type: 'text',
                  text:
                    `Confirmation required: ${name} would ${capability ? `call ${action.method} ${String(action.path)} on ${String(action.provider)}` : 'change the company'} with ` +
                    `${JSON.stringify(redactValue(args, rules(policy)))}. Nothing was done. To proceed, someone with the ${policy.confirm_min_role} role or higher calls ` +
                    `${name} again with the same arguments and "${CONFIRMATION_ARG}": "${token}" (valid until ${new Date(exp).toISOString()}).`,
                },
              ],
              structuredContent: { confirmation_required: true, tool: name, action, arguments: redactValue(args, rules(policy)), [CONFIRMATION_ARG]: token, expires_at: new Date(exp).toISOString(), confirm_min_role: policy.confirm_min_role },
            };
          }
          if (!roleAtLeast(ctx.principal.role, policy.confirm_min_role)) {
            outcome = 'denied';
            throw new AppError('forbidden', `Confirming ${name} needs the ${policy.confirm_min_role} role or higher`, { required_role: policy.confirm_min_role });
          }
          checkConfirmation(ctx.tenantId, name, args, confirmation);
        }
        const value = b
          ? await b.run(ctx, args)
          : await gateway.invoke({
              tenantId: ctx.tenantId,
              principal: ctx.principal,
              principalLabel: ctx.principalLabel,
              name,
              input: args,
              source: 'mcp',
              ...(oneTrip ? { extraLimits: [mcpBucket] } : {}),
            });
        return okResult(value, rules(policy));
      } catch (err) {
        if (err instanceof UnknownToolError) {
          errorCode = err.code;
          // A protocol error, as the MCP spec has it (the adapter answers JSON-RPC -32602); audited all the same.
          throw err;
        }
        const app = err instanceof AppError ? err : new AppError('internal', 'The tool failed on our side');
        if (!(err instanceof AppError)) deps.onError?.(err);
        if (outcome === 'ok') outcome = 'error';
        errorCode = app.code;
        return errorResult(app, rules(policy));
      } finally {
        audit.record({
          tenant_id: ctx.tenantId,
          created_at: clock.now(),
          principal: ctx.principalLabel,
          client_name: ctx.client?.name?.slice(0, 200) ?? null,
          client_version: ctx.client?.version?.slice(0, 100) ?? null,
          session_id: ctx.sessionId ?? null,
          tool: name.slice(0, 128),
          arguments: auditArguments(args, rules(policy)),
          outcome,
          success: outcome === 'ok',
          error_code: errorCode,
          duration_ms: Math.round((performance.now() - t0) * 100) / 100,
        });
      }
    },

    async getPolicy(tenantId: string): Promise<McpPolicy> {
      return readPolicy(tenantId);
    },

    async setPolicy(actor: { id: string }, tenantId: string, input: McpPolicyInput): Promise<McpPolicy> {
      const current = await readPolicy(tenantId);
      const next = { ...current, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as McpPolicy;
      await db.withTenant(tenantId, async (tx) => {
        const values = {
          allowed_tools: next.allowed_tools,
          denied_tools: next.denied_tools,
          read_only: next.read_only,
          confirm_writes: next.confirm_writes,
          confirm_min_role: next.confirm_min_role,
          redact_rut: next.redact_rut,
          redact_phone: next.redact_phone,
          redact_email: next.redact_email,
          calls_per_minute: next.calls_per_minute,
          updated_by: actor.id,
          updated_at: clock.now(),
        };
        await tx
          .insertInto('mcp_policies')
          .values({ tenant_id: tenantId, ...values })
          .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
          .execute();
        await recordSecurityEvent(tx, tenantId, actor.id, 'mcp.policy_changed', { fields: Object.keys(input) });
      });
      changed(tenantId);
      return readPolicy(tenantId);
    },

    async listInvocations(tenantId: string, q: McpInvocationsQuery): Promise<McpInvocationsPage> {
      await audit.flush();
      return db.withTenant(tenantId, async (tx) => {
        let query = tx.selectFrom('mcp_invocations').selectAll().where('tenant_id', '=', tenantId);
        if (q.tool) query = query.where('tool', '=', q.tool);
        if (q.outcome) query = query.where('outcome', '=', q.outcome);
        if (q.principal) query = query.where('principal', '=', q.principal);
        if (q.from) query = query.where('created_at', '>=', new Date(q.from));
        if (q.to) query = query.where('created_at', '<', new Date(q.to));
        const before = cursorId(q.cursor);
        if (before !== undefined) query = query.where('id', '<', before);
        const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
        return pageOfRows(rows, q.limit, (r) => ({
          id: String(r.id),
          created_at: new Date(r.created_at).toISOString(),
          principal: r.principal,
          client_name: r.client_name,
          client_version: r.client_version,
          session_id: r.session_id,
          tool: r.tool,
          arguments: r.arguments,
          outcome: r.outcome,
          success: r.success,
          error_code: r.error_code,
          duration_ms: Math.round(r.duration_ms * 100) / 100,
        }));
      });
    },

    flush: () => audit.flush(),
    close: () => audit.close(),
  };
}

export type McpService = ReturnType<typeof createMcpService>;
