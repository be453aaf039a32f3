import { rutFromBody } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOllama, type OllamaFake } from '../../../../test/fakes/ollama.ts';
import { startOpenAiCompatible, type OpenAiCompatibleFake } from '../../../../test/fakes/openai-compatible.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * AI providers per tenant at /api/v1/ai/providers: the key sealed and write-only, the base URL through the egress guard
 * (a loopback Ollama only with SMARTEROS_AI_ALLOWED_HOSTS), the probe against the contract fakes (answers? calls tools?),
 * its failures named, the usage counted per tenant; another tenant's provider is not found.
 */
let t: TestServer;
let ollama: OllamaFake;
let openai: OpenAiCompatibleFake;
let tenantA = '';
let tenantB = '';
const KEY = 'sk-test-openai-compatible-0001';

const api = (method: string, url: string, body?: unknown, token?: string) => t.request({ method, url, ...(body !== undefined ? { body } : {}), ...(token ? { token } : {}) });
const provider = async (tenant: string, body: Record<string, unknown>) => {
  const res = await api('POST', `/api/v1/ai/providers?tenant_id=${tenant}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; api_key: { last4: string; fingerprint: string } | null; probe: unknown };
};
const probe = async (tenant: string, id: string) => {
  const res = await api('POST', `/api/v1/ai/providers/${id}/probe?tenant_id=${tenant}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { probe: { reachable: boolean; supports_tools: boolean | null; error: string | null } }).probe;
};

beforeAll(async () => {
  ollama = await startOllama();
  openai = await startOpenAiCompatible();
  // No SMARTEROS_EGRESS_ALLOW: only the AI allowlist lets the loopback fakes in, for model calls.
  t = await createTestServer({ env: { SMARTEROS_AI_ALLOWED_HOSTS: '127.0.0.1/32', SMARTEROS_AI_TIMEOUT_MS: '1000' } });
  tenantA = String((await api('POST', '/api/v1/tenants', { rut: rutFromBody(76_500_173), business_name: 'Pastelería 173', contact_email: 'x@x.cl' })).body.id);
  tenantB = String((await api('POST', '/api/v1/tenants', { rut: rutFromBody(76_500_174), business_name: 'Pastelería 174', contact_email: 'x@x.cl' })).body.id);
});
afterAll(async () => {
  await t?.close();
  await ollama?.close();
  await openai?.close();
});

describe('creating and changing providers', () => {
  it('seals the key: only its last four and fingerprint come back, and the database holds no plaintext', async () => {
    const p = await provider(tenantA, { name: 'OpenAI', kind: 'openai_compatible', base_url: openai.url, model: 'gpt-4o-mini', api_key: KEY });
    expect(p.api_key).toEqual({ last4: '0001', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) });
    for (const res of [await api('GET', `/api/v1/ai/providers/${p.id}?tenant_id=${tenantA}`), await api('GET', `/api/v1/ai/providers?tenant_id=${tenantA}`)]) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(KEY);
    }
    const row = await t.testDb.db.asOwner((tx) => tx.selectFrom('ai_providers').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow());
    expect(Buffer.from(row.api_key_ciphertext!).toString('utf8')).not.toContain(KEY);
    expect(JSON.stringify(row)).not.toContain(KEY);
  });

  it('refuses a base URL the egress guard refuses, naming base_url, and writes nothing', async () => {
    for (const base_url of ['http://10.0.0.5:11434', 'http://localhost:11434', 'http://169.254.169.254', 'ftp://x.cl']) {
      const res = await api('POST', `/api/v1/ai/providers?tenant_id=${tenantA}`, { name: `bad ${base_url}`, kind: 'ollama', base_url, model: 'llama3.1:8b' });
      expect(res.status, base_url).toBe(400);
      expect(JSON.stringify(res.body), base_url).toContain('base_url');
    }
    const bad = await api('POST', `/api/v1/ai/providers?tenant_id=${tenantA}`, { name: 'x', kind: 'gemini', base_url: ollama.url, model: 'm' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('kind');
    const names = ((await api('GET', `/api/v1/ai/providers?tenant_id=${tenantA}`)).body.items as Array<{ name: string }>).map((i) => i.name);
    expect(names.filter((n) => n.startsWith('bad') || n === 'x')).toEqual([]);
  });

  it('refuses a second provider of the same name (409); patches, removes the key with null, deletes', async () => {
    const p = await provider(tenantA, { name: 'Ollama local', kind: 'ollama', base_url: ollama.url, model: 'llama3.1:8b' });
    expect(p.api_key).toBeNull();
    const dup = await api('POST', `/api/v1/ai/providers?tenant_id=${tenantA}`, { name: 'Ollama local', kind: 'ollama', base_url: ollama.url, model: 'llama3.1:8b' });
    expect(dup.status).toBe(409);
    const keyed = await api('PATCH', `/api/v1/ai/providers/${p.id}?tenant_id=${tenantA}`, { api_key: 'proxy-key-for-ollama-9876' });
    expect(keyed.body.api_key).toMatchObject({ last4: '9876' });
    const unkeyed = await api('PATCH', `/api/v1/ai/providers/${p.id}?tenant_id=${tenantA}`, { api_key: null, model: 'qwen2.5:7b' });
    expect(unkeyed.body).toMatchObject({ api_key: null, model: 'qwen2.5:7b' });
    expect((await api('PATCH', `/api/v1/ai/providers/${p.id}?tenant_id=${tenantA}`, {})).status).toBe(400);
    expect((await api('DELETE', `/api/v1/ai/providers/${p.id}?tenant_id=${tenantA}`)).status).toBe(204);
    expect((await api('GET', `/api/v1/ai/providers/${p.id}?tenant_id=${tenantA}`)).status).toBe(404);
  });

  it("never shows, changes, probes or deletes another tenant's provider", async () => {
    const p = await provider(tenantA, { name: 'Solo A', kind: 'ollama', base_url: ollama.url, model: 'llama3.1:8b' });
    for (const [method, url, body] of [
      ['GET', `/api/v1/ai/providers/${p.id}`],
      ['PATCH', `/api/v1/ai/providers/${p.id}`, { name: 'robado' }],
      ['POST', `/api/v1/ai/providers/${p.id}/probe`],
      ['DELETE', `/api/v1/ai/providers/${p.id}`],
    ] as const) {
      expect((await api(method, `${url}?tenant_id=${tenantB}`, body)).status, `${method} ${url}`).toBe(404);
    }
    expect((await api('GET', `/api/v1/ai/providers?tenant_id=${tenantB}`)).body.items).toEqual([]);
  });
});

