import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { hasMessage, loadMessages, translator } from './i18n.tsx';

/*
 * The catalogs split by route (i18n.tsx): the shell's words in the first load, each page's Spanish in its chunk, each
 * area's English a chunk of its own. These tests read the source as text (Vite's glob, as raw strings): which keys a
 * module uses, which modules a chunk loads, and which areas those modules register.
 */

/** Every source file below src, by its path from src ("./pages/mcp-page.tsx"). */
const SOURCES = import.meta.glob<string>(['./**/*.ts', './**/*.tsx'], { query: '?raw', import: 'default', eager: true });
const read = (file: string): string => SOURCES[file] ?? '';

const AREAS = Object.keys(SOURCES)
  .filter((f) => f.startsWith('./messages/') && f.endsWith('.es.ts'))
  .map((f) => f.slice('./messages/'.length, -'.es.ts'.length));
const catalogPath = (area: string) => `./messages/${area}.es.ts`;

async function catalog(area: string, lang: 'es' | 'en'): Promise<Record<string, string>> {
  const mod = (await import(`./messages/${area}.${lang}.ts`)) as Record<string, Record<string, string>>;
  const dict = mod[lang];
  if (!dict) throw new Error(`messages/${area}.${lang}.ts exports no ${lang}`);
  return dict;
}

