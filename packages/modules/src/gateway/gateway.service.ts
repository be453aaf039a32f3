import { performance } from 'node:perf_hooks';
import { AppError, type Clock, type EgressGuard } from '@smarteros/kernel';
import type { GatewaySource } from './gateway.tables.ts';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Dispatcher, Pool } from 'undici';
import { roleAtLeast, type Role } from '../identity/index.ts';
import type { CapabilityForCall, RegistryService, Vault } from '../registry/index.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import type { InvokeOutput } from './gateway.schema.ts';
import type { OAuth2TokenCache } from './oauth2.ts';
import { perMinute, type RateLimiter, type TakeItem } from './rate-limit.ts';
import type { RequestLog } from './request-log.ts';

/**
 * The API gateway: model/person/automation -> capability -> gateway -> the company's API -> answer.
 *
 * One call: find the capability (cached for a few seconds, dropped at once when this server changes the registry),
 * check the caller's role, take the tenant's and the capability's rate-limit tokens (one round trip), validate the
 * input against schema_in, build the upstream request, inject the credential (opened from the vault only now), call
 * through a per-origin undici Pool whose sockets connect only to addresses the egress guard checked, retry idempotent
 * methods on connect errors, 502, 503 and 504 with backoff, count failures in the provider's circuit breaker,
 * normalize the answer (status, safe headers, body checked against schema_out, the credential scrubbed), and queue one
 * request-log row. Upstream failures answer { error: { code: 'upstream_error', details: { status } } }.
 */
export interface GatewayDeps {
  registry: RegistryService;
  vault: Vault;
  egress: EgressGuard;
  limiter: RateLimiter;
  breaker: CircuitBreaker;
  oauth2: OAuth2TokenCache;
  log: RequestLog;
  clock: Clock;
  options: {
    connectTimeoutMs: number;
    timeoutMs: number;
    retries: number;
    maxResponseBytes: number;
    tenantRatePerMinute: number;
    capabilityRatePerMinute: number;
    /** How long a capability read from the registry is reused (default 5 s; other servers' changes show within it). */
    cacheTtlMs?: number;
    /** Sockets per upstream origin (default 128). */
    connectionsPerOrigin?: number;
    /** Backoff base between retries, ms (default 50; doubled each retry, with jitter, at most 1 s). */
    retryBaseMs?: number;
  };
}

export interface InvokeCall {
  tenantId: string;
  principal: { id: string; role: Role };
  /** How the principal is named in the request log, e.g. user:<id> or api_key:<id>. */
  principalLabel: string;
  name: string;
  input: unknown;
  source: GatewaySource;
  /** More buckets to take in the same round trip as the tenant's and the capability's (the MCP calls-per-minute). */
  extraLimits?: ReadonlyArray<TakeItem>;
}

interface Prepared {
  call: CapabilityForCall;
  validateIn: ValidateFunction;
  validateOut: ValidateFunction | null;
  origin: string;
  basePath: string;
  baseQuery: URLSearchParams;
}

interface UpstreamResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  bytes: number;
}

type Param = { name: string; in: 'path' | 'query' | 'header' | 'body'; explode: boolean };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const QUERY_BY_DEFAULT = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);
const SAFE_HEADERS = new Set([
  'content-type',
  'content-language',
  'etag',
  'last-modified',
  'cache-control',
  'retry-after',
  'location',
  'link',
  'x-request-id',
  'x-correlation-id',
  'x-total-count',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
]);
/** Headers an input may never set: framing, hop-by-hop, and anything that carries a credential. */
const FORBIDDEN_INPUT_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);
const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);
const TIMEOUT_ERRORS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const USER_AGENT = 'SmarterOS-Gateway/1';
// eslint-disable-next-line no-control-regex
const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/;
const MAX_ERROR_BODY = 4096;

