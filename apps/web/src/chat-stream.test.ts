import { QueryClient, type InfiniteData } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatMessagePage, Conversation, ConversationPage } from './api/models.ts';
import { addMessage, applyChatEvent, backoff, sseParser, type SseBlock } from './chat-stream.ts';
import { keys } from './queries.ts';

const T = 'tenant-1';
const conversation = (id: string, patch: Partial<Conversation> = {}): Conversation => ({
  id,
  inbox_id: 'inbox-1',
  channel: 'whatsapp',
  status: 'open',
  handled_by: 'human',
  assignee_id: null,
  contact: { id: `contact-${id}`, name: null, phone: '+56911112222' },
  labels: [],
  priority: 'normal',
  snoozed_until: null,
  first_response_at: null,
  resolved_at: null,
  csat_score: null,
  unread_count: 0,
  last_message_at: '2026-03-02T10:00:00.000Z',
  last_incoming_at: '2026-03-02T10:00:00.000Z',
  created_at: '2026-03-02T09:00:00.000Z',
  ...patch,
});
const message = (id: string, patch: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  external_id: null,
  direction: 'incoming',
  sender_type: 'contact',
  content_type: 'text',
  content: `mensaje ${id}`,
  payload: {},
  status: 'received',
  error_code: null,
  private: false,
  sent_at: '2026-03-02T12:00:00.000Z',
  ...patch,
});
const pages = <P>(...p: P[]): InfiniteData<P, string> => ({ pages: p, pageParams: p.map((_, i) => (i === 0 ? '' : `c${i}`)) });

function cache() {
  const qc = new QueryClient();
  qc.setQueryData(['chat', T, 'conversations', { status: 'open' }], pages<ConversationPage>({ items: [conversation('a'), conversation('b')], next_cursor: null }));
  qc.setQueryData(['chat', T, 'conversations', { status: 'resolved' }], pages<ConversationPage>({ items: [], next_cursor: null }));
  qc.setQueryData(keys.messages(T, 'b'), pages<ChatMessagePage>({ items: [message('2'), message('1')], next_cursor: null }));
  return qc;
}
const list = (qc: QueryClient, status: string) => qc.getQueryData<InfiniteData<ConversationPage>>(['chat', T, 'conversations', { status }])!.pages.flatMap((p) => p.items);
const thread = (qc: QueryClient, id: string) => qc.getQueryData<InfiniteData<ChatMessagePage>>(keys.messages(T, id))!.pages.flatMap((p) => p.items);

describe('the SSE parser', () => {
  it('splits blocks however the bytes arrive, skips comments, joins data lines and keeps the last id', () => {
    const blocks: SseBlock[] = [];
    const push = sseParser((b) => blocks.push(b));
    const text = ': smarteros chat\n\nid: 7\nevent: message.created\ndata: {"a":\ndata: 1}\n\n: ping\n\r\nevent: reset\r\ndata: {}\r\n\r\n';
    for (const piece of text.match(/[\s\S]{1,3}/g)!) push(piece);
    expect(blocks).toEqual([
      { id: '7', event: 'message.created', data: '{"a":\n1}' },
      { id: '7', event: 'reset', data: '{}' },
    ]);
  });
});