/** "./pages/x.tsx" importing "../ui.tsx" is "./ui.tsx". */
function resolvePath(from: string, spec: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of spec.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/** The keys of each area, read from its Spanish file (the source of MessageKey). */
const keysOf = new Map(AREAS.map((a) => [a, [...read(catalogPath(a)).matchAll(/^ {2}'([^']+)':/gm)].map((m) => m[1] ?? '')]));
const areaOfKey = new Map([...keysOf].flatMap(([area, keys]) => keys.map((k) => [k, area] as const)));

/** The console's modules (not its tests, its catalogs or the generated API types). */
const modules = Object.keys(SOURCES).filter((f) => !/\.test\.ts$|\.d\.ts$/.test(f) && !f.startsWith('./messages/'));
const catalogFiles = new Set(AREAS.map(catalogPath));
const known = new Set([...modules, ...catalogFiles]);

/** A module's static imports (values, not `import type`), `export … from` included, and its dynamic imports. */
function imports(file: string, dynamic: boolean): string[] {
  const pattern = dynamic ? /import\(\s*'(\.[^']+)'\s*\)/g : /^(?:import|export)\s+(?!type\b)(?:[^'"]*?from\s*)?'(\.[^']+)'/gm;
  return [...read(file).matchAll(pattern)].map((m) => resolvePath(file, m[1] ?? '')).filter((f) => known.has(f));
}

/** What loads with a module: it and everything it imports statically, as one chunk (and the chunks it shares) does. */
function closure(root: string): Set<string> {
  const seen = new Set<string>();
  const todo = [root];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    if (!catalogFiles.has(file)) todo.push(...imports(file, false));
  }
  return seen;
}

/**
 * The keys a module uses: a quoted string that is a key ('nav.apis', in t() or in a Record of keys), and every key
 * under a prefix the module builds keys from (`error.code.${code}`, labelOf(t, 'product', …), codeLabel(t, 'registry.category', …)).
 */
function keysUsed(file: string): string[] {
  const text = read(file).replace(/^import .*$/gm, '');
  const prefixes = [
    ...[...text.matchAll(/`([a-zA-Z.]+\.)\$\{/g)].map((m) => m[1] ?? ''),
    ...[...text.matchAll(/(?:labelOf|codeLabel)\(t, ([^,]+),/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/'([\w.]+)'/g)].map((p) => `${p[1]}.`)),
  ];
  return [...areaOfKey.keys()].filter((k) => text.includes(`'${k}'`) || prefixes.some((p) => k.startsWith(p)));
}

const areasIn = (files: Set<string>) => new Set(AREAS.filter((a) => files.has(catalogPath(a))));
const name = (f: string) => f.slice(2);

/** The ICU arguments a message names ({name}, {n, plural, …}), to compare a key's two languages. */
type Elements = ReturnType<IntlMessageFormat['getAst']>;
function argumentsOf(elements: Elements, into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if ('value' in e && typeof e.value === 'string' && e.type !== 0) into.add(e.value);
    if ('options' in e) for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    if ('children' in e) argumentsOf(e.children, into);
  }
  return into;
}

// First, while only the shell's words are loaded (the catalog tests below import every area).
describe('translator', () => {
  it('fills placeholders and plurals, in English once an area is loaded, and falls back to Spanish', async () => {
    await import('./messages/log.es.ts');
    expect(hasMessage('log.count')).toBe(true);
    expect(hasMessage('mcp.title')).toBe(false);
    expect(translator('es')('log.count', { n: 1 })).toBe('1 llamada mostrada');
    expect(translator('es')('log.count', { n: 3 })).toBe('3 llamadas mostradas');
    expect(translator('es')('tenants.page', { n: 2 })).toBe('Página 2');
    // English not fetched yet: the Spanish stands in, never the key.
    expect(translator('en')('tenants.page', { n: 2 })).toBe('Página 2');
    await loadMessages('en');
    expect(translator('en')('tenants.count', { n: 1 })).toBe('1 company on this page');
    expect(translator('en')('log.count', { n: 3 })).toBe('3 calls shown');
    await import('./messages/tenant.es.ts');
    await import('./messages/caps.es.ts');
    expect(translator('es')('caps.jsonObject')).toContain('entre llaves { }');
    // An area registered after English was loaded, English not asked for again: Spanish until its chunk comes.
    expect(translator('en')('tenant.trialLeft', { time: '3 d' })).toBe('Prueba: quedan 3 d');
    await loadMessages('en');
    expect(translator('en')('tenant.trialLeft', { time: '3 d' })).toBe('Trial: 3 d left');
  });
});

describe('message catalogs by area', () => {
  it('hold the same keys in Spanish and English, each valid ICU naming the same arguments', async () => {
    expect(AREAS).toContain('shell');
    for (const area of AREAS) {
      const es = await catalog(area, 'es');
      const en = await catalog(area, 'en');
      expect(Object.keys(en).sort(), area).toEqual(Object.keys(es).sort());
      for (const key of Object.keys(es)) {
        const esFormat = new IntlMessageFormat(es[key] ?? '', 'es-CL');
        const enFormat = new IntlMessageFormat(en[key] ?? '', 'en-US');
        expect([...argumentsOf(enFormat.getAst())].sort(), key).toEqual([...argumentsOf(esFormat.getAst())].sort());
      }
    }
  });

  it('give each key one area', () => {
    const all = [...keysOf.values()].flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(800);
  });

  it('put only the shell in the first load, and every key a module uses in a catalog its chunk loads', () => {
    const shell = closure('./main.tsx');
    // The first load registers no page's words: it carries the shell's catalog alone.
    expect([...areasIn(shell)]).toEqual(['shell']);
    const shellKeys = new Set(keysOf.get('shell'));
    const problems: string[] = [];
    for (const file of shell) for (const key of keysUsed(file)) if (!shellKeys.has(key)) problems.push(`${name(file)} (first load): ${key} is in ${areaOfKey.get(key)}`);

    const lazyRoots = new Set(modules.flatMap((f) => imports(f, true)).filter((f) => !shell.has(f) && !catalogFiles.has(f)));
    expect(lazyRoots.size).toBeGreaterThan(5);
    let checked = 0;
    for (const root of lazyRoots) {
      const chunk = closure(root);
      const areas = areasIn(chunk);
      for (const file of chunk) {
        if (shell.has(file) || catalogFiles.has(file)) continue;
        for (const key of keysUsed(file)) {
          checked += 1;
          const area = areaOfKey.get(key) ?? '?';
          if (area !== 'shell' && !areas.has(area)) problems.push(`${name(file)} (in ${name(root)}): ${key} is in ${area}, which that chunk does not load`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  });
});
