import { randomBytes, randomUUID } from 'node:crypto';
import { AppError, deriveKey, emitEvent, hmacBase64url, isUuid, sha256Hex, systemClock, type Clock, type Database, type OutboxEvent, type Tx } from '@smarteros/kernel';
import { sql } from 'kysely';
import { maskAddress, type Notifier } from '../notify/index.ts';
import { phoneCodeRequested } from './identity.events.ts';
import { recordSecurityEvent } from './member.service.ts';
import { normalizePhone } from './phone-number.ts';
import type { Principal } from './principal.ts';

/**
 * Phone verification (the seed's `user_auth` and `validate_auth_code`, db/migrations/0005). A 6-digit code goes to a
 * phone by SMS or WhatsApp and is checked in the database:
 *  - the code is never stored, not even in the outbox: it is an HMAC of the row id under a key derived from the server
 *    secret, recomputed by the outbox handler that sends it (phoneCodeHandler); the row keeps sha256(salt || code);
 *  - a code lives 10 minutes, allows 5 guesses (counted in the same UPDATE that checks it) and verifies once;
 *  - sends per phone and tenant: at most 1 a minute and 5 an hour, counted from the table;
 *  - a code requested for a person (userId) sets users.phone and users.phone_verified_at when it is verified, through
 *    the named, audited platform operation identity.phone_verified (users is global).
 */
export type PhoneChannel = 'sms' | 'whatsapp';
export type PhonePurpose = 'verify_phone' | 'login';

export const PHONE_CODE_TTL_MS = 10 * 60_000;
export const PHONE_CODE_MAX_ATTEMPTS = 5;
export const PHONE_RESEND_INTERVAL_MS = 60_000;
export const PHONE_MAX_SENDS_PER_HOUR = 5;
export const PHONE_CODE_TOPIC = phoneCodeRequested.name;

const HOUR_MS = 3_600_000;
const CODE_RE = /^[0-9]{6}$/;

/** The 6-digit code of a verification: HMAC-SHA256 of its id under the 'phone-code' key, as a number mod 10^6. */
export function codeFor(secret: string, verificationId: string): string {
  const mac = Buffer.from(hmacBase64url(deriveKey(secret, 'phone-code'), verificationId), 'base64url');
  // 64 bits mod 10^6: the bias (2^64 mod 10^6 out of 2^64) is far below one in a billion.
  return (mac.readBigUInt64BE(0) % 1_000_000n).toString().padStart(6, '0');
}

export const phoneCodeMessage = (code: string): string => `Su código SmarterOS es ${code}. Vence en 10 minutos.`;

export interface PhoneVerificationRequested {
  id: string;
  phone: string;
  channel: PhoneChannel;
  expires_at: string;
}

export interface PhoneCodeRequestedPayload {
  tenant_id: string;
  verification_id: string;
  phone: string;
  channel: PhoneChannel;
  expires_at: string;
}

const actorOf = (p: Principal | undefined): string => (p ? `${p.kind}:${p.id}` : 'system');

type VerifyOutcome =
  | { kind: 'verified'; id: string; userId: string | null }
  | { kind: 'none' }
  | { kind: 'exhausted' }
  | { kind: 'wrong'; attemptsLeft: number };

