import { performance } from 'node:perf_hooks';
import type { Selectable } from 'kysely';
import {
  isUuid,
  AppError,
  canonicalJson,
  createBatchInsert,
  cursorId,
  deriveKey,
  hmacBase64url,
  pageOfRows,
  roleAtLeast,
  safeEqual,
  type Action,
  type ActionCatalog,
  type ActionContext,
  type Clock,
  type Database,
  type DB,
} from '@smarteros/kernel';
import { perMinute, type RateLimiter } from '../gateway/index.ts';
import { recordSecurityEvent } from '../identity/index.ts';
import type { McpOutcome } from './mcp.tables.ts';
import type {
  ActionConfirmationOutput,
  ActionConfirmationsQuery,
  ConfirmationRequest,
  McpInvocationsPage,
  McpInvocationsQuery,
  McpPolicy,
  McpPolicyInput,
} from './mcp.schema.ts';
import { auditArguments, redactValue, type RedactionRules } from './redact.ts';

/**
 * The protocol-free runner every caller shares (MCP, the REST API, the CLI, the chat assistant, automations): which
 * actions of the catalog a caller may run under the tenant's AI-control policy and role, and what running one does —
 * allow/deny lists, read-only mode, the calls-per-minute budget, the role, the input checked against its schema,
 * confirmation of writes (durable rows: a token or an approval takes effect once across servers), redaction, and one
 * mcp_invocations row saying who called and from where.
 */
export interface ActionRunnerDeps {
  db: Database;
  clock: Clock;
  catalog: ActionCatalog;
  limiter: RateLimiter;
  /** Server secret: confirmation tokens are HMACs under a key derived from it. */
  secret: string;
  /** How long a confirmation stays valid (default 10 minutes). */
  confirmationTtlMs?: number;
  /** How long a tenant's actions and policy are reused (default 5 s; this server's changes drop them at once). */
  cacheTtlMs?: number;
  onError?: (err: unknown) => void;
}

/** An action as a caller sees it: whether running it asks for confirmation under the current policy. */
export interface RunnableAction {
  action: Action;
  confirm: boolean;
}

export type RunResult =
  | { outcome: 'ok'; value: unknown }
  | { outcome: 'confirmation_required'; confirmation: ConfirmationRequest }
  /** error: redacted under the policy. unknownAction: the tenant has no action of that name at all. */
  | { outcome: 'error' | 'denied'; error: AppError; unknownAction?: boolean };

export interface RunOptions {
  /** The token of an earlier confirmation request for the same action and arguments. */
  confirmation?: string | undefined;
}

