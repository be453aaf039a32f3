import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import * as z from 'zod/mini';
import { api, data, tenantParam } from '../api.ts';
import type { ChatCannedResponse, ChatContact, Conversation, ConversationStatusBody } from '../api/models.ts';
import { putConversation } from '../chat-stream.ts';
import { displayRut, formatDateTime, formatRutInput } from '../format.ts';
import { bodySchema, setServerIssues, TextField, useSchemaForm } from '../forms.tsx';
import { useI18n, type Translate } from '../i18n.tsx';
import { keys, membersQuery } from '../queries.ts';
import { errorText, ErrorMessage, Loading } from '../ui.tsx';
import { parseRut } from '@smarteros/kernel/rut';

/**
 * The agent's operations on a conversation (status with snooze, assignment, labels), the canned replies offered by
 * `/shortcut` in the reply box, and the contact panel. Each writes through the API and puts the answer in the cache;
 * the live stream brings everyone else's changes.
 */

export const labelsQuery = (tenantId: string) => ({
  queryKey: keys.chatLabels(tenantId),
  queryFn: ({ signal }: { signal: AbortSignal }) => data(api.GET('/api/v1/chat/labels', { params: tenantParam(tenantId), signal })).then((r) => r.items),
  staleTime: 60_000,
});

export const countsQuery = (tenantId: string) => ({
  queryKey: keys.chatCounts(tenantId),
  queryFn: ({ signal }: { signal: AbortSignal }) => data(api.GET('/api/v1/chat/counts', { params: tenantParam(tenantId), signal })),
});

const HOUR = 3_600_000;
/** How long a conversation can be snoozed from the console. */
const SNOOZES = [1, 3, 24, 168] as const;

/** Resolve or reopen, put back to pending, snooze for a while: POST .../status. */
export function StatusActions({ tenantId, c, onNotice }: { tenantId: string; c: Conversation; onNotice(n: { text?: string; error?: unknown }): void }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const id = useId();
  const change = useMutation({
    mutationFn: (body: ConversationStatusBody) => data(api.POST('/api/v1/chat/conversations/{conversation_id}/status', { params: { path: { conversation_id: c.id }, ...tenantParam(tenantId) }, body })),
    onSuccess: (next) => {
      putConversation(queryClient, tenantId, next);
      onNotice({ text: next.status === 'snoozed' && next.snoozed_until ? t('chat.done.snoozed', { time: formatDateTime(next.snoozed_until, locale) }) : t(`chat.done.${next.status}`) });
    },
    onError: (error) => onNotice({ error }),
  });
  return (
    <>
      {c.status === 'resolved' || c.status === 'snoozed' ? (
        <button type="button" className="button secondary" disabled={change.isPending} onClick={() => change.mutate({ status: 'open' })}>
          {t('chat.reopen')}
        </button>
      ) : (
        <button type="button" className="button primary" disabled={change.isPending} onClick={() => change.mutate({ status: 'resolved' })}>
          {t('chat.resolve')}
        </button>
      )}
      {c.status !== 'resolved' && (
        <span className="field inline">
          <label htmlFor={`${id}-snooze`} className="visually-hidden">
            {t('chat.snooze')}
          </label>
          <select
            id={`${id}-snooze`}
            value=""
            disabled={change.isPending}
            data-testid="snooze"
            onChange={(e) => {
              const v = e.target.value;
              if (v === 'pending') change.mutate({ status: 'pending' });
              else if (v) change.mutate({ status: 'snoozed', snoozed_until: new Date(Date.now() + Number(v) * HOUR).toISOString() });
            }}
          >
            <option value="">{t('chat.snooze')}</option>
            {SNOOZES.map((h) => (
              <option key={h} value={String(h)}>
                {t(`chat.snoozeFor.${h}`)}
              </option>
            ))}
            {c.status !== 'pending' && <option value="pending">{t('chat.markPending')}</option>}
          </select>
        </span>
      )}
    </>
  );
}

