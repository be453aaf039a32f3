import { CSAT_SURVEY, hubSignature } from '@smarteros/modules/chat';
import { rutFromBody } from '@smarteros/kernel';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * The agent's inbox operations: labels on conversations (and in their live events), the list's filters and search,
 * the sidebar's counts, the status endpoint with snooze and its wake, canned responses, the CSAT survey on resolve and
 * its answer, the contact panel with its RUT; agents use them, only admins manage labels and canned responses.
 */
let t: TestServer;
let tenant = '';
let other = '';
let agentId = '';
const INBOX = { phone: '104900000000188', appSecret: 'app-secret-almacen-188-aa', access: 'EAAG-almacen-access-188', verify: 'verify-almacen-188-xyz' };
const OTHER = { phone: '104900000000189', appSecret: 'app-secret-otro-189-bbbb', access: 'EAAG-otro-access-189', verify: 'verify-otro-189-xyz' };
let seq = 0;
let inboxId = '';

/** The agent's bearer, on the server's clock (the tests move it by hours). */
const AGENT = 'agent';
const bearerOf = async (token: string) => (token === AGENT ? (await t.server.services.tokens.issue({ sub: agentId, role: 'agent', tenantId: tenant })).token : token);
const api = async (method: string, path: string, body?: unknown, token?: string) =>
  t.request({ method, url: `/api/v1/chat/${path}${path.includes('?') ? '&' : '?'}tenant_id=${tenant}`, ...(body === undefined ? {} : { body }), ...(token ? { token: await bearerOf(token) } : {}) });

async function drain(): Promise<void> {
  const relay = t.server.services.relay;
  for (let i = 0; i < 20; i++) {
    while ((await relay.relayOnce()) > 0);
    if ((await relay.deliverOnce('chat.ingest')) === 0) return;
  }
}

/** A customer writes (a signed webhook, ingested); answers their conversation's id. */
async function writes(who: { wa: string; name: string }, message: Record<string, unknown>, inbox = INBOX): Promise<void> {
  seq += 1;
  const ts = String(Math.floor(t.clock.now().getTime() / 1000));
  const raw = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: inbox.phone }, contacts: [{ profile: { name: who.name }, wa_id: who.wa }], messages: [{ from: who.wa, id: `wamid.OPS${seq}`, timestamp: ts, ...message }] } }] }],
  });
  const res = await t.request({ method: 'POST', url: '/webhooks/whatsapp', token: null, body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(raw, inbox.appSecret) } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await drain();
}
const says = (who: { wa: string; name: string }, body: string) => writes(who, { type: 'text', text: { body } });

