import { AppError, deriveKey, emitEvent, hmacBase64url, isUuid, roleName, safeEqual, type Clock, type Database, type OutboxEvent, type TenantRole } from '@smarteros/kernel';
import type { Notifier } from '../notify/index.ts';
import { invitationCreated } from './identity.events.ts';
import { recordSecurityEvent } from './member.service.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { normalizePhone } from './phone-number.ts';
import { roleAtLeast, type Principal } from './principal.ts';
import type { SessionMeta, SessionService, SessionTokens } from './session.service.ts';

/**
 * Invitations. The token `inv_<tenant>_<invitation>_<mac>` is an HMAC under a key derived from the server secret:
 * nothing secret is stored, the outbox event carries only ids, and the message handler recomputes the link.
 * Accepting creates the account (or checks the existing account's password), the membership and a session, in one
 * transaction; the invitation is then used up.
 */
const TOKEN_RE = /^inv_([0-9a-f]{32})_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
const hex = (uuid: string) => uuid.replaceAll('-', '');
const uuidOf = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

export function invitationToken(secret: string, tenantId: string, invitationId: string): string {
  const key = deriveKey(secret, 'invitation');
  return `inv_${hex(tenantId)}_${hex(invitationId)}_${hmacBase64url(key, `${tenantId}:${invitationId}`)}`;
}

function parseToken(secret: string, token: string): { tenantId: string; invitationId: string } {
  const m = TOKEN_RE.exec(token.trim());
  const invalid = new AppError('not_found', 'This invitation is not valid, was already used or has expired');
  if (!m) throw invalid;
  const tenantId = uuidOf(m[1]!);
  const invitationId = uuidOf(m[2]!);
  if (!isUuid(tenantId) || !isUuid(invitationId)) throw invalid;
  if (!safeEqual(invitationToken(secret, tenantId, invitationId), token.trim())) throw invalid;
  return { tenantId, invitationId };
}

