import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rutFromBody } from '@smarteros/kernel';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

let t: TestServer;
let tenant = '';
const PASSWORD = 'marraqueta-con-palta-1';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1';

const mailDir = () => join(t.config.dataDir, 'outbox-mail');
const mailsTo = (to: string) => (existsSync(mailDir()) ? readdirSync(mailDir()).filter((f) => f.includes(to)).sort() : []);
const lastMail = (to: string) => readFileSync(join(mailDir(), mailsTo(to).at(-1)!), 'utf8');

async function invitedPerson(email: string, role = 'agent'): Promise<void> {
  await t.request({ method: 'POST', url: `/api/v1/tenants/${tenant}/members`, body: { email, role, password: PASSWORD, display_name: 'Rosa Pérez' } });
}

async function login(email: string, password = PASSWORD, userAgent = CHROME, headers: Record<string, string> = {}) {
  return t.request({ method: 'POST', url: '/api/v1/auth/login', body: { email, password }, token: null, headers: { 'user-agent': userAgent, ...headers } });
}

const cookieOf = (res: { headers: Record<string, unknown> }): string => {
  const raw = res.headers['set-cookie'];
  return String(Array.isArray(raw) ? raw[0] : raw);
};
const cookieValue = (setCookie: string) => /^smarteros_refresh=([^;]*)/.exec(setCookie)?.[1] ?? '';

beforeAll(async () => {
  t = await createTestServer({ env: { SMARTEROS_LOGIN_MAX_PER_MINUTE: '1000', SMARTEROS_PUBLIC_URL: 'https://app.smarterbot.cl' } });
  tenant = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(76_400_001), business_name: 'Amasandería Ñuñoa', contact_email: 'a@x.cl' } })).body.id);
  await invitedPerson('rosa@amasanderia.cl');
});
afterAll(async () => {
  await t?.close();
});

describe('profile and sessions', () => {
  it('GET /auth/me names the person: name, e-mail and role', async () => {
    const res = await login('rosa@amasanderia.cl');
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: String(res.body.access_token) });
    expect(me.body).toMatchObject({ kind: 'user', role: 'agent', tenant_id: tenant, name: 'Rosa Pérez', email: 'rosa@amasanderia.cl', session_id: expect.any(String) });
  });

  it('lists sessions with a readable device and closes one by id (only your own)', async () => {
    const desk = await login('rosa@amasanderia.cl', PASSWORD, CHROME);
    const phone = await login('rosa@amasanderia.cl', PASSWORD, IPHONE);
    const token = String(desk.body.access_token);
    const list = await t.request({ method: 'GET', url: '/api/v1/auth/sessions', token });
    const items = list.body.items as Array<{ id: string; device: string; current: boolean }>;
    expect(items.map((s) => s.device)).toEqual(expect.arrayContaining(['Chrome 131 en Windows', 'Safari 17 en iPhone']));
    const en = await t.request({ method: 'GET', url: '/api/v1/auth/sessions', token, headers: { 'accept-language': 'en' } });
    expect((en.body.items as Array<{ device: string }>).map((s) => s.device)).toContain('Safari 17 on iPhone');
    const phoneId = (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: String(phone.body.access_token) })).body.session_id as string;

    // Someone else cannot close it: the admin's own list does not have it, so it is not found.
    const foreign = await t.request({ method: 'DELETE', url: `/api/v1/auth/sessions/${phoneId}`, token: (await t.server.services.tokens.issue({ sub: String((await t.request({ method: 'GET', url: '/api/v1/auth/me' })).body.id), role: 'platform_admin', tenantId: null })).token });
    expect(foreign.status).toBe(404);
    const closed = await t.request({ method: 'DELETE', url: `/api/v1/auth/sessions/${phoneId}`, token });
    expect(closed.status).toBe(204);
    const again = await t.request({ method: 'DELETE', url: `/api/v1/auth/sessions/${phoneId}`, token });
    expect(again.status).toBe(404);
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refresh_token: String(phone.body.refresh_token) }, token: null })).status).toBe(401);
    const after = await t.request({ method: 'GET', url: '/api/v1/auth/sessions', token });
    expect((after.body.items as Array<{ id: string }>).map((s) => s.id)).not.toContain(phoneId);
    expect((await t.request({ method: 'DELETE', url: '/api/v1/auth/sessions/not-a-uuid', token })).status).toBe(404);
  });
});

