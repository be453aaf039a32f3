import type { Clock, Database, Tx } from '@smarteros/kernel';
import { sql } from 'kysely';
import { createCanned, deleteCanned, listCanned, updateCanned } from './canned.ts';
import { conversationOut, conversationQuery, recordEvent } from './chat.service.ts';
import type { ConversationOutput } from './chat.schema.ts';
import { getContact, updateContact } from './contacts.ts';
import { wakeDue } from './conversation-status.ts';
import type { CannedOutput, ContactOutput, ContactUpdate, CountsOutput, LabelOutput } from './inbox-ops.schema.ts';
import { createLabel, deleteLabel, listLabels, setConversationLabel, updateLabel } from './labels.ts';

export interface ChatInboxDeps {
  db: Database;
  clock: Clock;
  /** Called after a transaction that wrote chat_events committed (the live hub wakes the tenant's screens). */
  onChange?: (tenantId: string) => void;
}

const STATUSES = ['open', 'pending', 'resolved', 'snoozed'] as const;
const tallies = () => Object.fromEntries(STATUSES.map((s) => [s, { conversations: 0, unread: 0 }])) as CountsOutput['statuses'];

/** The agent's inbox operations beside the conversations: labels, canned responses, the contact panel, counts, snooze wake. */
export function createChatInboxService(deps: ChatInboxDeps) {
  const { db, clock } = deps;
  const changed = (tenantId: string) => deps.onChange?.(tenantId);
  /** A write that may record live events: the screens are woken after it commits. */
  const live = async <T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const out = await db.withTenant(tenantId, fn);
    changed(tenantId);
    return out;
  };

  return {
    listLabels: (tenantId: string): Promise<LabelOutput[]> => db.withTenant(tenantId, (tx) => listLabels(tx, tenantId)),
    createLabel: (tenantId: string, input: { name: string; color?: string | undefined }): Promise<LabelOutput> => db.withTenant(tenantId, (tx) => createLabel(tx, tenantId, input)),
    updateLabel: (tenantId: string, labelId: string, input: { name?: string | undefined; color?: string | undefined }): Promise<LabelOutput> => live(tenantId, (tx) => updateLabel(tx, tenantId, labelId, input, clock.now())),
    deleteLabel: (tenantId: string, labelId: string): Promise<void> => live(tenantId, (tx) => deleteLabel(tx, tenantId, labelId)),
    /** Puts a label on a conversation (`on`) or takes it off; idempotent. */
    setConversationLabel: (tenantId: string, conversationId: string, labelId: string, on: boolean): Promise<ConversationOutput> => live(tenantId, (tx) => setConversationLabel(tx, tenantId, conversationId, labelId, on)),

    listCanned: (tenantId: string, prefix?: string): Promise<CannedOutput[]> => db.withTenant(tenantId, (tx) => listCanned(tx, tenantId, prefix)),
    createCanned: (actor: { id: string }, tenantId: string, input: { short_code: string; content: string }): Promise<CannedOutput> => db.withTenant(tenantId, (tx) => createCanned(tx, tenantId, actor.id, input)),
    updateCanned: (tenantId: string, id: string, input: { short_code?: string | undefined; content?: string | undefined }): Promise<CannedOutput> => db.withTenant(tenantId, (tx) => updateCanned(tx, tenantId, id, input, clock.now())),
    deleteCanned: (tenantId: string, id: string): Promise<void> => db.withTenant(tenantId, (tx) => deleteCanned(tx, tenantId, id)),

    getContact: (tenantId: string, contactId: string): Promise<ContactOutput> => db.withTenant(tenantId, (tx) => getContact(tx, tenantId, contactId)),
    /** Edits a contact; the screens showing its conversations that are not resolved get the new name. */
    updateContact: (tenantId: string, contactId: string, input: ContactUpdate): Promise<ContactOutput> =>
      live(tenantId, async (tx) => {
        const contact = await updateContact(tx, tenantId, contactId, input, clock.now());
        if (input.name !== undefined) {
          for (const c of await conversationQuery(tx, tenantId).where('c.contact_id', '=', contactId).where('c.status', '<>', 'resolved').execute()) {
            await recordEvent(tx, tenantId, c.id, 'conversation.updated', { conversation: conversationOut(c) });
          }
        }
        return contact;
      }),

    /** Conversations and those with unread messages, per status and per inbox; the caller's and the unassigned. */
    counts: (tenantId: string, userId: string | null): Promise<CountsOutput> =>
      db.withTenant(tenantId, async (tx) => {
        const rows = await tx
          .selectFrom('conversations')
          .select(['inbox_id', 'status'])
          .select(sql<number>`count(*)::int`.as('conversations'))
          .select(sql<number>`(count(*) filter (where unread_count > 0))::int`.as('unread'))
          .select(sql<number>`(count(*) filter (where assignee_id is null and status in ('open', 'pending')))::int`.as('unassigned'))
          .select(sql<number>`(count(*) filter (where unread_count > 0 and assignee_id is null and status in ('open', 'pending')))::int`.as('unassigned_unread'))
          .select(userId ? sql<number>`(count(*) filter (where assignee_id = ${userId}::uuid and status <> 'resolved'))::int`.as('mine') : sql<number>`0`.as('mine'))
          .select(userId ? sql<number>`(count(*) filter (where unread_count > 0 and assignee_id = ${userId}::uuid and status <> 'resolved'))::int`.as('mine_unread') : sql<number>`0`.as('mine_unread'))
          .where('tenant_id', '=', tenantId)
          .groupBy(['inbox_id', 'status'])
          .execute();
        const out: CountsOutput = { statuses: tallies(), inboxes: [], mine: { conversations: 0, unread: 0 }, unassigned: { conversations: 0, unread: 0 } };
        const inboxes = new Map<string, CountsOutput['statuses']>();
        for (const r of rows) {
          const perInbox = inboxes.get(r.inbox_id) ?? tallies();
          inboxes.set(r.inbox_id, perInbox);
          for (const t of [out.statuses[r.status], perInbox[r.status]]) {
            t.conversations += Number(r.conversations);
            t.unread += Number(r.unread);
          }
          out.mine.conversations += Number(r.mine);
          out.mine.unread += Number(r.mine_unread);
          out.unassigned.conversations += Number(r.unassigned);
          out.unassigned.unread += Number(r.unassigned_unread);
        }
        out.inboxes = [...inboxes].map(([inbox_id, statuses]) => ({ inbox_id, statuses }));
        return out;
      }),

    /** Opens the conversations whose snooze has ended (the chat.snooze_wake job runs it every 30 s). */
    wakeSnoozed: (): Promise<number> => wakeDue(db, clock, changed),
  };
}

export type ChatInboxService = ReturnType<typeof createChatInboxService>;
