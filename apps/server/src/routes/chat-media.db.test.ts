import { rutFromBody } from '@smarteros/kernel';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWhatsAppGraph, type WhatsAppGraphFake } from '../../../../test/fakes/whatsapp-graph.ts';
import { connectWhatsApp, drainChat, postWhatsAppChange } from '../../../../test/support/chat.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/**
 * Customers' files on WhatsApp: downloaded after the message is stored (metadata, then the URL within its life, with
 * the inbox token), checked against the sha256 Meta announced, kept once per message, and served to the tenant's
 * agents with their type, nosniff and a download name. The Graph API is its contract fake.
 */
let t: TestServer;
let graph: WhatsAppGraphFake;
let tenant = '';
let otherTenant = '';
const INBOX = { phone: '104900000000099', appSecret: 'app-secret-libreria-99aa', access: 'EAAG-libreria-access-99', verify: 'verify-libreria-99-xyz' };
const CUSTOMER = '56955554444';
const MAX = 4096;
let seq = 0;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
// A JPEG's first bytes and some more.
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), randomBytes(1500)]);

const drain = (...subscribers: string[]) => drainChat(t, ...subscribers);

/** The customer sends a file: the webhook, its processing and the media download. Answers the stored message. */
async function customerSends(type: string, part: Record<string, unknown>): Promise<{ id: string; payload: Record<string, unknown> }> {
  seq += 1;
  const ts = Math.floor(t.clock.now().getTime() / 1000);
  await postWhatsAppChange(t, INBOX, { contacts: [{ profile: { name: 'Inés' }, wa_id: CUSTOMER }], messages: [{ from: CUSTOMER, id: `wamid.M${seq}`, timestamp: String(ts), type, [type]: part }] });
  await drain('chat.ingest', 'chat.media');
  return t.testDb.db.asOwner(async (tx) => {
    const m = await tx.selectFrom('chat_messages').select(['id', 'payload']).where('tenant_id', '=', tenant).where('external_id', '=', `wamid.M${seq}`).executeTakeFirstOrThrow();
    return { id: String(m.id), payload: m.payload as Record<string, unknown> };
  });
}

const attachments = (messageId: string) =>
  t.testDb.db.asOwner((tx) => tx.selectFrom('chat_attachments').select(['id', 'status', 'error_code', 'mime_type', 'byte_size', 'sha256', 'content', 'file_name']).where('tenant_id', '=', tenant).where('message_id', '=', messageId as unknown as number).execute());
const requestsFor = (mediaId: string) => graph.mediaRequests.filter((r) => r.mediaId === mediaId).map((r) => `${r.kind} ${r.status}`);

beforeAll(async () => {
  graph = await startWhatsAppGraph();
  graph.tokens.set(INBOX.phone, INBOX.access);
  t = await createTestServer({ env: { SMARTEROS_WHATSAPP_API_URL: graph.url, SMARTEROS_EGRESS_ALLOW: '127.0.0.0/8', SMARTEROS_CHAT_MEDIA_MAX_BYTES: String(MAX) } });
  tenant = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_500_099), business_name: 'Librería 99', contact_email: 'x@x.cl' } })).body.id);
  otherTenant = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_500_098), business_name: 'Otra 98', contact_email: 'y@x.cl' } })).body.id);
  await connectWhatsApp(t, tenant, INBOX);
});
afterAll(async () => {
  await t?.close();
  await graph?.close();
});

