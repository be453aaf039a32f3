import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Chatwoot's Platform and Application APIs as Chatwoot documents them, on loopback, with the `api_access_token` header:
 *
 * - `POST /platform/api/v1/accounts` (a platform app's token) → the account `{ id, name }`.
 * - `POST /api/v1/accounts/{account}/inboxes` `{ name, channel: { type: 'api', webhook_url } }` → the inbox.
 * - `POST /api/v1/accounts/{account}/webhooks` `{ url, subscriptions }` → `{ payload: { webhook: { id, url, subscriptions, secret } } }`.
 * - `POST /api/v1/accounts/{account}/contacts` `{ inbox_id, name, phone_number?, email?, identifier? }` →
 *   `{ payload: { contact: { id, …, contact_inboxes }, contact_inbox: { inbox, source_id } } }` (422 for a taken identifier).
 * - `POST /api/v1/accounts/{account}/conversations` `{ source_id, inbox_id, contact_id, status? }` → the conversation.
 * - `POST /api/v1/accounts/{account}/conversations/{id}/messages` `{ content, message_type, private, source_id }` → the message.
 * - `POST /api/v1/accounts/{account}/conversations/{id}/toggle_status` `{ status }` → `{ payload: { success, current_status, conversation_id } }`.
 *
 * An API inbox's messages also go to its webhook_url, signed with the inbox's own secret (Chatwoot 4.13+).
 * An unknown token is 401 `{ error: 'Invalid Access Token' }`, a user token on another account 401 too, an unknown
 * account or conversation 404. Every change Chatwoot would announce (a message posted, a status toggled) is queued in
 * `webhooks` as the signed request it would send (X-Chatwoot-Signature = sha256=HMAC-SHA256("{timestamp}.{body}") with the
 * webhook's secret, X-Chatwoot-Timestamp, X-Chatwoot-Delivery), for the test to deliver; `signed()` builds one for any
 * payload (a customer's message, a forged or stale one).
 */
export interface ChatwootMessage {
  id: number;
  conversation_id: number;
  content: string;
  message_type: 'incoming' | 'outgoing';
  private: boolean;
  source_id: string | null;
  created_at: number;
  sender: { id: number; name: string; type: 'contact' | 'user' | 'agent_bot'; phone_number?: string | null; email?: string | null };
}
export interface ChatwootConversation {
  id: number;
  account_id: number;
  inbox_id: number;
  status: 'open' | 'pending' | 'resolved' | 'snoozed';
  contact: { id: number; name: string; phone_number: string | null; email: string | null };
}
export interface SignedWebhook {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface ChatwootFake {
  url: string;
  /** Platform app tokens (may create accounts). */
  platformTokens: Set<string>;
  /** User or bot access tokens and the accounts they may act on. */
  userTokens: Map<string, Set<number>>;
  accounts: Map<number, { id: number; name: string }>;
  inboxes: Array<{ id: number; account_id: number; name: string; channel_type: string; webhook_url: string; secret: string }>;
  hooks: Array<{ id: number; account_id: number; url: string; subscriptions: string[]; secret: string }>;
  conversations: Map<number, ChatwootConversation>;
  contacts: Array<{ id: number; account_id: number; name: string; phone_number: string | null; email: string | null; identifier: string | null; source_id: string; inbox_id: number }>;
  messages: ChatwootMessage[];
  /** Every request, for asserting on headers and bodies. */
  requests: Array<{ method: string; path: string; token: string | undefined; body: unknown }>;
  /** Status codes to answer the next message posts with (429, 500, 404...), next first. */
  failNext: number[];
  /** The signed webhooks Chatwoot would have sent, oldest first (the test delivers them). */
  webhooks: SignedWebhook[];
  /** The clock the webhooks are stamped with (unix seconds): the server under test's. */
  now: () => number;
  /** Opens a conversation (as a customer writing to another Chatwoot inbox would) and returns it. */
  openConversation(accountId: number, opts: { status?: ChatwootConversation['status']; contact: { id: number; name: string; phone_number?: string; email?: string }; inbox_id?: number }): ChatwootConversation;
  /** A customer's message in a conversation: stored, and its message_created webhook queued. */
  customerWrites(conversationId: number, content: string): ChatwootMessage;
  /** An agent of Chatwoot answers: stored, and its message_created webhook queued. */
  agentWrites(conversationId: number, content: string): ChatwootMessage;
  /** The message_created payload Chatwoot sends for a message (the documented shape). */
  messagePayload(m: ChatwootMessage): Record<string, unknown>;
  /** A signed webhook request for a payload; override parts to forge one. */
  signed(accountId: number, payload: unknown, opts?: { delivery?: string; timestamp?: number; secret?: string; signature?: string | null }): SignedWebhook;
  close(): Promise<void>;
}

export async function startChatwoot(opts: { now?: () => number } = {}): Promise<ChatwootFake> {
  let nextId = 1;
  const id = () => nextId++;
  const fake: Omit<ChatwootFake, 'url' | 'close' | 'openConversation' | 'customerWrites' | 'agentWrites' | 'messagePayload' | 'signed'> = {
    platformTokens: new Set(),
    userTokens: new Map(),
    accounts: new Map(),
    inboxes: [],
    hooks: [],
    conversations: new Map(),
    contacts: [],
    messages: [],
    requests: [],
    failNext: [],
    webhooks: [],
    now: opts.now ?? (() => Math.floor(Date.now() / 1000)),
  };

  const conversationPayload = (c: ChatwootConversation) => ({
    id: c.id,
    account_id: c.account_id,
    inbox_id: c.inbox_id,
    status: c.status,
    channel: 'Channel::Api',
    can_reply: true,
    contact_inbox: { contact_id: c.contact.id, inbox_id: c.inbox_id, source_id: `src-${c.contact.id}` },
    meta: { sender: { id: c.contact.id, name: c.contact.name, phone_number: c.contact.phone_number, email: c.contact.email, type: 'contact' }, assignee: null },
    messages: [],
  });
  const messagePayload = (m: ChatwootMessage): Record<string, unknown> => {
    const c = fake.conversations.get(m.conversation_id)!;
    return {
      event: 'message_created',
      id: m.id,
      content: m.content,
      created_at: new Date(m.created_at * 1000).toISOString(),
      message_type: m.message_type,
      content_type: 'text',
      content_attributes: {},
      source_id: m.source_id,
      private: m.private,
      sender: m.sender,
      conversation: conversationPayload(c),
      account: { id: c.account_id, name: fake.accounts.get(c.account_id)?.name ?? '' },
      inbox: { id: c.inbox_id, name: 'Inbox' },
    };
  };
  const sign = (url: string, secret: string, payload: unknown, o: { delivery?: string; timestamp?: number; signature?: string | null } = {}): SignedWebhook => {
    const body = JSON.stringify(payload);
    const timestamp = String(o.timestamp ?? fake.now());
    const signature = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-chatwoot-timestamp': timestamp, 'x-chatwoot-delivery': o.delivery ?? randomUUID() };
    if (o.signature !== null) headers['x-chatwoot-signature'] = o.signature ?? signature;
    return { url, headers, body };
  };
  const signed = (accountId: number, payload: unknown, o: { delivery?: string; timestamp?: number; secret?: string; signature?: string | null } = {}): SignedWebhook => {
    const hook = fake.hooks.find((h) => h.account_id === accountId);
    if (!hook) throw new Error(`no webhook registered for account ${accountId}`);
    return sign(hook.url, o.secret ?? hook.secret, payload, o);
  };
  const announce = (accountId: number, payload: Record<string, unknown>) => {
    const hook = fake.hooks.find((h) => h.account_id === accountId);
    if (hook && hook.subscriptions.includes(String(payload.event))) fake.webhooks.push(signed(accountId, payload));
    // An API inbox also sends its own messages to its webhook_url, signed with the inbox's secret.
    const conversation = payload.event === 'message_created' ? fake.conversations.get(Number((payload.conversation as { id?: unknown } | undefined)?.id)) : undefined;
    const inbox = conversation ? fake.inboxes.find((i) => i.id === conversation.inbox_id && i.webhook_url !== '') : undefined;
    if (inbox) fake.webhooks.push(sign(inbox.webhook_url, inbox.secret, payload));
  };
  const addMessage = (conversationId: number, m: Omit<ChatwootMessage, 'id' | 'conversation_id' | 'created_at'>): ChatwootMessage => {
    const c = fake.conversations.get(conversationId);
    if (!c) throw new Error(`no conversation ${conversationId}`);
    const message: ChatwootMessage = { id: id(), conversation_id: conversationId, created_at: fake.now(), ...m };
    fake.messages.push(message);
    announce(c.account_id, messagePayload(message));
    return message;
  };

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const path = (req.url ?? '').split('?')[0]!;
    const token = typeof req.headers.api_access_token === 'string' ? req.headers.api_access_token : undefined;
    let body: Record<string, unknown>;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return answer(res, 400, { message: 'Invalid JSON' });
    }
    fake.requests.push({ method: req.method ?? '', path, token, body });
    if (req.method !== 'POST') return answer(res, 404, { error: 'Resource could not be found' });
    if (path === '/platform/api/v1/accounts') {
      if (!token || !fake.platformTokens.has(token)) return answer(res, 401, { error: 'Invalid Access Token' });
      if (typeof body.name !== 'string' || body.name === '') return answer(res, 422, { message: "Name can't be blank" });
      const account = { id: id(), name: body.name };
      fake.accounts.set(account.id, account);
      // A platform app may act on what it created.
      const mine = fake.userTokens.get(token) ?? new Set<number>();
      mine.add(account.id);
      fake.userTokens.set(token, mine);
      return answer(res, 200, account);
    }
    const m = /^\/api\/v1\/accounts\/(\d+)\/(.+)$/.exec(path);
    if (!m) return answer(res, 404, { error: 'Resource could not be found' });
    const accountId = Number(m[1]);
    const rest = m[2]!;
    if (!token || !fake.userTokens.has(token)) return answer(res, 401, { error: 'Invalid Access Token' });
    if (!fake.accounts.has(accountId)) return answer(res, 404, { error: 'Resource could not be found' });
    if (!fake.userTokens.get(token)!.has(accountId)) return answer(res, 401, { error: 'You are not authorized to access this account' });
    if (rest === 'inboxes') {
      const channel = body.channel as { type?: unknown; webhook_url?: unknown } | undefined;
      if (typeof body.name !== 'string' || channel?.type !== 'api') return answer(res, 422, { message: 'Channel type is invalid' });
      const inbox = { id: id(), account_id: accountId, name: body.name, channel_type: 'Channel::Api', webhook_url: String(channel.webhook_url ?? ''), secret: `inbox-secret-${randomUUID()}` };
      fake.inboxes.push(inbox);
      return answer(res, 200, inbox);
    }
    if (rest === 'webhooks') {
      if (typeof body.url !== 'string' || !Array.isArray(body.subscriptions)) return answer(res, 422, { message: 'Url is invalid' });
      const hook = { id: id(), account_id: accountId, url: body.url, subscriptions: body.subscriptions.map(String), secret: `whsec-${randomUUID()}` };
      fake.hooks.push(hook);
      return answer(res, 200, { payload: { webhook: hook } });
    }
    if (rest === 'contacts') {
      const inboxId = Number(body.inbox_id);
      if (!fake.inboxes.some((i) => i.id === inboxId && i.account_id === accountId)) return answer(res, 422, { message: 'Inbox is invalid' });
      if (typeof body.name !== 'string' || body.name === '') return answer(res, 422, { message: "Name can't be blank" });
      if (body.phone_number !== undefined && !/^\+[1-9]\d{6,14}$/.test(String(body.phone_number))) return answer(res, 422, { message: 'Phone number should be in e164 format' });
      const identifier = typeof body.identifier === 'string' ? body.identifier : null;
      if (identifier && fake.contacts.some((k) => k.account_id === accountId && k.identifier === identifier)) return answer(res, 422, { message: 'Identifier has already been taken' });
      const contact = { id: id(), account_id: accountId, name: body.name, phone_number: (body.phone_number as string | undefined) ?? null, email: (body.email as string | undefined) ?? null, identifier, source_id: randomUUID(), inbox_id: inboxId };
      fake.contacts.push(contact);
      const contactInbox = { source_id: contact.source_id, inbox: { id: inboxId, channel_type: 'Channel::Api' } };
      return answer(res, 200, { payload: { contact: { id: contact.id, name: contact.name, phone_number: contact.phone_number, email: contact.email, identifier, contact_inboxes: [contactInbox] }, contact_inbox: contactInbox } });
    }
    if (rest === 'conversations') {
      const contact = fake.contacts.find((k) => k.account_id === accountId && k.source_id === body.source_id && k.id === Number(body.contact_id) && k.inbox_id === Number(body.inbox_id));
      if (!contact) return answer(res, 404, { error: 'Resource could not be found' });
      const status = (['open', 'pending', 'resolved', 'snoozed'].includes(String(body.status)) ? body.status : 'open') as ChatwootConversation['status'];
      const conversation: ChatwootConversation = { id: id(), account_id: accountId, inbox_id: contact.inbox_id, status, contact: { id: contact.id, name: contact.name, phone_number: contact.phone_number, email: contact.email } };
      fake.conversations.set(conversation.id, conversation);
      announce(accountId, { event: 'conversation_created', ...conversationPayload(conversation), account: { id: accountId } });
      return answer(res, 200, { id: conversation.id, account_id: accountId, inbox_id: conversation.inbox_id, status, contact_inbox: { source_id: contact.source_id } });
    }
    const c = /^conversations\/(\d+)\/(messages|toggle_status)$/.exec(rest);
    const conversation = c ? fake.conversations.get(Number(c[1])) : undefined;
    if (!c || !conversation || conversation.account_id !== accountId) return answer(res, 404, { error: 'Resource could not be found' });
    if (c[2] === 'toggle_status') {
      const status = body.status as ChatwootConversation['status'];
      if (!['open', 'pending', 'resolved', 'snoozed'].includes(status)) return answer(res, 422, { message: 'Status is invalid' });
      conversation.status = status;
      announce(accountId, { event: 'conversation_status_changed', ...conversationPayload(conversation), account: { id: accountId } });
      return answer(res, 200, { meta: {}, payload: { success: true, current_status: status, conversation_id: conversation.id } });
    }
    const code = fake.failNext.shift();
    if (code !== undefined) return answer(res, code, { error: code === 429 ? 'Too many requests' : 'Something went wrong' });
    if (typeof body.content !== 'string' || body.content === '') return answer(res, 422, { message: "Content can't be blank" });
    const message = addMessage(conversation.id, {
      content: body.content,
      message_type: body.message_type === 'incoming' ? 'incoming' : 'outgoing',
      private: body.private === true,
      source_id: typeof body.source_id === 'string' ? body.source_id : null,
      sender: body.message_type === 'incoming' ? { id: conversation.contact.id, name: conversation.contact.name, type: 'contact' } : { id: 900, name: 'SmarterOS', type: 'user' },
    });
    return answer(res, 200, { id: message.id, content: message.content, message_type: message.message_type === 'incoming' ? 0 : 1, private: message.private, source_id: message.source_id, conversation_id: conversation.id, created_at: message.created_at });
  };

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    req.on('end', () => handle(req, res, raw));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    openConversation(accountId: number, o: { status?: ChatwootConversation['status']; contact: { id: number; name: string; phone_number?: string; email?: string }; inbox_id?: number }) {
      const conversation: ChatwootConversation = { id: id(), account_id: accountId, inbox_id: o.inbox_id ?? 1, status: o.status ?? 'pending', contact: { id: o.contact.id, name: o.contact.name, phone_number: o.contact.phone_number ?? null, email: o.contact.email ?? null } };
      fake.conversations.set(conversation.id, conversation);
      announce(accountId, { event: 'conversation_created', ...conversationPayload(conversation), account: { id: accountId } });
      return conversation;
    },
    customerWrites(conversationId: number, content: string) {
      const c = fake.conversations.get(conversationId)!;
      return addMessage(conversationId, { content, message_type: 'incoming', private: false, source_id: null, sender: { id: c.contact.id, name: c.contact.name, type: 'contact', phone_number: c.contact.phone_number, email: c.contact.email } });
    },
    agentWrites(conversationId: number, content: string) {
      return addMessage(conversationId, { content, message_type: 'outgoing', private: false, source_id: null, sender: { id: 7, name: 'Agente Chatwoot', type: 'user' } });
    },
    messagePayload,
    signed,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