describe('password change', () => {
  it('needs the current password, ends the other sessions and keeps this one', async () => {
    await invitedPerson('cambia@amasanderia.cl');
    const here = await login('cambia@amasanderia.cl');
    const other = await login('cambia@amasanderia.cl', PASSWORD, IPHONE);
    const token = String(here.body.access_token);
    const wrong = await t.request({ method: 'POST', url: '/api/v1/auth/password', token, body: { current_password: 'no-es-la-clave', new_password: 'hallulla-caliente-2026' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 'unauthorized', message: 'La contraseña actual no es correcta', details: { field: 'current_password' } });
    const short = await t.request({ method: 'POST', url: '/api/v1/auth/password', token, body: { current_password: PASSWORD, new_password: 'corta' } });
    expect(short.status).toBe(400);
    expect(short.body.error!.details!.issues).toEqual([expect.objectContaining({ path: 'body.new_password' })]);
    expect((await login('cambia@amasanderia.cl')).status).toBe(200);

    const ok = await t.request({ method: 'POST', url: '/api/v1/auth/password', token, body: { current_password: PASSWORD, new_password: 'hallulla-caliente-2026' } });
    expect(ok.status).toBe(200);
    expect(ok.body.sessions_ended).toBe(2);
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refresh_token: String(other.body.refresh_token) }, token: null })).status).toBe(401);
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refresh_token: String(here.body.refresh_token) }, token: null })).status).toBe(200);
    expect((await login('cambia@amasanderia.cl')).status).toBe(401);
    expect((await login('cambia@amasanderia.cl', 'hallulla-caliente-2026')).status).toBe(200);
    const log = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenant}/security-events` });
    expect(JSON.stringify(log.body)).not.toContain('hallulla');
  });
});

describe('password reset', () => {
  it('answers the same for an unknown address, sends nothing for it, and e-mails a single-use link for a known one', async () => {
    await invitedPerson('olvido@amasanderia.cl');
    const phone = await login('olvido@amasanderia.cl', PASSWORD, IPHONE);
    const unknown = await t.request({ method: 'POST', url: '/api/v1/auth/password-reset', body: { email: 'nadie@amasanderia.cl' }, token: null });
    const known = await t.request({ method: 'POST', url: '/api/v1/auth/password-reset', body: { email: 'Olvido@Amasanderia.cl' }, token: null });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    await t.server.services.relay.relayOnce();
    expect(mailsTo('nadie@amasanderia.cl')).toEqual([]);
    const mail = lastMail('olvido@amasanderia.cl');
    expect(mail).toContain('Subject: Restablecer su contraseña de SmarterOS');
    const token = /password\/reset#(pwr_[A-Za-z0-9_-]+)/.exec(mail)![1]!;
    expect(mail).toContain(`https://app.smarterbot.cl/password/reset#${token}`);
    // Nothing secret is stored: neither the token nor its MAC is in any table.
    const stored = await t.testDb.db.asOwner(async (tx) => {
      const rows = await sql<{ j: string }>`select row_to_json(o)::text as j from outbox o union all select row_to_json(p)::text from password_resets p union all select row_to_json(a)::text from platform_audit a`.execute(tx);
      return rows.rows.map((r) => r.j).join('\n');
    });
    expect(stored).not.toContain(token.split('_').at(-1)!);

    const bad = await t.request({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', body: { token: `${token.slice(0, -2)}xx`, new_password: 'sopaipilla-pasada-77' }, token: null });
    expect(bad.status).toBe(404);
    const weak = await t.request({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', body: { token, new_password: 'corta' }, token: null });
    expect(weak.status).toBe(400);
    const done = await t.request({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', body: { token, new_password: 'sopaipilla-pasada-77' }, token: null });
    expect(done.status).toBe(204);
    expect(cookieOf(done)).toMatch(/^smarteros_refresh=; .*Max-Age=0/);
    const twice = await t.request({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', body: { token, new_password: 'otra-clave-distinta-88' }, token: null });
    expect(twice.status).toBe(404);
    expect(twice.body.error!.message).toBe('Este enlace para restablecer la contraseña no es válido, ya se usó o venció');
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refresh_token: String(phone.body.refresh_token) }, token: null })).status).toBe(401);
    expect((await login('olvido@amasanderia.cl')).status).toBe(401);
    expect((await login('olvido@amasanderia.cl', 'sopaipilla-pasada-77')).status).toBe(200);
  });

  it('expires the link, and acts on at most 3 requests an hour per account', async () => {
    await invitedPerson('tarde@amasanderia.cl');
    const before = mailsTo('tarde@amasanderia.cl').length;
    for (let i = 0; i < 5; i++) {
      expect((await t.request({ method: 'POST', url: '/api/v1/auth/password-reset', body: { email: 'tarde@amasanderia.cl' }, token: null })).status).toBe(202);
    }
    await t.server.services.relay.relayOnce();
    expect(mailsTo('tarde@amasanderia.cl').length - before).toBe(3);
    const token = /password\/reset#(pwr_[A-Za-z0-9_-]+)/.exec(lastMail('tarde@amasanderia.cl'))![1]!;
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 61 * 60_000));
    try {
      const late = await t.request({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', body: { token, new_password: 'sopaipilla-pasada-77' }, token: null });
      expect(late.status).toBe(404);
    } finally {
      t.clock.set(start);
    }
  });
});