type Conversation = { id: string; status: string; labels: Array<{ name: string }>; contact: { id: string; name: string }; resolved_at: string | null; first_response_at: string | null; snoozed_until: string | null; csat_score: number | null; assignee_id: string | null };
const list = async (query = ''): Promise<Conversation[]> => {
  const res = await api('GET', `conversations${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Conversation[];
};
const conversationOf = async (wa: string): Promise<Conversation> => (await list()).find((c) => c.contact.name === PEOPLE.find((p) => p.wa === wa)!.name && c.status !== 'resolved')!;
const lastEvent = async (conversationId: string) =>
  (await t.testDb.db.asOwner((tx) => tx.selectFrom('chat_events').select(['kind', 'data']).where('conversation_id', '=', conversationId).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow())) as { kind: string; data: { conversation?: Conversation } };

const MARIA = { wa: '56911110001', name: 'María Ñúñez' };
const JOSE = { wa: '56911110002', name: 'José Pérez' };
const ANA = { wa: '56911110003', name: 'Ana Soto' };
const PEOPLE = [MARIA, JOSE, ANA];

beforeAll(async () => {
  t = await createTestServer();
  const make = async (body: number, name: string) => String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(body), business_name: name, contact_email: 'x@x.cl' } })).body.id);
  tenant = await make(76_500_188, 'Almacén 188');
  other = await make(76_500_189, 'Otro 189');
  const connect = async (tenantId: string, who: typeof INBOX) => {
    const res = await t.request({ method: 'POST', url: `/api/v1/chat/inboxes?tenant_id=${tenantId}`, body: { channel_type: 'whatsapp', name: 'WhatsApp', config: { phone_number_id: who.phone, access_token: who.access, app_secret: who.appSecret, verify_token: who.verify } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return String(res.body.id);
  };
  inboxId = await connect(tenant, INBOX);
  await connect(other, OTHER);
  agentId = await t.testDb.db.asOwner(async (tx) => {
    const u = await sql<{ id: string }>`insert into users (email, display_name) values ('agente@almacen.cl', 'Agente') returning id`.execute(tx);
    const id = u.rows[0]!.id;
    await sql`insert into memberships (tenant_id, user_id, role) values (${tenant}::uuid, ${id}::uuid, 'agent')`.execute(tx);
    return id;
  });
  await says(MARIA, 'Hola, ¿hacen despacho a Ñuñoa?');
  await says(JOSE, 'Quiero cotizar cemento');
  await says(ANA, 'Buenas tardes');
});
afterAll(async () => {
  await t?.close();
});

describe('labels', () => {
  it('are unique per tenant by name in any case; only admins manage them; bad input is 400 naming the field', async () => {
    const made = await api('POST', 'labels', { name: 'Urgente', color: '#DC2626' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ name: 'Urgente', color: '#dc2626', conversations: 0 });
    const again = await api('POST', 'labels', { name: 'urgente' });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('already_exists');
    const bad = await api('POST', 'labels', { name: 'Otro', color: 'red' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error?.details)).toContain('color');
    expect((await api('POST', 'labels', { name: 'Agente' }, AGENT)).status).toBe(403);
    expect((await api('GET', 'labels', undefined, AGENT)).body.items).toEqual([expect.objectContaining({ name: 'Urgente' })]);
    // Another tenant may have its own "Urgente".
    expect((await t.request({ method: 'POST', url: `/api/v1/chat/labels?tenant_id=${other}`, body: { name: 'Urgente' } })).status).toBe(201);
  });

  it('an agent puts a label on a conversation and takes it off; the live event carries the labels; the list filters by it', async () => {
    const labels = (await api('GET', 'labels')).body.items as Array<{ id: string; name: string }>;
    const urgent = labels.find((l) => l.name === 'Urgente')!;
    const maria = await conversationOf(MARIA.wa);
    const put = await api('PUT', `conversations/${maria.id}/labels/${urgent.id}`, undefined, AGENT);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.labels).toEqual([{ id: urgent.id, name: 'Urgente', color: '#dc2626' }]);
    // Twice is the same.
    expect((await api('PUT', `conversations/${maria.id}/labels/${urgent.id}`, undefined, AGENT)).body.labels).toHaveLength(1);
    const event = await lastEvent(maria.id);
    expect(event.kind).toBe('conversation.updated');
    expect(event.data.conversation?.labels).toEqual([expect.objectContaining({ name: 'Urgente' })]);
    expect((await list('?label=URGENTE')).map((c) => c.id)).toEqual([maria.id]);
    expect((await api('GET', 'labels')).body.items).toEqual([expect.objectContaining({ name: 'Urgente', conversations: 1 })]);
    // Another tenant's label is not found on this tenant's conversation.
    const foreign = ((await t.request({ method: 'GET', url: `/api/v1/chat/labels?tenant_id=${other}` })).body.items as Array<{ id: string }>)[0]!;
    expect((await api('PUT', `conversations/${maria.id}/labels/${foreign.id}`)).status).toBe(404);
    const off = await api('DELETE', `conversations/${maria.id}/labels/${urgent.id}`, undefined, AGENT);
    expect(off.body.labels).toEqual([]);
    expect(await list('?label=urgente')).toEqual([]);
    // Back on, then the label is renamed: the conversation shows the new name.
    await api('PUT', `conversations/${maria.id}/labels/${urgent.id}`);
    expect((await api('PATCH', `labels/${urgent.id}`, { name: 'Muy urgente' })).status).toBe(200);
    expect((await lastEvent(maria.id)).data.conversation?.labels).toEqual([expect.objectContaining({ name: 'Muy urgente' })]);
  });
});

describe('the conversation list', () => {
  it('filters by assignee (a member, me, none) and searches names, phones and message text without minding accents', async () => {
    const jose = await conversationOf(JOSE.wa);
    expect((await api('PATCH', `conversations/${jose.id}`, { assignee_id: agentId })).status).toBe(200);
    const mine = await t.request({ method: 'GET', url: '/api/v1/chat/conversations?assignee=me', token: await bearerOf(AGENT) });
    expect((mine.body.items as Conversation[]).map((c) => c.id)).toEqual([jose.id]);
    expect((await list(`?assignee=${agentId}`)).map((c) => c.id)).toEqual([jose.id]);
    expect((await list('?assignee=none')).map((c) => c.contact.name).sort()).toEqual(['Ana Soto', 'María Ñúñez']);
    // The platform admin is nobody's assignee here.
    expect(await list('?assignee=me')).toEqual([]);
    expect((await api('GET', 'conversations?assignee=someone')).status).toBe(400);

    expect((await list('?q=nunoa')).map((c) => c.contact.name)).toEqual(['María Ñúñez']);
    expect((await list('?q=maria%20nunez')).map((c) => c.contact.name)).toEqual(['María Ñúñez']);
    expect((await list('?q=CEMENTO')).map((c) => c.contact.name)).toEqual(['José Pérez']);
    expect((await list('?q=%2B56%209%201111%200003')).map((c) => c.contact.name)).toEqual(['Ana Soto']);
    // LIKE's wildcards are text, not patterns.
    expect(await list('?q=%25')).toEqual([]);
    expect((await list('?q=perez&assignee=none'))).toEqual([]);
    // Another tenant's text is not found.
    expect((await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${other}&q=cemento` })).body.items).toEqual([]);
  });

  it('counts conversations and those unread per status and inbox, the caller’s and the unassigned', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/chat/counts', token: await bearerOf(AGENT) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.statuses).toMatchObject({ open: { conversations: 3, unread: 3 }, resolved: { conversations: 0, unread: 0 } });
    expect(res.body.inboxes).toEqual([{ inbox_id: inboxId, statuses: expect.objectContaining({ open: { conversations: 3, unread: 3 } }) }]);
    expect(res.body.mine).toEqual({ conversations: 1, unread: 1 });
    expect(res.body.unassigned).toEqual({ conversations: 2, unread: 2 });
    const ana = await conversationOf(ANA.wa);
    await api('PATCH', `conversations/${ana.id}`, { read: true });
    expect((await api('GET', 'counts')).body.statuses).toMatchObject({ open: { conversations: 3, unread: 2 } });
  });
});

