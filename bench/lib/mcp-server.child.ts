import { startServer } from '@smarteros/server';
import { sql } from 'kysely';
import { childArg, serveParent } from './child.ts';
import { benchConfig } from './server.ts';

/**
 * The SmarterOS server of the MCP benchmark, in its own process: startServer with the benchmark configuration (a fresh
 * data dir; PostgreSQL and Redis when their URLs are given). Beyond what every child answers (child.ts), it issues
 * access tokens (services.tokens.issue, as login would), flushes the batched logs (the MCP audit and the gateway's
 * request log), and runs a read-only query as the database owner: with PGlite the database lives in this process, so
 * the benchmark counts audit and request-log rows through here, on both drivers alike.
 */
const { dataDir, env } = childArg<{ dataDir: string; env: Record<string, string> }>();

const server = await startServer({ config: benchConfig(dataDir, env), onStep: (step) => process.stderr.write(`  [server ${process.pid}] ${step}\n`) });

serveParent(
  { url: server.url, pid: process.pid, db: server.db.kind },
  {
    issueToken: async (arg) => {
      const { sub, tenantId, role } = arg as { sub: string; tenantId: string; role: 'owner' };
      return (await server.services.tokens.issue({ sub, role, tenantId })).token;
    },
    flushLogs: async () => {
      await server.services.mcp.flush();
      await server.services.requestLog.flush();
    },
    /** A select (the benchmark's own counting queries only), with $1.. parameters; returns the rows. */
    query: async (arg) => {
      const { text, params } = arg as { text: string; params: unknown[] };
      if (!/^\s*(select|with)\b/i.test(text)) throw new Error('query: only a select');
      const parts = text.split(/\$(\d+)/);
      const fragments: string[] = [];
      const values: unknown[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (i % 2 === 0) fragments.push(parts[i]!);
        else values.push(params[Number(parts[i]) - 1]);
      }
      const strings = Object.assign([...fragments], { raw: [...fragments] }) as unknown as TemplateStringsArray;
      return server.db.asOwner(async (tx) => (await sql(strings, ...values).execute(tx)).rows);
    },
    close: () => server.close(),
  },
);
