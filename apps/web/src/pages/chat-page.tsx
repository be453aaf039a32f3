import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useNavigate, useRouterState, useSearch } from '@tanstack/react-router';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { api, data, tenantParam } from '../api.ts';
import { CONVERSATION_STATUSES, type ChatMessage, type ChatMessagePage, type Conversation, type ConversationPage } from '../api/models.ts';
import { addMessage, putConversation, useChatStream, type ConversationFilters } from '../chat-stream.ts';
import { formatDateTime } from '../format.ts';
import { hasMessage, useI18n, type Translate } from '../i18n.tsx';
import { chatInboxesQuery, keys, meQuery, membersQuery } from '../queries.ts';
import { chatSearch, type ChatSearch } from '../search.ts';
import { isPlatformSession, loadSession } from '../session.ts';
import { errorText, ErrorMessage, Link, Loading } from '../ui.tsx';
import { AssignControl, assigneeText, CannedMenu, ContactPanel, countsQuery, LabelsControl, labelsQuery, StatusActions, useCannedMatches } from './chat-inbox-ops.tsx';
import '../messages/chat.es.ts';
import { ChatAttachment, ChatFileSend, isMediaMessage, TemplatePicker } from './chat-template-picker.tsx';
import './chat.css';

const PAGE = 30;
/** WhatsApp's customer-service window: a free-text reply only this long after the customer's last message. */
const WINDOW_MS = 24 * 3_600_000;

/** Owners, admins and the platform set up the channels; agents answer. */
export const isChatAdmin = (): boolean => {
  const s = loadSession();
  return isPlatformSession(s) || s?.role === 'owner' || s?.role === 'admin';
};

const contactName = (t: Translate, c: Conversation) => c.contact.name ?? c.contact.phone ?? t('chat.noName');

/** Why an outgoing message failed, in words a person can act on. */
function failText(t: Translate, code: string | null): string {
  const key = `chat.fail.${code ?? 'other'}`;
  return hasMessage(key) ? t(key) : t('chat.fail.other', { code: code ?? '?' });
}

/** Whether the page is seen (a background tab does not mark messages read for the person). */
const visible = () => typeof document === 'undefined' || document.visibilityState === 'visible';
const onVisibility = (listener: () => void) => {
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
};

/** The address of the page with these search params (for links that also work opened in a new tab). */
function hrefOf(pathname: string, search: ChatSearch): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) if (typeof v === 'string' && v) params.set(k, v);
  const q = params.toString();
  return q ? `${pathname}?${q}` : pathname;
}

/**
 * The inbox: the conversations (filters in the URL, unread counts, newest activity first, older ones by cursor) and the
 * one chosen beside them, kept live by the tenant's event stream. At phone width the list and the conversation take
 * the screen in turn.
 */
export function ChatPage({ tenantId }: { tenantId: string }) {
  const { t } = useI18n();
  useChatStream(tenantId);
  const search = chatSearch(useSearch({ strict: false }));
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const routerNavigate = useNavigate();
  const go = (patch: ChatSearch) => {
    const next = { ...search, ...patch };
    void routerNavigate({ to: pathname, search: Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined && v !== 'open' && v !== '')) });
  };
  const inboxes = useQuery(chatInboxesQuery(tenantId));
  const admin = isChatAdmin();

  return (
    <>
      <div className="page-header">
        <h1>{t('chat.title')}</h1>
        {admin && <Link to={`/tenants/${encodeURIComponent(tenantId)}/chat/settings`}>{t('chat.settingsLink')}</Link>}
      </div>
      {inboxes.data?.length === 0 && (
        <div className="alert alert-info" data-testid="chat-no-inbox">
          <p>{t('chat.noInbox')}</p>
          {admin && (
            <p>
              <Link to={`/tenants/${encodeURIComponent(tenantId)}/chat/settings`}>{t('chat.noInboxAdmin')}</Link>
            </p>
          )}
        </div>
      )}
      <div className="chat" data-open={search.conversation ? 'true' : undefined}>
        <ConversationList tenantId={tenantId} search={search} pathname={pathname} go={go} inboxes={inboxes.data ?? []} />
        <section className="chat-thread card" aria-label={t('chat.title')}>
          {search.conversation ? (
            <ConversationView
              key={search.conversation}
              tenantId={tenantId}
              id={search.conversation}
              contactOpen={search.contact === '1'}
              setContactOpen={(open) => go({ contact: open ? '1' : undefined })}
              hrefOf={(conversation) => hrefOf(pathname, { ...search, conversation, status: 'all' })}
              onOpen={(conversation) => go({ conversation, status: 'all' })}
              onBack={() => {
                // Back in the list, the keyboard is on the conversation it left.
                const left = search.conversation;
                go({ conversation: undefined, contact: undefined });
                requestAnimationFrame(() => document.querySelector<HTMLElement>(`a.chat-item[data-id="${left}"]`)?.focus());
              }}
            />
          ) : (
            <p className="empty">{t('chat.pick')}</p>
          )}
        </section>
      </div>
    </>
  );
}

