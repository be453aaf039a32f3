import { AppError, type Clock, type Database, type EgressGuard } from '@smarteros/kernel';
import type { Vault } from '../registry/index.ts';
import type { MessageOutput } from './chat.schema.ts';
import type { TemplateOutput } from './whatsapp.schema.ts';
import { messageOut, openInboxSecrets, queueOutgoing } from './chat.service.ts';

/**
 * WhatsApp message templates: the approved ones of the inbox's WhatsApp Business Account (`GET /{waba_id}/message_templates`
 * on the Graph API, through the egress guard, paged by `paging.cursors.after`), kept for a short time per inbox; and a
 * template sent to a conversation — the one kind of message WhatsApp accepts outside the 24-hour window.
 * https://developers.facebook.com/docs/graph-api/reference/whatsapp-business-account/message_templates
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a template send carries in its message's payload (the sender builds Graph's `template` object from it). */
export interface TemplatePayload {
  name: string;
  language: string;
  parameters: string[];
  /** The body's placeholder names when the template uses named parameters (`{{first_name}}`); null for {{1}}, {{2}}… */
  parameter_names: string[] | null;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The distinct placeholders of a text, in order of first appearance ({{1}}, {{2}}… or named ones). */
export function placeholdersOf(text: string | null): string[] {
  if (!text) return [];
  const seen: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (!seen.includes(m[1]!)) seen.push(m[1]!);
  return seen;
}

/** The text with each placeholder replaced by its parameter (positional: {{1}} is the first; named: in the order given). */
export function renderTemplate(text: string, names: string[], parameters: string[]): string {
  const positional = names.every((n) => /^\d+$/.test(n));
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const i = positional ? Number(name) - 1 : names.indexOf(name);
    return parameters[i] ?? whole;
  });
}

/** One template from Graph's listing, in the API's shape: its body's placeholders counted, sendable or not. */
export function templateOf(raw: unknown): TemplateOutput | null {
  if (!isObj(raw) || typeof raw.name !== 'string' || typeof raw.language !== 'string') return null;
  const components = Array.isArray(raw.components) ? raw.components.filter(isObj) : [];
  const part = (type: string) => components.find((c) => String(c.type).toUpperCase() === type);
  const text = (c: Obj | undefined) => (c && typeof c.text === 'string' ? c.text : null);
  const header = part('HEADER');
  const body = text(part('BODY'));
  const names = placeholdersOf(body);
  // Only the body's parameters are filled in: a header with a variable or media, or buttons with variables, need more.
  const headerNeeds = header !== undefined && (String(header.format ?? 'TEXT').toUpperCase() !== 'TEXT' || placeholdersOf(text(header)).length > 0);
  const buttonsNeed = components.some((c) => String(c.type).toUpperCase() === 'BUTTONS' && JSON.stringify(c.buttons ?? []).includes('{{'));
  const positional = names.every((n) => /^\d+$/.test(n));
  return {
    name: raw.name,
    language: raw.language,
    status: typeof raw.status === 'string' ? raw.status : 'UNKNOWN',
    category: typeof raw.category === 'string' ? raw.category : null,
    header: header && !headerNeeds ? text(header) : null,
    body,
    footer: text(part('FOOTER')),
    parameter_count: positional ? names.reduce((max, n) => Math.max(max, Number(n)), 0) : names.length,
    parameter_names: positional ? null : names,
    sendable: !headerNeeds && !buttonsNeed && body !== null,
    components,
  };
}

export interface TemplateDeps {
  db: Database;
  clock: Clock;
  vault: Vault;
  egress: EgressGuard;
  /** The Graph API's base URL, with its version (SMARTEROS_WHATSAPP_API_URL). */
  apiUrl: string;
  timeoutMs?: number;
  /** How long an inbox's listing is reused (default 60 s): a template approved since shows up after it. */
  cacheMs?: number;
  /** After a template message was queued (the live screens and the relay wake up). */
  onQueued?: (tenantId: string) => void;
}

const MAX_PAGES = 20;