describe('live events in the cache', () => {
  it('a new incoming message appears in its conversation and moves it to the top with one more unread', () => {
    const qc = cache();
    applyChatEvent(qc, T, { kind: 'message.created', conversation_id: 'b', data: { message: message('3', { sent_at: '2026-03-02T12:05:00.000Z' }) } });
    expect(thread(qc, 'b').map((m) => m.id)).toEqual(['3', '2', '1']);
    expect(list(qc, 'open').map((c) => [c.id, c.unread_count, c.last_incoming_at])).toEqual([
      ['b', 1, '2026-03-02T12:05:00.000Z'],
      ['a', 0, '2026-03-02T10:00:00.000Z'],
    ]);
    // The same event again (a replay after a reconnection) changes nothing in the thread.
    applyChatEvent(qc, T, { kind: 'message.created', conversation_id: 'b', data: { message: message('3') } });
    expect(thread(qc, 'b').map((m) => m.id)).toEqual(['3', '2', '1']);
  });

  it('ticks move forward in place, never back', () => {
    const qc = cache();
    addMessage(qc, T, 'b', message('9', { direction: 'outgoing', sender_type: 'agent', status: 'pending' }));
    applyChatEvent(qc, T, { kind: 'message.updated', conversation_id: 'b', data: { message_id: '9', status: 'read', error_code: null } });
    applyChatEvent(qc, T, { kind: 'message.updated', conversation_id: 'b', data: { message_id: '9', status: 'sent', error_code: null } });
    // The POST's answer (pending) arriving after the stream said read keeps read.
    addMessage(qc, T, 'b', message('9', { direction: 'outgoing', sender_type: 'agent', status: 'pending' }));
    expect(thread(qc, 'b')[0]).toMatchObject({ id: '9', status: 'read' });
  });

  it('a conversation resolved leaves the open list; a list that should now hold it is read again', () => {
    const qc = cache();
    applyChatEvent(qc, T, { kind: 'conversation.updated', conversation_id: 'a', data: { conversation: conversation('a', { status: 'resolved' }) } });
    expect(list(qc, 'open').map((c) => c.id)).toEqual(['b']);
    expect(qc.getQueryState(['chat', T, 'conversations', { status: 'resolved' }])?.isInvalidated).toBe(true);
    expect(qc.getQueryData<Conversation>(keys.conversation(T, 'a'))?.status).toBe('resolved');
  });

  it('a label taken off or an assignee changed drops the conversation from the lists filtered by them; a search list keeps it', () => {
    const qc = new QueryClient();
    const urgent = { id: 'l1', name: 'Urgente', color: '#dc2626' };
    const a = conversation('a', { labels: [urgent], assignee_id: 'u1' });
    const seed = (filters: Record<string, string>) => qc.setQueryData(['chat', T, 'conversations', filters], pages<ConversationPage>({ items: [a], next_cursor: null }));
    const rows = (filters: Record<string, string>) => qc.getQueryData<InfiniteData<ConversationPage>>(['chat', T, 'conversations', filters])!.pages.flatMap((p) => p.items.map((c) => c.id));
    for (const f of [{ label: 'urgente' }, { assignee: 'u1' }, { q: 'rosa' }] as Array<Record<string, string>>) seed(f);
    applyChatEvent(qc, T, { kind: 'conversation.updated', conversation_id: 'a', data: { conversation: { ...a, labels: [] } } });
    expect([rows({ label: 'urgente' }), rows({ assignee: 'u1' }), rows({ q: 'rosa' })]).toEqual([[], ['a'], ['a']]);
    applyChatEvent(qc, T, { kind: 'conversation.updated', conversation_id: 'a', data: { conversation: { ...a, labels: [], assignee_id: null } } });
    expect(rows({ assignee: 'u1' })).toEqual([]);
    // The counts are read again after each change.
    qc.setQueryData(keys.chatCounts(T), { statuses: {} });
    applyChatEvent(qc, T, { kind: 'conversation.updated', conversation_id: 'a', data: { conversation: a } });
    expect(qc.getQueryState(keys.chatCounts(T))?.isInvalidated).toBe(true);
  });

  it('a message of a conversation no list holds reads the lists again', () => {
    const qc = cache();
    applyChatEvent(qc, T, { kind: 'message.created', conversation_id: 'new', data: { message: message('5') } });
    expect(qc.getQueryState(['chat', T, 'conversations', { status: 'open' }])?.isInvalidated).toBe(true);
  });

  it('reconnects after 1 s doubling to 30 s', () => {
    expect([0, 1, 2, 10].map((n) => backoff(n, () => 0.5))).toEqual([1000, 2000, 4000, 30_000]);
  });
});

describe('following the stream', () => {
  it('reconnects after a drop with Last-Event-ID, and stops for good on 403', async () => {
    const { followChat } = await import('./chat-stream.ts');
    const asked: Array<string | null> = [];
    const body = (text: string) => new Response(new Blob([text]).stream(), { status: 200, headers: { 'content-type': 'text/event-stream' } });
    const answers = [
      () => body(': smarteros chat\n\nid: 41\nevent: message.updated\ndata: {"kind":"message.updated","conversation_id":"b","data":{"message_id":"9","status":"sent","error_code":null}}\n\n'),
      () => body('event: reset\ndata: {}\n\n'),
      () => new Response('{}', { status: 403 }),
    ];
    const real = globalThis.fetch;
    globalThis.fetch = ((_url: string, init: RequestInit) => {
      asked.push(new Headers(init.headers).get('last-event-id'));
      return Promise.resolve(answers.shift()!());
    }) as typeof fetch;
    const seen: string[] = [];
    const opens: boolean[] = [];
    try {
      await followChat(T, new AbortController().signal, { onEvent: (e) => seen.push(e.kind), onReset: () => seen.push('reset'), onOpen: (resumed) => opens.push(resumed) });
    } finally {
      globalThis.fetch = real;
    }
    expect(asked).toEqual([null, '41', '41']);
    expect(seen).toEqual(['message.updated', 'reset']);
    expect(opens).toEqual([false, true]);
  }, 15_000);
});
