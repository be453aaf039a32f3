import { AppError, formatRut, normalizeRut, type Tx } from '@smarteros/kernel';
import { sql } from 'kysely';
import type { ContactOutput, ContactUpdate } from './inbox-ops.schema.ts';

/** The contact panel: who the customer is (phone, e-mail, RUT), their identity on each channel, earlier conversations. */

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const shownRut = (rut: string | null): string | null => (rut === null ? null : normalizeRut(rut) ? formatRut(rut) : rut);

export async function getContact(tx: Tx, tenantId: string, contactId: string): Promise<ContactOutput> {
  const k = await tx.selectFrom('chat_contacts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', contactId).executeTakeFirst();
  if (!k) throw new AppError('not_found', 'Contact not found');
  const identities = await tx
    .selectFrom('chat_contact_identities as ci')
    .innerJoin('chat_inboxes as i', (j) => j.onRef('i.tenant_id', '=', 'ci.tenant_id').onRef('i.id', '=', 'ci.inbox_id'))
    .select(['ci.inbox_id', 'i.name as inbox_name', 'i.channel', 'ci.external_id', 'ci.business_scoped_id'])
    .where('ci.tenant_id', '=', tenantId)
    .where('ci.contact_id', '=', contactId)
    .orderBy('ci.created_at')
    .execute();
  const conversations = await tx
    .selectFrom('conversations as c')
    .select(['c.id', 'c.inbox_id', 'c.channel', 'c.status', 'c.created_at', 'c.last_message_at', 'c.resolved_at', 'c.csat_score'])
    .select(sql<number>`(select count(*)::int from chat_messages m where m.tenant_id = c.tenant_id and m.conversation_id = c.id)`.as('messages'))
    .where('c.tenant_id', '=', tenantId)
    .where('c.contact_id', '=', contactId)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id')
    .limit(50)
    .execute();
  return {
    id: k.id,
    name: k.name,
    phone: k.phone,
    email: k.email,
    rut: shownRut(k.rut),
    unreachable: k.unreachable,
    identities,
    conversations: conversations.map((c) => ({ ...c, created_at: new Date(c.created_at).toISOString(), last_message_at: iso(c.last_message_at), resolved_at: iso(c.resolved_at), messages: Number(c.messages) })),
    created_at: new Date(k.created_at).toISOString(),
  };
}

/** Edits the name, e-mail or RUT (stored canonical, 12345678-5; validated by the schema first). */
export async function updateContact(tx: Tx, tenantId: string, contactId: string, input: ContactUpdate, now: Date): Promise<ContactOutput> {
  const done = await tx
    .updateTable('chat_contacts')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.email !== undefined ? { email: input.email === null ? null : input.email.toLowerCase() } : {}),
      ...(input.rut !== undefined ? { rut: input.rut === null ? null : normalizeRut(input.rut) } : {}),
      updated_at: now,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', contactId)
    .returning('id')
    .executeTakeFirst();
  if (!done) throw new AppError('not_found', 'Contact not found');
  return getContact(tx, tenantId, contactId);
}
