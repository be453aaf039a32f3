import { type Clock, type Database } from '@smarteros/kernel';
import { sql } from 'kysely';
import { asksForPerson, languageOf, type AiService, type Providers } from '../ai/index.ts';
import type { ActionRunner } from '../mcp/index.ts';
import { catalogAnswer } from './assistant.catalog.ts';
import { createModelTurn, type ModelHandoff } from './assistant.model.ts';
import { conversationOut, conversationQuery, queueOutgoing, recordEvent, windowOpen } from './chat.service.ts';

/**
 * The assistant in a conversation (the chat.assistant subscriber, on chat.message_received). While a conversation is
 * handled by the bot (its inbox has the assistant on), each customer text is matched against the tenant's knowledge:
 * a match above the threshold is answered with the entry's answer as written; a request for a person, no match, a
 * message that is not text, or any error hands the conversation to the team (open, handled by a human) with a private
 * note of why and a short reply to the customer, in their language.
 *
 * The customer's text is data: it is only matched against entries and quoted in the team's note. Nothing in it is
 * executed or followed, so a message that "asks" the bot to cancel an order, change its rules or reveal anything can
 * only match an entry (and get that entry's answer) or hand off.
 *
 * A question about the catalog that no entry answers («¿tienen martillos?») is searched with erp.search_products as the
 * bot (assistant.catalog.ts) and answered with the products found, their price and what is available now.
 *
 * When the inbox's assistant has an AI provider, the answer comes from its model instead, in a tool loop whose guards
 * are code (assistant.model.ts); asking for a person and a message that is not text still hand off before any model.
 */

export type HandoffReason = 'asked_for_person' | 'no_answer' | 'not_text' | 'error' | ModelHandoff;

export const HANDOFF_REPLY = {
  es: 'Gracias por escribirnos. Una persona de nuestro equipo le responderá a la brevedad.',
  en: 'Thank you for your message. A person from our team will answer you shortly.',
} as const;

const REASONS: Record<HandoffReason, string> = {
  asked_for_person: 'el cliente pidió hablar con una persona / the customer asked for a person',
  no_answer: 'ninguna respuesta de la base de conocimiento supera el umbral / no knowledge entry reaches the threshold',
  not_text: 'el mensaje no es texto / the message is not text',
  error: 'el asistente tuvo un error / the assistant failed',
  model_error: 'el proveedor de IA falló o no respondió a tiempo / the AI provider failed or timed out',
  tool_limit: 'demasiadas llamadas a herramientas en un turno / too many tool calls in one turn',
  repeated_call: 'el modelo repitió la misma llamada / the model repeated the same call',
  tool_failures: 'las herramientas fallaron varias veces / the tools failed repeatedly',
  needs_approval: 'el asistente propone una acción que una persona debe aprobar / the assistant proposes an action a person must approve',
  not_allowed: 'el modelo pidió una herramienta que no puede usar / the model asked for a tool it may not use',
  model_handoff: 'el asistente no puede responder / the assistant cannot answer',
};

/**
 * The team's private note: why, what the assistant found or proposed (a write to approve: the action and its
 * confirmation), and the customer's last message (quoted, cut to 500 characters).
 */
export function handoffNote(reason: HandoffReason, customerText: string | null, detail?: string, confirmationId?: string): string {
  const quoted = customerText === null || customerText.trim() === '' ? '(sin texto / no text)' : `«${customerText.trim().slice(0, 500)}»`;
  const more = detail ? ` Detalle / Detail: ${detail}.` : '';
  const approve = confirmationId ? ` Apruébela o recházela en las confirmaciones de acciones / Approve or reject it in the action confirmations: ${confirmationId}.` : '';
  return `Traspaso a una persona / Handed to a person: ${REASONS[reason]}.${more}${approve} Último mensaje del cliente / Customer's last message: ${quoted}`;
}