export function createWhatsAppTemplates(deps: TemplateDeps) {
  const { db, clock, vault, egress } = deps;
  const ttl = deps.cacheMs ?? 60_000;
  const timeoutMs = deps.timeoutMs ?? 15_000;
  const cache = new Map<string, { at: number; items: TemplateOutput[] }>();

  /** The inbox's account and token, in the tenant's transaction. */
  async function accountOf(tenantId: string, inboxId: string): Promise<{ wabaId: string; token: string }> {
    return db.withTenant(tenantId, async (tx) => {
      const inbox = await tx.selectFrom('chat_inboxes').select(['channel', 'config']).where('tenant_id', '=', tenantId).where('id', '=', inboxId).executeTakeFirst();
      if (!inbox) throw new AppError('not_found', 'Inbox not found');
      if (inbox.channel !== 'whatsapp') throw new AppError('validation_failed', 'inbox_id: templates are a WhatsApp feature', { issues: [{ path: 'inbox_id', message: 'not a WhatsApp inbox' }] });
      const wabaId = isObj(inbox.config) && typeof inbox.config.waba_id === 'string' ? inbox.config.waba_id : null;
      if (!wabaId) throw new AppError('whatsapp_waba_missing', 'The inbox has no waba_id (the WhatsApp Business Account id): connect the number again with config.waba_id to list its templates');
      const token = (await openInboxSecrets(vault, tx, tenantId, inboxId)).access_token;
      if (!token) throw new AppError('whatsapp_reconnect', 'The inbox has no access token: connect the number again');
      return { wabaId, token };
    });
  }

  async function fetchAll(wabaId: string, token: string): Promise<TemplateOutput[]> {
    const out: TemplateOutput[] = [];
    let after: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = new URL(`${deps.apiUrl}/${wabaId}/message_templates`);
      url.searchParams.set('fields', 'name,language,status,category,components,parameter_format');
      url.searchParams.set('limit', '100');
      if (after) url.searchParams.set('after', after);
      let res: Response;
      try {
        res = await egress.fetch(url, { headers: { authorization: `Bearer ${token}` }, maxRedirects: 0, signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw new AppError('upstream_error', `WhatsApp did not answer: ${(err as Error).message}`);
      }
      const body = (await res.json().catch(() => ({}))) as { data?: unknown[]; paging?: { cursors?: { after?: string }; next?: string }; error?: { code?: number; message?: string } };
      if (!res.ok) {
        const code = body.error?.code;
        if (code === 190 || code === 10 || code === 200) throw new AppError('whatsapp_reconnect', 'WhatsApp refused the inbox’s access token: connect the number again');
        throw new AppError('upstream_error', `WhatsApp answered ${res.status} listing the templates${code ? ` (code ${code})` : ''}`);
      }
      for (const raw of body.data ?? []) {
        const t = templateOf(raw);
        if (t) out.push(t);
      }
      after = body.paging?.next ? (body.paging.cursors?.after ?? null) : null;
      if (!after) break;
    }
    return out;
  }

  /** Every template of the inbox's account (approved or not), from the cache when fresh or `fresh` is false. */
  async function all(tenantId: string, inboxId: string, refresh = false): Promise<TemplateOutput[]> {
    const key = `${tenantId}:${inboxId}`;
    const hit = cache.get(key);
    if (!refresh && hit && clock.now().getTime() - hit.at < ttl) return hit.items;
    const { wabaId, token } = await accountOf(tenantId, inboxId);
    const items = await fetchAll(wabaId, token);
    if (cache.size > 5_000) cache.clear();
    cache.set(key, { at: clock.now().getTime(), items });
    return items;
  }

  const invalid = (path: string, message: string) => new AppError('validation_failed', `${path}: ${message}`, { issues: [{ path, message }] });

  return {
    /** The inbox's approved templates (only those can be sent), by name and language. */
    async list(tenantId: string, inboxId: string): Promise<TemplateOutput[]> {
      return (await all(tenantId, inboxId)).filter((t) => t.status === 'APPROVED').sort((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language));
    },

    /**
     * Queues an approved template to the conversation's customer, allowed outside the 24-hour window. The parameters
     * must be as many as the body's placeholders (400 naming `template.parameters`); stored as content type `template`
     * with its rendered body as content and the name, language and parameters in the payload.
     */
    async send(actor: { id: string }, tenantId: string, conversationId: string, input: { name: string; language: string; parameters?: string[] | undefined }): Promise<MessageOutput> {
      const c = await db.withTenant(tenantId, (tx) => tx.selectFrom('conversations').select(['inbox_id', 'channel']).where('tenant_id', '=', tenantId).where('id', '=', conversationId).executeTakeFirst());
      if (!c) throw new AppError('not_found', 'Conversation not found');
      if (c.channel !== 'whatsapp') throw invalid('template', 'templates are a WhatsApp feature; this conversation is on ' + c.channel);
      const find = (items: TemplateOutput[]) => items.find((t) => t.name === input.name && t.language === input.language);
      // A template approved since the listing was cached is looked up again once.
      const template = find(await all(tenantId, c.inbox_id)) ?? find(await all(tenantId, c.inbox_id, true));
      if (!template) throw invalid('template.name', `no template ${input.name} in ${input.language} in this WhatsApp Business Account`);
      if (template.status !== 'APPROVED') throw invalid('template.name', `the template is ${template.status}, not APPROVED`);
      if (!template.sendable || template.body === null) throw invalid('template.name', 'the template needs header or button parameters, which cannot be sent from here');
      const parameters = input.parameters ?? [];
      if (parameters.length !== template.parameter_count) {
        throw invalid('template.parameters', `the template's body has ${template.parameter_count} placeholder(s); ${parameters.length} given`);
      }
      const names = placeholdersOf(template.body);
      const payload: TemplatePayload = { name: template.name, language: template.language, parameters, parameter_names: template.parameter_names };
      const content = renderTemplate(template.body, names, parameters);
      const out = await db.withTenant(tenantId, async (tx) => {
        const target = await tx.selectFrom('conversations').select(['id', 'inbox_id', 'channel', 'last_incoming_at']).where('tenant_id', '=', tenantId).where('id', '=', conversationId).executeTakeFirst();
        if (!target) throw new AppError('not_found', 'Conversation not found');
        return messageOut(await queueOutgoing(tx, tenantId, target, { content, private: false, senderType: 'agent', senderId: actor.id, contentType: 'template', payload: { template: payload } }, clock.now()));
      });
      deps.onQueued?.(tenantId);
      return out;
    },

    /** Forgets the cached listings (tests, and an inbox reconnected). */
    forget(): void {
      cache.clear();
    },
  };
}

export type WhatsAppTemplates = ReturnType<typeof createWhatsAppTemplates>;
