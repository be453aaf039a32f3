import { hubSignature } from '@smarteros/modules/chat';
import { rutFromBody, type ActionContext } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWhatsAppGraph, type WhatsAppGraphFake } from '../../../../test/fakes/whatsapp-graph.ts';
import { drainChat } from '../../../../test/support/chat.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * Chat's actions in the catalog, through the runner every caller shares (MCP, REST, the CLI, the assistant): find a
 * contact, search and read conversations, send a message and hand off (writes: confirmation under the policy), each
 * call in the MCP audit; another tenant's contacts and conversations are never found.
 */
let t: TestServer;
let graph: WhatsAppGraphFake;
let tenantA = '';
let tenantB = '';
let conversationA = '';
let conversationB = '';
const INBOX_A = { phone: '104900000000171', appSecret: 'app-secret-actions-a-171', access: 'EAAG-actions-a-access-171', verify: 'verify-actions-a-171-xyz' };
const INBOX_B = { phone: '104900000000172', appSecret: 'app-secret-actions-b-172', access: 'EAAG-actions-b-access-172', verify: 'verify-actions-b-172-xyz' };
let seq = 0;

const drain = () => drainChat(t);

async function writes(inbox: typeof INBOX_A, from: string, name: string, text: string): Promise<void> {
  seq += 1;
  const raw = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: inbox.phone }, contacts: [{ profile: { name }, wa_id: from }], messages: [{ from, id: `wamid.ACT${seq}`, timestamp: String(Math.floor(t.clock.now().getTime() / 1000)), type: 'text', text: { body: text } }] } }] }],
  });
  const res = await t.request({ method: 'POST', url: '/webhooks/whatsapp', token: null, body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(raw, inbox.appSecret) } });
  expect(res.status).toBe(200);
  await drain();
}

