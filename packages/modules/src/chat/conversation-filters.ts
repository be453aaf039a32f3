import { sql, type RawBuilder } from 'kysely';

/**
 * The conversation list's filters beyond status and inbox, as one SQL condition on `conversations as c` joined with
 * `chat_contacts as k` (see conversationQuery), and the labels each conversation carries.
 */

/** A conversation's labels, by name: [{ id, name, color }]. */
export const labelsOf = sql<Array<{ id: string; name: string; color: string }>>`coalesce((
  select jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name, 'color', l.color) order by lower(l.name))
  from conversation_labels cl join chat_labels l on l.tenant_id = cl.tenant_id and l.id = cl.label_id
  where cl.tenant_id = c.tenant_id and cl.conversation_id = c.id), '[]'::jsonb)`.as('labels');

/** A term as LIKE text: its %, _ and \\ match themselves. */
export const likeEscape = (term: string) => term.replace(/[\\%_]/g, (ch) => `\\${ch}`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ConversationFilter {
  /** A member's user id, `me` or `none`. */
  assignee?: string | undefined;
  /** A label's name, any case. */
  label?: string | undefined;
  /** Text searched in the contact's name, e-mail and phone and in the messages (accents and case ignored). */
  q?: string | undefined;
}

/** The condition for `f`; `me` is `userId` (a caller that is not a user has no conversations of its own). */
export function conversationFilter(f: ConversationFilter, userId: string | null): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (f.assignee === 'none') parts.push(sql`c.assignee_id is null`);
  else if (f.assignee === 'me') parts.push(userId && UUID.test(userId) ? sql`c.assignee_id = ${userId}::uuid` : sql`false`);
  else if (f.assignee !== undefined) parts.push(sql`c.assignee_id = ${f.assignee}::uuid`);
  if (f.label !== undefined) {
    parts.push(sql`exists (select 1 from conversation_labels cl join chat_labels l on l.tenant_id = cl.tenant_id and l.id = cl.label_id
      where cl.tenant_id = c.tenant_id and cl.conversation_id = c.id and lower(l.name) = lower(${f.label}))`);
  }
  if (f.q !== undefined) {
    const pattern = `%${likeEscape(f.q)}%`;
    // A phone typed as people write it ("+56 9 2222 3333", "9-2222-3333") matches the stored E.164 by its digits.
    const digits = /^[\d\s+().-]+$/.test(f.q) ? f.q.replace(/\D/g, '') : '';
    parts.push(sql`(search_text(coalesce(k.name, '') || ' ' || coalesce(k.email, '') || ' ' || coalesce(k.phone, '')) like search_text(${pattern})
      ${digits.length >= 4 ? sql`or replace(coalesce(k.phone, ''), '+', '') like ${`%${digits}%`}` : sql``}
      or exists (select 1 from chat_messages m where m.tenant_id = c.tenant_id and m.conversation_id = c.id and search_text(m.content) like search_text(${pattern})))`);
  }
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}
