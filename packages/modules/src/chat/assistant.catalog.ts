import type { ActionContext } from '@smarteros/kernel';
import { fold } from '../ai/index.ts';
import type { ActionRunner } from '../mcp/index.ts';

/**
 * The assistant's offline answer about the catalog: when no knowledge entry answers and the customer asks whether the
 * company has, sells or has in stock something («¿tienen martillos?», "do you have hammers?"), the words that name the
 * product are searched with the erp.search_products action (through the runner, so the tenant's AI-control policy and
 * audit apply to the bot) and the answer lists what was found with its price and what is available now. No model, no
 * network. Nothing in the customer's text is followed: it is only searched.
 */

/** The words of asking about products and stock; the rest of the text names the product. */
const ASKING_ES = /\b(tienen|tiene|tienes|tendran|tendra|hay|venden|vende|vendes|queda|quedan|disponible|disponibles|stock|precio|precios|cuesta|cuestan|vale|valen|cuanto|cuanta|busco|buscando)\b/;
const ASKING_EN = /\b(do you have|have you got|do you sell|in stock|available|price|prices|how much|cost|costs|sell)\b/;
const FILLER = new Set(
  `tienen tiene tienes tendran tendra hay venden vende vendes queda quedan disponible disponibles stock precio precios cuesta cuestan vale valen
  cuanto cuanta cuantos cuantas busco buscando necesito quiero quisiera comprar algun alguna algunos algunas un una unos unas el la los las
  de del en para por favor hola buenas buenos dias tardes noches si no me le nos que sus su ustedes usted ahi alla aca todavia aun
  do you have got sell in stock available price prices how much cost costs any some the a an of for please hi hello there still`.split(/\s+/),
);

/** The product words of a question about the catalog, or null when the text does not ask about products. */
export function catalogQuestion(text: string): string | null {
  const f = fold(text);
  if (!ASKING_ES.test(f) && !ASKING_EN.test(f)) return null;
  const words = f.split(' ').filter((w) => w.length > 1 && !FILLER.has(w));
  return words.length === 0 ? null : words.slice(0, 8).join(' ');
}

interface Hit {
  sku: string;
  name: string;
  unit: string;
  gross_price: number;
  available: string;
}

const clp = new Intl.NumberFormat('es-CL', { style: 'currency', currency: 'CLP', maximumFractionDigits: 0 });
const qty = (available: string) => new Intl.NumberFormat('es-CL', { maximumFractionDigits: 3 }).format(Number(available));

/** The reply: what was found with its price (IVA included) and availability, in the customer's language. */
export function catalogReply(hits: readonly Hit[], lang: 'es' | 'en'): string {
  const lines = hits.map((h) => {
    const n = Number(h.available);
    const stock = lang === 'es' ? (n > 0 ? `${qty(h.available)} disponible${n === 1 ? '' : 's'}` : 'sin stock por ahora') : n > 0 ? `${qty(h.available)} available` : 'out of stock for now';
    return `• ${h.name} (${h.sku}): ${clp.format(h.gross_price)}, ${stock}`;
  });
  const any = hits.some((h) => Number(h.available) > 0);
  if (lang === 'en') return `${any ? 'Yes, we have:' : 'We have these, but without stock right now:'}\n${lines.join('\n')}\nPrices include VAT. Tell us what you need and how many, and we will help you.`;
  return `${any ? 'Sí, tenemos:' : 'Tenemos estos productos, pero sin stock en este momento:'}\n${lines.join('\n')}\nLos precios incluyen IVA. Díganos qué producto y cuántas unidades necesita, y le ayudamos.`;
}

/** Searches the catalog for a question about products as the bot; null when it is not one, nothing matched or the policy refused. */
export async function catalogAnswer(
  runner: Pick<ActionRunner, 'run'>,
  input: { tenantId: string; conversationId: string; text: string; lang: 'es' | 'en' },
): Promise<{ answer: string; payload: Record<string, unknown> } | null> {
  const q = catalogQuestion(input.text);
  if (q === null) return null;
  const bot: ActionContext = { tenantId: input.tenantId, principal: { id: 'bot', role: 'agent' }, principalLabel: 'bot', source: 'assistant', sessionId: input.conversationId, client: { name: 'smarteros-assistant' } };
  const run = await runner.run(bot, 'erp.search_products', { q, limit: 5 });
  if (run.outcome !== 'ok') return null;
  const hits = (run.value as { items: Hit[] }).items;
  if (hits.length === 0) return null;
  return { answer: catalogReply(hits, input.lang), payload: { catalog: { q, skus: hits.map((h) => h.sku) } } };
}
