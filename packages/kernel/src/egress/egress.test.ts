import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { createEgressGuard, type EgressGuard, type EgressLookup } from './egress.ts';

/**
 * The egress guard against hostile URLs, DNS answers and redirects. Only loopback servers are ever contacted:
 * public addresses appear only in injected DNS answers that are refused (or consumed by resolve()) before a connect.
 */

const PUBLIC_V4 = '93.184.215.14';
const PUBLIC_V6 = '2606:4700:4700::1111';

/** A self-signed certificate for upstream.internal (valid 2000-2099), only for the TLS test below. */
const TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBdTCCARygAwIBAgIBATAKBggqhkjOPQQDAjAcMRowGAYDVQQDDBF1cHN0cmVh
bS5pbnRlcm5hbDAgFw0wMDAxMDEwMDAwMDBaGA8yMDk5MTIzMTAwMDAwMFowHDEa
MBgGA1UEAwwRdXBzdHJlYW0uaW50ZXJuYWwwWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAARQhkiAQCqFqXBZz3in9KDUmm0eCy7iIT/QrLOjkzJt4Ahy0GAk/C+E3M6K
rFty9tQqyL5RJ0+IK2EFF6OW2ic0o00wSzAcBgNVHREEFTATghF1cHN0cmVhbS5p
bnRlcm5hbDAMBgNVHRMEBTADAQH/MB0GA1UdDgQWBBS7y4ofcmIlFZ0bTMn90zLr
/sydfDAKBggqhkjOPQQDAgNHADBEAiBEvimFm9XhzE8KD/hBsaJ56qQ6eZkJJ9tN
V8phFGJBIwIgY6OUDw3vp2Xu+TjSmcEv5BP5kx5DcbfwUhDJwsCZ62E=
-----END CERTIFICATE-----`;
const TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg8GRzc2wxjkh37CKp
ltmm3PjioEzwHJfkxR8AlWWDQbuhRANCAARQhkiAQCqFqXBZz3in9KDUmm0eCy7i
IT/QrLOjkzJt4Ahy0GAk/C+E3M6KrFty9tQqyL5RJ0+IK2EFF6OW2ic0
-----END PRIVATE KEY-----`;

