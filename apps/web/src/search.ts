import * as z from 'zod/mini';
import { CAPABILITY_NAME, CONVERSATION_STATUSES, MCP_OUTCOMES, MCP_TOOL_NAME, OUTBOX_STATUSES, PRODUCT_CODES, TENANT_STATUSES } from './api/models.ts';

/**
 * The search params a page keeps in the URL (so Back, a reload or a shared link restore them), validated with zod
 * when the router reads them: a value that does not fit is dropped, never an error page.
 */
const pick = <T>(schema: z.ZodMiniType<T>, value: unknown): T | undefined => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/** The router parses "123" as a number: a search text is text whatever it looks like. */
const text = (value: unknown): string | undefined => (typeof value === 'number' ? String(value) : pick(z.string().check(z.minLength(1), z.maxLength(200)), value));

export const TENANT_SORTS = ['-created_at', 'created_at', 'business_name', '-business_name'] as const;

export interface TenantsSearch {
  q?: string | undefined;
  status?: (typeof TENANT_STATUSES)[number] | undefined;
  product?: (typeof PRODUCT_CODES)[number] | undefined;
  /** The table's order (the server's sort values); newest first when absent. */
  sort?: (typeof TENANT_SORTS)[number] | undefined;
  /** The cursors of the pages after the first one, in order: the last one is the page shown. */
  cursors?: string[] | undefined;
}

/** A list's cursor stack (the pages after the first one, in order), or nothing for the first page. */
const cursorsOf = (value: unknown): string[] | undefined => {
  const cursors = pick(z.array(z.string().check(z.minLength(1), z.maxLength(500))).check(z.maxLength(400)), value);
  return cursors && cursors.length > 0 ? cursors : undefined;
};

export function tenantsSearch(raw: Record<string, unknown>): TenantsSearch {
  return {
    q: text(raw.q),
    status: pick(z.enum(TENANT_STATUSES), raw.status),
    product: pick(z.enum(PRODUCT_CODES), raw.product),
    sort: pick(z.enum(TENANT_SORTS), raw.sort),
    cursors: cursorsOf(raw.cursors),
  };
}

export interface OutboxSearch {
  /** The deliveries shown: dead (the default), pending or delivered. */
  status?: (typeof OUTBOX_STATUSES)[number] | undefined;
  /** Only this subscriber's deliveries (`identity.invitation_message`). */
  subscriber?: string | undefined;
  /** Only events of this topic (`tenant.created`). */
  topic?: string | undefined;
}

const SUBSCRIBER_NAME = z.string().check(z.regex(/^[a-z0-9_.:-]{1,100}$/));

export function outboxSearch(raw: Record<string, unknown>): OutboxSearch {
  return { status: pick(z.enum(OUTBOX_STATUSES), raw.status), subscriber: pick(SUBSCRIBER_NAME, raw.subscriber), topic: text(raw.topic) };
}

/** A time of a log's range as the datetime-local field holds it (Chile's wall clock). */
const wallClock = (value: unknown): string | undefined => pick(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/)), value);

export interface RequestLogSearch {
  capability?: string | undefined;
  outcome?: 'ok' | 'error' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** The older pages shown after the newest one (each page's cursor, in order). */
  cursors?: string[] | undefined;
}

export function requestLogSearch(raw: Record<string, unknown>): RequestLogSearch {
  return {
    capability: pick(z.string().check(z.maxLength(64), z.regex(CAPABILITY_NAME)), raw.capability),
    outcome: pick(z.enum(['ok', 'error']), raw.outcome),
    from: wallClock(raw.from),
    to: wallClock(raw.to),
    cursors: cursorsOf(raw.cursors),
  };
}

export interface McpAuditSearch {
  tool?: string | undefined;
  outcome?: (typeof MCP_OUTCOMES)[number] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursors?: string[] | undefined;
}

export function mcpAuditSearch(raw: Record<string, unknown>): McpAuditSearch {
  return {
    tool: pick(z.string().check(z.regex(MCP_TOOL_NAME)), raw.tool),
    outcome: pick(z.enum(MCP_OUTCOMES), raw.outcome),
    from: wallClock(raw.from),
    to: wallClock(raw.to),
    cursors: cursorsOf(raw.cursors),
  };
}

export interface RegistrySearch {
  /** Shows the providers and capabilities whose name (or URL, description, provider) holds this text. */
  q?: string | undefined;
}

export function registrySearch(raw: Record<string, unknown>): RegistrySearch {
  return { q: text(raw.q) };
}

export interface ChatSearch {
  /** The conversations listed: open when absent, one of the other statuses, or all of them. */
  status?: (typeof CONVERSATION_STATUSES)[number] | 'all' | undefined;
  /** Only this inbox's conversations. */
  inbox?: string | undefined;
  /** Whose conversations: mine, nobody's (none), or a member's user id. */
  assignee?: string | undefined;
  /** Only conversations with this label (its name). */
  label?: string | undefined;
  /** Searched in the contact's name, phone and e-mail and in the messages. */
  q?: string | undefined;
  /** The conversation open beside the list. */
  conversation?: string | undefined;
  /** The contact panel is open beside the conversation. */
  contact?: '1' | undefined;
}

const UUID = z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i));

export function chatSearch(raw: Record<string, unknown>): ChatSearch {
  return {
    status: pick(z.enum([...CONVERSATION_STATUSES, 'all']), raw.status),
    inbox: pick(UUID, raw.inbox),
    assignee: raw.assignee === 'me' || raw.assignee === 'none' ? raw.assignee : pick(UUID, raw.assignee),
    label: text(raw.label)?.slice(0, 50),
    q: text(raw.q)?.slice(0, 100),
    conversation: pick(UUID, raw.conversation),
    contact: raw.contact === '1' ? '1' : undefined,
  };
}
