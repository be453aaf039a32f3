import type { Readable, Writable } from 'node:stream';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { isErrorCode, errorSpec, KERNEL_ERRORS } from '@smarteros/kernel';
import { ApiError, NetworkError } from './api-client.ts';
import { loadErrorTable, reportError } from './context.ts';
import { t } from './i18n.ts';
import { createTransport, mcpProblem, withTimeout, type McpTarget } from './mcp-client.ts';

/**
 * `smarteros mcp serve`: an MCP server on stdio that is a bridge to the SmarterOS server's /mcp. Each JSON-RPC message
 * from the local client (Claude Desktop, Cursor, ...) is POSTed as it came, and each message from the server (answers,
 * notifications such as tools/list_changed on the GET stream) is written to stdout as it came; so the tenant's policy,
 * the audit (with the local client's own name) and the gateway apply exactly as over HTTP.
 *
 * The bridge keeps the client's initialize request: when the server forgets the session (idle for
 * SMARTEROS_MCP_SESSION_IDLE_MINUTES, or restarted) it opens a new one with the same request, repeats the message, and
 * tells the client that the tools may have changed. stdout carries only the protocol; people read stderr.
 */

export interface BridgeOptions {
  target: McpTarget;
  stdin?: Readable;
  stdout?: Writable;
  /** A line for people (stderr). */
  log: (line: string) => void;
  debug?: boolean;
  /** How long to wait for the server to answer a replayed initialize. */
  timeoutMs?: number;
}

export interface Bridge {
  /** Resolves with the exit code once the bridge has stopped (stdin closed, a signal, or a refused credential). */
  done: Promise<number>;
  stop(code?: number): Promise<void>;
}

const REINIT_PREFIX = 'smarteros-cli-reinit-';

/** The one-line reason and JSON-RPC error code the local client gets when a message could not be relayed. */
function failure(err: unknown, target: McpTarget): { message: string; code: number; fatal: boolean } {
  if (err instanceof ApiError) {
    const code = isErrorCode(err.code) ? errorSpec(err.code).mcp : KERNEL_ERRORS.internal.mcp;
    // A refused credential does not get better by trying again: the bridge stops.
    return { message: `${err.code}: ${err.message}`, code, fatal: err.status === 401 || err.code === 'unauthorized' };
  }
  if (err instanceof NetworkError) {
    const message = err.problem === 'refused' ? t('err.connectionRefused', err.url) : t('err.network', err.url, err.message);
    return { message, code: KERNEL_ERRORS.unavailable.mcp, fatal: false };
  }
  const problem = mcpProblem(err, target);
  const message = problem instanceof Error ? problem.message : String(problem);
  const fatal = err instanceof StreamableHTTPError && (err.code === 401 || err.code === 403);
  return { message, code: KERNEL_ERRORS.unavailable.mcp, fatal };
}

const sessionLost = (err: unknown): boolean => err instanceof StreamableHTTPError && err.code === 404;

/** One session's transport and the requests still waiting on it (a replaced one is closed once they are answered). */
interface Link {
  transport: StreamableHTTPClientTransport;
  inflight: number;
  retired: boolean;
  /** Initialized: by the client itself (the first session) or by reopen(). A failed reopen leaves it false. */
  ready: boolean;
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const { target, log } = opts;
  // A long-running bridge maps the server's error codes to JSON-RPC codes: it takes the whole table once.
  await loadErrorTable();
  const stdin = opts.stdin ?? process.stdin;
  const stdio = new StdioServerTransport(stdin, opts.stdout ?? process.stdout);
  const timeoutMs = opts.timeoutMs ?? 30_000;

  let link: Link;
  const retired = new Set<Link>();
  /** Bumped each time a new session replaces a lost one. */
  let generation = 0;
  /** The client's initialize request (replayed when the session is lost) and the id it is waiting on. */
  let initRequest: JSONRPCRequest | undefined;
  let pendingInit: RequestId | undefined;
  let reinitSeq = 0;
  const internal = new Map<string, (message: JSONRPCMessage) => void>();
  let reopening: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  let exitCode = 0;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((r) => (resolveDone = r));

  const toClient = (message: JSONRPCMessage): void => {
    if (stopping) return;
    stdio.send(message).catch((err: unknown) => log(`${t('err.prefix')}: ${(err as Error).message}`));
  };

  function onServerMessage(from: StreamableHTTPClientTransport, message: JSONRPCMessage): void {
    if ((isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) && typeof message.id === 'string' && message.id.startsWith(REINIT_PREFIX)) {
      internal.get(message.id)?.(message);
      return;
    }
    if (pendingInit !== undefined && isJSONRPCResultResponse(message) && message.id === pendingInit) {
      pendingInit = undefined;
      const version = (message.result as { protocolVersion?: unknown }).protocolVersion;
      if (typeof version === 'string') from.setProtocolVersion(version);
    }
    toClient(message);
  }