/** Assign to me (one key press away) or to another member; or nobody. */
export function AssignControl({ tenantId, c, meId, onNotice }: { tenantId: string; c: Conversation; meId: string | undefined; onNotice(n: { text?: string; error?: unknown }): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const id = useId();
  const members = useQuery(membersQuery(tenantId));
  const assign = useMutation({
    mutationFn: (assignee_id: string | null) => data(api.PATCH('/api/v1/chat/conversations/{conversation_id}', { params: { path: { conversation_id: c.id }, ...tenantParam(tenantId) }, body: { assignee_id } })),
    onSuccess: (next) => {
      putConversation(queryClient, tenantId, next);
      onNotice({ text: next.assignee_id === null ? t('chat.done.unassigned') : next.assignee_id === meId ? t('chat.done.assigned') : t('chat.done.assignedTo') });
    },
    onError: (error) => onNotice({ error }),
  });
  const people = (members.data ?? []).filter((m) => m.role !== 'viewer');
  return (
    <>
      {meId && c.assignee_id !== meId && (
        <button type="button" className="button secondary" disabled={assign.isPending} onClick={() => assign.mutate(meId)}>
          {t('chat.assignMe')}
        </button>
      )}
      {people.length > 1 && (
        <span className="field inline">
          <label htmlFor={`${id}-assign`} className="visually-hidden">
            {t('chat.assignTo')}
          </label>
          <select id={`${id}-assign`} value={c.assignee_id ?? ''} disabled={assign.isPending} data-testid="assignee" onChange={(e) => assign.mutate(e.target.value || null)}>
            <option value="">{t('chat.unassigned')}</option>
            {people.map((m) => (
              <option key={m.user_id} value={m.user_id}>
                {m.user_id === meId ? t('chat.me') : (m.display_name ?? m.email)}
              </option>
            ))}
          </select>
        </span>
      )}
    </>
  );
}

/** Who it is assigned to, in words. */
export function assigneeText(t: Translate, c: Conversation, meId: string | undefined, names: Map<string, string>): string {
  if (!c.assignee_id) return t('chat.unassigned');
  if (c.assignee_id === meId) return t('chat.assignedToYou');
  const name = names.get(c.assignee_id);
  return name ? t('chat.assignedTo', { name }) : t('chat.assignedOther');
}

/** The conversation's labels: each can be taken off; one of the tenant's others can be put on. */
export function LabelsControl({ tenantId, c, onNotice }: { tenantId: string; c: Conversation; onNotice(n: { error?: unknown }): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const id = useId();
  const labels = useQuery(labelsQuery(tenantId));
  const set = useMutation({
    mutationFn: ({ labelId, on }: { labelId: string; on: boolean }) => {
      const params = { params: { path: { conversation_id: c.id, label_id: labelId }, ...tenantParam(tenantId) } };
      return data(on ? api.PUT('/api/v1/chat/conversations/{conversation_id}/labels/{label_id}', params) : api.DELETE('/api/v1/chat/conversations/{conversation_id}/labels/{label_id}', params));
    },
    onSuccess: (next) => {
      putConversation(queryClient, tenantId, next);
      void queryClient.invalidateQueries({ queryKey: keys.chatLabels(tenantId) });
    },
    onError: (error) => onNotice({ error }),
  });
  const on = new Set(c.labels.map((l) => l.id));
  const others = (labels.data ?? []).filter((l) => !on.has(l.id));
  return (
    <div className="chat-labels" data-testid="labels">
      <ul className="label-chips" aria-label={t('chat.labels')}>
        {c.labels.map((l) => (
          <li key={l.id} className="label-chip" style={{ borderColor: l.color }} data-testid="label">
            <span className="label-dot" style={{ background: l.color }} aria-hidden="true" />
            {l.name}
            <button type="button" className="label-remove" aria-label={t('chat.labelRemove', { name: l.name })} disabled={set.isPending} onClick={() => set.mutate({ labelId: l.id, on: false })}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {others.length > 0 && (
        <span className="field inline">
          <label htmlFor={`${id}-label`} className="visually-hidden">
            {t('chat.labelAdd')}
          </label>
          <select id={`${id}-label`} value="" disabled={set.isPending} data-testid="label-add" onChange={(e) => e.target.value && set.mutate({ labelId: e.target.value, on: true })}>
            <option value="">{t('chat.labelAdd')}</option>
            {others.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </span>
      )}
    </div>
  );
}

/** The canned responses whose short code starts with what follows a leading `/` (none when the text is not `/word`). */
export function useCannedMatches(tenantId: string, text: string): ChatCannedResponse[] {
  const typed = /^\/([a-z0-9_-]*)$/i.exec(text)?.[1];
  const canned = useQuery({
    queryKey: keys.cannedResponses(tenantId),
    queryFn: ({ signal }) => data(api.GET('/api/v1/chat/canned-responses', { params: tenantParam(tenantId), signal })).then((r) => r.items),
    enabled: typed !== undefined,
    staleTime: 60_000,
  });
  if (typed === undefined) return [];
  const prefix = typed.toLowerCase();
  return (canned.data ?? []).filter((c) => c.short_code.startsWith(prefix)).slice(0, 8);
}

/** The list under the reply box: ↑/↓ choose, Enter or Tab inserts, Escape closes (the box keeps the focus). */
export function CannedMenu({ id, matches, active, onPick }: { id: string; matches: ChatCannedResponse[]; active: number; onPick(c: ChatCannedResponse): void }) {
  const { t } = useI18n();
  return (
    <ul id={id} className="canned-menu" role="listbox" aria-label={t('chat.canned')} data-testid="canned-menu">
      {matches.map((c, i) => (
        <li
          key={c.id}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className="canned-option"
          data-testid="canned-option"
          onMouseDown={(e) => {
            // The box keeps the focus.
            e.preventDefault();
            onPick(c);
          }}
        >
          <strong>/{c.short_code}</strong> <span className="muted">{c.content}</span>
        </li>
      ))}
    </ul>
  );
}

const contactSchema = (t: Translate) =>
  bodySchema<{ name: string; email: string; rut: string }>()(
    z.object({
      name: z.string().check(z.trim(), z.maxLength(200)),
      email: z.string().check(
        z.trim(),
        z.refine((v) => v === '' || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v), t('chat.contact.badEmail')),
      ),
      rut: z.string().check(
        z.trim(),
        z.refine((v) => v === '' || parseRut(v).ok, t('chat.contact.badRut')),
      ),
    }),
  );

/** The contact panel: phone, e-mail, RUT (editable), the identity on each channel, and earlier conversations. */
export function ContactPanel({ tenantId, contactId, current, onClose, hrefOf, onOpen }: { tenantId: string; contactId: string; current: string; onClose(): void; hrefOf(conversationId: string): string; onOpen(conversationId: string): void }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const contact = useQuery({
    queryKey: keys.contact(tenantId, contactId),
    queryFn: ({ signal }) => data(api.GET('/api/v1/chat/contacts/{contact_id}', { params: { path: { contact_id: contactId }, ...tenantParam(tenantId) }, signal })),
  });
  const [editing, setEditing] = useState(false);
  return (
    <aside className="chat-contact card" aria-labelledby="chat-contact-title" data-testid="contact-panel">
      <div className="chat-contact-head">
        <h3 id="chat-contact-title">{t('chat.contact.title')}</h3>
        <button type="button" className="button link" onClick={onClose}>
          {t('chat.contact.close')}
        </button>
      </div>
      {contact.error !== null && <ErrorMessage error={contact.error} onRetry={() => void contact.refetch()} />}
      {!contact.data ? (
        contact.error === null && <Loading label={t('chat.contact.loading')} />
      ) : editing ? (
        <ContactForm
          tenantId={tenantId}
          contact={contact.data}
          onDone={(next) => {
            if (next) queryClient.setQueryData(keys.contact(tenantId, contactId), next);
            setEditing(false);
          }}
        />
      ) : (
        <>
          <dl className="facts">
            <div>
              <dt>{t('chat.contact.name')}</dt>
              <dd data-testid="contact-name">{contact.data.name ?? '—'}</dd>
            </div>
            <div>
              <dt>{t('chat.contact.phone')}</dt>
              <dd>{contact.data.phone ? <a href={`tel:${contact.data.phone}`}>{contact.data.phone}</a> : '—'}</dd>
            </div>
            <div>
              <dt>{t('chat.contact.email')}</dt>
              <dd>{contact.data.email ?? '—'}</dd>
            </div>
            <div>
              <dt>{t('chat.contact.rut')}</dt>
              <dd data-testid="contact-rut">{contact.data.rut ? displayRut(contact.data.rut) : '—'}</dd>
            </div>
            {contact.data.identities.map((i) => (
              <div key={`${i.inbox_id}:${i.external_id}`}>
                <dt>{i.inbox_name}</dt>
                <dd>
                  <code>{i.external_id}</code>
                </dd>
              </div>
            ))}
          </dl>
          <button type="button" className="button secondary" onClick={() => setEditing(true)}>
            {t('chat.contact.edit')}
          </button>
          <h4>{t('chat.contact.conversations')}</h4>
          <ul className="contact-history" data-testid="contact-conversations">
            {contact.data.conversations.map((h) => (
              <li key={h.id}>
                {h.id === current ? (
                  <span aria-current="true">{t('chat.contact.thisOne')}</span>
                ) : (
                  <a
                    href={hrefOf(h.id)}
                    onClick={(e) => {
                      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                      e.preventDefault();
                      onOpen(h.id);
                    }}
                  >
                    {formatDateTime(h.created_at, locale)}
                  </a>
                )}{' '}
                <span className={`badge badge-chat-${h.status}`}>{t(`chat.state.${h.status}`)}</span> <span className="muted small">{t('chat.contact.messages', { n: h.messages })}</span>
                {h.csat_score !== null && <span className="small"> · {t('chat.contact.csat', { n: h.csat_score })}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}

function ContactForm({ tenantId, contact, onDone }: { tenantId: string; contact: ChatContact; onDone(next: ChatContact | null): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const form = useSchemaForm(contactSchema(t), { name: contact.name ?? '', email: contact.email ?? '', rut: contact.rut ?? '' });
  const [error, setError] = useState<unknown>(null);
  useEffect(() => form.setFocus('name'), [form]);
  const save = form.handleSubmit(async (v) => {
    setError(null);
    try {
      const next = await data(
        api.PATCH('/api/v1/chat/contacts/{contact_id}', {
          params: { path: { contact_id: contact.id }, ...tenantParam(tenantId) },
          body: { name: v.name || null, email: v.email || null, rut: v.rut || null },
        }),
      );
      void queryClient.invalidateQueries({ queryKey: keys.conversations(tenantId) });
      onDone(next);
    } catch (err) {
      if (!setServerIssues(form, err, { rut: t('chat.contact.badRut'), email: t('chat.contact.badEmail') })) setError(err);
    }
  });
  return (
    <form
      noValidate
      onSubmit={(e) => void save(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onDone(null);
        }
      }}
      aria-label={t('chat.contact.edit')}
    >
      <TextField form={form} name="name" id="contact-name" label={t('chat.contact.name')} autoComplete="off" />
      <TextField form={form} name="email" id="contact-email" label={t('chat.contact.email')} type="email" inputMode="email" autoComplete="off" />
      <TextField form={form} name="rut" id="contact-rut" label={t('chat.contact.rut')} hint={t('chat.contact.rutHint')} format={formatRutInput} autoComplete="off" />
      {error !== null && (
        <p className="field-error" role="alert">
          {errorText(t, error)}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button primary" disabled={form.formState.isSubmitting}>
          {t('chat.contact.save')}
        </button>
        <button type="button" className="button secondary" onClick={() => onDone(null)}>
          {t('chat.contact.cancel')}
        </button>
      </div>
    </form>
  );
}