function issuesOf(errors: ErrorObject[] | null | undefined, prefix: string) {
  return (errors ?? []).slice(0, 20).map((e) => {
    const path = [prefix, ...e.instancePath.split('/').filter(Boolean)];
    if (e.keyword === 'required' && typeof e.params.missingProperty === 'string') path.push(e.params.missingProperty);
    if (e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string') path.push(e.params.additionalProperty);
    // keyword and params let the server and the console word the issue in the reader's language.
    return { path: path.join('.'), message: e.message ?? 'invalid value', keyword: e.keyword, params: e.params };
  });
}

/** The HTTP mapping of each input property, from its "x-in" (and "x-name") keywords. */
function paramsOf(schema: Record<string, unknown>, method: string): Param[] {
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(props).map(([prop, s]) => {
    const where = s['x-in'];
    const name = typeof s['x-name'] === 'string' ? s['x-name'] : prop;
    // OpenAPI's default for query parameters is style form, explode true: arrays as repeated names.
    const explode = s['x-explode'] !== false;
    if (where === 'path' || where === 'query' || where === 'header' || where === 'body') return { name: prop === name ? prop : `${prop}\u0000${name}`, in: where, explode };
    return { name: prop, in: QUERY_BY_DEFAULT.has(method) ? 'query' : 'body', explode };
  });
}

const scalar = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function findAppError(err: unknown): AppError | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    if (e instanceof AppError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function createGatewayService(deps: GatewayDeps) {
  const { registry, vault, egress, limiter, breaker, oauth2, log, clock } = deps;
  const o = deps.options;
  const ttl = o.cacheTtlMs ?? 5000;
  const retryBase = o.retryBaseMs ?? 50;
  // Unknown formats and keywords (OpenAPI's own, "x-in") are ignored quietly: the schemas come from tenants' documents.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, logger: false });
  addFormats(ajv);
  const cache = new Map<string, Map<string, { value: Prepared | null; at: number }>>();
  const compiled = new Map<string, { in: ValidateFunction; out: ValidateFunction | null; schemas: object[] }>();
  const pools = new Map<string, Pool>();
  const tenantRule = perMinute(o.tenantRatePerMinute);

  registry.onChange((tenantId) => cache.delete(tenantId));

  function validators(call: CapabilityForCall) {
    const key = `${call.endpoint.id}:${call.endpoint.updated_at.getTime()}`;
    let v = compiled.get(key);
    if (!v) {
      if (compiled.size >= 5000) {
        const [oldKey, old] = compiled.entries().next().value!;
        for (const s of old.schemas) ajv.removeSchema(s);
        compiled.delete(oldKey);
      }
      const schemaIn = call.endpoint.schema_in;
      const schemaOut = call.endpoint.schema_out;
      try {
        v = { in: ajv.compile(schemaIn), out: schemaOut ? ajv.compile(schemaOut) : null, schemas: schemaOut ? [schemaIn, schemaOut] : [schemaIn] };
      } catch (err) {
        throw new AppError('unprocessable', `The schema of ${call.capability.capability_name} is not a valid JSON Schema: ${(err as Error).message.slice(0, 200)}`);
      }
      compiled.set(key, v);
    }
    return v;
  }

  async function prepared(tenantId: string, name: string): Promise<Prepared | null> {
    const now = performance.now();
    let byName = cache.get(tenantId);
    const hit = byName?.get(name);
    if (hit && now - hit.at < ttl) return hit.value;
    const call = await registry.loadForCall(tenantId, name);
    let value: Prepared | null = null;
    if (call) {
      const v = validators(call);
      const base = new URL(call.provider.base_url);
      value = { call, validateIn: v.in, validateOut: v.out, origin: base.origin, basePath: base.pathname.replace(/\/+$/, ''), baseQuery: base.searchParams };
    }
    if (!byName) {
      byName = new Map();
      cache.set(tenantId, byName);
    }
    if (byName.size > 10_000) byName.clear();
    byName.set(name, { value, at: now });
    return value;
  }

  function poolFor(origin: string): Pool {
    let pool = pools.get(origin);
    if (!pool) {
      pool = egress.createPool(origin, {
        connections: o.connectionsPerOrigin ?? 128,
        connectTimeout: o.connectTimeoutMs,
        headersTimeout: o.timeoutMs,
        bodyTimeout: o.timeoutMs,
        keepAliveTimeout: 10_000,
      });
      pools.set(origin, pool);
    }
    return pool;
  }

  /** The upstream request: path, query, headers and body from the validated input. */
  function buildRequest(p: Prepared, input: Record<string, unknown>) {
    const { endpoint } = p.call;
    const params = paramsOf(endpoint.schema_in, endpoint.method);
    let path = endpoint.path;
    const query = new URLSearchParams(p.baseQuery);
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: 'application/json, */*;q=0.5' };
    let body: string | undefined;
    let looseBody: Record<string, unknown> | undefined;
    for (const param of params) {
      const [prop, upstreamName = prop] = param.name.split('\u0000') as [string, string?];
      const value = input[prop];
      if (value === undefined) continue;
      switch (param.in) {
        case 'path':
          path = path.split(`{${upstreamName}}`).join(encodeURIComponent(Array.isArray(value) ? value.map(scalar).join(',') : scalar(value)));
          break;
        case 'query':
          if (Array.isArray(value) && !param.explode) query.append(upstreamName, value.map(scalar).join(','));
          else if (Array.isArray(value)) for (const item of value) query.append(upstreamName, scalar(item));
          else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) query.append(k, scalar(v));
          else query.append(upstreamName, scalar(value));
          break;
        case 'header': {
          const h = upstreamName.toLowerCase();
          const text = Array.isArray(value) ? value.map(scalar).join(',') : scalar(value);
          if (FORBIDDEN_INPUT_HEADERS.has(h) || h.startsWith('proxy-')) break;
          if (/[\r\n\0]/.test(text)) throw new AppError('validation_failed', `body.${prop}: a header value cannot contain line breaks`, { issues: [{ path: `body.${prop}`, message: 'contains a line break' }] });
          headers[h] = text;
          break;
        }
        case 'body': {
          const contentType = (endpoint.schema_in.properties as Record<string, Record<string, unknown>>)[prop]?.['x-content-type'];
          if (prop === 'body' || upstreamName === 'body') {
            if (typeof contentType === 'string' && contentType.includes('x-www-form-urlencoded') && value && typeof value === 'object') {
              body = new URLSearchParams(Object.entries(value).map(([k, v]): [string, string] => [k, scalar(v)])).toString();
              headers['content-type'] = 'application/x-www-form-urlencoded';
            } else if (typeof contentType === 'string' && !/json/.test(contentType)) {
              throw new AppError('unprocessable', `${p.call.capability.capability_name}: the gateway sends JSON and form bodies; ${contentType} is not supported yet`);
            } else {
              body = JSON.stringify(value);
              headers['content-type'] = 'application/json';
            }
          } else {
            (looseBody ??= {})[upstreamName] = value;
          }
          break;
        }
      }
    }
    if (looseBody && body === undefined) {
      body = JSON.stringify(looseBody);
      headers['content-type'] = 'application/json';
    }
    const missing = /\{([^}]+)\}/.exec(path);
    if (missing) throw new AppError('validation_failed', `body.${missing[1]}: required (path parameter)`, { issues: [{ path: `body.${missing[1]}`, message: 'required' }] });
    return { path: p.basePath + path, query, headers, body };
  }

  /** Opens the credential (only here, at call time) and adds it to the request. Returns the secret values to scrub. */
  async function injectCredential(tenantId: string, p: Prepared, req: { query: URLSearchParams; headers: Record<string, string> }): Promise<{ secrets: string[]; oauthKey?: string }> {
    const { provider, credential } = p.call;
    if (provider.auth_type === 'none') return { secrets: [] };
    if (!credential) throw new AppError('unprocessable', `The provider ${provider.name} has no credential: set it before calling its capabilities`, { provider: provider.name });
    const secret = vault.open(tenantId, credential.id, credential.data_key, credential.ciphertext);
    const m = credential.metadata;
    switch (provider.auth_type) {
      case 'api_key':
        if (typeof m.query_name === 'string') req.query.set(m.query_name, secret);
        else req.headers[String(m.header_name ?? 'X-API-Key').toLowerCase()] = secret;
        return { secrets: [secret] };
      case 'bearer':
        req.headers.authorization = `Bearer ${secret}`;
        return { secrets: [secret] };
      case 'basic': {
        const encoded = Buffer.from(`${String(m.username)}:${secret}`).toString('base64');
        req.headers.authorization = `Basic ${encoded}`;
        return { secrets: [secret, encoded] };
      }
      case 'oauth2': {
        const cacheKey = `${credential.id}:${credential.updated_at.getTime()}`;
        const token = await oauth2.token({
          cacheKey,
          tokenUrl: String(m.token_url),
          clientId: String(m.client_id),
          clientSecret: secret,
          scopes: Array.isArray(m.scopes) ? (m.scopes as string[]) : [],
          audience: typeof m.audience === 'string' ? m.audience : undefined,
          tokenAuth: m.token_auth === 'post' ? 'post' : 'basic',
        });
        req.headers.authorization = `Bearer ${token}`;
        return { secrets: [secret, token], oauthKey: cacheKey };
      }
      default:
        return { secrets: [] };
    }
  }

  function scrub(text: string, secrets: string[]): string {
    let out = text;
    for (const s of secrets) {
      if (s.length < 4) continue;
      if (out.includes(s)) out = out.split(s).join('[redacted]');
      // As JSON spells it, when that differs (quotes, backslashes, control characters).
      if (!NEEDS_JSON_ESCAPE.test(s)) continue;
      const escaped = JSON.stringify(s).slice(1, -1);
      if (out.includes(escaped)) out = out.split(escaped).join('[redacted]');
    }
    return out;
  }

  async function readBody(res: Dispatcher.ResponseData): Promise<Buffer> {
    const declared = Number(res.headers['content-length'] ?? 0);
    if (declared > o.maxResponseBytes) {
      res.body.destroy();
      throw new AppError('upstream_error', `The upstream answer is larger than ${o.maxResponseBytes} bytes`, { status: res.statusCode, reason: 'too_large' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > o.maxResponseBytes) {
        res.body.destroy();
        throw new AppError('upstream_error', `The upstream answer is larger than ${o.maxResponseBytes} bytes`, { status: res.statusCode, reason: 'too_large' });
      }
      chunks.push(chunk as Buffer);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  }

  function decode(raw: Buffer, contentType: string, secrets: string[]): unknown {
    if (raw.length === 0) return null;
    if (/\bjson\b|\+json/i.test(contentType)) {
      const text = scrub(raw.toString('utf8'), secrets);
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    }
    if (/^text\/|xml|x-www-form-urlencoded/i.test(contentType) || contentType === '') return scrub(raw.toString('utf8'), secrets);
    return { base64: raw.toString('base64'), content_type: contentType };
  }

  function safeHeaders(h: Record<string, string | string[] | undefined>, secrets: string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(h)) {
      if (v === undefined || !SAFE_HEADERS.has(k)) continue;
      const value = Array.isArray(v) ? v.join(', ') : v;
      if (secrets.some((s) => s.length >= 4 && value.includes(s))) continue;
      out[k] = value;
    }
    return out;
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** One call with retries. Counts attempts; throws AppError for everything that is not an upstream answer. */
  async function send(
    pool: Pool,
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    attempts: { n: number },
  ): Promise<Dispatcher.ResponseData> {
    const retries = IDEMPOTENT.has(method) ? o.retries : 0;
    for (let attempt = 0; ; attempt++) {
      attempts.n = attempt + 1;
      let res: Dispatcher.ResponseData;
      try {
        res = await pool.request({ method: method as Dispatcher.HttpMethod, path, headers, body: body ?? null });
      } catch (err) {
        const app = findAppError(err);
        if (app) throw app;
        const code = errorCode(err);
        if (code && TIMEOUT_ERRORS.has(code)) throw new AppError('upstream_timeout', 'The upstream API did not answer in time', { status: null, reason: 'timeout' });
        const connect = code !== undefined && CONNECT_ERRORS.has(code);
        if (connect && attempt < retries) {
          await sleep(Math.min(1000, retryBase * 2 ** attempt) * (0.5 + Math.random() / 2));
          continue;
        }
        throw new AppError('upstream_error', 'The upstream API could not be reached', { status: null, reason: connect ? 'connect' : 'network' });
      }
      if ((res.statusCode === 502 || res.statusCode === 503 || res.statusCode === 504) && attempt < retries) {
        await res.body.dump();
        await sleep(Math.min(1000, retryBase * 2 ** attempt) * (0.5 + Math.random() / 2));
        continue;
      }
      return res;
    }
  }

  async function execute(call: InvokeCall, p: Prepared, input: Record<string, unknown>, meta: { upstreamStatus: number | null; upstreamMs: number | null; attempts: number; bytesOut: number }): Promise<UpstreamResult> {
    const { provider, endpoint } = p.call;
    const req = buildRequest(p, input);
    const injected = await injectCredential(call.tenantId, p, req);
    const qs = req.query.toString();
    const path = qs ? `${req.path}?${qs}` : req.path;
    const pool = poolFor(p.origin);
    const circuit = breaker.acquire(provider.id, provider.name);
    const attempts = { n: 0 };
    const started = performance.now();
    let res: Dispatcher.ResponseData;
    try {
      res = await send(pool, endpoint.method, path, req.headers, req.body, attempts);
      if (res.statusCode === 401 && injected.oauthKey) {
        // The provider refused a cached OAuth2 token: fetch a fresh one once.
        await res.body.dump();
        oauth2.invalidate(injected.oauthKey, req.headers.authorization!.slice(7));
        const again = await injectCredential(call.tenantId, p, req);
        injected.secrets.push(...again.secrets);
        res = await send(pool, endpoint.method, path, req.headers, req.body, attempts);
      }
    } catch (err) {
      meta.attempts = attempts.n;
      meta.upstreamMs = performance.now() - started;
      const app = err instanceof AppError ? err : undefined;
      if (app && (app.code === 'upstream_error' || app.code === 'upstream_timeout')) circuit.failure();
      else circuit.success();
      throw err;
    }
    meta.attempts = attempts.n;
    meta.upstreamStatus = res.statusCode;
    let raw: Buffer;
    try {
      raw = await readBody(res);
    } catch (err) {
      circuit.failure();
      meta.upstreamMs = performance.now() - started;
      const code = errorCode(err);
      if (code && TIMEOUT_ERRORS.has(code)) throw new AppError('upstream_timeout', 'The upstream API did not finish its answer in time', { status: res.statusCode, reason: 'timeout' });
      if (err instanceof AppError) throw err;
      throw new AppError('upstream_error', 'The upstream API broke off its answer', { status: res.statusCode, reason: 'network' });
    }
    meta.upstreamMs = performance.now() - started;
    meta.bytesOut = raw.length;
    if (res.statusCode >= 500) circuit.failure();
    else circuit.success();
    const contentType = String(res.headers['content-type'] ?? '');
    const body = decode(raw, contentType, injected.secrets);
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const detailBody = typeof body === 'string' ? body.slice(0, MAX_ERROR_BODY) : raw.length <= MAX_ERROR_BODY ? body : undefined;
      throw new AppError('upstream_error', `${provider.name} answered ${res.statusCode}`, { status: res.statusCode, ...(detailBody !== undefined && detailBody !== null ? { body: detailBody } : {}) });
    }
    if (p.validateOut && res.statusCode !== 204 && body !== null && !p.validateOut(body)) {
      throw new AppError('upstream_error', `${provider.name} answered with a body that does not match the capability's schema_out`, {
        status: res.statusCode,
        reason: 'schema_out',
        issues: issuesOf(p.validateOut.errors, 'response'),
      });
    }
    return { status: res.statusCode, headers: safeHeaders(res.headers, injected.secrets), body, bytes: raw.length };
  }

  return {
    /** Calls a capability of the tenant. Every outcome, success or error, writes one request-log row. */
    async invoke(call: InvokeCall): Promise<InvokeOutput> {
      const t0 = performance.now();
      const meta = { upstreamStatus: null as number | null, upstreamMs: null as number | null, attempts: 0, bytesOut: 0 };
      const bytesIn = call.input === undefined ? 0 : JSON.stringify(call.input).length;
      let p: Prepared | null = null;
      let status = 200;
      let errorCodeOut: string | null = null;
      try {
        p = await prepared(call.tenantId, call.name);
        if (!p) throw new AppError('not_found', `Capability ${call.name} not found`);
        const { capability, endpoint, provider } = p.call;
        if (!capability.enabled || !endpoint.enabled || !provider.enabled) {
          const what = !capability.enabled ? 'capability' : !endpoint.enabled ? 'endpoint' : 'provider';
          throw new AppError('capability_disabled', `Capability ${call.name} is disabled (its ${what} is turned off)`, { disabled: what });
        }
        if (capability.kind === 'write' && !roleAtLeast(call.principal.role, 'agent')) {
          throw new AppError('forbidden', `Capability ${call.name} changes data: it needs the agent role or higher`, { required_role: 'agent', role: call.principal.role });
        }
        // Buckets are keyed by their rate too: a changed limit starts a fresh budget instead of inheriting an empty one.
        const capabilityRate = capability.rate_limit_per_minute ?? o.capabilityRatePerMinute;
        const taken = await limiter.takeAll([
          { key: `t:${call.tenantId}:${o.tenantRatePerMinute}`, rule: tenantRule },
          { key: `c:${call.tenantId}:${capability.id}:${capabilityRate}`, rule: perMinute(capabilityRate) },
          ...(call.extraLimits ?? []),
        ]);
        if (!taken.allowed) {
          throw new AppError('rate_limited', `Too many calls to ${call.name}; try again in ${Math.ceil(taken.retryAfterMs / 1000)} s`, {
            retry_after_seconds: Math.max(1, Math.ceil(taken.retryAfterMs / 1000)),
            limit: taken.limit,
          });
        }
        const input = (call.input ?? {}) as Record<string, unknown>;
        if (typeof input !== 'object' || Array.isArray(input) || !p.validateIn(input)) {
          const issues = typeof input !== 'object' || Array.isArray(input) ? [{ path: 'body', message: 'must be an object' }] : issuesOf(p.validateIn.errors, 'body');
          throw new AppError('validation_failed', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
        }
        const result = await execute(call, p, input, meta);
        status = 200;
        return { capability: call.name, status: result.status, headers: result.headers, body: result.body, duration_ms: Math.round((performance.now() - t0) * 100) / 100 };
      } catch (err) {
        const app = err instanceof AppError ? err : undefined;
        status = app ? app.status : 500;
        errorCodeOut = app ? app.code : 'internal';
        throw err;
      } finally {
        log.record({
          tenant_id: call.tenantId,
          created_at: clock.now(),
          capability_name: call.name.slice(0, 200),
          capability_id: p?.call.capability.id ?? null,
          provider_id: p?.call.provider.id ?? null,
          principal: call.principalLabel,
          source: call.source,
          method: p?.call.endpoint.method ?? '-',
          status,
          upstream_status: meta.upstreamStatus,
          error_code: errorCodeOut,
          latency_ms: performance.now() - t0,
          upstream_ms: meta.upstreamMs,
          bytes_in: bytesIn,
          bytes_out: meta.bytesOut,
          attempts: meta.attempts,
        });
      }
    },

    /** The circuit state of each provider this server has called. */
    circuits: () => breaker.snapshot(),

    /** Closes the upstream connection pools it opened (the limiter and the log belong to whoever made them). */
    async close(): Promise<void> {
      await Promise.all([...pools.values()].map((pool) => pool.close().catch(() => {})));
      pools.clear();
    },
  };
}

export type GatewayService = ReturnType<typeof createGatewayService>;
