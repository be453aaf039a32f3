import { rutFromBody } from '@smarteros/kernel';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainOutbox, signedDelivery, whatsappDelivery, whatsappText } from '../../../../test/support/chat.ts';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';
import { startServer, type RunningServer } from '../index.ts';

/**
 * Nothing accepted is lost across a restart: deliveries answered 200 by a server that stops before processing them
 * are processed by the next one (from the database), and the same delivery sent again, five times, to the new server
 * is still one message.
 */
let t: TestServer;
let second: RunningServer | null = null;
let tenant = '';
const INBOX = { phone: '106900000000001', appSecret: 'restart-app-secret-9f8e7d6c', access: 'EAAG-restart-access-token-0001', verify: 'restart-verify-token-2026' };

beforeAll(async () => {
  t = await createTestServer();
  tenant = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_540_001), business_name: 'Panadería Reinicio', contact_email: 'x@x.cl' } })).body.id);
  const made = await t.request({
    method: 'POST',
    url: `/api/v1/chat/inboxes?tenant_id=${tenant}`,
    body: { channel_type: 'whatsapp', name: 'WhatsApp', config: { phone_number_id: INBOX.phone, access_token: INBOX.access, app_secret: INBOX.appSecret, verify_token: INBOX.verify } },
  });
  expect(made.status).toBe(201);
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

const post = (server: RunningServer, d: { raw: string; signature: string }) =>
  server.app.inject({ method: 'POST', url: '/webhooks/whatsapp', payload: d.raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': d.signature } });

const stored = () =>
  t.testDb.db.asOwner(async (tx) => {
    const r = await sql<{ rows: number; wamids: number; unprocessed: number }>`
      select (select count(*) from chat_messages where tenant_id = ${tenant} and external_id like 'wamid.RS%')::int as rows,
             (select count(distinct external_id) from chat_messages where tenant_id = ${tenant} and external_id like 'wamid.RS%')::int as wamids,
             (select count(*) from chat_webhook_receipts where tenant_id = ${tenant} and processed_at is null)::int as unprocessed`.execute(tx);
    return r.rows[0]!;
  });

describe('a restart between the 200 and the processing', () => {
  it('loses nothing and stores nothing twice', async () => {
    const deliveries = Array.from({ length: 6 }, (_, i) =>
      signedDelivery(whatsappDelivery([{ phone: INBOX.phone, messages: [whatsappText(`wamid.RS${i}`, `569300000${i}0`, `pan ${i}`, 1_780_000_000 + i)] }]), INBOX.appSecret),
    );
    // Accepted by the first server, which stops before its relay processes anything.
    for (const d of deliveries) expect((await post(t.server, d)).statusCode).toBe(200);
    await t.server.close();
    expect(await stored()).toEqual({ rows: 0, wamids: 0, unprocessed: 6 });

    // The next server on the same database: Meta retries the first delivery five times meanwhile.
    second = await startServer({ config: t.config, clock: t.clock, db: t.testDb.db, listen: false, logger: false });
    for (let i = 0; i < 5; i++) expect((await post(second, deliveries[0]!)).statusCode).toBe(200);
    await drainOutbox(second.services.relay, 'chat.ingest');
    expect(await stored()).toEqual({ rows: 6, wamids: 6, unprocessed: 0 });
  });
});