  function open(): Link {
    const transport = createTransport(target);
    const opened: Link = { transport, inflight: 0, retired: false, ready: false };
    transport.onmessage = (message) => onServerMessage(transport, message);
    // Errors of requests reach relay() too; the others are the GET stream's (reconnects), worth a line only when debugging.
    transport.onerror = (err) => {
      if (opts.debug && !stopping && !opened.retired) log(`mcp: ${err.message}`);
    };
    return opened;
  }

  function retire(old: Link): void {
    old.retired = true;
    old.transport.onerror = undefined;
    if (old.inflight > 0) {
      retired.add(old);
      return;
    }
    void old.transport.close().catch(() => {});
  }

  /** POSTs one message on the current session; a replaced session is closed once its last answer is in. */
  async function post(message: JSONRPCMessage): Promise<void> {
    const current = link;
    current.inflight++;
    try {
      await current.transport.send(message);
    } finally {
      current.inflight--;
      if (current.retired && current.inflight === 0 && retired.delete(current)) void current.transport.close().catch(() => {});
    }
  }

  /** A new session with the client's own initialize request, after the server forgot the old one. */
  function reopen(): Promise<void> {
    reopening ??= (async () => {
      const old = link;
      link = open();
      generation++;
      retire(old);
      await link.transport.start();
      const id = `${REINIT_PREFIX}${++reinitSeq}`;
      const answer = new Promise<JSONRPCMessage>((resolve) => internal.set(id, resolve));
      try {
        await link.transport.send({ ...initRequest!, id });
        const response = await withTimeout(answer, timeoutMs);
        if (!isJSONRPCResultResponse(response)) throw new Error(isJSONRPCErrorResponse(response) ? response.error.message : 'initialize failed');
        const version = (response.result as { protocolVersion?: unknown }).protocolVersion;
        if (typeof version === 'string') link.transport.setProtocolVersion(version);
        await link.transport.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
        link.ready = true;
      } finally {
        internal.delete(id);
      }
      log(t('mcp.serve.reopened'));
      // What this session sees may differ from the old one (the registry or the policy changed meanwhile).
      toClient({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    })().finally(() => {
      reopening = undefined;
    });
    return reopening;
  }

  async function relay(message: JSONRPCMessage): Promise<void> {
    if (isInitializeRequest(message) && isJSONRPCRequest(message)) {
      initRequest = message;
      pendingInit = message.id;
    }
    try {
      if (reopening) await reopening;
      // The last reopen failed (the server was down): try again before this message.
      if (!link.ready && initRequest && !isInitializeRequest(message)) await reopen();
      const gen = generation;
      try {
        await post(message);
      } catch (err) {
        // Only a "Session not found" is repeated: the server did not run the message, so a write cannot run twice.
        if (!sessionLost(err) || !initRequest || isInitializeRequest(message) || stopping) throw err;
        // Another message may have opened the new session already; otherwise open it.
        if (gen === generation) await reopen();
        else if (reopening) await reopening;
        await post(message);
      }
    } catch (err) {
      if (stopping) return;
      const why = failure(err, target);
      if (why.fatal) {
        exitCode = reportError(mcpProblem(err, target), log);
      } else {
        log(`${t('err.prefix')}: ${why.message}`);
      }
      if (isJSONRPCRequest(message)) toClient({ jsonrpc: '2.0', id: message.id, error: { code: why.code, message: why.message } });
      if (why.fatal) void stop(exitCode);
    }
  }

  function stop(code?: number): Promise<void> {
    if (code !== undefined) exitCode = code;
    stopping ??= (async () => {
      stdin.off('end', onEnd);
      stdin.off('close', onEnd);
      // Tell the server the session is over (so it does not wait for it to go idle); never for long.
      await withTimeout(link.transport.terminateSession(), 1500).catch(() => {});
      await Promise.all([link, ...retired].map((l) => l.transport.close().catch(() => {})));
      await stdio.close().catch(() => {});
      resolveDone(exitCode);
    })();
    return stopping;
  }

  const onEnd = (): void => void stop();

  link = open();
  link.ready = true;
  await link.transport.start();
  stdio.onmessage = (message) => void relay(message);
  stdio.onerror = (err) => log(`${t('err.prefix')}: ${err.message}`);
  stdin.on('end', onEnd);
  stdin.on('close', onEnd);
  await stdio.start();
  return { done, stop };
}