describe('status', () => {
  it('resolves (resolved_at), reopens, refuses a snooze without a future snoozed_until, and an agent reply stamps first_response_at', async () => {
    const ana = await conversationOf(ANA.wa);
    expect(ana.first_response_at).toBeNull();
    const replied = await api('POST', `conversations/${ana.id}/messages`, { content: 'Buenas tardes, ¿en qué le ayudo?' }, AGENT);
    expect(replied.status, JSON.stringify(replied.body)).toBe(201);
    const answeredAt = (await api('GET', `conversations/${ana.id}`)).body.first_response_at;
    expect(answeredAt).toBe(t.clock.now().toISOString());
    t.clock.advance(60_000);
    await api('POST', `conversations/${ana.id}/messages`, { content: 'Otra respuesta' });
    expect((await api('GET', `conversations/${ana.id}`)).body.first_response_at).toBe(answeredAt);

    const resolved = await api('POST', `conversations/${ana.id}/status`, { status: 'resolved' }, AGENT);
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolved_at: t.clock.now().toISOString() });
    expect((await lastEvent(ana.id)).data.conversation).toMatchObject({ status: 'resolved' });
    const reopened = await api('POST', `conversations/${ana.id}/status`, { status: 'open' });
    expect(reopened.body).toMatchObject({ status: 'open', resolved_at: null });

    for (const body of [{ status: 'snoozed' }, { status: 'snoozed', snoozed_until: new Date(t.clock.now().getTime() - 1000).toISOString() }, { status: 'open', snoozed_until: new Date(t.clock.now().getTime() + 3_600_000).toISOString() }]) {
      const bad = await api('POST', `conversations/${ana.id}/status`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(bad.body.error?.details)).toContain('snoozed_until');
    }
    expect((await api('POST', `conversations/${ana.id}/status`, { status: 'closed' })).status).toBe(400);
    expect((await api('GET', `conversations/${ana.id}`)).body.status).toBe('open');
  });

  it('a snoozed conversation opens again when its time comes (the job) or when the customer writes', async () => {
    const ana = await conversationOf(ANA.wa);
    const jose = await conversationOf(JOSE.wa);
    const until = new Date(t.clock.now().getTime() + 2 * 3_600_000).toISOString();
    for (const c of [ana, jose]) {
      const res = await api('POST', `conversations/${c.id}/status`, { status: 'snoozed', snoozed_until: until });
      expect(res.body).toMatchObject({ status: 'snoozed', snoozed_until: until });
    }
    const wake = t.server.services.chatInbox.wakeSnoozed;
    t.clock.advance(3_600_000);
    expect(await wake()).toBe(0);
    // The customer writes: open at once, in the same conversation.
    await says(JOSE, '¿Sigue ahí?');
    expect(await conversationOf(JOSE.wa)).toMatchObject({ id: jose.id, status: 'open', snoozed_until: null });
    expect((await list('?status=snoozed')).map((c) => c.id)).toEqual([ana.id]);
    t.clock.advance(3_600_000);
    expect(await wake()).toBe(1);
    expect(await conversationOf(ANA.wa)).toMatchObject({ id: ana.id, status: 'open', snoozed_until: null });
    expect((await lastEvent(ana.id)).data.conversation).toMatchObject({ status: 'open' });
    expect(await wake()).toBe(0);
  });
});

