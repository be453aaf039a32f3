import { configCsv, configInt, defineConfig } from '@smarteros/kernel';

/** The MCP server's variables. */
export const MCP_CONFIG = defineConfig({
  owner: 'mcp',
  vars: {
    SMARTEROS_MCP_ALLOWED_HOSTS: {
      schema: configCsv.default([]),
      shownDefault: "(the public URL's host, localhost)",
      description: 'more host names `/mcp` answers to; any other Host header is refused (DNS-rebinding protection)',
    },
    SMARTEROS_MCP_SESSION_IDLE_MINUTES: { schema: configInt(1, 1440).default(30), description: 'an MCP session unused this long is closed' },
  },
  build: (v, ctx) => ({
    mcp: {
      /** Host names /mcp answers to (DNS-rebinding protection): the public URL's, loopback's, and these. */
      allowedHosts: [...new Set([new URL(ctx.publicUrl).hostname, 'localhost', '127.0.0.1', '[::1]', ...v.SMARTEROS_MCP_ALLOWED_HOSTS.map((h) => h.toLowerCase())])],
      sessionIdleMinutes: v.SMARTEROS_MCP_SESSION_IDLE_MINUTES,
    },
  }),
});

export type McpConfig = ReturnType<typeof MCP_CONFIG.build>;

declare module '@smarteros/kernel' {
  interface PlatformConfig extends McpConfig {}
}
