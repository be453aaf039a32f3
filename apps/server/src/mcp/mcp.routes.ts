import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ErrorCode, isInitializeRequest, ListToolsRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Config } from '../config.ts';
import { UnknownToolError, type McpContext } from '@smarteros/modules/mcp';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, ownTenantAccess, publicAccess } from '../http/access.ts';
import { VERSION } from '../routes/system.routes.ts';
import type { AppServices } from '../services.ts';
import { tenantSelector } from '../routes/common.ts';

/**
 * The MCP server (Streamable HTTP at /mcp, the official SDK): one SDK Server and transport per session, bound to the
 * tenant and principal of the credential that opened it. Tools and their calls come from the mcp module, so every call
 * takes the gateway path (validation, rate limits, egress guard, circuit breaker) under the tenant's AI policy. The
 * client's token is never sent upstream: the gateway injects the tenant's own credentials.
 *
 * Before anything else a request's Host (and Origin, when sent) must be one of this server's names (DNS-rebinding
 * protection); a request without a valid credential gets 401 with WWW-Authenticate pointing at the OAuth
 * protected-resource metadata, as the MCP authorization spec asks.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Sent as WWW-Authenticate with a 401 from this route. */
    bearerChallenge?: string;
  }
}

type SessionBase = Omit<McpContext, 'client' | 'sessionId'>;

interface Session {
  id: string;
  transport: StreamableHTTPServerTransport;
  server: Server;
  tenantId: string;
  principalId: string;
  /** What the session's tool calls run as; its role follows the credential of the latest request. */
  base: SessionBase;
  lastSeen: number;
}

const MCP_PATH = '/mcp';

function jsonRpcError(reply: FastifyReply, status: number, code: number, message: string): FastifyReply {
  return reply.status(status).header('content-type', 'application/json').send({ jsonrpc: '2.0', error: { code, message }, id: null });
}

