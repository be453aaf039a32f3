/**
 * The inbox's live updates: one stream per open inbox page (`GET /api/v1/chat/stream`, Server-Sent Events read with
 * fetch so the bearer travels in a header), its events written into the query cache where the pages read them. Nothing
 * polls. After a drop the stream comes back with backoff and `Last-Event-ID`, so what was missed arrives first; a
 * `reset` (too much missed) reloads the tenant's chat entries. It keeps running while the tab is hidden: an agent
 * leaves the inbox in a background tab and still wants its title and lists right when coming back.
 */
import { useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { sessionFetch } from './api.ts';
import type { ChatMessage, ChatMessagePage, Conversation, ConversationPage, ConversationStatus } from './api/models.ts';
import { keys } from './queries.ts';

/** One block of the stream, as the SSE format defines it: its id, its event name and its data lines joined. */
export interface SseBlock {
  id: string | null;
  event: string;
  data: string;
}

/**
 * Splits a text stream into SSE blocks as it arrives in pieces: lines end with LF, CRLF or CR; a blank line ends a
 * block; lines starting with `:` are comments (the server's pings); `field: value` or `field:value`.
 */
export function sseParser(onBlock: (block: SseBlock) => void): (chunk: string) => void {
  let buffer = '';
  let id: string | null = null;
  let event = '';
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    // A CR at the very end may be the first half of a CRLF: it waits for the next piece.
    const held = buffer.endsWith('\r') ? '\r' : '';
    const lines = (held ? buffer.slice(0, -1) : buffer).split(/\r\n|\r|\n/);
    // The last piece has no line end yet.
    buffer = (lines.pop() ?? '') + held;
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0 || event) onBlock({ id, event: event || 'message', data: data.join('\n') });
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
  };
}

/** What the server sends for each change (`data:` of an event, with `kind` the event's name). */
export type ChatEvent =
  | { kind: 'message.created'; conversation_id: string; data: { message: ChatMessage } }
  | { kind: 'message.updated'; conversation_id: string; data: { message_id: string; status: ChatMessage['status']; error_code: string | null; payload?: ChatMessage['payload'] } }
  | { kind: 'conversation.updated'; conversation_id: string; data: { conversation: Conversation } };

/** The filters a conversation list was read with: the last part of its key. */
export interface ConversationFilters {
  status?: ConversationStatus | undefined;
  inbox?: string | undefined;
  /** A member's user id (the page puts the person's own id for «mine»), or `none`. */
  assignee?: string | undefined;
  /** A label's name (any case). */
  label?: string | undefined;
  /** A search: only the server knows what matches, so a list read with one keeps what it has. */
  q?: string | undefined;
}

type Lists = InfiniteData<ConversationPage, string>;
type Messages = InfiniteData<ChatMessagePage, string>;

/** An outgoing message's ticks only move forward (a late «sent» never undoes «read»; a failure is final). */
const RANK: Record<ChatMessage['status'], number> = { received: 0, pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 };
const later = (a: ChatMessage['status'], b: ChatMessage['status']) => (RANK[b] >= RANK[a] ? b : a);

const fits = (c: Conversation, f: ConversationFilters) =>
  (!f.status || c.status === f.status) &&
  (!f.inbox || c.inbox_id === f.inbox) &&
  (!f.assignee || (f.assignee === 'none' ? c.assignee_id === null : c.assignee_id === f.assignee)) &&
  (!f.label || c.labels.some((l) => l.name.toLowerCase() === f.label!.toLowerCase()));

/** Puts a message into a conversation's cached pages (newest first): new at the top, a known one merged forward. */
export function addMessage(queryClient: QueryClient, tenantId: string, conversationId: string, message: ChatMessage): void {
  queryClient.setQueryData<Messages>(keys.messages(tenantId, conversationId), (old) => {
    if (!old) return old;
    let known = false;
    const pages = old.pages.map((p) => ({
      ...p,
      items: p.items.map((m) => {
        if (m.id !== message.id) return m;
        known = true;
        return { ...message, status: later(m.status, message.status), error_code: message.error_code ?? m.error_code };
      }),
    }));
    if (!known && pages[0]) pages[0] = { ...pages[0], items: [message, ...pages[0].items] };
    return { ...old, pages };
  });
}

/** A conversation as it now is, in its own entry and in every list: kept where its filters still hold, else dropped. */
export function putConversation(queryClient: QueryClient, tenantId: string, conversation: Conversation, options: { toTop?: boolean } = {}): void {
  queryClient.setQueryData(keys.conversation(tenantId, conversation.id), conversation);
  for (const [key, list] of queryClient.getQueriesData<Lists>({ queryKey: keys.conversations(tenantId) })) {
    if (!list) continue;
    const filters = (key[3] ?? {}) as ConversationFilters;
    const present = list.pages.some((p) => p.items.some((c) => c.id === conversation.id));
    if (!present) {
      // A conversation this list did not hold now belongs in it (new, reopened, moved inbox): read the list again.
      if (fits(conversation, filters)) void queryClient.invalidateQueries({ queryKey: key, exact: true });
      continue;
    }
    const keep = fits(conversation, filters);
    let pages = list.pages.map((p) => ({ ...p, items: p.items.flatMap((c) => (c.id !== conversation.id ? [c] : keep && !options.toTop ? [conversation] : [])) }));
    if (keep && options.toTop && pages[0]) pages = [{ ...pages[0], items: [conversation, ...pages[0].items] }, ...pages.slice(1)];
    queryClient.setQueryData<Lists>(key, { ...list, pages });
  }
}

