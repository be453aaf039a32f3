import { createEgressGuard } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOllama, type OllamaFake } from '../../../../test/fakes/ollama.ts';
import { startOpenAiCompatible, type OpenAiCompatibleFake } from '../../../../test/fakes/openai-compatible.ts';
import { callModel, endpointOf, ModelError, type ModelConnection, type ModelRequest } from './ai.connectors.ts';

/** The two connectors against their contract fakes: the documented request shapes, tool calls both ways, the errors. */
let ollama: OllamaFake;
let openai: OpenAiCompatibleFake;
const egress = createEgressGuard({ allow: ['127.0.0.0/8'] });
const TOOL = { name: 'orders__search', description: 'Search orders', parameters: { type: 'object', properties: { status: { type: 'string' } } } };

beforeAll(async () => {
  ollama = await startOllama();
  openai = await startOpenAiCompatible();
});
afterAll(async () => {
  await ollama?.close();
  await openai?.close();
});

const conn = (kind: 'ollama' | 'openai'): ModelConnection =>
  kind === 'ollama' ? { kind: 'ollama', baseUrl: ollama.url, model: 'llama3.1:8b', apiKey: null } : { kind: 'openai_compatible', baseUrl: openai.url, model: 'gpt-4o-mini', apiKey: 'sk-test-openai-compatible-0001' };

const failureOf = async (p: Promise<unknown>): Promise<ModelError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelError);
  return err as ModelError;
};

describe('endpoints', () => {
  it('is /api/chat for Ollama and /v1/chat/completions for OpenAI-compatible (a base ending in /v1 as it is)', () => {
    expect(endpointOf('ollama', 'http://127.0.0.1:11434/')).toBe('http://127.0.0.1:11434/api/chat');
    expect(endpointOf('openai_compatible', 'https://api.openai.com')).toBe('https://api.openai.com/v1/chat/completions');
    expect(endpointOf('openai_compatible', 'https://api.groq.com/openai/v1')).toBe('https://api.groq.com/openai/v1/chat/completions');
  });
});

describe.each(['ollama', 'openai'] as const)('%s', (kind) => {
  const fake = () => (kind === 'ollama' ? ollama : openai);

  it('offers tools, reads a tool call, sends its result back, and reads the final text and usage', async () => {
    fake().script = (req) => {
      const last = req.messages[req.messages.length - 1]!;
      if (last.role === 'tool') return { content: `Su pedido está: ${String(last.content)}` };
      return { tool_calls: [{ name: 'orders__search', arguments: { status: 'paid' } }] };
    };
    const req: ModelRequest = { messages: [{ role: 'system', content: 'Eres un asistente.' }, { role: 'user', content: '¿Y mi pedido?' }], tools: [TOOL] };
    const first = await callModel(egress, conn(kind), req, 5000);
    expect(first.toolCalls).toEqual([{ id: expect.any(String), name: 'orders__search', arguments: { status: 'paid' } }]);
    expect(first.usage.promptTokens).toBeGreaterThan(0);
    const sent = fake().requests.at(-1)!;
    expect(sent.body).toMatchObject({ model: conn(kind).model, tools: [{ type: 'function', function: { name: 'orders__search', parameters: TOOL.parameters } }] });
    if (kind === 'ollama') expect(sent.body.stream).toBe(false);
    else expect(sent.headers.authorization).toBe('Bearer sk-test-openai-compatible-0001');

    req.messages.push({ role: 'assistant', content: first.text, toolCalls: first.toolCalls }, { role: 'tool', toolCallId: first.toolCalls[0]!.id, name: 'orders__search', content: 'pagado' });
    const second = await callModel(egress, conn(kind), req, 5000);
    expect(second).toMatchObject({ text: 'Su pedido está: pagado', toolCalls: [] });
    const echoed = fake().requests.at(-1)!.body.messages as Array<Record<string, unknown>>;
    if (kind === 'ollama') {
      expect(echoed[2]).toEqual({ role: 'assistant', content: '', tool_calls: [{ function: { name: 'orders__search', arguments: { status: 'paid' } } }] });
      expect(echoed[3]).toEqual({ role: 'tool', content: 'pagado', tool_name: 'orders__search' });
    } else {
      expect(echoed[2]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: first.toolCalls[0]!.id, type: 'function', function: { name: 'orders__search', arguments: '{"status":"paid"}' } }] });
      expect(echoed[3]).toEqual({ role: 'tool', tool_call_id: first.toolCalls[0]!.id, content: 'pagado' });
    }
  });

  it('sends no tools when none are offered (text only)', async () => {
    fake().script = () => ({ content: 'Solo texto.' });
    const reply = await callModel(egress, conn(kind), { messages: [{ role: 'user', content: 'hola' }] }, 5000);
    expect(reply.text).toBe('Solo texto.');
    expect(fake().requests.at(-1)!.body).not.toHaveProperty('tools');
  });

  it('takes arguments that are not a JSON object as null', async () => {
    fake().script = () => ({ tool_calls: [{ name: 'orders__search', arguments: kind === 'ollama' ? '[1,2]' : '{not json' }] });
    const reply = await callModel(egress, conn(kind), { messages: [{ role: 'user', content: 'x' }], tools: [TOOL] }, 5000);
    expect(reply.toolCalls[0]!.arguments).toBeNull();
  });

  it('names each failure: 401, 404 model not found, 429, 500, tools unsupported, timeout, a refused address', async () => {
    for (const [status, reason] of [[401, 'unauthorized'], [429, 'rate_limited'], [500, 'upstream']] as const) {
      fake().script = () => ({ error: status });
      const err = await failureOf(callModel(egress, conn(kind), { messages: [{ role: 'user', content: 'x' }] }, 5000));
      expect(err.reason, String(status)).toBe(reason);
      expect(err.status).toBe(status);
    }
    fake().script = () => ({ content: 'x' });
    expect((await failureOf(callModel(egress, { ...conn(kind), model: 'nope:1b' }, { messages: [{ role: 'user', content: 'x' }] }, 5000))).reason).toBe('model_not_found');
    fake().noTools.add('tiny');
    fake().models.add('tiny');
    expect((await failureOf(callModel(egress, { ...conn(kind), model: 'tiny' }, { messages: [{ role: 'user', content: 'x' }], tools: [TOOL] }, 5000))).reason).toBe('tools_unsupported');
    fake().script = () => ({ hang: true });
    expect((await failureOf(callModel(egress, conn(kind), { messages: [{ role: 'user', content: 'x' }] }, 300))).reason).toBe('timeout');
    const strict = createEgressGuard();
    expect((await failureOf(callModel(strict, conn(kind), { messages: [{ role: 'user', content: 'x' }] }, 5000))).reason).toBe('refused');
  });

  if (kind === 'openai') {
    it('sends the key as a bearer token: a wrong one is unauthorized', async () => {
      fake().script = () => ({ content: 'x' });
      expect((await failureOf(callModel(egress, { ...conn(kind), apiKey: 'sk-wrong' }, { messages: [{ role: 'user', content: 'x' }] }, 5000))).reason).toBe('unauthorized');
    });
  }
});
