import { IntlMessageFormat } from 'intl-messageformat';
import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';

import { es as shellEs } from './messages/shell.es.ts';
import type { es as actionsEs } from './messages/actions.es.ts';
import type { es as approvalsEs } from './messages/approvals.es.ts';
import type { es as capsEs } from './messages/caps.es.ts';
import type { es as chatEs } from './messages/chat.es.ts';
import type { es as eventsEs } from './messages/events.es.ts';
import type { es as keysEs } from './messages/keys.es.ts';
import type { es as logEs } from './messages/log.es.ts';
import type { es as mcpEs } from './messages/mcp.es.ts';
import type { es as membersEs } from './messages/members.es.ts';
import type { es as outboxEs } from './messages/outbox.es.ts';
import type { es as passwordEs } from './messages/password.es.ts';
import type { es as profileEs } from './messages/profile.es.ts';
import type { es as registryEs } from './messages/registry.es.ts';
import type { es as securityEs } from './messages/security.es.ts';
import type { es as tenantEs } from './messages/tenant.es.ts';

/**
 * The console's words, in areas: the shell's are in the first load (`messages/shell.es.ts`); a page's Spanish ships in
 * that page's chunk (its modules import `messages/<area>.es.ts`, which registers here when the chunk loads); each
 * area's English is a chunk of its own (`messages/<area>.en.ts`), fetched only while English is chosen.
 */
interface Areas {
  shell: typeof shellEs;
  actions: typeof actionsEs;
  approvals: typeof approvalsEs;
  caps: typeof capsEs;
  chat: typeof chatEs;
  events: typeof eventsEs;
  keys: typeof keysEs;
  log: typeof logEs;
  mcp: typeof mcpEs;
  members: typeof membersEs;
  outbox: typeof outboxEs;
  password: typeof passwordEs;
  profile: typeof profileEs;
  registry: typeof registryEs;
  security: typeof securityEs;
  tenant: typeof tenantEs;
}
export type Area = keyof Areas;
/** Every key of every area: `t()` takes only these, so a key that no catalog has does not compile. */
export type MessageKey = { [A in Area]: keyof Areas[A] & string }[Area];
/** An area's messages in another language: exactly the Spanish area's keys (a missing or extra key does not compile). */
export type AreaMessages<A extends Area> = Record<keyof Areas[A], string>;

export type Lang = 'es' | 'en';

/** Each area's English chunk: one loader an area, so an area without English does not compile. */
const ENGLISH: { [A in Area]: () => Promise<AreaMessages<A>> } = {
  shell: () => import('./messages/shell.en.ts').then((m) => m.en),
  actions: () => import('./messages/actions.en.ts').then((m) => m.en),
  approvals: () => import('./messages/approvals.en.ts').then((m) => m.en),
  caps: () => import('./messages/caps.en.ts').then((m) => m.en),
  chat: () => import('./messages/chat.en.ts').then((m) => m.en),
  events: () => import('./messages/events.en.ts').then((m) => m.en),
  keys: () => import('./messages/keys.en.ts').then((m) => m.en),
  log: () => import('./messages/log.en.ts').then((m) => m.en),
  mcp: () => import('./messages/mcp.en.ts').then((m) => m.en),
  members: () => import('./messages/members.en.ts').then((m) => m.en),
  outbox: () => import('./messages/outbox.en.ts').then((m) => m.en),
  password: () => import('./messages/password.en.ts').then((m) => m.en),
  profile: () => import('./messages/profile.en.ts').then((m) => m.en),
  registry: () => import('./messages/registry.en.ts').then((m) => m.en),
  security: () => import('./messages/security.en.ts').then((m) => m.en),
  tenant: () => import('./messages/tenant.en.ts').then((m) => m.en),
};

/** The words loaded so far, by language (all areas merged: keys are unique across areas), and which areas they hold. */
const words: Record<Lang, Record<string, string>> = { es: { ...shellEs }, en: {} };
const areas: Record<Lang, Set<Area>> = { es: new Set(['shell']), en: new Set() };
const fetching = new Map<Area, Promise<void>>();

const LANG_KEY = 'smarteros.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'es';
  } catch {
    return 'es';
  }
}

/** The language shown, the one asked for (shown once its words are here), and a count that moves when words arrive. */
const store = { shown: 'es' as Lang, wanted: initialLang(), version: 0 };
const listeners = new Set<() => void>();
function changed(): void {
  store.version += 1;
  for (const l of listeners) l();
}

/** A page's Spanish words, registered by its chunk as it loads; while English is wanted, that area's English is fetched. */
export function registerMessages<A extends Exclude<Area, 'shell'>>(area: A, messages: Areas[A]): void {
  if (areas.es.has(area)) return;
  areas.es.add(area);
  Object.assign(words.es, messages);
  if (store.wanted === 'en') void loadEnglish(area).catch(() => undefined);
}

