import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeModelRequest, FakeModelTurn } from './ollama.ts';

/**
 * An OpenAI-compatible chat completions endpoint as OpenAI documents it, on loopback: `POST /v1/chat/completions` with
 * `{ model, messages, tools?, tool_choice? }` and `Authorization: Bearer <key>`, answering `{ id, object:
 * 'chat.completion', created, model, choices: [{ index, message: { role: 'assistant', content, tool_calls?: [{ id, type:
 * 'function', function: { name, arguments } }] }, finish_reason }], usage: { prompt_tokens, completion_tokens,
 * total_tokens } }` — the arguments as JSON text, as OpenAI sends them. Errors in OpenAI's shape `{ error: { message,
 * type, param, code } }`: 401 invalid_api_key, 404 model_not_found, 429 rate_limit_exceeded, 500 server_error, and 400
 * for tools offered to a model served without tool calling (vLLM's words). The "model" is scripted per test, as in the
 * Ollama fake.
 */
export interface OpenAiCompatibleFake {
  url: string;
  /** Keys it accepts (empty: no key needed). */
  apiKeys: Set<string>;
  models: Set<string>;
  noTools: Set<string>;
  script: (req: FakeModelRequest) => FakeModelTurn;
  requests: Array<{ path: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

const ERRORS = {
  401: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
  404: { message: 'The model does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' },
  429: { message: 'Rate limit reached for requests.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request.', type: 'server_error', code: null },
} as const;

export async function startOpenAiCompatible(): Promise<OpenAiCompatibleFake> {
  const fake: Omit<OpenAiCompatibleFake, 'url' | 'close'> = {
    apiKeys: new Set(['sk-test-openai-compatible-0001']),
    models: new Set(['gpt-4o-mini']),
    noTools: new Set(),
    script: (req) => (req.tools.includes('smarteros_probe') ? { tool_calls: [{ name: 'smarteros_probe', arguments: { ok: true } }] } : { content: 'Hello.' }),
    requests: [],
  };
  let next = 1;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const fail = (status: keyof typeof ERRORS, message?: string) => answer(status, { error: { ...ERRORS[status], ...(message ? { message } : {}), param: null } });
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return answer(404, { error: { message: `Invalid URL (${req.method} ${req.url})`, type: 'invalid_request_error', param: null, code: null } });
      const auth = req.headers.authorization;
      if (fake.apiKeys.size > 0 && !(auth?.startsWith('Bearer ') && fake.apiKeys.has(auth.slice(7)))) return fail(401);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return answer(400, { error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error', param: null, code: null } });
      }
      fake.requests.push({ path: req.url, headers: req.headers, body });
      const model = String(body.model ?? '');
      if (!fake.models.has(model)) return fail(404, `The model \`${model}\` does not exist or you do not have access to it.`);
      const tools = Array.isArray(body.tools) ? (body.tools as Array<{ function?: { name?: string } }>).map((t) => String(t.function?.name ?? '')) : [];
      if (tools.length > 0 && fake.noTools.has(model)) {
        return answer(400, { error: { message: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set', type: 'BadRequestError', param: null, code: 400 } });
      }
      const turn = fake.script({ model, messages: (body.messages as Array<Record<string, unknown>>) ?? [], tools, body });
      if ('hang' in turn) return;
      if ('error' in turn) return fail(turn.error);
      const calls = (turn.tool_calls ?? []).map((c, i) => ({ id: `call_${next}_${i}`, type: 'function', function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) } }));
      const prompt = JSON.stringify(body.messages ?? []).length >> 2;
      const completion = (turn.content ?? '').length + calls.length * 10;
      return answer(200, {
        id: `chatcmpl-${next++}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: turn.content ?? null, ...(calls.length ? { tool_calls: calls } : {}) }, finish_reason: calls.length ? 'tool_calls' : 'stop' }],
        usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
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
