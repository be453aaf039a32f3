import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { Agent, Headers, Pool, buildConnector, fetch as undiciFetch } from 'undici';
import type { Dispatcher, RequestInit, Response } from 'undici';
import { AppError } from '../errors.ts';
import {
  EGRESS_REFUSAL_REASONS,
  addressRefusal,
  hostNameRefusal,
  isIpLiteral,
  normalizeHostName,
  parseEgressAllow,
  parseIp,
  type EgressRefusalReason,
} from './address.ts';

export { parseEgressAllow, EGRESS_REFUSAL_REASONS, type EgressAllowList, type EgressRefusalReason } from './address.ts';

/**
 * The egress guard: every outbound HTTP call of the platform goes through it, so a tenant-supplied URL cannot reach
 * this machine, the private network or a cloud metadata service.
 *
 * The check runs where the socket is made: a `lookup` handed to net/tls.connect resolves the name, checks every
 * address and gives net exactly those addresses, so what was checked is what is connected to (no DNS rebinding
 * window). IP-literal hosts (net does no lookup for them) are checked before connecting.
 */

export type EgressLookup = (hostname: string) => Promise<Array<{ address: string; family: 4 | 6 }>>;

export interface EgressGuardOptions {
  /** SMARTEROS_EGRESS_ALLOW entries: CIDRs (127.0.0.0/8, ::1/128) and host names (upstream.internal). */
  allow?: readonly string[];
  /** DNS resolution; injectable for tests. Default: the operating system's resolver (dns.lookup, all addresses). */
  lookup?: EgressLookup;
}

export type EgressFetchInit = RequestInit & { maxRedirects?: number };

export interface EgressGuard {
  /** Synchronous checks of a URL: scheme, userinfo, host names like localhost, IP literals (all spellings). Returns the parsed URL or throws egress_refused. */
  checkUrl(url: string | URL): URL;
  /** checkUrl + DNS resolution; every address checked. Answers the addresses that may be used. */
  resolve(url: string | URL): Promise<{ url: URL; addresses: string[] }>;
  /** Is this IP address (any textual form) allowed as a destination? */
  isAllowedAddress(ip: string): boolean;
  /** An undici Dispatcher (Agent) whose connections go only to checked addresses (guarded lookup). */
  readonly dispatcher: Dispatcher;
  /** An undici Pool for one origin with the guarded connect, for hot paths (keep-alive); options pass through. */
  createPool(origin: string | URL, options?: Pool.Options): Pool;
  /** fetch through the guard: each hop checked, at most maxRedirects (default 5) redirects followed manually. */
  fetch(url: string | URL, init?: EgressFetchInit): Promise<Response>;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
const REPLAYABLE_BODY_TAGS = new Set(['[object Blob]', '[object File]', '[object FormData]', '[object URLSearchParams]']);

const unbracket = (host: string): string => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

function refused(host: string | null, reason: EgressRefusalReason): AppError {
  const target = host ? `to ${host} ` : '';
  return new AppError('egress_refused', `Outbound request ${target}refused: ${EGRESS_REFUSAL_REASONS[reason]}.`, { host, reason });
}

const dnsFailure = (host: string, cause?: unknown): AppError =>
  new AppError('upstream_error', `Could not resolve the host ${host.replace(/\.$/, '')}.`, { host, reason: 'dns' }, { cause });

const defaultLookup: EgressLookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, order: 'verbatim' })).flatMap(({ address, family }) =>
    family === 4 || family === 6 ? [{ address, family }] : [],
  );

/** A body that can be sent again on a 307/308 redirect (streams and iterators cannot). */
function isReplayable(body: RequestInit['body']): boolean {
  return (
    body == null ||
    typeof body === 'string' ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    REPLAYABLE_BODY_TAGS.has(Object.prototype.toString.call(body))
  );
}