/** One area's English (once; a failed fetch is tried again next time). The provider re-renders when it arrives. */
function loadEnglish(area: Area): Promise<void> {
  if (areas.en.has(area)) return Promise.resolve();
  let pending = fetching.get(area);
  if (!pending) {
    pending = ENGLISH[area]().then(
      (messages) => {
        Object.assign(words.en, messages);
        areas.en.add(area);
        fetching.delete(area);
        changed();
      },
      (err: unknown) => {
        fetching.delete(area);
        throw err;
      },
    );
    fetching.set(area, pending);
  }
  return pending;
}

/**
 * Resolves when the wanted language has the words of every area loaded so far: a lazy page awaits it after its chunk
 * (which registered its Spanish), so a page opened in English draws in English. It rejects if a fetch fails (offline).
 */
export async function messagesReady(): Promise<void> {
  for (;;) {
    if (store.wanted === 'es') return;
    const missing = [...areas.es].filter((a) => !areas.en.has(a));
    if (!missing.length) return;
    await Promise.all(missing.map(loadEnglish));
  }
}

/** Loads a language's words for the shell and every registered area (Spanish is always there). */
export async function loadMessages(lang: Lang): Promise<void> {
  if (lang === 'es') return;
  await Promise.all([...areas.es].map(loadEnglish));
}

/** Whether a key (built from a code the API sends) has words loaded: the Spanish of the shell and the loaded areas. */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(words.es, key);
}

export const LOCALES: Record<Lang, string> = { es: 'es-CL', en: 'en-US' };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** What a key shows when no loaded area has it (a page that forgot its area's import): never the key in production. */
function missing(key: string): string {
  console.error(`i18n: no words for ${key}`);
  return import.meta.env.DEV ? key : '';
}

/**
 * Messages are ICU MessageFormat: `{n, plural, one {# llamada} other {# llamadas}}` agrees in number and gender.
 * A key the language has not loaded (its English area could not be fetched) shows its Spanish.
 */
export function translator(lang: Lang): Translate {
  const compiled = new Map<MessageKey, { format: IntlMessageFormat; text: string } | null>();
  return (key, vars) => {
    let entry = compiled.get(key);
    if (entry === undefined) {
      const own = words[lang][key];
      const text = own ?? words.es[key];
      entry = text === undefined ? null : { format: new IntlMessageFormat(text, LOCALES[own === undefined ? 'es' : lang]), text };
      compiled.set(key, entry);
    }
    if (!entry) return missing(key);
    try {
      return String(entry.format.format(vars));
    } catch {
      // A value the message names was not given: show the message with its placeholder rather than nothing.
      return entry.text;
    }
  };
}

/** A key for a status or product code coming from the API; unknown values are shown as they come. */
export function labelOf(t: Translate, prefix: 'status' | 'productStatus' | 'product' | 'plan' | 'event', value: string): string {
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? t(key) : value;
}

interface I18n {
  lang: Lang;
  locale: string;
  t: Translate;
  setLang(lang: Lang): void;
}

const I18nContext = createContext<I18n | null>(null);

/** Shows a language once its words are here: the shell's and those of every area loaded so far (offline: it stays). */
async function showLang(next: Lang): Promise<void> {
  store.wanted = next;
  if (next === 'en') {
    try {
      await messagesReady();
    } catch {
      // An area's English did not come: its Spanish stands in (the shell's missing keeps the current language).
    }
    if (store.wanted !== next) return;
    if (!areas.en.has('shell')) {
      store.wanted = store.shown;
      return;
    }
  }
  if (store.shown !== next) {
    store.shown = next;
    changed();
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const version = () => store.version;

export function I18nProvider({ children }: { children: ReactNode }) {
  // Moves when the language shown changes or an area's English arrives: the console draws again with the new words.
  const loadedVersion = useSyncExternalStore(subscribe, version);
  const lang = store.shown;
  // A person who chose English before: their messages load first (Spanish shows for that moment).
  useEffect(() => {
    if (store.wanted !== store.shown) void showLang(store.wanted);
  }, []);
  useEffect(() => {
    document.documentElement.lang = LOCALES[lang];
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      locale: LOCALES[lang],
      t: translator(lang),
      setLang(next) {
        void showLang(next);
        try {
          localStorage.setItem(LANG_KEY, next);
        } catch {
          // not remembered
        }
      },
    }),
    // loadedVersion: a new translator (its compiled messages dropped) when an area's words arrive.
    [lang, loadedVersion],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
