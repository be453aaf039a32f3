import { isObject, pointer, type OpenApiIssue } from './openapi-issues.ts';

/**
 * Internal `$ref`s only. A document may point inside itself (`#/components/schemas/Order`); a reference to another
 * file or a URL is refused before anything else looks at the document, so the import never reads a file or the network.
 */
export const MAX_REF_HOPS = 32;

export type RefResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** The tokens of an internal reference (`#/a/b~1c` -> ['a', 'b/c']), or null when it is not one. */
export function refTokens(ref: string): string[] | null {
  if (!ref.startsWith('#')) return null;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return null;
  }
  if (fragment === '') return [];
  if (!fragment.startsWith('/')) return null;
  return fragment
    .slice(1)
    .split('/')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Resolves an internal reference against the document; a pointer that crosses another `$ref` follows it. */
export function resolveRef(doc: unknown, ref: string, hops = 0): RefResult {
  const tokens = refTokens(ref);
  if (tokens === null) return { ok: false, reason: 'it is not a reference inside this document (#/...)' };
  let node: unknown = doc;
  let followed = hops;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(token) && Number(token) < node.length) {
      node = node[Number(token)];
    } else if (isObject(node) && Object.hasOwn(node, token)) {
      node = node[token];
    } else if (isObject(node) && typeof node.$ref === 'string' && followed < MAX_REF_HOPS) {
      const through = resolveRef(doc, node.$ref, ++followed);
      if (!through.ok) return through;
      node = through.value;
      i--;
    } else {
      return { ok: false, reason: `"${token}" does not exist at ${pointer(tokens.slice(0, i)) || 'the document root'}` };
    }
  }
  return { ok: true, value: node };
}

/**
 * Follows a chain of Reference Objects (`{ $ref }` that points at another `{ $ref }` ...) to the object it names. The
 * `summary` and `description` written next to a `$ref` override the target's (OpenAPI 3.1 semantics; harmless for 3.0).
 * The document was checked by `checkRefs` first, so a broken chain here means a bug: it answers an empty object.
 */
export function followRefs(doc: unknown, node: unknown): Record<string, unknown> {
  let current: unknown = node;
  const overrides: Record<string, unknown> = {};
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops <= MAX_REF_HOPS; hops++) {
    for (const key of ['summary', 'description'] as const) {
      if (typeof current[key] === 'string' && !(key in overrides)) overrides[key] = current[key];
    }
    const next = resolveRef(doc, current.$ref);
    current = next.ok ? next.value : {};
  }
  return isObject(current) ? { ...current, ...overrides } : {};
}

/**
 * Every `$ref` of the document: an external one (another file, a URL) is refused; an internal one must resolve and
 * must not be a loop of references with no content (`A -> B -> A`). Each issue names the reference and where it is.
 */
export function checkRefs(doc: Record<string, unknown>): OpenApiIssue[] {
  const issues: OpenApiIssue[] = [];
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: doc, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], path: [...path, i] });
      continue;
    }
    if (!isObject(node)) continue;
    if (typeof node.$ref === 'string') {
      const problem = refProblem(doc, node.$ref);
      if (problem) issues.push({ path: pointer([...path, '$ref']), message: problem });
    }
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (key !== '$ref') stack.push({ node: node[key], path: [...path, key] });
    }
  }
  return issues;
}

function refProblem(doc: Record<string, unknown>, ref: string): string | null {
  if (!ref.startsWith('#')) {
    return `external $ref "${ref}" is not supported: only references inside the document (#/...) are resolved; bundle the document into one file first`;
  }
  const seen = new Set<string>();
  let current = ref;
  for (;;) {
    if (seen.has(current)) return `$ref "${ref}" is a loop of references with no schema in it (${[...seen, current].join(' -> ')})`;
    seen.add(current);
    const found = resolveRef(doc, current);
    if (!found.ok) {
      return current === ref ? `$ref "${ref}" resolves nowhere: ${found.reason}` : `$ref "${ref}" leads to "${current}", which resolves nowhere: ${found.reason}`;
    }
    if (!isObject(found.value) || typeof found.value.$ref !== 'string') return null;
    if (!found.value.$ref.startsWith('#')) return null; // reported where it is written
    current = found.value.$ref;
  }
}

/**
 * Which references take part in a cycle (`Category -> children -> Category`, `Person -> Company -> Person`): the
 * strongly connected components of the graph "schema R mentions reference S" (Tarjan, iterative, computed lazily and
 * once per reference). Every `$ref` under a target counts as an edge, so the answer may over-approximate (a reference
 * only mentioned in an unused `$defs` entry): that only keeps one more schema in `$defs`, never loops.
 */
export function refCycles(doc: Record<string, unknown>): (ref: string) => boolean {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cyclic = new Set<string>();
  let counter = 0;

  const edgesOf = (ref: string): string[] => {
    const target = resolveRef(doc, ref);
    const out = new Set<string>();
    const todo: unknown[] = target.ok ? [target.value] : [];
    while (todo.length > 0) {
      const node = todo.pop();
      if (Array.isArray(node)) todo.push(...node);
      else if (isObject(node)) {
        if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) out.add(node.$ref);
        for (const [key, value] of Object.entries(node)) if (key !== '$ref') todo.push(value);
      }
    }
    return [...out];
  };

  const visit = (start: string): void => {
    const work: { ref: string; edges: string[]; next: number }[] = [];
    const open = (ref: string) => {
      index.set(ref, counter);
      low.set(ref, counter);
      counter++;
      stack.push(ref);
      onStack.add(ref);
      work.push({ ref, edges: edgesOf(ref), next: 0 });
    };
    open(start);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      if (frame.next < frame.edges.length) {
        const to = frame.edges[frame.next++]!;
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(frame.ref, Math.min(low.get(frame.ref)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent.ref, Math.min(low.get(parent.ref)!, low.get(frame.ref)!));
      if (low.get(frame.ref) === index.get(frame.ref)) {
        const component: string[] = [];
        for (let member = stack.pop()!; ; member = stack.pop()!) {
          onStack.delete(member);
          component.push(member);
          if (member === frame.ref) break;
        }
        if (component.length > 1 || frame.edges.includes(frame.ref)) for (const member of component) cyclic.add(member);
      }
    }
  };

  return (ref: string): boolean => {
    if (!index.has(ref)) visit(ref);
    return cyclic.has(ref);
  };
}
