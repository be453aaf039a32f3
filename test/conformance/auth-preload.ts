import { createRequire } from 'node:module';

/**
 * Loaded with `node --import` into the MCP conformance CLI (test/mcp-conformance.db.test.ts), which has no option for
 * request headers. It replaces the process-wide undici dispatcher, which serves both Node's fetch (the SDK client the
 * scenarios use) and the CLI's own `undici.request` (the DNS-rebinding scenario), so that every request:
 *  - goes to MCP_ORIGIN only (a loopback origin, e.g. http://127.0.0.1:4711): anything else fails before any DNS
 *    lookup or connection, so the suite cannot reach outside this machine;
 *  - carries `Authorization: Bearer $MCP_BEARER` unless it already has an Authorization header.
 * The dispatcher comes from the undici the CLI itself depends on (the same major as Node 24's fetch), so both callers
 * meet the dispatcher contract they were built for.
 */
const bearer = process.env.MCP_BEARER;
const origin = process.env.MCP_ORIGIN;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

if (!bearer || !origin) throw new Error('auth-preload: MCP_BEARER and MCP_ORIGIN must be set');
const allowed = new URL(origin);
if (!LOOPBACK.has(allowed.hostname) || allowed.origin !== origin) throw new Error(`auth-preload: MCP_ORIGIN must be a loopback origin, got ${origin}`);

interface DispatchOptions {
  origin?: string | URL;
  headers?: unknown;
  [key: string]: unknown;
}
type Dispatch = (opts: DispatchOptions, handler: unknown) => boolean;
interface Undici {
  Agent: new () => { compose(interceptor: (dispatch: Dispatch) => Dispatch): unknown };
  setGlobalDispatcher(dispatcher: unknown): void;
}

const cli = createRequire(import.meta.url).resolve('@modelcontextprotocol/conformance/package.json');
const { Agent, setGlobalDispatcher } = createRequire(cli)('undici') as Undici;

const AUTHORIZATION = 'authorization';

/** The request's headers with the bearer added; undici passes them as a flat [k, v, ...] list (fetch), [k, v] pairs or an object (request). */
function withBearer(headers: unknown): unknown {
  const value = `Bearer ${bearer}`;
  if (headers == null) return { [AUTHORIZATION]: value };
  if (Array.isArray(headers)) {
    if (headers.every((h) => Array.isArray(h))) {
      const pairs = headers as Array<[string, string]>;
      return pairs.some(([k]) => k.toLowerCase() === AUTHORIZATION) ? pairs : [...pairs, [AUTHORIZATION, value]];
    }
    const flat = headers as string[];
    for (let i = 0; i < flat.length; i += 2) if (String(flat[i]).toLowerCase() === AUTHORIZATION) return flat;
    return [...flat, AUTHORIZATION, value];
  }
  if (typeof headers === 'object' && Symbol.iterator in headers) return withBearer([...(headers as Iterable<[string, string]>)]);
  const object = headers as Record<string, unknown>;
  return Object.keys(object).some((k) => k.toLowerCase() === AUTHORIZATION) ? object : { ...object, [AUTHORIZATION]: value };
}

setGlobalDispatcher(
  new Agent().compose((dispatch) => (opts, handler) => {
    const target = new URL(String(opts.origin));
    if (target.origin !== allowed.origin) throw new Error(`auth-preload: refusing a request to ${target.origin}; only ${allowed.origin} may be reached`);
    return dispatch({ ...opts, headers: withBearer(opts.headers) }, handler);
  }),
);
