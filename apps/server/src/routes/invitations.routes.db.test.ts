import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { rutFromBody } from '@smarteros/kernel';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

let t: TestServer;
let tenantA = '';
let tenantB = '';

const mailDir = () => join(t.config.dataDir, 'outbox-mail');
/** The invitation link of the newest message to `to` (what the person would click). */
function tokenSentTo(to: string): string {
  const files = existsSync(mailDir()) ? readdirSync(mailDir()).filter((f) => f.includes(to.replace('+', '+'))).sort() : [];
  expect(files.length, `no message to ${to}`).toBeGreaterThan(0);
  const text = readFileSync(join(mailDir(), files.at(-1)!), 'utf8');
  const m = /invitations\/accept#(inv_[A-Za-z0-9_-]+)/.exec(text);
  expect(m, text).not.toBeNull();
  return m![1]!;
}

beforeAll(async () => {
  t = await createTestServer({ env: { SMARTEROS_LOGIN_MAX_PER_MINUTE: '1000', SMARTEROS_PUBLIC_URL: 'https://app.smarterbot.cl' } });
  tenantA = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_300_001), business_name: 'Panadería La Espiga', contact_email: 'a@x.cl' } })).body.id);
  tenantB = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_300_002), business_name: 'Verdulería B', contact_email: 'b@x.cl' } })).body.id);
});
afterAll(async () => {
  await t?.close();
});

