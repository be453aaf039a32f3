import { randomUUID } from 'node:crypto';
import { AppError, type Clock, type Database, type EgressGuard, type Tx } from '@smarteros/kernel';
import { sql, type Selectable } from 'kysely';
import type { Vault } from '../registry/index.ts';
import { callModel, ModelError, type ModelConnection, type ModelReply, type ModelRequest } from './ai.connectors.ts';
import type { ProviderInput, ProviderOutput, ProviderPatch, ProviderProbe, UsageOutput } from './ai.schema.ts';
import type { AiProvidersTable } from './ai.tables.ts';

/**
 * A tenant's model providers: their settings, the API key sealed by the vault (write-only), the probe (does it answer,
 * does it call tools), and every call to a model with its usage counted per tenant, provider and day.
 */
export interface ProvidersDeps {
  db: Database;
  clock: Clock;
  vault: Vault;
  /** Every call to a model goes through it (SMARTEROS_EGRESS_ALLOW with SMARTEROS_AI_ALLOWED_HOSTS). */
  egress: EgressGuard;
  /** Time allowed for one call (SMARTEROS_AI_TIMEOUT_MS). */
  timeoutMs: number;
}

type ProviderRow = Selectable<AiProvidersTable>;

/** The vault binds a sealed key to its tenant and this id: a ciphertext moved to another provider does not open. */
const secretId = (providerId: string) => `ai-provider:${providerId}`;

const COLUMNS = ['id', 'name', 'kind', 'base_url', 'model', 'api_key_last4', 'api_key_fingerprint', 'probed_at', 'reachable', 'supports_tools', 'probe_error', 'created_at', 'updated_at'] as const;
type OutRow = Pick<ProviderRow, (typeof COLUMNS)[number]>;

function outputOf(r: OutRow): ProviderOutput {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    base_url: r.base_url,
    model: r.model,
    api_key: r.api_key_fingerprint !== null ? { last4: r.api_key_last4 ?? '', fingerprint: r.api_key_fingerprint } : null,
    probe: r.probed_at !== null ? { probed_at: new Date(r.probed_at).toISOString(), reachable: r.reachable === true, supports_tools: r.supports_tools, error: r.probe_error } : null,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

const fieldError = (field: string, message: string) => new AppError('validation_failed', `${field}: ${message}`, { issues: [{ path: field, message }] });

/** What the probe offers: one tool it asks the model to call. */
export const PROBE_TOOL = 'smarteros_probe';
const PROBE_REQUEST: ModelRequest = {
  messages: [
    { role: 'system', content: 'You are a connectivity check. Call the tool you are given, with {"ok": true}.' },
    { role: 'user', content: `Call ${PROBE_TOOL} now.` },
  ],
  tools: [{ name: PROBE_TOOL, description: 'Answers that the connection works.', parameters: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false } }],
};

/** A provider as the assistant uses it: what the probe found about tools (null: not probed). */
export interface ProviderForUse {
  id: string;
  name: string;
  supportsTools: boolean | null;
}

