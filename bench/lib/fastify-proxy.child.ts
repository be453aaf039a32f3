import fastifyHttpProxy from '@fastify/http-proxy';
import Fastify from 'fastify';
import { childArg, serveParent } from './child.ts';

// @fastify/http-proxy with only the upstream option: no auth, no validation, no logging.
const { upstream } = childArg<{ upstream: string }>();
const app = Fastify({ logger: false });
await app.register(fastifyHttpProxy, { upstream });
const url = await app.listen({ host: '127.0.0.1', port: 0 });

serveParent({ url }, { close: () => app.close() });
