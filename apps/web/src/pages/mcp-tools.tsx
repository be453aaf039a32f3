import { Fragment } from 'react';
import type { CapabilityOutput, McpPolicy } from '../api/models.ts';

/**
 * What an AI client sees over MCP, worked out in the browser the way packages/modules/src/mcp/mcp.service.ts does
 * (toolsFor): the platform's own tools, then the tenant's enabled capabilities (a capability named like a platform tool
 * is shadowed by it), each filtered by the policy: denied first, then the allowed list, then read-only mode. A write
 * tool asks for confirmation when the policy confirms writes or (capabilities only) the capability itself asks.
 */
export type ToolKind = 'read' | 'write';

export const PLATFORM_TOOLS: ReadonlyArray<{ name: string; kind: ToolKind }> = [
  { name: 'smarteros.tenant_profile', kind: 'read' },
  { name: 'smarteros.products', kind: 'read' },
  { name: 'smarteros.activate_product', kind: 'write' },
  { name: 'smarteros.request_log_summary', kind: 'read' },
  { name: 'chat.find_contact', kind: 'read' },
  { name: 'chat.search_conversations', kind: 'read' },
  { name: 'chat.read_conversation', kind: 'read' },
  { name: 'chat.send_message', kind: 'write' },
  { name: 'chat.handoff', kind: 'write' },
];

/** Why a tool is not listed: disabled in the registry, denied, outside the allowed list, or a write in read-only mode. */
export type HiddenReason = 'disabled' | 'denied' | 'not_allowed' | 'read_only';

export interface ToolView {
  name: string;
  kind: ToolKind;
  /** A platform tool (smarteros.*), else a capability of the tenant's API registry. */
  platform: boolean;
  description: string | null;
  /** The registered API a capability calls. */
  provider: string | null;
  method: string | null;
  path: string | null;
  /** Whether calling it asks for confirmation first (when it is listed). */
  confirm: boolean;
  hidden: HiddenReason | null;
}

function hiddenBy(policy: McpPolicy, name: string, kind: ToolKind): HiddenReason | null {
  if (policy.denied_tools.includes(name)) return 'denied';
  if (policy.allowed_tools && !policy.allowed_tools.includes(name)) return 'not_allowed';
  if (policy.read_only && kind === 'write') return 'read_only';
  return null;
}

/** Every tool the tenant has (listed or not) under a policy, platform tools first, in the server's order. */
export function toolsUnderPolicy(policy: McpPolicy, capabilities: readonly CapabilityOutput[]): ToolView[] {
  const platformNames = new Set(PLATFORM_TOOLS.map((p) => p.name));
  const out: ToolView[] = PLATFORM_TOOLS.map((p) => ({
    name: p.name,
    kind: p.kind,
    platform: true,
    description: null,
    provider: null,
    method: null,
    path: null,
    confirm: p.kind === 'write' && policy.confirm_writes,
    hidden: hiddenBy(policy, p.name, p.kind),
  }));
  for (const c of capabilities) {
    if (platformNames.has(c.capability_name)) continue;
    out.push({
      name: c.capability_name,
      kind: c.kind,
      platform: false,
      description: c.description,
      provider: c.provider.name,
      method: c.endpoint.method,
      path: c.endpoint.path,
      confirm: c.kind === 'write' && (c.requires_confirmation || policy.confirm_writes),
      hidden: c.enabled ? hiddenBy(policy, c.capability_name, c.kind) : 'disabled',
    });
  }
  return out;
}

/** Names in the policy's lists that match no tool today (a capability not published yet, or deleted): kept, shown apart. */
export function unknownPolicyNames(policy: McpPolicy, tools: readonly ToolView[]): string[] {
  const known = new Set(tools.map((t) => t.name));
  return [...new Set([...(policy.allowed_tools ?? []), ...policy.denied_tools])].filter((n) => !known.has(n)).sort();
}

/** The MCP endpoint of this console's server; platform admins name the tenant (their own token has none). */
export function mcpUrl(origin: string, tenantId: string, platform: boolean): string {
  return `${origin}/mcp${platform ? `?tenant_id=${encodeURIComponent(tenantId)}` : ''}`;
}

export const KEY_PLACEHOLDER = 'sk_...';

/** For clients that speak Streamable HTTP and send headers. */
export function httpSnippet(url: string, key: string): string {
  return JSON.stringify({ mcpServers: { smarteros: { type: 'http', url, headers: { Authorization: `Bearer ${key}` } } } }, null, 2);
}

/** For clients that only launch commands: the CLI's stdio bridge, told the server and the key through its environment. */
export function stdioSnippet(origin: string, tenantRef: string, key: string): string {
  return JSON.stringify(
    { mcpServers: { smarteros: { command: 'npx', args: ['smarteros', 'mcp', 'serve', '--tenant', tenantRef], env: { SMARTEROS_URL: origin, SMARTEROS_TOKEN: key } } } },
    null,
    2,
  );
}

export const testCommand = (tenantRef: string): string => `npx smarteros mcp test --tenant ${tenantRef}`;

/** A tool name that may break after its dots and underscores on a narrow screen, rather than inside a word. */
export function ToolName({ name }: { name: string }) {
  return (
    <code className="tool-name">
      {name.split(/(?<=[._])/).map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </code>
  );
}

/** Arguments as one compact line of JSON. */
export function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}
