import { z } from 'zod';
import type { TenantRole } from './db/schema.ts';
import { AppError } from './errors.ts';

/**
 * Actions: what a tenant's people, API clients, AI models, the assistant and automations may do, declared once with a
 * zod input so the web console, MCP, the REST API and the CLI are generated from the same declaration. Modules export a
 * factory of their actions through their door; the composition root collects them into one catalog and hands it to the
 * runner (the mcp module), which applies the AI-control policy, the budget, confirmation and the audit.
 */

/** Who may do what: platform_admin is above every tenant role. */
export type Role = 'platform_admin' | TenantRole;
export const ROLES: readonly Role[] = ['platform_admin', 'owner', 'admin', 'agent', 'viewer'];

const RANK: Record<TenantRole, number> = { viewer: 1, agent: 2, admin: 3, owner: 4 };

/** True when role is at least minRole (platform_admin is above every tenant role). */
export function roleAtLeast(role: Role, minRole: TenantRole): boolean {
  return role === 'platform_admin' || RANK[role] >= RANK[minRole];
}

export type ActionKind = 'read' | 'write';
/** Who called: an MCP client, the REST API, the CLI, the chat assistant or an automation. */
export type ActionCaller = 'mcp' | 'api' | 'cli' | 'assistant' | 'automation';
export const ACTION_CALLERS: readonly ActionCaller[] = ['mcp', 'api', 'cli', 'assistant', 'automation'];

export interface ActionContext {
  tenantId: string;
  principal: { id: string; role: Role };
  /** How the caller is named in the audit, e.g. api_key:<id>. */
  principalLabel: string;
  source: ActionCaller;
  client?: { name?: string | undefined; version?: string | undefined } | undefined;
  sessionId?: string | undefined;
}

/** A JSON Schema (2020-12) whose instances are objects: what MCP's inputSchema and the console's forms need. */
export type ObjectJsonSchema = { type: 'object'; [key: string]: unknown };

export interface LocalizedText {
  es: string;
  en: string;
}

/**
 * One action as the catalog holds it, its input type erased. parse() checks raw input and answers the value run()
 * takes; run() is never called with input that did not pass parse().
 */
export interface Action {
  name: string;
  title: LocalizedText;
  description: string;
  kind: ActionKind;
  /** Lowest tenant role that may run it. */
  minRole: TenantRole;
  /** JSON Schema of the input. */
  inputSchema: ObjectJsonSchema;
  /** platform: declared in code; capability: a tenant's registry capability (a dynamic source). */
  origin: 'platform' | 'capability';
  /** Asks for confirmation whatever the policy says (a capability marked requires_confirmation). */
  requiresConfirmation?: boolean;
  /** What a confirmation request says this action does, e.g. { method, path, provider }. */
  effect?: Record<string, unknown>;
  /** Checks raw input: the parsed value, or AppError validation_failed naming each field (details.issues[].path). */
  parse(input: unknown): unknown;
  /**
   * Runs it with parsed input. `extra` carries what the runner asks the action to do in its own round trip (a capability
   * call takes the caller's calls-per-minute bucket with the gateway's own buckets).
   */
  run(ctx: ActionContext, input: unknown, extra?: ActionRunExtra): Promise<unknown>;
  /** The action takes the runner's budget itself (see ActionRunExtra) instead of the runner taking it first. */
  takesBudget?: boolean;
}

/** A token bucket the runner hands to an action that takes its budget itself: the bucket's key and per-minute rate. */
export interface ActionRunExtra {
  budget?: { key: string; perMinute: number };
}

export interface ActionDefinition<I extends z.ZodType, O> {
  name: string;
  title: LocalizedText;
  description: string;
  input: I;
  output?: z.ZodType<O>;
  kind: ActionKind;
  minRole: TenantRole;
  run(ctx: ActionContext, input: z.output<I>): Promise<O>;
}

const ACTION_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** The input's JSON Schema (2020-12, what callers send: defaults make fields optional), without the $schema marker. */
export function inputJsonSchema(input: z.ZodType): ObjectJsonSchema {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(input, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  if (schema.type !== 'object') throw new TypeError('an action input must be a zod object');
  return schema as ObjectJsonSchema;
}

type IssueLike = { path: ReadonlyArray<PropertyKey>; message: string; keys?: readonly string[] };

/** Zod issues as the platform's validation_failed error: each field named (unknown keys too), the first in the message. */
export function validationError(issues: ReadonlyArray<IssueLike>): AppError {
  const list = issues.flatMap((i) => {
    const base = i.path.map(String);
    const paths = i.keys?.length ? i.keys.map((k) => [...base, k]) : [base];
    return paths.map((p) => ({ path: p.join('.') || 'input', message: i.message }));
  });
  const first = list[0];
  return new AppError('validation_failed', first ? `${first.path}: ${first.message}` : 'Invalid input', { issues: list });
}

/** Declares one action. Its input is checked against the zod schema before run(), every time. */
export function defineAction<I extends z.ZodType, O>(def: ActionDefinition<I, O>): Action {
  if (!ACTION_NAME.test(def.name)) throw new TypeError(`action name ${def.name}: use dotted lower-case names such as smarteros.products`);
  const inputSchema = inputJsonSchema(def.input);
  return {
    name: def.name,
    title: def.title,
    description: def.description,
    kind: def.kind,
    minRole: def.minRole,
    inputSchema,
    origin: 'platform',
    parse(input: unknown): unknown {
      const parsed = def.input.safeParse(input ?? {});
      if (!parsed.success) throw validationError(parsed.error.issues);
      return parsed.data;
    },
    // parse() produced this value from def.input, so it is the schema's output type.
    run: (ctx, input) => def.run(ctx, input as z.output<I>),
  };
}

/** Actions that depend on the tenant (its registry capabilities): asked for each time the catalog is listed. */
export interface ActionSource {
  name: string;
  actions(tenantId: string): Promise<readonly Action[]>;
  /** Called with a tenant id when that tenant's actions from this source may have changed. */
  onChange?(listener: (tenantId: string) => void): void;
}

export interface ActionCatalog {
  /** The platform's own actions, the same for every tenant. */
  readonly platform: readonly Action[];
  /** The platform's actions and the tenant's dynamic ones; a dynamic action never shadows a platform one. */
  list(tenantId: string): Promise<Action[]>;
  onChange(listener: (tenantId: string) => void): void;
}

/** The one catalog: platform actions from every module, plus the dynamic sources. Names are unique. */
export function createActionCatalog(parts: { actions: ReadonlyArray<readonly Action[]>; sources?: readonly ActionSource[] }): ActionCatalog {
  const platform = parts.actions.flat();
  const names = new Set<string>();
  for (const a of platform) {
    if (names.has(a.name)) throw new Error(`Two actions are named ${a.name}`);
    names.add(a.name);
  }
  const sources = parts.sources ?? [];
  return {
    platform,
    async list(tenantId: string): Promise<Action[]> {
      const dynamic = (await Promise.all(sources.map((s) => s.actions(tenantId)))).flat();
      return [...platform, ...dynamic.filter((a) => !names.has(a.name))];
    },
    onChange(listener) {
      for (const s of sources) s.onChange?.(listener);
    },
  };
}