describe('a customer’s image', () => {
  it('is downloaded with the inbox token, checked, stored once, and served to the tenant’s agents inline with nosniff', async () => {
    graph.media.set('7001', { bytes: JPEG, mimeType: 'image/jpeg' });
    const m = await customerSends('image', { id: '7001', mime_type: 'image/jpeg', sha256: sha(JPEG), caption: 'La boleta' });
    expect(requestsFor('7001')).toEqual(['metadata 200', 'download 200']);
    const rows = await attachments(m.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'stored', mime_type: 'image/jpeg', byte_size: JPEG.length, sha256: sha(JPEG), error_code: null });
    expect(Buffer.compare(rows[0]!.content!, JPEG)).toBe(0);
    // The message says where its file is (the console reads it from the list and the live event).
    expect(m.payload).toMatchObject({ media: { id: '7001' }, attachment: { id: rows[0]!.id, status: 'stored', byte_size: JPEG.length } });
    const listed = await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenant}` });
    const conversation = (listed.body.items as Array<{ id: string }>)[0]!.id;
    const events = await t.testDb.db.asOwner((tx) => tx.selectFrom('chat_events').select(['kind', 'data']).where('tenant_id', '=', tenant).where('conversation_id', '=', conversation).orderBy('id').execute());
    expect(events.at(-1)).toMatchObject({ kind: 'message.updated', data: { message_id: m.id, payload: { attachment: { id: rows[0]!.id } } } });

    const file = await t.server.app.inject({ method: 'GET', url: `/api/v1/chat/attachments/${rows[0]!.id}?tenant_id=${tenant}`, headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toMatch(/^inline; filename="image-\d+\.jpg"/);
    expect(Buffer.compare(file.rawPayload, JPEG)).toBe(0);
    // Another tenant never sees it; no credential, no file.
    const other = await t.request({ method: 'GET', url: `/api/v1/chat/attachments/${rows[0]!.id}?tenant_id=${otherTenant}` });
    expect(other.status).toBe(404);
    const anonymous = await t.request({ method: 'GET', url: `/api/v1/chat/attachments/${rows[0]!.id}?tenant_id=${tenant}`, token: null });
    expect(anonymous.status).toBe(401);
    // The download again (a redelivered event) changes nothing and asks Graph nothing.
    await t.server.services.chatMedia.download(tenant, Number(m.id));
    expect(await attachments(m.id)).toHaveLength(1);
    expect(requestsFor('7001')).toEqual(['metadata 200', 'download 200']);
  });

  it('asks for a new URL when the first one expired before it was read', async () => {
    graph.media.set('7002', { bytes: JPEG, mimeType: 'image/jpeg' });
    graph.expireNextUrls.count = 1;
    const m = await customerSends('image', { id: '7002', mime_type: 'image/jpeg', sha256: sha(JPEG) });
    expect(requestsFor('7002')).toEqual(['metadata 200', 'download 404', 'metadata 200', 'download 200']);
    expect((await attachments(m.id))[0]).toMatchObject({ status: 'stored' });
  });

  it('tries again later when Graph is down, and then stores the file', async () => {
    graph.media.set('7009', { bytes: JPEG, mimeType: 'image/jpeg' });
    graph.mediaFailNext.push(500);
    const m = await customerSends('image', { id: '7009', mime_type: 'image/jpeg', sha256: sha(JPEG) });
    expect(await attachments(m.id)).toEqual([]);
    expect(m.payload.attachment).toBeUndefined();
    t.clock.advance(15 * 60_000);
    await drain('chat.media');
    expect((await attachments(m.id))[0]).toMatchObject({ status: 'stored', byte_size: JPEG.length });
    expect(requestsFor('7009')).toEqual(['metadata 500', 'metadata 200', 'download 200']);
  });

  it('stores nothing when the bytes do not have the sha256 Meta announced, and says so', async () => {
    const wrong = sha(Buffer.from('something else'));
    graph.media.set('7003', { bytes: JPEG, mimeType: 'image/jpeg', sha256: wrong });
    const m = await customerSends('image', { id: '7003', mime_type: 'image/jpeg', sha256: wrong });
    const [row] = await attachments(m.id);
    expect(row).toMatchObject({ status: 'failed', error_code: 'media_checksum_mismatch', content: null, byte_size: null });
    expect(m.payload).toMatchObject({ attachment: { id: row!.id, status: 'failed', error_code: 'media_checksum_mismatch' } });
    const res = await t.request({ method: 'GET', url: `/api/v1/chat/attachments/${row!.id}?tenant_id=${tenant}`, headers: { 'accept-language': 'es-CL' } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'attachment_unavailable', message: expect.stringContaining('no está disponible') });
    // The webhook's digest alone is checked too: Graph announcing the right one does not save a wrong webhook digest.
    graph.media.set('7004', { bytes: JPEG, mimeType: 'image/jpeg' });
    const m2 = await customerSends('image', { id: '7004', mime_type: 'image/jpeg', sha256: wrong });
    expect((await attachments(m2.id))[0]).toMatchObject({ status: 'failed', error_code: 'media_checksum_mismatch' });
  });

  it('refuses a file over the size limit without downloading it; a vanished media is not found; documents download under a clean name', async () => {
    const big = randomBytes(MAX + 1);
    graph.media.set('7005', { bytes: big, mimeType: 'video/mp4' });
    const m = await customerSends('video', { id: '7005', mime_type: 'video/mp4', sha256: sha(big) });
    expect((await attachments(m.id))[0]).toMatchObject({ status: 'failed', error_code: 'media_too_large', content: null });
    expect(requestsFor('7005')).toEqual(['metadata 200']);
    // No size announced anywhere: the body is counted as it is read, and refused past the limit.
    graph.media.set('7008', { bytes: big, mimeType: 'video/mp4', fileSize: null });
    const unsized = await customerSends('video', { id: '7008', mime_type: 'video/mp4', sha256: sha(big) });
    expect((await attachments(unsized.id))[0]).toMatchObject({ status: 'failed', error_code: 'media_too_large', content: null });
    expect(requestsFor('7008')).toEqual(['metadata 200', 'download 200']);

    const gone = await customerSends('audio', { id: '7006', mime_type: 'audio/ogg; codecs=opus', sha256: sha(JPEG), voice: true });
    expect((await attachments(gone.id))[0]).toMatchObject({ status: 'failed', error_code: 'media_not_found' });

    const pdf = Buffer.from('%PDF-1.4\n<script>alert(1)</script>\n%%EOF');
    graph.media.set('7007', { bytes: pdf, mimeType: 'application/pdf' });
    const doc = await customerSends('document', { id: '7007', mime_type: 'application/pdf', sha256: sha(pdf), filename: '../../Cotización "marzo".pdf' });
    const [row] = await attachments(doc.id);
    expect(row).toMatchObject({ status: 'stored', file_name: '....Cotización marzo.pdf' });
    const file = await t.server.app.inject({ method: 'GET', url: `/api/v1/chat/attachments/${row!.id}?tenant_id=${tenant}`, headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="....Cotizaci_n marzo.pdf"; filename*=UTF-8''${encodeURIComponent('....Cotización marzo.pdf')}`);
    expect(file.headers['content-security-policy']).toContain('sandbox');
  });
});

