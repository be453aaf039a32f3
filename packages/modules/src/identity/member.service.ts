import { AppError, type Clock, type Database, type TenantRole, type Tx } from '@smarteros/kernel';
import { hashPassword } from './password.ts';
import { roleAtLeast, type Principal } from './principal.ts';

/**
 * People in tenants: one user may belong to several tenants with a role in each. Members see each other's e-mail and
 * name through row-level security on users (db/migrations/0004); adding a new person creates a global user, so that
 * step is a named, audited platform operation. Every change writes a security event of the tenant.
 */
export interface MemberOutput {
  user_id: string;
  email: string;
  display_name: string | null;
  role: TenantRole;
  joined_at: string;
  last_login_at: string | null;
}

export async function recordSecurityEvent(tx: Tx, tenantId: string, actor: string, action: string, details: Record<string, unknown> = {}): Promise<void> {
  await tx.insertInto('security_events').values({ tenant_id: tenantId, actor, action, details: JSON.stringify(details) }).execute();
}

const actorId = (p: Principal) => `${p.kind}:${p.id}`;

function assertCanGrant(actor: Principal, role: TenantRole): void {
  if (!roleAtLeast(actor.role, role)) {
    throw new AppError('forbidden', `You cannot grant a role above your own (${actor.role})`, { field: 'role' });
  }
}

/** A log page's cursor: the id of the last row shown (older rows follow). */
function decodeIdCursor(cursor: string): number {
  if (!/^\d{1,18}$/.test(cursor)) throw new AppError('validation_failed', 'cursor: not a cursor this API gave out', { issues: [{ path: 'cursor', message: 'invalid cursor' }] });
  return Number(cursor);
}

const UUID_IN = /^(?:(user|api_key|external):)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * Who a log's actor strings name, in two queries per page: `user:<id>` (and a bare user id) -> the person's name and
 * e-mail, `api_key:<id>` -> the key's name; anything else (an e-mail, 'system', 'oidc:...') stays as it is.
 * In a tenant's transaction only its members and keys are visible: a removed member shows by id.
 */
async function actorNames(tx: Tx, actors: string[], tenantId: string | null) {
  const userIds = new Set<string>();
  const keyIds = new Set<string>();
  for (const a of actors) {
    const m = UUID_IN.exec(a);
    if (!m) continue;
    if (m[1] === 'api_key') keyIds.add(m[2]!);
    else userIds.add(m[2]!);
  }
  const users = userIds.size ? await tx.selectFrom('users').select(['id', 'email', 'display_name']).where('id', 'in', [...userIds]).execute() : [];
  let keys: Array<{ id: string; name: string }> = [];
  if (keyIds.size) {
    let kq = tx.selectFrom('api_keys').select(['id', 'name']).where('id', 'in', [...keyIds]);
    if (tenantId) kq = kq.where('tenant_id', '=', tenantId);
    keys = await kq.execute();
  }
  const byUser = new Map(users.map((u) => [u.id, u]));
  const byKey = new Map(keys.map((k) => [k.id, k]));
  // People a tenant cannot see (not its members): the caller may look platform staff up outside its transaction.
  const hidden = [...userIds].filter((id) => !byUser.has(id));
  const label = (actor: string, staff: ReadonlyMap<string, { display_name: string | null }> = new Map()): { actor_kind: string; actor_name: string | null; actor_email: string | null } => {
    const m = UUID_IN.exec(actor);
    if (!m) return { actor_kind: actor.includes('@') ? 'user' : (actor.split(':')[0] ?? 'system'), actor_name: null, actor_email: actor.includes('@') ? actor : null };
    if (m[1] === 'api_key') return { actor_kind: 'api_key', actor_name: byKey.get(m[2]!)?.name ?? null, actor_email: null };
    const u = byUser.get(m[2]!);
    const s = staff.get(m[2]!);
    if (!u && s) return { actor_kind: 'platform_admin', actor_name: s.display_name ?? 'SmarterOS', actor_email: null };
    return { actor_kind: m[1] ?? 'user', actor_name: u?.display_name ?? u?.email ?? null, actor_email: u?.email ?? null };
  };
  return { hidden, label };
}

