import type { EgressGuard } from '@smarteros/kernel';
import { AppError } from '@smarteros/kernel';
import type { AiProviderKind } from './ai.tables.ts';

/**
 * The two kinds of model endpoint behind one interface: messages in, text or tool calls out, with the tokens used.
 * Ollama's `POST /api/chat` (non-streaming, `stream: false`, `tools`) and the OpenAI-compatible
 * `POST /v1/chat/completions` (`tools`, `tool_calls` with JSON-text arguments). Every call goes through the egress guard
 * with a timeout for the whole answer; every failure is a ModelError naming what a person can act on.
 */

export interface ToolSpec {
  /** A function name the endpoints accept (letters, digits, _ and -; at most 64). */
  name: string;
  description: string;
  /** JSON Schema of the arguments (an object). */
  parameters: Record<string, unknown>;
}

export interface ToolCall {
  id: string;
  name: string;
  /** The arguments the model gave; null when they are not a JSON object. */
  arguments: Record<string, unknown> | null;
}

export type ModelMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

export interface ModelRequest {
  messages: ModelMessage[];
  /** Offered tools; none (or empty): text only. */
  tools?: ToolSpec[];
}

export interface ModelUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface ModelReply {
  text: string;
  toolCalls: ToolCall[];
  usage: ModelUsage;
}

/** What went wrong, in words a person can act on. */
export type ModelErrorReason = 'unauthorized' | 'model_not_found' | 'rate_limited' | 'tools_unsupported' | 'upstream' | 'timeout' | 'refused' | 'bad_response';

export class ModelError extends Error {
  override readonly name = 'ModelError';
  readonly reason: ModelErrorReason;
  readonly status: number | undefined;
  constructor(reason: ModelErrorReason, message: string, status?: number) {
    super(message);
    this.reason = reason;
    this.status = status;
  }
}

export interface ModelConnection {
  kind: AiProviderKind;
  baseUrl: string;
  model: string;
  apiKey: string | null;
}

/** The most of an answer that is read (a model's answer to a customer is short). */
const MAX_BODY = 1_000_000;

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** Where a kind's chat endpoint is: Ollama's /api/chat; OpenAI-compatible /v1/chat/completions (a base URL ending in /v1 is taken as it is). */
export function endpointOf(kind: AiProviderKind, baseUrl: string): string {
  const base = trimSlash(baseUrl);
  if (kind === 'ollama') return `${base}/api/chat`;
  return /\/v\d+$/.test(base) ? `${base}/chat/completions` : `${base}/v1/chat/completions`;
}

const functionOf = (t: ToolSpec) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } });

function ollamaBody(model: string, req: ModelRequest): Record<string, unknown> {
  const messages = req.messages.map((m) => {
    if (m.role === 'tool') return { role: 'tool', content: m.content, tool_name: m.name };
    if (m.role === 'assistant' && m.toolCalls?.length) return { role: 'assistant', content: m.content, tool_calls: m.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.arguments ?? {} } })) };
    return { role: m.role, content: m.content };
  });
  return { model, messages, stream: false, ...(req.tools?.length ? { tools: req.tools.map(functionOf) } : {}) };
}