describe('canned responses', () => {
  it('admins write them (one per short code), agents list them by prefix', async () => {
    const made = await api('POST', 'canned-responses', { short_code: 'Horario', content: 'Atendemos de lunes a viernes de 9:00 a 18:00.' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.short_code).toBe('horario');
    expect((await api('POST', 'canned-responses', { short_code: 'hora-despacho', content: 'Despachamos entre 14:00 y 20:00.' })).status).toBe(201);
    expect((await api('POST', 'canned-responses', { short_code: 'envio', content: 'Envío gratis sobre $30.000.' })).status).toBe(201);
    const dup = await api('POST', 'canned-responses', { short_code: 'horario', content: 'otra' });
    expect(dup.status).toBe(409);
    const bad = await api('POST', 'canned-responses', { short_code: '/con espacio', content: 'x' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error?.details)).toContain('short_code');
    expect((await api('POST', 'canned-responses', { short_code: 'agente', content: 'x' }, AGENT)).status).toBe(403);
    const some = await api('GET', 'canned-responses?q=hor', undefined, AGENT);
    expect((some.body.items as Array<{ short_code: string }>).map((c) => c.short_code)).toEqual(['hora-despacho', 'horario']);
    const id = String(made.body.id);
    const changed = await api('PATCH', `canned-responses/${id}`, { content: 'Atendemos de lunes a sábado de 9:00 a 18:00.' });
    expect(changed.body).toMatchObject({ short_code: 'horario', content: 'Atendemos de lunes a sábado de 9:00 a 18:00.' });
    expect((await api('PATCH', `canned-responses/${id}`, { short_code: 'envio' })).status).toBe(409);
    expect((await api('DELETE', `canned-responses/${id}`)).status).toBe(204);
    expect((await api('DELETE', `canned-responses/${id}`)).status).toBe(404);
    expect((await api('GET', 'canned-responses')).body.items).toHaveLength(2);
    expect((await t.request({ method: 'GET', url: `/api/v1/chat/canned-responses?tenant_id=${other}` })).body.items).toEqual([]);
  });
});

describe('CSAT', () => {
  it('on resolve the survey is queued to the customer; their digit is recorded and does not reopen; their next words do', async () => {
    // Off: no survey.
    const maria = await conversationOf(MARIA.wa);
    await api('POST', `conversations/${maria.id}/status`, { status: 'resolved' });
    const outgoing = (id: string) => t.testDb.db.asOwner((tx) => tx.selectFrom('chat_messages').select(['content', 'status', 'sender_type', 'private']).where('conversation_id', '=', id).where('direction', '=', 'outgoing').execute());
    expect(await outgoing(maria.id)).toEqual([]);
    await api('POST', `conversations/${maria.id}/status`, { status: 'open' });

    expect((await t.request({ method: 'PATCH', url: `/api/v1/chat/inboxes/${inboxId}?tenant_id=${tenant}`, body: { csat: { enabled: true } } })).body).toMatchObject({ csat_enabled: true });
    expect((await t.request({ method: 'PATCH', url: `/api/v1/chat/inboxes/${inboxId}?tenant_id=${tenant}`, body: { csat: { enabled: true } }, token: await bearerOf(AGENT) })).status).toBe(403);
    await api('POST', `conversations/${maria.id}/status`, { status: 'resolved' }, AGENT);
    expect(await outgoing(maria.id)).toEqual([{ content: CSAT_SURVEY, status: 'pending', sender_type: 'system', private: false }]);
    // Resolving again sends nothing more.
    await api('POST', `conversations/${maria.id}/status`, { status: 'resolved' });
    expect(await outgoing(maria.id)).toHaveLength(1);

    await says(MARIA, ' 4 ');
    const after = await api('GET', `conversations/${maria.id}`);
    expect(after.body).toMatchObject({ status: 'resolved', csat_score: 4 });
    expect((await list()).filter((c) => c.contact.name === MARIA.name)).toHaveLength(1);
    expect((await lastEvent(maria.id)).data.conversation).toMatchObject({ csat_score: 4, status: 'resolved' });
    // The survey is answered: the next digit is a new conversation.
    await says(MARIA, '5');
    const mine = (await list()).filter((c) => c.contact.name === MARIA.name);
    expect(mine).toHaveLength(2);
    expect(mine.find((c) => c.id !== maria.id)).toMatchObject({ status: 'open', csat_score: null });
    expect((await api('GET', `conversations/${maria.id}`)).body.csat_score).toBe(4);
  });

  it('takes a WhatsApp button reply csat:N, and text that is not a score opens a new conversation', async () => {
    const jose = await conversationOf(JOSE.wa);
    await api('POST', `conversations/${jose.id}/status`, { status: 'resolved' });
    await says(JOSE, 'gracias, muy amable');
    const next = await conversationOf(JOSE.wa);
    expect(next.id).not.toBe(jose.id);
    expect((await api('GET', `conversations/${jose.id}`)).body.csat_score).toBeNull();
    await api('POST', `conversations/${next.id}/status`, { status: 'resolved' });
    await writes(JOSE, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'csat:5', title: 'Excelente' } } });
    expect((await api('GET', `conversations/${next.id}`)).body).toMatchObject({ status: 'resolved', csat_score: 5 });
  });
});