export interface InvitationOutput {
  id: string;
  email: string | null;
  phone: string | null;
  role: TenantRole;
  invited_by: string;
  created_at: string;
  expires_at: string;
  state: 'pending' | 'accepted' | 'revoked' | 'expired';
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function createInvitationService(deps: { db: Database; clock: Clock; secret: string; sessions: SessionService; ttlHours: number }) {
  const { db, clock, secret, sessions } = deps;

  function toOutput(r: { id: string; email: string | null; phone: string | null; role: TenantRole; invited_by: string; created_at: Date; expires_at: Date; accepted_at: Date | null; revoked_at: Date | null }): InvitationOutput {
    const state = r.accepted_at ? 'accepted' : r.revoked_at ? 'revoked' : new Date(r.expires_at) <= clock.now() ? 'expired' : 'pending';
    return { id: r.id, email: r.email, phone: r.phone, role: r.role, invited_by: r.invited_by, created_at: iso(r.created_at), expires_at: iso(r.expires_at), state };
  }

  async function findPending(token: string) {
    const { tenantId, invitationId } = parseToken(secret, token);
    const row = await db.platform({ name: 'identity.invitation_inspect', actor: 'invitee', audit: false, readOnly: true }, (tx) =>
      tx
        .selectFrom('invitations as i')
        .innerJoin('tenants as t', 't.id', 'i.tenant_id')
        .select(['i.tenant_id', 'i.id', 'i.email', 'i.phone', 'i.role', 'i.expires_at', 'i.accepted_at', 'i.revoked_at', 't.business_name', 't.status'])
        .where('i.tenant_id', '=', tenantId)
        .where('i.id', '=', invitationId)
        .executeTakeFirst(),
    );
    if (!row || row.accepted_at || row.revoked_at || new Date(row.expires_at) <= clock.now() || row.status === 'cancelled') {
      throw new AppError('not_found', 'This invitation is not valid, was already used or has expired');
    }
    return row;
  }

  return {
    async invite(actor: Principal, tenantId: string, input: { email?: string | undefined; phone?: string | undefined; role: TenantRole }): Promise<InvitationOutput> {
      if (!roleAtLeast(actor.role, input.role)) throw new AppError('forbidden', `You cannot invite with a role above your own (${actor.role})`, { field: 'role' });
      const phone = input.phone ? normalizePhone(input.phone) : null;
      const now = clock.now();
      return db.withTenant(tenantId, async (tx) => {
        const tenant = await tx.selectFrom('tenants').select(['business_name']).where('id', '=', tenantId).executeTakeFirst();
        if (!tenant) throw new AppError('not_found', 'Tenant not found');
        // Inviting an address again supersedes its older open invitation: only the newest link works (a unique
        // partial index makes two open invitations for one address impossible).
        const email = input.email ?? null;
        const superseded = await tx
          .updateTable('invitations')
          .set({ revoked_at: now })
          .where('tenant_id', '=', tenantId)
          .where((eb) => (email !== null && phone !== null ? eb.or([eb('email', '=', email), eb('phone', '=', phone)]) : email !== null ? eb('email', '=', email) : eb('phone', '=', phone)))
          .where('accepted_at', 'is', null)
          .where('revoked_at', 'is', null)
          .returning(['id', 'email', 'phone', 'role'])
          .execute();
        for (const old of superseded) {
          await recordSecurityEvent(tx, tenantId, `${actor.kind}:${actor.id}`, 'invitation.revoked', { invitation_id: old.id, email: old.email, phone: old.phone, role: old.role, reason: 'superseded' });
        }
        const row = await tx
          .insertInto('invitations')
          .values({ tenant_id: tenantId, email: input.email ?? null, phone, role: input.role, invited_by: `${actor.kind}:${actor.id}`, created_at: now, expires_at: new Date(now.getTime() + deps.ttlHours * 3_600_000) })
          .returningAll()
          .executeTakeFirstOrThrow();
        await emitEvent(tx, tenantId, invitationCreated, {
          tenant_id: tenantId,
          invitation_id: row.id,
          business_name: tenant.business_name,
          email: row.email,
          phone: row.phone,
          role: row.role,
          expires_at: iso(row.expires_at),
        });
        await recordSecurityEvent(tx, tenantId, `${actor.kind}:${actor.id}`, 'invitation.created', {
          invitation_id: row.id,
          email: row.email,
          phone: row.phone,
          role: row.role,
          ...(superseded.length ? { superseded: superseded.map((o) => o.id) } : {}),
        });
        return toOutput(row);
      });
    },

    list(tenantId: string): Promise<InvitationOutput[]> {
      return db.withTenant(tenantId, async (tx) =>
        (await tx.selectFrom('invitations').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute()).map(toOutput),
      );
    },

    revoke(actor: Principal, tenantId: string, invitationId: string): Promise<void> {
      if (!isUuid(invitationId)) return Promise.reject(new AppError('not_found', 'Invitation not found'));
      return db.withTenant(tenantId, async (tx) => {
        const done = await tx
          .updateTable('invitations')
          .set({ revoked_at: clock.now() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', invitationId)
          .where('accepted_at', 'is', null)
          .where('revoked_at', 'is', null)
          .returning(['email', 'phone', 'role'])
          .executeTakeFirst();
        if (!done) throw new AppError('not_found', 'Invitation not found, or already used or revoked');
        await recordSecurityEvent(tx, tenantId, `${actor.kind}:${actor.id}`, 'invitation.revoked', { invitation_id: invitationId, email: done.email, phone: done.phone, role: done.role, reason: 'revoked' });
      });
    },

    /** What an invitation is for, before accepting it (the console's accept page). */
    async inspect(token: string) {
      const row = await findPending(token);
      return { tenant_id: row.tenant_id, business_name: row.business_name, role: row.role, email: row.email, phone: row.phone, expires_at: iso(row.expires_at) };
    },

    /** Uses the invitation: an account (new, or the existing one with its password), the membership and a session. */
    async accept(token: string, input: { email?: string | undefined; password: string; display_name?: string | undefined }, meta: SessionMeta): Promise<SessionTokens> {
      const inv = await findPending(token);
      const email = inv.email ?? input.email;
      if (!email) throw new AppError('validation_failed', 'email: required to accept an invitation sent to a phone', { issues: [{ path: 'body.email', message: 'required' }] });
      const newHash = await hashPassword(input.password);
      const now = clock.now();
      const userId = await db.platform({ name: 'identity.invitation_accept', actor: email, targetTenant: inv.tenant_id, details: { invitation_id: inv.id } }, async (tx) => {
        // Lock the invitation: two accepts of one token cannot both succeed.
        const fresh = await tx.selectFrom('invitations').select(['accepted_at', 'revoked_at']).where('tenant_id', '=', inv.tenant_id).where('id', '=', inv.id).forUpdate().executeTakeFirstOrThrow();
        if (fresh.accepted_at || fresh.revoked_at) throw new AppError('not_found', 'This invitation is not valid, was already used or has expired');
        const existing = await tx.selectFrom('users').select(['id', 'password_hash']).where('email', '=', email).executeTakeFirst();
        let id: string;
        if (existing) {
          if (!(await verifyPassword(existing.password_hash, input.password))) {
            throw new AppError('unauthorized', 'This e-mail already has an account: enter its password to accept');
          }
          id = existing.id;
        } else {
          id = (await tx.insertInto('users').values({ email, password_hash: newHash, display_name: input.display_name ?? null, is_platform_admin: false }).returning('id').executeTakeFirstOrThrow()).id;
        }
        await tx.insertInto('memberships').values({ tenant_id: inv.tenant_id, user_id: id, role: inv.role, created_at: now }).execute();
        await tx.updateTable('invitations').set({ accepted_at: now, accepted_by: id }).where('tenant_id', '=', inv.tenant_id).where('id', '=', inv.id).execute();
        await recordSecurityEvent(tx, inv.tenant_id, `user:${id}`, 'invitation.accepted', { invitation_id: inv.id, role: inv.role });
        return id;
      });
      return sessions.start({ userId, role: inv.role, tenantId: inv.tenant_id, meta });
    },
  };
}

/** "2 de marzo de 2026 a las 09:00" in Chile's time, 24-hour as the console and the CLI (no "a. m." ending in a period). */
export const formatDateTimeEs = (d: Date): string =>
  new Intl.DateTimeFormat('es-CL', { dateStyle: 'long', timeStyle: 'short', hourCycle: 'h23', timeZone: 'America/Santiago' }).format(d);

/** One sentence ends with one period, whatever the inserted text ends with. */
const sentence = (text: string): string => `${text.replace(/[.\s]+$/, '')}.`;

/**
 * The invitation, in the console's register ("usted") with the role in Spanish; an English line follows in e-mails.
 * An SMS keeps to one short paragraph.
 */
export function invitationMessage(p: { businessName: string; role: string; link: string; expiresAt: Date; channel: 'email' | 'sms' }): string {
  const role = roleName(p.role, 'es');
  const expires = formatDateTimeEs(p.expiresAt);
  if (p.channel === 'sms') return `${sentence(`Recibió una invitación para unirse a ${p.businessName} en SmarterOS con el rol ${role}`)} Acepte aquí: ${p.link} (vence el ${expires})`;
  return (
    `${sentence(`Recibió una invitación para unirse a ${p.businessName} en SmarterOS con el rol ${role}`)}\n\n` +
    `Para aceptar la invitación, abra este enlace: ${p.link}\n\n` +
    `${sentence(`La invitación vence el ${expires}`)}\n\n` +
    `${sentence(`You were invited to ${p.businessName} on SmarterOS as ${roleName(p.role, 'en')}`)} Accept: ${p.link}`
  );
}

/** Outbox handler: renders and sends the invitation message (e-mail, or SMS/WhatsApp for a phone). */
export function invitationHandler(deps: { notifier: Notifier; secret: string; publicUrl: string }) {
  return async (event: OutboxEvent): Promise<void> => {
    const p = invitationCreated.parse(event.payload);
    const link = `${deps.publicUrl.replace(/\/+$/, '')}/invitations/accept#${invitationToken(deps.secret, p.tenant_id, p.invitation_id)}`;
    const text = invitationMessage({ businessName: p.business_name, role: p.role, link, expiresAt: new Date(p.expires_at), channel: p.email ? 'email' : 'sms' });
    await deps.notifier.send({ channel: p.email ? 'email' : 'sms', to: p.email ?? p.phone!, subject: `Invitación a ${p.business_name} en SmarterOS`, text, kind: 'invitation' });
  };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
