import { AppError, type Tx } from '@smarteros/kernel';
import { sql } from 'kysely';
import { conversationOut, conversationQuery, recordEvent } from './chat.service.ts';
import { announce } from './conversation-status.ts';
import type { ConversationOutput } from './chat.schema.ts';
import type { LabelOutput } from './inbox-ops.schema.ts';

/** Per-tenant labels (one of each name, whatever its case) and the labels on conversations. */

const labelRows = (tx: Tx, tenantId: string) =>
  tx
    .selectFrom('chat_labels as l')
    .select(['l.id', 'l.name', 'l.color', 'l.created_at'])
    .select(sql<number>`(select count(*)::int from conversation_labels cl where cl.tenant_id = l.tenant_id and cl.label_id = l.id)`.as('conversations'))
    .where('l.tenant_id', '=', tenantId);

const out = (r: { id: string; name: string; color: string; created_at: Date; conversations: number }): LabelOutput => ({
  id: r.id,
  name: r.name,
  color: r.color,
  conversations: Number(r.conversations),
  created_at: new Date(r.created_at).toISOString(),
});

export async function listLabels(tx: Tx, tenantId: string): Promise<LabelOutput[]> {
  return (await labelRows(tx, tenantId).orderBy(sql`lower(l.name)`).execute()).map(out);
}

export async function createLabel(tx: Tx, tenantId: string, input: { name: string; color?: string | undefined }): Promise<LabelOutput> {
  const row = await tx
    .insertInto('chat_labels')
    .values({ tenant_id: tenantId, name: input.name, ...(input.color ? { color: input.color } : {}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return out(await labelRows(tx, tenantId).where('l.id', '=', row.id).executeTakeFirstOrThrow());
}

/** Renames or recolours a label; the conversations that carry it are told (their screens show the new name). */
export async function updateLabel(tx: Tx, tenantId: string, labelId: string, input: { name?: string | undefined; color?: string | undefined }, now: Date): Promise<LabelOutput> {
  const done = await tx
    .updateTable('chat_labels')
    .set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.color !== undefined ? { color: input.color } : {}), updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', labelId)
    .returning('id')
    .executeTakeFirst();
  if (!done) throw new AppError('not_found', 'Label not found');
  await announceCarriers(tx, tenantId, labelId);
  return out(await labelRows(tx, tenantId).where('l.id', '=', labelId).executeTakeFirstOrThrow());
}

/** Deletes a label and takes it off every conversation (each is told). */
export async function deleteLabel(tx: Tx, tenantId: string, labelId: string): Promise<void> {
  const carriers = await tx.selectFrom('conversation_labels').select('conversation_id').where('tenant_id', '=', tenantId).where('label_id', '=', labelId).execute();
  const done = await tx.deleteFrom('chat_labels').where('tenant_id', '=', tenantId).where('id', '=', labelId).executeTakeFirst();
  if (Number(done.numDeletedRows) === 0) throw new AppError('not_found', 'Label not found');
  for (const c of carriers) await announce(tx, tenantId, c.conversation_id);
}

/** Puts a label on a conversation, or takes it off (both idempotent); one conversation.updated event with its labels. */
export async function setConversationLabel(tx: Tx, tenantId: string, conversationId: string, labelId: string, on: boolean): Promise<ConversationOutput> {
  const c = await tx.selectFrom('conversations').select('id').where('tenant_id', '=', tenantId).where('id', '=', conversationId).executeTakeFirst();
  if (!c) throw new AppError('not_found', 'Conversation not found');
  const label = await tx.selectFrom('chat_labels').select('id').where('tenant_id', '=', tenantId).where('id', '=', labelId).executeTakeFirst();
  if (!label) throw new AppError('not_found', 'Label not found');
  const changed = on
    ? (await tx.insertInto('conversation_labels').values({ tenant_id: tenantId, conversation_id: conversationId, label_id: labelId }).onConflict((oc) => oc.columns(['tenant_id', 'conversation_id', 'label_id']).doNothing()).returning('label_id').executeTakeFirst()) !== undefined
    : Number((await tx.deleteFrom('conversation_labels').where('tenant_id', '=', tenantId).where('conversation_id', '=', conversationId).where('label_id', '=', labelId).executeTakeFirst()).numDeletedRows) > 0;
  const conversation = conversationOut(await conversationQuery(tx, tenantId).where('c.id', '=', conversationId).executeTakeFirstOrThrow());
  if (changed) await recordEvent(tx, tenantId, conversationId, 'conversation.updated', { conversation });
  return conversation;
}

async function announceCarriers(tx: Tx, tenantId: string, labelId: string): Promise<void> {
  const carriers = await tx.selectFrom('conversation_labels').select('conversation_id').where('tenant_id', '=', tenantId).where('label_id', '=', labelId).execute();
  for (const c of carriers) await announce(tx, tenantId, c.conversation_id);
}