export function createProviders(deps: ProvidersDeps) {
  const { db, clock, vault, egress } = deps;

  function checkBaseUrl(url: string): void {
    try {
      egress.checkUrl(url);
    } catch (err) {
      if (err instanceof AppError && err.code === 'egress_refused') throw fieldError('base_url', `${err.message} (a model on this machine or the private network needs SMARTEROS_AI_ALLOWED_HOSTS)`);
      throw err;
    }
  }

  async function sealKey(tx: Tx, tenantId: string, id: string, key: string | null) {
    if (key === null) return { data_key_id: null, api_key_ciphertext: null, api_key_fingerprint: null, api_key_last4: null };
    const sealed = await vault.seal(tx, tenantId, secretId(id), key);
    return { data_key_id: sealed.data_key_id, api_key_ciphertext: sealed.ciphertext, api_key_fingerprint: sealed.fingerprint, api_key_last4: sealed.last4 };
  }

  /** The connection to a provider, its key opened (only here, at call time). */
  async function connection(tenantId: string, id: string): Promise<ModelConnection & { row: ProviderRow }> {
    const r = await db.withTenant(tenantId, (tx) =>
      tx
        .selectFrom('ai_providers as p')
        .leftJoin('tenant_data_keys as d', (j) => j.onRef('d.tenant_id', '=', 'p.tenant_id').onRef('d.id', '=', 'p.data_key_id'))
        .selectAll('p')
        .select(['d.id as key_id', 'd.master_key_id', 'd.wrapped_key'])
        .where('p.tenant_id', '=', tenantId)
        .where('p.id', '=', id)
        .executeTakeFirst(),
    );
    if (!r) throw new AppError('not_found', 'AI provider not found');
    const apiKey =
      r.api_key_ciphertext && r.key_id && r.master_key_id && r.wrapped_key ? vault.open(tenantId, secretId(r.id), { id: r.key_id, master_key_id: r.master_key_id, wrapped_key: r.wrapped_key }, r.api_key_ciphertext) : null;
    return { kind: r.kind, baseUrl: r.base_url, model: r.model, apiKey, row: r };
  }

  /** One row per tenant, provider and UTC day, incremented in one statement (concurrent calls add up). */
  async function count(tenantId: string, providerId: string, failed: boolean, reply: ModelReply | null): Promise<void> {
    const day = clock.now().toISOString().slice(0, 10);
    const values = { requests: 1, failures: failed ? 1 : 0, prompt_tokens: reply?.usage.promptTokens ?? 0, completion_tokens: reply?.usage.completionTokens ?? 0 };
    await db.withTenant(tenantId, (tx) =>
      tx
        .insertInto('ai_usage')
        .values({ tenant_id: tenantId, provider_id: providerId, day, ...values, updated_at: clock.now() })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'provider_id', 'day']).doUpdateSet({
            requests: sql`ai_usage.requests + excluded.requests`,
            failures: sql`ai_usage.failures + excluded.failures`,
            prompt_tokens: sql`ai_usage.prompt_tokens + excluded.prompt_tokens`,
            completion_tokens: sql`ai_usage.completion_tokens + excluded.completion_tokens`,
            updated_at: clock.now(),
          }),
        )
        .execute(),
    );
  }

  /** One model call, usage counted; `timeoutMs` may shorten (never lengthen) SMARTEROS_AI_TIMEOUT_MS. */
  async function complete(tenantId: string, providerId: string, req: ModelRequest, options: { timeoutMs?: number } = {}): Promise<ModelReply> {
    const conn = await connection(tenantId, providerId);
    let reply: ModelReply | null = null;
    try {
      reply = await callModel(egress, conn, req, Math.max(1, Math.min(deps.timeoutMs, options.timeoutMs ?? deps.timeoutMs)));
      return reply;
    } finally {
      await count(tenantId, providerId, reply === null, reply);
    }
  }

  return {
    async create(actor: { id: string }, tenantId: string, input: ProviderInput): Promise<ProviderOutput> {
      checkBaseUrl(input.base_url);
      const id = randomUUID();
      return db.withTenant(tenantId, async (tx) => {
        const key = await sealKey(tx, tenantId, id, input.api_key ?? null);
        const row = await tx
          .insertInto('ai_providers')
          .values({ tenant_id: tenantId, id, name: input.name, kind: input.kind, base_url: input.base_url, model: input.model, ...key, created_by: actor.id, created_at: clock.now(), updated_at: clock.now() })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        return outputOf(row);
      });
    },

    async list(tenantId: string): Promise<ProviderOutput[]> {
      const rows = await db.withTenant(tenantId, (tx) => tx.selectFrom('ai_providers').select(COLUMNS).where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute());
      return rows.map(outputOf);
    },

    async get(tenantId: string, id: string): Promise<ProviderOutput> {
      const row = await db.withTenant(tenantId, (tx) => tx.selectFrom('ai_providers').select(COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst());
      if (!row) throw new AppError('not_found', 'AI provider not found');
      return outputOf(row);
    },

    /** Changes what is given; a new endpoint, model or kind forgets the last probe (probe it again). */
    async update(tenantId: string, id: string, patch: ProviderPatch): Promise<ProviderOutput> {
      if (patch.base_url !== undefined) checkBaseUrl(patch.base_url);
      return db.withTenant(tenantId, async (tx) => {
        const endpointChanged = patch.base_url !== undefined || patch.model !== undefined || patch.kind !== undefined;
        const row = await tx
          .updateTable('ai_providers')
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
            ...(patch.base_url !== undefined ? { base_url: patch.base_url } : {}),
            ...(patch.model !== undefined ? { model: patch.model } : {}),
            ...(patch.api_key !== undefined ? await sealKey(tx, tenantId, id, patch.api_key) : {}),
            ...(endpointChanged ? { probed_at: null, reachable: null, supports_tools: null, probe_error: null } : {}),
            updated_at: clock.now(),
          })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .returning(COLUMNS)
          .executeTakeFirst();
        if (!row) throw new AppError('not_found', 'AI provider not found');
        return outputOf(row);
      });
    },

    /** Deletes it; inboxes that used it go back to the offline retrieval. Its usage stays. */
    async remove(tenantId: string, id: string): Promise<void> {
      const gone = await db.withTenant(tenantId, (tx) => tx.deleteFrom('ai_providers').where('tenant_id', '=', tenantId).where('id', '=', id).returning('id').executeTakeFirst());
      if (!gone) throw new AppError('not_found', 'AI provider not found');
    },

    /**
     * Asks the model to call one tool: reachable when it answers; supports_tools when it made the call (an endpoint
     * that refuses tools, or a model that answers in text, is text-only). Stored on the provider.
     */
    async probe(tenantId: string, id: string): Promise<ProviderOutput> {
      let result: Omit<ProviderProbe, 'probed_at'>;
      try {
        const reply = await complete(tenantId, id, PROBE_REQUEST);
        result = { reachable: true, supports_tools: reply.toolCalls.some((c) => c.name === PROBE_TOOL), error: null };
      } catch (err) {
        if (!(err instanceof ModelError)) throw err;
        result = err.reason === 'tools_unsupported' ? { reachable: true, supports_tools: false, error: null } : { reachable: false, supports_tools: null, error: `${err.reason}: ${err.message}`.slice(0, 500) };
      }
      return db.withTenant(tenantId, async (tx) => {
        const row = await tx
          .updateTable('ai_providers')
          .set({ probed_at: clock.now(), reachable: result.reachable, supports_tools: result.supports_tools, probe_error: result.error })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .returning(COLUMNS)
          .executeTakeFirst();
        if (!row) throw new AppError('not_found', 'AI provider not found');
        return outputOf(row);
      });
    },

    /** One model call (usage counted); throws ModelError. */
    complete,

    /** What the assistant needs to know of a provider before calling it; null when it is gone. */
    async forUse(tenantId: string, id: string): Promise<ProviderForUse | null> {
      const row = await db.withTenant(tenantId, (tx) => tx.selectFrom('ai_providers').select(['id', 'name', 'supports_tools']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst());
      return row ? { id: row.id, name: row.name, supportsTools: row.supports_tools } : null;
    },

    async usage(tenantId: string, q: { from?: string | undefined; to?: string | undefined }): Promise<UsageOutput> {
      const rows = await db.withTenant(tenantId, (tx) => {
        let query = tx.selectFrom('ai_usage').select(['provider_id', 'day', 'requests', 'failures', 'prompt_tokens', 'completion_tokens']).where('tenant_id', '=', tenantId);
        if (q.from) query = query.where('day', '>=', q.from);
        if (q.to) query = query.where('day', '<=', q.to);
        return query.orderBy('day', 'desc').orderBy('provider_id').limit(1000).execute();
      });
      const items = rows.map((r) => ({ provider_id: r.provider_id, day: String(r.day), requests: Number(r.requests), failures: Number(r.failures), prompt_tokens: Number(r.prompt_tokens), completion_tokens: Number(r.completion_tokens) }));
      const sum = (k: 'requests' | 'failures' | 'prompt_tokens' | 'completion_tokens') => items.reduce((s, i) => s + i[k], 0);
      return { items, total: { requests: sum('requests'), failures: sum('failures'), prompt_tokens: sum('prompt_tokens'), completion_tokens: sum('completion_tokens') } };
    },
  };
}

export type Providers = ReturnType<typeof createProviders>;