/** The conversation as the cache knows it (its own entry, or a list's row). */
function knownConversation(queryClient: QueryClient, tenantId: string, id: string): Conversation | undefined {
  const own = queryClient.getQueryData<Conversation>(keys.conversation(tenantId, id));
  if (own) return own;
  for (const [, list] of queryClient.getQueriesData<Lists>({ queryKey: keys.conversations(tenantId) })) {
    const row = list?.pages.flatMap((p) => p.items).find((c) => c.id === id);
    if (row) return row;
  }
  return undefined;
}

/** Applies one live event to the cache: messages appear and their ticks move in place; conversations move and count. */
export function applyChatEvent(queryClient: QueryClient, tenantId: string, event: ChatEvent): void {
  // The sidebar's counts follow what changes a status, an assignee or what is unread (read again, not guessed).
  if (event.kind === 'conversation.updated' || (event.kind === 'message.created' && event.data.message.direction === 'incoming')) void queryClient.invalidateQueries({ queryKey: keys.chatCounts(tenantId) });
  if (event.kind === 'conversation.updated') {
    putConversation(queryClient, tenantId, event.data.conversation);
    return;
  }
  if (event.kind === 'message.updated') {
    // A payload comes with a customer's file once it is downloaded (payload.attachment).
    const { message_id, status, error_code, payload } = event.data;
    queryClient.setQueryData<Messages>(keys.messages(tenantId, event.conversation_id), (old) =>
      old && { ...old, pages: old.pages.map((p) => ({ ...p, items: p.items.map((m) => (m.id === message_id ? { ...m, status: later(m.status, status), error_code: error_code ?? m.error_code, payload: payload ?? m.payload } : m)) })) },
    );
    return;
  }
  const { message } = event.data;
  addMessage(queryClient, tenantId, event.conversation_id, message);
  if (message.private) return;
  const known = knownConversation(queryClient, tenantId, event.conversation_id);
  if (!known) {
    // A conversation no entry holds yet (its first message): the lists read it from the server.
    void queryClient.invalidateQueries({ queryKey: keys.conversations(tenantId) });
    return;
  }
  const latest = (a: string | null, b: string) => (a && a > b ? a : b);
  const incoming = message.direction === 'incoming';
  putConversation(
    queryClient,
    tenantId,
    {
      ...known,
      last_message_at: latest(known.last_message_at, message.sent_at),
      ...(incoming ? { last_incoming_at: latest(known.last_incoming_at, message.sent_at), unread_count: known.unread_count + 1 } : { unread_count: 0 }),
    },
    { toTop: true },
  );
}

/** How long to wait before the n-th reconnection (0-based): 1 s doubling to 30 s, with some jitter so tabs spread out. */
export const backoff = (attempt: number, random = Math.random): number => Math.min(30_000, 1000 * 2 ** attempt) * (0.75 + random() * 0.5);

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Follows the tenant's stream until `signal` aborts: reconnects after a drop (backoff, then `Last-Event-ID`), and stops
 * for good on 401/403 (the session ended, or this person may not read the inbox). `onOpen(resumed)` says whether the
 * new connection picks up after a known event; without one, what happened meanwhile is not replayed.
 */
export async function followChat(tenantId: string, signal: AbortSignal, handlers: { onEvent(e: ChatEvent): void; onReset(): void; onOpen(resumed: boolean): void }): Promise<void> {
  let lastId: string | null = null;
  let attempt = 0;
  while (!signal.aborted) {
    try {
      const headers = new Headers({ accept: 'text/event-stream' });
      if (lastId) headers.set('last-event-id', lastId);
      const res = await sessionFetch(`/api/v1/chat/stream?tenant_id=${encodeURIComponent(tenantId)}`, {
        headers,
        signal,
        cache: 'no-store',
      });
      if (res.status === 401 || res.status === 403) return;
      if (res.ok && res.body) {
        attempt = 0;
        handlers.onOpen(lastId !== null);
        const push = sseParser((block) => {
          if (block.id) lastId = block.id;
          if (block.event === 'reset') return handlers.onReset();
          if (block.event === 'message.created' || block.event === 'message.updated' || block.event === 'conversation.updated') {
            try {
              handlers.onEvent(JSON.parse(block.data) as ChatEvent);
            } catch {
              // A block that is not JSON: skipped (the next reload shows the truth).
            }
          }
        });
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          push(value);
        }
      }
    } catch {
      // Dropped (network, server restart) or aborted: the loop decides.
    }
    if (signal.aborted) return;
    await sleep(backoff(attempt), signal);
    attempt += 1;
  }
}

/**
 * Keeps the tenant's chat entries live while the calling page is mounted: one stream, closed on unmount. A
 * connection that cannot resume (the first one, or one after a drop before any event) reloads what was read before it
 * opened, so nothing committed in between is missed.
 */
export function useChatStream(tenantId: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const controller = new AbortController();
    void followChat(tenantId, controller.signal, {
      onEvent: (e) => applyChatEvent(queryClient, tenantId, e),
      onReset: () => void queryClient.invalidateQueries({ queryKey: keys.chat(tenantId) }),
      onOpen: (resumed) => {
        if (resumed) return;
        const opened = Date.now();
        void queryClient.invalidateQueries({ queryKey: keys.chat(tenantId), predicate: (q) => q.state.dataUpdatedAt > 0 && q.state.dataUpdatedAt < opened });
      },
    });
    return () => controller.abort();
  }, [tenantId, queryClient]);
}