async function tenantWithInbox(body: number, name: string, inbox: typeof INBOX_A): Promise<string> {
  const id = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(body), business_name: name, contact_email: 'x@x.cl' } })).body.id);
  graph.tokens.set(inbox.phone, inbox.access);
  const made = await t.request({
    method: 'POST',
    url: `/api/v1/chat/inboxes?tenant_id=${id}`,
    body: { channel_type: 'whatsapp', name: 'WhatsApp', config: { phone_number_id: inbox.phone, access_token: inbox.access, app_secret: inbox.appSecret, verify_token: inbox.verify } },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return id;
}

const agent = (tenantId: string): ActionContext => ({ tenantId, principal: { id: 'agent-1', role: 'agent' }, principalLabel: 'user:agent-1', source: 'automation' });
const run = (ctx: ActionContext, name: string, input: Record<string, unknown>, confirmation?: string) => t.server.services.runner.run(ctx, name, input, confirmation ? { confirmation } : {});
const value = <T>(r: Awaited<ReturnType<typeof run>>): T => {
  expect(r.outcome, JSON.stringify(r)).toBe('ok');
  return (r as { value: T }).value;
};

beforeAll(async () => {
  graph = await startWhatsAppGraph();
  t = await createTestServer({ env: { SMARTEROS_WHATSAPP_API_URL: graph.url, SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8' } });
  tenantA = await tenantWithInbox(76_500_171, 'Botillería 171', INBOX_A);
  tenantB = await tenantWithInbox(76_500_172, 'Botillería 172', INBOX_B);
  await writes(INBOX_A, '56911171001', 'Carolina Muñoz', '¿Tienen despacho a Maipú?');
  await writes(INBOX_A, '56911171002', 'Pedro Soto', 'Quiero cambiar mi pedido 55');
  await writes(INBOX_B, '56911171001', 'Carolina Muñoz', 'Hola, soy de la otra empresa');
  await t.testDb.db.asOwner((tx) => tx.updateTable('chat_contacts').set({ email: 'Carolina@Example.cl', rut: '12.345.678-5' }).where('tenant_id', '=', tenantA).where('phone', '=', '+56911171001').execute());
  const list = async (tenant: string) => (await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenant}` })).body.items as Array<{ id: string; contact: { phone: string } }>;
  conversationA = (await list(tenantA)).find((c) => c.contact.phone === '+56911171001')!.id;
  conversationB = (await list(tenantB))[0]!.id;
});
afterAll(async () => {
  await t?.close();
  await graph?.close();
});

describe('chat.find_contact', () => {
  it('finds a contact by phone in any spelling, e-mail in any case, part of the name, or RUT', async () => {
    const ctx = agent(tenantA);
    for (const input of [{ phone: '+56 9 1117 1001' }, { phone: '56911171001' }, { email: 'carolina@example.CL' }, { name: 'muñoz' }, { rut: '12345678-5' }, { rut: '12.345.678-5' }]) {
      const found = value<{ items: Array<{ name: string; phone: string }> }>(await run(ctx, 'chat.find_contact', input));
      expect(found.items, JSON.stringify(input)).toEqual([expect.objectContaining({ name: 'Carolina Muñoz', phone: '+56911171001' })]);
    }
    expect(value<{ items: unknown[] }>(await run(ctx, 'chat.find_contact', { name: 'Rodríguez' })).items).toEqual([]);
  });

  it('never finds another tenant’s contact, and names the bad field', async () => {
    const inB = value<{ items: Array<{ id: string }> }>(await run(agent(tenantB), 'chat.find_contact', { phone: '56911171001' }));
    const inA = value<{ items: Array<{ id: string }> }>(await run(agent(tenantA), 'chat.find_contact', { phone: '56911171001' }));
    expect(inB.items).toHaveLength(1);
    expect(inB.items[0]!.id).not.toBe(inA.items[0]!.id);
    const none = await run(agent(tenantA), 'chat.find_contact', {});
    expect(none.outcome).toBe('error');
    expect(none.outcome === 'error' && none.error.details?.issues).toEqual([expect.objectContaining({ path: 'phone' })]);
    const badRut = await run(agent(tenantA), 'chat.find_contact', { rut: '12.345.678-9' });
    expect(badRut.outcome === 'error' && badRut.error.message).toBe('rut: not a valid RUT');
  });
});

describe('chat.search_conversations and chat.read_conversation', () => {
  it('searches by words of the messages and by status; reads the latest messages oldest first', async () => {
    const found = value<{ items: Array<{ id: string; contact: { name: string } }> }>(await run(agent(tenantA), 'chat.search_conversations', { q: 'pedido 55' }));
    expect(found.items.map((c) => c.contact.name)).toEqual(['Pedro Soto']);
    const open = value<{ items: unknown[] }>(await run(agent(tenantA), 'chat.search_conversations', { status: 'open' }));
    expect(open.items).toHaveLength(2);
    const read = value<{ conversation: { id: string }; messages: Array<{ content: string; direction: string }> }>(await run(agent(tenantA), 'chat.read_conversation', { conversation_id: conversationA }));
    expect(read.conversation.id).toBe(conversationA);
    expect(read.messages.map((m) => [m.direction, m.content])).toEqual([['incoming', '¿Tienen despacho a Maipú?']]);
  });

  it('does not find another tenant’s conversation by its id', async () => {
    const other = await run(agent(tenantA), 'chat.read_conversation', { conversation_id: conversationB });
    expect(other.outcome).toBe('error');
    expect(other.outcome === 'error' && other.error.code).toBe('not_found');
    const b = value<{ items: unknown[] }>(await run(agent(tenantA), 'chat.search_conversations', { q: 'otra empresa' }));
    expect(b.items).toEqual([]);
  });

  it('is for agents and above, not viewers', async () => {
    const viewer = await run({ ...agent(tenantA), principal: { id: 'v', role: 'viewer' } }, 'chat.search_conversations', {});
    expect(viewer.outcome).toBe('denied');
  });
});

describe('chat.send_message and chat.handoff (writes)', () => {
  it('asks for confirmation under the default policy, then sends once with the token', async () => {
    const owner: ActionContext = { ...agent(tenantA), principal: { id: 'owner-1', role: 'owner' }, principalLabel: 'user:owner-1' };
    const asked = await run(owner, 'chat.send_message', { conversation_id: conversationA, content: 'Sí, despachamos a Maipú.' });
    expect(asked.outcome).toBe('confirmation_required');
    if (asked.outcome !== 'confirmation_required') return;
    expect(asked.confirmation.action).toBe('chat.send_message');
    const before = graph.sent.length;
    const sent = value<{ content: string; sender_type: string }>(await run(owner, 'chat.send_message', { conversation_id: conversationA, content: 'Sí, despachamos a Maipú.' }, asked.confirmation.token));
    expect(sent).toMatchObject({ content: 'Sí, despachamos a Maipú.', sender_type: 'agent' });
    await drain();
    expect(graph.sent.slice(before).map((m) => (m.body as { text: { body: string } }).text.body)).toEqual(['Sí, despachamos a Maipú.']);
    // Used once.
    const again = await run(owner, 'chat.send_message', { conversation_id: conversationA, content: 'Sí, despachamos a Maipú.' }, asked.confirmation.token);
    expect(again.outcome).toBe('error');
  });

  it('hands off without confirmation when the policy does not ask for it; every call is in the audit', async () => {
    await t.server.services.runner.setPolicy({ id: 'test' }, tenantA, { confirm_writes: false });
    const done = value<{ handled_by: string; status: string }>(await run(agent(tenantA), 'chat.handoff', { conversation_id: conversationA, to: 'human' }));
    expect(done).toMatchObject({ handled_by: 'human', status: 'open' });
    await t.server.services.runner.setPolicy({ id: 'test' }, tenantA, { confirm_writes: true });
    const audit = await t.server.services.runner.listInvocations(tenantA, { limit: 200 } as never);
    const tools = audit.items.map((i) => i.tool);
    for (const name of ['chat.find_contact', 'chat.search_conversations', 'chat.read_conversation', 'chat.send_message', 'chat.handoff']) expect(tools, name).toContain(name);
    expect(audit.items.find((i) => i.tool === 'chat.handoff')).toMatchObject({ principal: 'user:agent-1', outcome: 'ok' });
  });

  it('REST /api/v1/actions lists them for an agent key', async () => {
    const key = String((await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantA}/api-keys`, body: { name: 'agent', role: 'agent' } })).body.key);
    const res = await t.request({ method: 'GET', url: '/api/v1/actions', token: key });
    const names = (res.body.items as Array<{ name: string }>).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['chat.find_contact', 'chat.search_conversations', 'chat.read_conversation', 'chat.send_message', 'chat.handoff']));
    const ran = await t.request({ method: 'POST', url: '/api/v1/actions/chat.find_contact/run', token: key, body: { name: 'Pedro' } });
    expect(ran.status).toBe(200);
    expect((ran.body.result as { items: Array<{ name: string }> }).items.map((c) => c.name)).toEqual(['Pedro Soto']);
  });
});
