import { AppError, createManualClock, createOutboxRelay, rutFromBody, sha256Hex } from '@smarteros/kernel';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-db.ts';
import type { Message } from '../notify/index.ts';
import { codeFor, createPhoneVerificationService, phoneCodeHandler, type PhoneVerificationService } from './phone.service.ts';
import type { Principal } from './principal.ts';

const SECRET = 'phone-test-secret-phone-test-secret-000';
const PLATFORM = { name: 'test', actor: 'test' };

let t: TestDatabase;
let phones: PhoneVerificationService;
const clock = createManualClock('2026-03-02T12:00:00Z');
let tenantA = '';
let tenantB = '';
let userA = '';
let outsider = '';
let phoneSeq = 0;
/** A fresh phone per test, so the resend limits of one test do not reach another. */
const nextPhone = () => `+569${String(10_000_000 + ++phoneSeq * 7919).slice(0, 8)}`;
const agent = (tenantId: string): Principal => ({ kind: 'user', id: '00000000-0000-4000-8000-000000000001', role: 'agent', tenantId });

async function createTenant(label: string, rutBody: number): Promise<string> {
  return t.db.platform(PLATFORM, async (tx) => {
    const r = await sql<{ id: string }>`select create_tenant_minimal(${`Empresa ${label} SpA`}, ${`c-${label}@example.cl`}, ${rutFromBody(rutBody)}) as id`.execute(tx);
    return r.rows[0]!.id;
  });
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function row(tenantId: string, id: string) {
  const { rows } = await t.db.asOwner((tx) =>
    sql<{ attempts: number; verified_at: Date | null; consumed_at: Date | null; code_hash: string; salt: string; user_id: string | null }>`
      select attempts, verified_at, consumed_at, code_hash, salt, user_id from user_auth where tenant_id = ${tenantId}::uuid and id = ${id}::uuid`.execute(tx),
  );
  return rows[0]!;
}

beforeAll(async () => {
  t = await createTestDatabase();
  phones = createPhoneVerificationService({ db: t.db, clock, secret: SECRET });
  tenantA = await createTenant('a', 76_300_001);
  tenantB = await createTenant('b', 76_300_002);
  await t.db.platform(PLATFORM, async (tx) => {
    userA = (await sql<{ id: string }>`insert into users (email) values ('persona@a.cl') returning id`.execute(tx)).rows[0]!.id;
    outsider = (await sql<{ id: string }>`insert into users (email) values ('ajena@b.cl') returning id`.execute(tx)).rows[0]!.id;
    await sql`insert into memberships (tenant_id, user_id, role) values (${tenantA}::uuid, ${userA}::uuid, 'viewer'), (${tenantB}::uuid, ${outsider}::uuid, 'owner')`.execute(tx);
  });
});
afterAll(async () => {
  await t?.drop();
});

describe('phone numbers', () => {
  it('are normalized to E.164 with Chile as the default country', async () => {
    for (const input of ['9 8765 4321', '+56 9 8765 4321', '56987654321']) {
      clock.advance(61_000);
      const r = await phones.request(tenantA, { phone: input });
      expect(r.phone, input).toBe('+56987654321');
    }
    // Verifying accepts any spelling of the same number.
    const { rows } = await t.db.asOwner((tx) => sql<{ id: string }>`select id from user_auth where tenant_id = ${tenantA}::uuid and phone = '+56987654321' order by created_at desc limit 1`.execute(tx));
    expect(await phones.verify(tenantA, { phone: '9 8765 4321', code: codeFor(SECRET, rows[0]!.id) })).toEqual({ verified: true, phone: '+56987654321' });
  });

  it('answer 400 naming the field phone when not valid', async () => {
    for (const input of ['12345', 'abc', '', '+56 9 8765 432']) {
      const err = await failure(phones.request(tenantA, { phone: input }));
      expect(err.code, input).toBe('validation_failed');
      expect(err.status).toBe(400);
      expect(err.message).toMatch(/^phone: /);
      expect(err.details).toMatchObject({ issues: [{ path: 'body.phone' }] });
    }
    expect((await failure(phones.verify(tenantA, { phone: 'abc', code: '123456' }))).message).toMatch(/^phone: /);
  });
});

describe('codes', () => {
  it('verify once: the right code verifies, a second use fails', async () => {
    const phone = nextPhone();
    const r = await phones.request(tenantA, { phone, channel: 'whatsapp' }, agent(tenantA));
    expect(r).toMatchObject({ phone, channel: 'whatsapp', expires_at: new Date(clock.now().getTime() + 10 * 60_000).toISOString() });
    const code = codeFor(SECRET, r.id);
    expect(code).toMatch(/^[0-9]{6}$/);
    expect(await phones.verify(tenantA, { phone, code }, { by: agent(tenantA) })).toEqual({ verified: true, phone });
    const again = await failure(phones.verify(tenantA, { phone, code }));
    expect(again).toMatchObject({ code: 'unprocessable', details: { reason: 'no_pending_code' } });
    const stored = await row(tenantA, r.id);
    expect(stored.attempts).toBe(1);
    expect(new Date(stored.verified_at!).toISOString()).toBe(clock.now().toISOString());
    expect(stored.consumed_at).not.toBeNull();
    const events = await t.db.withTenant(tenantA, (tx) =>
      tx.selectFrom('security_events').select(['actor', 'action', 'details']).where('action', '=', 'phone.verified').orderBy('id', 'desc').limit(1).execute(),
    );
    expect(events[0]).toMatchObject({ actor: `user:${agent(tenantA).id}`, details: { verification_id: r.id, user_id: null } });
    expect(JSON.stringify(events[0]!.details)).not.toContain(phone);
  });

  it('count wrong guesses: 5 are allowed, the 6th is refused even with the right code', async () => {
    const phone = nextPhone();
    const r = await phones.request(tenantA, { phone });
    const code = codeFor(SECRET, r.id);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 0; left--) {
      const err = await failure(phones.verify(tenantA, { phone, code: wrong }));
      expect(err).toMatchObject({ code: 'unprocessable', details: { reason: 'wrong_code', attempts_left: left } });
      expect(err.status).toBe(422);
    }
    const sixth = await failure(phones.verify(tenantA, { phone, code }));
    expect(sixth).toMatchObject({ code: 'rate_limited', details: { reason: 'too_many_attempts' } });
    expect(sixth.status).toBe(429);
    expect(await row(tenantA, r.id)).toMatchObject({ attempts: 5, verified_at: null });
    // Not 6 digits: refused before the database, no attempt spent elsewhere.
    expect((await failure(phones.verify(tenantA, { phone, code: '12a456' }))).code).toBe('validation_failed');
  });

  it('spend at most 5 attempts under concurrent guesses, and verify at most once', async () => {
    const phone = nextPhone();
    const r = await phones.request(tenantA, { phone });
    const code = codeFor(SECRET, r.id);
    const wrong = code === '999999' ? '888888' : '999999';
    const guesses = await Promise.allSettled(Array.from({ length: 12 }, () => phones.verify(tenantA, { phone, code: wrong })));
    expect(guesses.every((g) => g.status === 'rejected')).toBe(true);
    expect((await row(tenantA, r.id)).attempts).toBe(5);
    expect((await failure(phones.verify(tenantA, { phone, code }))).code).toBe('rate_limited');

    clock.advance(61_000);
    const second = await phones.request(tenantA, { phone });
    const right = codeFor(SECRET, second.id);
    const tries = await Promise.allSettled(Array.from({ length: 6 }, () => phones.verify(tenantA, { phone, code: right })));
    expect(tries.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect((await row(tenantA, second.id)).attempts).toBe(1);
  });

  it('expire after 10 minutes (the service clock, not the database clock)', async () => {
    const early = nextPhone();
    const a = await phones.request(tenantA, { phone: early });
    clock.advance(10 * 60_000 - 1000);
    expect(await phones.verify(tenantA, { phone: early, code: codeFor(SECRET, a.id) })).toMatchObject({ verified: true });

    const late = nextPhone();
    const b = await phones.request(tenantA, { phone: late });
    clock.advance(10 * 60_000);
    const err = await failure(phones.verify(tenantA, { phone: late, code: codeFor(SECRET, b.id) }));
    expect(err).toMatchObject({ code: 'unprocessable', details: { reason: 'no_pending_code' } });
    expect((await row(tenantA, b.id)).attempts).toBe(0);
  });

  it('only the newest code of a phone counts', async () => {
    const phone = nextPhone();
    const first = await phones.request(tenantA, { phone });
    clock.advance(61_000);
    const second = await phones.request(tenantA, { phone });
    const firstCode = codeFor(SECRET, first.id);
    const secondCode = codeFor(SECRET, second.id);
    if (firstCode !== secondCode) {
      expect((await failure(phones.verify(tenantA, { phone, code: firstCode }))).details).toMatchObject({ reason: 'wrong_code' });
    }
    expect(await phones.verify(tenantA, { phone, code: secondCode })).toMatchObject({ verified: true });
    expect((await row(tenantA, first.id)).verified_at).toBeNull();
  });
});

describe('resend limits', () => {
  it('allow one code a minute and five an hour per phone and tenant, with retry_after_seconds', async () => {
    const phone = nextPhone();
    await phones.request(tenantA, { phone });
    const soon = await failure(phones.request(tenantA, { phone }));
    expect(soon).toMatchObject({ code: 'rate_limited', details: { retry_after_seconds: 60, limit: 'per_minute' } });
    clock.advance(30_000);
    expect((await failure(phones.request(tenantA, { phone: phone.replace('+56', '') }))).details).toMatchObject({ retry_after_seconds: 30 });
    // Another tenant has its own limits.
    await phones.request(tenantB, { phone });

    clock.advance(31_000); // 61 s after the first
    for (let i = 2; i <= 5; i++) {
      await phones.request(tenantA, { phone });
      clock.advance(61_000);
    }
    // 5 sent, the first 5 * 61 s = 305 s ago: the next one may go when it leaves the hour.
    const hourly = await failure(phones.request(tenantA, { phone }));
    expect(hourly).toMatchObject({ code: 'rate_limited', details: { limit: 'per_hour', retry_after_seconds: 3600 - 305 } });
    clock.advance((3600 - 305) * 1000 + 1000);
    await expect(phones.request(tenantA, { phone })).resolves.toMatchObject({ phone });
  });
});

describe('tenants', () => {
  it("cannot validate another tenant's code (row-level security)", async () => {
    const phone = nextPhone();
    const r = await phones.request(tenantB, { phone });
    const code = codeFor(SECRET, r.id);
    const err = await failure(phones.verify(tenantA, { phone, code }));
    expect(err).toMatchObject({ code: 'unprocessable', details: { reason: 'no_pending_code' } });
    // Even naming tenant B to the SQL function from inside tenant A's transaction finds nothing.
    const direct = await t.db.withTenant(tenantA, (tx) => sql<{ ok: boolean }>`select validate_auth_code(${code}, ${phone}, ${tenantB}::uuid, ${clock.now()}) as ok`.execute(tx));
    expect(direct.rows[0]!.ok).toBe(false);
    expect(await row(tenantB, r.id)).toMatchObject({ attempts: 0, verified_at: null });
    expect(await phones.verify(tenantB, { phone, code })).toMatchObject({ verified: true });
  });

  it('refuse a tenant that does not exist or a user who is not a member', async () => {
    expect((await failure(phones.request('00000000-0000-4000-8000-00000000dead', { phone: nextPhone() }))).code).toBe('not_found');
    expect((await failure(phones.request(tenantA, { phone: nextPhone(), userId: outsider }))).code).toBe('not_found');
    expect((await failure(phones.request(tenantA, { phone: nextPhone(), userId: 'not-a-uuid' }))).code).toBe('not_found');
  });
});

describe("a person's own phone", () => {
  it('sets users.phone and phone_verified_at through an audited platform operation', async () => {
    const phone = nextPhone();
    const person: Principal = { kind: 'user', id: userA, role: 'viewer', tenantId: tenantA };
    const r = await phones.request(tenantA, { phone, userId: userA }, person);
    expect((await row(tenantA, r.id)).user_id).toBe(userA);
    // Someone else's pending code does not count for this person.
    const other = nextPhone();
    const agents = await phones.request(tenantA, { phone: other });
    expect((await failure(phones.verify(tenantA, { phone: other, code: codeFor(SECRET, agents.id) }, { by: person, userId: userA }))).details).toMatchObject({
      reason: 'no_pending_code',
    });
    expect((await row(tenantA, agents.id)).attempts).toBe(0);

    await phones.verify(tenantA, { phone, code: codeFor(SECRET, r.id) }, { by: person, userId: userA });
    const { rows } = await t.db.asOwner((tx) => sql<{ phone: string; phone_verified_at: Date }>`select phone, phone_verified_at from users where id = ${userA}::uuid`.execute(tx));
    expect(rows[0]!.phone).toBe(phone);
    expect(new Date(rows[0]!.phone_verified_at).toISOString()).toBe(clock.now().toISOString());
    const audit = await t.db.asOwner((tx) =>
      sql<{ actor: string; target_tenant: string; details: Record<string, unknown> }>`
        select actor, target_tenant, details from platform_audit where operation = 'identity.phone_verified' order by id desc limit 1`.execute(tx),
    );
    expect(audit.rows[0]).toMatchObject({ actor: `user:${userA}`, target_tenant: tenantA, details: { user_id: userA, verification_id: r.id } });
  });
});

describe('the code in clear', () => {
  it('is in no column of user_auth and in no outbox payload; only sha256(salt || code) is stored', async () => {
    const phone = nextPhone();
    const r = await phones.request(tenantA, { phone, channel: 'sms' });
    const code = codeFor(SECRET, r.id);
    const stored = await row(tenantA, r.id);
    expect(stored.code_hash).toBe(sha256Hex(`${stored.salt}${code}`));
    const { userAuth, outbox } = await t.db.asOwner(async (tx) => ({
      userAuth: (await sql<{ j: string }>`select row_to_json(u)::text as j from user_auth u where u.id = ${r.id}::uuid`.execute(tx)).rows.map((x) => x.j),
      outbox: (await sql<{ j: string; payload: Record<string, unknown> }>`select row_to_json(o)::text as j, payload from outbox o where o.topic = 'phone_code.requested' and o.payload->>'verification_id' = ${r.id}`.execute(tx)).rows,
    }));
    expect(userAuth).toHaveLength(1);
    expect(userAuth[0]).not.toContain(code);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.j).not.toContain(code);
    expect(outbox[0]!.payload).toEqual({ tenant_id: tenantA, verification_id: r.id, phone, channel: 'sms', expires_at: r.expires_at });
  });

  it('is sent by the outbox handler, recomputed from the id', async () => {
    const phone = nextPhone();
    const r = await phones.request(tenantA, { phone, channel: 'whatsapp' });
    const sent: Message[] = [];
    const relay = createOutboxRelay({ db: t.db, clock });
    relay.subscribe({ name: 'test.phone_code', topics: ['phone_code.requested'], handler: phoneCodeHandler({ notifier: { send: async (m) => void sent.push(m) }, secret: SECRET, clock }) });
    while ((await relay.relayOnce()) > 0);
    const mine = sent.filter((m) => m.to === phone);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ channel: 'whatsapp', kind: 'phone_code', text: `Su código SmarterOS es ${codeFor(SECRET, r.id)}. Vence en 10 minutos.` });
  });
});
