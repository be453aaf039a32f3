import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyApiSignature } from '@smarteros/modules/chat';

/**
 * "The tenant's server" of the API channel, on loopback: it receives SmarterOS's signed webhooks (POST, JSON,
 * X-SmarterOS-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.raw-body">) and checks the signature on the raw bytes as a
 * tenant's receiver must: a request that does not check is answered 401 and not recorded. `failNext` makes it answer
 * errors (503, 429, 422...) or hang past the sender's timeout ('hang') first.
 */
export interface TenantWebhookFake {
  url: string;
  /** The signing secret the receiver checks with (the inbox's). */
  secret: string;
  /** Deliveries whose signature checked, in order. */
  received: Array<{ headers: Record<string, string | string[] | undefined>; raw: string; body: Record<string, unknown> }>;
  /** Deliveries refused for their signature. */
  refused: number;
  failNext: Array<number | 'hang'>;
  /** Unix seconds the receiver checks timestamps against (the test server's clock). */
  now: () => number;
  close(): Promise<void>;
}

export async function startTenantWebhook(options: { now: () => number; secret?: string }): Promise<TenantWebhookFake> {
  const fake: Omit<TenantWebhookFake, 'url' | 'close'> = { secret: options.secret ?? '', received: [], refused: 0, failNext: [], now: options.now };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const signature = req.headers['x-smarteros-signature'];
      if (req.method !== 'POST' || typeof signature !== 'string' || !verifyApiSignature(signature, raw, fake.secret, fake.now())) {
        fake.refused += 1;
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: 'bad signature' }));
      }
      const fail = fake.failNext.shift();
      if (fail === 'hang') return; // never answers: the sender's timeout ends it
      if (fail !== undefined) {
        res.writeHead(fail, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: `failing with ${fail}` }));
      }
      fake.received.push({ headers: req.headers, raw: raw.toString('utf8'), body: JSON.parse(raw.toString('utf8')) as Record<string, unknown> });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    ...fake,
    get secret() {
      return fake.secret;
    },
    set secret(v: string) {
      fake.secret = v;
    },
    received: fake.received,
    get refused() {
      return fake.refused;
    },
    failNext: fake.failNext,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  } as TenantWebhookFake;
}