describe('the contact panel', () => {
  it('shows the phone, identities and earlier conversations; edits name, e-mail and RUT (checked by its digit)', async () => {
    const maria = (await list()).find((c) => c.contact.name === MARIA.name && c.status === 'open')!;
    const got = await api('GET', `contacts/${maria.contact.id}`, undefined, AGENT);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    expect(got.body).toMatchObject({ name: MARIA.name, phone: '+56911110001', email: null, rut: null, identities: [{ inbox_id: inboxId, channel: 'whatsapp', external_id: MARIA.wa }] });
    expect((got.body.conversations as Array<{ status: string }>).map((c) => c.status)).toEqual(['open', 'resolved']);
    const bad = await api('PATCH', `contacts/${maria.contact.id}`, { rut: '12.345.678-9' }, AGENT);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error?.details)).toContain('rut');
    expect((await api('PATCH', `contacts/${maria.contact.id}`, { email: 'no-es-correo' })).status).toBe(400);
    expect((await api('GET', `contacts/${maria.contact.id}`)).body.rut).toBeNull();
    const ok = await api('PATCH', `contacts/${maria.contact.id}`, { rut: '12345678-5', email: 'Maria@Correo.CL', name: 'María Núñez' }, AGENT);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ rut: '12.345.678-5', email: 'maria@correo.cl', name: 'María Núñez' });
    expect((await t.testDb.db.asOwner((tx) => tx.selectFrom('chat_contacts').select('rut').where('id', '=', maria.contact.id).executeTakeFirstOrThrow())).rut).toBe('12345678-5');
    expect((await lastEvent(maria.id)).data.conversation?.contact).toMatchObject({ name: 'María Núñez' });
    expect((await api('PATCH', `contacts/${maria.contact.id}`, { rut: null })).body.rut).toBeNull();
    expect((await t.request({ method: 'GET', url: `/api/v1/chat/contacts/${maria.contact.id}?tenant_id=${other}` })).status).toBe(404);
  });
});

describe('snooze and other writers', () => {
  it('a snoozed conversation opened by another path (the assistant hands off with status open) shows no snooze, and the job leaves it', async () => {
    const ana = await conversationOf(ANA.wa);
    await api('POST', `conversations/${ana.id}/status`, { status: 'snoozed', snoozed_until: new Date(t.clock.now().getTime() + 3_600_000).toISOString() });
    // What assistant.ts does on a hand-off: the status only.
    await t.testDb.db.asOwner((tx) => tx.updateTable('conversations').set({ status: 'open', handled_by: 'human' }).where('id', '=', ana.id).execute());
    expect((await api('GET', `conversations/${ana.id}`)).body).toMatchObject({ status: 'open', snoozed_until: null });
    t.clock.advance(2 * 3_600_000);
    expect(await t.server.services.chatInbox.wakeSnoozed()).toBe(0);
  });
});