export function createPhoneVerificationService(deps: { db: Database; clock: Clock; secret: string }) {
  const { db, clock, secret } = deps;

  /** The newest live (unverified, unconsumed, unexpired) code of a phone in the tenant. */
  async function newestLive(tx: Tx, tenantId: string, phone: string, now: Date) {
    const { rows } = await sql<{ id: string; user_id: string | null; attempts: number }>`
      select id, user_id, attempts from user_auth
       where tenant_id = ${tenantId}::uuid and phone = ${phone}
         and verified_at is null and consumed_at is null and expires_at > ${now}
       order by created_at desc, id desc limit 1`.execute(tx);
    return rows[0];
  }

  return {
    /**
     * Sends a code to a phone: writes the user_auth row and the `phone_code.requested` event in one transaction (the
     * relay's phoneCodeHandler sends the message). With userId, the code is for that member's own phone.
     */
    async request(
      tenantId: string,
      input: { phone: string; channel?: PhoneChannel | undefined; userId?: string | undefined; purpose?: PhonePurpose | undefined },
      by?: Principal,
    ): Promise<PhoneVerificationRequested> {
      const phone = normalizePhone(input.phone);
      const channel = input.channel ?? 'sms';
      const purpose = input.purpose ?? 'verify_phone';
      const userId = input.userId ?? null;
      if (userId !== null && !isUuid(userId)) throw new AppError('not_found', 'Member not found');
      const id = randomUUID();
      const salt = randomBytes(16).toString('hex');
      const codeHash = sha256Hex(`${salt}${codeFor(secret, id)}`);
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + PHONE_CODE_TTL_MS);
      await db.withTenant(tenantId, async (tx) => {
        const tenant = await tx.selectFrom('tenants').select('status').where('id', '=', tenantId).executeTakeFirst();
        if (!tenant) throw new AppError('not_found', 'Tenant not found');
        if (tenant.status === 'suspended' || tenant.status === 'cancelled') {
          throw new AppError('tenant_not_operational', 'The tenant is not in a state that allows this (suspended or cancelled)', { tenant_status: tenant.status });
        }
        if (userId !== null) {
          const member = await tx.selectFrom('memberships').select('user_id').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
          if (!member) throw new AppError('not_found', 'Member not found');
        }
        // One request at a time per phone and tenant, so two concurrent requests cannot both pass the limits.
        await sql`select pg_advisory_xact_lock(hashtextextended(${`user_auth:${tenantId}:${phone}`}, 0))`.execute(tx);
        const { rows } = await sql<{ sent: number; last: Date | null; oldest: Date | null }>`
          select count(*)::int as sent, max(created_at) as last, min(created_at) as oldest from user_auth
           where tenant_id = ${tenantId}::uuid and phone = ${phone} and created_at > ${new Date(now.getTime() - HOUR_MS)}`.execute(tx);
        const window = rows[0]!;
        const retryAfter = (at: Date | string) => Math.max(1, Math.ceil((new Date(at).getTime() - now.getTime()) / 1000));
        if (window.last && now.getTime() - new Date(window.last).getTime() < PHONE_RESEND_INTERVAL_MS) {
          const seconds = retryAfter(new Date(new Date(window.last).getTime() + PHONE_RESEND_INTERVAL_MS));
          throw new AppError('rate_limited', `A code was just sent to this phone; try again in ${seconds} s`, { retry_after_seconds: seconds, limit: 'per_minute' });
        }
        if (window.sent >= PHONE_MAX_SENDS_PER_HOUR && window.oldest) {
          const seconds = retryAfter(new Date(new Date(window.oldest).getTime() + HOUR_MS));
          throw new AppError('rate_limited', `Too many codes sent to this phone in the last hour; try again in ${seconds} s`, { retry_after_seconds: seconds, limit: 'per_hour' });
        }
        await sql`
          insert into user_auth (tenant_id, id, phone, user_id, purpose, channel, code_hash, salt, requested_by, created_at, expires_at)
          values (${tenantId}::uuid, ${id}::uuid, ${phone}, ${userId}::uuid, ${purpose}, ${channel}, ${codeHash}, ${salt}, ${actorOf(by)}, ${now}, ${expiresAt})`.execute(tx);
        const payload: PhoneCodeRequestedPayload = { tenant_id: tenantId, verification_id: id, phone, channel, expires_at: expiresAt.toISOString() };
        await emitEvent(tx, tenantId, phoneCodeRequested, payload);
      });
      return { id, phone, channel, expires_at: expiresAt.toISOString() };
    },

    /**
     * Checks a code (validate_auth_code, under the tenant's row-level security). A wrong code is 'unprocessable' with
     * the attempts left; once 5 are spent the code is refused with 'rate_limited' (request a new one). With userId
     * (a person verifying their own phone) only a code requested for that person counts.
     */
    async verify(tenantId: string, input: { phone: string; code: string }, options: { by?: Principal; userId?: string } = {}): Promise<{ verified: true; phone: string }> {
      const phone = normalizePhone(input.phone);
      const code = input.code.replace(/\s+/g, '');
      if (!CODE_RE.test(code)) {
        throw new AppError('validation_failed', 'code: must be the 6 digits of the message', { field: 'code', issues: [{ path: 'body.code', message: 'must be 6 digits' }] });
      }
      const now = clock.now();
      const actor = actorOf(options.by);
      // The transaction returns the outcome instead of throwing, so a wrong guess still commits its attempt.
      const outcome = await db.withTenant(tenantId, async (tx): Promise<VerifyOutcome> => {
        const live = await newestLive(tx, tenantId, phone, now);
        if (!live || (options.userId !== undefined && live.user_id !== options.userId)) return { kind: 'none' };
        if (live.attempts >= PHONE_CODE_MAX_ATTEMPTS) return { kind: 'exhausted' };
        const { rows } = await sql<{ ok: boolean }>`select validate_auth_code(${code}, ${phone}, ${tenantId}::uuid, ${now}) as ok`.execute(tx);
        if (!rows[0]?.ok) {
          const after = await sql<{ attempts: number }>`select attempts from user_auth where tenant_id = ${tenantId}::uuid and id = ${live.id}::uuid`.execute(tx);
          const attempts = after.rows[0]?.attempts ?? PHONE_CODE_MAX_ATTEMPTS;
          return { kind: 'wrong', attemptsLeft: Math.max(0, PHONE_CODE_MAX_ATTEMPTS - attempts) };
        }
        const used = await sql<{ id: string; user_id: string | null }>`
          update user_auth set consumed_at = ${now}
           where tenant_id = ${tenantId}::uuid and phone = ${phone} and verified_at = ${now} and consumed_at is null
          returning id, user_id`.execute(tx);
        const row = used.rows[0];
        if (!row) throw new AppError('internal', 'The verified code could not be applied');
        await recordSecurityEvent(tx, tenantId, actor, 'phone.verified', { verification_id: row.id, phone: maskAddress(phone), user_id: row.user_id });
        return { kind: 'verified', id: row.id, userId: row.user_id };
      });
      switch (outcome.kind) {
        case 'none':
          throw new AppError('unprocessable', 'No code is pending for this phone (it expired or was already used); request a new one', { field: 'code', reason: 'no_pending_code' });
        case 'exhausted':
          throw new AppError('rate_limited', 'Too many wrong codes; request a new code', { field: 'code', reason: 'too_many_attempts' });
        case 'wrong':
          throw new AppError('unprocessable', 'The code is not correct', { field: 'code', reason: 'wrong_code', attempts_left: outcome.attemptsLeft });
        case 'verified':
          break;
      }
      if (outcome.userId) {
        const userId = outcome.userId;
        await db.platform({ name: 'identity.phone_verified', actor, targetTenant: tenantId, details: { user_id: userId, verification_id: outcome.id } }, (tx) =>
          sql`update users set phone = ${phone}, phone_verified_at = ${now}
               where id = ${userId}::uuid
                 and exists (select 1 from memberships m where m.tenant_id = ${tenantId}::uuid and m.user_id = users.id)`.execute(tx),
        );
      }
      return { verified: true, phone };
    },
  };
}

export type PhoneVerificationService = ReturnType<typeof createPhoneVerificationService>;

/**
 * Outbox handler of `phone_code.requested`: recomputes the code from the verification id and sends it by the channel
 * asked for. A code that expired before the relay got to it is not sent (the person asks for a new one).
 */
export function phoneCodeHandler(deps: { notifier: Pick<Notifier, 'send'>; secret: string; clock?: Clock }) {
  const clock = deps.clock ?? systemClock;
  return async (event: OutboxEvent): Promise<void> => {
    const p = phoneCodeRequested.parse(event.payload);
    if (new Date(p.expires_at).getTime() <= clock.now().getTime()) return;
    const code = codeFor(deps.secret, p.verification_id);
    await deps.notifier.send({ channel: p.channel === 'whatsapp' ? 'whatsapp' : 'sms', to: p.phone, subject: 'Código SmarterOS', text: phoneCodeMessage(code), kind: 'phone_code' });
  };
}
