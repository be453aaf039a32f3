import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { isErrorCode, errorSpec, KERNEL_ERRORS } from '@smarteros/kernel';
import { ApiError, apiErrorOf, fetchFailure, NetworkError } from './api-client.ts';
import { CliError } from './context.ts';
import { t } from './i18n.ts';

/**
 * The CLI as an MCP client of the SmarterOS server (Streamable HTTP at /mcp, the official SDK). Loaded only by the
 * `smarteros mcp` commands, so the SDK does not slow down every other command.
 *
 * The SDK's requests go through mcpFetch, which turns the failures the rest of the CLI already knows how to report
 * into its own errors: no answer is a NetworkError, and an answer in the API's error shape (an unknown or revoked key,
 * a platform admin without ?tenant_id=, a missing Cloudflare Access assertion) an ApiError. The answers of the MCP
 * transport itself (JSON-RPC bodies: "Session not found", a refused Host) stay the SDK's StreamableHTTPError.
 */

/** Where the MCP endpoint is and what every request to it carries. */
export interface McpTarget {
  /** `<server>/mcp`, with `?tenant_id=` when the tenant is named. */
  url: URL;
  /** The SmarterOS server (for messages). */
  serverUrl: string;
  headers: Record<string, string>;
}

export interface McpTargetOptions {
  serverUrl: string;
  token: string | undefined;
  tenant?: string | undefined;
  cfAssertion?: string | undefined;
}

export function mcpTarget(opts: McpTargetOptions): McpTarget {
  const url = new URL(`${opts.serverUrl.replace(/\/+$/, '')}/mcp`);
  if (opts.tenant) url.searchParams.set('tenant_id', opts.tenant);
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cfAssertion) headers['cf-access-jwt-assertion'] = opts.cfAssertion;
  return { url, serverUrl: opts.serverUrl, headers };
}

/** fetch for the SDK's transport: network failures and the API's error answers as the CLI's own errors. */
export function mcpFetch(serverUrl: string, base: FetchLike = fetch): FetchLike {
  return async (url, init) => {
    let res: Response;
    try {
      res = await base(url, init);
    } catch (err) {
      // The transport aborts its own requests when it closes: not a network problem.
      if (init?.signal?.aborted) throw err;
      throw fetchFailure(err, serverUrl);
    }
    if (!res.ok && /json/i.test(res.headers.get('content-type') ?? '')) {
      const body: unknown = await res
        .clone()
        .json()
        .catch(() => undefined);
      const apiError = apiErrorOf(res.status, body);
      if (apiError) {
        await res.body?.cancel().catch(() => {});
        throw apiError;
      }
    }
    return res;
  };
}

export function createTransport(target: McpTarget): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(target.url, { requestInit: { headers: target.headers }, fetch: mcpFetch(target.serverUrl) });
}

export interface McpConnection {
  client: Client;
  transport: StreamableHTTPClientTransport;
  /** Ends the session on the server (DELETE /mcp) and closes the client; never throws. */
  close(): Promise<void>;
}

/** An SDK client connected (initialize + initialized) to the server's /mcp. */
export async function connectMcp(target: McpTarget, opts: { name: string; version: string; timeoutMs: number }): Promise<McpConnection> {
  const transport = createTransport(target);
  const client = new Client({ name: opts.name, version: opts.version }, { capabilities: {} });
  // The transport reports every error it throws to onerror as well; the caller gets them from the promises.
  client.onerror = () => {};
  try {
    await client.connect(transport, { timeout: opts.timeoutMs });
  } catch (err) {
    await client.close().catch(() => {});
    throw mcpProblem(err, target, opts.timeoutMs);
  }
  return {
    client,
    transport,
    async close() {
      await withTimeout(transport.terminateSession(), 2000).catch(() => {});
      await client.close().catch(() => {});
    },
  };
}

/** The message of a JSON-RPC error body inside the SDK's "Error POSTing to endpoint: {...}". */
function jsonRpcMessage(text: string): string | undefined {
  const i = text.indexOf('{');
  if (i < 0) return undefined;
  try {
    const body = JSON.parse(text.slice(i)) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? body.error.message : undefined;
  } catch {
    return undefined;
  }
}

const EXIT_BY_STATUS: Record<number, number> = {
  400: KERNEL_ERRORS.validation_failed.exit,
  401: KERNEL_ERRORS.unauthorized.exit,
  403: KERNEL_ERRORS.forbidden.exit,
  404: KERNEL_ERRORS.not_found.exit,
  429: KERNEL_ERRORS.rate_limited.exit,
};

/**
 * Any failure of an MCP exchange as an error reportError() prints well: ApiError and NetworkError as they are, the
 * transport's HTTP answers and the SDK's protocol errors (a timeout, a closed connection) as a CliError.
 */
export function mcpProblem(err: unknown, target: McpTarget, timeoutMs?: number): unknown {
  if (err instanceof ApiError || err instanceof NetworkError || err instanceof CliError) return err;
  if (err instanceof StreamableHTTPError) {
    const status = typeof err.code === 'number' ? err.code : 0;
    const message = jsonRpcMessage(err.message) ?? err.message.replace(/^Streamable HTTP error: /, '');
    const exit = EXIT_BY_STATUS[status] ?? (status >= 500 ? KERNEL_ERRORS.unavailable.exit : 1);
    return new CliError(t('mcp.err.http', target.url.href, status, message), exit, status === 403 ? t('mcp.hint.host') : undefined);
  }
  if (err instanceof McpError) {
    if (err.code === ErrorCode.RequestTimeout) {
      return new NetworkError('timeout', target.serverUrl, err.message, timeoutMs !== undefined ? { timeoutMs } : {});
    }
    if (err.code === ErrorCode.ConnectionClosed) return new CliError(t('mcp.err.closed', target.url.href), KERNEL_ERRORS.unavailable.exit);
    return new CliError(t('mcp.err.protocol', err.code, err.message), 1);
  }
  return err;
}

/** What a tool's isError result says: the platform's error code (structuredContent.error.code) and its message. */
export function toolError(value: object): { code: string; message: string; exit: number } {
  const result = value as { content?: unknown; structuredContent?: unknown };
  const error = (result.structuredContent as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : 'error';
  let message = typeof error?.message === 'string' ? error.message : '';
  if (!message && Array.isArray(result.content)) {
    message = result.content
      .map((c: unknown) => ((c as { type?: unknown }).type === 'text' ? String((c as { text?: unknown }).text ?? '') : ''))
      .filter(Boolean)
      .join(' ');
  }
  return { code, message, exit: isErrorCode(code) ? errorSpec(code).exit : 1 };
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