type Decision = { kind: 'answer'; answer: string; payload: Record<string, unknown> } | { kind: 'handoff'; reason: HandoffReason; detail?: string; payload?: Record<string, unknown> };

/** The customer's earlier messages and the replies they got, oldest first, for the model's context. */
const HISTORY_MESSAGES = 12;

export interface AssistantDeps {
  db: Database;
  clock: Clock;
  ai: Pick<AiService, 'answer' | 'context'>;
  /** With both, an inbox whose assistant has a provider answers with its model and tools. */
  providers?: Pick<Providers, 'complete' | 'forUse'>;
  runner?: Pick<ActionRunner, 'list' | 'run'>;
  /** Where the assistant's failures are told (never the customer's text, which may be personal data). */
  onError?: (err: unknown) => void;
  /** After a decision is written: the live hub wakes the tenant's screens. */
  onChange?: (tenantId: string) => void;
}

export function createAssistant(deps: AssistantDeps) {
  const { db, clock, ai, providers, runner } = deps;
  const modelTurn = providers && runner ? createModelTurn({ providers, runner, ai }) : null;

  async function historyOf(tenantId: string, conversationId: string, beforeId: number): Promise<Array<{ from: 'customer' | 'assistant'; text: string }>> {
    const rows = await db.withTenant(tenantId, (tx) =>
      tx
        .selectFrom('chat_messages')
        .select(['direction', 'content'])
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', '=', conversationId)
        .where('id', '<', beforeId)
        .where('private', '=', false)
        .where('content_type', '=', 'text')
        .orderBy('id', 'desc')
        .limit(HISTORY_MESSAGES)
        .execute(),
    );
    return rows.reverse().flatMap((r) => (r.content ? [{ from: r.direction === 'incoming' ? ('customer' as const) : ('assistant' as const), text: r.content }] : []));
  }

  /** What to do with one customer message; never throws (an error is a hand-off). */
  async function decide(tenantId: string, m: { conversationId: string; messageId: number; contactId: string; providerId: string | null; contentType: string; text: string | null }): Promise<Decision> {
    const { text } = m;
    try {
      if (m.contentType !== 'text' || text === null || text.trim() === '') return { kind: 'handoff', reason: 'not_text' };
      if (asksForPerson(text)) return { kind: 'handoff', reason: 'asked_for_person' };
      const provider = modelTurn && m.providerId && providers ? await providers.forUse(tenantId, m.providerId) : null;
      if (modelTurn && provider) {
        const history = await historyOf(tenantId, m.conversationId, m.messageId);
        return await modelTurn({ tenantId, conversationId: m.conversationId, contactId: m.contactId, provider, lang: languageOf(text), history, text });
      }
      const found = await ai.answer(tenantId, text);
      if (found) return { kind: 'answer', answer: found.answer, payload: { knowledge_entry_id: found.entry_id, score: found.score } };
      // No entry answers: a question about the catalog is answered with the products found and their stock.
      const catalog = runner ? await catalogAnswer(runner, { tenantId, conversationId: m.conversationId, text, lang: languageOf(text) }) : null;
      return catalog ? { kind: 'answer', ...catalog } : { kind: 'handoff', reason: 'no_answer' };
    } catch (err) {
      deps.onError?.(err);
      return { kind: 'handoff', reason: 'error' };
    }
  }

  /**
   * Writes the decision, if the conversation is still the bot's and this message has no reply yet (the event is
   * delivered at least once: a second delivery finds the reply and does nothing).
   */
  async function apply(tenantId: string, conversationId: string, messageId: number, text: string | null, decision: Decision): Promise<void> {
    await db.withTenant(tenantId, async (tx) => {
      const c = await tx
        .selectFrom('conversations as c')
        .innerJoin('chat_inboxes as i', (j) => j.onRef('i.tenant_id', '=', 'c.tenant_id').onRef('i.id', '=', 'c.inbox_id'))
        .select(['c.id', 'c.inbox_id', 'c.channel', 'c.last_incoming_at', 'c.handled_by', 'c.status', 'i.assistant_enabled'])
        .where('c.tenant_id', '=', tenantId)
        .where('c.id', '=', conversationId)
        .forUpdate('c')
        .executeTakeFirst();
      if (!c || c.handled_by !== 'bot' || c.status === 'resolved' || !c.assistant_enabled) return;
      const replied = await tx
        .selectFrom('chat_messages')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', '=', conversationId)
        .where(sql<boolean>`payload->>'in_reply_to' = ${String(messageId)}`)
        .executeTakeFirst();
      if (replied) return;
      const now = clock.now();
      const inReplyTo = String(messageId);
      if (decision.kind === 'answer') {
        await queueOutgoing(tx, tenantId, c, { content: decision.answer, private: false, senderType: 'bot', senderId: null, payload: { ...decision.payload, in_reply_to: inReplyTo } }, now);
        return;
      }
      await tx.updateTable('conversations').set({ status: 'open', handled_by: 'human', updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', c.id).execute();
      await recordEvent(tx, tenantId, c.id, 'conversation.updated', { conversation: conversationOut(await conversationQuery(tx, tenantId).where('c.id', '=', c.id).executeTakeFirstOrThrow()) });
      const confirmationId = typeof decision.payload?.confirmation_id === 'string' ? decision.payload.confirmation_id : undefined;
      await queueOutgoing(
        tx,
        tenantId,
        c,
        { content: handoffNote(decision.reason, text, decision.detail, confirmationId), private: true, senderType: 'system', senderId: null, payload: { ...decision.payload, in_reply_to: inReplyTo, handoff: 'human', reason: decision.reason } },
        now,
      );
      // The customer just wrote, so the window is open; a redelivery days later tells the team only.
      if (windowOpen(c, now)) {
        await queueOutgoing(tx, tenantId, c, { content: HANDOFF_REPLY[text === null ? 'es' : languageOf(text)], private: false, senderType: 'bot', senderId: null, payload: { in_reply_to: inReplyTo, handoff: 'human' } }, now);
      }
    });
    deps.onChange?.(tenantId);
  }

  return {
    /** Handles one stored customer message (chat.message_received). */
    async handle(tenantId: string, event: { conversation_id: string; message_id: number }): Promise<void> {
      const m = await db.withTenant(tenantId, (tx) =>
        tx
          .selectFrom('chat_messages as m')
          .innerJoin('conversations as c', (j) => j.onRef('c.tenant_id', '=', 'm.tenant_id').onRef('c.id', '=', 'm.conversation_id'))
          .innerJoin('chat_inboxes as i', (j) => j.onRef('i.tenant_id', '=', 'c.tenant_id').onRef('i.id', '=', 'c.inbox_id'))
          .select(['m.direction', 'm.content_type', 'm.content', 'c.handled_by', 'c.status', 'c.contact_id', 'i.assistant_provider_id'])
          .where('m.tenant_id', '=', tenantId)
          .where('m.id', '=', event.message_id)
          .where('m.conversation_id', '=', event.conversation_id)
          .executeTakeFirst(),
      );
      if (!m || m.direction !== 'incoming' || m.handled_by !== 'bot' || m.status === 'resolved') return;
      const decision = await decide(tenantId, { conversationId: event.conversation_id, messageId: event.message_id, contactId: m.contact_id, providerId: m.assistant_provider_id, contentType: m.content_type, text: m.content });
      try {
        await apply(tenantId, event.conversation_id, event.message_id, m.content, decision);
      } catch (err) {
        // The answer could not be written (the window closed meanwhile, a constraint): the team takes it. A hand-off
        // that fails too is thrown, and the outbox tries again.
        if (decision.kind !== 'answer') throw err;
        deps.onError?.(err);
        await apply(tenantId, event.conversation_id, event.message_id, m.content, { kind: 'handoff', reason: 'error' });
      }
    },
  };
}

export type Assistant = ReturnType<typeof createAssistant>;
