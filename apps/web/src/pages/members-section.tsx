import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, data } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n.tsx';
import { useConfirm } from '../confirm.tsx';
import { TENANT_ROLES, type InvitationOutput, type MemberOutput, type TenantRole } from '../api/models.ts';
import { invalidate, invitationsQuery, keys, membersQuery, optimistic } from '../queries.ts';
import { ErrorMessage, Field, issuesByField, Loading, roleLabel } from '../ui.tsx';

type Channel = 'email' | 'phone';
type Notice = { text?: string | null; error?: unknown };

/** Members of a tenant, and the invitations its owners and admins send (and may revoke while pending). */
export function MembersSection({ tenantId }: { tenantId: string }) {
  const { t, locale } = useI18n();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const params = { path: { id: tenantId } };
  const membersList = useQuery(membersQuery(tenantId));
  const invitationsList = useQuery(invitationsQuery(tenantId));
  const members = membersList.data ?? null;
  const invitations = invitationsList.data ?? null;
  const loadError = membersList.error ?? invitationsList.error;
  const [channel, setChannel] = useState<Channel>('email');
  const [contact, setContact] = useState('');
  const [role, setRole] = useState<TenantRole>('viewer');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<string | null>(null);
  const [memberNotice, setMemberNotice] = useState<Notice | null>(null);
  /** Roles picked but not saved yet, by user: a role changes on "Guardar", so arrowing through the list changes nothing. */
  const [drafts, setDrafts] = useState<Record<string, TenantRole>>({});

  // What changes people also writes the security log.
  const settled = (...changed: QueryKey[]) => invalidate(queryClient, ...changed, keys.securityEvents(tenantId));

  const inviteMutation = useMutation({
    mutationFn: (body: { email?: string; phone?: string; role: TenantRole }) => data(api.POST('/api/v1/tenants/{id}/invitations', { params, body })),
    onSettled: () => settled(keys.invitations(tenantId)),
  });
  const revokeInvitation = useMutation({
    mutationFn: (inv: InvitationOutput) => data(api.DELETE('/api/v1/tenants/{id}/invitations/{invitation_id}', { params: { path: { id: tenantId, invitation_id: inv.id } } })),
    onSettled: () => settled(keys.invitations(tenantId)),
  });
  // A new role shows at once; refused, the old one comes back with the reason.
  const roleMutation = useMutation({
    mutationFn: ({ m, next }: { m: MemberOutput; next: TenantRole }) =>
      data(api.PATCH('/api/v1/tenants/{id}/members/{user_id}', { params: { path: { id: tenantId, user_id: m.user_id } }, body: { role: next } })),
    onMutate: async ({ m, next }) => {
      setMemberNotice(null);
      setDrafts(({ [m.user_id]: _done, ...rest }) => rest);
      return { rollback: await optimistic<MemberOutput[]>(queryClient, keys.members(tenantId), (list) => list.map((x) => (x.user_id === m.user_id ? { ...x, role: next } : x))) };
    },
    onSuccess: (_out, { m, next }) => setMemberNotice({ text: t('members.roleChanged', { who: m.display_name ?? m.email, role: roleLabel(t, next) }) }),
    onError: (error, _vars, context) => {
      context?.rollback();
      setMemberNotice({ error });
    },
    onSettled: () => settled(keys.members(tenantId)),
  });
  const removeMutation = useMutation({
    mutationFn: (m: MemberOutput) => data(api.DELETE('/api/v1/tenants/{id}/members/{user_id}', { params: { path: { id: tenantId, user_id: m.user_id } } })),
    onMutate: () => setMemberNotice(null),
    // The message comes with the list as it now is.
    onSettled: async (_out, error, m) => {
      await settled(keys.members(tenantId));
      setMemberNotice(error ? { error } : { text: t('members.removed', { who: m.display_name ?? m.email }) });
    },
  });
  const failure = inviteMutation.error ?? revokeInvitation.error;

  function invite(event: FormEvent) {
    event.preventDefault();
    const value = contact.trim();
    const local: Record<string, string> = {};
    if (channel === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) local.contact = t('form.emailInvalid');
    if (channel === 'phone' && value.replace(/\D/g, '').length < 8) local.contact = t('form.phoneInvalid');
    setFieldErrors(local);
    setSent(null);
    inviteMutation.reset();
    revokeInvitation.reset();
    if (Object.keys(local).length > 0) {
      document.getElementById('invite-contact')?.focus();
      return;
    }
    // Inviting an address again revokes its older pending invitation (the server keeps only the newest link).
    const digits = (s: string) => s.replace(/\D/g, '').slice(-8);
    const replaces = (invitations ?? []).some(
      (i) => i.state === 'pending' && (channel === 'email' ? i.email?.toLowerCase() === value.toLowerCase() : i.phone !== null && digits(i.phone) === digits(value)),
    );
    inviteMutation.mutate(
      { [channel]: value, role },
      {
        onSuccess: () => {
          setContact('');
          setSent(replaces ? t('members.superseded', { to: value }) : t('members.sent', { to: value }));
        },
        onError: (err) => {
          const issues = issuesByField(err);
          if (issues.email || issues.phone) setFieldErrors({ contact: channel === 'email' ? t('form.emailInvalid') : t('form.phoneInvalid') });
          else if (issues.role || (err instanceof ApiError && err.status === 403)) setFieldErrors({ role: t('members.roleTooHigh') });
          else return;
          inviteMutation.reset();
        },
      },
    );
  }

  async function revoke(inv: InvitationOutput) {
    if (!(await confirm({ message: t('members.revokeConfirm', { to: inv.email ?? inv.phone ?? '' }), destructive: true }))) return;
    inviteMutation.reset();
    revokeInvitation.mutate(inv);
  }

  /** The API's refusals in words a person can act on: the last owner stays, and a role may only manage lower roles. */
  function memberErrorText(err: unknown): string | null {
    if (err instanceof ApiError && err.status === 409) return t('members.lastOwner');
    if (err instanceof ApiError && err.status === 403) return t('members.forbidden');
    return null;
  }

  async function remove(m: MemberOutput) {
    const who = m.display_name ?? m.email;
    if (!(await confirm({ message: t('members.removeConfirm', { who }), destructive: true }))) return;
    removeMutation.mutate(m);
  }

  const memberError = memberNotice?.error ?? null;
  const busy = inviteMutation.isPending;
  const pending = invitations?.filter((i) => i.state === 'pending') ?? [];
  return (
    <section aria-labelledby="members-title" className="card">
      <h2 id="members-title">{t('members.title')}</h2>
      {loadError !== null ? (
        <ErrorMessage error={loadError} onRetry={() => void Promise.all([membersList.refetch(), invitationsList.refetch()])} />
      ) : !members ? (
        <Loading label={t('members.loading')} />
      ) : (
        <ul className="plain-list" data-testid="members">
          {members.map((m) => {
            const who = m.display_name ?? m.email;
            const selectId = `member-role-${m.user_id}`;
            return (
              <li key={m.user_id}>
                <strong>{who}</strong> {m.display_name && <span className="muted">{m.email}</span>}{' '}
                <span className="member-actions">
                  <label htmlFor={selectId} className="visually-hidden">
                    {t('members.roleOf', { who })}
                  </label>
                  <select id={selectId} value={drafts[m.user_id] ?? m.role} onChange={(e) => setDrafts((d) => ({ ...d, [m.user_id]: e.target.value as TenantRole }))}>
                    {(TENANT_ROLES as readonly string[]).includes(m.role) ? null : <option value={m.role}>{roleLabel(t, m.role)}</option>}
                    {TENANT_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {roleLabel(t, r)}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="button secondary"
                    disabled={(drafts[m.user_id] ?? m.role) === m.role}
                    onClick={() => {
                      const next = drafts[m.user_id];
                      if (next) roleMutation.mutate({ m, next });
                    }}
                    aria-label={t('members.saveRoleLabel', { who })}
                  >
                    {t('members.saveRole')}
                  </button>
                  <button type="button" className="button secondary" onClick={() => void remove(m)} aria-label={t('members.removeLabel', { who })}>
                    {t('members.remove')}
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {memberError !== null &&
        (memberErrorText(memberError) ? (
          <p className="alert alert-error" role="alert" data-testid="member-error">
            {memberErrorText(memberError)}
          </p>
        ) : (
          <ErrorMessage error={memberError} />
        ))}
      {memberNotice?.text && (
        <p className="alert alert-info" role="status">
          {memberNotice.text}
        </p>
      )}

      <h3 id="invite-title">{t('members.invite')}</h3>
      {failure !== null && <ErrorMessage error={failure} />}
      {sent && (
        <p className="alert alert-info" role="status">
          {sent}
        </p>
      )}
      <form className="form" onSubmit={invite} noValidate aria-labelledby="invite-title">
        <fieldset className="field">
          <legend>{t('members.channel')}</legend>
          <div className="checks">
            {(['email', 'phone'] as const).map((c) => (
              <label key={c} className="check">
                <input type="radio" name="invite-channel" value={c} checked={channel === c} onChange={() => setChannel(c)} />
                {t(c === 'email' ? 'members.byEmail' : 'members.byPhone')}
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          id="invite-contact"
          label={channel === 'email' ? t('members.email') : t('members.phone')}
          type={channel === 'email' ? 'email' : 'tel'}
          autoComplete="off"
          required
          value={contact}
          onChange={setContact}
          hint={channel === 'phone' ? t('members.phoneHint') : undefined}
          error={fieldErrors.contact}
        />
        <div className={`field${fieldErrors.role ? ' has-error' : ''}`}>
          <label htmlFor="invite-role">{t('members.role')}</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as TenantRole)} aria-invalid={fieldErrors.role ? true : undefined} aria-describedby={fieldErrors.role ? 'invite-role-error' : undefined}>
            {TENANT_ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(t, r)}
              </option>
            ))}
          </select>
          {fieldErrors.role && (
            <p id="invite-role-error" className="field-error" role="alert">
              {fieldErrors.role}
            </p>
          )}
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('members.sending') : t('members.send')}
        </button>
      </form>

      <h3>{t('members.pending')}</h3>
      {pending.length === 0 ? (
        <p className="empty">{t('members.noPending')}</p>
      ) : (
        <ul className="plain-list" data-testid="invitations">
          {pending.map((inv) => {
            const to = inv.email ?? inv.phone ?? '';
            return (
              <li key={inv.id}>
                <strong>{to}</strong> <span className="badge">{roleLabel(t, inv.role)}</span>{' '}
                <span className="muted">{t('members.expires', { date: formatDateTime(inv.expires_at, locale) })}</span>{' '}
                <button type="button" className="button secondary" onClick={() => void revoke(inv)} aria-label={t('members.revokeLabel', { to })}>
                  {t('members.revoke')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
