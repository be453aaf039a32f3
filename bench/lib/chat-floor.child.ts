import { createHmac, timingSafeEqual } from 'node:crypto';
import { createPglitePool, createPgPool, type SqlPool } from '@smarteros/kernel';
import Fastify from 'fastify';
import { childArg, serveParent } from './child.ts';

/**
 * The floor of bench:chat: the least a webhook intake can do and still be honest, in its own process. One Fastify
 * route takes the raw body, checks its X-Hub-Signature-256 with the one app secret, inserts the raw body into one
 * table, and answers 200. No routing by number, no secrets from a vault, no deduplication, no outbox, no processing.
 * The same database kind and driver as the server it is compared with (a pg pool of the same size, or PGlite).
 */
const { databaseUrl, dataDir, appSecret, poolMax } = childArg<{ databaseUrl?: string; dataDir?: string; appSecret: string; poolMax: number }>();

const pool: SqlPool = databaseUrl ? createPgPool({ connectionString: databaseUrl, max: poolMax, applicationName: 'smarteros-bench-floor' }) : await createPglitePool({ ...(dataDir ? { dataDir } : {}) });

async function query<R>(text: string, params: unknown[] = []): Promise<R[]> {
  const session = await pool.connect();
  try {
    return (await session.query<R>(text, params)).rows;
  } finally {
    session.release();
  }
}

await query('create table if not exists floor_webhooks (id bigserial primary key, body text not null, received_at timestamptz not null default now())');

const app = Fastify({ logger: false });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.post('/webhooks/whatsapp', async (req, reply) => {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const header = req.headers['x-hub-signature-256'];
  const given = typeof header === 'string' && header.startsWith('sha256=') ? Buffer.from(header.slice(7), 'hex') : Buffer.alloc(0);
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return reply.status(401).send({ error: 'bad signature' });
  await query('insert into floor_webhooks (body) values ($1)', [raw.toString('utf8')]);
  return { received: true };
});
const url = await app.listen({ host: '127.0.0.1', port: 0 });

serveParent(
  { url, pid: process.pid },
  {
    rows: async () => (await query<{ n: number }>('select count(*)::int as n from floor_webhooks'))[0]!.n,
    close: async () => {
      await app.close();
      await pool.end();
    },
  },
);
