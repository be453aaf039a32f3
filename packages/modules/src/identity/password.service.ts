import { AppError, deriveKey, emitEvent, hmacBase64url, isUuid, safeEqual, type Clock, type Database, type OutboxEvent, type Tx } from '@smarteros/kernel';
import type { Notifier } from '../notify/index.ts';
import { recordSecurityEvent } from './member.service.ts';
import { formatDateTimeEs } from './invitation.service.ts';
import { passwordResetRequested } from './identity.events.ts';
import { hashPassword, verifyPassword } from './password.ts';

/**
 * Password change and reset.
 * - Change: the current password is required; every other session of the person ends (revoke_reason password_changed).
 * - Reset: a request by e-mail always answers the same (no account enumeration); for an existing account it writes a
 *   password_resets row and an outbox event with only its id; the handler e-mails the link. The token
 *   `pwr_<id>_<mac>` is an HMAC of the id under a key derived from the server secret, so nothing secret is stored or
 *   logged. It is single use and expires (PASSWORD_RESET_TTL_MS); using it sets the password and ends every session.
 *   At most PASSWORD_RESET_MAX_PER_HOUR requests per account are acted on per hour (the others are dropped silently;
 *   the route adds a per-address limit).
 */
/** SMARTERBOT, the platform's own tenant: the outbox home of an operator's reset e-mail. */
const INFRASTRUCTURE_RUT = '99999999-9';

export const PASSWORD_RESET_TOPIC = passwordResetRequested.name;
export const PASSWORD_RESET_TTL_MS = 60 * 60_000;
export const PASSWORD_RESET_MAX_PER_HOUR = 3;

const TOKEN_RE = /^pwr_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
const hex = (uuid: string) => uuid.replaceAll('-', '');
const uuidOf = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

export function passwordResetToken(secret: string, resetId: string): string {
  return `pwr_${hex(resetId)}_${hmacBase64url(deriveKey(secret, 'password-reset'), resetId)}`;
}

function parseToken(secret: string, token: string): string {
  const invalid = new AppError('not_found', 'This reset link is not valid, was already used or has expired');
  const m = TOKEN_RE.exec(token.trim());
  if (!m) throw invalid;
  const id = uuidOf(m[1]!);
  if (!isUuid(id) || !safeEqual(passwordResetToken(secret, id), token.trim())) throw invalid;
  return id;
}

/** Security events go to every tenant the person belongs to (each tenant's log shows what touched its members). */
async function recordForMember(tx: Tx, userId: string, action: string, details: Record<string, unknown>): Promise<void> {
  const tenants = await tx.selectFrom('memberships').select('tenant_id').where('user_id', '=', userId).execute();
  for (const t of tenants) await recordSecurityEvent(tx, t.tenant_id, `user:${userId}`, action, details);
}