function ConversationList(props: { tenantId: string; search: ChatSearch; pathname: string; go(patch: ChatSearch): void; inboxes: Array<{ id: string; name: string }> }) {
  const { tenantId, search, pathname, go, inboxes } = props;
  const { t, locale } = useI18n();
  const status = search.status ?? 'open';
  const platform = isPlatformSession(loadSession());
  const me = useQuery({ ...meQuery(), enabled: !platform });
  const labels = useQuery(labelsQuery(tenantId));
  const members = useQuery(membersQuery(tenantId));
  const counts = useQuery(countsQuery(tenantId));
  // «Mine» is the person's own id in the key, so the live stream can tell which rows still belong.
  const assignee = search.assignee === 'me' ? me.data?.id : search.assignee;
  const filters: ConversationFilters = { status: status === 'all' ? undefined : status, inbox: search.inbox, assignee, label: search.label, q: search.q };
  const list = useInfiniteQuery({
    queryKey: [...keys.conversations(tenantId), filters],
    initialPageParam: '',
    enabled: search.assignee !== 'me' || assignee !== undefined,
    queryFn: ({ pageParam, signal }) =>
      data(
        api.GET('/api/v1/chat/conversations', {
          params: { query: { tenant_id: tenantId, status: filters.status, inbox_id: filters.inbox, assignee: filters.assignee, label: filters.label, q: filters.q, limit: PAGE, cursor: pageParam || undefined } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const [typed, setTyped] = useState(search.q ?? '');
  useEffect(() => setTyped(search.q ?? ''), [search.q]);
  const tally = (s: (typeof CONVERSATION_STATUSES)[number]) => {
    const c = search.inbox ? counts.data?.inboxes.find((i) => i.inbox_id === search.inbox)?.statuses[s] : counts.data?.statuses[s];
    return c ? (c.unread > 0 ? t('chat.countUnread', { n: c.conversations, unread: c.unread }) : t('chat.countOnly', { n: c.conversations })) : '';
  };
  const rows = list.data?.pages.flatMap((p) => p.items);
  const ref = useRef<HTMLUListElement>(null);

  /** Up and down move between the conversations; Home and End go to the first and the last. */
  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    const links = [...(ref.current?.querySelectorAll<HTMLAnchorElement>('a.chat-item') ?? [])];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    const to = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? links.length - 1 : null;
    if (to === null || at < 0) return;
    e.preventDefault();
    links[Math.max(0, Math.min(links.length - 1, to))]?.focus();
  }

  return (
    <section className="chat-list card" aria-labelledby="chat-list-title">
      <h2 id="chat-list-title" className="visually-hidden">
        {t('chat.list')}
      </h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('chat.filters')}>
        <div className="field">
          <label htmlFor="chat-status">{t('chat.statusLabel')}</label>
          <select id="chat-status" value={status} onChange={(e) => go({ status: [...CONVERSATION_STATUSES, 'all' as const].find((s) => s === e.target.value) })}>
            {CONVERSATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`chat.status.${s}`)}
                {tally(s) && ` (${tally(s)})`}
              </option>
            ))}
            <option value="all">{t('chat.status.all')}</option>
          </select>
        </div>
        {inboxes.length > 1 && (
          <div className="field">
            <label htmlFor="chat-inbox">{t('chat.inboxLabel')}</label>
            <select id="chat-inbox" value={search.inbox ?? ''} onChange={(e) => go({ inbox: e.target.value || undefined })}>
              <option value="">{t('chat.inboxAny')}</option>
              {inboxes.map((i) => {
                const open = counts.data?.inboxes.find((x) => x.inbox_id === i.id)?.statuses.open;
                return (
                  <option key={i.id} value={i.id}>
                    {i.name}
                    {open && ` (${open.unread > 0 ? t('chat.countUnread', { n: open.conversations, unread: open.unread }) : t('chat.countOnly', { n: open.conversations })})`}
                  </option>
                );
              })}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="chat-assignee">{t('chat.assigneeLabel')}</label>
          <select id="chat-assignee" value={search.assignee ?? ''} onChange={(e) => go({ assignee: e.target.value || undefined })}>
            <option value="">{t('chat.assigneeAny')}</option>
            {!platform && <option value="me">{t('chat.assigneeMe', { n: counts.data?.mine.conversations ?? 0 })}</option>}
            <option value="none">{t('chat.assigneeNone', { n: counts.data?.unassigned.conversations ?? 0 })}</option>
            {(members.data ?? [])
              .filter((m) => m.role !== 'viewer' && m.user_id !== me.data?.id)
              .map((m) => (
                <option key={m.user_id} value={m.user_id}>
                  {m.display_name ?? m.email}
                </option>
              ))}
          </select>
        </div>
        {(labels.data?.length ?? 0) > 0 && (
          <div className="field">
            <label htmlFor="chat-label">{t('chat.labelLabel')}</label>
            <select id="chat-label" value={search.label ?? ''} onChange={(e) => go({ label: e.target.value || undefined })}>
              <option value="">{t('chat.labelAny')}</option>
              {labels.data!.map((l) => (
                <option key={l.id} value={l.name}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
      <form
        role="search"
        className="chat-search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: typed.trim() || undefined });
        }}
      >
        <label htmlFor="chat-q" className="visually-hidden">
          {t('chat.search')}
        </label>
        <input id="chat-q" type="search" value={typed} maxLength={100} placeholder={t('chat.searchPlaceholder')} onChange={(e) => setTyped(e.target.value)} />
        <button type="submit" className="button secondary">
          {t('chat.searchButton')}
        </button>
      </form>
      {list.error !== null && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
      {!rows ? (
        list.error === null && <Loading label={t('chat.loading')} />
      ) : rows.length === 0 ? (
        <p className="empty" data-testid="chat-empty">
          {t('chat.empty')}
        </p>
      ) : (
        <>
          <p className="visually-hidden" role="status">
            {t('chat.count', { n: rows.length })}
          </p>
          <ul className="chat-items" ref={ref} onKeyDown={onKeyDown} data-testid="conversations">
            {rows.map((c) => {
              const href = hrefOf(pathname, { ...search, conversation: c.id });
              const when = c.last_message_at ?? c.created_at;
              return (
                <li key={c.id}>
                  <a
                    className="chat-item"
                    href={href}
                    data-testid="conversation"
                    data-id={c.id}
                    aria-current={search.conversation === c.id ? 'true' : undefined}
                    onClick={(e) => {
                      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                      e.preventDefault();
                      go({ conversation: c.id });
                    }}
                  >
                    <span className="chat-item-name">{contactName(t, c)}</span>
                    {c.unread_count > 0 && (
                      <span className="unread" data-testid="unread">
                        <span aria-hidden="true">{c.unread_count}</span>
                        <span className="visually-hidden">{t('chat.unread', { n: c.unread_count })}</span>
                      </span>
                    )}
                    <span className="chat-item-meta">
                      {c.contact.name && c.contact.phone && <span>{c.contact.phone}</span>}
                      <time dateTime={when}>{formatDateTime(when, locale)}</time>
                      {status === 'all' && <span>{t(`chat.state.${c.status}`)}</span>}
                    </span>
                    {c.labels.length > 0 && (
                      <span className="chat-item-labels">
                        {c.labels.map((l) => (
                          <span key={l.id} className="label-chip small" style={{ borderColor: l.color }}>
                            <span className="label-dot" style={{ background: l.color }} aria-hidden="true" />
                            {l.name}
                          </span>
                        ))}
                      </span>
                    )}
                  </a>
                </li>
              );
            })}
          </ul>
          {list.hasNextPage && (
            <button type="button" className="button secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {list.isFetchingNextPage ? t('chat.loading') : t('chat.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** Pending (a clock), sent ✓, delivered ✓✓, read ✓✓ in colour, failed (!): drawn, and said for screen readers. */
function Ticks({ status }: { status: ChatMessage['status'] }) {
  const { t } = useI18n();
  if (status === 'received') return null;
  const label = t(`chat.tick.${status}`);
  return (
    <span className={`ticks ticks-${status}`} data-testid="ticks" data-status={status} title={label}>
      {status === 'pending' ? (
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
          <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
      ) : (
        <span aria-hidden="true">{status === 'sent' ? '✓' : status === 'failed' ? '!' : '✓✓'}</span>
      )}
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

function MessageItem({ m, tenantId }: { m: ChatMessage; tenantId: string }) {
  const { t, locale } = useI18n();
  const kind = m.private ? 'note' : m.direction === 'incoming' ? 'in' : 'out';
  return (
    <li className={`msg msg-${kind}`} data-testid="message" data-id={m.id} data-kind={kind}>
      <span className="msg-from">{m.private ? t('chat.note') : t(`chat.from.${m.sender_type}`)}</span>
      <ChatAttachment tenantId={tenantId} m={m} />
      {(m.content || !isMediaMessage(m)) && <p className="msg-text">{m.content ?? <em>{t('chat.nonText', { type: m.content_type })}</em>}</p>}
      <span className="msg-meta">
        <time dateTime={m.sent_at}>{formatDateTime(m.sent_at, locale)}</time>
        {kind === 'out' && <Ticks status={m.status} />}
      </span>
      {m.status === 'failed' && (
        <p className="msg-error" data-testid="message-error">
          {failText(t, m.error_code)}
        </p>
      )}
    </li>
  );
}

function ConversationView(props: {
  tenantId: string;
  id: string;
  onBack(): void;
  contactOpen: boolean;
  setContactOpen(open: boolean): void;
  hrefOf(conversationId: string): string;
  onOpen(conversationId: string): void;
}) {
  const { tenantId, id, onBack, contactOpen, setContactOpen } = props;
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const platform = isPlatformSession(loadSession());
  const me = useQuery({ ...meQuery(), enabled: !platform });
  // The list's row draws the header at once; the conversation itself is read behind it.
  const row: Conversation | undefined = queryClient
    .getQueriesData<InfiniteData<ConversationPage>>({ queryKey: keys.conversations(tenantId) })
    .flatMap(([, d]) => d?.pages.flatMap((p) => p.items) ?? [])
    .find((c) => c.id === id);
  const conversation = useQuery({
    queryKey: keys.conversation(tenantId, id),
    queryFn: ({ signal }) => data(api.GET('/api/v1/chat/conversations/{conversation_id}', { params: { path: { conversation_id: id }, ...tenantParam(tenantId) }, signal })),
    placeholderData: row,
  });
  const messages = useInfiniteQuery({
    queryKey: keys.messages(tenantId, id),
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) =>
      data(api.GET('/api/v1/chat/conversations/{conversation_id}/messages', { params: { path: { conversation_id: id }, query: { tenant_id: tenantId, limit: 50, cursor: pageParam || undefined } }, signal })),
    getNextPageParam: (last: ChatMessagePage) => last.next_cursor ?? undefined,
  });
  const [notice, setNotice] = useState<{ text?: string; error?: unknown } | null>(null);
  const members = useQuery(membersQuery(tenantId));
  const names = useMemo(() => new Map((members.data ?? []).map((m) => [m.user_id, m.display_name ?? m.email])), [members.data]);

  // Opened and seen: its messages are read (again as new ones arrive while it stays open in view).
  const seen = useSyncExternalStore(onVisibility, visible, () => true);
  const unread = conversation.data?.unread_count ?? 0;
  const marking = useRef(false);
  useEffect(() => {
    if (platform || !seen || unread === 0 || marking.current) return;
    marking.current = true;
    void data(api.PATCH('/api/v1/chat/conversations/{conversation_id}', { params: { path: { conversation_id: id }, ...tenantParam(tenantId) }, body: { read: true } }))
      .then((c) => putConversation(queryClient, tenantId, c))
      .catch(() => undefined)
      .finally(() => {
        marking.current = false;
      });
  }, [platform, seen, unread, id, tenantId, queryClient]);

  // Newest at the bottom; the view follows new messages while it is scrolled to the end.
  const items = messages.data?.pages.flatMap((p) => p.items).slice().reverse() ?? [];
  const newest = items.at(-1)?.id;
  const box = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    const el = box.current;
    if (el && atEnd.current) el.scrollTop = el.scrollHeight;
  }, [newest]);

  const c = conversation.data;
  if (conversation.error !== null && !c) return <ErrorMessage error={conversation.error} onRetry={() => void conversation.refetch()} />;
  if (!c) return <Loading label={t('chat.loadingMessages')} />;
  const name = contactName(t, c);
  const windowClosed = c.channel === 'whatsapp' && (!c.last_incoming_at || Date.now() - Date.parse(c.last_incoming_at) > WINDOW_MS);

  return (
    <div
      className="chat-view"
      onKeyDown={(e) => {
        // Escape goes back to the list (not while a reply is being written: the draft would be lost).
        if (e.key !== 'Escape' || e.defaultPrevented || (e.target instanceof HTMLTextAreaElement && e.target.value !== '')) return;
        onBack();
      }}
    >
      <header className="chat-view-head">
        <button type="button" className="button link chat-back" onClick={onBack}>
          {t('chat.back')}
        </button>
        <div className="chat-view-title">
          <h2 id="chat-view-title" tabIndex={-1} data-testid="conversation-title">
            {name}
          </h2>
          <p className="muted small">
            {c.contact.name && c.contact.phone ? `${c.contact.phone} · ` : ''}
            <span className={`badge badge-chat-${c.status}`} data-testid="conversation-status">
              {t(`chat.state.${c.status}`)}
            </span>{' '}
            · <span data-testid="conversation-assignee">{assigneeText(t, c, me.data?.id, names)}</span>
            {c.snoozed_until && c.status === 'snoozed' && <> · {t('chat.snoozedUntil', { time: formatDateTime(c.snoozed_until, locale) })}</>}
            {c.csat_score !== null && <> · {t('chat.contact.csat', { n: c.csat_score })}</>}
          </p>
          <LabelsControl tenantId={tenantId} c={c} onNotice={setNotice} />
        </div>
        <div className="actions">
          <AssignControl tenantId={tenantId} c={c} meId={platform ? undefined : me.data?.id} onNotice={setNotice} />
          <StatusActions tenantId={tenantId} c={c} onNotice={setNotice} />
          <button type="button" className="button secondary" aria-expanded={contactOpen} aria-controls="chat-contact" onClick={() => setContactOpen(!contactOpen)} data-testid="contact-toggle">
            {t('chat.contact.open')}
          </button>
        </div>
      </header>
      {contactOpen && (
        <div id="chat-contact">
          <ContactPanel tenantId={tenantId} contactId={c.contact.id} current={c.id} onClose={() => setContactOpen(false)} hrefOf={props.hrefOf} onOpen={props.onOpen} />
        </div>
      )}
      {notice && (
        <p className={`alert ${notice.error === undefined ? 'alert-info' : 'alert-error'}`} role={notice.error === undefined ? 'status' : 'alert'} data-testid="chat-notice">
          {notice.error !== undefined ? errorText(t, notice.error) : notice.text}
        </p>
      )}
      <div
        className="chat-scroll"
        ref={box}
        tabIndex={0}
        role="region"
        aria-label={t('chat.messages', { name })}
        onScroll={(e) => {
          const el = e.currentTarget;
          atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
        }}
      >
        {messages.hasNextPage && (
          <button type="button" className="button link" disabled={messages.isFetchingNextPage} onClick={() => void messages.fetchNextPage()}>
            {t('chat.older')}
          </button>
        )}
        {messages.error !== null && <ErrorMessage error={messages.error} onRetry={() => void messages.refetch()} />}
        {!messages.data ? (
          messages.error === null && <Loading label={t('chat.loadingMessages')} />
        ) : items.length === 0 ? (
          <p className="muted">{t('chat.noMessages')}</p>
        ) : (
          <ol className="chat-messages" role="log" data-testid="messages">
            {items.map((m) => (
              <MessageItem key={m.id} m={m} tenantId={tenantId} />
            ))}
          </ol>
        )}
      </div>
      {windowClosed && <TemplatePicker tenantId={tenantId} conversationId={id} inboxId={c.inbox_id} />}
      <ReplyBox tenantId={tenantId} conversationId={id} windowClosed={windowClosed} />
      {!windowClosed && c.channel === 'whatsapp' && <ChatFileSend tenantId={tenantId} conversationId={id} />}
    </div>
  );
}

/** The reply: Enter sends, Shift+Enter starts a new line; «Nota privada» keeps it for the team. */
function ReplyBox({ tenantId, conversationId, windowClosed }: { tenantId: string; conversationId: string; windowClosed: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [note, setNote] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const matches = useCannedMatches(tenantId, text);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const menuOpen = matches.length > 0 && dismissed !== text;
  const at = Math.min(active, matches.length - 1);
  const pick = (content: string) => {
    setText(content);
    setActive(0);
    requestAnimationFrame(() => input.current?.setSelectionRange(content.length, content.length));
  };
  const send = useMutation({
    mutationFn: (body: { content: string; private: boolean }) =>
      data(api.POST('/api/v1/chat/conversations/{conversation_id}/messages', { params: { path: { conversation_id: conversationId }, ...tenantParam(tenantId) }, body })),
    onSuccess: (m) => {
      addMessage(queryClient, tenantId, conversationId, m);
      setText('');
      input.current?.focus();
    },
  });
  // Opening a conversation puts the keyboard in its reply box.
  useEffect(() => {
    input.current?.focus({ preventScroll: true });
  }, [conversationId]);
  const closed = windowClosed && !note;
  const submit = () => {
    const content = text.trim();
    if (!content || send.isPending || closed) return;
    send.mutate({ content, private: note });
  };

  return (
    <form
      className={`chat-reply${note ? ' is-note' : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      aria-label={note ? t('chat.note') : t('chat.reply')}
    >
      <label className="switch">
        <input type="checkbox" role="switch" checked={note} onChange={(e) => setNote(e.target.checked)} aria-describedby="chat-note-hint" />
        {t('chat.note')}
      </label>
      <p id="chat-note-hint" className="visually-hidden">
        {t('chat.noteHint')}
      </p>
      {closed ? (
        <p className="alert alert-info" data-testid="window-closed">
          {t('chat.windowClosed')}
        </p>
      ) : (
        <>
          <label htmlFor="chat-reply" className="visually-hidden">
            {note ? t('chat.note') : t('chat.reply')}
          </label>
          <div className="chat-reply-row">
            <textarea
              id="chat-reply"
              ref={input}
              rows={2}
              maxLength={4096}
              value={text}
              aria-describedby="chat-reply-hint"
              role="combobox"
              aria-autocomplete="list"
              aria-expanded={menuOpen}
              aria-controls={menuOpen ? 'chat-canned' : undefined}
              aria-activedescendant={menuOpen ? `chat-canned-${at}` : undefined}
              onChange={(e) => {
                setText(e.target.value);
                setActive(0);
              }}
              onKeyDown={(e) => {
                if (menuOpen && !e.nativeEvent.isComposing) {
                  // The canned replies offered for «/shortcut»: arrows choose, Enter or Tab inserts, Escape closes.
                  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                    e.preventDefault();
                    setActive((at + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
                    return;
                  }
                  if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
                    e.preventDefault();
                    pick(matches[at]!.content);
                    return;
                  }
                  if (e.key === 'Escape') {
                    e.preventDefault();
                    setDismissed(text);
                    return;
                  }
                }
                if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  submit();
                }
              }}
            />
            <button type="submit" className="button primary" disabled={send.isPending || text.trim() === ''}>
              {note ? t('chat.saveNote') : t('chat.send')}
            </button>
          </div>
          {menuOpen && <CannedMenu id="chat-canned" matches={matches} active={at} onPick={(c) => pick(c.content)} />}
          <p id="chat-reply-hint" className="hint">
            {note ? t('chat.noteHint') : t('chat.replyHint')} {t('chat.cannedHint')}
          </p>
        </>
      )}
      {send.error && (
        <p className="field-error" role="alert">
          {errorText(t, send.error)}
        </p>
      )}
    </form>
  );
}
