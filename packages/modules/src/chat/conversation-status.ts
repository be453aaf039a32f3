import { AppError, type Clock, type Database, type Tx } from '@smarteros/kernel';
import { sql } from 'kysely';
import { conversationOut, conversationQuery, queueOutgoing, recordEvent, windowOpen } from './chat.service.ts';
import type { ConversationStatus } from './chat.tables.ts';
import type { IncomingMessage } from './whatsapp.ts';

/**
 * A conversation's status (resolve, reopen, pending, snooze until a time), the wake of snoozed conversations, and the
 * CSAT survey: queued on resolve when the inbox has it on, answered by the customer's next message (a digit 1-5 or a
 * button whose id is csat:N), which is recorded on the resolved conversation and does not reopen it.
 */

/** The survey, in the customer's chat (Spanish: the tenants are Chilean companies). */
export const CSAT_SURVEY = '¿Cómo evaluaría la atención que recibió? Responda con un número del 1 (muy mala) al 5 (excelente).';
/** How long after the survey a digit is still its answer. */
export const CSAT_ANSWER_MS = 7 * 24 * 3_600_000;
/** The furthest a conversation can be snoozed. */
const SNOOZE_MAX_MS = 366 * 24 * 3_600_000;

const invalid = (path: string, message: string) => new AppError('validation_failed', `${path}: ${message}`, { issues: [{ path, message }] });

/**
 * Changes the status in the caller's transaction: resolved_at is stamped on resolve (and cleared on reopen),
 * snoozed_until is required (a future time) for `snoozed` and cleared otherwise. Resolving a conversation of an inbox
 * with CSAT on queues the survey through the sender, once, within WhatsApp's window.
 */