describe('the probe', () => {
  it('finds an Ollama model that calls tools, one that does not take them, and a model the endpoint lacks', async () => {
    const good = await provider(tenantA, { name: 'Ollama tools', kind: 'ollama', base_url: ollama.url, model: 'llama3.1:8b' });
    expect(await probe(tenantA, good.id)).toEqual({ probed_at: expect.any(String), reachable: true, supports_tools: true, error: null });
    expect(ollama.requests.at(-1)!.body).toMatchObject({ stream: false, tools: [{ type: 'function', function: { name: 'smarteros_probe' } }] });
    ollama.models.add('gemma:2b');
    ollama.noTools.add('gemma:2b');
    const textOnly = await provider(tenantA, { name: 'Ollama sin tools', kind: 'ollama', base_url: ollama.url, model: 'gemma:2b' });
    expect(await probe(tenantA, textOnly.id)).toMatchObject({ reachable: true, supports_tools: false, error: null });
    const missing = await provider(tenantA, { name: 'Ollama sin modelo', kind: 'ollama', base_url: ollama.url, model: 'mistral:7b' });
    expect(await probe(tenantA, missing.id)).toMatchObject({ reachable: false, supports_tools: null, error: expect.stringMatching(/^model_not_found: .*not found/) });
    // Changing the model forgets the probe.
    ollama.models.add('mistral:7b');
    const changed = await api('PATCH', `/api/v1/ai/providers/${missing.id}?tenant_id=${tenantA}`, { model: 'llama3.1:8b' });
    expect(changed.body.probe).toBeNull();
  });

  it('tells a model that answers in text only, a wrong key, 429, 500 and a timeout apart', async () => {
    const p = await provider(tenantA, { name: 'OpenAI probe', kind: 'openai_compatible', base_url: openai.url, model: 'gpt-4o-mini', api_key: KEY });
    expect(await probe(tenantA, p.id)).toMatchObject({ reachable: true, supports_tools: true });
    expect(openai.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
    openai.script = () => ({ content: 'I cannot call tools.' });
    expect(await probe(tenantA, p.id)).toMatchObject({ reachable: true, supports_tools: false });
    for (const [turn, reason] of [[{ error: 429 }, 'rate_limited'], [{ error: 500 }, 'upstream'], [{ hang: true }, 'timeout']] as const) {
      openai.script = () => turn;
      expect(await probe(tenantA, p.id), reason).toMatchObject({ reachable: false, error: expect.stringMatching(new RegExp(`^${reason}: `)) });
    }
    await api('PATCH', `/api/v1/ai/providers/${p.id}?tenant_id=${tenantA}`, { api_key: 'sk-wrong-key-0000000' });
    expect(await probe(tenantA, p.id)).toMatchObject({ reachable: false, error: expect.stringMatching(/^unauthorized: /) });
  });

  it('counts every call in the usage of the tenant, with tokens and failures', async () => {
    const res = await api('GET', `/api/v1/ai/usage?tenant_id=${tenantA}`);
    expect(res.status).toBe(200);
    const total = res.body.total as { requests: number; failures: number; prompt_tokens: number; completion_tokens: number };
    // Probes above: Ollama 3 (1 tools refused counts as a failed call), OpenAI 6.
    expect(total.requests).toBe(9);
    expect(total.failures).toBe(6);
    expect(total.prompt_tokens).toBeGreaterThan(0);
    expect((await api('GET', `/api/v1/ai/usage?tenant_id=${tenantB}`)).body.total).toEqual({ requests: 0, failures: 0, prompt_tokens: 0, completion_tokens: 0 });
  });
});