export function createPasswordService(deps: { db: Database; clock: Clock; secret: string }) {
  const { db, clock, secret } = deps;

  async function revokeSessions(tx: Tx, userId: string, reason: 'password_changed' | 'password_reset', keepFamily?: string): Promise<number> {
    let q = tx.updateTable('sessions').set({ revoked_at: clock.now(), revoke_reason: reason }).where('user_id', '=', userId).where('revoked_at', 'is', null);
    if (keepFamily) q = q.where('family_id', '<>', keepFamily);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  return {
    /** Changes the password of a signed-in person; ends their other sessions. Returns how many ended. */
    async change(userId: string, currentFamily: string | undefined, input: { current_password: string; new_password: string }): Promise<{ sessions_ended: number }> {
      if (input.current_password === input.new_password) {
        throw new AppError('validation_failed', 'new_password: must be different from the current password', {
          issues: [{ path: 'body.new_password', message: 'must be different from the current password' }],
        });
      }
      const user = await db.platform({ name: 'identity.password_lookup', actor: `user:${userId}`, audit: false, readOnly: true }, (tx) =>
        tx.selectFrom('users').select(['password_hash']).where('id', '=', userId).executeTakeFirst(),
      );
      if (!user || !(await verifyPassword(user.password_hash, input.current_password))) {
        throw new AppError('unauthorized', 'The current password is not correct', { field: 'current_password' });
      }
      const hash = await hashPassword(input.new_password);
      return db.platform({ name: 'identity.password_change', actor: `user:${userId}` }, async (tx) => {
        await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
        const ended = await revokeSessions(tx, userId, 'password_changed', currentFamily);
        await recordForMember(tx, userId, 'auth.password_changed', { sessions_ended: ended });
        return { sessions_ended: ended };
      });
    },

    /** A reset request: the same answer whether or not the address has an account. */
    async request(email: string, meta: { ip: string }): Promise<void> {
      const now = clock.now();
      await db.platform({ name: 'identity.password_reset_request', actor: email, audit: false }, async (tx) => {
        const user = await tx.selectFrom('users').select(['id']).where('email', '=', email).executeTakeFirst();
        if (!user) return;
        const recent = await tx
          .selectFrom('password_resets')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', user.id)
          .where('created_at', '>', new Date(now.getTime() - 3_600_000))
          .executeTakeFirstOrThrow();
        if (Number(recent.n) >= PASSWORD_RESET_MAX_PER_HOUR) return;
        const row = await tx
          .insertInto('password_resets')
          .values({ user_id: user.id, created_at: now, expires_at: new Date(now.getTime() + PASSWORD_RESET_TTL_MS), ip: meta.ip })
          .returning(['id', 'expires_at'])
          .executeTakeFirstOrThrow();
        // The outbox is per tenant: the person's first tenant, or the platform's own (SMARTERBOT) for an operator.
        const home =
          (await tx.selectFrom('memberships').select('tenant_id').where('user_id', '=', user.id).orderBy('created_at').limit(1).executeTakeFirst())?.tenant_id ??
          (await tx.selectFrom('tenants').select('id').where('rut', '=', INFRASTRUCTURE_RUT).executeTakeFirst())?.id;
        if (!home) return;
        await emitEvent(tx, home, passwordResetRequested.name, { reset_id: row.id, email, expires_at: new Date(row.expires_at).toISOString() });
        await recordForMember(tx, user.id, 'auth.password_reset_requested', { ip: meta.ip });
      });
    },

    /** Uses a reset token: sets the password and ends every session of the person. */
    async confirm(token: string, newPassword: string): Promise<void> {
      const id = parseToken(secret, token);
      const hash = await hashPassword(newPassword);
      const now = clock.now();
      await db.platform({ name: 'identity.password_reset', actor: 'reset' }, async (tx) => {
        const row = await tx.selectFrom('password_resets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!row || row.used_at || new Date(row.expires_at) <= now) {
          throw new AppError('not_found', 'This reset link is not valid, was already used or has expired');
        }
        await tx.updateTable('password_resets').set({ used_at: now }).where('id', '=', id).execute();
        // Any other open request of the person is spent too: one reset per request, the newest wins.
        await tx.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', row.user_id).where('used_at', 'is', null).execute();
        await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', row.user_id).execute();
        const ended = await revokeSessions(tx, row.user_id, 'password_reset');
        await recordForMember(tx, row.user_id, 'auth.password_reset', { sessions_ended: ended });
      });
    },
  };
}

/** Outbox handler: e-mails the reset link (recomputed from the id; it is never stored). */
export function passwordResetHandler(deps: { notifier: Notifier; secret: string; publicUrl: string }) {
  return async (event: OutboxEvent): Promise<void> => {
    const p = passwordResetRequested.parse(event.payload);
    const link = `${deps.publicUrl.replace(/\/+$/, '')}/password/reset#${passwordResetToken(deps.secret, p.reset_id)}`;
    const expires = formatDateTimeEs(new Date(p.expires_at));
    const text =
      `Recibimos una solicitud para restablecer la contraseña de su cuenta de SmarterOS.\n\n` +
      `Para elegir una contraseña nueva, abra este enlace: ${link}\n\n` +
      `El enlace sirve una sola vez y vence el ${expires}. Al usarlo se cerrarán todas sus sesiones.\n` +
      `Si usted no lo solicitó, ignore este mensaje: su contraseña no cambia.\n\n` +
      `We received a request to reset the password of your SmarterOS account. Choose a new one here: ${link}\n` +
      `The link works once. If you did not ask for it, ignore this message.`;
    await deps.notifier.send({ channel: 'email', to: p.email, subject: 'Restablecer su contraseña de SmarterOS', text, kind: 'password_reset' });
  };
}

export type PasswordService = ReturnType<typeof createPasswordService>;