describe('invitations', () => {
  it('sends an invitation through the outbox and the notifier, with no secret in the database', async () => {
    const res = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantA}/invitations`, body: { email: 'Cajera@Espiga.cl', role: 'agent' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'cajera@espiga.cl', role: 'agent', state: 'pending' });
    expect(await t.server.services.relay.relayOnce()).toBeGreaterThan(0);
    const token = tokenSentTo('cajera@espiga.cl');
    const message = readFileSync(join(mailDir(), readdirSync(mailDir()).find((f) => f.includes('cajera@espiga.cl'))!), 'utf8');
    expect(message).toContain('https://app.smarterbot.cl/invitations/accept#inv_');
    expect(message).toContain('Panadería La Espiga');
    const stored = await t.testDb.db.asOwner(async (tx) => {
      const rows = await sql<{ j: string }>`select row_to_json(o)::text as j from outbox o union all select row_to_json(i)::text from invitations i`.execute(tx);
      return rows.rows.map((r) => r.j).join('\n');
    });
    expect(stored).not.toContain(token);
    // The MAC is the token's last 43 characters (base64url, which may itself hold a '_').
    const mac = /^inv_[0-9a-f]{32}_[0-9a-f]{32}_([A-Za-z0-9_-]{43})$/.exec(token)?.[1];
    expect(mac).toBeDefined();
    expect(stored).not.toContain(mac!);
  });

  it('shows what an invitation is for, accepts it once, and signs the new person in', async () => {
    const token = tokenSentTo('cajera@espiga.cl');
    const preview = await t.request({ method: 'POST', url: '/api/v1/invitations/inspect', body: { token }, token: null });
    expect(preview.body).toMatchObject({ tenant_id: tenantA, business_name: 'Panadería La Espiga', role: 'agent' });
    const forged = `${token.slice(0, -3)}abc`;
    expect((await t.request({ method: 'POST', url: '/api/v1/invitations/inspect', body: { token: forged }, token: null })).status).toBe(404);
    const accepted = await t.request({ method: 'POST', url: '/api/v1/invitations/accept', body: { token, password: 'pan-amasado-todos-los-dias', display_name: 'Cajera' }, token: null });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ role: 'agent', tenant_id: tenantA });
    const again = await t.request({ method: 'POST', url: '/api/v1/invitations/accept', body: { token, password: 'pan-amasado-todos-los-dias' }, token: null });
    expect(again.status).toBe(404);
    const login = await t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email: 'cajera@espiga.cl', password: 'pan-amasado-todos-los-dias' }, token: null });
    expect(login.body).toMatchObject({ role: 'agent', tenant_id: tenantA });
    const members = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantA}/members` });
    expect((members.body.items as Array<{ email: string; role: string }>).map((m) => [m.email, m.role])).toContainEqual(['cajera@espiga.cl', 'agent']);
    const events = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantA}/security-events` });
    expect((events.body.items as Array<{ action: string }>).map((e) => e.action)).toEqual(expect.arrayContaining(['invitation.created', 'invitation.accepted']));
  });

  it('asks an existing account for its own password', async () => {
    await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantB}/invitations`, body: { email: 'cajera@espiga.cl', role: 'viewer' } });
    await t.server.services.relay.relayOnce();
    const token = tokenSentTo('cajera@espiga.cl');
    const wrong = await t.request({ method: 'POST', url: '/api/v1/invitations/accept', body: { token, password: 'not-her-password-at-all' }, token: null });
    expect(wrong.status).toBe(401);
    const right = await t.request({ method: 'POST', url: '/api/v1/invitations/accept', body: { token, password: 'pan-amasado-todos-los-dias' }, token: null });
    expect(right.body).toMatchObject({ role: 'viewer', tenant_id: tenantB });
  });

  it('invites by phone (normalized to E.164); accepting needs an e-mail', async () => {
    const res = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantA}/invitations`, body: { phone: '9 8765 4321', role: 'viewer' } });
    expect(res.body).toMatchObject({ phone: '+56987654321', email: null });
    expect((await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantA}/invitations`, body: { phone: '12', role: 'viewer' } })).status).toBe(400);
    await t.server.services.relay.relayOnce();
    const token = tokenSentTo('+56987654321');
    const noEmail = await t.request({ method: 'POST', url: '/api/v1/invitations/accept', body: { token, password: 'una-clave-muy-larga' }, token: null });
    expect(noEmail.status).toBe(400);
    const ok = await t.request({ method: 'POST', url: '/api/v1/invitations/accept', body: { token, email: 'repartidor@espiga.cl', password: 'una-clave-muy-larga' }, token: null });
    expect(ok.body).toMatchObject({ role: 'viewer' });
  });

  it('refuses roles above the inviter, revoked and expired invitations', async () => {
    const key = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantA}/api-keys`, body: { name: 'admin key', role: 'admin' } });
    const asAdmin = String(key.body.key);
    expect((await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantA}/invitations`, token: asAdmin, body: { email: 'jefe@x.cl', role: 'owner' } })).status).toBe(403);
    const inv = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantA}/invitations`, token: asAdmin, body: { email: 'revocada@x.cl', role: 'agent' } });
    await t.server.services.relay.relayOnce();
    const token = tokenSentTo('revocada@x.cl');
    expect((await t.request({ method: 'DELETE', url: `/api/v1/tenants/${tenantA}/invitations/${String(inv.body.id)}`, token: asAdmin })).status).toBe(204);
    expect((await t.request({ method: 'POST', url: '/api/v1/invitations/inspect', body: { token }, token: null })).status).toBe(404);
    await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantA}/invitations`, body: { email: 'tarde@x.cl', role: 'agent' } });
    await t.server.services.relay.relayOnce();
    const late = tokenSentTo('tarde@x.cl');
    t.clock.advance(8 * 24 * 3_600_000);
    expect((await t.request({ method: 'POST', url: '/api/v1/invitations/inspect', body: { token: late }, token: null })).status).toBe(404);
    const list = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantA}/invitations` });
    expect((list.body.items as Array<{ email: string; state: string }>).find((i) => i.email === 'tarde@x.cl')?.state).toBe('expired');
    // Another tenant's invitation id answers 404.
    expect((await t.request({ method: 'DELETE', url: `/api/v1/tenants/${tenantB}/invitations/${String(inv.body.id)}` })).status).toBe(404);
  });
});

describe('e-mail over SMTP', () => {
  it('delivers the invitation to a real SMTP server when SMARTEROS_SMTP_URL is set', async () => {
    const received: Array<{ to: string; body: string }> = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let body = '';
        stream.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    const s = await createTestServer({ env: { SMARTEROS_SMTP_URL: `smtp://127.0.0.1:${port}`, SMARTEROS_MAIL_FROM: 'SmarterOS <no-reply@test.cl>' } });
    try {
      const id = String((await s.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_300_003), business_name: 'Correo SpA', contact_email: 'c@x.cl' } })).body.id);
      await s.request({ method: 'POST', url: `/api/v1/tenants/${id}/invitations`, body: { email: 'persona@correo.cl', role: 'viewer' } });
      expect(await s.server.services.relay.relayOnce()).toBeGreaterThan(0);
      expect(received.map((r) => r.to)).toEqual(['persona@correo.cl']);
      expect(received[0]!.body.replace(/=\r?\n/g, '')).toContain('invitations/accept#inv_');
    } finally {
      await s.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});