export function createEgressGuard(options: EgressGuardOptions = {}): EgressGuard {
  const allow = parseEgressAllow(options.allow ?? []);
  const lookup = options.lookup ?? defaultLookup;

  function checkUrl(input: string | URL): URL {
    let url: URL;
    try {
      url = new URL(typeof input === 'string' ? input : input.href);
    } catch {
      throw refused(null, 'invalid_url');
    }
    const host = url.hostname || null;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refused(host, 'scheme');
    if (url.username !== '' || url.password !== '') throw refused(host, 'userinfo');
    if (host === null) throw refused(null, 'invalid_url');
    // The WHATWG parser has already turned every numeric spelling (2130706433, 0x7f.1, 0177.0.0.1, 127.1) into
    // a canonical address; parseIp would also read the raw spellings if one ever got here.
    const ip = parseIp(host);
    if (ip !== undefined) {
      const reason = addressRefusal(ip, allow);
      if (reason) throw refused(host, reason);
      return url;
    }
    const name = normalizeHostName(host);
    const reason = allow.hosts.has(name) ? undefined : hostNameRefusal(name);
    if (reason) throw refused(host, reason);
    return url;
  }

  /** Resolves a host name (not an IP literal) and checks every address; refuses if any one is refused. */
  async function resolveName(hostname: string): Promise<Array<{ address: string; family: 4 | 6 }>> {
    const name = normalizeHostName(hostname);
    // A host name in the allowlist may resolve to anything but a metadata address.
    const named = allow.hosts.has(name);
    const nameReason = named ? undefined : hostNameRefusal(name);
    if (nameReason) throw refused(hostname, nameReason);
    let answers: Array<{ address: string; family: 4 | 6 }>;
    try {
      answers = await lookup(hostname);
    } catch (cause) {
      throw dnsFailure(hostname, cause);
    }
    if (answers.length === 0) throw dnsFailure(hostname);
    for (const { address } of answers) {
      const ip = parseIp(address);
      // The address itself is not named in the error: it would tell a tenant how internal names resolve.
      const reason = ip === undefined ? 'invalid_url' : addressRefusal(ip, allow);
      if (reason && !(named && reason !== 'metadata')) throw refused(hostname, reason);
    }
    return answers;
  }

  /** net/tls `lookup`: the socket connects only to addresses that resolveName passed. */
  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolveName(hostname).then(
      (answers) => {
        const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
        const usable = family === 4 || family === 6 ? answers.filter((a) => a.family === family) : answers;
        const first = usable[0];
        if (first === undefined) {
          callback(dnsFailure(hostname), '');
        } else if (lookupOptions.all) {
          callback(null, usable);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: Error) => callback(error, ''),
    );
  };

  /** For the Agent, whose origins vary: IP literals are checked here (net skips lookup for them), names by lookup. */
  const baseConnect = buildConnector({ lookup: guardedLookup });
  const connect: buildConnector.connector = (connectOptions, callback) => {
    const host = unbracket(connectOptions.hostname);
    if (isIpLiteral(host)) {
      const reason = addressRefusal(parseIp(host)!, allow);
      if (reason) {
        process.nextTick(() => callback(refused(host, reason), null));
        return;
      }
    }
    baseConnect(connectOptions, callback);
  };
  const dispatcher = new Agent({ connect });

  function createPool(origin: string | URL, poolOptions: Pool.Options = {}): Pool {
    const url = checkUrl(origin); // one origin: an IP-literal host is checked once, here
    if (typeof poolOptions.connect === 'function' || poolOptions.socketPath != null || poolOptions.factory != null) {
      throw new TypeError('createPool: connect functions, socketPath and factory would bypass the egress guard');
    }
    // An options object (not a function) keeps undici's own handling of connectTimeout, tls, allowH2, ...
    return new Pool(url.origin, { ...poolOptions, connect: { ...poolOptions.connect, lookup: guardedLookup } });
  }

  /** undici's fetch rejects with TypeError('fetch failed', { cause }); surface the guard's own errors. */
  async function send(url: URL, init: RequestInit): Promise<Response> {
    try {
      return await undiciFetch(url, { ...init, dispatcher });
    } catch (error) {
      if (error instanceof TypeError && error.cause instanceof AppError) throw error.cause;
      throw error;
    }
  }

  async function guardedFetch(input: string | URL, init: EgressFetchInit = {}): Promise<Response> {
    const { maxRedirects = 5, redirect = 'follow', ...rest } = init;
    let url = checkUrl(input);
    const start = url.hostname;
    let method = rest.method ?? 'GET';
    let body = rest.body;
    const headers = new Headers(rest.headers);
    for (let redirects = 0; ; redirects++) {
      const response = await send(url, { ...rest, method, body, headers, redirect: 'manual' });
      const location = response.headers.get('location');
      if (redirect === 'manual' || !REDIRECT_STATUSES.has(response.status) || location === null) return response;
      await response.body?.cancel();
      if (redirect === 'error' || maxRedirects === 0) {
        throw new AppError('upstream_error', `${url.hostname} answered with a redirect, which is not followed here.`, {
          host: url.hostname,
          reason: 'redirect',
        });
      }
      if (redirects >= maxRedirects) {
        throw new AppError('upstream_error', `Too many redirects (more than ${maxRedirects}) starting at ${start}.`, {
          host: start,
          reason: 'too_many_redirects',
        });
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw refused(url.hostname, 'invalid_url');
      }
      next = checkUrl(next);
      const upper = method.toUpperCase();
      if ((response.status === 303 && upper !== 'GET' && upper !== 'HEAD') || (response.status <= 302 && upper === 'POST')) {
        method = 'GET';
        body = null;
        for (const name of BODY_HEADERS) headers.delete(name);
      } else if (!isReplayable(body)) {
        throw new AppError('upstream_error', `${url.hostname} redirected a request whose streamed body cannot be sent again.`, {
          host: url.hostname,
          reason: 'redirect_body',
        });
      }
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      url = next;
    }
  }

  return {
    checkUrl,
    async resolve(input) {
      const url = checkUrl(input);
      const host = unbracket(url.hostname);
      if (isIpLiteral(host)) return { url, addresses: [host] };
      return { url, addresses: (await resolveName(host)).map((a) => a.address) };
    },
    isAllowedAddress(ip) {
      const parsed = parseIp(ip);
      return parsed !== undefined && addressRefusal(parsed, allow) === undefined;
    },
    dispatcher,
    createPool,
    fetch: guardedFetch,
  };
}
