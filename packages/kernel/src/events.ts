import type { z } from 'zod';
import { AppError } from './errors.ts';

/**
 * Typed events. Each module declares the events it publishes with defineEvent (name and zod payload schema) and
 * exports them through its door; defineEvent also records the declaration in one process-wide catalog, which is how
 * emitEvent checks a topic given as a string, and how a test checks that every topic the SQL migrations emit is
 * declared.
 *
 * What a bad publish does:
 * - an undeclared topic is refused everywhere (a programming error that any test of the path finds);
 * - a payload that fails its schema is refused when validation is strict (the default, and every test); in
 *   production (`configureEventValidation({ strict: false })`, set by the server when NODE_ENV=production) the event
 *   is written anyway and onInvalid is told, so a schema drift never fails a person's command: a handler that cannot
 *   read the payload fails, and the delivery ends as a visible, retryable dead letter.
 */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly schema: S;
  /** The aggregate of an event (ordering per tenant and aggregate); by default the tenant id. */
  readonly aggregate: ((payload: z.output<S>, tenantId: string) => string | null) | undefined;
  /** The payload parsed by the schema; throws (for handlers: a failed delivery) when it does not match. */
  parse(payload: unknown): z.output<S>;
}

export type EventPayload<D extends EventDefinition> = z.input<D['schema']>;

const TOPIC_RE = /^[a-z_]+(\.[a-z_]+)+$/;
const catalog = new Map<string, EventDefinition>();

export function defineEvent<S extends z.ZodType>(
  name: string,
  schema: S,
  options: { aggregate?: (payload: z.output<S>, tenantId: string) => string | null } = {},
): EventDefinition<S> {
  if (!TOPIC_RE.test(name)) throw new Error(`defineEvent: '${name}' is not a topic (lower-case words joined by dots)`);
  const existing = catalog.get(name);
  if (existing && existing.schema !== schema) throw new Error(`defineEvent: '${name}' is declared twice with different schemas`);
  const definition: EventDefinition<S> = {
    name,
    schema,
    aggregate: options.aggregate,
    parse(payload: unknown) {
      const r = schema.safeParse(payload);
      if (!r.success) throw new Error(`${name}: payload does not match its schema (${describeIssues(r.error)})`);
      return r.data;
    },
  };
  if (!existing) catalog.set(name, definition);
  return (existing as EventDefinition<S> | undefined) ?? definition;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** Every declared event, by name. */
export function declaredEvents(): ReadonlyMap<string, EventDefinition> {
  return catalog;
}

let strict = true;
let onInvalid: (topic: string, problem: string) => void = () => {};

/** Strict (the default) refuses a payload that fails its schema; lenient writes it and calls onInvalid. */
export function configureEventValidation(options: { strict: boolean; onInvalid?: (topic: string, problem: string) => void }): void {
  strict = options.strict;
  onInvalid = options.onInvalid ?? (() => {});
}

/** The checked payload and the aggregate of an event about to be published; throws for a bad publish. */
export function checkEvent(
  topic: string | EventDefinition,
  tenantId: string,
  payload: Record<string, unknown>,
): { name: string; payload: Record<string, unknown>; aggregate: string | null } {
  const definition = typeof topic === 'string' ? catalog.get(topic) : topic;
  if (!definition) {
    throw new AppError('internal', `Event '${String(topic)}' is not declared (defineEvent in the module that publishes it)`, { topic: String(topic) });
  }
  const r = definition.schema.safeParse(payload);
  if (!r.success) {
    const problem = describeIssues(r.error);
    if (strict) throw new AppError('internal', `Event '${definition.name}': payload does not match its schema (${problem})`, { topic: definition.name });
    onInvalid(definition.name, problem);
    return { name: definition.name, payload, aggregate: tenantId };
  }
  const aggregate = definition.aggregate ? definition.aggregate(r.data, tenantId) : tenantId;
  // What is written is what the caller gave (the schema checks it; it does not rewrite it).
  return { name: definition.name, payload, aggregate };
}