describe('an agent’s file', () => {
  let token = '';
  const upload = (conversationId: string, bytes: Buffer, type: string, query = '') =>
    t.server.app.inject({ method: 'POST', url: `/api/v1/chat/conversations/${conversationId}/attachments?tenant_id=${tenant}${query}`, headers: { authorization: `Bearer ${token || t.adminToken}`, 'content-type': type }, payload: bytes });
  const conversationId = async () => ((await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${tenant}` })).body.items as Array<{ id: string }>)[0]!.id;

  it('is uploaded to WhatsApp, queued with its media id and caption, sent by the outbox, and kept for the console', async () => {
    graph.media.set('7010', { bytes: JPEG, mimeType: 'image/jpeg' });
    await customerSends('image', { id: '7010', mime_type: 'image/jpeg', sha256: sha(JPEG) });
    const conversation = await conversationId();
    const pdf = Buffer.from('%PDF-1.4\nCotización\n%%EOF');
    const res = await upload(conversation, pdf, 'application/pdf', `&filename=${encodeURIComponent('Cotización 12.pdf')}&caption=${encodeURIComponent('Su cotización')}`);
    expect(res.statusCode, res.body).toBe(201);
    const message = res.json() as { id: string; content_type: string; content: string; status: string; payload: { media: { id: string }; attachment: { id: string } } };
    expect(message).toMatchObject({ content_type: 'document', content: 'Su cotización', status: 'pending' });
    const uploaded = graph.uploads.at(-1)!;
    expect(uploaded).toMatchObject({ phoneNumberId: INBOX.phone, type: 'application/pdf', fileName: 'Cotización 12.pdf', mimeType: 'application/pdf' });
    expect(Buffer.compare(uploaded.bytes, pdf)).toBe(0);
    expect(message.payload.media.id).toBe(uploaded.id);
    await drain('chat.whatsapp_sender');
    expect(graph.sent.at(-1)!.body).toMatchObject({ to: CUSTOMER, type: 'document', document: { id: uploaded.id, caption: 'Su cotización', filename: 'Cotización 12.pdf' } });
    const [row] = await attachments(message.id);
    expect(row).toMatchObject({ id: message.payload.attachment.id, status: 'stored', byte_size: pdf.length, sha256: sha(pdf) });
    const file = await t.server.app.inject({ method: 'GET', url: `/api/v1/chat/attachments/${row!.id}?tenant_id=${tenant}`, headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(Buffer.compare(file.rawPayload, pdf)).toBe(0);
  });

  it('refuses a type WhatsApp does not take, an empty or too large file, and anything after the window; nothing is uploaded or written', async () => {
    const conversation = await conversationId();
    const count = async () => Number((await t.testDb.db.asOwner((tx) => tx.selectFrom('chat_messages').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenant).executeTakeFirstOrThrow())).n);
    const before = { uploads: graph.uploads.length, messages: await count() };
    expect((await upload(conversation, Buffer.from('<svg onload="x()"/>'), 'image/svg+xml')).statusCode).toBe(415);
    expect((await upload(conversation, Buffer.alloc(0), 'image/png')).statusCode).toBe(400);
    expect((await upload(conversation, randomBytes(MAX + 1), 'image/png')).statusCode).toBe(413);
    t.clock.advance(25 * 3_600_000);
    // A token of the new day (the test server's first one expired with the clock).
    token = String((await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, token: null })).body.access_token);
    const late = await upload(conversation, JPEG, 'image/jpeg');
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: { code: 'whatsapp_window_closed' } });
    expect(graph.uploads.length).toBe(before.uploads);
    expect(await count()).toBe(before.messages);
  });
});
