import type { Database } from '@smarteros/kernel';
import type { Config } from '../config.ts';
import { PRODUCT_CODES } from '@smarteros/kernel';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { publicAccess } from '../http/access.ts';
import { errors } from './common.ts';

export const VERSION = '0.1.0';

export function systemRoutes(app: FastifyInstance, deps: { db: Database; config: Config; redis: Redis | undefined; startedAt: Date }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/healthz', {
    config: { access: publicAccess },
    schema: { tags: ['system'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } },
    handler: () => ({ status: 'ok' as const }),
  });

  r.get('/readyz', {
    config: { access: publicAccess },
    schema: {
      tags: ['system'],
      summary: 'Readiness: the database (and Redis, when configured) answer',
      response: { 200: z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.string()) }), 503: z.object({ status: z.literal('unavailable'), checks: z.record(z.string(), z.string()) }) },
    },
    handler: async (_req, reply) => {
      const checks: Record<string, string> = {};
      const probe = async (name: string, fn: () => Promise<unknown>) => {
        try {
          await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref())]);
          checks[name] = 'ok';
        } catch {
          checks[name] = 'unavailable';
        }
      };
      await probe('database', () => deps.db.ping());
      if (deps.redis) await probe('redis', () => deps.redis!.ping());
      const ok = Object.values(checks).every((v) => v === 'ok');
      return ok ? { status: 'ready' as const, checks } : reply.status(503).send({ status: 'unavailable' as const, checks });
    },
  });

  r.get('/api/system/info', {
    config: { access: publicAccess },
    schema: {
      tags: ['system'],
      summary: 'What this SmarterOS is (seed route)',
      response: {
        200: z.object({
          name: z.string(),
          version: z.string(),
          database: z.enum(['embedded', 'postgresql']),
          cache: z.enum(['in-process', 'redis']),
          base_domain: z.string(),
          products: z.array(z.string()),
          started_at: z.string(),
          time_zone: z.string(),
        }),
        ...errors(),
      },
    },
    handler: () => ({
      name: 'SmarterOS',
      version: VERSION,
      database: deps.db.kind === 'pglite' ? ('embedded' as const) : ('postgresql' as const),
      cache: deps.redis ? ('redis' as const) : ('in-process' as const),
      base_domain: deps.config.baseDomain,
      products: [...PRODUCT_CODES],
      started_at: deps.startedAt.toISOString(),
      time_zone: 'America/Santiago',
    }),
  });
}