interface TestServer {
  origin: string;
  port: number;
  hits: IncomingMessage[];
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(host: string, handler: (req: IncomingMessage, res: ServerResponse, server: TestServer) => void): Promise<TestServer> {
  const state: TestServer = { origin: '', port: 0, hits: [] };
  const server = createServer((req, res) => {
    state.hits.push(req);
    handler(req, res, state);
  });
  await new Promise<void>((done) => server.listen(0, host, done));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://${host}:${state.port}`;
  cleanups.push(
    () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  );
  server.unref();
  return state;
}

const ok = (_req: IncomingMessage, res: ServerResponse): void => {
  res.end('ok');
};
const redirectTo =
  (location: string, status = 302) =>
  (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(status, { location }).end();
  };

function guard(options: Parameters<typeof createEgressGuard>[0] = {}): EgressGuard {
  const created = createEgressGuard(options);
  cleanups.push(() => created.dispatcher.close());
  return created;
}

/** A DNS stub that answers from a table (or a function) and counts queries. */
function dns(answers: Record<string, string[]> | ((host: string, call: number) => string[])): EgressLookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (host: string) => {
    calls.push(host);
    const list = typeof answers === 'function' ? answers(host, calls.length) : answers[host.replace(/\.$/, '')];
    if (list === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
  };
  return Object.assign(lookup, { calls });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`, { cause: error });
  return error;
}

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

describe('checkUrl: hostile URLs', () => {
  const corpus: Array<[url: string, reason: string]> = [
    // loopback, every spelling
    ['http://127.0.0.1/', 'loopback'],
    ['http://127.0.0.1:8080/admin', 'loopback'],
    ['https://127.255.255.254/', 'loopback'],
    ['http://127.0.0.1./', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://00000177.0.0.01/', 'loopback'],
    ['http://0x7f.0.0.1/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://0x7F.1/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://127.0.1/', 'loopback'],
    ['http://0177.1/', 'loopback'],
    ['http://0x7f.0.1/', 'loopback'],
    ['http://127.0x0.0.1/', 'loopback'],
    ['http://017700000001/', 'loopback'],
    ['http://127。0。0。1/', 'loopback'],
    ['http://①②⑦.0.0.1/', 'loopback'],
    ['http:\\\\127.0.0.1\\', 'loopback'],
    ['http:/127.0.0.1/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[0:0:0:0:0:0:0:1]/', 'loopback'],
    ['http://[0000::0001]:80/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::ffff:7f00:1]/', 'loopback'],
    ['http://[0:0:0:0:0:ffff:127.0.0.1]/', 'loopback'],
    ['http://[64:ff9b::127.0.0.1]/', 'loopback'],
    ['http://[2002:7f00:1::]/', 'loopback'],
    ['http://[::127.0.0.1]/', 'not_global'],
    // unspecified
    ['http://0.0.0.0/', 'unspecified'],
    ['http://0/', 'unspecified'],
    ['http://0x0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    // cloud metadata
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://2852039166/', 'metadata'],
    ['http://0xa9fea9fe/', 'metadata'],
    ['http://0xa9.0xfe.0xa9.0xfe/', 'metadata'],
    ['http://0251.0376.0251.0376/', 'metadata'],
    ['http://025177524776/', 'metadata'],
    ['http://169.254.43518/', 'metadata'],
    ['http://[::ffff:169.254.169.254]/', 'metadata'],
    ['http://[::ffff:a9fe:a9fe]/', 'metadata'],
    ['http://[fd00:ec2::254]/latest/meta-data/', 'metadata'],
    ['http://100.100.100.200/latest/meta-data/', 'metadata'],
    ['http://168.63.129.16/', 'metadata'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata'],
    ['http://METADATA.google.internal./', 'metadata'],
    ['http://metadata.goog/', 'metadata'],
    // private, link-local, shared, multicast, broadcast, reserved
    ['http://10.0.0.1/', 'private'],
    ['http://10.1/', 'private'],
    ['http://167772161/', 'private'],
    ['http://172.16.0.1/', 'private'],
    ['http://192.168.0.1/', 'private'],
    ['http://0300.0250.0.1/', 'private'],
    ['http://0xc0a80001/', 'private'],
    ['http://169.254.0.1/', 'link_local'],
    ['http://100.64.0.1/', 'cgnat'],
    ['http://100.127.255.254/', 'cgnat'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://239.255.255.250/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
    ['http://4294967295/', 'broadcast'],
    ['http://192.0.2.10/', 'reserved'],
    ['http://198.18.0.1/', 'reserved'],
    ['http://240.0.0.1/', 'reserved'],
    ['http://[fe80::1]/', 'link_local'],
    ['http://[fc00::1]/', 'unique_local'],
    ['http://[fd00::1]/', 'unique_local'],
    ['http://[fec0::1]/', 'site_local'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://[2001:db8::1]/', 'reserved'],
    ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'tunnel'],
    ['http://[64:ff9b:1::a00:1]/', 'tunnel'],
    // names of this machine
    ['http://localhost/', 'localhost'],
    ['http://LOCALHOST:3000/', 'localhost'],
    ['http://localhost./', 'localhost'],
    ['http://api.localhost/', 'localhost'],
    ['http://a.b.localhost./', 'localhost'],
    ['http://ｌｏｃａｌｈｏｓｔ/', 'localhost'],
    ['http://%6c%6f%63%61%6c%68%6f%73%74/', 'localhost'],
    ['http://localhost.localdomain/', 'localhost'],
    // schemes
    ['file:///etc/passwd', 'scheme'],
    ['file://localhost/etc/passwd', 'scheme'],
    ['gopher://127.0.0.1:6379/_INFO', 'scheme'],
    ['ftp://example.com/file', 'scheme'],
    ['data:text/plain,hello', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['ws://example.com/', 'scheme'],
    ['dict://127.0.0.1:11211/', 'scheme'],
    ['ldap://example.com/', 'scheme'],
    // credentials in the URL
    ['http://user:pass@example.com/', 'userinfo'],
    ['http://user@example.com/', 'userinfo'],
    ['http://:secret@example.com/', 'userinfo'],
    ['https://example.com@127.0.0.1/', 'userinfo'],
    // not URLs at all
    ['http://[fe80::1%25eth0]/', 'invalid_url'],
    ['http://1.2.3.4.5/', 'invalid_url'],
    ['http://127.0.0.1%2f/', 'invalid_url'],
    ['http://', 'invalid_url'],
    ['not a url', 'invalid_url'],
    ['//127.0.0.1/', 'invalid_url'],
  ];

  const g = createEgressGuard();
  it.each(corpus)('%s is refused (%s)', (url, reason) => {
    const error = thrown(() => g.checkUrl(url));
    expect(error.code).toBe('egress_refused');
    expect(error.status).toBe(422);
    expect((error.details as { reason: string }).reason).toBe(reason);
  });

  it('has a corpus of at least 60 URLs', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
  });

  it('accepts public http(s) URLs and returns the parsed URL', () => {
    expect(g.checkUrl('https://api.example.cl/v1?x=1').href).toBe('https://api.example.cl/v1?x=1');
    expect(g.checkUrl(new URL('http://93.184.215.14:8080/')).host).toBe('93.184.215.14:8080');
    expect(g.checkUrl('http://[2606:4700:4700::1111]/').hostname).toBe('[2606:4700:4700::1111]');
    expect(g.checkUrl('http://localhost.example.cl/').hostname).toBe('localhost.example.cl');
  });

  it('names the host and the reason for people, never credentials or the query', () => {
    const error = thrown(() => g.checkUrl('http://127.0.0.1:9/private?token=s3cret'));
    expect(error.message).toBe('Outbound request to 127.0.0.1 refused: it is a loopback address.');
    expect(error.details).toEqual({ host: '127.0.0.1', reason: 'loopback' });
    const userinfo = thrown(() => g.checkUrl('https://admin:hunter2@api.example.cl/?key=abc'));
    expect(userinfo.message).toContain('api.example.cl');
    expect(JSON.stringify(userinfo.toJSON())).not.toMatch(/hunter2|admin|abc/);
  });

  it('isAllowedAddress reads every textual form', () => {
    expect(g.isAllowedAddress('8.8.8.8')).toBe(true);
    expect(g.isAllowedAddress(PUBLIC_V6)).toBe(true);
    for (const ip of ['127.0.0.1', '2130706433', '0x7f.1', '0177.0.0.1', '::ffff:7f00:1', '[::1]', 'fe80::1%eth0', 'nonsense', '']) {
      expect(g.isAllowedAddress(ip)).toBe(false);
    }
  });
});

describe('resolve: every DNS answer is checked', () => {
  it('answers the addresses of a public name', async () => {
    const lookup = dns({ 'api.example.cl': [PUBLIC_V4, PUBLIC_V6] });
    const result = await guard({ lookup }).resolve('https://api.example.cl/v1');
    expect(result.addresses).toEqual([PUBLIC_V4, PUBLIC_V6]);
    expect(result.url.hostname).toBe('api.example.cl');
  });

  it('refuses a name that resolves to a private address, without naming the address', async () => {
    const error = await rejection(guard({ lookup: dns({ 'intranet.example.cl': ['10.20.30.40'] }) }).resolve('http://intranet.example.cl/'));
    expect(error.code).toBe('egress_refused');
    expect(error.details).toEqual({ host: 'intranet.example.cl', reason: 'private' });
    expect(error.message).not.toContain('10.20.30.40');
  });

  it('refuses a mixed answer when any address is refused', async () => {
    const lookup = dns({ 'mixed.example.cl': [PUBLIC_V4, '127.0.0.1'], 'mixed6.example.cl': [PUBLIC_V6, '::ffff:169.254.169.254'] });
    const g = guard({ lookup });
    expect((await rejection(g.resolve('http://mixed.example.cl/'))).details).toEqual({ host: 'mixed.example.cl', reason: 'loopback' });
    expect((await rejection(g.resolve('http://mixed6.example.cl/'))).details).toEqual({ host: 'mixed6.example.cl', reason: 'metadata' });
  });

  it('answers IP literals without DNS and refuses localhost names before DNS', async () => {
    const lookup = dns({});
    const g = guard({ lookup });
    expect((await g.resolve(`http://${PUBLIC_V4}/`)).addresses).toEqual([PUBLIC_V4]);
    expect((await rejection(g.resolve('http://x.localhost/'))).code).toBe('egress_refused');
    expect(lookup.calls).toEqual([]);
  });

  it('reports a DNS failure as upstream_error with reason dns', async () => {
    const g = guard({ lookup: dns({ 'empty.example.cl': [] }) });
    for (const host of ['nowhere.example.cl', 'empty.example.cl']) {
      const error = await rejection(g.resolve(`https://${host}/`));
      expect(error.code).toBe('upstream_error');
      expect(error.details).toEqual({ host, reason: 'dns' });
    }
  });
});

