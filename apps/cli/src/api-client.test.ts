import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, NetworkError } from './api-client.ts';
import { deleteCredentials, loadCredentials, saveCredentials } from './credentials.ts';
import { reportError, resolveTarget } from './context.ts';
import { rutArg, tenantRef } from './validate.ts';

type Call = { url: string; init: RequestInit };

function fakeFetch(answers: Array<Response | Error>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const impl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push({ url: String(input), init: init ?? {} });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch: impl as typeof fetch, calls };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const socketError = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
const header = (c: Call, name: string) => (c.init.headers as Record<string, string>)[name];

describe('api client', () => {
  it('sends the token, JSON, and one Idempotency-Key per creating POST (reused when it retries)', async () => {
    const f = fakeFetch([json(201, { id: 'a' }), socketError('ECONNRESET'), json(201, { id: 'b' })]);
    const api = createApiClient({ baseUrl: 'http://h:1/', token: 'tok', fetch: f.fetch, idempotencyBase: 'run' });
    await api.createTenant({ rut: '76086428-5', business_name: 'X', contact_email: 'x@x.cl' });
    await api.addDomain('76086428-5', { subdomain: 'acme' });
    expect(f.calls.map((c) => c.url)).toEqual([
      'http://h:1/api/v1/tenants',
      'http://h:1/api/v1/tenants/76086428-5/domains',
      'http://h:1/api/v1/tenants/76086428-5/domains',
    ]);
    expect(header(f.calls[0]!, 'authorization')).toBe('Bearer tok');
    expect(header(f.calls[0]!, 'content-type')).toBe('application/json');
    expect(f.calls.map((c) => header(c, 'idempotency-key'))).toEqual(['run.1', 'run.2', 'run.2']);
  });

  it('asks for server messages in the CLI language (es-CL by default, en with --lang en) and names itself', async () => {
    const f = fakeFetch([json(200, { items: [], next_cursor: null }), json(200, { items: [], next_cursor: null })]);
    await createApiClient({ baseUrl: 'http://h:1', fetch: f.fetch }).listTenants({ limit: 1 });
    await createApiClient({ baseUrl: 'http://h:1', fetch: f.fetch, lang: 'en' }).listTenants({ limit: 1 });
    expect(f.calls.map((c) => header(c, 'accept-language'))).toEqual(['es-CL', 'en']);
    expect(header(f.calls[0]!, 'user-agent')).toMatch(/^smarteros-cli /);
  });

  it('does not send a key on reads, nor the token on login', async () => {
    const f = fakeFetch([json(200, { items: [], next_cursor: null }), json(200, { access_token: 't' })]);
    const api = createApiClient({ baseUrl: 'http://h:1', token: 'tok', fetch: f.fetch });
    await api.listTenants({ q: 'los andes', status: undefined, limit: 5 });
    await api.login('a@b.cl', 'pw');
    expect(f.calls[0]!.url).toBe('http://h:1/api/v1/tenants?q=los+andes&limit=5');
    expect(header(f.calls[0]!, 'idempotency-key')).toBeUndefined();
    expect(header(f.calls[1]!, 'authorization')).toBeUndefined();
  });

  it('turns the error shape into ApiError, with the field issues', async () => {
    const f = fakeFetch([
      json(400, { error: { code: 'validation_failed', message: 'body.rut: bad', details: { issues: [{ path: 'body.rut', message: 'bad' }] } } }),
    ]);
    const api = createApiClient({ baseUrl: 'http://h:1', fetch: f.fetch });
    const err = await api.getTenant('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'validation_failed', message: 'body.rut: bad' });
    expect((err as ApiError).issues).toEqual([{ path: 'body.rut', message: 'bad' }]);
    const lines: string[] = [];
    expect(reportError(err, (l) => lines.push(l))).toBe(2);
    expect(lines).toEqual(['error: body.rut: bad']);
  });

  it('maps exit codes from the one table, 1 for codes it does not know', () => {
    const lines: string[] = [];
    expect(reportError(new ApiError(409, { code: 'rut_taken', message: 'taken' }), (l) => lines.push(l))).toBe(5);
    expect(reportError(new ApiError(418, { code: 'teapot', message: 'no' }), (l) => lines.push(l))).toBe(1);
    expect(reportError(new ApiError(401, { code: 'unauthorized', message: 'Sign in' }), (l) => lines.push(l))).toBe(3);
    expect(lines.at(-1)).toContain('smarteros login');
  });

  it('tells apart nothing listening, unknown host and timeouts', async () => {
    const refused = createApiClient({ baseUrl: 'http://h:1', fetch: fakeFetch([socketError('ECONNREFUSED')]).fetch });
    await expect(refused.me()).rejects.toMatchObject({ name: 'NetworkError', problem: 'refused' });
    const unknown = createApiClient({ baseUrl: 'http://h:1', fetch: fakeFetch([socketError('ENOTFOUND')]).fetch });
    await expect(unknown.me()).rejects.toMatchObject({ problem: 'not_found' });
    const slow = createApiClient({ baseUrl: 'http://h:1', fetch: fakeFetch([Object.assign(new Error('t'), { name: 'TimeoutError' })]).fetch });
    await expect(slow.me()).rejects.toMatchObject({ problem: 'timeout' });
    const lines: string[] = [];
    expect(reportError(new NetworkError('refused', 'http://h:1', 'x'), (l) => lines.push(l))).toBe(7);
    expect(lines.join('\n')).toContain('npm start');
  });
});

describe('where and as whom', () => {
  const stored = { url: 'http://saved:3000', token: 'saved-token', expires_at: '2999-01-01T00:00:00Z' };

  it('takes --url, then SMARTEROS_URL, then the stored login, then localhost', () => {
    expect(resolveTarget({}, {}, undefined).url).toBe('http://localhost:3000');
    expect(resolveTarget({}, {}, stored)).toMatchObject({ url: 'http://saved:3000', token: 'saved-token', tokenSource: 'login' });
    expect(resolveTarget({}, { SMARTEROS_URL: 'http://env:1/' }, stored)).toMatchObject({ url: 'http://env:1', token: undefined });
    expect(resolveTarget({ url: 'http://flag:2' }, { SMARTEROS_URL: 'http://env:1' }, stored).url).toBe('http://flag:2');
    expect(() => resolveTarget({ url: 'localhost:3000' }, {}, undefined)).toThrow(/--url/);
  });

  it('takes --token, then SMARTEROS_TOKEN, then an unexpired stored login for that server', () => {
    expect(resolveTarget({ token: 'sk_x' }, { SMARTEROS_TOKEN: 'e' }, stored)).toMatchObject({ token: 'sk_x', tokenSource: 'flag' });
    expect(resolveTarget({}, { SMARTEROS_TOKEN: 'e' }, stored)).toMatchObject({ token: 'e', tokenSource: 'env' });
    const expired = { ...stored, expires_at: '2000-01-01T00:00:00Z' };
    expect(resolveTarget({}, {}, expired)).toMatchObject({ token: undefined, tokenSource: 'none', login: expired });
  });

  it('stores the login with mode 0600 and forgets it on logout', () => {
    const env = { SMARTEROS_CONFIG_DIR: join(mkdtempSync(join(tmpdir(), 'smarteros-cred-')), 'nested') };
    const file = saveCredentials(stored, env);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadCredentials(env)).toEqual(stored);
    expect(deleteCredentials(env)).toBe(true);
    expect(deleteCredentials(env)).toBe(false);
    expect(loadCredentials(env)).toBeUndefined();
  });
});

describe('local checks', () => {
  it('accepts any spelling of a RUT and names the field when it is wrong', () => {
    expect(rutArg('rut', '76.086.428-5')).toBe('76086428-5');
    expect(tenantRef('760864285')).toBe('76086428-5');
    expect(tenantRef('3F2504E0-4F89-41D3-9A0C-0305E82C3301')).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    expect(() => rutArg('rut', '76.086.428-4')).toThrow(/^rut: /);
    expect(() => tenantRef('acme')).toThrow(/--tenant/);
  });
});
