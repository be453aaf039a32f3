import { describe, expect, it } from 'vitest';
import type { CapabilityOutput, McpPolicy } from '../api/models.ts';
import { httpSnippet, mcpUrl, stdioSnippet, toolsUnderPolicy, unknownPolicyNames } from './mcp-tools.tsx';

const POLICY: McpPolicy = {
  allowed_tools: null,
  denied_tools: [],
  read_only: false,
  confirm_writes: false,
  confirm_min_role: 'admin',
  redact_rut: false,
  redact_phone: false,
  redact_email: false,
  calls_per_minute: 120,
  updated_by: null,
  updated_at: null,
};

const capability = (name: string, kind: 'read' | 'write', extra: Partial<CapabilityOutput> = {}): CapabilityOutput => ({
  id: name,
  capability_name: name,
  description: null,
  enabled: true,
  kind,
  requires_confirmation: kind === 'write',
  rate_limit_per_minute: null,
  endpoint: { id: 'e', semantic_name: name, method: kind === 'read' ? 'GET' : 'POST', path: '/x' },
  provider: { id: 'p', name: 'Tienda' },
  schema_in: {},
  schema_out: null,
  created_at: '',
  updated_at: '',
  ...extra,
});

const CAPS = [capability('orders.search', 'read'), capability('orders.create', 'write'), capability('orders.notes', 'write', { requires_confirmation: false }), capability('orders.old', 'read', { enabled: false })];
const visible = (p: Partial<McpPolicy>) =>
  toolsUnderPolicy({ ...POLICY, ...p }, CAPS)
    .filter((x) => !x.hidden)
    .map((x) => x.name);

describe('the tools an MCP client sees (as the server works them out)', () => {
  it('lists the platform tools first, then the enabled capabilities; a disabled one is hidden as such', () => {
    const tools = toolsUnderPolicy(POLICY, CAPS);
    expect(tools.map((x) => x.name)).toEqual([
      'smarteros.tenant_profile',
      'smarteros.products',
      'smarteros.activate_product',
      'smarteros.request_log_summary',
      'chat.find_contact',
      'chat.search_conversations',
      'chat.read_conversation',
      'chat.send_message',
      'chat.handoff',
      'orders.search',
      'orders.create',
      'orders.notes',
      'orders.old',
    ]);
    expect(tools.find((x) => x.name === 'orders.old')?.hidden).toBe('disabled');
  });

  it('applies denied, then the allowed list, then read-only', () => {
    expect(visible({ denied_tools: ['orders.search'] })).not.toContain('orders.search');
    expect(visible({ allowed_tools: ['orders.search', 'orders.create'], denied_tools: ['orders.create'] })).toEqual(['orders.search']);
    expect(visible({ read_only: true })).toEqual(['smarteros.tenant_profile', 'smarteros.products', 'smarteros.request_log_summary', 'chat.find_contact', 'chat.search_conversations', 'chat.read_conversation', 'orders.search']);
    const reasons = toolsUnderPolicy({ ...POLICY, allowed_tools: ['orders.create'], denied_tools: ['orders.create'], read_only: true }, CAPS);
    expect(reasons.find((x) => x.name === 'orders.create')?.hidden).toBe('denied');
    expect(reasons.find((x) => x.name === 'orders.search')?.hidden).toBe('not_allowed');
  });

  it('asks for confirmation of a write when the policy confirms writes or the capability asks (platform tools: policy only)', () => {
    const confirm = (p: Partial<McpPolicy>) =>
      toolsUnderPolicy({ ...POLICY, ...p }, CAPS)
        .filter((x) => x.confirm)
        .map((x) => x.name);
    expect(confirm({ confirm_writes: false })).toEqual(['orders.create']);
    expect(confirm({ confirm_writes: true })).toEqual(['smarteros.activate_product', 'chat.send_message', 'chat.handoff', 'orders.create', 'orders.notes']);
  });

  it('keeps names of the policy that match no tool apart', () => {
    const tools = toolsUnderPolicy(POLICY, CAPS);
    expect(unknownPolicyNames({ ...POLICY, allowed_tools: ['orders.search', 'legacy.tool'], denied_tools: ['gone.tool', 'legacy.tool'] }, tools)).toEqual(['gone.tool', 'legacy.tool']);
  });

  it('writes the URL and the configuration snippets', () => {
    expect(mcpUrl('https://os.example.cl', 'a b', true)).toBe('https://os.example.cl/mcp?tenant_id=a%20b');
    expect(mcpUrl('https://os.example.cl', 'x', false)).toBe('https://os.example.cl/mcp');
    expect(JSON.parse(httpSnippet('https://os.example.cl/mcp', 'sk_1'))).toEqual({ mcpServers: { smarteros: { type: 'http', url: 'https://os.example.cl/mcp', headers: { Authorization: 'Bearer sk_1' } } } });
    expect(JSON.parse(stdioSnippet('https://os.example.cl', '76086428-5', 'sk_1')).mcpServers.smarteros).toEqual({
      command: 'npx',
      args: ['smarteros', 'mcp', 'serve', '--tenant', '76086428-5'],
      env: { SMARTEROS_URL: 'https://os.example.cl', SMARTEROS_TOKEN: 'sk_1' },
    });
  });
});
