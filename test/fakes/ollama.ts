import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Ollama's chat API as its documentation gives it, on loopback: `POST /api/chat` with `{ model, messages, tools?,
 * stream: false }`, answering `{ model, created_at, message: { role: 'assistant', content, tool_calls?: [{ function:
 * { name, arguments } }] }, done: true, done_reason, prompt_eval_count, eval_count }` (arguments as an object, as Ollama
 * sends them). Errors as Ollama answers them, `{ error }`: 404 for a model it does not have ("model \"x\" not found, try
 * pulling it first"), 400 for tools offered to a model without tool support ("... does not support tools"), and what a
 * proxy in front of it may answer (401, 429, 500). What the "model" says is scripted per test: the script sees the
 * request and answers text, tool calls, an error, or nothing at all (a hang, for timeouts).
 */
export type FakeModelTurn =
  | { content?: string; tool_calls?: Array<{ name: string; arguments: Record<string, unknown> | string }> }
  | { error: 401 | 404 | 429 | 500 }
  | { hang: true };

export interface FakeModelRequest {
  model: string;
  messages: Array<Record<string, unknown>>;
  /** The offered tools' names. */
  tools: string[];
  body: Record<string, unknown>;
}

export interface OllamaFake {
  url: string;
  /** Models it has (others: 404). */
  models: Set<string>;
  /** Models without tool support (tools offered: 400). */
  noTools: Set<string>;
  /** When set, the bearer token a proxy in front of it requires (others: 401). */
  apiKey: string | null;
  /** What the model answers; by default, text, or the probe's tool call when offered. */
  script: (req: FakeModelRequest) => FakeModelTurn;
  requests: Array<{ path: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

const defaultScript = (req: FakeModelRequest): FakeModelTurn => (req.tools.includes('smarteros_probe') ? { tool_calls: [{ name: 'smarteros_probe', arguments: { ok: true } }] } : { content: 'Hola.' });

export async function startOllama(): Promise<OllamaFake> {
  const fake: Omit<OllamaFake, 'url' | 'close'> = { models: new Set(['llama3.1:8b']), noTools: new Set(), apiKey: null, script: defaultScript, requests: [] };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== '/api/chat') return answer(404, { error: '404 page not found' });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return answer(400, { error: 'invalid character in JSON' });
      }
      fake.requests.push({ path: req.url, headers: req.headers, body });
      if (fake.apiKey !== null && req.headers.authorization !== `Bearer ${fake.apiKey}`) return answer(401, { error: 'unauthorized' });
      const model = String(body.model ?? '');
      if (body.stream !== false) return answer(400, { error: 'this fake answers stream:false only' });
      if (!fake.models.has(model)) return answer(404, { error: `model "${model}" not found, try pulling it first` });
      const tools = Array.isArray(body.tools) ? (body.tools as Array<{ function?: { name?: string } }>).map((t) => String(t.function?.name ?? '')) : [];
      if (tools.length > 0 && fake.noTools.has(model)) return answer(400, { error: `registry.ollama.ai/library/${model} does not support tools` });
      const turn = fake.script({ model, messages: (body.messages as Array<Record<string, unknown>>) ?? [], tools, body });
      if ('hang' in turn) return; // never answers: the caller's timeout ends it
      if ('error' in turn) {
        const words: Record<number, string> = { 401: 'unauthorized', 404: `model "${model}" not found, try pulling it first`, 429: 'too many requests', 500: 'llama runner process has terminated' };
        return answer(turn.error, { error: words[turn.error] });
      }
      const calls = (turn.tool_calls ?? []).map((c) => ({ function: { name: c.name, arguments: c.arguments } }));
      return answer(200, {
        model,
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content: turn.content ?? '', ...(calls.length ? { tool_calls: calls } : {}) },
        done: true,
        done_reason: 'stop',
        total_duration: 1000,
        prompt_eval_count: JSON.stringify(body.messages ?? []).length >> 2,
        eval_count: (turn.content ?? '').length + calls.length * 10,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
