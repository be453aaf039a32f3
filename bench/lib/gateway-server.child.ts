import { startServer } from '@smarteros/server';
import { childArg, serveParent } from './child.ts';
import { benchConfig } from './server.ts';

/**
 * The SmarterOS server of the gateway benchmark, in its own process: startServer with the benchmark configuration
 * (a fresh data dir; PostgreSQL and Redis when their URLs are given). Beyond what every child answers (child.ts), it
 * issues access tokens (services.tokens.issue, as login would).
 */
const { dataDir, env } = childArg<{ dataDir: string; env: Record<string, string> }>();

const server = await startServer({ config: benchConfig(dataDir, env), onStep: (step) => process.stderr.write(`  [gateway ${process.pid}] ${step}\n`) });

serveParent(
  { url: server.url, pid: process.pid },
  {
    issueToken: async (arg) => {
      const { sub, tenantId, role } = arg as { sub: string; tenantId: string; role: 'owner' };
      return (await server.services.tokens.issue({ sub, role, tenantId })).token;
    },
    close: () => server.close(),
  },
);