export function mcpRoutes(app: FastifyInstance, services: AppServices, config: Config): void {
  const { mcp, cloudflareAccess } = services;
  const sessions = new Map<string, Session>();
  const resource = `${config.publicUrl}${MCP_PATH}`;
  const metadataUrl = `${config.publicUrl}/.well-known/oauth-protected-resource${MCP_PATH}`;
  const challenge = `Bearer resource_metadata="${metadataUrl}"`;
  const allowedHosts = new Set(config.mcp.allowedHosts);
  const idleMs = config.mcp.sessionIdleMinutes * 60_000;

  function hostAllowed(request: FastifyRequest): boolean {
    const host = request.headers.host;
    if (!host) return false;
    let hostname: string;
    try {
      hostname = new URL(`http://${host}`).hostname.toLowerCase();
    } catch {
      return false;
    }
    if (!allowedHosts.has(hostname)) return false;
    const origin = request.headers.origin;
    if (!origin) return true;
    try {
      return allowedHosts.has(new URL(origin).hostname.toLowerCase());
    } catch {
      return false;
    }
  }

  /** A fresh SDK server for one session; its handlers ask the mcp module. */
  function createSessionServer(base: SessionBase, sessionId: () => string | undefined): Server {
    const server = new Server({ name: 'smarteros', title: 'SmarterOS', version: VERSION }, { capabilities: { tools: { listChanged: true } }, instructions: 'Herramientas de la empresa en SmarterOS: sus APIs registradas como capacidades y las herramientas de la plataforma.' });
    const ctx = (): McpContext => ({ ...base, client: server.getClientVersion(), sessionId: sessionId() });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: (await mcp.listTools(ctx())).map((t) => ({
        name: t.name,
        ...(t.title ? { title: t.title } : {}),
        description: t.description,
        inputSchema: t.inputSchema as { type: 'object'; [k: string]: unknown },
        annotations: { readOnlyHint: t.kind === 'read', destructiveHint: t.kind === 'write', openWorldHint: true },
      })),
    }));
    server.setRequestHandler(CallToolRequestSchema, async (req): Promise<CallToolResult> => {
      try {
        return { ...(await mcp.callTool(ctx(), req.params.name, req.params.arguments)) };
      } catch (err) {
        if (err instanceof UnknownToolError) throw new McpError(ErrorCode.InvalidParams, err.message);
        throw err;
      }
    });
    return server;
  }

  mcp.onToolsChanged((tenantId) => {
    for (const s of sessions.values()) {
      if (s.tenantId === tenantId) void s.server.sendToolListChanged().catch(() => {});
    }
  });

  const sweep = setInterval(() => {
    const cutoff = Date.now() - idleMs;
    for (const s of sessions.values()) if (s.lastSeen < cutoff) void s.transport.close();
  }, Math.min(idleMs, 60_000));
  sweep.unref();

  // DNS-rebinding protection first: a foreign Host never reaches authentication.
  app.addHook('onRequest', async (request, reply) => {
    if (request.url !== MCP_PATH && !request.url.startsWith(`${MCP_PATH}?`)) return;
    if (!hostAllowed(request)) return jsonRpcError(reply, 403, -32000, 'This server does not answer to that Host or Origin');
    return undefined;
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = request.principal!;
    const tenantId = request.tenantId!;
    await cloudflareAccess.verify(tenantId, request.headers['cf-access-jwt-assertion'] as string | undefined);
    const header = request.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    let session: Session | undefined;
    if (sessionId) {
      session = sessions.get(sessionId);
      // Another tenant's or another principal's session is not found, as if it did not exist.
      if (!session || session.tenantId !== tenantId || session.principalId !== principal.id) return jsonRpcError(reply, 404, -32001, 'Session not found');
      session.lastSeen = Date.now();
      // A role changed since the session began (a refreshed token after a demotion) applies to this request at once.
      session.base.principal = { id: principal.id, role: principal.role };
    } else if (request.method === 'POST' && isInitializeRequest(request.body)) {
      let id: string | undefined;
      const base: SessionBase = { tenantId, principal: { id: principal.id, role: principal.role }, principalLabel: actorOf(request).id };
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: true,
        onsessioninitialized: (sid) => {
          id = sid;
          sessions.set(sid, { id: sid, transport, server, tenantId, principalId: principal.id, base, lastSeen: Date.now() });
        },
        onsessionclosed: (sid) => {
          sessions.delete(sid);
        },
      });
      transport.onclose = () => {
        if (id) sessions.delete(id);
      };
      const server = createSessionServer(base, () => id);
      await server.connect(transport);
      reply.hijack();
      await transport.handleRequest(request.raw, reply.raw, request.body);
      return reply;
    } else {
      return jsonRpcError(reply, 400, -32000, 'No session: start with an initialize request');
    }
    reply.hijack();
    await session.transport.handleRequest(request.raw, reply.raw, request.body);
    return reply;
  };

  const mcpAccess = { access: ownTenantAccess('viewer'), bearerChallenge: challenge };
  const schema = { hide: true, querystring: tenantSelector };
  app.post(MCP_PATH, { config: mcpAccess, schema: { ...schema, body: z.unknown() } }, handle);
  app.get(MCP_PATH, { config: mcpAccess, schema }, handle);
  app.delete(MCP_PATH, { config: mcpAccess, schema }, handle);

  // OAuth 2.0 Protected Resource Metadata (RFC 9728) for MCP clients.
  const metadata = () => ({
    resource,
    authorization_servers: [config.oidc?.issuer ?? config.publicUrl],
    bearer_methods_supported: ['header'],
    resource_name: 'SmarterOS MCP',
    resource_documentation: `${config.publicUrl}/api/docs`,
  });
  for (const path of ['/.well-known/oauth-protected-resource', `/.well-known/oauth-protected-resource${MCP_PATH}`]) {
    app.get(path, { config: { access: publicAccess }, schema: { hide: true } }, async () => metadata());
  }

  // preClose: open SSE streams would otherwise keep the server from closing.
  app.addHook('preClose', async () => {
    clearInterval(sweep);
    await Promise.all([...sessions.values()].map((s) => s.transport.close().catch(() => {})));
    sessions.clear();
    await mcp.close();
  });
}
