import { AppError, type Tx } from '@smarteros/kernel';
import type { Selectable } from 'kysely';
import type { DB } from '@smarteros/kernel';
import { likeEscape } from './conversation-filters.ts';
import type { CannedOutput } from './inbox-ops.schema.ts';

/** Canned responses: per-tenant `{ short_code, content }` (one of each short code), offered by `/shortcut` in the reply box. */

const out = (r: Selectable<DB['chat_canned_responses']>): CannedOutput => ({
  id: r.id,
  short_code: r.short_code,
  content: r.content,
  created_at: new Date(r.created_at).toISOString(),
  updated_at: new Date(r.updated_at).toISOString(),
});

/** All of them by short code, or those whose short code starts with `prefix`. */
export async function listCanned(tx: Tx, tenantId: string, prefix?: string): Promise<CannedOutput[]> {
  let q = tx.selectFrom('chat_canned_responses').selectAll().where('tenant_id', '=', tenantId);
  if (prefix) q = q.where('short_code', 'like', `${likeEscape(prefix.toLowerCase())}%`);
  return (await q.orderBy('short_code').limit(500).execute()).map(out);
}

export async function createCanned(tx: Tx, tenantId: string, actorId: string, input: { short_code: string; content: string }): Promise<CannedOutput> {
  return out(await tx.insertInto('chat_canned_responses').values({ tenant_id: tenantId, short_code: input.short_code, content: input.content, created_by: actorId }).returningAll().executeTakeFirstOrThrow());
}

export async function updateCanned(tx: Tx, tenantId: string, id: string, input: { short_code?: string | undefined; content?: string | undefined }, now: Date): Promise<CannedOutput> {
  const row = await tx
    .updateTable('chat_canned_responses')
    .set({ ...(input.short_code !== undefined ? { short_code: input.short_code } : {}), ...(input.content !== undefined ? { content: input.content } : {}), updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'Canned response not found');
  return out(row);
}

export async function deleteCanned(tx: Tx, tenantId: string, id: string): Promise<void> {
  const done = await tx.deleteFrom('chat_canned_responses').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (Number(done.numDeletedRows) === 0) throw new AppError('not_found', 'Canned response not found');
}