describe('connections go only to checked addresses', () => {
  it('refuses at connect time a name that resolves to loopback (fetch, dispatcher, pool)', async () => {
    const server = await serve('127.0.0.1', ok);
    const lookup = dns({ 'evil.example.cl': ['127.0.0.1'] });
    const g = guard({ lookup });
    const url = `http://evil.example.cl:${server.port}/`;
    expect((await rejection(g.fetch(url))).details).toEqual({ host: 'evil.example.cl', reason: 'loopback' });
    await expect(request(url, { dispatcher: g.dispatcher })).rejects.toMatchObject({ code: 'egress_refused' });
    const pool = g.createPool(`http://evil.example.cl:${server.port}`);
    cleanups.push(() => pool.close());
    await expect(pool.request({ path: '/', method: 'GET' })).rejects.toMatchObject({ code: 'egress_refused' });
    expect(server.hits).toHaveLength(0);
  });

  it('defeats DNS rebinding: a public first answer does not let a later connection reach loopback', async () => {
    const server = await serve('127.0.0.1', ok);
    // The first query (a validation, e.g. when the API is registered) sees a public address; later ones see loopback.
    const lookup = dns((_host, call) => (call === 1 ? [PUBLIC_V4] : ['127.0.0.1']));
    const g = guard({ lookup });
    const url = `http://rebind.example.cl:${server.port}/`;
    expect((await g.resolve(url)).addresses).toEqual([PUBLIC_V4]);
    expect((await rejection(g.fetch(url))).details).toEqual({ host: 'rebind.example.cl', reason: 'loopback' });
    await expect(request(url, { dispatcher: g.dispatcher })).rejects.toMatchObject({ code: 'egress_refused' });
    expect(lookup.calls).toEqual(['rebind.example.cl', 'rebind.example.cl', 'rebind.example.cl']);
    expect(server.hits).toHaveLength(0);
  });

  it('checks IP literals before connecting when the dispatcher is used directly', async () => {
    const server = await serve('127.0.0.1', ok);
    const g = guard();
    await expect(request(`${server.origin}/`, { dispatcher: g.dispatcher })).rejects.toMatchObject({
      code: 'egress_refused',
      details: { host: '127.0.0.1', reason: 'loopback' },
    });
    await expect(request(`http://[::ffff:7f00:1]:${server.port}/`, { dispatcher: g.dispatcher })).rejects.toMatchObject({
      code: 'egress_refused',
    });
    expect(() => g.createPool(server.origin)).toThrow(AppError);
    expect(server.hits).toHaveLength(0);
  });

  it('refuses pool options that would bypass the guard', () => {
    const g = guard({ allow: ['127.0.0.0/8'] });
    expect(() => g.createPool('http://127.0.0.1:1', { connect: (_options, callback) => callback(new Error('x'), null) })).toThrow(TypeError);
    expect(() => g.createPool('http://127.0.0.1:1', { socketPath: '/tmp/x.sock' })).toThrow(TypeError);
  });
});