export async function changeStatus(tx: Tx, tenantId: string, conversationId: string, status: ConversationStatus, snoozedUntil: string | null | undefined, now: Date): Promise<void> {
  let until: Date | null = null;
  if (status === 'snoozed') {
    if (!snoozedUntil) throw invalid('snoozed_until', 'required to snooze');
    until = new Date(snoozedUntil);
    if (Number.isNaN(until.getTime()) || until.getTime() <= now.getTime()) throw invalid('snoozed_until', 'must be a time in the future');
    if (until.getTime() - now.getTime() > SNOOZE_MAX_MS) throw invalid('snoozed_until', 'at most a year ahead');
  } else if (snoozedUntil) {
    throw invalid('snoozed_until', 'only with status snoozed');
  }
  const c = await tx
    .selectFrom('conversations as c')
    .innerJoin('chat_inboxes as i', (j) => j.onRef('i.tenant_id', '=', 'c.tenant_id').onRef('i.id', '=', 'c.inbox_id'))
    .select(['c.id', 'c.inbox_id', 'c.channel', 'c.status', 'c.last_incoming_at', 'c.csat_requested_at', 'i.csat_enabled'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.id', '=', conversationId)
    .forUpdate('c')
    .executeTakeFirst();
  if (!c) throw new AppError('not_found', 'Conversation not found');
  const resolving = status === 'resolved' && c.status !== 'resolved';
  await tx
    .updateTable('conversations')
    .set({
      status,
      snoozed_until: until,
      updated_at: now,
      ...(status === 'resolved' ? (resolving ? { resolved_at: now } : {}) : { resolved_at: null }),
      // A new survey for each resolve: the previous answer (if any) stays until the customer answers again.
      ...(status !== 'resolved' && c.status === 'resolved' ? { csat_requested_at: null } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', conversationId)
    .execute();
  if (resolving && c.csat_enabled && windowOpen(c, now)) {
    await queueOutgoing(tx, tenantId, c, { content: CSAT_SURVEY, private: false, senderType: 'system', senderId: null, payload: { csat: 'survey' } }, now);
    await tx.updateTable('conversations').set({ csat_requested_at: now }).where('tenant_id', '=', tenantId).where('id', '=', conversationId).execute();
  }
}

/** The score a customer's message gives, if it is one: "4", " 5 ", a WhatsApp button or list reply / Telegram button `csat:4`. */
export function csatScoreOf(m: Pick<IncomingMessage, 'content' | 'contentType' | 'payload'>): number | null {
  const digit = /^\s*([1-5])\s*[.!]?\s*$/.exec(m.content ?? '');
  if (digit) return Number(digit[1]);
  const p = m.payload as { interactive?: { button_reply?: { id?: unknown }; list_reply?: { id?: unknown } }; button?: { payload?: unknown }; callback?: { data?: unknown } };
  const id = p.interactive?.button_reply?.id ?? p.interactive?.list_reply?.id ?? p.button?.payload ?? p.callback?.data;
  const button = typeof id === 'string' ? /^csat[:_-]([1-5])$/.exec(id) : null;
  return button ? Number(button[1]) : null;
}

/**
 * The resolved conversation a message answers the survey of: the contact's latest conversation in this inbox, when it
 * is resolved with a survey asked in the last 7 days and not answered, and the message is a score.
 */
export async function csatTarget(tx: Tx, tenantId: string, inboxId: string, contactId: string, m: Pick<IncomingMessage, 'content' | 'contentType' | 'payload'>, now: Date): Promise<{ conversationId: string; score: number } | null> {
  const score = csatScoreOf(m);
  if (score === null) return null;
  // The contact's latest conversation here: a survey of an earlier one was overtaken by what they wrote since.
  const latest = await tx
    .selectFrom('conversations')
    .select(['id', 'status', 'csat_score', 'csat_requested_at'])
    .where('tenant_id', '=', tenantId)
    .where('inbox_id', '=', inboxId)
    .where('contact_id', '=', contactId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  const asked = latest?.status === 'resolved' && latest.csat_score === null && latest.csat_requested_at !== null && new Date(latest.csat_requested_at).getTime() > now.getTime() - CSAT_ANSWER_MS ? latest : null;
  return asked ? { conversationId: asked.id, score } : null;
}

/** Records the answer on its conversation (which stays resolved), with its live event. */
export async function recordCsat(tx: Tx, tenantId: string, target: { conversationId: string; score: number }, sentAt: Date, now: Date): Promise<void> {
  await tx
    .updateTable('conversations')
    .set({ csat_score: target.score, last_message_at: sql`greatest(last_message_at, ${sentAt}::timestamptz)`, last_incoming_at: sql`greatest(last_incoming_at, ${sentAt}::timestamptz)`, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', target.conversationId)
    .execute();
  await announce(tx, tenantId, target.conversationId);
}

/** One conversation.updated event with the conversation as it now is (its labels and contact included). */
export async function announce(tx: Tx, tenantId: string, conversationId: string): Promise<void> {
  const conversation = conversationOut(await conversationQuery(tx, tenantId).where('c.id', '=', conversationId).executeTakeFirstOrThrow());
  await recordEvent(tx, tenantId, conversationId, 'conversation.updated', { conversation });
}

/** Opens these snoozed conversations (those still snoozed), each with its live event; answers how many. */
async function wake(tx: Tx, tenantId: string, ids: string[], now: Date, due: boolean): Promise<number> {
  let q = tx.updateTable('conversations').set({ status: 'open', snoozed_until: null, updated_at: now }).where('tenant_id', '=', tenantId).where('id', 'in', ids).where('status', '=', 'snoozed');
  if (due) q = q.where('snoozed_until', '<=', now);
  const rows = await q.returning('id').execute();
  for (const r of rows) await announce(tx, tenantId, r.id);
  return rows.length;
}

/** A snoozed conversation the customer writes to is open again (in the caller's transaction). */
export async function wakeOnIncoming(tx: Tx, tenantId: string, conversationId: string, now: Date): Promise<void> {
  await wake(tx, tenantId, [conversationId], now, false);
}

/** Opens every conversation whose snooze has ended, on the whole platform (the chat.snooze_wake job). Answers how many. */
export async function wakeDue(db: Database, clock: Clock, onChange: (tenantId: string) => void): Promise<number> {
  const now = clock.now();
  const due = await db.platform({ name: 'chat.snooze_due', actor: 'system:chat', audit: false, readOnly: true }, (tx) =>
    tx.selectFrom('conversations').select(['tenant_id', 'id']).where('status', '=', 'snoozed').where('snoozed_until', '<=', now).orderBy('snoozed_until').limit(500).execute(),
  );
  const byTenant = new Map<string, string[]>();
  for (const r of due) byTenant.set(r.tenant_id, [...(byTenant.get(r.tenant_id) ?? []), r.id]);
  let woke = 0;
  for (const [tenantId, ids] of byTenant) {
    woke += await db.withTenant(tenantId, (tx) => wake(tx, tenantId, ids, now, true));
    onChange(tenantId);
  }
  return woke;
}
