import { TIME_ZONE } from '../format.ts';
import { hasMessage, useI18n, type Translate } from '../i18n.tsx';
import { isPlatformSession, loadSession } from '../session.ts';

/*
 * Helpers the registry shares with the MCP, outbox and log pages, without words of their own (those pages do not load
 * the registry's catalog); the registry's forms and their words are in registry-forms.tsx.
 */

/** What the session may do in a tenant's registry: managers change it; callers try capabilities (write ones need agent). */
export function registryRights(tenantId: string): { manage: boolean; callWrite: boolean } {
  const s = loadSession();
  if (isPlatformSession(s)) return { manage: true, callWrite: true };
  const own = s?.tenantId === tenantId;
  const role = own ? s.role : '';
  return { manage: role === 'owner' || role === 'admin', callWrite: role === 'owner' || role === 'admin' || role === 'agent' };
}

/** A code from the API in the reader's language (`registry.category.erp`), or the code as it comes. */
export function codeLabel(t: Translate, prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return hasMessage(key) ? t(key) : code;
}

export function useNumber(): (n: number, digits?: number) => string {
  const { locale } = useI18n();
  return (n, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
}

export function MethodBadge({ method }: { method: string }) {
  return <span className={`method method-${method.toLowerCase()}`}>{method}</span>;
}

/** An example value of a JSON Schema: its default, example, first enum value, or an empty value of its type. */
export function exampleOf(schema: unknown, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 5) return null;
  const s = schema as Record<string, unknown>;
  if ('default' in s) return s.default;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if ('example' in s) return s.example;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  for (const k of ['oneOf', 'anyOf', 'allOf']) if (Array.isArray(s[k]) && (s[k] as unknown[]).length) return exampleOf((s[k] as unknown[])[0], depth + 1);
  const type = Array.isArray(s.type) ? (s.type as string[]).find((x) => x !== 'null') : s.type;
  if (type === 'object' || (type === undefined && s.properties && typeof s.properties === 'object')) {
    const out: Record<string, unknown> = {};
    for (const [name, prop] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) out[name] = exampleOf(prop, depth + 1);
    return out;
  }
  if (type === 'array') return s.items ? [exampleOf(s.items, depth + 1)] : [];
  if (type === 'string') return s.format === 'date-time' ? new Date().toISOString() : s.format === 'date' ? new Date().toISOString().slice(0, 10) : '';
  if (type === 'integer' || type === 'number') return typeof s.minimum === 'number' ? s.minimum : 0;
  if (type === 'boolean') return false;
  return null;
}

/** A "YYYY-MM-DDTHH:mm" wall-clock time in Chile (datetime-local) as an ISO instant, whatever the browser's time zone. */
export function chileTimeToIso(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return null;
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const offset = (utc: number): number => {
    const p = Object.fromEntries(fmt.formatToParts(new Date(utc)).map((x) => [x.type, x.value]));
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - utc;
  };
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  const first = wall - offset(wall);
  return new Date(wall - offset(first)).toISOString();
}