function openAiBody(model: string, req: ModelRequest): Record<string, unknown> {
  const messages = req.messages.map((m) => {
    if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
    if (m.role === 'assistant' && m.toolCalls?.length) {
      return { role: 'assistant', content: m.content || null, tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments ?? {}) } })) };
    }
    return { role: m.role, content: m.content };
  });
  return { model, messages, ...(req.tools?.length ? { tools: req.tools.map(functionOf), tool_choice: 'auto' } : {}) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function argumentsOf(raw: unknown): Record<string, unknown> | null {
  if (isObject(raw)) return raw;
  if (typeof raw !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : 0);

function ollamaReply(body: Record<string, unknown>): ModelReply {
  const message = body.message;
  if (!isObject(message)) throw new ModelError('bad_response', 'The model endpoint answered without a message');
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  return {
    text: typeof message.content === 'string' ? message.content : '',
    toolCalls: calls.map((c: unknown, i) => {
      const fn = isObject(c) && isObject(c.function) ? c.function : {};
      return { id: isObject(c) && typeof c.id === 'string' ? c.id : `call_${i}`, name: typeof fn.name === 'string' ? fn.name : '', arguments: argumentsOf(fn.arguments) };
    }),
    usage: { promptTokens: count(body.prompt_eval_count), completionTokens: count(body.eval_count) },
  };
}

function openAiReply(body: Record<string, unknown>): ModelReply {
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  const message = isObject(choice) ? choice.message : undefined;
  if (!isObject(message)) throw new ModelError('bad_response', 'The model endpoint answered without a choice');
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  const usage = isObject(body.usage) ? body.usage : {};
  return {
    text: typeof message.content === 'string' ? message.content : '',
    toolCalls: calls.map((c: unknown, i) => {
      const fn = isObject(c) && isObject(c.function) ? c.function : {};
      return { id: isObject(c) && typeof c.id === 'string' ? c.id : `call_${i}`, name: typeof fn.name === 'string' ? fn.name : '', arguments: argumentsOf(fn.arguments) };
    }),
    usage: { promptTokens: count(usage.prompt_tokens), completionTokens: count(usage.completion_tokens) },
  };
}

/** The endpoint's own words for an error (Ollama: { error }; OpenAI: { error: { message, code } }), cut short. */
function errorText(body: unknown): string {
  if (!isObject(body)) return '';
  const e = body.error;
  if (typeof e === 'string') return e.slice(0, 300);
  if (isObject(e)) return `${typeof e.code === 'string' ? `${e.code}: ` : ''}${typeof e.message === 'string' ? e.message : ''}`.slice(0, 300);
  return '';
}

function failure(status: number, body: unknown): ModelError {
  const said = errorText(body);
  const suffix = said ? ` (${said})` : '';
  if (status === 401 || status === 403) return new ModelError('unauthorized', `The model endpoint refused the API key${suffix}`, status);
  if (status === 429) return new ModelError('rate_limited', `The model endpoint is rate limiting${suffix}`, status);
  if (/does not support tools|tool[_ ]?choice|tools? (are|is) not supported|enable-auto-tool-choice/i.test(said)) return new ModelError('tools_unsupported', `The model does not take tools${suffix}`, status);
  if (status === 404) return new ModelError('model_not_found', `The model endpoint does not have this model${suffix}`, status);
  return new ModelError('upstream', `The model endpoint answered ${status}${suffix}`, status);
}

/** One call to a model endpoint. Throws ModelError. */
export async function callModel(egress: EgressGuard, conn: ModelConnection, req: ModelRequest, timeoutMs: number): Promise<ModelReply> {
  const url = endpointOf(conn.kind, conn.baseUrl);
  const body = conn.kind === 'ollama' ? ollamaBody(conn.model, req) : openAiBody(conn.model, req);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (conn.apiKey) headers.authorization = `Bearer ${conn.apiKey}`;
  const signal = AbortSignal.timeout(timeoutMs);
  let status: number;
  let text: string;
  try {
    const res = await egress.fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal, maxRedirects: 0 });
    status = res.status;
    text = await res.text();
  } catch (err) {
    if (signal.aborted || (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))) throw new ModelError('timeout', `The model endpoint did not answer within ${timeoutMs} ms`);
    if (err instanceof AppError && err.code === 'egress_refused') throw new ModelError('refused', err.message);
    throw new ModelError('upstream', `The model endpoint could not be reached (${err instanceof AppError ? err.message : err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : 'error'})`);
  }
  if (text.length > MAX_BODY) throw new ModelError('bad_response', 'The model endpoint answered too much');
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (status < 200 || status >= 300) throw failure(status, parsed);
  if (!isObject(parsed)) throw new ModelError('bad_response', 'The model endpoint did not answer JSON');
  return conn.kind === 'ollama' ? ollamaReply(parsed) : openAiReply(parsed);
}