describe('allowlist (SMARTEROS_EGRESS_ALLOW)', () => {
  it('a CIDR lets a loopback server be reached through dispatcher, createPool and fetch', async () => {
    const server = await serve('127.0.0.1', ok);
    const g = guard({ allow: ['127.0.0.0/8'] });
    const viaDispatcher = await request(`${server.origin}/a`, { dispatcher: g.dispatcher });
    expect(await viaDispatcher.body.text()).toBe('ok');
    const pool = g.createPool(server.origin, { connections: 2, connectTimeout: 2_000, headersTimeout: 2_000, keepAliveTimeout: 1_000 });
    cleanups.push(() => pool.close());
    const viaPool = await pool.request({ path: '/b', method: 'GET' });
    expect(await viaPool.body.text()).toBe('ok');
    const viaFetch = await g.fetch(`${server.origin}/c`);
    expect(await viaFetch.text()).toBe('ok');
    expect(server.hits.map((req) => req.url)).toEqual(['/a', '/b', '/c']);
    expect(g.isAllowedAddress('127.0.0.1')).toBe(true);
    expect(g.isAllowedAddress('10.0.0.1')).toBe(false);
  });

  it('a host name entry allows that name whatever it resolves to, and no other name', async () => {
    const server = await serve('127.0.0.1', ok);
    const lookup = dns({ 'upstream.internal': ['127.0.0.1'], 'other.internal': ['127.0.0.1'] });
    const g = guard({ allow: ['upstream.internal'], lookup });
    const response = await g.fetch(`http://upstream.internal:${server.port}/hello`);
    expect(await response.text()).toBe('ok');
    expect(server.hits[0]?.headers.host).toBe(`upstream.internal:${server.port}`);
    const pool = g.createPool(`http://UPSTREAM.internal.:${server.port}`);
    cleanups.push(() => pool.close());
    expect((await pool.request({ path: '/', method: 'GET' })).statusCode).toBe(200);
    expect((await rejection(g.fetch(`http://other.internal:${server.port}/`))).details).toEqual({ host: 'other.internal', reason: 'loopback' });
    expect(server.hits).toHaveLength(2);
  });

  it("uses the system resolver by default ('localhost' allowed by name, resolved from /etc/hosts)", async () => {
    const server = await serve('127.0.0.1', ok);
    const g = guard({ allow: ['localhost'] });
    expect((await g.resolve('http://localhost/')).addresses).toContain('127.0.0.1');
    expect(await (await g.fetch(`http://localhost:${server.port}/`)).text()).toBe('ok');
    expect(server.hits).toHaveLength(1);
  });

  it('a host name entry never opens a metadata address', async () => {
    const g = guard({ allow: ['upstream.internal'], lookup: dns({ 'upstream.internal': ['169.254.169.254'] }) });
    expect((await rejection(g.resolve('http://upstream.internal/'))).details).toEqual({ host: 'upstream.internal', reason: 'metadata' });
  });

  it('TLS through createPool verifies the certificate against the host name while connecting to the checked address', async () => {
    const server = createTlsServer({ cert: TLS_CERT, key: TLS_KEY }, (req, res) => {
      res.end((req.socket as TLSSocket).servername || '(none)');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    cleanups.push(
      () =>
        new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
    );
    const { port } = server.address() as AddressInfo;
    const lookup = dns({ 'upstream.internal': ['127.0.0.1'], 'impostor.internal': ['127.0.0.1'] });
    const g = guard({ allow: ['upstream.internal', 'impostor.internal'], lookup });
    const pool = g.createPool(`https://upstream.internal:${port}`, { connect: { ca: TLS_CERT }, connectTimeout: 2_000 });
    cleanups.push(() => pool.close());
    const response = await pool.request({ path: '/', method: 'GET' });
    expect(await response.body.text()).toBe('upstream.internal'); // the SNI the server saw
    const impostor = g.createPool(`https://impostor.internal:${port}`, { connect: { ca: TLS_CERT } });
    cleanups.push(() => impostor.close());
    await expect(impostor.request({ path: '/', method: 'GET' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(lookup.calls).toEqual(['upstream.internal', 'impostor.internal']);
  });

  it('refuses a bad entry with a message naming it', () => {
    expect(() => createEgressGuard({ allow: ['127.0.0.0/8', 'not a host'] })).toThrow('"not a host"');
  });
});

describe('fetch: redirects are followed by hand, each hop checked', () => {
  it('follows a redirect to an allowed host (303 turns a POST into a GET)', async () => {
    const target = await serve('127.0.0.1', ok);
    const start = await serve('127.0.0.1', redirectTo(`${target.origin}/landed`, 303));
    const g = guard({ allow: ['127.0.0.0/8'] });
    const response = await g.fetch(`${start.origin}/go`, { method: 'POST', body: 'x=1', headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    expect(target.hits[0]?.method).toBe('GET');
    expect(target.hits[0]?.url).toBe('/landed');
    expect(target.hits[0]?.headers['content-type']).toBeUndefined();
  });

  it('keeps method and body on 307, and drops credentials when the origin changes', async () => {
    const bodies: string[] = [];
    const target = await serve('127.0.0.1', (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        res.end('ok');
      });
    });
    const start = await serve('127.0.0.2', redirectTo(`${target.origin}/next`, 307));
    const g = guard({ allow: ['127.0.0.0/8'] });
    const response = await g.fetch(`${start.origin}/`, { method: 'PUT', body: '{"a":1}', headers: { authorization: 'Bearer t0ken', 'x-trace': '1' } });
    expect(response.status).toBe(200);
    expect(start.hits[0]?.headers.authorization).toBe('Bearer t0ken');
    expect(target.hits[0]?.method).toBe('PUT');
    expect(bodies).toEqual(['{"a":1}']);
    expect(target.hits[0]?.headers.authorization).toBeUndefined();
    expect(target.hits[0]?.headers['x-trace']).toBe('1');
  });

  it('refuses a redirect from an allowed server to a metadata address', async () => {
    const start = await serve('127.0.0.1', redirectTo('http://169.254.169.254/latest/meta-data/iam/'));
    const g = guard({ allow: ['127.0.0.0/8'] });
    const error = await rejection(g.fetch(`${start.origin}/`));
    expect(error.code).toBe('egress_refused');
    expect(error.details).toEqual({ host: '169.254.169.254', reason: 'metadata' });
    expect(start.hits).toHaveLength(1);
  });

  it('refuses a redirect to a loopback address outside the allowlist (by IP and by name)', async () => {
    const forbidden = await serve('127.0.0.1', ok);
    const byIp = await serve('127.0.0.2', redirectTo(`${forbidden.origin}/secret`));
    const byName = await serve('127.0.0.2', redirectTo(`http://sneaky.example.cl:${forbidden.port}/secret`, 308));
    const g = guard({ allow: ['127.0.0.2/32'], lookup: dns({ 'sneaky.example.cl': ['127.0.0.1'] }) });
    expect((await rejection(g.fetch(`${byIp.origin}/`))).details).toEqual({ host: '127.0.0.1', reason: 'loopback' });
    expect((await rejection(g.fetch(`${byName.origin}/`))).details).toEqual({ host: 'sneaky.example.cl', reason: 'loopback' });
    expect(byIp.hits).toHaveLength(1);
    expect(byName.hits).toHaveLength(1);
    expect(forbidden.hits).toHaveLength(0);
  });

  it('stops after maxRedirects', async () => {
    const loop = await serve('127.0.0.1', (req, res, self) => {
      res.writeHead(302, { location: `${self.origin}/hop${self.hits.length}` }).end();
    });
    const g = guard({ allow: ['127.0.0.0/8'] });
    const error = await rejection(g.fetch(`${loop.origin}/`));
    expect(error.code).toBe('upstream_error');
    expect(error.details).toMatchObject({ reason: 'too_many_redirects' });
    expect(loop.hits).toHaveLength(6); // the request and 5 redirects
    await rejection(g.fetch(`${loop.origin}/`, { maxRedirects: 1 }));
    expect(loop.hits).toHaveLength(8);
    expect((await rejection(g.fetch(`${loop.origin}/`, { maxRedirects: 0 }))).details).toMatchObject({ reason: 'redirect' });
    expect(loop.hits).toHaveLength(9);
  });

  it("returns the redirect itself with redirect: 'manual', and throws with redirect: 'error'", async () => {
    const start = await serve('127.0.0.1', redirectTo('http://169.254.169.254/'));
    const g = guard({ allow: ['127.0.0.0/8'] });
    const response = await g.fetch(`${start.origin}/`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://169.254.169.254/');
    expect((await rejection(g.fetch(`${start.origin}/`, { redirect: 'error' }))).details).toMatchObject({ reason: 'redirect' });
  });

  it('honours an abort signal', async () => {
    const slow = await serve('127.0.0.1', () => undefined);
    const g = guard({ allow: ['127.0.0.0/8'] });
    await expect(g.fetch(`${slow.origin}/`, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