describe('invitations to the same address', () => {
  it('revokes the older pending invitation: only the newest is valid, and the database refuses two open ones', async () => {
    const first = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenant}/invitations`, body: { email: 'dos@amasanderia.cl', role: 'viewer' } });
    await t.server.services.relay.relayOnce();
    const oldToken = /invitations\/accept#(inv_[A-Za-z0-9_-]+)/.exec(lastMail('dos@amasanderia.cl'))![1]!;
    const second = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenant}/invitations`, body: { email: 'dos@amasanderia.cl', role: 'agent' } });
    expect(second.status).toBe(201);
    await t.server.services.relay.relayOnce();
    const newToken = /invitations\/accept#(inv_[A-Za-z0-9_-]+)/.exec(lastMail('dos@amasanderia.cl'))![1]!;
    expect(newToken).not.toBe(oldToken);
    const list = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenant}/invitations` });
    const states = Object.fromEntries((list.body.items as Array<{ id: string; state: string }>).map((i) => [i.id, i.state]));
    expect(states[String(first.body.id)]).toBe('revoked');
    expect(states[String(second.body.id)]).toBe('pending');
    expect((await t.request({ method: 'POST', url: '/api/v1/invitations/inspect', body: { token: oldToken }, token: null })).status).toBe(404);
    expect((await t.request({ method: 'POST', url: '/api/v1/invitations/inspect', body: { token: newToken }, token: null })).body).toMatchObject({ role: 'agent' });
    const events = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenant}/security-events` });
    expect(events.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'invitation.revoked', details: expect.objectContaining({ invitation_id: first.body.id, email: 'dos@amasanderia.cl', reason: 'superseded' }) })]));

    const direct = t.testDb.db.asOwner((tx) =>
      sql`insert into invitations (tenant_id, email, role, invited_by, expires_at) values (${tenant}::uuid, 'dos@amasanderia.cl', 'viewer', 'test', now() + interval '1 day')`.execute(tx),
    );
    await expect(direct).rejects.toMatchObject({ code: 'already_exists', cause: expect.objectContaining({ code: '23505', constraint: 'invitations_open_email_key' }) });
  });
});

