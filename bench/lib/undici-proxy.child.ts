import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { childArg, serveParent } from './child.ts';

// The practical limit of a Node proxy here: node:http in front of an undici Pool, no features. Twenty lines.
const { upstream } = childArg<{ upstream: string }>();
const pool = new Pool(upstream, { connections: 128, keepAliveTimeout: 10_000 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-connection', 'host']);
const pick = (h: Record<string, string | string[] | undefined>) => Object.fromEntries(Object.entries(h).filter(([k]) => !HOP.has(k))) as Record<string, string>;

const server = createServer(async (req, res) => {
  try {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const up = await pool.request({ method: req.method as 'GET', path: req.url!, headers: pick(req.headers), body: hasBody ? req : null });
    res.writeHead(up.statusCode, pick(up.headers));
    for await (const chunk of up.body) res.write(chunk);
    res.end();
  } catch {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  }
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

serveParent({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, {
  close: async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await pool.close();
  },
});
