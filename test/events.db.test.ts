import { readMigrations, declaredEvents, type Tx } from '@smarteros/kernel';
import { IDENTITY_EVENTS } from '@smarteros/modules/identity';
import { TENANCY_EVENTS } from '@smarteros/modules/tenancy';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/**
 * Events written by SQL functions are declared like the others: every topic a migration emits has a defineEvent in
 * the module that owns it, and the payloads the functions write match those schemas.
 */

/** The body of each `outbox_emit(` call's second argument, as written in the migrations. */
function emittedTopicExpressions(): Array<{ file: string; expr: string }> {
  const out: Array<{ file: string; expr: string }> = [];
  for (const m of readMigrations()) {
    for (const match of m.sql.matchAll(/\boutbox_emit\(/g)) {
      // Skip the function's own definition (`function outbox_emit(p_tenant_id uuid, ...`).
      if (/function\s+$/.test(m.sql.slice(Math.max(0, match.index - 20), match.index))) continue;
      let depth = 0;
      let arg = 0;
      let start = -1;
      for (let i = match.index + match[0].length; i < m.sql.length; i++) {
        const c = m.sql[i]!;
        if (c === '(') depth++;
        else if (c === ')') {
          if (depth === 0) break;
          depth--;
        } else if (c === ',' && depth === 0) {
          arg++;
          if (arg === 1) start = i + 1;
          else if (arg === 2) {
            const expr = m.sql.slice(start, i).trim();
            // The three-argument outbox_emit forwards its own p_topic to the four-argument one.
            if (expr !== 'p_topic') out.push({ file: m.name, expr });
            break;
          }
        }
      }
    }
  }
  return out;
}

/** The topics an expression can produce: a literal, or `'prefix.' || case ... then 'word' ... end`. */
function topicsOf(expr: string): { topics: string[]; dynamicElse: boolean } {
  const literal = /^'([a-z_.]+)'$/.exec(expr);
  if (literal) return { topics: [literal[1]!], dynamicElse: false };
  const prefixed = /^'([a-z_]+\.)'\s*\|\|\s*case\b([\s\S]*)\bend$/.exec(expr);
  if (!prefixed) throw new Error(`cannot read the topic of outbox_emit(..., ${expr}, ...)`);
  const words = [...prefixed[2]!.matchAll(/\b(?:then|else)\s+'([a-z_]+)'/g)].map((w) => `${prefixed[1]}${w[1]}`);
  return { topics: words, dynamicElse: /\belse\s+p_status\b/.test(prefixed[2]!) };
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('events emitted from SQL', () => {
  it('are all declared by a module (defineEvent)', async () => {
    const exprs = emittedTopicExpressions();
    expect(exprs.length).toBeGreaterThanOrEqual(6);
    const topics = new Set<string>();
    let dynamicElse = false;
    for (const { expr } of exprs) {
      const r = topicsOf(expr);
      r.topics.forEach((x) => topics.add(x));
      dynamicElse ||= r.dynamicElse;
    }
    expect([...topics].sort()).toEqual(
      expect.arrayContaining(['product.activated', 'product.deactivated', 'tenant.activated', 'tenant.cancelled', 'tenant.created', 'tenant.reactivated', 'tenant.suspended', 'trial.expired', 'trial.expiring']),
    );
    const declared = declaredEvents();
    expect([...topics].filter((x) => !declared.has(x))).toEqual([]);
    // The modules' lists are what their doors export.
    expect([...TENANCY_EVENTS, ...IDENTITY_EVENTS].every((d) => declared.get(d.name) === d)).toBe(true);
    if (dynamicElse) {
      // set_tenant_status's `else 'tenant.' || p_status` is reached only by a target status the case does not name;
      // the lifecycle table allows none.
      const targets = await t.db.asOwner((tx) =>
        sql<{ to_status: string }>`select distinct to_status from lifecycle_transitions where entity = 'tenant'`.execute(tx),
      );
      expect(targets.rows.map((r) => r.to_status).filter((s) => !['suspended', 'cancelled', 'active'].includes(s))).toEqual([]);
    }
  });

  it('write payloads that match their schemas', async () => {
    const run = (fn: (tx: Tx) => Promise<unknown>) => t.db.platform({ name: 'test', actor: 'test' }, fn);
    const ids: string[] = [];
    await run(async (tx) => {
      for (const [name, rut] of [
        ['Eventos SpA', '76.086.428-5'],
        ['Eventos Dos SpA', '11.111.111-1'],
      ] as const) {
        ids.push((await sql<{ id: string }>`select create_tenant_minimal(${name}, 'eventos@x.cl', ${rut}) as id`.execute(tx)).rows[0]!.id);
      }
      const [a, b] = ids as [string, string];
      await sql`select 1 from activate_default_products_for_tenant(${a}::uuid)`.execute(tx);
      await sql`select 1 from activate_product_for_tenant(${a}::uuid, 'analytics', 'subscription')`.execute(tx);
      await sql`select 1 from deactivate_product_for_tenant(${a}::uuid, 'chat')`.execute(tx);
      await sql`select 1 from set_tenant_status(${a}::uuid, 'active')`.execute(tx);
      await sql`select 1 from set_tenant_status(${a}::uuid, 'suspended', 'impago')`.execute(tx);
      await sql`select 1 from set_tenant_status(${a}::uuid, 'active')`.execute(tx);
      await sql`select 1 from activate_product_for_tenant(${b}::uuid, 'erp', 'trial', now() + interval '1 day')`.execute(tx);
      await sql`select 1 from activate_product_for_tenant(${b}::uuid, 'ai', 'trial', now() + interval '10 days')`.execute(tx);
      await sql`select 1 from run_trial_lifecycle(now() + interval '2 days', interval '10 days')`.execute(tx);
      await sql`select 1 from set_tenant_status(${b}::uuid, 'cancelled')`.execute(tx);
    });
    const rows = await t.db.asOwner((tx) =>
      tx.selectFrom('outbox').select(['tenant_id', 'topic', 'payload', 'aggregate']).where('tenant_id', 'in', ids).orderBy('id').execute(),
    );
    const topics = new Set(rows.map((r) => r.topic));
    expect([...topics].sort()).toEqual(
      ['product.activated', 'product.deactivated', 'tenant.activated', 'tenant.cancelled', 'tenant.created', 'tenant.reactivated', 'tenant.suspended', 'trial.expired', 'trial.expiring'].sort(),
    );
    const problems: string[] = [];
    for (const r of rows) {
      const definition = declaredEvents().get(r.topic);
      const parsed = definition?.schema.safeParse(r.payload);
      if (!parsed?.success) problems.push(`${r.topic}: ${JSON.stringify(r.payload)} ${parsed ? parsed.error.message : 'undeclared'}`);
      // Lifecycle events are about the tenant: that is their aggregate.
      if (r.aggregate !== r.tenant_id) problems.push(`${r.topic}: aggregate ${String(r.aggregate)}`);
    }
    expect(problems).toEqual([]);
  });
});