describe('a session shared by the tabs of one browser', () => {
  it('sets an HttpOnly, SameSite=Strict, Secure cookie on /api/v1/auth; cookie mode leaves the token out of the body', async () => {
    const res = await login('rosa@amasanderia.cl', PASSWORD, CHROME, { 'x-smarteros-session': '1' });
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
    expect(res.body.access_token).toEqual(expect.any(String));
    const cookie = cookieOf(res);
    expect(cookie).toMatch(/^smarteros_refresh=rt_[A-Za-z0-9_-]+; HttpOnly; SameSite=Strict; Path=\/api\/v1\/auth; Max-Age=\d+; Secure$/);
    const plain = await login('rosa@amasanderia.cl');
    expect(plain.body.refresh_token).toEqual(expect.any(String));
    expect(cookieValue(cookieOf(plain))).toBe(plain.body.refresh_token);
  });

  it('refreshes from the cookie only with X-SmarterOS-Session: 1 and a matching Origin', async () => {
    const res = await login('rosa@amasanderia.cl', PASSWORD, CHROME, { 'x-smarteros-session': '1' });
    const cookie = `smarteros_refresh=${cookieValue(cookieOf(res))}`;
    const noHeader = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', token: null, headers: { cookie } });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.error).toMatchObject({ code: 'forbidden', details: { header: 'X-SmarterOS-Session' } });
    const evil = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', token: null, headers: { cookie, 'x-smarteros-session': '1', origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    const ok = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', token: null, headers: { cookie, 'x-smarteros-session': '1', origin: 'https://app.smarterbot.cl' } });
    expect(ok.status).toBe(200);
    expect(ok.body.refresh_token).toBeUndefined();
    expect(cookieValue(cookieOf(ok))).toMatch(/^rt_/);
    expect(cookieValue(cookieOf(ok))).not.toBe(cookieValue(cookieOf(res)));
    const none = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', token: null, headers: { 'x-smarteros-session': '1' } });
    expect(none.status).toBe(401);
  });

  it('two tabs refreshing with the same token at once both get the same successor; a late replay still ends the session', async () => {
    const res = await login('rosa@amasanderia.cl', PASSWORD, CHROME, { 'x-smarteros-session': '1' });
    const cookie = `smarteros_refresh=${cookieValue(cookieOf(res))}`;
    const headers = { cookie, 'x-smarteros-session': '1' };
    const [a, b] = await Promise.all([
      t.request({ method: 'POST', url: '/api/v1/auth/refresh', token: null, headers }),
      t.request({ method: 'POST', url: '/api/v1/auth/refresh', token: null, headers }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const successor = cookieValue(cookieOf(a));
    expect(cookieValue(cookieOf(b))).toBe(successor);
    // The successor works (and rotates): the session is alive.
    const next = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', token: null, headers: { cookie: `smarteros_refresh=${successor}`, 'x-smarteros-session': '1' } });
    expect(next.status).toBe(200);
    // The first token again, now that its successor was used: a reuse, the whole family ends.
    const replay = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', token: null, headers });
    expect(replay.status).toBe(401);
    const latest = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', token: null, headers: { cookie: `smarteros_refresh=${cookieValue(cookieOf(next))}`, 'x-smarteros-session': '1' } });
    expect(latest.status).toBe(401);
  });

  it('a replay after the grace window is a reuse', async () => {
    const res = await login('rosa@amasanderia.cl');
    const first = String(res.body.refresh_token);
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refresh_token: first }, token: null })).status).toBe(200);
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 31_000));
    try {
      expect((await t.request({ method: 'POST', url: '/api/v1/auth/refresh', body: { refresh_token: first }, token: null })).status).toBe(401);
    } finally {
      t.clock.set(start);
    }
  });

  it('switch takes the cookie too, and logout clears it', async () => {
    const res = await login('rosa@amasanderia.cl', PASSWORD, CHROME, { 'x-smarteros-session': '1' });
    const cookie = `smarteros_refresh=${cookieValue(cookieOf(res))}`;
    const token = String(res.body.access_token);
    const sw = await t.request({ method: 'POST', url: '/api/v1/auth/switch', token, body: { tenant_id: tenant }, headers: { cookie, 'x-smarteros-session': '1' } });
    expect(sw.status).toBe(200);
    expect(sw.body.tenant_id).toBe(tenant);
    const out = await t.request({ method: 'POST', url: '/api/v1/auth/logout', token: String(sw.body.access_token) });
    expect(out.status).toBe(204);
    expect(cookieOf(out)).toMatch(/^smarteros_refresh=; HttpOnly; SameSite=Strict; Path=\/api\/v1\/auth; Max-Age=0; Secure$/);
  });
});

