import type { Generated } from 'kysely';
import type { CreatedAt, Json, TenantRole, Timestamp } from '@smarteros/kernel';

/** Row types of the identity module's tables (people, memberships, API keys, sessions, invitations, external identities and the security log), for Kysely. Keep in step with db/migrations. */

export interface UsersTable {
  id: Generated<string>;
  email: string;
  password_hash: string | null;
  display_name: string | null;
  is_platform_admin: boolean;
  created_at: CreatedAt;
  last_login_at: Timestamp | null;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: TenantRole;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  role: TenantRole;
  key_hash: string;
  key_hint: string;
  created_by: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface SessionsTable {
  id: Generated<string>;
  family_id: string;
  user_id: string;
  acting_tenant: string | null;
  refresh_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  rotated_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoke_reason: 'logout' | 'logout_all' | 'reuse_detected' | 'membership_removed' | 'password_changed' | 'password_reset' | 'closed' | null;
  ip: string | null;
  user_agent: string | null;
}

export interface SecurityEventsTable {
  tenant_id: string;
  id: Generated<number>;
  occurred_at: CreatedAt;
  actor: string;
  action: string;
  details: Json;
}

export interface InvitationsTable {
  tenant_id: string;
  id: Generated<string>;
  email: string | null;
  phone: string | null;
  role: TenantRole;
  invited_by: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  revoked_at: Timestamp | null;
}

export interface UserIdentitiesTable {
  id: Generated<string>;
  user_id: string;
  provider: string;
  subject: string;
  email: string | null;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
}

/** A password reset request (its token is an HMAC of the id: nothing secret is stored). */
export interface PasswordResetsTable {
  id: Generated<string>;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  ip: string | null;
}

declare module '@smarteros/kernel' {
  interface DB {
    password_resets: PasswordResetsTable;
    users: UsersTable;
    memberships: MembershipsTable;
    api_keys: ApiKeysTable;
    sessions: SessionsTable;
    security_events: SecurityEventsTable;
    invitations: InvitationsTable;
    user_identities: UserIdentitiesTable;
  }
}