export const DEFAULT_POLICY: McpPolicy = {
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

/** The argument that carries a confirmation token (MCP's flow: call again with it). */
export const CONFIRMATION_ARG = '_confirmation';

type ConfirmationRow = Selectable<DB['action_confirmations']>;

const rulesOf = (p: McpPolicy): RedactionRules => ({ rut: p.redact_rut, phone: p.redact_phone, email: p.redact_email });

function allowedByPolicy(p: McpPolicy, name: string, kind: 'read' | 'write'): boolean {
  if (p.denied_tools.includes(name)) return false;
  if (p.allowed_tools && !p.allowed_tools.includes(name)) return false;
  return !(p.read_only && kind === 'write');
}

const needsConfirmation = (p: McpPolicy, a: Action): boolean => a.kind === 'write' && (a.requiresConfirmation === true || p.confirm_writes);

function redactedError(err: AppError, r: RedactionRules): AppError {
  const details = err.details ? (redactValue(err.details, r) as Record<string, unknown>) : undefined;
  return new AppError(err.code, String(redactValue(err.message, r)), details);
}

function confirmationOutput(row: ConfirmationRow): ActionConfirmationOutput {
  return {
    id: row.id,
    action: row.action,
    kind: row.kind,
    arguments: row.display_arguments,
    effect: row.effect,
    requested_by: row.requested_by,
    source: row.source,
    confirm_min_role: row.confirm_min_role,
    status: row.status,
    created_at: new Date(row.created_at).toISOString(),
    expires_at: new Date(row.expires_at).toISOString(),
    decided_by: row.decided_by,
    decided_at: row.decided_at ? new Date(row.decided_at).toISOString() : null,
  };
}

export function createActionRunner(deps: ActionRunnerDeps) {
  const { db, clock, catalog, limiter } = deps;
  const ttl = deps.cacheTtlMs ?? 5000;
  const confirmationTtl = deps.confirmationTtlMs ?? 10 * 60_000;
  const confirmKey = deriveKey(deps.secret, 'mcp-confirmation');
  const listeners = new Set<(tenantId: string, origin: 'local' | 'peer') => void>();
  const cache = new Map<string, { at: number; policy: McpPolicy; actions: Action[] }>();

  const audit = createBatchInsert<Omit<Selectable<DB['mcp_invocations']>, 'id'>>({
    db,
    table: 'mcp_invocations',
    columns: ['tenant_id', 'created_at', 'principal', 'client_name', 'client_version', 'session_id', 'tool', 'arguments', 'outcome', 'success', 'error_code', 'duration_ms', 'source', 'confirmation_id'],
    operation: 'mcp.invocation_audit',
    ...(deps.onError ? { onError: deps.onError } : {}),
  });

  function changed(tenantId: string, origin: 'local' | 'peer' = 'local'): void {
    cache.delete(tenantId);
    for (const fn of listeners) fn(tenantId, origin);
  }
  catalog.onChange((tenantId) => changed(tenantId));

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
    const [policy, actions] = await Promise.all([readPolicy(tenantId), catalog.list(tenantId)]);
    const fresh = { at: now, policy, actions };
    if (cache.size > 10_000) cache.clear();
    cache.set(tenantId, fresh);
    return fresh;
  }

  const tokenFor = (tenantId: string, name: string, args: Record<string, unknown>, id: string): string =>
    `${id}.${hmacBase64url(confirmKey, `${tenantId}|${name}|${canonicalJson(args)}|${id}`)}`;

  async function requestConfirmation(ctx: ActionContext, action: Action, args: Record<string, unknown>, policy: McpPolicy): Promise<ConfirmationRequest> {
    const expires = new Date(clock.now().getTime() + confirmationTtl);
    const effect = action.effect ?? { tool: action.name };
    const display = auditArguments(args, rulesOf(policy));
    const row = await db.withTenant(ctx.tenantId, (tx) =>
      tx
        .insertInto('action_confirmations')
        .values({
          tenant_id: ctx.tenantId,
          action: action.name,
          kind: action.kind,
          arguments: JSON.stringify(args),
          display_arguments: JSON.stringify(display),
          effect: JSON.stringify(effect),
          requested_by: ctx.principalLabel,
          source: ctx.source,
          confirm_min_role: policy.confirm_min_role,
          created_at: clock.now(),
          expires_at: expires,
        })
        .returning(['id'])
        .executeTakeFirstOrThrow(),
    );
    return {
      confirmation_id: row.id,
      action: action.name,
      effect,
      arguments: redactValue(args, rulesOf(policy)) as Record<string, unknown>,
      token: tokenFor(ctx.tenantId, action.name, args, row.id),
      expires_at: expires.toISOString(),
      confirm_min_role: policy.confirm_min_role,
    };
  }

  /** Moves a pending, unexpired confirmation to `to` in one conditional UPDATE: true when this call did it. */
  async function closeConfirmation(tenantId: string, id: string, to: 'used' | 'approved' | 'rejected', by: string, name?: string): Promise<ConfirmationRow | undefined> {
    return db.withTenant(tenantId, (tx) => {
      let q = tx
        .updateTable('action_confirmations')
        .set({ status: to, decided_by: by, decided_at: clock.now() })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where('expires_at', '>', clock.now());
      if (name) q = q.where('action', '=', name);
      return q.returningAll().executeTakeFirst();
    });
  }

  async function findConfirmation(tenantId: string, id: string): Promise<ConfirmationRow | undefined> {
    return db.withTenant(tenantId, (tx) => tx.selectFrom('action_confirmations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst());
  }

  /** The MCP flow: the same call again with the token. Every refusal is validation_failed, as before. */
  /** Runs under a confirmation token once; answers the confirmation's id. */
  async function useToken(ctx: ActionContext, name: string, args: Record<string, unknown>, token: string): Promise<string> {
    const dot = token.indexOf('.');
    const id = dot > 0 ? token.slice(0, dot) : '';
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('validation_failed', `${CONFIRMATION_ARG}: not a confirmation token`);
    if (!safeEqual(tokenFor(ctx.tenantId, name, args, id), token)) {
      throw new AppError('validation_failed', `${CONFIRMATION_ARG}: the token does not match these arguments (ask again without it)`);
    }
    if (await closeConfirmation(ctx.tenantId, id, 'used', ctx.principalLabel, name)) return id;
    const row = await findConfirmation(ctx.tenantId, id);
    if (row && row.status === 'pending') throw new AppError('validation_failed', `${CONFIRMATION_ARG}: the confirmation expired (ask again without it)`);
    if (row?.status === 'rejected') throw new AppError('validation_failed', `${CONFIRMATION_ARG}: this confirmation was rejected`);
    throw new AppError('validation_failed', `${CONFIRMATION_ARG}: this confirmation was already used`);
  }

  /** Why a confirmation can no longer be approved or rejected. */
  async function notPending(tenantId: string, id: string): Promise<never> {
    const row = await findConfirmation(tenantId, id);
    if (!row) throw new AppError('not_found', 'Confirmation not found');
    const status = row.status === 'pending' ? 'expired' : row.status;
    throw new AppError('confirmation_not_pending', `This confirmation is ${status}, not pending`, { status });
  }

  async function execute(ctx: ActionContext, name: string, args: Record<string, unknown>, options: RunOptions & { approval?: string }): Promise<RunResult> {
    const t0 = performance.now();
    let policy = DEFAULT_POLICY;
    let outcome: McpOutcome = 'ok';
    let errorCode: string | null = null;
    let confirmationId: string | null = null;
    try {
      const s = await state(ctx.tenantId);
      policy = s.policy;
      const action = s.actions.find((a) => a.name === name);
      if (!action) {
        outcome = 'error';
        errorCode = 'not_found';
        return { outcome: 'error', error: new AppError('not_found', `Unknown tool: ${name}`), unknownAction: true };
      }
      if (!allowedByPolicy(policy, name, action.kind)) {
        outcome = 'denied';
        throw new AppError('forbidden', `The tool ${name} is not allowed by this company's AI policy${policy.read_only ? ' (read-only mode)' : ''}`);
      }
      const confirm = needsConfirmation(policy, action);
      // The calls-per-minute bucket, keyed by its rate too (a changed policy starts a fresh budget). An action that takes
      // it itself (a capability call: with the tenant's and the capability's buckets, in the gateway's one round trip)
      // does so when it needs no confirmation.
      const budget = { key: `mcp:${ctx.tenantId}:${policy.calls_per_minute}`, perMinute: policy.calls_per_minute };
      const oneTrip = action.takesBudget === true && !confirm;
      if (!oneTrip) {
        const taken = await limiter.take(budget.key, perMinute(budget.perMinute));
        if (!taken.allowed) {
          throw new AppError('rate_limited', `Too many tool calls; try again in ${Math.ceil(taken.retryAfterMs / 1000)} s`, { retry_after_seconds: Math.max(1, Math.ceil(taken.retryAfterMs / 1000)) });
        }
      }
      if (!roleAtLeast(ctx.principal.role, action.minRole)) {
        outcome = 'denied';
        throw new AppError('forbidden', `The tool ${name} needs the ${action.minRole} role or higher`, { required_role: action.minRole });
      }
      // Checked before anything is asked or run: a bad input never reaches run(), nor a confirmation request.
      const input = action.parse(args);
      if (options.approval !== undefined || confirm) {
        if (options.approval === undefined && !options.confirmation) {
          outcome = 'confirmation_required';
          const confirmation = await requestConfirmation(ctx, action, args, policy);
          confirmationId = confirmation.confirmation_id;
          return { outcome: 'confirmation_required', confirmation };
        }
        if (!roleAtLeast(ctx.principal.role, policy.confirm_min_role)) {
          outcome = 'denied';
          throw new AppError('forbidden', `Confirming ${name} needs the ${policy.confirm_min_role} role or higher`, { required_role: policy.confirm_min_role });
        }
        // One conditional UPDATE: whichever server or caller gets there first runs it, the others are refused.
        if (options.approval !== undefined) {
          confirmationId = isUuid(options.approval) ? options.approval.toLowerCase() : null;
          if (!(await closeConfirmation(ctx.tenantId, options.approval, 'approved', ctx.principalLabel, name))) await notPending(ctx.tenantId, options.approval);
        } else {
          confirmationId = await useToken(ctx, name, args, options.confirmation!);
        }
      }
      const value = await action.run(ctx, input, oneTrip ? { budget } : undefined);
      return { outcome: 'ok', value: redactValue(value, rulesOf(policy)) };
    } catch (err) {
      const app = err instanceof AppError ? err : new AppError('internal', 'The tool failed on our side');
      if (!(err instanceof AppError)) deps.onError?.(err);
      if (outcome === 'ok' || outcome === 'confirmation_required') outcome = 'error';
      errorCode = app.code;
      return { outcome: outcome === 'denied' ? 'denied' : 'error', error: redactedError(app, rulesOf(policy)) };
    } finally {
      audit.record({
        tenant_id: ctx.tenantId,
        created_at: clock.now(),
        principal: ctx.principalLabel,
        client_name: ctx.client?.name?.slice(0, 200) ?? null,
        client_version: ctx.client?.version?.slice(0, 100) ?? null,
        session_id: ctx.sessionId ?? null,
        tool: name.slice(0, 128),
        arguments: auditArguments(args, rulesOf(policy)),
        outcome,
        success: outcome === 'ok',
        error_code: errorCode,
        duration_ms: Math.round((performance.now() - t0) * 100) / 100,
        source: ctx.source,
        confirmation_id: confirmationId,
      });
    }
  }

  /** Only the caller's roles at or above the policy's confirming role decide. */
  async function mayDecide(ctx: ActionContext): Promise<void> {
    const { policy } = await state(ctx.tenantId);
    if (!roleAtLeast(ctx.principal.role, policy.confirm_min_role)) {
      throw new AppError('forbidden', `Approving or rejecting needs the ${policy.confirm_min_role} role or higher`, { required_role: policy.confirm_min_role });
    }
  }

  return {
    /** Called with a tenant id when the actions it sees may have changed (local: here; peer: another server said so). */
    onChange(listener: (tenantId: string, origin: 'local' | 'peer') => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Another server changed this tenant's actions or policy: forget what is cached and tell the listeners. */
    peerChanged(tenantId: string): void {
      changed(tenantId, 'peer');
    },

    /** The actions this caller may run: allowed by the tenant's policy, and callable with the caller's role. */
    async list(ctx: Pick<ActionContext, 'tenantId' | 'principal'>): Promise<RunnableAction[]> {
      const { policy, actions } = await state(ctx.tenantId);
      return actions
        .filter((a) => allowedByPolicy(policy, a.name, a.kind) && roleAtLeast(ctx.principal.role, a.minRole))
        .map((action) => ({ action, confirm: needsConfirmation(policy, action) }));
    },

    /** Runs one action under the policy. Never throws for the action's own failures: they come back, audited. */
    run(ctx: ActionContext, name: string, input: Record<string, unknown> | undefined, options: RunOptions = {}): Promise<RunResult> {
      return execute(ctx, name, input ?? {}, options);
    },

    async listConfirmations(tenantId: string, q: ActionConfirmationsQuery): Promise<{ items: ActionConfirmationOutput[] }> {
      return db.withTenant(tenantId, async (tx) => {
        await tx
          .updateTable('action_confirmations')
          .set({ status: 'expired', decided_at: clock.now(), decided_by: 'system:expiry' })
          .where('tenant_id', '=', tenantId)
          .where('status', '=', 'pending')
          .where('expires_at', '<=', clock.now())
          .execute();
        const rows = await tx
          .selectFrom('action_confirmations')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('status', '=', q.status)
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(q.limit)
          .execute();
        return { items: rows.map(confirmationOutput) };
      });
    },

    async getConfirmation(tenantId: string, id: string): Promise<ActionConfirmationOutput> {
      const row = await findConfirmation(tenantId, id);
      if (!row) throw new AppError('not_found', 'Confirmation not found');
      return confirmationOutput(row);
    },

    /**
     * Approves a pending confirmation and runs the action with its stored arguments, as the approver (their role, the
     * policy as it is now), audited like any call. The approval takes effect once: a second one is 409.
     */
    async approve(ctx: ActionContext, id: string): Promise<{ confirmation: ActionConfirmationOutput; run: RunResult }> {
      await mayDecide(ctx);
      const row = await findConfirmation(ctx.tenantId, id);
      if (!row) throw new AppError('not_found', 'Confirmation not found');
      if (row.status !== 'pending' || new Date(row.expires_at).getTime() <= clock.now().getTime()) await notPending(ctx.tenantId, id);
      const run = await execute(ctx, row.action, row.arguments, { approval: id });
      return { confirmation: confirmationOutput((await findConfirmation(ctx.tenantId, id)) ?? row), run };
    },

    async reject(ctx: ActionContext, id: string): Promise<ActionConfirmationOutput> {
      await mayDecide(ctx);
      const row = await closeConfirmation(ctx.tenantId, id, 'rejected', ctx.principalLabel);
      if (!row) return notPending(ctx.tenantId, id);
      return confirmationOutput(row);
    },

    getPolicy: readPolicy,

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
        let query = tx
          .selectFrom('mcp_invocations as i')
          .leftJoin('action_confirmations as c', (j) => j.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.confirmation_id'))
          .selectAll('i')
          .select(['c.status as confirmation_status', 'c.expires_at as confirmation_expires_at'])
          .where('i.tenant_id', '=', tenantId);
        if (q.tool) query = query.where('i.tool', '=', q.tool);
        if (q.outcome) query = query.where('i.outcome', '=', q.outcome);
        if (q.principal) query = query.where('i.principal', '=', q.principal);
        if (q.source) query = query.where('i.source', '=', q.source);
        if (q.from) query = query.where('i.created_at', '>=', new Date(q.from));
        if (q.to) query = query.where('i.created_at', '<', new Date(q.to));
        const before = cursorId(q.cursor);
        if (before !== undefined) query = query.where('i.id', '<', before);
        const rows = await query.orderBy('i.id', 'desc').limit(q.limit + 1).execute();
        const now = clock.now().getTime();
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
          source: r.source,
          confirmation_id: r.confirmation_id,
          // A pending request past its time reads as expired, as the confirmations list says.
          confirmation_status:
            r.confirmation_status === 'pending' && r.confirmation_expires_at && new Date(r.confirmation_expires_at).getTime() <= now ? 'expired' : (r.confirmation_status ?? null),
        }));
      });
    },

    flush: () => audit.flush(),
    close: () => audit.close(),
  };
}

export type ActionRunner = ReturnType<typeof createActionRunner>;