describe('logs name the person', () => {
  it('the security log names who acted, carries revocation details and pages with a cursor', async () => {
    const key = await t.request({ method: 'POST', url: `/api/v1/tenants/${tenant}/api-keys`, body: { name: 'Caja 1', role: 'viewer' } });
    expect((await t.request({ method: 'DELETE', url: `/api/v1/tenants/${tenant}/api-keys/${String(key.body.id)}` })).status).toBe(204);
    await invitedPerson('sale@amasanderia.cl');
    const gone = (await t.request({ method: 'GET', url: `/api/v1/tenants/${tenant}/members` })).body.items as Array<{ user_id: string; email: string }>;
    const leaving = gone.find((m) => m.email === 'sale@amasanderia.cl')!;
    expect((await t.request({ method: 'DELETE', url: `/api/v1/tenants/${tenant}/members/${leaving.user_id}` })).status).toBe(204);
    await login('rosa@amasanderia.cl');

    const page = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenant}/security-events?limit=200` });
    const items = page.body.items as Array<{ action: string; actor_kind: string; actor_name: string | null; actor_email: string | null; details: Record<string, unknown> }>;
    expect(items.find((e) => e.action === 'auth.login')).toMatchObject({ actor_kind: 'user', actor_name: 'Rosa Pérez', actor_email: 'rosa@amasanderia.cl' });
    expect(items.find((e) => e.action === 'api_key.revoked')).toMatchObject({ actor_name: 'Platform admin', details: { key_id: key.body.id, name: 'Caja 1', role: 'viewer', hint: expect.any(String) } });
    expect(items.find((e) => e.action === 'member.removed')!.details).toMatchObject({ email: 'sale@amasanderia.cl', name: 'Rosa Pérez', role: 'agent' });

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenant}/security-events?limit=4${cursor ? `&cursor=${cursor}` : ''}` });
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as Array<{ id: number }>).map((e) => e.id));
      cursor = res.body.next_cursor as string | null;
    } while (cursor);
    expect(seen).toEqual((items as unknown as Array<{ id: number }>).map((e) => e.id));
    expect((await t.request({ method: 'GET', url: `/api/v1/tenants/${tenant}/security-events?cursor=abc` })).status).toBe(400);
    const only = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenant}/security-events?action=member.removed` });
    expect((only.body.items as Array<{ action: string }>).map((e) => e.action)).toEqual(['member.removed']);

    const audit = await t.request({ method: 'GET', url: '/api/v1/audit?operation=identity.login&limit=5' });
    expect((audit.body.items as Array<{ actor_name: string | null }>).map((e) => e.actor_name)).toContain('Rosa Pérez');
    expect(audit.body.next_cursor === null || typeof audit.body.next_cursor === 'string').toBe(true);
  });
});