export function createMemberService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  /** Platform admins among these user ids (read outside the tenant's scope, where they are not visible). */
  const platformStaff = (ids: string[]) =>
    db.platform({ name: 'identity.staff_names', actor: 'system', audit: false, readOnly: true }, (ptx) =>
      ptx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).where('is_platform_admin', '=', true).execute(),
    );

  async function listIn(tx: Tx, tenantId: string): Promise<MemberOutput[]> {
    const rows = await tx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'u.email', 'u.display_name', 'm.role', 'm.created_at', 'u.last_login_at'])
      .where('m.tenant_id', '=', tenantId)
      .orderBy('m.created_at')
      .execute();
    return rows.map((r) => ({
      user_id: r.user_id,
      email: r.email,
      display_name: r.display_name,
      role: r.role,
      joined_at: new Date(r.created_at).toISOString(),
      last_login_at: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
    }));
  }

  return {
    /** Name and e-mail of who is calling: a person's (users), an API key's name; null for what has none. */
    async profile(p: Principal): Promise<{ name: string | null; email: string | null }> {
      if (p.kind === 'api_key') {
        if (!p.tenantId) return { name: null, email: null };
        const key = await db.withTenant(p.tenantId, (tx) => tx.selectFrom('api_keys').select('name').where('tenant_id', '=', p.tenantId!).where('id', '=', p.id).executeTakeFirst());
        return { name: key?.name ?? null, email: null };
      }
      const user = await db.platform({ name: 'identity.profile', actor: `${p.kind}:${p.id}`, audit: false, readOnly: true }, (tx) =>
        tx.selectFrom('users').select(['email', 'display_name']).where('id', '=', p.id).executeTakeFirst(),
      );
      return { name: user?.display_name ?? null, email: user?.email ?? null };
    },

    list(tenantId: string): Promise<MemberOutput[]> {
      return db.withTenant(tenantId, (tx) => listIn(tx, tenantId));
    },

    /**
     * Adds a person by e-mail: an existing user joins with the role; a new one is created with the given password.
     * (Invitations, where the person sets their own password, build on this.)
     */
    async add(actor: Principal, tenantId: string, input: { email: string; role: TenantRole; display_name?: string | undefined; password?: string | undefined }): Promise<MemberOutput> {
      assertCanGrant(actor, input.role);
      const passwordHash = input.password ? await hashPassword(input.password) : undefined;
      const userId = await db.platform({ name: 'identity.member_add', actor: actorId(actor), targetTenant: tenantId, details: { email: input.email, role: input.role } }, async (tx) => {
        const tenant = await tx.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
        if (!tenant) throw new AppError('not_found', 'Tenant not found');
        let user = await tx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
        if (!user) {
          if (!passwordHash) {
            throw new AppError('validation_failed', 'password: required for a person who has no account yet', { issues: [{ path: 'body.password', message: 'required for a new user' }] });
          }
          user = await tx
            .insertInto('users')
            .values({ email: input.email, password_hash: passwordHash, display_name: input.display_name ?? null, is_platform_admin: false })
            .returning('id')
            .executeTakeFirstOrThrow();
        }
        await tx.insertInto('memberships').values({ tenant_id: tenantId, user_id: user.id, role: input.role, created_at: clock.now() }).execute();
        await recordSecurityEvent(tx, tenantId, actorId(actor), 'member.added', { user_id: user.id, email: input.email, role: input.role });
        return user.id;
      });
      const members = await db.withTenant(tenantId, (tx) => listIn(tx, tenantId));
      return members.find((m) => m.user_id === userId)!;
    },

    /** Changes a member's role (never above the actor's own; the last owner stays an owner). */
    changeRole(actor: Principal, tenantId: string, userId: string, role: TenantRole): Promise<MemberOutput> {
      assertCanGrant(actor, role);
      return db.withTenant(tenantId, async (tx) => {
        const current = await tx.selectFrom('memberships').select('role').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
        if (!current) throw new AppError('not_found', 'Member not found');
        assertCanGrant(actor, current.role);
        await tx.updateTable('memberships').set({ role }).where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
        await recordSecurityEvent(tx, tenantId, actorId(actor), 'member.role_changed', { user_id: userId, from: current.role, to: role });
        return (await listIn(tx, tenantId)).find((m) => m.user_id === userId)!;
      });
    },

    /** Removes a member; their sessions in this tenant end at their next refresh (it re-reads the membership). */
    remove(actor: Principal, tenantId: string, userId: string): Promise<void> {
      return db.withTenant(tenantId, async (tx) => {
        const current = await tx.selectFrom('memberships').select('role').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
        if (!current) throw new AppError('not_found', 'Member not found');
        assertCanGrant(actor, current.role);
        // Read while the membership still makes the person visible to this tenant.
        const person = await tx.selectFrom('users').select(['email', 'display_name']).where('id', '=', userId).executeTakeFirst();
        await tx.deleteFrom('memberships').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
        await recordSecurityEvent(tx, tenantId, actorId(actor), 'member.removed', { user_id: userId, email: person?.email ?? null, name: person?.display_name ?? null, role: current.role });
      });
    },

    /** The tenants a user belongs to, for the tenant switcher. */
    myTenants(userId: string) {
      return db.platform({ name: 'identity.my_tenants', actor: `user:${userId}`, audit: false, readOnly: true }, async (tx) => {
        const rows = await tx
          .selectFrom('memberships as m')
          .innerJoin('tenants as t', 't.id', 'm.tenant_id')
          .select(['m.tenant_id', 'm.role', 't.business_name', 't.rut', 't.status'])
          .where('m.user_id', '=', userId)
          .orderBy('m.created_at')
          .execute();
        return rows.map((r) => ({ tenant_id: r.tenant_id, role: r.role, business_name: r.business_name, rut: r.rut, status: r.status }));
      });
    },

    /** The tenant's security log, newest first (owners and platform admins). */
    securityEvents(tenantId: string, query: { limit: number; before?: number | undefined; cursor?: string | undefined; action?: string | undefined }) {
      return db
        .withTenant(tenantId, async (tx) => {
          const before = query.cursor !== undefined ? decodeIdCursor(query.cursor) : query.before;
          let q = tx.selectFrom('security_events').select(['id', 'occurred_at', 'actor', 'action', 'details']).where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(query.limit + 1);
          if (before !== undefined) q = q.where('id', '<', before);
          if (query.action) q = q.where('action', '=', query.action);
          const found = await q.execute();
          const rows = found.slice(0, query.limit);
          return { rows, more: found.length > query.limit, names: await actorNames(tx, rows.map((r) => r.actor), tenantId) };
        })
        .then(async ({ rows, more, names }) => {
          // Platform staff who acted here are not members: named (never by e-mail) from outside the tenant's scope.
          const staff = new Map(names.hidden.length ? (await platformStaff(names.hidden)).map((u) => [u.id, u]) : []);
          return {
            items: rows.map((r) => ({ ...r, occurred_at: new Date(r.occurred_at).toISOString(), ...names.label(r.actor, staff) })),
            next_cursor: more ? String(rows.at(-1)!.id) : null,
          };
        });
    },

    /** The platform audit, newest first (platform admins). Reading it is itself audited. */
    platformAudit(actor: Principal, query: { limit: number; before?: number | undefined; cursor?: string | undefined; operation?: string | undefined }) {
      return db.platform({ name: 'platform.audit_read', actor: actorId(actor), readOnly: true }, async (tx) => {
        const before = query.cursor !== undefined ? decodeIdCursor(query.cursor) : query.before;
        let q = tx.selectFrom('platform_audit').select(['id', 'operation', 'actor', 'target_tenant', 'details', 'created_at']).orderBy('id', 'desc').limit(query.limit + 1);
        if (before !== undefined) q = q.where('id', '<', before);
        if (query.operation) q = q.where('operation', '=', query.operation);
        const found = await q.execute();
        const rows = found.slice(0, query.limit);
        const names = await actorNames(tx, rows.map((r) => r.actor), null);
        return {
          items: rows.map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString(), ...names.label(r.actor) })),
          next_cursor: found.length > query.limit ? String(rows.at(-1)!.id) : null,
        };
      });
    },
  };
}

export type MemberService = ReturnType<typeof createMemberService>;
