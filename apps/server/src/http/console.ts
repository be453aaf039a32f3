import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicAccess } from './access.ts';

/** Where `npm run build:web` writes the console (apps/web/dist). */
export const DEFAULT_CONSOLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** Paths that never fall back to the console's index.html: the API and the probes answer their own 404s. */
const NOT_CONSOLE = /^\/(api|healthz|readyz)(\/|$|\?)/;

const MISSING_PAGE = `<!doctype html>
<html lang="es-CL"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>SmarterOS: consola no compilada</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<main>
<h1>La consola web no está compilada</h1>
<p>Ejecute <code>npm run build:web</code> en la raíz del proyecto y recargue esta página. La API sigue disponible en <a href="/api/docs">/api/docs</a>.</p>
<h2 lang="en">The web console is not built</h2>
<p lang="en">Run <code>npm run build:web</code> at the project root and reload this page. The API is available at <a href="/api/docs">/api/docs</a>.</p>
</main></body></html>`;

/**
 * Serves the built web console at `/`: hashed assets under /assets (cached for a year), index.html for every other GET
 * outside /api, /healthz and /readyz (the SPA's own routes). Without a build, those paths answer a 503 page that says
 * how to build it.
 */
export async function registerConsole(app: FastifyInstance, opts: { dir?: string | undefined } = {}): Promise<void> {
  const dir = opts.dir ?? DEFAULT_CONSOLE_DIR;
  const built = existsSync(join(dir, 'index.html'));
  if (built) await app.register(fastifyStatic, { root: dir, serve: false, cacheControl: false, preCompressed: true });

  const sendIndex = (request: FastifyRequest, reply: FastifyReply) => {
    if (NOT_CONSOLE.test(request.url)) return reply.callNotFound();
    if (!built) return reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(MISSING_PAGE);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };

  app.get('/assets/*', {
    config: { access: publicAccess },
    schema: { hide: true },
    handler: (request, reply) => {
      if (!built) return reply.callNotFound();
      const file = (request.params as { '*': string })['*'];
      return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(join('assets', file));
    },
  });
  app.get('/', { config: { access: publicAccess }, schema: { hide: true }, handler: sendIndex });
  app.get('/*', { config: { access: publicAccess }, schema: { hide: true }, handler: sendIndex });
}
